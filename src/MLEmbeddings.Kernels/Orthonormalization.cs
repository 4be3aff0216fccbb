using System.Numerics.Tensors;

namespace MLEmbeddings.Kernels;

/// <summary>Modified Gram-Schmidt with completion, for a few double rows that should already be nearly orthogonal.</summary>
internal static class Orthonormalization
{
    /// <summary>A row that keeps less than this fraction of its norm after orthogonalization is treated as dependent and replaced.</summary>
    private const double DependenceThreshold = 1e-8;

    /// <summary>
    /// Makes the first <paramref name="count"/> rows (length <paramref name="length"/>, <c>count &lt;= length</c>) orthonormal,
    /// in order: each row is orthogonalized against the ones before it (twice, which is enough in double) and normalized.
    /// A zero or dependent row is replaced by the unit coordinate vector least covered by the rows before it, orthogonalized.
    /// </summary>
    public static void CompleteRows(double[] rows, int count, int length)
    {
        for (int j = 0; j < count; j++)
        {
            Span<double> row = rows.AsSpan(j * length, length);
            double before = TensorPrimitives.Norm<double>(row);
            double after = before == 0 ? 0 : OrthogonalizeAgainstPrevious(rows, j, length);
            if (after <= DependenceThreshold * before || after == 0)
            {
                row.Clear();
                row[LeastCoveredCoordinate(rows, j, length)] = 1;
                after = OrthogonalizeAgainstPrevious(rows, j, length);
            }

            TensorPrimitives.Multiply<double>(row, 1 / after, row);
        }
    }

    /// <summary>Removes from row <paramref name="index"/> its components along the rows before it (two passes); returns its new norm.</summary>
    private static double OrthogonalizeAgainstPrevious(double[] rows, int index, int length)
    {
        Span<double> row = rows.AsSpan(index * length, length);
        for (int pass = 0; pass < 2; pass++)
        {
            for (int k = 0; k < index; k++)
            {
                ReadOnlySpan<double> previous = rows.AsSpan(k * length, length);
                TensorPrimitives.MultiplyAdd(previous, -TensorPrimitives.Dot(previous, row), row, row);
            }
        }

        return TensorPrimitives.Norm<double>(row);
    }

    /// <summary>The coordinate <c>t</c> with the largest <c>1 - sum_k rows[k][t]^2</c> over the first <paramref name="count"/> orthonormal rows (the first such on ties).</summary>
    private static int LeastCoveredCoordinate(double[] rows, int count, int length)
    {
        var covered = new double[length];
        for (int k = 0; k < count; k++)
        {
            ReadOnlySpan<double> previous = rows.AsSpan(k * length, length);
            TensorPrimitives.MultiplyAdd(previous, previous, covered, covered);
        }

        return TensorPrimitives.IndexOfMin<double>(covered);
    }
}
