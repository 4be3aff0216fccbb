using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// A fitted non-negative matrix factorization <c>X ~ W H</c>. It holds the components <c>H</c> (<see cref="Components"/>,
/// <c>Rank x d</c>) and maps each input row <c>x</c> to its coefficients <c>w = argmin_(w &gt;= 0) D(x | w H) +
/// penalties</c>, a <c>Vector&lt;Single, Rank&gt;</c> (scikit-learn's <c>NMF.transform</c>). Each row is solved on its
/// own, by coordinate descent for the Frobenius loss and by multiplicative updates for Kullback-Leibler and
/// Itakura-Saito, until its convergence measure falls to <see cref="Tolerance"/> or
/// <see cref="MaximumNumberOfIterations"/> is reached. <see cref="InverseTransform"/> reconstructs <c>w H</c>. Saved
/// with the components inside the model zip.
/// </summary>
public sealed class NonNegativeMatrixFactorizationTransformer : RowMappingTransformerBase, IPersistedComponent<NonNegativeMatrixFactorizationTransformer>
{
    private static readonly PersistenceIdentity PersistenceIdentity = new("MLEmbNonNegativeMatrix", "MLENMFAC", 1, "NonNegativeMatrixFactorization");

    private readonly CoefficientSolver _solver;

    internal NonNegativeMatrixFactorizationTransformer(
        string inputColumnName,
        string outputColumnName,
        DenseMatrix? components,
        NonNegativeMatrixFactorizationLoss loss,
        float alphaW,
        float l1Ratio,
        float tolerance,
        int maximumNumberOfIterations,
        int batchSize,
        int maxDegreeOfParallelism,
        int iterationsRun,
        bool converged,
        double reconstructionError,
        double betaDivergence,
        DenseMatrix? componentsTransposed = null)
    {
        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
        Loss = loss;
        AlphaW = alphaW;
        L1Ratio = l1Ratio;
        Tolerance = tolerance;
        MaximumNumberOfIterations = maximumNumberOfIterations;
        BatchSize = batchSize;
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
        IterationsRun = iterationsRun;
        Converged = converged;
        ReconstructionError = reconstructionError;
        BetaDivergence = betaDivergence;
        int columns = components?.Columns ?? componentsTransposed!.Rows;
        _solver = new CoefficientSolver(
            components,
            FactorizationSettings.ToBetaLoss(loss),
            columns * alphaW * l1Ratio,
            columns * alphaW * (1f - l1Ratio),
            tolerance,
            maximumNumberOfIterations,
            maxDegreeOfParallelism,
            componentsTransposed);
    }

    /// <summary>The input column, a known-size <c>Vector&lt;Single&gt;</c> of size <see cref="Dimension"/>.</summary>
    public string InputColumnName { get; }

    /// <summary>The output column of coefficients, a <c>Vector&lt;Single, Rank&gt;</c>.</summary>
    public string OutputColumnName { get; }

    /// <summary>The components <c>H</c>, <c>Rank x Dimension</c>, non-negative (scikit-learn's <c>components_</c>).</summary>
    public DenseMatrix Components => _solver.Components;

    /// <summary>Number of components.</summary>
    public int Rank => _solver.Rank;

    /// <summary>The input vector size.</summary>
    public int Dimension => _solver.Dimension;

    /// <summary>The loss the model minimises, also when transforming.</summary>
    public NonNegativeMatrixFactorizationLoss Loss { get; }

    /// <summary>The regularisation strength of the coefficients (scikit-learn's <c>alpha_W</c>), applied when transforming as <c>l1 = d alpha_W l1_ratio</c>, <c>l2 = d alpha_W (1 - l1_ratio)</c>.</summary>
    public float AlphaW { get; }

    /// <summary>The L1 share of the regularisation (scikit-learn's <c>l1_ratio</c>).</summary>
    public float L1Ratio { get; }

