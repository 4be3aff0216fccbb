using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using MLEmbeddings.Kernels;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// <see cref="IDistanceSpace{TSelf}"/> over a <see cref="ScalarQuantizedStore"/>. For query <c>q</c> the space holds
/// <c>w = q * scale</c> (zero padded), <c>c0 = q . min</c> and <c>||q||^2</c>; the key of code <c>c</c> is then
/// <c>||x^||^2 - 2 (c0 + w . c) + ||q||^2</c> (squared distance to the decoded vector) or <c>-(c0 + w . c)</c>.
/// </summary>
internal struct ScalarQuantizedSpace : IDistanceSpace<ScalarQuantizedSpace>
{
    private readonly ScalarQuantizedStore _store;
    private readonly byte[] _codes;
    private readonly float[] _squaredNorms;
    private readonly float[] _weights;
    private readonly float[] _decoded;
    private readonly int _stride;
    private readonly VectorWidth _width;
    private readonly FloatSpace _exact;
    private readonly bool _hasExact;
    private float _offset;
    private float _querySquaredNorm;

    public ScalarQuantizedSpace(ScalarQuantizedStore store)
    {
        _store = store;
        _codes = store.Codes;
        _squaredNorms = store.SquaredNorms;
        _stride = store.CodeStride;
        _weights = new float[_stride];
        _decoded = new float[store.Dimension];
        _width = KernelDispatch.Width;
        _hasExact = store.FullPrecision is not null;
        _exact = _hasExact ? new FloatSpace(store.FullPrecision!) : default;
    }

    public readonly ScalarQuantizedSpace Fork() => new ScalarQuantizedSpace(_store);

    public void SetQuery(ReadOnlySpan<float> query)
    {
        ReadOnlySpan<float> minimum = _store.Minimum;
        ReadOnlySpan<float> scale = _store.Scale;
        double offset = 0;
        double squaredNorm = 0;
        for (int j = 0; j < minimum.Length; j++)
        {
            _weights[j] = query[j] * scale[j];
            offset += (double)query[j] * minimum[j];
            squaredNorm += (double)query[j] * query[j];
        }

        _offset = (float)offset;
        _querySquaredNorm = (float)squaredNorm;
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
    {
        float dot = _offset + ByteCodeDot.Dot(_width, ref MemoryMarshal.GetArrayDataReference(_weights), ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_codes), (nint)id * _stride), _stride);
        return _store.SquaredEuclidean ? _squaredNorms[id] - (2f * dot) + _querySquaredNorm : -dot;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly float ExactKey(int id) => _hasExact ? _exact.Key(id) : Key(id);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly unsafe void Prefetch(int id)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_codes), (nint)id * _stride)));
        }
    }
}
