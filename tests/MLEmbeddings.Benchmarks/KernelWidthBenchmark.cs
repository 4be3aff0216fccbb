using BenchmarkDotNet.Attributes;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Benchmarks;

/// <summary>
/// The parameters of the kernel benchmarks that run at the AVX-512 width and forced to the AVX2 width: <see cref="Width"/>
/// (Vector256, Vector512; a benchmark forces it with <see cref="ForceWidth"/>) and <see cref="Threads"/> (1, 2).
/// </summary>
public abstract class KernelWidthBenchmark
{
    /// <summary>The vector width the benchmark forces.</summary>
    [Params(VectorWidth.Vector256, VectorWidth.Vector512)]
    public VectorWidth Width { get; set; }

    /// <summary>The <c>maxDegreeOfParallelism</c> passed to the kernel.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Forces <see cref="Width"/> until the returned scope is disposed.</summary>
    protected IDisposable ForceWidth() => KernelDispatch.Force(Width);

    /// <summary><paramref name="count"/> values drawn one after the other from <c>random.NextSingle()</c> (uniform in [0, 1)).</summary>
    protected static float[] UniformValues(Random random, int count)
        => Enumerable.Range(0, count).Select(_ => random.NextSingle()).ToArray();
}
