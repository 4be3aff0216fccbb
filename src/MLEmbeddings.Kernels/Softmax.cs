using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>The softmax function, computed stably (the largest logit is subtracted before exponentiating).</summary>
public static class Softmax
{
    /// <summary>
    /// Writes <c>p_i = exp(scale * x_i) / sum_j exp(scale * x_j)</c> into <paramref name="destination"/>.
    /// Logits of negative infinity get probability 0; if every logit is negative infinity (or the span is empty) the
    /// destination is all zeros.
    /// </summary>
    /// <param name="logits">The logits <c>x</c>; may be the same span as <paramref name="destination"/>.</param>
    /// <param name="scale">Multiplier of the logits, e.g. an inverse temperature <c>1 / T</c>; finite and positive.</param>
    /// <param name="destination">Receives the probabilities; same length as <paramref name="logits"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not finite and positive.</exception>
    public static void Apply(ReadOnlySpan<float> logits, float scale, Span<float> destination)
    {
        MatrixShape.RequireSameLength(nameof(destination), destination.Length, logits.Length);
        if (!(scale > 0f) || !float.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"'{nameof(scale)}' must be finite and positive; got {scale}.");
        }

        if (logits.IsEmpty)
        {
            return;
        }

        float largest = TensorPrimitives.Max(logits);
        if (float.IsNegativeInfinity(largest))
        {
            destination.Clear();
            return;
        }

        TensorPrimitives.Subtract(logits, largest, destination);
        TensorPrimitives.Multiply(destination, scale, destination);
        TensorPrimitives.Exp(destination, destination);
        TensorPrimitives.Divide(destination, TensorPrimitives.Sum(destination), destination);
    }
}
