using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>What <see cref="MulticlassPredictionTransformerBase{TModel}"/> needs from a fitted multiclass model.</summary>
internal interface IMulticlassModel
{
    /// <summary>Number of classes C (the size of the Score vector).</summary>
    int NumberOfClasses { get; }

    /// <summary>Values per feature vector.</summary>
    int Dimension { get; }

    /// <summary>
    /// Scores a block of rows: class probabilities <c>probabilities[r*C .. r*C+C)</c> and the predicted class of
    /// each row as a 1-based key value. Safe to call from several threads at once.
    /// </summary>
    void Score(ReadOnlyMatrixView rows, Span<float> probabilities, Span<uint> predictedKeys);

    /// <summary>Writes the model's state.</summary>
    void Save(ModelPayloadWriter writer);
}
