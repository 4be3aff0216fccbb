using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MLEmbeddings.Onnx.Tests;

/// <summary>Runs an exported <c>float[batch, d] -&gt; float[batch, r]</c> model in ONNX Runtime in batches of several sizes and compares every output value.</summary>
internal static class OnnxRuntimeBatches
{
    /// <summary>Feeds <paramref name="rows"/> to <paramref name="session"/> in batches of each size in <paramref name="batchSizes"/>; every output value must be within <c>1e-5 max(1, |expected|)</c> of <paramref name="expected"/>.</summary>
    public static void AssertOutputs(InferenceSession session, string inputName, float[][] rows, float[][] expected, IReadOnlyList<int> batchSizes, string what)
    {
        int dimension = rows[0].Length;
        int rank = expected[0].Length;
        foreach (int batch in batchSizes)
        {
            for (int start = 0; start < rows.Length; start += batch)
            {
                int count = Math.Min(batch, rows.Length - start);
                float[] values = rows.Skip(start).Take(count).SelectMany(r => r).ToArray();
                using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, new DenseTensor<float>(values, [count, dimension]))]);
                float[] output = results.Single().AsTensor<float>().ToArray();
                for (int r = 0; r < count; r++)
                {
                    for (int j = 0; j < rank; j++)
                    {
                        float want = expected[start + r][j];
                        Assert.True(Math.Abs(output[(r * rank) + j] - want) <= 1e-5 * Math.Max(1, Math.Abs(want)), $"{what}, batch {batch}, row {start + r}, value {j}: {output[(r * rank) + j]} vs {want}");
                    }
                }
            }
        }
    }
}
