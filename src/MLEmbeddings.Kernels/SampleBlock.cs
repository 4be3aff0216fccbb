using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// The working storage of one side of <see cref="RandomizedSvd"/>: a block of <see cref="Count"/> vectors of length
/// <see cref="Length"/>, stored as rows, holding the latest product with the matrix and its orthonormal basis.
/// </summary>
internal sealed class SampleBlock
{
    private readonly float[] _product;
    private readonly double[] _work;

    /// <summary>Allocates the block (all zeros).</summary>
    public SampleBlock(int count, int length)
    {
        Count = count;
        Length = length;
        Basis = new float[checked(count * length)];
        _product = new float[Basis.Length];
        _work = new double[Basis.Length];
        OrthonormalBasis = new double[Basis.Length];
    }

    /// <summary>Number of vectors.</summary>
    public int Count { get; }

    /// <summary>Length of each vector.</summary>
    public int Length { get; }

    /// <summary>The vectors multiplied next, in float: the orthonormal basis after <see cref="Orthonormalize"/> (or a starting block written by the caller).</summary>
    public float[] Basis { get; }

    /// <summary><see cref="Basis"/> as a <see cref="Count"/> x <see cref="Length"/> view.</summary>
    public ReadOnlyMatrixView BasisView => new(Basis, Count, Length);

    /// <summary>The block that receives the next product with the matrix.</summary>
    public MatrixView ProductView => new(_product, Count, Length);

    /// <summary>The orthonormal basis of the last <see cref="Orthonormalize"/>, in double precision.</summary>
    public double[] OrthonormalBasis { get; }

    /// <summary>Replaces the basis with orthonormal rows spanning the product (Householder QR in double).</summary>
    public void Orthonormalize(int maxDegreeOfParallelism)
    {
        TensorPrimitives.ConvertChecked<float, double>(_product, _work);
        HouseholderQr.OrthonormalizeRows(_work, Count, Length, OrthonormalBasis, maxDegreeOfParallelism);
        TensorPrimitives.ConvertTruncating<double, float>(OrthonormalBasis, Basis);
    }

    /// <summary>A copy of the product in double precision.</summary>
    public double[] ProductInDouble()
    {
        var result = new double[_product.Length];
        TensorPrimitives.ConvertChecked<float, double>(_product, result);
        return result;
    }
}
