namespace MLEmbeddings.Evaluation;

/// <summary>
/// Agreement between two labelings of the same rows: normalized mutual information (arithmetic-mean normalisation)
/// and mutual information adjusted for chance, with scikit-learn's definitions (<c>normalized_mutual_info_score</c>,
/// <c>adjusted_mutual_info_score</c>, including their special cases) computed from the contingency table in double
/// precision. The expected mutual information follows Vinh, Epps and Bailey (2010) with log-factorials.
/// </summary>
internal static class MutualInformation
{
    private const int ExactLogFactorials = 256;

    // The spacing of doubles at 1 (numpy's finfo(float64).eps).
    private const double MachineEpsilon = 2.220446049250313e-16;

    private static readonly double[] SmallLogFactorials = CreateSmallLogFactorials();

    /// <summary>NMI: <c>MI / ((H(U) + H(V)) / 2)</c>; 1 when both labelings have one class (or none), 0 when MI is 0.</summary>
    public static double Normalized(ReadOnlySpan<int> labels, ReadOnlySpan<int> clusters)
    {
        var table = new ContingencyTable(labels, clusters);
        if (table.IsTrivialPerfectMatch)
        {
            return 1;
        }

        double mi = table.MutualInformation();
        if (mi == 0)
        {
            return 0;
        }

        return mi / ((table.RowEntropy() + table.ColumnEntropy()) / 2);
    }

    /// <summary>AMI: <c>(MI - E[MI]) / ((H(U) + H(V)) / 2 - E[MI])</c>, the denominator kept at least one double epsilon away from 0 with its sign.</summary>
    public static double Adjusted(ReadOnlySpan<int> labels, ReadOnlySpan<int> clusters)
    {
        var table = new ContingencyTable(labels, clusters);
        if (table.IsTrivialPerfectMatch)
        {
            return 1;
        }

        double mi = table.MutualInformation();
        double expected = table.ExpectedMutualInformation();
        double denominator = ((table.RowEntropy() + table.ColumnEntropy()) / 2) - expected;
        denominator = denominator < 0 ? Math.Min(denominator, -MachineEpsilon) : Math.Max(denominator, MachineEpsilon);
        return (mi - expected) / denominator;
    }

    /// <summary><c>ln(n!)</c>: exact sums below 256, Stirling's series (error below 1e-16 relative) above.</summary>
    public static double LogFactorial(long n)
    {
        if (n < ExactLogFactorials)
        {
            return SmallLogFactorials[n];
        }

        double x = n;
        double inverse = 1 / x;
        double inverseSquared = inverse * inverse;
        double series = inverse * ((1.0 / 12) - (inverseSquared * ((1.0 / 360) - (inverseSquared * ((1.0 / 1260) - (inverseSquared / 1680))))));
        return (x * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI * x)) + series;
    }

    private static double[] CreateSmallLogFactorials()
    {
        var values = new double[ExactLogFactorials];
        for (int i = 2; i < values.Length; i++)
        {
            values[i] = values[i - 1] + Math.Log(i);
        }

        return values;
    }

    /// <summary>The contingency table of two labelings (only the classes that occur), with its marginals.</summary>
    private sealed class ContingencyTable
    {
        private readonly long[] _rows;
        private readonly long[] _columns;
        private readonly Dictionary<(int Row, int Column), long> _cells = [];
        private readonly long _total;

        public ContingencyTable(ReadOnlySpan<int> labels, ReadOnlySpan<int> clusters)
        {
            if (labels.Length != clusters.Length)
            {
                throw new ArgumentException($"The two labelings have {labels.Length} and {clusters.Length} rows; they must label the same rows.", nameof(clusters));
            }

            var rowIndex = new Dictionary<int, int>();
            var columnIndex = new Dictionary<int, int>();
            for (int i = 0; i < labels.Length; i++)
            {
                int row = IndexOf(rowIndex, labels[i]);
                int column = IndexOf(columnIndex, clusters[i]);
                _cells[(row, column)] = _cells.GetValueOrDefault((row, column)) + 1;
            }

            _rows = new long[rowIndex.Count];
            _columns = new long[columnIndex.Count];
            foreach (KeyValuePair<(int Row, int Column), long> cell in _cells)
            {
                _rows[cell.Key.Row] += cell.Value;
                _columns[cell.Key.Column] += cell.Value;
            }

            _total = labels.Length;
        }

        /// <summary>Both labelings have a single class, or there are no rows: scikit-learn scores this a perfect match.</summary>
        public bool IsTrivialPerfectMatch => (_rows.Length == 1 && _columns.Length == 1) || _total == 0;

        public double MutualInformation()
        {
            double sum = 0;
            double logTotal = Math.Log(_total);
            foreach (KeyValuePair<(int Row, int Column), long> cell in _cells.OrderBy(c => c.Key.Row).ThenBy(c => c.Key.Column))
            {
                double n = cell.Value;
                double term = n / _total * (Math.Log(n) + logTotal - Math.Log(_rows[cell.Key.Row]) - Math.Log(_columns[cell.Key.Column]));
                sum += Math.Abs(term) < MachineEpsilon ? 0 : term;
            }

            return Math.Max(sum, 0);
        }

        public double RowEntropy() => Entropy(_rows, _total);

        public double ColumnEntropy() => Entropy(_columns, _total);

        public double ExpectedMutualInformation()
        {
            if (_rows.Length == 1 || _columns.Length == 1)
            {
                return 0;
            }

            long n = _total;
            double logN = Math.Log(n);
            double logFactorialN = LogFactorial(n);
            double expected = 0;
            foreach (long a in _rows)
            {
                double logA = Math.Log(a);
                double rowTerms = LogFactorial(a) + LogFactorial(n - a);
                foreach (long b in _columns)
                {
                    double logB = Math.Log(b);
                    double fixedTerms = rowTerms + LogFactorial(b) + LogFactorial(n - b) - logFactorialN;
                    long start = Math.Max(1, a + b - n);
                    long end = Math.Min(a, b);
                    for (long nij = start; nij <= end; nij++)
                    {
                        double logTerm = Math.Log(nij) + logN - logA - logB;
                        double logProbability = fixedTerms - LogFactorial(nij) - LogFactorial(a - nij) - LogFactorial(b - nij) - LogFactorial(n - a - b + nij);
                        expected += nij / (double)n * logTerm * Math.Exp(logProbability);
                    }
                }
            }

            return expected;
        }

        private static double Entropy(long[] counts, long total)
        {
            double entropy = 0;
            foreach (long count in counts)
            {
                double p = (double)count / total;
                entropy -= p * Math.Log(p);
            }

            return entropy;
        }

        private static int IndexOf(Dictionary<int, int> index, int value)
        {
            if (!index.TryGetValue(value, out int position))
            {
                position = index.Count;
                index[value] = position;
            }

            return position;
        }
    }
}
