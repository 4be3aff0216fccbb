using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// Starting factors of an NMF fit (scikit-learn's <c>_initialize_nmf</c>): NNDSVD and its variants from a randomized
/// SVD of the data (dense or sparse), seeded random factors, or user-supplied components.
/// </summary>
internal static class FactorizationInitializer
{
    /// <summary>Values below this are zeroed after NNDSVD (scikit-learn's <c>eps</c>).</summary>
    private const double NndsvdZero = 1e-6;

    /// <summary>Oversampling of the randomized SVD (scikit-learn's <c>randomized_svd</c> default).</summary>
    private const int Oversampling = 10;

    /// <summary>
    /// Power iterations of the randomized SVD. scikit-learn uses 4 or 7; on data whose singular values decay slowly
    /// (TF-IDF) its NNDSVD start then depends on the seed enough for coordinate descent to end in different local
    /// minima, which 12 iterations (a near-exact leading subspace) avoided in every seed tried.
    /// </summary>
    private const int PowerIterations = 12;

    /// <summary>Most columns for which NNDSVD decomposes the <c>d x d</c> Gram matrix exactly instead of running a randomized SVD.</summary>
    private const int GramLimit = 1024;

    /// <summary>Relative violation to which the coefficients of user-supplied components are solved.</summary>
    private const float CoefficientTolerance = 1e-6f;

    /// <summary>Most sweeps when solving the coefficients of user-supplied components.</summary>
    private const int CoefficientSweeps = 1000;

    /// <summary>Returns the starting factors.</summary>
    /// <param name="input">The data.</param>
    /// <param name="settings">Rank, penalties and threads.</param>
    /// <param name="method">The initialisation, when <paramref name="initialComponents"/> is null.</param>
    /// <param name="initialComponents">User-supplied <c>H</c> (<c>r x d</c>), or null.</param>
    /// <param name="solveCoefficients">With user components: true to start <c>W</c> at its non-negative least-squares solution, false to start it at <c>sqrt(mean / r)</c>.</param>
    /// <param name="seed">Seed of the SVD and of random values.</param>
    public static FactorizationState Initialize(
        FactorizationInput input,
        FactorizationSettings settings,
        NonNegativeMatrixFactorizationInitialization method,
        DenseMatrix? initialComponents,
        bool solveCoefficients,
        int seed)
    {
        var state = new FactorizationState(input.Rows, input.Columns, settings.Rank);
        if (initialComponents is not null)
        {
            FromComponents(input, settings, initialComponents, solveCoefficients, state);
        }
        else if (method == NonNegativeMatrixFactorizationInitialization.Random)
        {
            Random(input, settings.Rank, seed, state);
        }
        else
        {
            Nndsvd(input, settings, method, seed, state);
        }

        return state;
    }

    private static void FromComponents(FactorizationInput input, FactorizationSettings settings, DenseMatrix components, bool solveCoefficients, FactorizationState state)
    {
        MatrixView componentsTransposed = state.ComponentsTransposed;
        for (int t = 0; t < components.Rows; t++)
        {
            ReadOnlySpan<float> row = components.Row(t);
            for (int j = 0; j < row.Length; j++)
            {
                componentsTransposed[j, t] = row[j];
            }
        }

        if (!solveCoefficients)
        {
            state.Coefficients.Fill((float)Math.Sqrt(input.Mean / settings.Rank));
            return;
        }

        int threads = settings.MaxDegreeOfParallelism;
        MatrixView gram = MatrixView.Allocate(settings.Rank, settings.Rank);
        Gemm.Multiply(componentsTransposed, true, componentsTransposed, false, gram, maxDegreeOfParallelism: threads);
        MatrixView cross = MatrixView.Allocate(input.Rows, settings.Rank);
        input.MultiplyComponents(componentsTransposed, cross, threads);
        NonNegativeCoordinateDescent.Solve(state.Coefficients, gram, cross, settings.L1W, settings.L2W, CoefficientTolerance, CoefficientSweeps, threads);
    }

    private static void Random(FactorizationInput input, int rank, int seed, FactorizationState state)
    {
        float scale = (float)Math.Sqrt(input.Mean / rank);
        float[] components = new float[input.Columns * rank];
        float[] coefficients = new float[input.Rows * rank];
        GaussianSamples.Fill(components, seed);
        GaussianSamples.Fill(coefficients, unchecked(seed + 1));
        CopyScaledMagnitudes(components, scale, state.ComponentsTransposed);
        CopyScaledMagnitudes(coefficients, scale, state.Coefficients);
    }

    private static void CopyScaledMagnitudes(float[] values, float scale, MatrixView target)
    {
        for (int i = 0; i < target.Rows; i++)
        {
            Span<float> row = target.Row(i);
            for (int t = 0; t < row.Length; t++)
            {
                row[t] = Math.Abs(scale * values[(i * row.Length) + t]);
            }
        }
    }

