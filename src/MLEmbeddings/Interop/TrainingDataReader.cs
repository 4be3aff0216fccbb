using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>
/// Reads a whole training <see cref="IDataView"/> into memory: a known-size <c>Vector&lt;Single&gt;</c> feature
/// column (dense or sparse, densified) and optionally a key-typed label column. Used by components whose
/// algorithm needs all rows at once (indexing, closed-form fits); streaming components read batches instead.
/// </summary>
internal static class TrainingDataReader
{
    private const int ChunkRows = 4096;

    /// <summary>
    /// Reads the feature column and, when <paramref name="labelColumnName"/> is given, the key label column.
    /// Rows whose label is missing (key value 0) are skipped and counted. Checks every value is finite.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type (message per <see cref="ColumnValidation"/>).</exception>
    /// <exception cref="ArgumentException">A feature value is NaN or infinite (the message names the row and slot), or no row was read.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public static TrainingRows Read(IDataView data, string featureColumnName, string? labelColumnName, ComponentHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        int dimension = ColumnValidation.RequireKnownSizeSingleVector(data.Schema, featureColumnName, nameof(data));
        DataViewSchema.Column features = data.Schema[featureColumnName];
        DataViewSchema.Column? label = null;
        int classCount = 0;
        if (labelColumnName is not null)
        {
            classCount = checked((int)ColumnValidation.RequireKey(data.Schema, labelColumnName, nameof(data)));
            label = data.Schema[labelColumnName];
        }

        var chunks = new List<float[]>();
        var classes = label is null ? null : new List<int>();
        long skipped = 0;
        int count = 0;
        using (DataViewRowCursor cursor = data.GetRowCursor(label is null ? [features] : [features, label.Value]))
        {
            ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(features);
            ValueGetter<uint>? getLabel = label is null ? null : cursor.GetGetter<uint>(label.Value);
            VBuffer<float> buffer = default;
            uint key = 0;
            float[] chunk = [];
            while (cursor.MoveNext())
            {
                if (getLabel is not null)
                {
                    getLabel(ref key);
                    if (key == 0)
                    {
                        skipped++;
                        continue;
                    }

                    classes!.Add((int)key - 1);
                }

                int slot = count % ChunkRows;
                if (slot == 0)
                {
                    host.ThrowIfCancellationRequested(cancellationToken);
                    chunk = new float[checked(ChunkRows * dimension)];
                    chunks.Add(chunk);
                }

                getFeatures(ref buffer);
                buffer.CopyTo(chunk.AsSpan(slot * dimension, dimension));
                ColumnValidation.RequireFinite(new ReadOnlyMatrixView(chunk.AsMemory(slot * dimension, dimension), 1, dimension), cursor.Position, featureColumnName, nameof(data));
                count = checked(count + 1);
            }
        }

        if (count == 0)
        {
            string reason = skipped > 0 ? $" All {skipped} rows have a missing label (key value 0)." : string.Empty;
            throw new ArgumentException($"The training data has no rows.{reason} Provide at least one row with a feature vector{(label is null ? string.Empty : " and a label")}.", nameof(data));
        }

        if (skipped > 0)
        {
            host.Warning($"Skipped {skipped} rows whose label '{labelColumnName}' is missing (key value 0).");
        }

        return new TrainingRows(Concatenate(chunks, count, dimension), count, dimension, classes?.ToArray(), classCount, skipped);
    }

    private static float[] Concatenate(List<float[]> chunks, int count, int dimension)
    {
        if (chunks.Count == 1 && count == ChunkRows)
        {
            return chunks[0];
        }

        var all = new float[checked(count * dimension)];
        for (int c = 0; c < chunks.Count; c++)
        {
            int rows = Math.Min(ChunkRows, count - (c * ChunkRows));
            chunks[c].AsSpan(0, rows * dimension).CopyTo(all.AsSpan(c * ChunkRows * dimension));
            chunks[c] = [];
        }

        return all;
    }
}
