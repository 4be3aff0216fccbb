namespace MLEmbeddings.Kernels;

/// <summary>
/// The neighbour lists the metric learners need, found with the fused exact top-k search
/// (<see cref="ExactNearestNeighbors"/>) on class-sorted rows: same-class neighbours (LMNN target neighbours, LFDA
/// local scaling) and nearest rows of other classes (LMNN impostor candidates).
/// </summary>
internal static class NeighborSets
{
    /// <summary>
    /// For each row of <paramref name="data"/>, its <paramref name="k"/> nearest other rows of the same class (global row
    /// ids, nearest first) and their squared distances; -1 and +infinity where the class has fewer than
    /// <c>k + 1</c> rows.
    /// </summary>
    public static (int[] Ids, float[] SquaredDistances) SameClass(ClassSortedRows data, int k, int maxDegreeOfParallelism)
    {
        var ids = new int[checked(data.Count * k)];
        var distances = new float[ids.Length];
        for (int c = 0; c < data.ClassCount; c++)
        {
            int start = data.ClassStarts[c];
            int size = data.ClassSize(c);
            ReadOnlyMatrixView rows = data.ClassView(c);
            var self = new int[size];
            for (int i = 0; i < size; i++)
            {
                self[i] = i;
            }

            Span<int> classIds = ids.AsSpan(start * k, size * k);
            ExactNearestNeighbors.SearchOnce(rows, DistanceMetric.SquaredEuclidean, rows, k, classIds, distances.AsSpan(start * k, size * k), self, maxDegreeOfParallelism);
            for (int j = 0; j < classIds.Length; j++)
            {
                if (classIds[j] >= 0)
                {
                    classIds[j] += start;
                }
            }
        }

        return (ids, distances);
    }

    /// <summary>
    /// For each class-sorted row of <paramref name="projected"/>, its <paramref name="k"/> nearest rows of other classes
    /// (global row ids, nearest first; -1 where fewer exist).
    /// </summary>
    public static int[] OtherClasses(ReadOnlyMatrixView projected, int[] classStarts, int k, int maxDegreeOfParallelism)
    {
        int count = projected.Rows;
        var ids = new int[checked(count * k)];
        var scores = new float[ids.Length];
        var index = new ExactNearestNeighbors(projected, DistanceMetric.SquaredEuclidean);
        var allowed = new ulong[(count + 63) / 64];
        for (int c = 0; c + 1 < classStarts.Length; c++)
        {
            int start = classStarts[c];
            int end = classStarts[c + 1];
            Array.Fill(allowed, ulong.MaxValue);
            for (int i = start; i < end; i++)
            {
                allowed[i >> 6] &= ~(1UL << (i & 63));
            }

            int size = end - start;
            index.SearchFiltered(projected.SliceRows(start, size), k, allowed, ids.AsSpan(start * k, size * k), scores.AsSpan(start * k, size * k), maxDegreeOfParallelism: maxDegreeOfParallelism);
        }

        return ids;
    }
}
