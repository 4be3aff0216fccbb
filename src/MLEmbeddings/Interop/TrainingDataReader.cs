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

        // When the data knows its row count, one block of that size is filled directly (no chunks to concatenate,
        // so the peak memory is one copy of the features).
        long? knownRows = data.GetRowCount();
        float[]? whole = knownRows is > 0 && knownRows.Value * dimension <= Array.MaxLength ? new float[knownRows.Value * dimension] : null;
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

                if (count % ChunkRows == 0)
                {
                    host.ThrowIfCancellationRequested(cancellationToken);
                }

                Memory<float> target;
                if (whole is not null && count < knownRows)
                {
                    target = whole.AsMemory(count * dimension, dimension);
                }
                else
                {
                    int slot = (count - (whole is null ? 0 : (int)knownRows!.Value)) % ChunkRows;
                    if (slot == 0)
                    {
                        chunk = new float[checked(ChunkRows * dimension)];
                        chunks.Add(chunk);
                    }

                    target = chunk.AsMemory(slot * dimension, dimension);
                }

                getFeatures(ref buffer);
                buffer.CopyTo(target.Span);
                ColumnValidation.RequireFinite(new ReadOnlyMatrixView(target, 1, dimension), cursor.Position, featureColumnName, nameof(data));
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

        float[] block = whole is not null && count == knownRows && chunks.Count == 0
            ? whole
            : Concatenate(whole, whole is null ? 0 : (int)Math.Min(count, knownRows!.Value), chunks, count, dimension);
        return new TrainingRows(block, count, dimension, classes?.ToArray(), classCount, skipped);
    }

    /// <summary>Joins the first <paramref name="leading"/> rows of <paramref name="whole"/> (if any) and the chunks into one block of <paramref name="count"/> rows.</summary>
    private static float[] Concatenate(float[]? whole, int leading, List<float[]> chunks, int count, int dimension)
    {
        if (whole is null && chunks.Count == 1 && count == ChunkRows)
        {
            return chunks[0];
        }

        var all = new float[checked(count * dimension)];
        whole?.AsSpan(0, leading * dimension).CopyTo(all);
        for (int c = 0; c < chunks.Count; c++)
        {
            int rows = Math.Min(ChunkRows, count - leading - (c * ChunkRows));
            chunks[c].AsSpan(0, rows * dimension).CopyTo(all.AsSpan((leading + (c * ChunkRows)) * dimension));
            chunks[c] = [];
        }

        return all;
    }
}
