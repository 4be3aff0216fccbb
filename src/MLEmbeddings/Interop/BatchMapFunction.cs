namespace MLEmbeddings.Interop;

/// <summary>
/// A component's batch computation: reads <see cref="BatchInput.RowCount"/> rows of its input columns and writes
/// the same number of rows of every output column. Called concurrently from different cursors, so it must not
/// mutate shared state.
/// </summary>
internal delegate void BatchMapFunction(BatchInput input, BatchOutput output);
