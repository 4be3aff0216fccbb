using System.Reflection;
using BenchmarkDotNet.Running;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// Entry point.
/// <list type="bullet">
/// <item><c>dotnet run -c Release --project tests/MLEmbeddings.Benchmarks -- compare NAME [options]</c> runs one side-by-side peer comparison (see <see cref="IPeerComparison"/>); <c>compare</c> alone lists them.</item>
/// <item>Any other arguments go to BenchmarkDotNet, e.g. <c>-- --filter *Gemm*</c>.</item>
/// </list>
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "compare")
        {
            IPeerComparison[] comparisons = Assembly.GetExecutingAssembly().GetTypes()
                .Where(t => typeof(IPeerComparison).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
                .Select(t => (IPeerComparison)Activator.CreateInstance(t)!)
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToArray();
            IPeerComparison? chosen = args.Length > 1 ? comparisons.FirstOrDefault(c => c.Name == args[1]) : null;
            if (chosen is null)
            {
                Console.WriteLine("usage: compare NAME [options]; available comparisons:");
                foreach (IPeerComparison comparison in comparisons)
                {
                    Console.WriteLine($"  {comparison.Name,-24} {comparison.Description}");
                }

                return args.Length > 1 ? 1 : 0;
            }

            return chosen.Run(args.Skip(2).ToArray());
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
