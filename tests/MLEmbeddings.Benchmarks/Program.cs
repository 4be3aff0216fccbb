using BenchmarkDotNet.Running;

namespace MLEmbeddings.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project tests/MLEmbeddings.Benchmarks -- --filter *</c> runs the BenchmarkDotNet suites.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
