namespace MLEmbeddings.Kernels;

/// <summary>Column sums of a block of rows accumulated in double precision (for means and centring).</summary>
public static class ColumnMeans
{
    /// <summary>Adds every row of <paramref name="rows"/> to <paramref name="sums"/>: <c>sums[j] += sum_i rows[i, j]</c>, in row order.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="sums">The running sums, <c>rows.Columns</c> long.</param>
    /// <exception cref="ArgumentException"><paramref name="sums"/> has the wrong length.</exception>
    public static void Accumulate(ReadOnlyMatrixView rows, Span<double> sums)
    {
        SpanLengthCheck.Require(nameof(sums), sums.Length, rows.Columns, "rows.Columns");
        for (int i = 0; i < rows.Rows; i++)
        {
            ReadOnlySpan<float> row = rows.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                sums[j] += row[j];
            }
        }
    }

    /// <summary>The mean of every column, <c>mean[j] = (1 / n) sum_i rows[i, j]</c>, summed in double precision.</summary>
    /// <param name="rows">The rows, at least one.</param>
    /// <param name="mean">Receives <c>rows.Columns</c> means.</param>
    /// <exception cref="ArgumentException"><paramref name="mean"/> has the wrong length or <paramref name="rows"/> is empty.</exception>
    public static void Compute(ReadOnlyMatrixView rows, Span<double> mean)
    {
        if (rows.Rows == 0)
        {
            throw new ArgumentException("The mean of 0 rows is undefined; give at least one row.", nameof(rows));
        }

        mean.Clear();
        Accumulate(rows, mean);
        for (int j = 0; j < mean.Length; j++)
        {
            mean[j] /= rows.Rows;
        }
    }
}
