using MLEmbeddings.Kernels;
using static MLEmbeddings.Kernels.Tests.MetricLearning.MetricLearningOracle;

namespace MLEmbeddings.Kernels.Tests.MetricLearning;

public class LargeMarginObjectiveTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Loss_and_gradient_match_the_double_reference_and_finite_differences(int threads)
    {
        const int count = 40, dimension = 5, rank = 3, targetCount = 2, candidateCount = 4;
        const double push = 0.4;
        (float[] rows, int[] labels) = Labelled(count, dimension, 3, seed: 21, separation: 0.3);
        var data = ClassSortedRows.Create(new ReadOnlyMatrixView(rows, count, dimension), labels, center: true);
        int[] targets = NeighborSets.SameClass(data, targetCount, 1).Ids;
        float[] transformation = RandomValues(rank * dimension, seed: 22, scale: 1.5);
        var objective = new LargeMarginObjective(data.View, targets, targetCount, push, rank, threads);
        objective.Project(ToDouble(transformation));
        int[] candidates = NeighborSets.OtherClasses(objective.Projected, data.ClassStarts, candidateCount, 1);
        objective.SetCandidates(candidates, candidateCount);
        var gradient = new double[rank * dimension];

        double value = objective.Evaluate(ToDouble(transformation), gradient);

        double Reference(double[] t)
        {
            double[][] y = Project(data.Values, count, dimension, t, rank);
            double pull = 0, hinge = 0;
            for (int i = 0; i < count; i++)
            {
                for (int a = 0; a < targetCount; a++)
                {
                    double dTarget = SquaredDistance(y[i], y[targets[(i * targetCount) + a]]);
                    pull += dTarget;
                    for (int c = 0; c < candidateCount; c++)
                    {
                        int l = candidates[(i * candidateCount) + c];
                        hinge += l < 0 ? 0 : Math.Max(0, 1 + dTarget - SquaredDistance(y[i], y[l]));
                    }
                }
            }

            return ((1 - push) * pull) + (push * hinge);
        }

        double expected = Reference(ToDouble(transformation));
        double[] numeric = FiniteDifferences(Reference, ToDouble(transformation), 1e-6);
        Assert.True(objective.ActiveTriplets > 0, "the test needs active hinges");
        Assert.Equal(expected, value, 1e-4 * expected);
        Assert.True(RelativeError(gradient.Select(g => (float)g).ToArray(), numeric) < 1e-3, $"gradient error {RelativeError(gradient.Select(g => (float)g).ToArray(), numeric)}");
    }

    [Fact]
    public void Target_neighbours_are_the_nearest_rows_of_the_same_class_and_candidates_of_other_classes()
    {
        const int count = 60, dimension = 4;
        (float[] rows, int[] labels) = Labelled(count, dimension, 3, seed: 23);
        var data = ClassSortedRows.Create(new ReadOnlyMatrixView(rows, count, dimension), labels, center: false);
        (int[] targets, float[] distances) = NeighborSets.SameClass(data, 3, 2);
        int[] others = NeighborSets.OtherClasses(data.View, data.ClassStarts, 5, 2);
        for (int i = 0; i < count; i++)
        {
            double[] row = data.Values.AsSpan(i * dimension, dimension).ToArray().Select(v => (double)v).ToArray();
            double Distance(int j) => SquaredDistance(row, data.Values.AsSpan(j * dimension, dimension).ToArray().Select(v => (double)v).ToArray());
            int[] sameExpected = Enumerable.Range(0, count).Where(j => j != i && data.ClassOfRow[j] == data.ClassOfRow[i]).OrderBy(Distance).ThenBy(j => j).Take(3).ToArray();
            int[] otherExpected = Enumerable.Range(0, count).Where(j => data.ClassOfRow[j] != data.ClassOfRow[i]).OrderBy(Distance).ThenBy(j => j).Take(5).ToArray();
            Assert.Equal(sameExpected, targets.AsSpan(i * 3, 3).ToArray());
            Assert.Equal(Distance(sameExpected[0]), distances[i * 3], 1e-5);
            Assert.Equal(otherExpected, others.AsSpan(i * 5, 5).ToArray());
        }
    }
}
