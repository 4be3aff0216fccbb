namespace MLEmbeddings.Kernels;

/// <summary>
/// NNDSVD (Boutsidis and Gallopoulos 2008; scikit-learn's <c>_initialize_nmf</c>): non-negative starting factors of an
/// NMF from the leading singular triplets <c>X ~ U diag(s) V^T</c>, computed in place in the storage that holds
/// <c>U</c> (<c>n x r</c>, becoming <c>W</c>) and <c>V</c> (<c>d x r</c>, becoming <c>H^T</c>).
/// </summary>
/// <remarks>
/// The leading triplet gives <c>sqrt(s_0) |u_0|</c> and <c>sqrt(s_0) |v_0|</c>; each other triplet gives the positive or
/// the negative parts of <c>u_j</c> and <c>v_j</c>, whichever pair has the larger product of norms, each divided by its
/// norm and scaled by <c>sqrt(s_j * that product)</c>. Values below <see cref="Zero"/> become 0; the NNDSVDa and NNDSVDar
/// variants then fill the zeros (<see cref="FillZeros"/>, <see cref="FillZerosRandomly"/>).
/// </remarks>
internal static class NonNegativeSvdStart
{
    /// <summary>Values below this are zeroed (scikit-learn's <c>eps</c>).</summary>
    public const double Zero = 1e-6;

    /// <summary>Turns <c>U</c> and <c>V</c> into the NNDSVD factors, column by column, in place.</summary>
    /// <param name="left"><c>U</c>, <c>n x r</c>; becomes <c>W</c>.</param>
    /// <param name="rightTransposed"><c>V</c>, <c>d x r</c>; becomes <c>H^T</c>.</param>
    /// <param name="singularValues">The <c>r</c> singular values, descending.</param>
    public static void Apply(MatrixView left, MatrixView rightTransposed, ReadOnlySpan<double> singularValues)
    {
        for (int j = 0; j < singularValues.Length; j++)
        {
            if (j == 0)
            {
                ScaleColumn(left, j, Math.Sqrt(singularValues[0]), positive: null, norm: 1);
                ScaleColumn(rightTransposed, j, Math.Sqrt(singularValues[0]), positive: null, norm: 1);
                continue;
            }

            (double uPositive, double uNegative) = PartNorms(left, j);
            (double vPositive, double vNegative) = PartNorms(rightTransposed, j);
            bool positive = uPositive * vPositive > uNegative * vNegative;
            double sigma = positive ? uPositive * vPositive : uNegative * vNegative;
            double scale = Math.Sqrt(singularValues[j] * sigma);
            ScaleColumn(left, j, scale, positive, positive ? uPositive : uNegative);
            ScaleColumn(rightTransposed, j, scale, positive, positive ? vPositive : vNegative);
        }
    }

    /// <summary>Replaces every zero of <paramref name="matrix"/> by <paramref name="value"/> (NNDSVDa: the data mean).</summary>
    public static void FillZeros(MatrixView matrix, float value)
    {
        for (int i = 0; i < matrix.Rows; i++)
        {
            Span<float> row = matrix.Row(i);
            for (int t = 0; t < row.Length; t++)
            {
                row[t] = row[t] == 0f ? value : row[t];
            }
        }
    }

    /// <summary>Replaces every zero of <paramref name="matrix"/> by <c>|mean * g / 100|</c> for seeded Gaussian <c>g</c> (NNDSVDar).</summary>
    public static void FillZerosRandomly(MatrixView matrix, double mean, int seed)
    {
        var noise = new float[matrix.Rows * matrix.Columns];
        GaussianSamples.Fill(noise, seed);
        for (int i = 0; i < matrix.Rows; i++)
        {
            Span<float> row = matrix.Row(i);
            for (int t = 0; t < row.Length; t++)
            {
                row[t] = row[t] == 0f ? (float)Math.Abs(mean * noise[(i * row.Length) + t] / 100) : row[t];
            }
        }
    }

    /// <summary>The norms of the positive part <c>max(x, 0)</c> and of the negative part <c>|min(x, 0)|</c> of column <paramref name="column"/>.</summary>
    private static (double Positive, double Negative) PartNorms(MatrixView matrix, int column)
    {
        double positive = 0;
        double negative = 0;
        for (int i = 0; i < matrix.Rows; i++)
        {
            double value = matrix[i, column];
            if (value > 0)
            {
                positive += value * value;
            }
            else
            {
                negative += value * value;
            }
        }

        return (Math.Sqrt(positive), Math.Sqrt(negative));
    }

    /// <summary>
    /// Replaces column <paramref name="column"/> by <c>scale</c> times its absolute values (<paramref name="positive"/>
    /// null), or its positive (negative) part divided by <paramref name="norm"/> (all zeros when the norm is 0); values
    /// below <see cref="Zero"/> become 0.
    /// </summary>
    private static void ScaleColumn(MatrixView matrix, int column, double scale, bool? positive, double norm)
    {
        for (int i = 0; i < matrix.Rows; i++)
        {
            double value = matrix[i, column];
            double part = positive is null ? Math.Abs(value) : positive.Value ? Math.Max(value, 0) : Math.Max(-value, 0);
            double scaled = norm == 0 ? 0 : scale * part / norm;
            matrix[i, column] = (float)(scaled < Zero ? 0 : scaled);
        }
    }
}
