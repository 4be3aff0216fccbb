using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLEmbeddings.Kernels;

/// <summary><see cref="ISimdOperations{TVector}"/> for 256-bit vectors (8 floats).</summary>
internal readonly struct Simd256Operations : ISimdOperations<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source) => Vector256.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> left, Vector256<float> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Subtract(Vector256<float> left, Vector256<float> right) => left - right;

    // Without hardware FMA the fused form would be emulated lane by lane; multiply-then-add is the fast fallback.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> left, Vector256<float> right, Vector256<float> addend)
        => Fma.IsSupported ? Vector256.FusedMultiplyAdd(left, right, addend) : (left * right) + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LessThan(Vector256<float> left, Vector256<float> right) => Vector256.LessThan(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> BitwiseAnd(Vector256<float> left, Vector256<float> right) => left & right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> BitwiseOr(Vector256<float> left, Vector256<float> right) => left | right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyBitSet(Vector256<float> value) => value.AsUInt32() != Vector256<uint>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LastLanesMask(int count)
        => Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create(Count - count)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> value) => Vector256.Sum(value);
}
