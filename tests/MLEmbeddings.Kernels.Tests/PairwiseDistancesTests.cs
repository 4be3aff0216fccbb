using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

public class PairwiseDistancesTests
{
    public static TheoryData<VectorWidth, DistanceMetric> WidthsAndMetrics => ScalarReference.AllWidthsAndMetrics;

    [Theory]
    [MemberData(nameof(WidthsAndMetrics))]
    public void Matches_the_double_reference_for_every_shape(VectorWidth width, DistanceMetric metric)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        foreach ((int queryRows, int databaseRows, int columns) in new[] { (1, 1, 1), (7, 5, 3), (1000, 150, 129) })
        {
            ReadOnlyMatrixView queries = ScalarReference.RandomMatrix(queryRows + columns, queryRows, columns, 2f);
            ReadOnlyMatrixView database = ScalarReference.RandomMatrix(databaseRows + (7 * columns), databaseRows, columns);
            var result = MatrixView.Allocate(queryRows, databaseRows);
            result.Fill(float.NaN);
            PairwiseDistances.Compute(queries, database, metric, result, maxDegreeOfParallelism: 2);
            for (int i = 0; i < queryRows; i++)
            {
                for (int j = 0; j < databaseRows; j++)
                {
                    double expected = ScalarReference.Score(metric, queries.Row(i), database.Row(j));
                    Assert.Equal(expected, result[i, j], ScalarReference.ScoreTolerance(metric, queries.Row(i), database.Row(j)));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(ScalarReference.AllWidths), MemberType = typeof(ScalarReference))]
    public void Identical_rows_give_a_non_negative_distance_and_zero_rows_a_zero_cosine(VectorWidth width)
    {
        using IDisposable forced = KernelDispatch.Force(width);
        float[] values = ScalarReference.RandomValues(3, 4 * 33, 10f);
        Array.Clear(values, 3 * 33, 33);
        var rows = new ReadOnlyMatrixView(values, 4, 33);
        var result = MatrixView.Allocate(4, 4);
        PairwiseDistances.Compute(rows, rows, DistanceMetric.SquaredEuclidean, result);
        for (int i = 0; i < 4; i++)
        {
            Assert.InRange(result[i, i], 0f, 1e-6f * (float)ScalarReference.Dot(rows.Row(i), rows.Row(i)));
        }

        PairwiseDistances.Compute(rows, rows, DistanceMetric.Cosine, result);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(0f, result[3, i]);
            Assert.Equal(0f, result[i, 3]);
        }
    }

    [Fact]
    public void Thread_count_does_not_change_a_bit()
    {
        ReadOnlyMatrixView queries = ScalarReference.RandomMatrix(1, 67, 40);
        ReadOnlyMatrixView database = ScalarReference.RandomMatrix(2, 45, 40);
        foreach (DistanceMetric metric in Enum.GetValues<DistanceMetric>())
        {
            var one = MatrixView.Allocate(67, 45);
            var two = MatrixView.Allocate(67, 45);
            PairwiseDistances.Compute(queries, database, metric, one, maxDegreeOfParallelism: 1);
            PairwiseDistances.Compute(queries, database, metric, two, maxDegreeOfParallelism: 2);
            Assert.Equal(one.ToArray(), two.ToArray());
        }
    }

    [Fact]
    public void Bad_shapes_are_rejected_with_the_parameter_and_both_sizes()
    {
        var queries = new ReadOnlyMatrixView(new float[6], 2, 3);
        var database = new ReadOnlyMatrixView(new float[8], 2, 4);
        var error = Assert.Throws<ArgumentException>(() => PairwiseDistances.Compute(queries, database, DistanceMetric.InnerProduct, MatrixView.Allocate(2, 2)));
        Assert.Equal("database", error.ParamName);
        Assert.Contains("4 columns; expected 3", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => PairwiseDistances.Compute(queries, queries, DistanceMetric.Cosine, MatrixView.Allocate(2, 3)));
        Assert.Equal("result", error.ParamName);
        Assert.Contains("3 columns; expected 2", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => PairwiseDistances.Compute(queries, queries, DistanceMetric.Cosine, MatrixView.Allocate(1, 2)));
        Assert.Contains("1 rows; expected 2", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => PairwiseDistances.Compute(queries, queries, (DistanceMetric)7, MatrixView.Allocate(2, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairwiseDistances.Compute(queries, queries, DistanceMetric.Cosine, MatrixView.Allocate(2, 2), maxDegreeOfParallelism: 0));
    }
}
