using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Embeddings;

/// <summary>
/// The fitted relative representation: output <c>Vector&lt;Single, m&gt;</c> with <c>y_a = cos(x, anchor_a)</c> for the
/// <c>m</c> anchors (0 when <c>x</c> or the anchor is zero).
/// </summary>
public sealed class RelativeRepresentationTransformer : EmbeddingTransformerBase, IPersistedComponent<RelativeRepresentationTransformer>
{
    private static readonly PersistenceIdentity PersistenceIdentity = new("MLEmbRelativeRepr", "MLERELRP", 1, "RelativeRepresentation");

    internal RelativeRepresentationTransformer(string inputColumnName, string outputColumnName, int inputSize, AnchorSelection selection, DenseMatrix anchors)
        : base(inputColumnName, outputColumnName, inputSize)
    {
        Selection = selection;
        Anchors = anchors;
    }

    /// <summary>How the anchors were chosen.</summary>
    public AnchorSelection Selection { get; }

    /// <summary>The anchors, one per row (number of anchors x input size).</summary>
    public DenseMatrix Anchors { get; }

    static PersistenceIdentity IPersistedComponent<RelativeRepresentationTransformer>.Identity => PersistenceIdentity;

    private protected override PersistenceIdentity Identity => PersistenceIdentity;

    private protected override DataViewType OutputType => new VectorDataViewType(NumberDataViewType.Single, Anchors.Rows);

    static RelativeRepresentationTransformer IPersistedComponent<RelativeRepresentationTransformer>.Load(ModelPayloadReader reader, int formatVersion, IHostEnvironment environment)
    {
        (string input, string output, int inputSize) = ReadColumns(reader);
        var selection = (AnchorSelection)reader.ReadInt32("the anchor selection", 0, (int)AnchorSelection.KMeansCentroids);
        DenseMatrix anchors = reader.ReadDenseMatrix();
        if (anchors.Columns != inputSize || anchors.Rows < 1)
        {
            throw reader.Corrupt($"the anchors are {anchors.Rows} x {anchors.Columns}, expected at least one row of size {inputSize}");
        }

        return new RelativeRepresentationTransformer(input, output, inputSize, selection, anchors);
    }

    private protected override void SaveState(ModelPayloadWriter writer)
    {
        SaveColumns(writer);
        writer.Write((int)Selection);
        writer.Write(Anchors);
    }

    private protected override void MapBatch(BatchInput input, BatchOutput output)
    {
        ReadOnlyMatrixView rows = input.Dense(0);
        ColumnValidation.RequireFinite(rows, input.FirstRow, InputColumnName);
        PairwiseDistances.Compute(rows, Anchors.AsView(), DistanceMetric.Cosine, output.Vectors(0), 1);
    }
}
