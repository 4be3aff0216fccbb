using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// All pairwise distances or similarities between the rows of two blocks, computed through one matrix product
/// (<see cref="Gemm.MultiplyTransposed"/>) plus a row-wise correction, as faiss and scikit-learn do.
/// </summary>
public static class PairwiseDistances
{
    /// <summary>
    /// Computes <c>result[i, j]</c> for every query row <c>q_i</c> and database row <c>x_j</c>:
    /// <list type="bullet">
    /// <item><see cref="DistanceMetric.SquaredEuclidean"/>: <c>max(0, ||q_i||^2 + ||x_j||^2 - 2 q_i . x_j)</c> (the
    /// expansion loses precision, relative to the norms, when the two vectors are very close);</item>
    /// <item><see cref="DistanceMetric.InnerProduct"/>: <c>q_i . x_j</c>;</item>
    /// <item><see cref="DistanceMetric.Cosine"/>: <c>q_i . x_j / (||q_i|| ||x_j||)</c>, 0 when either row is zero.</item>
    /// </list>
    /// </summary>
    /// <param name="queries">The <c>m x d</c> query rows.</param>
    /// <param name="database">The <c>n x d</c> database rows.</param>
    /// <param name="metric">What to compute.</param>
    /// <param name="result">The <c>m x n</c> output; its old values are ignored.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentException">The shapes do not agree; the message names the parameter, the expected and the received size.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="metric"/> is not defined, or <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static void Compute(ReadOnlyMatrixView queries, ReadOnlyMatrixView database, DistanceMetric metric, MatrixView result, int maxDegreeOfParallelism = -1)
    {
        MatrixShape.RequireColumns(nameof(database), database.Columns, queries.Columns);
        MatrixShape.RequireRows(nameof(result), result.Rows, queries.Rows);
        MatrixShape.RequireColumns(nameof(result), result.Columns, database.Rows);
        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, $"Expected one of {string.Join(", ", Enum.GetNames<DistanceMetric>())}; got {(int)metric}.");
        }

        int threads = DegreeOfParallelism.Resolve(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        if (queries.Rows == 0 || database.Rows == 0)
        {
            return;
        }

        Gemm.MultiplyTransposed(queries, database, result, metric == DistanceMetric.SquaredEuclidean ? -2f : 1f, 0f, threads);
        if (metric == DistanceMetric.InnerProduct)
        {
            return;
        }

        var queryNorms = new float[queries.Rows];
        var databaseNorms = new float[database.Rows];
        if (metric == DistanceMetric.SquaredEuclidean)
        {
            VectorOperations.SquaredL2Norms(queries, queryNorms);
            VectorOperations.SquaredL2Norms(database, databaseNorms);
            Parallel.For(0, result.Rows, DegreeOfParallelism.Options(threads), i =>
            {
                Span<float> row = result.Row(i);
                TensorPrimitives.Add(row, databaseNorms, row);
                TensorPrimitives.Add(row, queryNorms[i], row);
                TensorPrimitives.Max(row, 0f, row);
            });
        }
        else
        {
            VectorOperations.L2Norms(queries, queryNorms);
            VectorOperations.L2Norms(database, databaseNorms);
            InvertNonZero(queryNorms);
            InvertNonZero(databaseNorms);
            Parallel.For(0, result.Rows, DegreeOfParallelism.Options(threads), i =>
            {
                Span<float> row = result.Row(i);
                TensorPrimitives.Multiply(row, databaseNorms, row);
                TensorPrimitives.Multiply(row, queryNorms[i], row);
            });
        }
    }

    // 1 / x, and 0 where x is 0 (a zero row has cosine similarity 0 with everything).
    private static void InvertNonZero(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = values[i] == 0f ? 0f : 1f / values[i];
        }
    }
}
