using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>
/// Streams a known-size <c>Vector&lt;Single&gt;</c> column in batches of rows, holding one batch at a time: for
/// components that fit on data larger than memory (mini-batch NMF). Each pass over the data opens a new cursor;
/// the batch storage is allocated once and reused. Values are checked to be finite as they are read.
/// </summary>
internal sealed class FeatureBatchReader : IDisposable
{
    private readonly IDataView _data;
    private readonly DataViewSchema.Column _column;
    private readonly DenseInputBlock? _dense;
    private readonly SparseInputBlock? _sparse;
    private DataViewRowCursor? _cursor;

    /// <summary>Prepares to read <paramref name="featureColumnName"/> in batches of up to <paramref name="batchSize"/> rows, dense or sparse (CSR).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or is not a known-size <c>Vector&lt;Single&gt;</c>.</exception>
    public FeatureBatchReader(IDataView data, string featureColumnName, int batchSize, bool sparse)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Dimension = ColumnValidation.RequireKnownSizeSingleVector(data.Schema, featureColumnName, nameof(data));
        _data = data;
        _column = data.Schema[featureColumnName];
        ColumnName = featureColumnName;
        BatchSize = batchSize;
        _dense = sparse ? null : new DenseInputBlock(_column, batchSize);
        _sparse = sparse ? new SparseInputBlock(_column, batchSize) : null;
    }

    /// <summary>The column read.</summary>
    public string ColumnName { get; }

    /// <summary>Values per row.</summary>
    public int Dimension { get; }

    /// <summary>Most rows per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether batches are CSR.</summary>
    public bool IsSparse => _sparse is not null;

    /// <summary>0-based position in the current pass of the first row of the last batch read.</summary>
    public long FirstRow { get; private set; }

    /// <summary>Starts a new pass over the data at its first row.</summary>
    public void Restart()
    {
        _cursor?.Dispose();
        _cursor = _data.GetRowCursor([_column]);
        if (_dense is not null)
        {
            _dense.Bind(_cursor);
        }
        else
        {
            _sparse!.Bind(_cursor);
        }

        FirstRow = 0;
    }

    /// <summary>Reads the next batch of the current pass; returns its row count, 0 at the end of the pass.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Restart"/> was not called.</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite (the message names the row and slot).</exception>
    public int ReadBatch()
    {
        DataViewRowCursor cursor = _cursor ?? throw new InvalidOperationException("Call Restart() before reading batches.");
        int count = 0;
        long first = -1;
        while (count < BatchSize && cursor.MoveNext())
        {
            first = first < 0 ? cursor.Position : first;
            if (_dense is not null)
            {
                _dense.Read(count);
            }
            else
            {
                _sparse!.Read(count);
            }

            count++;
        }

        FirstRow = first < 0 ? FirstRow : first;
        if (_dense is not null && count > 0)
        {
            ColumnValidation.RequireFinite(_dense.View(count), FirstRow, ColumnName, "data");
        }
        else if (count > 0)
        {
            SparseRows rows = _sparse!.View(count);
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<float> values = rows.Values[rows.RowPointers[i]..rows.RowPointers[i + 1]];
                if (ColumnValidation.FirstNonFinite(values) >= 0)
                {
                    var dense = new float[Dimension];
                    ReadOnlySpan<int> indices = rows.ColumnIndices[rows.RowPointers[i]..rows.RowPointers[i + 1]];
                    for (int p = 0; p < indices.Length; p++)
                    {
                        dense[indices[p]] = values[p];
                    }

                    ColumnValidation.RequireFinite(new ReadOnlyMatrixView(dense, 1, Dimension), FirstRow + i, ColumnName, "data");
                }
            }
        }

        return count;
    }

    /// <summary>The last batch as a dense block (dense readers only).</summary>
    public ReadOnlyMatrixView Dense(int rows) => (_dense ?? throw new InvalidOperationException("This reader reads sparse batches.")).View(rows);

    /// <summary>The last batch as CSR rows (sparse readers only); valid until the next batch is read.</summary>
    public SparseRows Sparse(int rows) => (_sparse ?? throw new InvalidOperationException("This reader reads dense batches.")).View(rows);

    /// <inheritdoc/>
    public void Dispose() => _cursor?.Dispose();
}
