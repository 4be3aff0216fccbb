using System.Buffers;
using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>
/// The Cholesky factorization <c>A + jitter I = L L^T</c> of a symmetric positive-definite matrix, computed and kept in
/// double precision: solves <c>A x = b</c> and gives <c>log det A</c>.
/// </summary>
/// <remarks>
/// The factor is computed row by row (<c>L_ij = (a_ij - sum_(k&lt;j) L_ik L_jk) / L_jj</c>,
/// <c>L_ii = sqrt(a_ii - sum_(k&lt;i) L_ik^2)</c>), about <c>n^3 / 3</c> flops; solving costs <c>2 n^2</c> flops per
/// right-hand side. The object is immutable and safe to share between threads.
/// </remarks>
public sealed class CholeskyFactorization
{
    /// <summary>Right-hand sides up to this length get their double scratch on the stack.</summary>
    private const int StackScratchLength = 256;

    /// <summary>Rows factorized or solved together, so each row of <c>L</c> is read from memory once per group.</summary>
    private const int RowGroup = 16;

    private readonly double[] _lower;

    private CholeskyFactorization(double[] lower, int size, double jitter, double logDeterminant)
    {
        _lower = lower;
        Size = size;
        Jitter = jitter;
        LogDeterminant = logDeterminant;
    }

    /// <summary>Order <c>n</c> of the factorized matrix.</summary>
    public int Size { get; }

    /// <summary>The value added to every diagonal entry before factorizing (0 when none).</summary>
    public double Jitter { get; }

    /// <summary><c>log det(A + jitter I) = 2 sum_i log L_ii</c>; 0 for a 0 x 0 matrix.</summary>
    public double LogDeterminant { get; }

    /// <summary>
    /// Factorizes a symmetric positive-definite float matrix (converted to double first).
    /// </summary>
    /// <param name="matrix">The <c>n x n</c> symmetric matrix <c>A</c>; <c>n</c> may be 0.</param>
    /// <param name="jitter">Added to every diagonal entry before factorizing, a regularisation (ridge) that makes a positive semi-definite matrix definite; 0 (default) or more, finite.</param>
    /// <param name="symmetryTolerance">Largest accepted <c>|a_ij - a_ji|</c> relative to <c>max |a_kl|</c>; default <see cref="LinearAlgebraDefaults.SymmetryTolerance"/>. The factorization uses <c>(a_ij + a_ji) / 2</c>.</param>
    /// <returns>The factorization.</returns>
    /// <exception cref="ArgumentException"><paramref name="matrix"/> is not square, has a non-finite entry, is not symmetric, or is not positive definite (the message names the failing pivot and suggests a jitter).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="jitter"/> is negative or not finite, or <paramref name="symmetryTolerance"/> is negative or NaN.</exception>
    public static CholeskyFactorization Factorize(ReadOnlyMatrixView matrix, double jitter = 0, double symmetryTolerance = LinearAlgebraDefaults.SymmetryTolerance)
    {
        ValidateJitter(jitter);
        double[] values = SymmetricInput.Read(matrix, nameof(matrix), symmetryTolerance);
        return FactorizeInPlace(values, matrix.Rows, jitter, nameof(matrix));
    }

    /// <summary>Factorizes a symmetric positive-definite double matrix given as <paramref name="size"/> x <paramref name="size"/> row-major values.</summary>
    /// <param name="matrix">The row-major values of <c>A</c>, <c>size * size</c> long.</param>
    /// <param name="size">The order <c>n</c>, 0 or more.</param>
    /// <param name="jitter">Added to every diagonal entry before factorizing; 0 (default) or more, finite.</param>
    /// <param name="symmetryTolerance">Largest accepted <c>|a_ij - a_ji|</c> relative to <c>max |a_kl|</c>; default <see cref="LinearAlgebraDefaults.SymmetryTolerance"/>.</param>
    /// <returns>The factorization.</returns>
    /// <exception cref="ArgumentException"><paramref name="matrix"/> has the wrong length, a non-finite entry, is not symmetric, or is not positive definite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> or <paramref name="jitter"/> is negative, <paramref name="jitter"/> is not finite, or <paramref name="symmetryTolerance"/> is negative or NaN.</exception>
    public static CholeskyFactorization Factorize(ReadOnlySpan<double> matrix, int size, double jitter = 0, double symmetryTolerance = LinearAlgebraDefaults.SymmetryTolerance)
    {
        ValidateJitter(jitter);
        double[] values = SymmetricInput.Read(matrix, size, nameof(matrix), symmetryTolerance);
        return FactorizeInPlace(values, size, jitter, nameof(matrix));
    }

    /// <summary>The lower-triangular factor <c>L</c> (<c>n x n</c>, zeros above the diagonal), rounded to float, in a new matrix.</summary>
    public DenseMatrix ToLowerMatrix()
    {
        var values = new float[_lower.Length];
        TensorPrimitives.ConvertTruncating<double, float>(_lower, values);
        return DenseMatrix.TakeOwnership(values, Size, Size);
    }

