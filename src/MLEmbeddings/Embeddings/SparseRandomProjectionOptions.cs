namespace MLEmbeddings.Embeddings;

/// <summary>Options of <c>mlContext.Transforms.SparseRandomProjection</c> (Li, Hastie and Church's very sparse random projection).</summary>
public sealed class SparseRandomProjectionOptions : EmbeddingColumnOptions
{
    /// <summary>Output size, at least 1 (scikit-learn <c>n_components</c>). Default 128.</summary>
    public int Rank { get; set; } = Defaults.RandomProjectionRank;

    /// <summary>
    /// Share of non-zero entries of the projection matrix, in <c>(0, 1]</c>; null (default) uses <c>1 / sqrt(input size)</c>,
    /// the "very sparse" choice (scikit-learn <c>density='auto'</c>).
    /// </summary>
    public double? Density { get; set; }

    /// <summary>Seed of the projection matrix; null (default) takes one from the <c>MLContext</c> (scikit-learn <c>random_state</c>).</summary>
    public int? Seed { get; set; }

    /// <summary>A copy of these options.</summary>
    internal SparseRandomProjectionOptions Clone() => (SparseRandomProjectionOptions)MemberwiseClone();

    /// <summary>Checks every option, in one place.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    internal void Validate()
    {
        ValidateColumns();
        OptionChecks.RequireAtLeast(Rank, 1, nameof(Rank));
        if (Density is double density && !(density > 0 && density <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Density), density, $"Density must be in (0, 1], or null for 1 / sqrt(input size); got {density}.");
        }
    }
}
