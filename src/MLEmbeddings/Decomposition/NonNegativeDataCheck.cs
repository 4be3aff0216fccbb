using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// The value checks of NMF input, with messages naming the column, the first offending row and slot, and the fix:
/// every value finite and non-negative, and strictly positive for the Itakura-Saito loss.
/// </summary>
internal static class NonNegativeDataCheck
{
    /// <summary>Checks a dense block whose first row is row <paramref name="firstRow"/> of the data.</summary>
    /// <exception cref="ArgumentException">A value is NaN, infinite, negative, or (with <paramref name="strictlyPositive"/>) zero.</exception>
    public static void Require(ReadOnlyMatrixView rows, long firstRow, string columnName, bool strictlyPositive, string parameterName)
    {
        ColumnValidation.RequireFinite(rows, firstRow, columnName, parameterName);
        for (int i = 0; i < rows.Rows; i++)
        {
            ReadOnlySpan<float> row = rows.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                if (row[j] < 0f || (strictlyPositive && row[j] == 0f))
                {
                    throw Bad(columnName, firstRow + i, j, row[j], parameterName);
                }
            }
        }
    }

    /// <summary>Checks sparse rows (absent entries are zeros) whose first row is row <paramref name="firstRow"/> of the data.</summary>
    /// <exception cref="ArgumentException">A value is NaN, infinite, negative, or (with <paramref name="strictlyPositive"/>) zero.</exception>
    public static void Require(CsrMatrix rows, long firstRow, string columnName, bool strictlyPositive, string parameterName)
    {
        for (int i = 0; i < rows.Rows; i++)
        {
            ReadOnlySpan<float> values = rows.RowValues(i);
            ReadOnlySpan<int> columns = rows.RowColumnIndices(i);
            if (ColumnValidation.FirstNonFinite(values) >= 0)
            {
                var dense = new float[rows.Columns];
                for (int p = 0; p < columns.Length; p++)
                {
                    dense[columns[p]] = values[p];
                }

                ColumnValidation.RequireFinite(new ReadOnlyMatrixView(dense, 1, rows.Columns), firstRow + i, columnName, parameterName);
            }

            for (int p = 0; p < values.Length; p++)
            {
                if (values[p] < 0f || (strictlyPositive && values[p] == 0f))
                {
                    throw Bad(columnName, firstRow + i, columns[p], values[p], parameterName);
                }
            }

            if (strictlyPositive && values.Length < rows.Columns)
            {
                int missing = 0;
                while (missing < columns.Length && columns[missing] == missing)
                {
                    missing++;
                }

                throw Bad(columnName, firstRow + i, missing, 0f, parameterName);
            }
        }
    }

    private static ArgumentException Bad(string columnName, long row, int slot, float value, string parameterName)
        => value < 0f
            ? new ArgumentException(
                $"Column '{columnName}', row {row}: slot {slot} is {value}; non-negative matrix factorization needs values >= 0. " +
                "Shift or rescale the column to non-negative values (for example with mlContext.Transforms.NormalizeMinMax(...)) before this step.",
                parameterName)
            : new ArgumentException(
                $"Column '{columnName}', row {row}: slot {slot} is 0; the {nameof(NonNegativeMatrixFactorizationLoss.ItakuraSaito)} loss needs strictly positive values (zeros make the updates diverge). " +
                $"Add a small positive constant to the column, or use Loss = {nameof(NonNegativeMatrixFactorizationLoss.KullbackLeibler)} or {nameof(NonNegativeMatrixFactorizationLoss.Frobenius)}.",
                parameterName);
}
