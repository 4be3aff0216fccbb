using MLEmbeddings.MetricLearning;

namespace MLEmbeddings.Export;

/// <summary>
/// Writes an embedding head as an ONNX model: per layer <c>l</c> a <c>Gemm</c> node (<c>transB = 1</c>) with the weights
/// <c>embedding_head/weight{l}</c> (<c>outputs x inputs</c>, as stored) and the bias <c>embedding_head/bias{l}</c>, then
/// <c>Relu</c>, <c>LeakyRelu</c> (<c>alpha = 0.01</c>) or <c>Tanh</c> after every layer but the last, and finally the
/// normalisation <c>y = h / max(ReduceL2(h), 1e-12)</c> (<c>ReduceL2</c> over axis 1 with <c>keepdims = 1</c>, <c>Max</c>
/// with the scalar initializer <c>embedding_head/epsilon</c>, <c>Div</c>). Input <c>float[batch, d]</c>, output
/// <c>float[batch, r]</c>; versions as in <see cref="OnnxModelWriter"/>. Intermediate values are named
/// <c>embedding_head/...</c>.
/// </summary>
internal static class OnnxEmbeddingHead
{
    /// <summary>Prefix of every name the graph uses besides its input and output.</summary>
    public const string NamePrefix = "embedding_head/";

    /// <summary>Writes the model of <paramref name="network"/> to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">A name is empty, the names are equal, or one starts with <see cref="NamePrefix"/>.</exception>
    public static void Write(Stream destination, EmbeddingHeadNetwork network, string inputName, string outputName, string description)
    {
        OnnxModelWriter.CheckNames(inputName, outputName);
        foreach ((string name, string parameter) in new[] { (inputName, nameof(inputName)), (outputName, nameof(outputName)) })
        {
            if (name.StartsWith(NamePrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"{parameter} '{name}' starts with '{NamePrefix}', which the graph uses for its own values; choose another name.", parameter);
            }
        }

        IReadOnlyList<EmbeddingHeadLayer> layers = network.Layers;
        OnnxModelWriter.WriteModel(destination, description, graph =>
        {
            string current = inputName;
            for (int l = 0; l < layers.Count; l++)
            {
                string linear = $"{NamePrefix}linear{l}";
                OnnxModelWriter.WriteNode(graph, "Gemm", $"{NamePrefix}gemm{l}", [current, $"{NamePrefix}weight{l}", $"{NamePrefix}bias{l}"], [linear], node => OnnxModelWriter.WriteAttribute(node, "transB", 1L));
                current = linear;
                if (l < layers.Count - 1)
                {
                    string activated = $"{NamePrefix}activation{l}";
                    WriteActivation(graph, network.Activation, current, activated);
                    current = activated;
                }
            }

            OnnxModelWriter.WriteNode(graph, "ReduceL2", $"{NamePrefix}norm", [current], [$"{NamePrefix}norm"], node =>
            {
                OnnxModelWriter.WriteAttribute(node, "axes", [1L]);
                OnnxModelWriter.WriteAttribute(node, "keepdims", 1L);
            });
            OnnxModelWriter.WriteNode(graph, "Max", $"{NamePrefix}clamp", [$"{NamePrefix}norm", $"{NamePrefix}epsilon"], [$"{NamePrefix}clamped_norm"]);
            OnnxModelWriter.WriteNode(graph, "Div", $"{NamePrefix}normalize", [current, $"{NamePrefix}clamped_norm"], [outputName]);
            OnnxModelWriter.WriteGraphName(graph, "embedding_head");
            for (int l = 0; l < layers.Count; l++)
            {
                OnnxModelWriter.WriteInitializer(graph, $"{NamePrefix}weight{l}", layers[l].Weights);
                OnnxModelWriter.WriteInitializer(graph, $"{NamePrefix}bias{l}", [layers[l].OutputSize], layers[l].Bias);
            }

            OnnxModelWriter.WriteInitializer(graph, $"{NamePrefix}epsilon", [], [EmbeddingHeadNetwork.NormalizationEpsilon]);
            OnnxModelWriter.WriteInput(graph, inputName, network.InputSize);
            OnnxModelWriter.WriteOutput(graph, outputName, network.OutputSize);
        });
    }

    private static void WriteActivation(ProtobufWriter graph, EmbeddingHeadActivation activation, string input, string output)
    {
        switch (activation)
        {
            case EmbeddingHeadActivation.Relu:
                OnnxModelWriter.WriteNode(graph, "Relu", output, [input], [output]);
                break;
            case EmbeddingHeadActivation.LeakyRelu:
                OnnxModelWriter.WriteNode(graph, "LeakyRelu", output, [input], [output], node => OnnxModelWriter.WriteAttribute(node, "alpha", EmbeddingHeadNetwork.LeakyReluSlope));
                break;
            default:
                OnnxModelWriter.WriteNode(graph, "Tanh", output, [input], [output]);
                break;
        }
    }
}
