using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MLEmbeddings.Kernels;

/// <summary><see cref="ISimdOperations{TVector}"/> for 128-bit vectors (4 floats).</summary>
internal readonly struct Simd128Operations : ISimdOperations<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;

    public static Vector128<float> Zero => Vector128<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source) => Vector128.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> left, Vector128<float> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Subtract(Vector128<float> left, Vector128<float> right) => left - right;

    // Without hardware FMA the fused form would be emulated lane by lane; multiply-then-add is the fast fallback.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> left, Vector128<float> right, Vector128<float> addend)
        => Fma.IsSupported || AdvSimd.IsSupported ? Vector128.FusedMultiplyAdd(left, right, addend) : (left * right) + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LessThan(Vector128<float> left, Vector128<float> right) => Vector128.LessThan(left, right);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> BitwiseAnd(Vector128<float> left, Vector128<float> right) => left & right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> BitwiseOr(Vector128<float> left, Vector128<float> right) => left | right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyBitSet(Vector128<float> value) => value.AsUInt32() != Vector128<uint>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LastLanesMask(int count)
        => Vector128.GreaterThanOrEqual(Vector128<int>.Indices, Vector128.Create(Count - count)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector128<float> value) => Vector128.Sum(value);
}
