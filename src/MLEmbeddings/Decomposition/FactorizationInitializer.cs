using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>
/// Starting factors of an NMF fit (scikit-learn's <c>_initialize_nmf</c>): NNDSVD and its variants from a randomized
/// SVD of the data (dense or sparse), seeded random factors, or user-supplied components.
/// </summary>
internal static class FactorizationInitializer
{
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
    /// NNDSVD (<see cref="NonNegativeSvdStart"/>): the singular vectors are written straight into the factors' storage and
    /// transformed there, then zeros are filled per the variant.
    /// </summary>
    private static void Nndsvd(FactorizationInput input, FactorizationSettings settings, NonNegativeMatrixFactorizationInitialization method, int seed, FactorizationState state)
    {
        int rank = settings.Rank;
        MatrixView coefficients = state.Coefficients;
        MatrixView componentsTransposed = state.ComponentsTransposed;
        double[] singularValues = LeadingTriplets(input, rank, seed, settings.MaxDegreeOfParallelism, coefficients, componentsTransposed);
        NonNegativeSvdStart.Apply(coefficients, componentsTransposed, singularValues);
        if (method == NonNegativeMatrixFactorizationInitialization.NndsvdA)
        {
            NonNegativeSvdStart.FillZeros(coefficients, (float)input.Mean);
            NonNegativeSvdStart.FillZeros(componentsTransposed, (float)input.Mean);
        }
        else if (method == NonNegativeMatrixFactorizationInitialization.NndsvdAR)
        {
            NonNegativeSvdStart.FillZerosRandomly(coefficients, input.Mean, seed);
            NonNegativeSvdStart.FillZerosRandomly(componentsTransposed, input.Mean, unchecked(seed + 1));
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
        return NormalEquationsSvd.FromGram(input.Operator, gram, rank, left, rightTransposed, threads);
    }
}
