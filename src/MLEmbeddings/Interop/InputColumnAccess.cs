namespace MLEmbeddings.Interop;

/// <summary>How the batch machinery hands an input column to a component's map function.</summary>
internal enum InputColumnAccess
{
    /// <summary>A known-size <c>Vector&lt;Single&gt;</c> column copied (sparse rows densified) into a row-major block: <see cref="BatchInput.Dense"/>.</summary>
    Dense,

    /// <summary>A known-size <c>Vector&lt;Single&gt;</c> column kept sparse as CSR rows (dense rows keep their non-zeros): <see cref="BatchInput.Sparse"/>.</summary>
    Sparse,

    /// <summary>A scalar column of any type, one value per row: <see cref="BatchInput.Scalars{T}"/>.</summary>
    Scalar,
}
