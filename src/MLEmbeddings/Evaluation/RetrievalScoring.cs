namespace MLEmbeddings.Evaluation;

/// <summary>
/// Accumulates the retrieval metrics of queries from the classes of their ranked neighbours, per query class, and
/// turns the sums into <see cref="RetrievalMetrics"/>. The arithmetic of the retrieval evaluation, kept out of the
/// pipeline glue.
/// </summary>
internal sealed class RetrievalScoring
{
    private const int PrecisionAt1 = 0;
    private const int RPrecision = 1;
    private const int AveragePrecision = 2;
    private const int ReciprocalRank = 3;
    private const int FixedMetrics = 4;

    private readonly int[] _recallAtK;
    private readonly int _reciprocalRankCutoff;
    private readonly int _metricCount;
    private readonly double[] _sums;
    private readonly long[] _queries;

    /// <param name="classCount">Number of classes.</param>
    /// <param name="recallAtK">The cut-offs of Recall@K.</param>
    /// <param name="reciprocalRankCutoff">Neighbours considered by the mean reciprocal rank.</param>
    public RetrievalScoring(int classCount, IReadOnlyList<int> recallAtK, int reciprocalRankCutoff)
    {
        _recallAtK = recallAtK.Distinct().Order().ToArray();
        _reciprocalRankCutoff = reciprocalRankCutoff;
        _metricCount = FixedMetrics + _recallAtK.Length;
        _sums = new double[classCount * _metricCount];
        _queries = new long[classCount];
    }

    /// <summary>Queries added so far.</summary>
    public long QueryCount => _queries.Sum();

    /// <summary>
    /// Adds one query of class <paramref name="queryClass"/> with <paramref name="relevantCount"/> (R, at least 1)
    /// reference rows of its class, given the classes of its neighbours, nearest first (at least R and every cut-off of
    /// them; -1 for a missing neighbour).
    /// </summary>
    public void Add(int queryClass, int relevantCount, ReadOnlySpan<int> neighborClasses)
    {
        int hitsWithinR = 0;
        double precisionSum = 0;
        int firstHit = -1;
        for (int i = 0; i < neighborClasses.Length; i++)
        {
            if (neighborClasses[i] != queryClass)
            {
                continue;
            }

            if (firstHit < 0)
            {
                firstHit = i;
            }

            if (i < relevantCount)
            {
                hitsWithinR++;
                precisionSum += (double)hitsWithinR / (i + 1);
            }
            else
            {
                break;
            }
        }

        Span<double> sums = _sums.AsSpan(queryClass * _metricCount, _metricCount);
        sums[PrecisionAt1] += firstHit == 0 ? 1 : 0;
        sums[RPrecision] += (double)hitsWithinR / relevantCount;
        sums[AveragePrecision] += precisionSum / relevantCount;
        sums[ReciprocalRank] += firstHit >= 0 && firstHit < _reciprocalRankCutoff ? 1.0 / (firstHit + 1) : 0;
        for (int r = 0; r < _recallAtK.Length; r++)
        {
            sums[FixedMetrics + r] += firstHit >= 0 && firstHit < _recallAtK[r] ? 1 : 0;
        }

        _queries[queryClass]++;
    }

    /// <summary>The metrics: means over queries, or means over classes of per-class means.</summary>
    public RetrievalMetrics Result(bool averagePerClass, int excludedQueryCount)
    {
        var means = new double[_metricCount];
        int classes = 0;
        long queries = 0;
        for (int c = 0; c < _queries.Length; c++)
        {
            if (_queries[c] == 0)
            {
                continue;
            }

            classes++;
            queries += _queries[c];
            for (int m = 0; m < _metricCount; m++)
            {
                means[m] += averagePerClass ? _sums[(c * _metricCount) + m] / _queries[c] : _sums[(c * _metricCount) + m];
            }
        }

        double divisor = averagePerClass ? classes : queries;
        for (int m = 0; m < _metricCount; m++)
        {
            means[m] = divisor == 0 ? 0 : means[m] / divisor;
        }

        var recall = new Dictionary<int, double>();
        for (int r = 0; r < _recallAtK.Length; r++)
        {
            recall[_recallAtK[r]] = means[FixedMetrics + r];
        }

        return new RetrievalMetrics(
            means[PrecisionAt1],
            means[RPrecision],
            means[AveragePrecision],
            means[ReciprocalRank],
            new System.Collections.ObjectModel.ReadOnlyDictionary<int, double>(recall),
            checked((int)queries),
            excludedQueryCount,
            _reciprocalRankCutoff,
            averagePerClass);
    }
}
