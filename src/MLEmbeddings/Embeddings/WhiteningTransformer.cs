using System.Buffers;
using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Embeddings;

/// <summary>
/// The fitted whitening map <c>y = W (x - mean)</c> (see <see cref="WhiteningKind"/>). Output type
/// <c>Vector&lt;Single, r&gt;</c> with <c>r</c> the PCA rank, or the input size for ZCA.
/// </summary>
public sealed class WhiteningTransformer : EmbeddingTransformerBase, IPersistedComponent<WhiteningTransformer>
{
    private static readonly PersistenceIdentity PersistenceIdentity = new("MLEmbWhitening", "MLEWHITE", 1, "WhitenEmbedding");

    private readonly float[] _mean;
    private readonly double[] _variances;

    internal WhiteningTransformer(string inputColumnName, string outputColumnName, int inputSize, WhiteningKind kind, double epsilon, float[] mean, DenseMatrix weights, double[] variances, int maxDegreeOfParallelism)
        : base(inputColumnName, outputColumnName, inputSize)
    {
        Kind = kind;
        Epsilon = epsilon;
        _mean = mean;
        Weights = weights;
        _variances = variances;
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    /// <summary>PCA or ZCA.</summary>
    public WhiteningKind Kind { get; }

    /// <summary>The epsilon added to the eigenvalues.</summary>
    public double Epsilon { get; }

    /// <summary>The mean subtracted from every input, <see cref="EmbeddingTransformerBase.InputSize"/> values.</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>The whitening matrix <c>W</c>: output size x input size.</summary>
    public DenseMatrix Weights { get; }

    /// <summary>The covariance eigenvalues (variances along the principal components) used, largest first: <c>r</c> for PCA, all for ZCA.</summary>
    public ReadOnlySpan<double> Variances => _variances;

    /// <summary>Output vector size.</summary>
    public int OutputSize => Weights.Rows;

    /// <summary>Most threads used per batch; -1 for all cores.</summary>
    public int MaxDegreeOfParallelism { get; }

    static PersistenceIdentity IPersistedComponent<WhiteningTransformer>.Identity => PersistenceIdentity;

    private protected override PersistenceIdentity Identity => PersistenceIdentity;

    private protected override DataViewType OutputType => new VectorDataViewType(NumberDataViewType.Single, OutputSize);

    static WhiteningTransformer IPersistedComponent<WhiteningTransformer>.Load(ModelPayloadReader reader, int formatVersion, IHostEnvironment environment)
    {
        (string input, string output, int inputSize) = ReadColumns(reader);
        var kind = (WhiteningKind)reader.ReadInt32("the whitening kind", 0, (int)WhiteningKind.Zca);
        double epsilon = reader.ReadDouble();
        int threads = reader.ReadInt32("the thread limit", -1, int.MaxValue);
        float[] mean = reader.ReadSingles();
        DenseMatrix weights = reader.ReadDenseMatrix();
        double[] variances = reader.ReadDoubles();
        if (mean.Length != inputSize || weights.Columns != inputSize || weights.Rows < 1 || variances.Length != (kind == WhiteningKind.Zca ? inputSize : weights.Rows))
        {
            throw reader.Corrupt($"the whitening state does not match an input of size {inputSize}");
        }

        return new WhiteningTransformer(input, output, inputSize, kind, epsilon, mean, weights, variances, threads);
    }

    private protected override void SaveState(ModelPayloadWriter writer)
    {
        SaveColumns(writer);
        writer.Write((int)Kind);
        writer.Write(Epsilon);
        writer.Write(MaxDegreeOfParallelism);
        writer.Write(_mean);
        writer.Write(Weights);
        writer.Write(_variances);
    }

    private protected override void MapBatch(BatchInput input, BatchOutput output)
    {
        ReadOnlyMatrixView rows = input.Dense(0);
        ColumnValidation.RequireFinite(rows, input.FirstRow, InputColumnName);
        float[] scratch = ArrayPool<float>.Shared.Rent(rows.Rows * InputSize);
        try
        {
            CenteredProjection.Apply(rows, _mean, Weights.AsView(), output.Vectors(0), scratch, MaxDegreeOfParallelism);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }
}
