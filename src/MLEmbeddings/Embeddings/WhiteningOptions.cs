namespace MLEmbeddings.Embeddings;

/// <summary>Options of <c>mlContext.Transforms.WhitenEmbedding</c>.</summary>
public sealed class WhiteningOptions : EmbeddingColumnOptions
{
    /// <summary>PCA (default) or ZCA whitening.</summary>
    public WhiteningKind Kind { get; set; } = WhiteningKind.Pca;

    /// <summary>
    /// PCA only: the output size, the number of leading components kept, in <c>[1, input size]</c>; null (default) keeps
    /// all (scikit-learn <c>n_components</c>). ZCA keeps the input size, so it must stay null for ZCA.
    /// </summary>
    public int? Rank { get; set; }

    /// <summary>
    /// Added to every eigenvalue of the covariance before scaling (<c>1 / sqrt(lambda + epsilon)</c>), so that directions
    /// without variance do not blow up; finite, 0 or more. Default 1e-5.
    /// </summary>
    public double Epsilon { get; set; } = Defaults.WhiteningEpsilon;

    /// <summary>Most threads used to fit and apply the map; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Defaults.MaxDegreeOfParallelism;

    /// <summary>A copy of these options.</summary>
    internal WhiteningOptions Clone() => (WhiteningOptions)MemberwiseClone();

    /// <summary>Checks every option and the rules between them, in one place.</summary>
    /// <exception cref="ArgumentException">An option is out of range or two options clash.</exception>
    internal void Validate()
    {
        ValidateColumns();
        OptionChecks.RequireDefined(Kind, nameof(Kind));
        if (Rank is int rank)
        {
            OptionChecks.RequireAtLeast(rank, 1, nameof(Rank));
            if (Kind == WhiteningKind.Zca)
            {
                throw new ArgumentException($"Rank is {rank} but Kind is Zca, which keeps the input's coordinates and size. Use Kind = Pca to reduce the dimension, or leave Rank null.", nameof(Rank));
            }
        }

        if (!(Epsilon >= 0) || double.IsInfinity(Epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, $"Epsilon must be a finite number >= 0; got {Epsilon}.");
        }

        OptionChecks.RequireThreadCount(MaxDegreeOfParallelism, nameof(MaxDegreeOfParallelism));
    }
}
