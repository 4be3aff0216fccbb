namespace MLEmbeddings.Interop;

/// <summary>Storage for one output column of a batch, and getters that serve a row of it.</summary>
internal interface IOutputBlock
{
    /// <summary>
    /// A <c>ValueGetter</c> of the column's value type (<c>T</c> for scalars, <c>VBuffer&lt;T&gt;</c> for vectors)
    /// that copies the row in slot <paramref name="slotOfCurrentRow"/>() (which computes the batch if needed).
    /// </summary>
    Delegate CreateGetter(Func<int> slotOfCurrentRow);
}
