using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Chooses and configures the vector index a k-NN component builds (the <c>Index</c> option of the k-NN trainer and
/// the search transform): <see cref="FlatIndexOptions"/> (exact search, the default), <see cref="HnswIndexOptions"/>
/// or <see cref="IvfIndexOptions"/> (approximate), each optionally with quantized storage.
/// </summary>
public abstract class VectorIndexOptions
{
    private protected VectorIndexOptions()
    {
    }

    /// <summary>Builds an index over <paramref name="vectors"/> (row i gets id i) with these options.</summary>
    /// <param name="vectors">The vectors, finite values; may be empty for the flat and HNSW indexes (fill them later with <see cref="VectorIndex.Add"/>), not for IVF, which trains on them.</param>
    /// <param name="metric">How vectors are compared.</param>
    /// <param name="seed">Seed of the randomised parts (HNSW levels, k-means, quantizer sample).</param>
    /// <param name="maxDegreeOfParallelism">Most threads; -1 for all cores. HNSW and IVF indexes are identical for every value.</param>
    /// <returns>The index.</returns>
    /// <exception cref="ArgumentException">An option is out of range, <paramref name="vectors"/> holds a NaN or infinite value, or IVF is given fewer vectors than lists.</exception>
    public VectorIndex Build(ReadOnlyMatrixView vectors, DistanceMetric metric, int seed, int maxDegreeOfParallelism = -1)
    {
        Validate();
        OptionChecks.RequireDefined(metric, nameof(metric));
        OptionChecks.RequireThreadCount(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        for (int i = 0; i < vectors.Rows; i++)
        {
            ReadOnlySpan<float> row = vectors.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                if (!float.IsFinite(row[j]))
                {
                    throw new ArgumentException($"'vectors' row {i}, column {j} is {row[j]}; expected finite values (no NaN or infinity). Remove or replace missing values first.", nameof(vectors));
                }
            }
        }

        return Build(vectors, metric, seed, maxDegreeOfParallelism, host: null);
    }

    /// <summary>Checks the settings; the message names the option, the expected and the received value.</summary>
    internal abstract void Validate();

    /// <summary>Checks the settings against the number of neighbours a component will ask for (e.g. HNSW <c>EfSearch &gt;= k</c>).</summary>
    internal virtual void ValidateNeighborCount(int numberOfNeighbors)
    {
    }

    /// <summary>Builds an index over validated, finite <paramref name="vectors"/> (row i gets id i).</summary>
    internal abstract VectorIndex Build(ReadOnlyMatrixView vectors, DistanceMetric metric, int seed, int maxDegreeOfParallelism, ComponentHost? host);
}
