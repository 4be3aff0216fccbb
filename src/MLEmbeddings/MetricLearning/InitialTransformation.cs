using MLEmbeddings.Kernels;

namespace MLEmbeddings.MetricLearning;

/// <summary>Builds the starting <c>L</c> of NCA and LMNN from <see cref="MetricLearningInitialization"/>, with scikit-learn's rules.</summary>
internal static class InitialTransformation
{
    /// <summary>The starting <c>L</c> (<c>rank x d</c>) for class-sorted, centred <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Lda was asked for more directions than <c>classes - 1</c>.</exception>
    public static float[] Create(MetricLearningInitialization initialization, ClassSortedRows data, int rank, MetricLearningRun run, string parameterName)
    {
        int dimension = data.Dimension;
        int discriminants = Math.Min(dimension, data.ClassCount - 1);
        if (initialization == MetricLearningInitialization.Auto)
        {
            initialization = rank <= discriminants ? MetricLearningInitialization.Lda
                : rank < Math.Min(dimension, data.Count) ? MetricLearningInitialization.Pca
                : MetricLearningInitialization.Identity;
        }

        switch (initialization)
        {
            case MetricLearningInitialization.Lda:
                if (rank > discriminants)
                {
                    throw new ArgumentOutOfRangeException(
                        parameterName,
                        $"Initialization is Lda, which gives at most min(input size, classes - 1) = {discriminants} directions for {data.ClassCount} classes, but Rank is {rank}. " +
                        $"Use Initialization = Pca or Auto, or a Rank of at most {discriminants}.");
                }

                return ProjectionInitialization.LinearDiscriminants(data, rank, run.Threads);
            case MetricLearningInitialization.Pca:
                return ProjectionInitialization.PrincipalComponents(data.View, rank, run.Threads);
            case MetricLearningInitialization.Identity:
                return ProjectionInitialization.Identity(rank, dimension);
            default:
                return ProjectionInitialization.Random(rank, dimension, run.Seed);
        }
    }
}
