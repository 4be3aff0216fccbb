using Microsoft.ML;

namespace MLEmbeddings.Interop;

/// <summary>Pooled storage for one input column of a batch: reads the current row of a bound row into a slot.</summary>
internal interface IInputBlock
{
    /// <summary>Takes the column's getter from <paramref name="row"/>; later <see cref="Read"/> calls read that row's current values.</summary>
    void Bind(DataViewRow row);

    /// <summary>Copies the bound row's current value into slot <paramref name="slot"/> (slots are filled 0, 1, 2, ... per batch).</summary>
    void Read(int slot);
}
