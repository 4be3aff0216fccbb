namespace MLEmbeddings.Decomposition;

/// <summary>
/// The linear assignment problem (Hungarian / Kuhn-Munkres algorithm with potentials, <c>O(k^3)</c>): the one-to-one
/// matching of <c>k</c> rows to <c>k</c> columns with the largest total score. Used to match the components of
/// different NMF runs by cosine similarity.
/// </summary>
internal static class LinearAssignment
{
    /// <summary>Returns <c>match</c> with row <c>i</c> assigned to column <c>match[i]</c>, maximising <c>sum_i score[i, match[i]]</c>.</summary>
    /// <param name="score">A square <c>k x k</c> matrix of finite scores.</param>
    public static int[] Maximize(double[,] score)
    {
        int size = score.GetLength(0);
        if (score.GetLength(1) != size)
        {
            throw new ArgumentException($"The score matrix must be square; got {size} x {score.GetLength(1)}.", nameof(score));
        }

        // Minimise the cost -score; arrays are 1-based with index 0 as the virtual start column.
        var rowPotential = new double[size + 1];
        var columnPotential = new double[size + 1];
        var columnOwner = new int[size + 1];
        var way = new int[size + 1];
        for (int row = 1; row <= size; row++)
        {
            columnOwner[0] = row;
            int column = 0;
            var minimum = Enumerable.Repeat(double.PositiveInfinity, size + 1).ToArray();
            var used = new bool[size + 1];
            do
            {
                used[column] = true;
                int owner = columnOwner[column];
                double delta = double.PositiveInfinity;
                int next = 0;
                for (int j = 1; j <= size; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    double reduced = -score[owner - 1, j - 1] - rowPotential[owner] - columnPotential[j];
                    if (reduced < minimum[j])
                    {
                        minimum[j] = reduced;
                        way[j] = column;
                    }

                    if (minimum[j] < delta)
                    {
                        delta = minimum[j];
                        next = j;
                    }
                }

                for (int j = 0; j <= size; j++)
                {
                    if (used[j])
                    {
                        rowPotential[columnOwner[j]] += delta;
                        columnPotential[j] -= delta;
                    }
                    else
                    {
                        minimum[j] -= delta;
                    }
                }

                column = next;
            }
            while (columnOwner[column] != 0);

            do
            {
                int previous = way[column];
                columnOwner[column] = columnOwner[previous];
                column = previous;
            }
            while (column != 0);
        }

        var match = new int[size];
        for (int j = 1; j <= size; j++)
        {
            match[columnOwner[j] - 1] = j - 1;
        }

        return match;
    }
}
