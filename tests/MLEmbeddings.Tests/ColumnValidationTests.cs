using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using MLEmbeddings.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Tests;

public class ColumnValidationTests
{
    private static readonly DataViewSchema Schema = BuildSchema();

    [Fact]
    public void AKnownSizeSingleVectorIsAcceptedWithItsSize()
    {
        Assert.Equal(4, ColumnValidation.RequireKnownSizeSingleVector(Schema, "Good"));
        ColumnValidation.RequireKnownSizeSingleVector(EstimatorConformance.ShapeOf(Schema), "Good");
    }

    [Theory]
    [InlineData("Nope", "Column 'Nope' was not found in the input. Available columns: 'Good', 'Doubles', 'Variable', 'Scalar', 'Text', 'Label'.")]
    [InlineData("Doubles", "Column 'Doubles': expected a known-size vector of Single, got Vector<Double, 3>. Add mlContext.Transforms.Conversion.ConvertType(...) before this step.")]
    [InlineData("Variable", "Column 'Variable': expected a known-size vector of Single, got a variable-size Vector<Single>. Give the column a fixed size")]
    [InlineData("Scalar", "Column 'Scalar': expected a known-size vector of Single, got Single. Add mlContext.Transforms.Concatenate(...) to build a vector column.")]
    [InlineData("Text", "Column 'Text': expected a known-size vector of Single, got String. Featurize the column first")]
    public void WrongVectorColumnsAreRejectedWithTheFix(string column, string message)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => ColumnValidation.RequireKnownSizeSingleVector(Schema, column));
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
        Assert.Equal("inputSchema", exception.ParamName);
    }

    [Theory]
    [InlineData("Nope", "Column 'Nope' was not found in the input.")]
    [InlineData("Doubles", "Column 'Doubles': expected a known-size vector of Single, got Vector<Double>. Add mlContext.Transforms.Conversion.ConvertType(...) before this step.")]
    [InlineData("Variable", "got a variable-size Vector<Single>. Give the column a fixed size")]
    [InlineData("Scalar", "got Single. Add mlContext.Transforms.Concatenate(...)")]
    public void WrongVectorShapesAreRejectedWithTheFix(string column, string message)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => ColumnValidation.RequireKnownSizeSingleVector(EstimatorConformance.ShapeOf(Schema), column));
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelsMustBeKeys()
    {
        Assert.Equal(3UL, ColumnValidation.RequireKey(Schema, "Label"));
        ColumnValidation.RequireKey(EstimatorConformance.ShapeOf(Schema), "Label");
        const string Expected = "Column 'Text': expected a key type, got String. Add mlContext.Transforms.Conversion.MapValueToKey(...) before this step.";
        Assert.Contains(Expected, Assert.Throws<ArgumentOutOfRangeException>(() => ColumnValidation.RequireKey(Schema, "Text")).Message, StringComparison.Ordinal);
        Assert.Contains(Expected, Assert.Throws<ArgumentOutOfRangeException>(() => ColumnValidation.RequireKey(EstimatorConformance.ShapeOf(Schema), "Text")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoringSizeMustMatchTheTrainingSize()
    {
        ColumnValidation.RequireTrainedSize("Features", 384, 384);
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => ColumnValidation.RequireTrainedSize("Features", 384, 768));
        Assert.Contains("Column 'Features': the model was trained on vectors of size 384, but the input has vectors of size 768.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonFiniteValuesNameTheirRowAndSlot()
    {
        float[] values = [1, 2, 3, 4, 5, float.PositiveInfinity];
        var block = new ReadOnlyMatrixView(values, 2, 3);
        var exception = Assert.Throws<ArgumentException>(() => ColumnValidation.RequireFinite(block, 40, "Features"));
        Assert.Contains("Column 'Features', row 41: slot 2 is", exception.Message, StringComparison.Ordinal);
        ColumnValidation.RequireFinite(new ReadOnlyMatrixView(values, 1, 3), 0, "Features");
        Assert.Equal(-1, ColumnValidation.FirstNonFinite([float.MaxValue, float.MinValue, float.Epsilon]));
        Assert.Equal(1, ColumnValidation.FirstNonFinite([0f, float.NaN]));
    }

    private static DataViewSchema BuildSchema()
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Good", new VectorDataViewType(NumberDataViewType.Single, 4));
        builder.AddColumn("Doubles", new VectorDataViewType(NumberDataViewType.Double, 3));
        builder.AddColumn("Variable", new VectorDataViewType(NumberDataViewType.Single));
        builder.AddColumn("Scalar", NumberDataViewType.Single);
        builder.AddColumn("Text", TextDataViewType.Instance);
        builder.AddColumn("Label", new KeyDataViewType(typeof(uint), 3));
        return builder.ToSchema();
    }
}
