namespace MLEmbeddings.Kernels;

/// <summary>Shape checks shared by the matrix views and the kernels.</summary>
internal static class MatrixShape
{
    /// <summary>Checks that a <paramref name="rows"/> x <paramref name="columns"/> view with the given stride fits in <paramref name="length"/> values.</summary>
    public static void Validate(int length, int rows, int columns, int rowStride)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (rowStride < columns)
        {
            throw new ArgumentOutOfRangeException(nameof(rowStride), rowStride, $"The row stride must be at least the column count ({columns}).");
        }

        if (rows > 0)
        {
            long needed = ((long)(rows - 1) * rowStride) + columns;
            if (needed > length)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(length),
                    length,
                    $"A {rows} x {columns} view with row stride {rowStride} needs {needed} values; the memory holds {length}.");
            }
        }
    }

    /// <summary>Checks that <c>[start, start + count)</c> lies inside <c>[0, total]</c>.</summary>
    public static void ValidateRange(int start, int count, int total)
    {
        if (start < 0 || count < 0 || start > total - count)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Rows [{start}, {start}+{count}) are not inside [0, {total}).");
        }
    }

    /// <summary>Throws when a view does not have the expected number of columns.</summary>
    public static void RequireColumns(string parameterName, int actual, int expected)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"'{parameterName}' has {actual} columns; expected {expected}.", parameterName);
        }
    }

    /// <summary>Throws when a view does not have the expected number of rows.</summary>
    public static void RequireRows(string parameterName, int actual, int expected)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"'{parameterName}' has {actual} rows; expected {expected}.", parameterName);
        }
    }

    /// <summary>Throws when two spans that must be the same length are not.</summary>
    public static void RequireSameLength(string parameterName, int actual, int expected)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"'{parameterName}' has length {actual}; expected {expected} (the length of the other operand).", parameterName);
        }
    }
}
