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

    /// <summary>Reads every row of the column as CSR, checking that each stored value is finite.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing or has the wrong type (message per <see cref="ColumnValidation"/>).</exception>
    /// <exception cref="ArgumentException">A value is NaN or infinite (the message names the row and slot), or the data has no rows.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public static CsrMatrix Read(IDataView data, string featureColumnName, ComponentHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        int dimension = ColumnValidation.RequireKnownSizeSingleVector(data.Schema, featureColumnName, nameof(data));
        DataViewSchema.Column column = data.Schema[featureColumnName];
        var pointers = new List<int> { 0 };
        var indices = new int[1024];
        var values = new float[1024];
        int stored = 0;
        using (DataViewRowCursor cursor = data.GetRowCursor([column]))
        {
            ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                if (cursor.Position % CancellationCheckRows == 0)
                {
                    host.ThrowIfCancellationRequested(cancellationToken);
                }

                getter(ref buffer);
                ReadOnlySpan<float> rowValues = buffer.GetValues();
                if (ColumnValidation.FirstNonFinite(rowValues) >= 0)
                {
                    // Densify the offending row only, so the message names the slot.
                    var dense = new float[dimension];
                    buffer.CopyTo(dense);
                    ColumnValidation.RequireFinite(new ReadOnlyMatrixView(dense, 1, dimension), cursor.Position, featureColumnName, nameof(data));
                }

                Grow(ref indices, ref values, checked(stored + rowValues.Length));
                if (buffer.IsDense)
                {
                    for (int j = 0; j < rowValues.Length; j++)
                    {
                        if (rowValues[j] != 0f)
                        {
                            indices[stored] = j;
                            values[stored++] = rowValues[j];
                        }
                    }
                }
                else
                {
                    buffer.GetIndices().CopyTo(indices.AsSpan(stored));
                    rowValues.CopyTo(values.AsSpan(stored));
                    stored += rowValues.Length;
                }

                pointers.Add(stored);
            }
        }

        if (pointers.Count == 1)
        {
            throw new ArgumentException("The training data has no rows. Provide at least one row with a feature vector.", nameof(data));
        }

        Array.Resize(ref indices, stored);
        Array.Resize(ref values, stored);
        return CsrMatrix.TakeOwnership(pointers.Count - 1, dimension, [.. pointers], indices, values);
    }

    private static void Grow(ref int[] indices, ref float[] values, int needed)
    {
        if (needed > indices.Length)
        {
            int length = (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * indices.Length));
            Array.Resize(ref indices, length);
            Array.Resize(ref values, length);
        }
    }
}
