using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// The NMF kernels besides GEMM, at the shapes of the Fashion-MNIST comparison (60,000 rows, rank 50) and of a sparse
/// TF-IDF-like matrix (60,000 x 20,000, about 6 stored entries per row, rank 20): one coordinate-descent sweep of
/// <c>W</c> (the fused <c>O(n r^2)</c> update of an iteration), solving 10,000 rows to convergence (what a transform
/// does after its cross term), and the two sparse products of an iteration. Per call.
/// Run: <c>dotnet run -c Release --project tests/MLEmbeddings.Benchmarks -- --filter *NmfBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class NmfBenchmarks
{
    private const int Rows = 60_000;
    private const int Rank = 50;
    private const int SparseRank = 20;
    private const int Terms = 20_000;
    private float[] _start = [];
    private MatrixView _factor;
    private ReadOnlyMatrixView _gram;
    private ReadOnlyMatrixView _cross;
    private CsrMatrix? _sparse;
    private ReadOnlyMatrixView _componentsTransposed;
    private ReadOnlyMatrixView _coefficients;
    private MatrixView _rowProduct;
    private MatrixView _columnProduct;

    [Params(VectorWidth.Vector256, VectorWidth.Vector512)]
    public VectorWidth Width { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _start = Enumerable.Range(0, Rows * Rank).Select(_ => random.NextSingle()).ToArray();
        _factor = new MatrixView((float[])_start.Clone(), Rows, Rank);
        float[] components = Enumerable.Range(0, Rank * 784).Select(_ => random.NextSingle()).ToArray();
        var gram = MatrixView.Allocate(Rank, Rank);
        Gemm.Multiply(new ReadOnlyMatrixView(components, Rank, 784), false, new ReadOnlyMatrixView(components, Rank, 784), true, gram);
        _gram = gram;
        _cross = new ReadOnlyMatrixView(Enumerable.Range(0, Rows * Rank).Select(_ => 100 * random.NextSingle()).ToArray(), Rows, Rank);

        var pointers = new int[Rows + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (int i = 0; i < Rows; i++)
        {
            foreach (int term in Enumerable.Range(0, 6).Select(_ => (int)(Terms * Math.Pow(random.NextDouble(), 3))).Distinct().Order())
            {
                indices.Add(term);
                values.Add(random.NextSingle());
            }

            pointers[i + 1] = indices.Count;
        }

        _sparse = new CsrMatrix(Rows, Terms, pointers, indices.ToArray(), values.ToArray());
        _componentsTransposed = new ReadOnlyMatrixView(Enumerable.Range(0, Terms * SparseRank).Select(_ => random.NextSingle()).ToArray(), Terms, SparseRank);
        _coefficients = new ReadOnlyMatrixView(Enumerable.Range(0, Rows * SparseRank).Select(_ => random.NextSingle()).ToArray(), Rows, SparseRank);
        _rowProduct = MatrixView.Allocate(Rows, SparseRank);
        _columnProduct = MatrixView.Allocate(Terms, SparseRank);
    }

    [IterationSetup]
    public void ResetFactor() => _start.CopyTo(_factor.Data.Span);

    [Benchmark]
    public double CoordinateDescentSweep()
    {
        using IDisposable forced = KernelDispatch.Force(Width);
        return NonNegativeCoordinateDescent.Sweep(_factor, _gram, _cross, 0f, 0f, Threads);
    }

    [Benchmark]
    public int SolveTenThousandRows()
    {
        using IDisposable forced = KernelDispatch.Force(Width);
        MatrixView rows = _factor.SliceRows(0, 10_000);
        rows.Fill(0f);
        return NonNegativeCoordinateDescent.Solve(rows, _gram, _cross.SliceRows(0, 10_000), 0f, 0f, 1e-4f, 200, Threads);
    }

    [Benchmark]
    public void SparseTimesComponents()
    {
        using IDisposable forced = KernelDispatch.Force(Width);
        SparseMatrixProducts.Multiply(_sparse!, _componentsTransposed, _rowProduct, Threads);
    }

    [Benchmark]
    public void SparseTransposeTimesCoefficients()
    {
        using IDisposable forced = KernelDispatch.Force(Width);
        SparseMatrixProducts.TransposeMultiply(_sparse!, _coefficients, _columnProduct, Threads);
    }
}