    /// <summary>
    /// NNDSVD: the leading triplet gives <c>sqrt(s_0) |u_0|</c> and <c>sqrt(s_0) |v_0|</c>; each other triplet gives the
    /// positive or the negative parts of <c>u_j</c> and <c>v_j</c>, whichever pair has the larger product of norms, scaled
    /// by <c>sqrt(s_j * that product)</c>. Values below 1e-6 become 0, then zeros are filled per the variant. The
    /// singular vectors are written straight into the factors' storage and transformed there, column by column.
    /// </summary>
    private static void Nndsvd(FactorizationInput input, FactorizationSettings settings, NonNegativeMatrixFactorizationInitialization method, int seed, FactorizationState state)
    {
        int rank = settings.Rank;
        MatrixView coefficients = state.Coefficients;
        MatrixView componentsTransposed = state.ComponentsTransposed;
        double[] singularValues = LeadingTriplets(input, rank, seed, settings.MaxDegreeOfParallelism, coefficients, componentsTransposed);
        for (int j = 0; j < rank; j++)
        {
            if (j == 0)
            {
                ScaleColumn(coefficients, j, Math.Sqrt(singularValues[0]), positive: null, norm: 1);
                ScaleColumn(componentsTransposed, j, Math.Sqrt(singularValues[0]), positive: null, norm: 1);
                continue;
            }

            (double uPositive, double uNegative) = PartNorms(coefficients, j);
            (double vPositive, double vNegative) = PartNorms(componentsTransposed, j);
            bool positive = uPositive * vPositive > uNegative * vNegative;
            double sigma = positive ? uPositive * vPositive : uNegative * vNegative;
            double scale = Math.Sqrt(singularValues[j] * sigma);
            ScaleColumn(coefficients, j, scale, positive, positive ? uPositive : uNegative);
            ScaleColumn(componentsTransposed, j, scale, positive, positive ? vPositive : vNegative);
        }

        if (method == NonNegativeMatrixFactorizationInitialization.NndsvdA)
        {
            FillZeros(coefficients, (float)input.Mean);
            FillZeros(componentsTransposed, (float)input.Mean);
        }
        else if (method == NonNegativeMatrixFactorizationInitialization.NndsvdAR)
        {
            FillZerosRandomly(coefficients, input.Mean, seed);
            FillZerosRandomly(componentsTransposed, input.Mean, unchecked(seed + 1));
        }
    }

    /// <summary>
    /// Writes the leading <paramref name="rank"/> singular vectors of <c>X ~ U diag(s) V^T</c> into <paramref name="left"/>
    /// (<c>U</c>, <c>n x r</c>) and <paramref name="rightTransposed"/> (<c>V</c>, <c>d x r</c>) and returns <c>s</c>. When
    /// there are at most <see cref="GramLimit"/> columns and no more columns than rows, they come exactly (to float accuracy
    /// of the Gram matrix) from the eigendecomposition of <c>X^T X</c>, with <c>U = X V / s</c>: one pass over the data and
    /// <c>O(d^2)</c> memory. Otherwise from a randomized SVD: on the row space (<see cref="RowSpaceRandomizedSvd"/>, whose
    /// working blocks live in <paramref name="left"/>) when there are no more columns than rows, else
    /// <see cref="RandomizedSvd"/>.
    /// </summary>
    private static double[] LeadingTriplets(FactorizationInput input, int rank, int seed, int threads, MatrixView left, MatrixView rightTransposed)
    {
        int columns = input.Columns;
        if (columns > input.Rows)
        {
            SingularValueDecomposition svd = RandomizedSvd.Decompose(input.Operator, rank, Oversampling, PowerIterations, seed, threads);
            DenseMatrix leftVectors = svd.LeftSingularVectors;
            for (int i = 0; i < left.Rows; i++)
            {
                leftVectors.Row(i).CopyTo(left.Row(i));
            }

            DenseMatrix rightVectors = svd.RightSingularVectors;
            for (int t = 0; t < rank; t++)
            {
                ReadOnlySpan<float> vector = rightVectors.Row(t);
                for (int j = 0; j < columns; j++)
                {
                    rightTransposed[j, t] = vector[j];
                }
            }

            return svd.SingularValues.ToArray();
        }

        if (columns > GramLimit)
        {
            return RowSpaceRandomizedSvd.Decompose(input.Operator, rank, Oversampling, PowerIterations, seed, left, rightTransposed, threads);
        }

        MatrixView gram = MatrixView.Allocate(columns, columns);
        input.ColumnGram(gram, threads);
        double[] symmetric = new double[columns * columns];
        for (int i = 0; i < columns; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                symmetric[(i * columns) + j] = 0.5 * ((double)gram[i, j] + gram[j, i]);
            }
        }

        SymmetricEigendecomposition eigen = SymmetricEigensolver.Decompose(symmetric, columns, rank);
        var values = new double[rank];
        var inverse = new float[rank];
        for (int t = 0; t < rank; t++)
        {
            values[t] = Math.Sqrt(Math.Max(eigen.Eigenvalues[t], 0));
            inverse[t] = values[t] > 0 ? (float)(1 / values[t]) : 0f;
            ReadOnlySpan<double> vector = eigen.Eigenvector(t);
            for (int j = 0; j < columns; j++)
            {
                rightTransposed[j, t] = (float)vector[j];
            }
        }

        input.MultiplyComponents(rightTransposed, left, threads);
        for (int i = 0; i < left.Rows; i++)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(left.Row(i), inverse, left.Row(i));
        }

        return values;
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
    /// below 1e-6 become 0.
    /// </summary>
    private static void ScaleColumn(MatrixView matrix, int column, double scale, bool? positive, double norm)
    {
        for (int i = 0; i < matrix.Rows; i++)
        {
            double value = matrix[i, column];
            double part = positive is null ? Math.Abs(value) : positive.Value ? Math.Max(value, 0) : Math.Max(-value, 0);
            double scaled = norm == 0 ? 0 : scale * part / norm;
            matrix[i, column] = (float)(scaled < NndsvdZero ? 0 : scaled);
        }
    }

    private static void FillZeros(MatrixView matrix, float value)
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

    private static void FillZerosRandomly(MatrixView matrix, double mean, int seed)
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
}
