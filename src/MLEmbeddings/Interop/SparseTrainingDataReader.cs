using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>
/// Reads a whole known-size <c>Vector&lt;Single&gt;</c> column into a <see cref="CsrMatrix"/> without densifying it, for
/// components that work on sparse data (NMF of <c>FeaturizeText</c> / <c>ProduceWordBags</c> output). Dense rows keep
/// their non-zero values. The dense counterpart is <see cref="TrainingDataReader"/>.
/// </summary>
internal static class SparseTrainingDataReader
{
    private const int CancellationCheckRows = 4096;

    /// <summary>Whether the column's first row is a sparse <see cref="VBuffer{T}"/> (false when the data has no rows).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or is not a known-size <c>Vector&lt;Single&gt;</c>.</exception>
    public static bool FirstRowIsSparse(IDataView data, string featureColumnName)
    {
        ArgumentNullException.ThrowIfNull(data);
        ColumnValidation.RequireKnownSizeSingleVector(data.Schema, featureColumnName, nameof(data));
        DataViewSchema.Column column = data.Schema[featureColumnName];
        using DataViewRowCursor cursor = data.GetRowCursor([column]);
        if (!cursor.MoveNext())
        {
            return false;
        }

        VBuffer<float> buffer = default;
        cursor.GetGetter<VBuffer<float>>(column)(ref buffer);
        return !buffer.IsDense;
    }

    /// <summary>
    /// Reads every row of the column as CSR, checking that each stored value is finite. Two passes over the data: the
    /// first checks the values and counts the rows and stored entries, the second fills arrays of exactly that size, so
    /// the only memory allocated is the CSR matrix itself.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or has the wrong type (message per <see cref="ColumnValidation"/>).</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite (the message names the row and slot), or the data has no rows.</exception>
    /// <exception cref="InvalidOperationException">The data view returned different rows on the second pass.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public static CsrMatrix Read(IDataView data, string featureColumnName, ComponentHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        int dimension = ColumnValidation.RequireKnownSizeSingleVector(data.Schema, featureColumnName, nameof(data));
        DataViewSchema.Column column = data.Schema[featureColumnName];
        int rows = 0;
        long stored = 0;
        VBuffer<float> buffer = default;
        using (var reader = new RowReader(data, column, host, cancellationToken))
        {
            while (reader.Next(ref buffer))
            {
                ReadOnlySpan<float> rowValues = buffer.GetValues();
                if (ColumnValidation.FirstNonFinite(rowValues) >= 0)
                {
                    // Densify the offending row only, so the message names the slot.
                    var dense = new float[dimension];
                    buffer.CopyTo(dense);
                    ColumnValidation.RequireFinite(new ReadOnlyMatrixView(dense, 1, dimension), reader.Position, featureColumnName, nameof(data));
                }

                stored += StoredCount(buffer);
                rows = checked(rows + 1);
            }
        }

        if (rows == 0)
        {
            throw new ArgumentException("The training data has no rows. Provide at least one row with a feature vector.", nameof(data));
        }

        var pointers = new int[rows + 1];
        var indices = new int[checked((int)stored)];
        var values = new float[indices.Length];
        int row = 0;
        int filled = 0;
        using (var reader = new RowReader(data, column, host, cancellationToken))
        {
            while (reader.Next(ref buffer))
            {
                ReadOnlySpan<float> rowValues = buffer.GetValues();
                int count = StoredCount(buffer);
                if (row == rows || filled + count > indices.Length)
                {
                    throw Changed(featureColumnName);
                }

                if (buffer.IsDense)
                {
                    for (int j = 0; j < rowValues.Length; j++)
                    {
                        if (rowValues[j] != 0f)
                        {
                            indices[filled] = j;
                            values[filled++] = rowValues[j];
                        }
                    }
                }
                else
                {
                    buffer.GetIndices().CopyTo(indices.AsSpan(filled));
                    rowValues.CopyTo(values.AsSpan(filled));
                    filled += count;
                }

                pointers[++row] = filled;
            }
        }

        if (row != rows || filled != indices.Length)
        {
            throw Changed(featureColumnName);
        }

        return CsrMatrix.TakeOwnership(rows, dimension, pointers, indices, values);
    }

    /// <summary>The entries a row adds to the CSR matrix: its non-zeros when dense, every stored value when sparse.</summary>
    private static int StoredCount(in VBuffer<float> buffer)
    {
        ReadOnlySpan<float> values = buffer.GetValues();
        return buffer.IsDense ? values.Length - values.Count(0f) : values.Length;
    }

    /// <summary>One pass over the column's rows, checking for cancellation every <see cref="CancellationCheckRows"/> rows.</summary>
    private sealed class RowReader(IDataView data, DataViewSchema.Column column, ComponentHost host, CancellationToken cancellationToken) : IDisposable
    {
        private readonly DataViewRowCursor _cursor = data.GetRowCursor([column]);
        private ValueGetter<VBuffer<float>>? _getter;

        /// <summary>The position of the current row.</summary>
        public long Position => _cursor.Position;

        /// <summary>Moves to the next row and reads it into <paramref name="buffer"/>; false after the last row.</summary>
        public bool Next(ref VBuffer<float> buffer)
        {
            if (!_cursor.MoveNext())
            {
                return false;
            }

            if (_cursor.Position % CancellationCheckRows == 0)
            {
                host.ThrowIfCancellationRequested(cancellationToken);
            }

            _getter ??= _cursor.GetGetter<VBuffer<float>>(column);
            _getter(ref buffer);
            return true;
        }

        /// <inheritdoc/>
        public void Dispose() => _cursor.Dispose();
    }

    private static InvalidOperationException Changed(string featureColumnName)
        => new($"The data view returned different rows of column '{featureColumnName}' on its second pass; NMF reads the data twice (to size the sparse matrix exactly) and needs a data view that returns the same rows each time (cache it with AppendCacheCheckpoint if it is not deterministic).");
}
