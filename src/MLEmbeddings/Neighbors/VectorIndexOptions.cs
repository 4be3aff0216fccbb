using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Chooses and configures the vector index a k-NN component builds (the <c>Index</c> option of the k-NN trainer and
/// the search transform). <see cref="FlatIndexOptions"/> (exact search) is the default.
/// </summary>
public abstract class VectorIndexOptions
{
    private protected VectorIndexOptions()
    {
    }

    /// <summary>Checks the settings; the message names the option, the expected and the received value.</summary>
    internal abstract void Validate();

    /// <summary>Builds an index over <paramref name="vectors"/> (row i gets id i).</summary>
    internal abstract VectorIndex Build(ReadOnlyMatrixView vectors, DistanceMetric metric, int seed, int maxDegreeOfParallelism, ComponentHost host);
}
