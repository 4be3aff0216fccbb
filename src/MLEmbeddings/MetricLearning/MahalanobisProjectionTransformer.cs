using MLEmbeddings.Export;
using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.MetricLearning;

/// <summary>
/// A learned Mahalanobis metric as a linear projection: the output is <c>y = L x</c> (a <c>Vector&lt;Single, r&gt;</c>), so
/// Euclidean distances between outputs are the learned distances <c>||L x - L x'|| = sqrt((x - x')^T M (x - x'))</c> with
/// <c>M = L^T L</c>. Produced by every metric learner of this library (NCA, LMNN, ITML, LFDA); a k-NN trainer or search
/// placed after it in the pipeline uses the learned metric. Saved with <c>L</c> inside the model zip, and exportable as
/// an ONNX <c>MatMul</c> graph (<see cref="ExportToOnnx(string, string, string)"/>).
/// </summary>
public sealed class MahalanobisProjectionTransformer : RowMappingTransformerBase, IPersistedComponent<MahalanobisProjectionTransformer>
{
    private const int BatchSize = 256;

    private static readonly PersistenceIdentity PersistenceIdentity = new("MLEmbMahalanobisProject", "MLEMAHAL", 1, "MahalanobisProjection");

    internal MahalanobisProjectionTransformer(
        MetricLearningAlgorithm algorithm,
        string inputColumnName,
        string outputColumnName,
        DenseMatrix projection,
        bool converged,
        int iterationsRun,
        double objective)
    {
        Algorithm = algorithm;
        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
        Projection = projection;
        Converged = converged;
        IterationsRun = iterationsRun;
        Objective = objective;
        var mahalanobis = new float[checked(projection.Columns * projection.Columns)];
        Gemm.Multiply(projection.AsView(), true, projection.AsView(), false, new MatrixView(mahalanobis, projection.Columns, projection.Columns), maxDegreeOfParallelism: 1);
        MahalanobisMatrix = new DenseMatrix(projection.Columns, projection.Columns, mahalanobis);
    }

    /// <summary>The learner that produced the projection.</summary>
    public MetricLearningAlgorithm Algorithm { get; }

    /// <summary>The input column, a known-size <c>Vector&lt;Single&gt;</c> of size <see cref="InputSize"/>.</summary>
    public string InputColumnName { get; }

    /// <summary>The output column, a <c>Vector&lt;Single, Rank&gt;</c>.</summary>
    public string OutputColumnName { get; }

    /// <summary>The input vector size seen by <c>Fit</c>, <c>d</c>; scoring data must have the same size.</summary>
    public int InputSize => Projection.Columns;

    /// <summary>The output dimension <c>r</c>.</summary>
    public int Rank => Projection.Rows;

    /// <summary>The learned projection <c>L</c>, <c>r x d</c>: output value <c>k</c> is row <c>k</c> dotted with the input.</summary>
    public DenseMatrix Projection { get; }

    /// <summary>The learned Mahalanobis matrix <c>M = L^T L</c>, <c>d x d</c>, symmetric positive semi-definite.</summary>
    public DenseMatrix MahalanobisMatrix { get; }

    /// <summary>
    /// Whether the learner's convergence test passed; false means the iteration budget ran out (see the log). LFDA, a closed
    /// form, always converges.
    /// </summary>
    public bool Converged { get; }

    /// <summary>Iterations run: L-BFGS iterations (NCA, LMNN), mini-batch epochs (mini-batch NCA), sweeps over the constraints (ITML), 0 for LFDA.</summary>
    public int IterationsRun { get; }

    /// <summary>
    /// The final objective: NCA, the expected number of correctly classified training rows <c>sum_i p_i</c> (maximised;
    /// for mini-batch NCA, summed over the last epoch's batches); LMNN, the loss (minimised); ITML, the LogDet divergence
    /// of <c>M</c> from the prior (minimised); LFDA, the sum of the <c>r</c> leading generalized eigenvalues.
    /// </summary>
    public double Objective { get; }

    static PersistenceIdentity IPersistedComponent<MahalanobisProjectionTransformer>.Identity => PersistenceIdentity;

    private protected override PersistenceIdentity Identity => PersistenceIdentity;

    /// <summary>
    /// Writes the projection as an ONNX model to <paramref name="path"/>: one <c>MatMul</c> of the input
    /// <c>float[batch, d]</c> with the stored <c>L^T</c>, giving the output <c>float[batch, r]</c> (IR version 7, opset 13;
    /// <c>batch</c> is dynamic). The file is written to a temporary file in the same folder and renamed, so a crash never
    /// leaves a half-written model; an existing file is replaced.
    /// </summary>
    /// <param name="path">The file to write, conventionally ending in <c>.onnx</c>.</param>
    /// <param name="inputName">Name of the graph input. Default "input".</param>
    /// <param name="outputName">Name of the graph output; must differ from <paramref name="inputName"/>. Default "output".</param>
    /// <exception cref="ArgumentException">A name or the path is empty, or the two names are equal.</exception>
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
    /// <exception cref="ArgumentException">A name is empty, or the two names are equal.</exception>
    public void ExportToOnnx(Stream destination, string inputName = "input", string outputName = "output")
    {
        ArgumentNullException.ThrowIfNull(destination);
        OnnxModelWriter.CheckNames(inputName, outputName);
        OnnxLinearProjection.Write(destination, Projection, inputName, outputName, $"{Algorithm}: y = L x with L of {Rank} x {InputSize}");
    }

    static MahalanobisProjectionTransformer IPersistedComponent<MahalanobisProjectionTransformer>.Load(ModelPayloadReader reader, int formatVersion, IHostEnvironment environment)
    {
        var algorithm = (MetricLearningAlgorithm)reader.ReadInt32("the algorithm", 0, (int)MetricLearningAlgorithm.LocalFisherDiscriminantAnalysis);
        string input = reader.ReadNonNullString("the input column name");
        string output = reader.ReadNonNullString("the output column name");
        bool converged = reader.ReadBoolean();
        int iterations = reader.ReadInt32("the iteration count", 0, int.MaxValue);
        double objective = reader.ReadDouble();
        DenseMatrix projection = reader.ReadDenseMatrix();
        if (projection.Rows < 1 || projection.Columns < 1 || projection.Rows > projection.Columns)
        {
            throw reader.Corrupt($"the projection is {projection.Rows} x {projection.Columns}");
        }

        return new MahalanobisProjectionTransformer(algorithm, input, output, projection, converged, iterations, objective);
    }

    private protected override void SaveState(ModelPayloadWriter writer)
    {
        writer.Write((int)Algorithm);
        writer.Write(InputColumnName);
        writer.Write(OutputColumnName);
        writer.Write(Converged);
        writer.Write(IterationsRun);
        writer.Write(Objective);
        writer.Write(Projection);
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
        Gemm.MultiplyTransposed(source, Projection.AsView(), output.Vectors(0), maxDegreeOfParallelism: 1);
    }
}