    /// <summary>The relative tolerance at which a row's coefficients stop changing.</summary>
    public float Tolerance { get; }

    /// <summary>The most coordinate sweeps or updates per row when transforming.</summary>
    public int MaximumNumberOfIterations { get; }

    /// <summary>Rows per kernel call when transforming.</summary>
    public int BatchSize { get; }

    /// <summary>Most threads used when transforming; -1 for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; }

    /// <summary>Iterations (passes over the data) the fit made (scikit-learn's <c>n_iter_</c>).</summary>
    public int IterationsRun { get; }

    /// <summary>Whether the fit met its tolerance before the iteration limit; false is also logged as a warning.</summary>
    public bool Converged { get; }

    /// <summary>The relative reconstruction error of the training data, <c>||X - W H||_F / ||X||_F</c> (0 for all-zero data).</summary>
    public double ReconstructionError { get; }

    /// <summary>
    /// The final beta-divergence <c>D_beta(X | W H)</c> of the training data for <see cref="Loss"/>, without the
    /// penalties (half the squared Frobenius norm for Frobenius); scikit-learn's <c>reconstruction_err_</c> is
    /// <c>sqrt(2 * BetaDivergence)</c>.
    /// </summary>
    public double BetaDivergence { get; }

    static PersistenceIdentity IPersistedComponent<NonNegativeMatrixFactorizationTransformer>.Identity => PersistenceIdentity;

    private protected override PersistenceIdentity Identity => PersistenceIdentity;

    /// <summary>
    /// Reconstructs rows from their coefficients: reads the coefficient column <see cref="OutputColumnName"/> of
    /// <paramref name="input"/> (typically this transformer's output) and adds <paramref name="reconstructionColumnName"/>,
    /// a <c>Vector&lt;Single, Dimension&gt;</c> holding <c>w H</c> (scikit-learn's <c>inverse_transform</c>), for denoising
    /// and imputation. The result is lazy, like <c>Transform</c>.
    /// </summary>
    /// <param name="input">Data with the coefficient column, a known-size <c>Vector&lt;Single, Rank&gt;</c>.</param>
    /// <param name="reconstructionColumnName">The output column. Default "Reconstruction".</param>
    /// <returns>The input columns plus the reconstruction.</returns>
    /// <exception cref="ArgumentException"><paramref name="reconstructionColumnName"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The coefficient column is missing, has the wrong type, or its size differs from <see cref="Rank"/>.</exception>
    public IDataView InverseTransform(IDataView input, string reconstructionColumnName = Defaults.ReconstructionColumnName)
    {
        ArgumentNullException.ThrowIfNull(input);
        OptionChecks.RequireColumnName(reconstructionColumnName, nameof(reconstructionColumnName));
        int size = ColumnValidation.RequireKnownSizeSingleVector(input.Schema, OutputColumnName, nameof(input));
        ColumnValidation.RequireTrainedSize(OutputColumnName, Rank, size, nameof(input));
        var reconstruction = new OutputColumn(reconstructionColumnName, new VectorDataViewType(NumberDataViewType.Single, Dimension));
        var mapping = new BatchMapping(input.Schema, [new BatchInputColumn(OutputColumnName, InputColumnAccess.Dense)], [reconstruction], MapInverse, BatchSize);
        return new BatchMappedDataView(input, mapping);
    }

