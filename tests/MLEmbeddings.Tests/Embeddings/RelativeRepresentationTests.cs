using MLEmbeddings.Embeddings;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests.Embeddings;

public class RelativeRepresentationTests
{
    [Fact]
    public void Outputs_are_invariant_to_a_random_rotation_and_scaling_of_the_input()
    {
        const int D = 12;
        float[][] rows = TestData.RandomRows(200, D, seed: 5);
        double[,] rotation = RandomRotation(D, seed: 9);
        float[][] rotated = rows.Select(r => Enumerable.Range(0, D).Select(i => (float)(3 * Enumerable.Range(0, D).Sum(j => rotation[i, j] * r[j]))).ToArray()).ToArray();

        float[][] Represent(float[][] input)
        {
            var mlContext = new MLContext(1);
            IDataView data = TestData.FromRows(mlContext, input);
            var options = new RelativeRepresentationOptions { OutputColumnName = "Relative", InputColumnName = "Features", NumberOfAnchors = 20, Seed = 7 };
            return ColumnValues.Vectors(mlContext.Transforms.RelativeRepresentation(options).Fit(data).Transform(data), "Relative");
        }

        float[][] original = Represent(rows);
        float[][] fromRotated = Represent(rotated);
        for (int i = 0; i < rows.Length; i++)
        {
            for (int a = 0; a < 20; a++)
            {
                Assert.Equal(original[i][a], fromRotated[i][a], 1e-5);
            }
        }

        // The raw embeddings are far apart; only the relative ones agree.
        Assert.True(Math.Abs(rows[0][0] - rotated[0][0]) > 1e-3 || Math.Abs(rows[0][1] - rotated[0][1]) > 1e-3);
    }

    [Fact]
    public void Outputs_are_cosine_similarities_to_the_anchors()
    {
        var mlContext = new MLContext(1);
        float[][] rows = TestData.RandomRows(30, 5, seed: 2);
        IDataView data = TestData.FromRows(mlContext, rows);
        RelativeRepresentationTransformer model = mlContext.Transforms.RelativeRepresentation("Relative", "Features", numberOfAnchors: 4).Fit(data);
        float[][] output = ColumnValues.Vectors(model.Transform(data), "Relative");
        for (int a = 0; a < 4; a++)
        {
            float[] anchor = model.Anchors.Row(a).ToArray();
            Assert.Contains(rows, r => r.SequenceEqual(anchor));
            for (int i = 0; i < rows.Length; i++)
            {
                double dot = rows[i].Zip(anchor, (x, y) => (double)x * y).Sum();
                double cosine = dot / Math.Sqrt(rows[i].Sum(v => (double)v * v) * anchor.Sum(v => (double)v * v));
                Assert.Equal(cosine, output[i][a], 1e-5);
            }
        }
    }

    [Fact]
    public void K_means_anchors_are_the_centres_of_well_separated_clusters()
    {
        var mlContext = new MLContext(1);
        (float[][] rows, _) = Evaluation.ClusteringMetricsTests.Blobs(3, 20, 6, spread: 0.01f);
        IDataView data = TestData.FromRows(mlContext, rows);
        var options = new RelativeRepresentationOptions { OutputColumnName = "Relative", InputColumnName = "Features", NumberOfAnchors = 3, Anchors = AnchorSelection.KMeansCentroids, Seed = 1 };
        RelativeRepresentationTransformer model = mlContext.Transforms.RelativeRepresentation(options).Fit(data);
        Assert.Equal(AnchorSelection.KMeansCentroids, model.Selection);
        for (int c = 0; c < 3; c++)
        {
            float[] centre = Enumerable.Range(0, 6).Select(j => (float)rows.Where((_, i) => i % 3 == c).Average(r => r[j])).ToArray();
            Assert.Contains(Enumerable.Range(0, 3), a => model.Anchors.Row(a).ToArray().Zip(centre, (x, y) => Math.Abs(x - y)).Max() < 1e-3);
        }
    }

    [Fact]
    public void Passes_the_estimator_conformance_check_and_rejects_too_many_anchors()
    {
        float[][] rows = TestData.RandomRows(50, 8, seed: 6);
        EstimatorConformance.Check(new ConformanceCase<RelativeRepresentationTransformer>
        {
            CreateEstimator = ml => ml.Transforms.RelativeRepresentation("Relative", "Features", numberOfAnchors: 6),
            CreateData = ml => TestData.FromRows(ml, rows),
            ExpectedOutputs = [new ExpectedColumn("Relative", new VectorDataViewType(NumberDataViewType.Single, 6))],
            BadInputs = [BadInput.MissingColumn("Features"), BadInput.VectorOfDouble("Features")],
        });
        var mlContext = new MLContext(1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.RelativeRepresentation("Relative", "Features", 51).Fit(TestData.FromRows(mlContext, rows)));
        Assert.Contains("NumberOfAnchors is 51 but only 50 rows", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.RelativeRepresentation("Relative", numberOfAnchors: 0));
    }

    private static double[,] RandomRotation(int size, int seed)
    {
        var random = new Random(seed);
        var q = new double[size, size];
        for (int c = 0; c < size; c++)
        {
            for (int r = 0; r < size; r++)
            {
                q[r, c] = random.NextDouble() - 0.5;
            }

            for (int p = 0; p < c; p++)
            {
                double dot = Enumerable.Range(0, size).Sum(r => q[r, c] * q[r, p]);
                for (int r = 0; r < size; r++)
                {
                    q[r, c] -= dot * q[r, p];
                }
            }

            double norm = Math.Sqrt(Enumerable.Range(0, size).Sum(r => q[r, c] * q[r, c]));
            for (int r = 0; r < size; r++)
            {
                q[r, c] /= norm;
            }
        }

        return q;
    }
}
