using MLEmbeddings.Neighbors;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.Tests.Neighbors;

/// <summary>Bad input to the neighbour components is rejected early with messages that say what, where and how to fix it.</summary>
public class NeighborBadInputTests
{
    private readonly MLContext _mlContext = new(seed: 1);

    [Fact]
    public void Feature_column_missing_names_the_column_and_lists_the_available_ones()
    {
        IDataView data = TestData.FromRows(_mlContext, TestData.RandomRows(10, 3, 1), Labels(10));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.MulticlassClassification.Trainers.KNearestNeighbors(featureColumnName: "Pixels").Fit(data));
        Assert.Contains("Column 'Pixels' was not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Features'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_that_is_not_a_key_asks_for_MapValueToKey()
    {
        IDataView data = TestData.FromRows(_mlContext, TestData.RandomRows(10, 3, 1), Labels(10));
        IDataView text = _mlContext.Transforms.Conversion.MapKeyToValue("Label").Fit(data).Transform(data);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.MulticlassClassification.Trainers.KNearestNeighbors().Fit(text));
        Assert.Contains("Column 'Label': expected a key type, got String", error.Message, StringComparison.Ordinal);
        Assert.Contains("MapValueToKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NaN_in_the_features_names_the_row_and_slot()
    {
        float[][] rows = TestData.RandomRows(10, 3, 1);
        rows[6][2] = float.NaN;
        IDataView data = TestData.FromRows(_mlContext, rows, Labels(10));
        var error = Assert.Throws<ArgumentException>(() => _mlContext.MulticlassClassification.Trainers.KNearestNeighbors(numberOfNeighbors: 1).Fit(data));
        Assert.Contains("Column 'Features', row 6: slot 2 is NaN", error.Message, StringComparison.Ordinal);

        rows[6][2] = float.PositiveInfinity;
        var model = _mlContext.MulticlassClassification.Trainers.KNearestNeighbors(numberOfNeighbors: 1).Fit(TestData.FromRows(_mlContext, TestData.RandomRows(10, 3, 1), Labels(10)));
        var scoring = Assert.Throws<ArgumentException>(() => ColumnValues.Vectors(model.Transform(TestData.FromRows(_mlContext, rows)), "Score"));
        Assert.Contains("row 6: slot 2 is Infinity", scoring.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_training_data_is_rejected()
    {
        IDataView data = TestData.FromRows(_mlContext, TestData.RandomRows(4, 3, 1), Labels(4));
        IDataView empty = _mlContext.Data.SkipRows(data, 4);
        var error = Assert.Throws<ArgumentException>(() => _mlContext.MulticlassClassification.Trainers.KNearestNeighbors(numberOfNeighbors: 1).Fit(empty));
        Assert.Contains("The training data has no rows", error.Message, StringComparison.Ordinal);

        IDataView text = _mlContext.Transforms.Conversion.MapKeyToValue("Text", "Label").Fit(data).Transform(data);
        IDataView unknownClasses = _mlContext.Data.LoadFromEnumerable(new[] { new KeyText { Text = "other" } });
        IDataView unlabelled = _mlContext.Transforms.Conversion.MapValueToKey("Label", "Text", keyData: unknownClasses).Fit(text).Transform(text);
        var missing = Assert.Throws<ArgumentException>(() => _mlContext.MulticlassClassification.Trainers.KNearestNeighbors(numberOfNeighbors: 1).Fit(unlabelled));
        Assert.Contains("All 4 rows have a missing label (key value 0)", missing.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void NumberOfNeighbors_below_one_is_rejected_when_the_trainer_is_created(int k)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.MulticlassClassification.Trainers.KNearestNeighbors(numberOfNeighbors: k));
        Assert.Contains($"NumberOfNeighbors must be at least 1; got {k}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NumberOfNeighbors_larger_than_the_training_set_names_both_numbers()
    {
        IDataView data = TestData.FromRows(_mlContext, TestData.RandomRows(8, 3, 1), Labels(8));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.MulticlassClassification.Trainers.KNearestNeighbors(numberOfNeighbors: 9).Fit(data));
        Assert.Contains("NumberOfNeighbors is 9 but the training data has only 8 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scoring_vectors_of_another_size_name_both_sizes()
    {
        var model = _mlContext.MulticlassClassification.Trainers.KNearestNeighbors(numberOfNeighbors: 1).Fit(TestData.FromRows(_mlContext, TestData.RandomRows(8, 3, 1), Labels(8)));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => model.Transform(TestData.FromRows(_mlContext, TestData.RandomRows(2, 4, 1))));
        Assert.Contains("trained on vectors of size 3, but the input has vectors of size 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inverse_distance_with_inner_product_explains_the_conflict()
    {
        var error = Assert.Throws<ArgumentException>(() => _mlContext.MulticlassClassification.Trainers.KNearestNeighbors(new KNearestNeighborsOptions
        {
            Metric = NeighborMetric.InnerProduct,
            Weighting = NeighborWeighting.InverseDistance,
        }));
        Assert.Contains("Weighting is InverseDistance but Metric is InnerProduct", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void Temperature_must_be_positive(float temperature)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.MulticlassClassification.Trainers.NearestCentroid(new NearestCentroidOptions { Temperature = temperature }));
        Assert.Contains("Temperature must be a finite number greater than 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_with_more_neighbours_than_corpus_rows_names_both_numbers()
    {
        IDataView corpus = TestData.FromRows(_mlContext, TestData.RandomRows(5, 3, 1));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _mlContext.Transforms.SearchNearestNeighbors(numberOfNeighbors: 6).Fit(corpus));
        Assert.Contains("NumberOfNeighbors is 6 but the corpus has only 5 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_output_columns_must_differ()
    {
        var error = Assert.Throws<ArgumentException>(() => _mlContext.Transforms.SearchNearestNeighbors("Out", "Out"));
        Assert.Contains("give the two output columns different names", error.Message, StringComparison.Ordinal);
    }

    private sealed class KeyText
    {
        public string Text { get; set; } = string.Empty;
    }

    private static string[] Labels(int count) => Enumerable.Range(0, count).Select(i => i % 2 == 0 ? "even" : "odd").ToArray();
}
