using MLEmbeddings.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.ML;

namespace MLEmbeddings.Onnx.Tests;

/// <summary>The Microsoft.Extensions.AI embedding generator over the same machinery.</summary>
public class SentenceEmbeddingGeneratorTests
{
    [Fact]
    public async Task The_generator_returns_the_torch_references_in_order()
    {
        using IEmbeddingGenerator<string, Embedding<float>> generator = new SentenceEmbeddingGenerator(OnnxFixtures.Options());
        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(OnnxFixtures.Sentences);
        double[][] expected = OnnxFixtures.Reference();
        Assert.Equal(expected.Length, embeddings.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            OnnxFixtures.AssertClose(expected[i], embeddings[i].Vector.ToArray(), 1e-4, 0.99999, $"sentence {i}");
        }

        var metadata = (EmbeddingGeneratorMetadata)generator.GetService(typeof(EmbeddingGeneratorMetadata))!;
        Assert.Equal(("MLEmbeddings.Onnx", "sentence_encoder.onnx", 32), (metadata.ProviderName, metadata.DefaultModelId, metadata.DefaultModelDimensions));
        Assert.Same(generator, generator.GetService(typeof(SentenceEmbeddingGenerator)));
        Assert.Null(generator.GetService(typeof(string)));
    }

    [Fact]
    public async Task Requested_dimensions_truncate_and_renormalise()
    {
        using var generator = new SentenceEmbeddingGenerator(OnnxFixtures.Options());
        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(OnnxFixtures.Sentences, new EmbeddingGenerationOptions { Dimensions = 12 });
        double[][] raw = OnnxFixtures.Reference("mean_unnormalized");
        for (int i = 0; i < raw.Length; i++)
        {
            OnnxFixtures.AssertClose(OnnxFixtures.Normalized(raw[i].Take(12)), embeddings[i].Vector.ToArray(), 1e-4, 0.99999, $"sentence {i}");
        }
    }

    [Fact]
    public async Task A_transformer_s_generator_shares_its_session_and_gives_the_same_vectors()
    {
        var mlContext = new MLContext(1);
        IDataView data = OnnxFixtures.Texts(mlContext, OnnxFixtures.Sentences);
        using SentenceEmbeddingTransformer transformer = mlContext.Transforms.Text.ApplySentenceEmbedding(OnnxFixtures.Options()).Fit(data);
        float[][] fromPipeline = MLEmbeddings.TestSupport.ColumnValues.Vectors(transformer.Transform(data), "Embedding");
        using (IEmbeddingGenerator<string, Embedding<float>> generator = transformer.CreateEmbeddingGenerator())
        {
            GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(OnnxFixtures.Sentences);
            Assert.Equal(fromPipeline, embeddings.Select(e => e.Vector.ToArray()));
        }

        Assert.Equal(fromPipeline, MLEmbeddings.TestSupport.ColumnValues.Vectors(transformer.Transform(data), "Embedding"));
    }

    [Fact]
    public async Task An_empty_list_gives_no_embeddings()
    {
        using var generator = new SentenceEmbeddingGenerator(OnnxFixtures.Options());
        Assert.Empty(await generator.GenerateAsync([]));
    }
}
