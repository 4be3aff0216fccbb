using MLEmbeddings.Interop;
using Microsoft.ML;

namespace MLEmbeddings.Tests;

public class MLNetInternalsTests
{
    [Fact]
    public void EveryInternalMemberResolvesOnTheReferencedMLNet()
    {
        MLNetInternals internals = MLNetInternals.Instance;
        Assert.Equal("SignatureLoadModel", internals.SignatureLoadModel.Name);
    }

    [Fact]
    public void LoadedVersionIsThePackageVersion()
    {
        Assert.Equal("5.0.1", InternalMemberResolver.LoadedVersion());
    }

    [Fact]
    public void MissingMemberMessageNamesMemberLoadedVersionAndRequiredRange()
    {
        var resolver = new InternalMemberResolver();
        Assert.NotNull(resolver.Field(typeof(ModelSaveContext), "Writer"));
        Assert.Null(resolver.Field(typeof(ModelSaveContext), "NoSuchWriterField"));
        Assert.Null(resolver.Type(typeof(ModelSaveContext), "Microsoft.ML.NoSuchType"));

        var exception = Assert.Throws<InvalidOperationException>(resolver.ThrowIfAnyMissing);

        Assert.Contains("field Microsoft.ML.ModelSaveContext.NoSuchWriterField", exception.Message, StringComparison.Ordinal);
        Assert.Contains("type Microsoft.ML.NoSuchType in Microsoft.ML.Core", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ML 5.0.1", exception.Message, StringComparison.Ordinal);
        Assert.Contains("requires Microsoft.ML [5.0.1, 5.1)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolverReportsMissingMethodsAndConstructorsWithTheirParameters()
    {
        var resolver = new InternalMemberResolver();
        Assert.Null(resolver.Method(typeof(ModelSaveContext), "CheckAtModel", typeof(int)));
        Assert.Null(resolver.Constructor(typeof(ModelSaveContext), typeof(string)));
        Assert.Equal(
            ["method Microsoft.ML.ModelSaveContext.CheckAtModel(Int32)", "constructor Microsoft.ML.ModelSaveContext(String)"],
            resolver.Missing);
    }
}
