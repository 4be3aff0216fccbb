using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary><see cref="IDistanceSpace{TSelf}"/> over a <see cref="BinaryCodeStore"/>: the query is encoded with the same thresholds and the key is the Hamming distance.</summary>
internal struct BinaryCodeSpace : IDistanceSpace<BinaryCodeSpace>
{
    private readonly BinaryCodeStore _store;
    private readonly ulong[] _codes;
    private readonly ulong[] _query;
    private readonly float[] _decoded;
    private readonly int _words;
    private readonly VectorWidth _width;
    private readonly bool _hasExact;
    private readonly FloatSpace _exact;

    public BinaryCodeSpace(BinaryCodeStore store)
    {
        _store = store;
        _codes = store.Codes;
        _words = store.Words;
        _query = new ulong[_words];
        _decoded = new float[store.Dimension];
        _width = KernelDispatch.Width;
        _hasExact = store.FullPrecision is not null;
        _exact = _hasExact ? new FloatSpace(store.FullPrecision!) : default;
    }

    public readonly BinaryCodeSpace Fork() => new BinaryCodeSpace(_store);

    public void SetQuery(ReadOnlySpan<float> query)
    {
        _store.Encode(query, _query);
        if (_hasExact)
        {
            _exact.SetQuery(query);
        }
    }

    public void SetQueryFromStored(int id)
    {
        _store.CopyVector(id, _decoded);
        SetQuery(_decoded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float Key(int id)
        => HammingDistance.Distance(_width, ref MemoryMarshal.GetArrayDataReference(_query), ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_codes), (nint)id * _words), _words);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float ExactKey(int id) => _hasExact ? _exact.Key(id) : Key(id);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly unsafe void Prefetch(int id)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_codes), (nint)id * _words)));
        }
    }
}
