namespace MLEmbeddings.Embeddings;

/// <summary>
/// Options of <c>mlContext.Transforms.RelativeRepresentation</c> (Moschella et al. 2023, "Relative representations
/// enable zero-shot latent space communication").
/// </summary>
public sealed class RelativeRepresentationOptions : EmbeddingColumnOptions
{
    /// <summary>Number of anchors, the output size: at least 1 and at most the number of fitted rows. Default 128.</summary>
    public int NumberOfAnchors { get; set; } = Defaults.NumberOfAnchors;

    /// <summary>How anchors are chosen. Default <see cref="AnchorSelection.Random"/>.</summary>
    public AnchorSelection Anchors { get; set; } = AnchorSelection.Random;

    /// <summary>Seed of the anchor sample or of k-means; null (default) takes one from the <c>MLContext</c>.</summary>
    public int? Seed { get; set; }

    /// <summary>A copy of these options.</summary>
    internal RelativeRepresentationOptions Clone() => (RelativeRepresentationOptions)MemberwiseClone();

    /// <summary>Checks every option, in one place.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    internal void Validate()
    {
        ValidateColumns();
        OptionChecks.RequireAtLeast(NumberOfAnchors, 1, nameof(NumberOfAnchors));
        OptionChecks.RequireDefined(Anchors, nameof(Anchors));
    }
}
