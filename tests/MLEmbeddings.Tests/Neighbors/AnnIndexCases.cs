using MLEmbeddings.Neighbors;

namespace MLEmbeddings.Tests.Neighbors;

/// <summary>The index configurations the contract tests run over, by name (xunit theory data must be serializable).</summary>
internal static class AnnIndexCases
{
    public static readonly string[] Names = ["flat", "flat-int8", "flat-binary", "hnsw", "hnsw-int8", "hnsw-binary", "ivf", "ivf-int8", "ivf-binary"];

    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in Names)
            {
                data.Add(name);
            }

            return data;
        }
    }

    /// <summary>Options for <paramref name="name"/>; binary codes re-rank 40 x k candidates so that they find exact matches.</summary>
    public static VectorIndexOptions Options(string name)
    {
        QuantizationOptions? quantization = name.EndsWith("-int8", StringComparison.Ordinal) ? new QuantizationOptions { Kind = QuantizationKind.EightBit }
            : name.EndsWith("-binary", StringComparison.Ordinal) ? new QuantizationOptions { Kind = QuantizationKind.Binary, Threshold = BinaryThreshold.Mean, RerankingFactor = 40 }
            : null;
        return name.Split('-')[0] switch
        {
            "flat" => new FlatIndexOptions { Quantization = quantization },
            "hnsw" => new HnswIndexOptions { M = 12, EfConstruction = 80, EfSearch = 200, Quantization = quantization },
            _ => new IvfIndexOptions { NumberOfLists = 20, NumberOfProbes = 20, Quantization = quantization },
        };
    }
}
