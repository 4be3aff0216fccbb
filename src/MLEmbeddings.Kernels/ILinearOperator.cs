namespace MLEmbeddings.Kernels;

/// <summary>
/// A linear map <c>A</c> (<see cref="Rows"/> x <see cref="Columns"/>) that multiplies blocks of vectors stored as rows,
/// the only access <see cref="RandomizedSvd"/> needs, so dense and sparse matrices share that algorithm.
/// </summary>
/// <remarks>Implementations must give bit-identical results for every <c>maxDegreeOfParallelism</c>.</remarks>
internal interface ILinearOperator
{
    /// <summary>Number of rows <c>n</c> of <c>A</c>.</summary>
    int Rows { get; }

    /// <summary>Number of columns <c>d</c> of <c>A</c>.</summary>
    int Columns { get; }

    /// <summary>Row <c>j</c> of <paramref name="result"/> (<c>k x n</c>) becomes <c>A x_j</c>, <c>x_j</c> row <c>j</c> of <paramref name="vectors"/> (<c>k x d</c>): <c>result = X A^T</c>.</summary>
    void Multiply(ReadOnlyMatrixView vectors, MatrixView result, int maxDegreeOfParallelism);

    /// <summary>Row <c>j</c> of <paramref name="result"/> (<c>k x d</c>) becomes <c>A^T y_j</c>, <c>y_j</c> row <c>j</c> of <paramref name="vectors"/> (<c>k x n</c>): <c>result = Y A</c>.</summary>
    void MultiplyTransposed(ReadOnlyMatrixView vectors, MatrixView result, int maxDegreeOfParallelism);

    /// <summary>
    /// <paramref name="result"/> (<c>n x k</c>) becomes <c>A B</c> for <paramref name="basis"/> <c>B</c> (<c>d x k</c>,
    /// vectors as columns), the layout in which <see cref="RowSpaceRandomizedSvd"/> keeps its basis.
    /// </summary>
    void MultiplyColumns(ReadOnlyMatrixView basis, MatrixView result, int maxDegreeOfParallelism);

    /// <summary>
    /// <paramref name="result"/> (<c>d x k</c>) becomes <c>A^T A B</c> for <paramref name="basis"/> <c>B</c> (<c>d x k</c>,
    /// vectors as columns), streamed over blocks of rows of <c>A</c> so that nothing of size <c>n x k</c> is formed.
    /// </summary>
    void MultiplyNormal(ReadOnlyMatrixView basis, MatrixView result, int maxDegreeOfParallelism);
}
