using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>Vectors as the approximate indexes store and query them: unit length for cosine, unchanged otherwise.</summary>
internal static class MetricVectors
{
    /// <summary>The rows prepared for <paramref name="metric"/>: a normalised copy for cosine, else the view itself.</summary>
    public static ReadOnlyMatrixView Prepare(ReadOnlyMatrixView rows, DistanceMetric metric)
    {
        if (metric != DistanceMetric.Cosine)
        {
            return rows;
        }

        var values = new float[checked(rows.Rows * rows.Columns)];
        for (int i = 0; i < rows.Rows; i++)
        {
            Span<float> row = values.AsSpan(i * rows.Columns, rows.Columns);
            rows.Row(i).CopyTo(row);
            VectorOperations.Normalize(row);
        }

        return new ReadOnlyMatrixView(values, rows.Rows, rows.Columns);
    }

    /// <summary>One query prepared for <paramref name="metric"/> into <paramref name="buffer"/> (cosine) or returned as is.</summary>
    public static ReadOnlySpan<float> Prepare(ReadOnlySpan<float> query, DistanceMetric metric, Span<float> buffer)
    {
        if (metric != DistanceMetric.Cosine)
        {
            return query;
        }

        query.CopyTo(buffer);
        VectorOperations.Normalize(buffer);
        return buffer;
    }

    /// <summary>Whether the index keys are squared Euclidean distances (otherwise minus inner products).</summary>
    public static bool IsSquaredEuclidean(DistanceMetric metric) => metric == DistanceMetric.SquaredEuclidean;
}
