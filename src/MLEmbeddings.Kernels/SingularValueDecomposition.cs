namespace MLEmbeddings.Kernels;

/// <summary>
/// A truncated singular value decomposition <c>A ~ U Sigma V^T</c> of rank <c>r</c>, as returned by <see cref="RandomizedSvd"/>.
/// </summary>
/// <remarks>
/// The columns of <see cref="LeftSingularVectors"/> (<c>U</c>) and the rows of <see cref="RightSingularVectors"/>
/// (<c>V^T</c>) are orthonormal. Sign convention: in each right singular vector <c>v_j</c> the first component whose
/// magnitude is within a relative 1e-6 of the largest magnitude is positive (and <c>u_j</c> has the matching sign).
/// Immutable and safe to share between threads.
/// </remarks>
public sealed class SingularValueDecomposition
{
    private readonly double[] _singularValues;

    internal SingularValueDecomposition(DenseMatrix leftSingularVectors, double[] singularValues, DenseMatrix rightSingularVectors)
    {
        LeftSingularVectors = leftSingularVectors;
        _singularValues = singularValues;
        RightSingularVectors = rightSingularVectors;
    }

    /// <summary>The rank <c>r</c>: the number of singular triplets.</summary>
    public int Rank => _singularValues.Length;

    /// <summary>The singular values <c>sigma_0 &gt;= sigma_1 &gt;= ... &gt;= 0</c>.</summary>
    public ReadOnlySpan<double> SingularValues => _singularValues;

    /// <summary><c>U</c>, <c>n x r</c>: column <c>j</c> is the left singular vector <c>u_j</c>.</summary>
    public DenseMatrix LeftSingularVectors { get; }

    /// <summary><c>V^T</c>, <c>r x d</c>: row <c>j</c> is the right singular vector <c>v_j</c> (scikit-learn's <c>components_</c> layout).</summary>
    public DenseMatrix RightSingularVectors { get; }
}
