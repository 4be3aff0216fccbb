namespace MLEmbeddings.Embeddings;

/// <summary>The column settings every embedding post-processing transform has.</summary>
public abstract class EmbeddingColumnOptions
{
    /// <summary>Name of the output column. Required.</summary>
    public string OutputColumnName { get; set; } = string.Empty;

    /// <summary>Name of the input column, a known-size <c>Vector&lt;Single&gt;</c>; null means <see cref="OutputColumnName"/>.</summary>
    public string? InputColumnName { get; set; }

    /// <summary>Checks the column names.</summary>
    /// <exception cref="ArgumentException">The output name is empty, or the input name is an empty string.</exception>
    private protected void ValidateColumns()
    {
        OptionChecks.RequireColumnName(OutputColumnName, nameof(OutputColumnName));
        if (InputColumnName is not null)
        {
            OptionChecks.RequireColumnName(InputColumnName, nameof(InputColumnName));
        }
    }
}
