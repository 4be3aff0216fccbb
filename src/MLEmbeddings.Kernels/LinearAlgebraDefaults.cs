namespace MLEmbeddings.Kernels;

/// <summary>
/// Default settings of the dense linear algebra (<see cref="SymmetricEigensolver"/>, <see cref="CholeskyFactorization"/>,
/// <see cref="RandomizedSvd"/>), in one place.
/// </summary>
public static class LinearAlgebraDefaults
{
    /// <summary>
    /// Largest accepted asymmetry of a matrix that must be symmetric, relative to its largest magnitude:
    /// <c>|a_ij - a_ji| &lt;= 1e-4 * max |a_kl|</c>. Loose enough for float rounding in a Gram or covariance
    /// matrix, tight enough to catch a matrix that is not symmetric at all.
    /// </summary>
    public const double SymmetryTolerance = 1e-4;

    /// <summary>Extra random sample vectors beyond the rank in <see cref="RandomizedSvd"/> (scikit-learn's <c>n_oversamples</c> default, 10).</summary>
    public const int Oversampling = 10;

    /// <summary>Power (subspace) iterations in <see cref="RandomizedSvd"/>, each followed by a re-orthonormalisation (scikit-learn's <c>n_iter</c> default for small ranks, 4).</summary>
    public const int PowerIterations = 4;
}
