using Microsoft.ML;

namespace MLEmbeddings.Interop;

/// <summary>Checks a requested getter type against an output column, with ML.NET-style messages.</summary>
internal static class OutputGetters
{
    /// <summary>The getter as <c>ValueGetter&lt;TValue&gt;</c>; throws if the column is inactive or of another type.</summary>
    public static ValueGetter<TValue> Cast<TValue>(Delegate? getter, OutputColumn column)
    {
        if (getter is null)
        {
            throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor: request it when creating the cursor.");
        }

        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}; a getter of {typeof(TValue).Name} was requested.");
    }
}
