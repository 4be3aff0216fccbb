using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>Computes one prototype per class: the mean of the class's rows (accumulated in double), optionally scaled to unit L2 norm.</summary>
internal static class ClassPrototypes
{
    /// <summary>
    /// Returns the <c>classCount x d</c> prototypes and the number of rows of each class. A class without rows gets
    /// a zero prototype and count 0.
    /// </summary>
    public static (DenseMatrix Prototypes, int[] Counts) Compute(ReadOnlyMatrixView rows, ReadOnlySpan<int> classes, int classCount, bool normalize)
    {
        int dimension = rows.Columns;
        var sums = new double[checked(classCount * dimension)];
        var counts = new int[classCount];
        for (int i = 0; i < rows.Rows; i++)
        {
            ReadOnlySpan<float> row = rows.Row(i);
            Span<double> sum = sums.AsSpan(classes[i] * dimension, dimension);
            for (int j = 0; j < dimension; j++)
            {
                sum[j] += row[j];
            }

            counts[classes[i]]++;
        }

        var prototypes = new float[sums.Length];
        for (int c = 0; c < classCount; c++)
        {
            if (counts[c] == 0)
            {
                continue;
            }

            Span<float> prototype = prototypes.AsSpan(c * dimension, dimension);
            for (int j = 0; j < dimension; j++)
            {
                prototype[j] = (float)(sums[(c * dimension) + j] / counts[c]);
            }

            if (normalize)
            {
                VectorOperations.Normalize(prototype);
            }
        }

        return (DenseMatrix.TakeOwnership(prototypes, classCount, dimension), counts);
    }
}
