using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using MLEmbeddings.Neighbors;

namespace MLEmbeddings.Onnx;

/// <summary>
/// The fitted zero-shot classifier: one unit-norm prototype per class (the normalised mean of its normalised
/// description embeddings); a row's class probabilities are <c>softmax(cos(x, p_k) / Temperature)</c>, scored by the
/// nearest-centroid machinery with cosine similarity. Exposed as <c>Model</c> of the prediction transformer.
/// </summary>
public sealed class ZeroShotModel : IMulticlassModel
{
    private readonly NearestCentroidModel _centroids;
    private readonly ZeroShotClass[] _classes;

    internal ZeroShotModel(ZeroShotClass[] classes, NearestCentroidModel centroids)
    {
        _classes = classes;
        _centroids = centroids;
    }

    /// <summary>The classes in key order (class <c>k</c> is key value <c>k + 1</c>), with their descriptions.</summary>
    public IReadOnlyList<ZeroShotClass> Classes => _classes;

    /// <summary>The class prototypes, one unit-norm row per class.</summary>
    public DenseMatrix Prototypes => _centroids.Prototypes;

    /// <summary>Softmax temperature of the class probabilities.</summary>
    public float Temperature => _centroids.Temperature;

    /// <summary>Number of classes.</summary>
    public int NumberOfClasses => _centroids.NumberOfClasses;

    /// <summary>Values per embedding.</summary>
    public int Dimension => _centroids.Dimension;

    /// <inheritdoc/>
    void IMulticlassModel.Score(ReadOnlyMatrixView rows, Span<float> probabilities, Span<uint> predictedKeys)
        => ((IMulticlassModel)_centroids).Score(rows, probabilities, predictedKeys);

    /// <inheritdoc/>
    void IMulticlassModel.Save(ModelPayloadWriter writer)
    {
        writer.Write(_classes.Length);
        foreach (ZeroShotClass zeroShotClass in _classes)
        {
            writer.Write(zeroShotClass.Name);
            writer.Write(zeroShotClass.Descriptions);
        }

        ((IMulticlassModel)_centroids).Save(writer);
    }

    /// <summary>Reads a model written by <see cref="IMulticlassModel.Save"/>.</summary>
    internal static ZeroShotModel Load(ModelPayloadReader reader)
    {
        int count = reader.ReadInt32("the class count", 1, int.MaxValue);
        var classes = new ZeroShotClass[count];
        for (int k = 0; k < count; k++)
        {
            classes[k] = new ZeroShotClass(reader.ReadNonNullString("a class name"), reader.ReadStrings());
        }

        NearestCentroidModel centroids = NearestCentroidModel.Load(reader);
        if (centroids.NumberOfClasses != count)
        {
            throw reader.Corrupt($"the zero-shot model has {count} classes but {centroids.NumberOfClasses} prototypes");
        }

        return new ZeroShotModel(classes, centroids);
    }
}
