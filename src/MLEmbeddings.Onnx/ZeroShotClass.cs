namespace MLEmbeddings.Onnx;

/// <summary>
/// One class of zero-shot classification: its name (the label value it predicts) and one or more descriptions whose
/// embeddings, each normalised and then averaged, make the class prototype.
/// </summary>
public sealed class ZeroShotClass
{
    /// <summary>Creates the class.</summary>
    /// <param name="name">The class name: the label value (a <c>KeyValues</c> entry of the label column, when the data has one).</param>
    /// <param name="descriptions">One or more texts describing the class, for example "a sentence about sports".</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or there is no description or a null or empty one.</exception>
    public ZeroShotClass(string name, params string[] descriptions)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(descriptions);
        if (descriptions.Length == 0 || descriptions.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"Class '{name}' needs at least one description and no empty one; got {descriptions.Length} description(s).", nameof(descriptions));
        }

        Name = name;
        Descriptions = [.. descriptions];
    }

    /// <summary>The class name.</summary>
    public string Name { get; }

    /// <summary>The descriptions embedded to make the class prototype.</summary>
    public IReadOnlyList<string> Descriptions { get; }
}
