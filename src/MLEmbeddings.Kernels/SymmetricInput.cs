namespace MLEmbeddings.Kernels;

/// <summary>
/// Reads a matrix that must be square, finite and symmetric into a new row-major <see cref="double"/> array,
/// checking the symmetry against a tolerance and replacing each pair by its mean <c>(a_ij + a_ji) / 2</c>.
/// </summary>
internal static class SymmetricInput
{
    /// <summary>Copies a square float view into a symmetric double array.</summary>
    /// <exception cref="ArgumentException">The view is not square, has a non-finite value or is not symmetric.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="symmetryTolerance"/> is negative or NaN.</exception>
    public static double[] Read(ReadOnlyMatrixView matrix, string parameterName, double symmetryTolerance)
    {
        if (matrix.Rows != matrix.Columns)
        {
            throw new ArgumentException($"'{parameterName}' must be square; got {matrix.Rows} x {matrix.Columns}.", parameterName);
        }

        int size = matrix.Rows;
        var values = new double[checked(size * size)];
        for (int i = 0; i < size; i++)
        {
            ReadOnlySpan<float> row = matrix.Row(i);
            Span<double> target = values.AsSpan(i * size, size);
            for (int j = 0; j < size; j++)
            {
                target[j] = row[j];
            }
        }

        Symmetrize(values, size, parameterName, symmetryTolerance);
        return values;
    }

    /// <summary>Copies a row-major <paramref name="size"/> x <paramref name="size"/> double matrix into a symmetric double array.</summary>
    /// <exception cref="ArgumentException">The span has the wrong length, a non-finite value or is not symmetric.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative, or <paramref name="symmetryTolerance"/> is negative or NaN.</exception>
    public static double[] Read(ReadOnlySpan<double> matrix, int size, string parameterName, double symmetryTolerance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        long expected = (long)size * size;
        if (matrix.Length != expected)
        {
            throw new ArgumentException($"'{parameterName}' must hold size * size = {expected} row-major values; got {matrix.Length}.", parameterName);
        }

        double[] values = matrix.ToArray();
        Symmetrize(values, size, parameterName, symmetryTolerance);
        return values;
    }

    /// <summary>Throws unless <paramref name="symmetryTolerance"/> is a valid symmetry tolerance (0 or more, not NaN).</summary>
    private static void ValidateTolerance(double symmetryTolerance)
    {
        if (!(symmetryTolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(symmetryTolerance),
                symmetryTolerance,
                "The symmetry tolerance must be 0 or more (relative to the largest magnitude); use double.PositiveInfinity to skip the check.");
        }
    }

    private static void Symmetrize(double[] values, int size, string parameterName, double symmetryTolerance)
    {
        ValidateTolerance(symmetryTolerance);
        double largest = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double value = values[i];
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"'{parameterName}' has the non-finite value {value} at row {i / size}, column {i % size}; every entry must be finite.", parameterName);
            }

            largest = Math.Max(largest, Math.Abs(value));
        }

        double allowed = symmetryTolerance * largest;
        for (int i = 0; i < size; i++)
        {
            for (int j = i + 1; j < size; j++)
            {
                double upper = values[(i * size) + j];
                double lower = values[(j * size) + i];
                double difference = Math.Abs(upper - lower);
                if (difference > allowed)
                {
                    throw new ArgumentException(
                        $"'{parameterName}' is not symmetric: entry ({i}, {j}) is {upper} but entry ({j}, {i}) is {lower}; the difference {difference} exceeds "
                        + $"symmetryTolerance {symmetryTolerance} x the largest magnitude {largest} = {allowed}. Pass a symmetric matrix, e.g. (A + A^T) / 2, or raise symmetryTolerance.",
                        parameterName);
                }

                double mean = 0.5 * (upper + lower);
                values[(i * size) + j] = mean;
                values[(j * size) + i] = mean;
            }
        }
    }
}
