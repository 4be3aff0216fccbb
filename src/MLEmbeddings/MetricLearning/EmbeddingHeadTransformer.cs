using MLEmbeddings.Export;
using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.MetricLearning;

/// <summary>
/// A trained non-linear embedding head: <c>h_0 = x</c>, <c>h_l = a(W_l h_(l-1) + b_l)</c> for the hidden layers (activation
/// <c>a</c>), <c>h_L = W_L h_(L-1) + b_L</c>, and the output <c>y = h_L / max(||h_L||, 1e-12)</c>, a unit-norm
/// <c>Vector&lt;Single, Rank&gt;</c> whose Euclidean distances and dot products are the learned metric. With one layer it is
/// a linear map followed by the normalisation. Dropout is a training device only and batch normalisation is folded into
/// the layers, so inference is just these matrix products, computed with the MLEmbeddings kernels.
/// </summary>
/// <remarks>
/// Produced by deep metric learning (<c>mlContext.Transforms.DeepMetricLearning(...)</c> of the MLEmbeddings.TorchSharp
/// package), but a plain MLEmbeddings component: a model saved with it loads and scores with the core package alone,
/// without TorchSharp or libtorch. <see cref="ExportToOnnx(string, string, string)"/> writes the head as an ONNX graph.
/// </remarks>
public sealed class EmbeddingHeadTransformer : RowMappingTransformerBase, IPersistedComponent<EmbeddingHeadTransformer>
{
    private const int BatchSize = 256;

    private static readonly PersistenceIdentity PersistenceIdentity = new("MLEmbEmbeddingHead", "MLEMHEAD", 1, "EmbeddingHead");

    private readonly EmbeddingHeadNetwork _network;

    internal EmbeddingHeadTransformer(string inputColumnName, string outputColumnName, EmbeddingHeadNetwork network, EmbeddingHeadTrainingSummary training)
    {
        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
        _network = network;
        Training = training;
    }

    /// <summary>The input column, a known-size <c>Vector&lt;Single&gt;</c> of size <see cref="InputSize"/>.</summary>
    public string InputColumnName { get; }

    /// <summary>The output column, a <c>Vector&lt;Single, Rank&gt;</c> of unit Euclidean norm.</summary>
    public string OutputColumnName { get; }

    /// <summary>The input vector size seen in training, <c>d</c>; scoring data must have the same size.</summary>
    public int InputSize => _network.InputSize;

    /// <summary>The output (embedding) dimension <c>r</c>.</summary>
    public int Rank => _network.OutputSize;

    /// <summary>The affine layers, input first; the last one produces the embedding before normalisation.</summary>
    public IReadOnlyList<EmbeddingHeadLayer> Layers => _network.Layers;

    /// <summary>The activation applied after every layer but the last.</summary>
    public EmbeddingHeadActivation Activation => _network.Activation;

    /// <summary>How the head was trained: epochs run, the epoch kept, its loss and held-out Recall@1.</summary>
    public EmbeddingHeadTrainingSummary Training { get; }

    /// <summary>The computation, for the kernels-level benchmark and tests.</summary>
    internal EmbeddingHeadNetwork Network => _network;

    static PersistenceIdentity IPersistedComponent<EmbeddingHeadTransformer>.Identity => PersistenceIdentity;

    private protected override PersistenceIdentity Identity => PersistenceIdentity;

    /// <summary>
    /// Writes the head as an ONNX model to <paramref name="path"/>: per layer a <c>Gemm</c> node (then <c>Relu</c>,
    /// <c>LeakyRelu</c> or <c>Tanh</c> after the hidden layers) and the normalisation <c>ReduceL2</c>, <c>Max</c>, <c>Div</c>;
    /// input <c>float[batch, d]</c>, output <c>float[batch, r]</c>, IR version 7, opset 13, <c>batch</c> dynamic. The file is
    /// written to a temporary file in the same folder and renamed, so a crash never leaves a half-written model; an existing
    /// file is replaced.
    /// </summary>
    /// <param name="path">The file to write, conventionally ending in <c>.onnx</c>.</param>
    /// <param name="inputName">Name of the graph input. Default "input".</param>
    /// <param name="outputName">Name of the graph output; must differ from <paramref name="inputName"/>. Default "output".</param>
    /// <exception cref="ArgumentException">A name or the path is empty, the two names are equal, or a name starts with "embedding_head/" (the graph's own prefix).</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void ExportToOnnx(string path, string inputName = "input", string outputName = "output")
    {
        OnnxModelWriter.CheckNames(inputName, outputName);
        AtomicFile.Write(path, stream => ExportToOnnx(stream, inputName, outputName));
    }

