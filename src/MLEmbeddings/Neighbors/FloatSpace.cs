using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// <see cref="IDistanceSpace{TSelf}"/> over a <see cref="FloatVectorStore"/>: the squared Euclidean distance or minus the
/// dot product, with the SIMD pair reduction over the padded rows (no tail), at the width chosen when the space was made.
/// </summary>
internal readonly struct FloatSpace : IDistanceSpace<FloatSpace>
{
    private readonly FloatVectorStore _store;
    private readonly AlignedBlock _block;
    private readonly float[] _query;
    private readonly int _stride;
    private readonly VectorWidth _width;

    public FloatSpace(FloatVectorStore store)
    {
        _store = store;
        _block = store.Block;
        _stride = store.Stride;
        _query = new float[_stride];
        _width = KernelDispatch.Width;
    }

    public FloatSpace Fork() => new FloatSpace(_store);

    public void SetQuery(ReadOnlySpan<float> query) => query.CopyTo(_query);

    public void SetQueryFromStored(int id) => _store.PaddedRow(id).CopyTo(_query);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Key(int id)
    {
        ref float row = ref _block.At((nint)id * _stride);
        ref float query = ref MemoryMarshal.GetArrayDataReference(_query);
        return _store.SquaredEuclidean
            ? PairReduction.Reduce<SquaredDifferenceTerm>(_width, ref query, ref row, _stride)
            : -PairReduction.Reduce<DotProductTerm>(_width, ref query, ref row, _stride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ExactKey(int id) => Key(id);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(int id)
    {
        if (Sse.IsSupported)
        {
            byte* row = (byte*)Unsafe.AsPointer(ref _block.At((nint)id * _stride));
            Sse.Prefetch0(row);
            Sse.Prefetch0(row + 64);
        }
    }
}
