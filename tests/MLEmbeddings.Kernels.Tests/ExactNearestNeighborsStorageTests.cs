using MLEmbeddings.Kernels;

namespace MLEmbeddings.Kernels.Tests;

/// <summary>Reading stored vectors back and rebuilding an index from them, which model persistence relies on.</summary>
public class ExactNearestNeighborsStorageTests
{
    [Theory]
    [InlineData(DistanceMetric.SquaredEuclidean)]
    [InlineData(DistanceMetric.InnerProduct)]
    [InlineData(DistanceMetric.Cosine)]
    public void CopyVector_returns_the_stored_form_and_a_rebuilt_index_searches_bit_identically(DistanceMetric metric)
    {
        const int count = 77, dimension = 13, k = 5;
        float[] values = ScalarReference.RandomValues(seed: 3, count * dimension);
        var index = new ExactNearestNeighbors(new ReadOnlyMatrixView(values, count, dimension), metric);
        var stored = new float[count * dimension];
        for (int id = 0; id < count; id++)
        {
            Span<float> vector = stored.AsSpan(id * dimension, dimension);
            index.CopyVector(id, vector);
            ReadOnlySpan<float> original = values.AsSpan(id * dimension, dimension);
            if (metric == DistanceMetric.Cosine)
            {
                double norm = Math.Sqrt(ScalarReference.Dot(original, original));
                for (int t = 0; t < dimension; t++)
                {
                    Assert.True(Math.Abs((original[t] / norm) - vector[t]) <= 1e-6, $"id {id}, value {t}: {vector[t]} vs {original[t] / norm}");
                }
            }
            else
            {
                Assert.Equal(original.ToArray(), vector.ToArray());
            }
        }

        ExactNearestNeighbors rebuilt = ExactNearestNeighbors.FromStoredVectors(new ReadOnlyMatrixView(stored, count, dimension), metric);
        float[] queries = ScalarReference.RandomValues(seed: 4, 9 * dimension);
        var view = new ReadOnlyMatrixView(queries, 9, dimension);
        int[] ids = new int[9 * k], rebuiltIds = new int[9 * k];
        float[] scores = new float[9 * k], rebuiltScores = new float[9 * k];
        index.Search(view, k, ids, scores);
        rebuilt.Search(view, k, rebuiltIds, rebuiltScores);
        Assert.Equal(ids, rebuiltIds);
        Assert.Equal(scores, rebuiltScores);
    }

    [Fact]
    public void CopyVector_rejects_bad_arguments()
    {
        var index = new ExactNearestNeighbors(new ReadOnlyMatrixView(new float[6], 2, 3), DistanceMetric.SquaredEuclidean);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.CopyVector(2, new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.CopyVector(-1, new float[3]));
        var error = Assert.Throws<ArgumentException>(() => index.CopyVector(0, new float[2]));
        Assert.Contains("destination", error.Message, StringComparison.Ordinal);
    }
}