    /// <summary>Writes the ONNX model (see <see cref="ExportToOnnx(string, string, string)"/>) to a stream.</summary>
    /// <param name="destination">Receives the model bytes.</param>
    /// <param name="inputName">Name of the graph input. Default "input".</param>
    /// <param name="outputName">Name of the graph output; must differ from <paramref name="inputName"/>. Default "output".</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException">A name is empty, the two names are equal, or a name starts with "embedding_head/".</exception>
    public void ExportToOnnx(Stream destination, string inputName = "input", string outputName = "output")
    {
        ArgumentNullException.ThrowIfNull(destination);
        string sizes = string.Join(" -> ", Layers.Select(layer => layer.InputSize).Append(Rank));
        OnnxEmbeddingHead.Write(destination, _network, inputName, outputName, $"Embedding head {sizes} ({Activation}), L2-normalised output");
    }

    static EmbeddingHeadTransformer IPersistedComponent<EmbeddingHeadTransformer>.Load(ModelPayloadReader reader, int formatVersion, IHostEnvironment environment)
    {
        string input = reader.ReadNonNullString("the input column name");
        string output = reader.ReadNonNullString("the output column name");
        var activation = (EmbeddingHeadActivation)reader.ReadInt32("the activation", 0, (int)EmbeddingHeadActivation.Tanh);
        int layerCount = reader.ReadInt32("the layer count", 1, 1024);
        var layers = new EmbeddingHeadLayer[layerCount];
        for (int l = 0; l < layerCount; l++)
        {
            DenseMatrix weights = reader.ReadDenseMatrix();
            float[] bias = reader.ReadSingles();
            if (weights.Rows < 1 || weights.Columns < 1 || bias.Length != weights.Rows || (l > 0 && weights.Columns != layers[l - 1].OutputSize))
            {
                throw reader.Corrupt($"layer {l} has {weights.Rows} x {weights.Columns} weights and {bias.Length} biases");
            }

            layers[l] = new EmbeddingHeadLayer(weights, bias);
        }

        var training = new EmbeddingHeadTrainingSummary(
            reader.ReadInt32("the epoch count", 0, int.MaxValue),
            reader.ReadInt32("the kept epoch", 0, int.MaxValue),
            reader.ReadDouble(),
            reader.ReadDouble());
        return new EmbeddingHeadTransformer(input, output, new EmbeddingHeadNetwork(layers, activation), training);
    }

    private protected override void SaveState(ModelPayloadWriter writer)
    {
        writer.Write(InputColumnName);
        writer.Write(OutputColumnName);
        writer.Write((int)Activation);
        writer.Write(Layers.Count);
        foreach (EmbeddingHeadLayer layer in Layers)
        {
            writer.Write(layer.Weights);
            writer.Write(layer.Bias);
        }

        writer.Write(Training.EpochsRun);
        writer.Write(Training.KeptEpoch);
        writer.Write(Training.Loss);
        writer.Write(Training.ValidationRecallAtOne);
    }

    private protected override BatchMapping Bind(DataViewSchema inputSchema)
    {
        int size = ColumnValidation.RequireKnownSizeSingleVector(inputSchema, InputColumnName);
        ColumnValidation.RequireTrainedSize(InputColumnName, InputSize, size);
        var output = new OutputColumn(OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, Rank));
        return new BatchMapping(inputSchema, [new BatchInputColumn(InputColumnName, InputColumnAccess.Dense)], [output], MapBatch, BatchSize);
    }

    private void MapBatch(BatchInput input, BatchOutput output)
    {
        ReadOnlyMatrixView source = input.Dense(0);
        ColumnValidation.RequireFinite(source, input.FirstRow, InputColumnName);
        _network.Forward(source, output.Vectors(0), maxDegreeOfParallelism: 1);
    }
}
