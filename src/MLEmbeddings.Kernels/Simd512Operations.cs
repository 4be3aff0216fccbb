using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLEmbeddings.Kernels;

/// <summary><see cref="ISimdOperations{TVector}"/> for 512-bit vectors (16 floats).</summary>
internal readonly struct Simd512Operations : ISimdOperations<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source) => Vector512.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> left, Vector512<float> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Subtract(Vector512<float> left, Vector512<float> right) => left - right;

    // Without hardware FMA the fused form would be emulated lane by lane; multiply-then-add is the fast fallback.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> left, Vector512<float> right, Vector512<float> addend)
        => Avx512F.IsSupported ? Vector512.FusedMultiplyAdd(left, right, addend) : (left * right) + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LessThan(Vector512<float> left, Vector512<float> right) => Vector512.LessThan(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> BitwiseAnd(Vector512<float> left, Vector512<float> right) => left & right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> BitwiseOr(Vector512<float> left, Vector512<float> right) => left | right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyBitSet(Vector512<float> value) => value.AsUInt32() != Vector512<uint>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LastLanesMask(int count)
        => Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(Count - count)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> value) => Vector512.Sum(value);
}
