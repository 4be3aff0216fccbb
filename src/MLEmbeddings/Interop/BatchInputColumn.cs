namespace MLEmbeddings.Interop;

/// <summary>An input column a component reads, and how it wants it (<see cref="InputColumnAccess"/>).</summary>
/// <param name="Name">The input column name.</param>
/// <param name="Access">Dense block, sparse rows or scalars.</param>
internal sealed record BatchInputColumn(string Name, InputColumnAccess Access);
