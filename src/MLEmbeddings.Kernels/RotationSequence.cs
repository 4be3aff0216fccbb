namespace MLEmbeddings.Kernels;

/// <summary>
/// Records the rotation chains of successive implicit QL sweeps over the rows of a square row-major matrix and applies
/// them in order, one block of columns at a time, so that block stays in cache while many sweeps pass over it.
/// </summary>
/// <remarks>
/// Every column is transformed independently by the same rotations, so applying them block by block gives exactly
/// the result of applying each rotation to whole rows, with far less memory traffic for large matrices.
/// </remarks>
internal sealed class RotationSequence
{
    /// <summary>Columns per block: 64 doubles (512 bytes) of each row, so a block of a 1,000-row matrix fits in L2.</summary>
    private const int BlockWidth = 64;

    /// <summary>Most rotations recorded before they are applied (1 MiB of cosines and sines); a full decomposition needs about <c>n^2</c>.</summary>
    private const int MaximumCapacity = 65536;

    private readonly double[] _rows;
    private readonly int _size;
    private readonly double[] _cosines;
    private readonly double[] _sines;
    private readonly List<(int LastRow, int Start, int Count)> _chains = [];
    private int _count;
    private int _chainStart;
    private int _chainLastRow;

    /// <summary>Starts an empty sequence over the <paramref name="size"/> x <paramref name="size"/> matrix <paramref name="rows"/>.</summary>
    public RotationSequence(double[] rows, int size)
    {
        _rows = rows;
        _size = size;
        _cosines = new double[Math.Max(size, (int)Math.Min(MaximumCapacity, (long)size * size))];
        _sines = new double[_cosines.Length];
    }

    /// <summary>Starts a chain whose first rotation acts on rows <paramref name="lastRow"/> - 1 and <paramref name="lastRow"/>.</summary>
    public void BeginChain(int lastRow)
    {
        if (_cosines.Length - _count < _size)
        {
            Flush();
        }

        _chainStart = _count;
        _chainLastRow = lastRow;
    }

    /// <summary>Appends the next rotation of the chain (one row higher than the previous).</summary>
    public void Add(double cosine, double sine)
    {
        _cosines[_count] = cosine;
        _sines[_count] = sine;
        _count++;
    }

    /// <summary>Closes the chain started by <see cref="BeginChain"/>.</summary>
    public void EndChain()
    {
        if (_count > _chainStart)
        {
            _chains.Add((_chainLastRow, _chainStart, _count - _chainStart));
        }
    }

    /// <summary>Applies the recorded chains, in order, and empties the sequence.</summary>
    public void Flush()
    {
        for (int start = 0; start < _size; start += BlockWidth)
        {
            int width = Math.Min(BlockWidth, _size - start);
            foreach ((int lastRow, int first, int count) in _chains)
            {
                RotationChain.Apply(
                    ref _rows[(lastRow * _size) + start],
                    _size,
                    width,
                    _cosines.AsSpan(first, count),
                    _sines.AsSpan(first, count));
            }
        }

        _chains.Clear();
        _count = 0;
    }
}
