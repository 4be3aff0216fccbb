using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// Square SGEMM (C = A * B) at the native vector width, on one thread and on all cores; the GFLOP/s column is
/// 2 n^3 / mean time. Run with <c>-- --filter *GemmBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GigaflopsConfig))]
public class GemmBenchmarks
{
    private MatrixView _left;
    private MatrixView _right;
    private MatrixView _result;

    [Params(512, 1024, 2048)]
    public int Size { get; set; }

    [Params(1, -1)]
    public int MaxDegreeOfParallelism { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _left = MatrixView.Allocate(Size, Size);
        _right = MatrixView.Allocate(Size, Size);
        _result = MatrixView.Allocate(Size, Size);
        for (int i = 0; i < Size; i++)
        {
            Span<float> left = _left.Row(i);
            Span<float> right = _right.Row(i);
            for (int j = 0; j < Size; j++)
            {
                left[j] = (float)random.NextDouble();
                right[j] = (float)random.NextDouble();
            }
        }
    }

    [Benchmark]
    public void Multiply() => Gemm.Multiply(_left, _right, _result, maxDegreeOfParallelism: MaxDegreeOfParallelism);

    /// <summary>Adds the GFLOP/s column.</summary>
    private sealed class GigaflopsConfig : ManualConfig
    {
        public GigaflopsConfig() => AddColumn(new GigaflopsColumn());
    }

    /// <summary>2 n^3 floating-point operations divided by the mean time of the case.</summary>
    private sealed class GigaflopsColumn : IColumn
    {
        public string Id => "GFLOPS";

        public string ColumnName => "GFLOP/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "2 n^3 / mean time, in 10^9 floating-point operations per second";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            BenchmarkReport? report = summary[benchmarkCase];
            if (report?.ResultStatistics is null)
            {
                return "-";
            }

            double size = Convert.ToDouble(benchmarkCase.Parameters["Size"], System.Globalization.CultureInfo.InvariantCulture);
            return (2 * size * size * size / report.ResultStatistics.Mean).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