    static NonNegativeMatrixFactorizationTransformer IPersistedComponent<NonNegativeMatrixFactorizationTransformer>.Load(ModelPayloadReader reader, int formatVersion, IHostEnvironment environment)
    {
        string input = reader.ReadNonNullString("the input column name");
        string output = reader.ReadNonNullString("the output column name");
        var loss = (NonNegativeMatrixFactorizationLoss)reader.ReadInt32("the loss", 0, (int)NonNegativeMatrixFactorizationLoss.ItakuraSaito);
        float alphaW = reader.ReadSingle();
        float l1Ratio = reader.ReadSingle();
        float tolerance = reader.ReadSingle();
        int maximumIterations = reader.ReadInt32("the iteration limit", 1, int.MaxValue);
        int batchSize = reader.ReadInt32("the batch size", 1, int.MaxValue);
        int threads = reader.ReadInt32("the thread limit", -1, int.MaxValue);
        int iterations = reader.ReadInt32("the iterations run", 0, int.MaxValue);
        bool converged = reader.ReadBoolean();
        double error = reader.ReadDouble();
        double divergence = reader.ReadDouble();
        DenseMatrix components = reader.ReadDenseMatrix();
        if (components.Rows < 1 || components.Columns < 1 || !(alphaW >= 0f) || !(l1Ratio is >= 0f and <= 1f) || !(tolerance >= 0f) || threads == 0)
        {
            throw reader.Corrupt($"the model has {components.Rows} x {components.Columns} components, alpha_W {alphaW}, l1_ratio {l1Ratio}, tolerance {tolerance} and thread limit {threads}");
        }

        return new NonNegativeMatrixFactorizationTransformer(input, output, components, loss, alphaW, l1Ratio, tolerance, maximumIterations, batchSize, threads, iterations, converged, error, divergence);
    }

    private protected override void SaveState(ModelPayloadWriter writer)
    {
        writer.Write(InputColumnName);
        writer.Write(OutputColumnName);
        writer.Write((int)Loss);
        writer.Write(AlphaW);
        writer.Write(L1Ratio);
        writer.Write(Tolerance);
        writer.Write(MaximumNumberOfIterations);
        writer.Write(BatchSize);
        writer.Write(MaxDegreeOfParallelism);
        writer.Write(IterationsRun);
        writer.Write(Converged);
        writer.Write(ReconstructionError);
        writer.Write(BetaDivergence);
        writer.Write(Components);
    }

    private protected override BatchMapping Bind(DataViewSchema inputSchema)
    {
        int size = ColumnValidation.RequireKnownSizeSingleVector(inputSchema, InputColumnName);
        ColumnValidation.RequireTrainedSize(InputColumnName, Dimension, size);
        var output = new OutputColumn(OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, Rank));
        InputColumnAccess access = Loss == NonNegativeMatrixFactorizationLoss.Frobenius ? InputColumnAccess.Sparse : InputColumnAccess.Dense;
        return new BatchMapping(inputSchema, [new BatchInputColumn(InputColumnName, access)], [output], MapBatch, BatchSize);
    }

    private void MapBatch(BatchInput input, BatchOutput output)
    {
        MatrixView coefficients = output.Vectors(0);
        bool strictlyPositive = Loss == NonNegativeMatrixFactorizationLoss.ItakuraSaito;
        if (Loss == NonNegativeMatrixFactorizationLoss.Frobenius)
        {
            SparseRows rows = input.Sparse(0);
            var matrix = new CsrMatrix(rows.RowCount, rows.Columns, rows.RowPointers, rows.ColumnIndices, rows.Values);
            NonNegativeDataCheck.Require(matrix, input.FirstRow, InputColumnName, strictlyPositive, "input");
            _solver.Solve(matrix, coefficients);
        }
        else
        {
            ReadOnlyMatrixView rows = input.Dense(0);
            NonNegativeDataCheck.Require(rows, input.FirstRow, InputColumnName, strictlyPositive, "input");
            _solver.Solve(rows, coefficients);
        }
    }

    private void MapInverse(BatchInput input, BatchOutput output)
    {
        ReadOnlyMatrixView coefficients = input.Dense(0);
        ColumnValidation.RequireFinite(coefficients, input.FirstRow, OutputColumnName);
        Gemm.Multiply(coefficients, false, _solver.ComponentsTransposed, true, output.Vectors(0), maxDegreeOfParallelism: MaxDegreeOfParallelism);
    }
}