    /// <summary>Row <paramref name="row"/> of <c>L</c> in double precision: its first <c>row + 1</c> entries (the rest are 0).</summary>
    /// <param name="row">Row index in <c>[0, Size)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside <c>[0, Size)</c>.</exception>
    public ReadOnlySpan<double> LowerRow(int row)
    {
        if ((uint)row >= (uint)Size)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row index must be in [0, {Size}).");
        }

        return _lower.AsSpan(row * Size, row + 1);
    }

    /// <summary>Solves <c>(A + jitter I) x = b</c> in double precision.</summary>
    /// <param name="rightHandSide">The vector <c>b</c>, <see cref="Size"/> long.</param>
    /// <param name="solution">Receives <c>x</c>, <see cref="Size"/> long; it may be the same span as <paramref name="rightHandSide"/>.</param>
    /// <exception cref="ArgumentException">A span does not have length <see cref="Size"/>.</exception>
    public void Solve(ReadOnlySpan<double> rightHandSide, Span<double> solution)
    {
        MatrixShape.RequireSameLength(nameof(rightHandSide), rightHandSide.Length, Size);
        MatrixShape.RequireSameLength(nameof(solution), solution.Length, Size);
        rightHandSide.CopyTo(solution);
        SolveRowsInPlace(solution, 1);
    }

    /// <summary>Solves <c>(A + jitter I) x = b</c> for float vectors; the work is done in double precision.</summary>
    /// <param name="rightHandSide">The vector <c>b</c>, <see cref="Size"/> long.</param>
    /// <param name="solution">Receives <c>x</c>, <see cref="Size"/> long; it may be the same span as <paramref name="rightHandSide"/>.</param>
    /// <exception cref="ArgumentException">A span does not have length <see cref="Size"/>.</exception>
    public void Solve(ReadOnlySpan<float> rightHandSide, Span<float> solution)
    {
        MatrixShape.RequireSameLength(nameof(rightHandSide), rightHandSide.Length, Size);
        MatrixShape.RequireSameLength(nameof(solution), solution.Length, Size);
        double[]? rented = Size > StackScratchLength ? ArrayPool<double>.Shared.Rent(Size) : null;
        try
        {
            Span<double> scratch = rented is null ? stackalloc double[Size] : rented.AsSpan(0, Size);
            SolveFloat(rightHandSide, solution, scratch);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Solves <c>(A + jitter I) x_i = b_i</c> for many right-hand sides, one per row: row <c>i</c> of
    /// <paramref name="solutions"/> receives the solution for row <c>i</c> of <paramref name="rightHandSides"/>
    /// (as matrices, <c>X = B A^-1</c>, since <c>A</c> is symmetric).
    /// </summary>
    /// <param name="rightHandSides">The <c>m x n</c> right-hand sides, one per row.</param>
    /// <param name="solutions">Receives the <c>m x n</c> solutions; it may view the same memory as <paramref name="rightHandSides"/>.</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 (default) for all cores. Results are bit-identical for every value.</param>
    /// <exception cref="ArgumentException">A view does not have <see cref="Size"/> columns, or the row counts differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
    public void Solve(ReadOnlyMatrixView rightHandSides, MatrixView solutions, int maxDegreeOfParallelism = -1)
    {
        MatrixShape.RequireColumns(nameof(rightHandSides), rightHandSides.Columns, Size);
        MatrixShape.RequireColumns(nameof(solutions), solutions.Columns, Size);
        MatrixShape.RequireRows(nameof(solutions), solutions.Rows, rightHandSides.Rows);
        ParallelWork.ValidateDegree(maxDegreeOfParallelism);
        int groups = (rightHandSides.Rows + RowGroup - 1) / RowGroup;
        Parallel.For(
            0,
            groups,
            new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
            () => new double[RowGroup * Size],
            (group, _, scratch) =>
            {
                int first = group * RowGroup;
                int count = Math.Min(RowGroup, rightHandSides.Rows - first);
                for (int r = 0; r < count; r++)
                {
                    TensorPrimitives.ConvertChecked<float, double>(rightHandSides.Row(first + r), scratch.AsSpan(r * Size, Size));
                }

                SolveRowsInPlace(scratch.AsSpan(0, count * Size), count);
                for (int r = 0; r < count; r++)
                {
                    TensorPrimitives.ConvertTruncating<double, float>(scratch.AsSpan(r * Size, Size), solutions.Row(first + r));
                }

                return scratch;
            },
            _ => { });
    }

    /// <summary>Factorizes the symmetric double array in place (its lower triangle becomes <c>L</c>, the upper is zeroed).</summary>
    /// <exception cref="ArgumentException">A pivot is not positive: the matrix (plus jitter) is not positive definite.</exception>
    /// <remarks>
    /// Rows are computed in groups of <see cref="RowGroup"/>: each finished row <c>j</c> before the group is read once for
    /// the whole group, which divides the memory traffic by the group size; every entry is computed exactly as in the
    /// plain row-by-row order.
    /// </remarks>
    internal static CholeskyFactorization FactorizeInPlace(double[] matrix, int size, double jitter, string parameterName)
    {
        double logDeterminant = 0;
        for (int first = 0; first < size; first += RowGroup)
        {
            int end = Math.Min(first + RowGroup, size);
            for (int j = 0; j < first; j++)
            {
                ReadOnlySpan<double> previous = matrix.AsSpan(j * size, j);
                double pivot = matrix[(j * size) + j];
                for (int i = first; i < end; i++)
                {
                    Span<double> row = matrix.AsSpan(i * size, j + 1);
                    row[j] = (row[j] - TensorPrimitives.Dot<double>(row.Slice(0, j), previous)) / pivot;
                }
            }

            for (int i = first; i < end; i++)
            {
                Span<double> row = matrix.AsSpan(i * size, size);
                for (int j = first; j < i; j++)
                {
                    row[j] = (row[j] - TensorPrimitives.Dot<double>(row.Slice(0, j), matrix.AsSpan(j * size, j))) / matrix[(j * size) + j];
                }

                double diagonal = row[i] + jitter;
                double pivot = diagonal - TensorPrimitives.Dot<double>(row.Slice(0, i), row.Slice(0, i));
                if (!(pivot > 0))
                {
                    throw new ArgumentException(
                        $"'{parameterName}' is not positive definite: the pivot at row {i} (0-based) of {size} is {pivot} after eliminating the rows before it "
                        + $"(the diagonal entry{(jitter > 0 ? " plus jitter" : string.Empty)} is {diagonal}); every pivot must be positive. "
                        + "Check that the matrix is a covariance or Gram matrix, or pass a positive jitter (e.g. 1e-6 times the mean diagonal) to regularise it.",
                        parameterName);
                }

                row[i] = Math.Sqrt(pivot);
                logDeterminant += Math.Log(row[i]);
                row.Slice(i + 1).Clear();
            }
        }

        return new CholeskyFactorization(matrix, size, jitter, 2 * logDeterminant);
    }

    /// <summary>Solves <c>L y = b</c> in place for each of the <paramref name="count"/> rows (length <see cref="Size"/>) of <paramref name="rows"/>.</summary>
    /// <remarks>Forward substitution on a group of rows at a time, so each row of <c>L</c> is read once per group.</remarks>
    internal void SolveLowerRowsInPlace(Span<double> rows, int count)
    {
        for (int first = 0; first < count; first += RowGroup)
        {
            int end = Math.Min(first + RowGroup, count);
            for (int j = 0; j < Size; j++)
            {
                ReadOnlySpan<double> lower = _lower.AsSpan(j * Size, j);
                double pivot = _lower[(j * Size) + j];
                for (int r = first; r < end; r++)
                {
                    Span<double> vector = rows.Slice(r * Size, j + 1);
                    vector[j] = (vector[j] - TensorPrimitives.Dot(lower, vector.Slice(0, j))) / pivot;
                }
            }
        }
    }

    /// <summary>Solves <c>L^T x = y</c> in place for each of the <paramref name="count"/> rows of <paramref name="rows"/> (back substitution, column-oriented over the rows of <c>L</c>).</summary>
    internal void SolveUpperRowsInPlace(Span<double> rows, int count)
    {
        for (int first = 0; first < count; first += RowGroup)
        {
            int end = Math.Min(first + RowGroup, count);
            for (int i = Size - 1; i >= 0; i--)
            {
                ReadOnlySpan<double> lower = _lower.AsSpan(i * Size, i);
                double pivot = _lower[(i * Size) + i];
                for (int r = first; r < end; r++)
                {
                    Span<double> vector = rows.Slice(r * Size, i + 1);
                    double value = vector[i] / pivot;
                    vector[i] = value;
                    TensorPrimitives.MultiplyAdd(lower, -value, vector.Slice(0, i), vector.Slice(0, i));
                }
            }
        }
    }

    /// <summary>Throws unless <paramref name="jitter"/> is 0 or more and finite.</summary>
    internal static void ValidateJitter(double jitter)
    {
        if (!(jitter >= 0) || double.IsPositiveInfinity(jitter))
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "The jitter must be 0 or more and finite.");
        }
    }

    private void SolveRowsInPlace(Span<double> rows, int count)
    {
        SolveLowerRowsInPlace(rows, count);
        SolveUpperRowsInPlace(rows, count);
    }

    private void SolveFloat(ReadOnlySpan<float> rightHandSide, Span<float> solution, Span<double> scratch)
    {
        TensorPrimitives.ConvertChecked<float, double>(rightHandSide, scratch);
        SolveRowsInPlace(scratch, 1);
        TensorPrimitives.ConvertTruncating<double, float>(scratch, solution);
    }
}
