namespace MLEmbeddings.Kernels;

/// <summary>
/// The few double-precision vector operations of the double kernels, for one register type; implemented by structs
/// so the JIT compiles one specialised copy of each generic kernel per width (as <see cref="ISimdOperations{TVector}"/>
/// does for float).
/// </summary>
/// <typeparam name="TVector">The vector register type.</typeparam>
internal interface IDoubleSimdOperations<TVector>
    where TVector : struct
{
    /// <summary>Number of <see cref="double"/> lanes in one vector.</summary>
    static abstract int Count { get; }

    /// <summary>A vector with every lane set to <paramref name="value"/>.</summary>
    static abstract TVector Broadcast(double value);

    /// <summary>Loads <see cref="Count"/> consecutive values (no alignment required).</summary>
    static abstract TVector Load(ref double source);

    /// <summary>Stores <see cref="Count"/> consecutive values (no alignment required).</summary>
    static abstract void Store(TVector value, ref double destination);

    /// <summary>Lane-wise <c>left * right</c>.</summary>
    static abstract TVector Multiply(TVector left, TVector right);

    /// <summary>Lane-wise <c>-value</c>.</summary>
    static abstract TVector Negate(TVector value);

    /// <summary>Lane-wise <c>left * right + addend</c>, fused where the hardware has FMA.</summary>
    static abstract TVector MultiplyAdd(TVector left, TVector right, TVector addend);
}
