using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// Exact search over all stored vectors (faiss <c>IndexFlatL2</c> / <c>IndexFlatIP</c>, scikit-learn
/// <c>algorithm='brute'</c>): distances and top-k selection fused in one SIMD pass. The default index. With
/// <see cref="Quantization"/> the scan runs over int8 or binary codes instead (faiss <c>IndexScalarQuantizer</c> /
/// <c>IndexBinaryFlat</c>), re-ranked on full precision by default.
/// </summary>
public sealed class FlatIndexOptions : VectorIndexOptions
{
    /// <summary>Quantized storage; null (default) keeps full-precision floats and searches exactly.</summary>
    public QuantizationOptions? Quantization { get; set; }

    internal override void Validate() => Quantization?.Validate();

    internal override VectorIndex Build(ReadOnlyMatrixView vectors, DistanceMetric metric, int seed, int maxDegreeOfParallelism, ComponentHost? host)
        => Quantization is null
            ? new FlatVectorIndex(new ExactNearestNeighbors(vectors, metric))
            : QuantizedFlatVectorIndex.Create(vectors, metric, Quantization.Clone(), seed);
}
