using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Eigenpairs of a symmetric matrix (or of a symmetric-definite pencil), as returned by <see cref="SymmetricEigensolver"/>:
/// eigenvalues in descending order and the matching eigenvectors as rows.
/// </summary>
/// <remarks>
/// Row <c>i</c> of <see cref="Eigenvectors"/> belongs to <c>Eigenvalues[i]</c>. For <c>A v = lambda v</c> the rows are
/// orthonormal; for the generalized problem <c>A v = lambda B v</c> they are <c>B</c>-orthonormal
/// (<c>v_i^T B v_j = delta_ij</c>). Sign convention: in each eigenvector the first component whose magnitude is within a
/// relative 1e-6 of the largest magnitude is positive. Immutable and safe to share between threads.
/// </remarks>
public sealed class SymmetricEigendecomposition
{
    private readonly double[] _eigenvalues;
    private readonly double[] _eigenvectors;

    internal SymmetricEigendecomposition(double[] eigenvalues, double[] eigenvectors, int size)
    {
        _eigenvalues = eigenvalues;
        _eigenvectors = eigenvectors;
        Size = size;
        var rounded = new float[eigenvectors.Length];
        TensorPrimitives.ConvertTruncating<double, float>(eigenvectors, rounded);
        Eigenvectors = DenseMatrix.TakeOwnership(rounded, eigenvalues.Length, size);
    }

    /// <summary>Order <c>n</c> of the decomposed matrix: the length of every eigenvector.</summary>
    public int Size { get; }

    /// <summary>Number of eigenpairs held: <c>n</c>, or the requested count.</summary>
    public int Count => _eigenvalues.Length;

    /// <summary>The eigenvalues, largest first, in double precision.</summary>
    public ReadOnlySpan<double> Eigenvalues => _eigenvalues;

    /// <summary>The eigenvectors rounded to float, <see cref="Count"/> x <see cref="Size"/>: row <c>i</c> is the eigenvector of <c>Eigenvalues[i]</c>.</summary>
    public DenseMatrix Eigenvectors { get; }

    /// <summary>Eigenvector <paramref name="index"/> in double precision (<see cref="Size"/> values).</summary>
    /// <param name="index">Eigenpair index in <c>[0, Count)</c>; 0 is the largest eigenvalue.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside <c>[0, Count)</c>.</exception>
    public ReadOnlySpan<double> Eigenvector(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Eigenpair index must be in [0, {Count}).");
        }

        return _eigenvectors.AsSpan(index * Size, Size);
    }
}
