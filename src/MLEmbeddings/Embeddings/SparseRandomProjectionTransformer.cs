using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Embeddings;

/// <summary>
/// The fitted sparse random projection <c>y = R x</c>: output <c>Vector&lt;Single, Rank&gt;</c>. Dense and sparse inputs
/// are both read sparse, so the cost per row is the input's non-zeros times <c>Rank x density</c>.
/// </summary>
public sealed class SparseRandomProjectionTransformer : EmbeddingTransformerBase, IPersistedComponent<SparseRandomProjectionTransformer>
{
    private static readonly PersistenceIdentity PersistenceIdentity = new("MLEmbSparseRandomProj", "MLESPRPJ", 1, "SparseRandomProjection");

    internal SparseRandomProjectionTransformer(string inputColumnName, string outputColumnName, int inputSize, int rank, double density, int seed, CsrMatrix transposedComponents)
        : base(inputColumnName, outputColumnName, inputSize)
    {
        Rank = rank;
        Density = density;
        Seed = seed;
        TransposedComponents = transposedComponents;
    }

    /// <summary>Output size.</summary>
    public int Rank { get; }

    /// <summary>Share of non-zero entries the matrix was drawn with.</summary>
    public double Density { get; }

    /// <summary>The seed the matrix was drawn with.</summary>
    public int Seed { get; }

    /// <summary>The projection matrix transposed, <c>R^T</c> (input size x <see cref="Rank"/>), sparse.</summary>
    public CsrMatrix TransposedComponents { get; }

    static PersistenceIdentity IPersistedComponent<SparseRandomProjectionTransformer>.Identity => PersistenceIdentity;

    private protected override PersistenceIdentity Identity => PersistenceIdentity;

    private protected override DataViewType OutputType => new VectorDataViewType(NumberDataViewType.Single, Rank);

    private protected override InputColumnAccess InputAccess => InputColumnAccess.Sparse;

    static SparseRandomProjectionTransformer IPersistedComponent<SparseRandomProjectionTransformer>.Load(ModelPayloadReader reader, int formatVersion, IHostEnvironment environment)
    {
        (string input, string output, int inputSize) = ReadColumns(reader);
        int rank = reader.ReadInt32("the rank", 1, int.MaxValue);
        double density = reader.ReadDouble();
        int seed = reader.ReadInt32();
        CsrMatrix components = reader.ReadCsrMatrix();
        if (components.Rows != inputSize || components.Columns != rank)
        {
            throw reader.Corrupt($"the projection matrix is {components.Rows} x {components.Columns}, expected {inputSize} x {rank}");
        }

        return new SparseRandomProjectionTransformer(input, output, inputSize, rank, density, seed, components);
    }

    private protected override void SaveState(ModelPayloadWriter writer)
    {
        SaveColumns(writer);
        writer.Write(Rank);
        writer.Write(Density);
        writer.Write(Seed);
        writer.Write(TransposedComponents);
    }

    private protected override void MapBatch(BatchInput input, BatchOutput output)
    {
        SparseRows rows = input.Sparse(0);
        ColumnValidation.RequireFinite(rows, input.FirstRow, InputColumnName);

        SparseRandomProjection.Project(TransposedComponents, rows.RowPointers, rows.ColumnIndices, rows.Values, output.Vectors(0));
    }
}
