namespace MLEmbeddings.Kernels;

/// <summary>
/// The handful of single-precision vector operations the kernels need, for one register type
/// (<see cref="System.Runtime.Intrinsics.Vector128{T}"/>, <see cref="System.Runtime.Intrinsics.Vector256{T}"/>,
/// <see cref="System.Runtime.Intrinsics.Vector512{T}"/>). Kernels are written once as generic methods over an
/// implementation of this interface; because the implementations are structs, the JIT compiles one specialised,
/// fully inlined copy of each kernel per width.
/// </summary>
/// <typeparam name="TVector">The vector register type.</typeparam>
internal interface ISimdOperations<TVector>
    where TVector : struct
{
    /// <summary>Number of <see cref="float"/> lanes in one vector.</summary>
    static abstract int Count { get; }

    /// <summary>The all-zero vector.</summary>
    static abstract TVector Zero { get; }

    /// <summary>A vector with every lane set to <paramref name="value"/>.</summary>
    static abstract TVector Broadcast(float value);

    /// <summary>Loads <see cref="Count"/> consecutive values (no alignment required).</summary>
    static abstract TVector Load(ref float source);

    /// <summary>Stores <see cref="Count"/> consecutive values (no alignment required).</summary>
    static abstract void Store(TVector value, ref float destination);

    /// <summary>Lane-wise <c>left + right</c>.</summary>
    static abstract TVector Add(TVector left, TVector right);

    /// <summary>Lane-wise <c>left - right</c>.</summary>
    static abstract TVector Subtract(TVector left, TVector right);

    /// <summary>Lane-wise <c>left * right + addend</c>, fused (one rounding) where the hardware has FMA.</summary>
    static abstract TVector MultiplyAdd(TVector left, TVector right, TVector addend);

    /// <summary>Lane-wise <c>left &lt; right</c> as all-ones / all-zeros lanes.</summary>
    static abstract TVector LessThan(TVector left, TVector right);

    /// <summary>Lane-wise bitwise and.</summary>
    static abstract TVector BitwiseAnd(TVector left, TVector right);

    /// <summary>Lane-wise bitwise or.</summary>
    static abstract TVector BitwiseOr(TVector left, TVector right);

    /// <summary>True when any bit of <paramref name="value"/> is set.</summary>
    static abstract bool AnyBitSet(TVector value);

    /// <summary>A mask whose last <paramref name="count"/> lanes are all-ones and the others zero (<c>0 &lt;= count &lt;= Count</c>).</summary>
    static abstract TVector LastLanesMask(int count);

    /// <summary>The sum of all lanes.</summary>
    static abstract float Sum(TVector value);
}
