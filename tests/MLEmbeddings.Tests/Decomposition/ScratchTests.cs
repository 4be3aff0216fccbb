using System.Diagnostics;
using System.Runtime.InteropServices;
using MLEmbeddings.Decomposition;
using MLEmbeddings.Kernels;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace MLEmbeddings.Tests.Decomposition;

public class ScratchTests(ITestOutputHelper output)
{
    private static T[] Npy<T>(string path) where T : struct
    {
        byte[] b = File.ReadAllBytes(path);
        int h = BitConverter.ToUInt16(b, 8);
        return MemoryMarshal.Cast<byte, T>(b.AsSpan(10 + h)).ToArray();
    }

    [Fact]
    public void Scratch()
    {
        int[] shape = Npy<long>("/tmp/tfidf/tfidf_shape.npy").Select(v => (int)v).ToArray();
        var csr = new CsrMatrix(shape[0], shape[1], Npy<int>("/tmp/tfidf/tfidf_indptr.npy"), Npy<int>("/tmp/tfidf/tfidf_indices.npy"), Npy<float>("/tmp/tfidf/tfidf_data.npy"));
        var w = Stopwatch.StartNew();
        var v = MatrixView.Allocate(shape[1], 30);
        var r = MatrixView.Allocate(shape[0], 30);
        SparseMatrixProducts.Multiply(csr, v, r, 2);
        output.WriteLine($"multiply {w.ElapsedMilliseconds} ms");
        w.Restart();
        SparseMatrixProducts.TransposeMultiply(csr, r, v, 2);
        output.WriteLine($"multiplyT {w.ElapsedMilliseconds} ms");
        w.Restart();
        var items = Enumerable.Range(0, csr.Rows).Select(i => new Row { Features = new VBuffer<float>(shape[1], csr.RowValues(i).Length, csr.RowValues(i).ToArray(), csr.RowColumnIndices(i).ToArray()) }).ToList();
        var ml = new MLContext(1);
        var def = SchemaDefinition.Create(typeof(Row));
        def["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, shape[1]);
        var view = ml.Data.LoadFromEnumerable(items, def);
        w.Restart();
        var host = MLEmbeddings.Interop.ComponentHost.FromCatalog(ml.Transforms, "x");
        var read = MLEmbeddings.Interop.SparseTrainingDataReader.Read(view, "Features", host);
        output.WriteLine($"read {w.ElapsedMilliseconds} ms");
        var m = ml.Transforms.NonNegativeMatrixFactorization(new NonNegativeMatrixFactorizationOptions { OutputColumnName = "C", InputColumnName = "Features", Rank = 20, MaxDegreeOfParallelism = 2, Seed = 0 }).Fit(view);
        output.WriteLine($"fit it {m.IterationsRun} err {m.ReconstructionError}");
        var test = ml.Data.TakeRows(view, 10000);
        for (int rep = 0; rep < 3; rep++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            w.Restart();
            var t = m.Transform(test);
            var col = t.Schema["C"];
            using (var cursor = t.GetRowCursor([col]))
            {
                var g = cursor.GetGetter<VBuffer<float>>(col);
                VBuffer<float> b = default;
                while (cursor.MoveNext()) { g(ref b); }
            }

            output.WriteLine($"transform wall {w.ElapsedMilliseconds} ms cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds} ms");
            // kernel only
            var sub = new CsrMatrix(10000, shape[1], csr.RowPointers[..10001], csr.ColumnIndices[..csr.RowPointers[10000]], csr.Values[..csr.RowPointers[10000]]);
            var ht = m.Components.Transpose();
            var cross = MatrixView.Allocate(10000, 20);
            var gram = MatrixView.Allocate(20, 20);
            Gemm.Multiply(ht.AsView(), true, ht.AsView(), false, gram);
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            SparseMatrixProducts.Multiply(sub, ht.AsView(), cross, 2);
            var c1 = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            var f = MatrixView.Allocate(10000, 20);
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            int un = NonNegativeCoordinateDescent.Solve(f, gram, cross, 0, 0, 1e-4f, 200, 2);
            output.WriteLine($"cross cpu {c1} ms, solve cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds} ms unconverged {un}");
            int[] sweeps = new int[6];
            foreach (int cap in new[] { 5, 10, 20, 50, 100, 200 })
            {
                var f2 = MatrixView.Allocate(10000, 20);
                output.WriteLine($"cap {cap}: unconverged {NonNegativeCoordinateDescent.Solve(f2, gram, cross, 0, 0, 1e-4f, cap, 1)}");
            }
        }
    }

    private sealed class Row
    {
        public VBuffer<float> Features { get; set; }
    }
}
