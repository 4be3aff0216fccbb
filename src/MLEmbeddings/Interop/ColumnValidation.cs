using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Interop;

/// <summary>
/// Input checks shared by every component, with the library's message style: name the column, the expected and
/// the received value, and the fix. Schema problems throw <see cref="ArgumentOutOfRangeException"/> (as ML.NET's
/// own schema mismatches do); bad values throw <see cref="ArgumentException"/>.
/// </summary>
internal static class ColumnValidation
{
    private const string ConvertTypeFix = "Add mlContext.Transforms.Conversion.ConvertType(...) before this step.";
    private const string FixedSizeFix = "Give the column a fixed size, for example with mlContext.Transforms.Concatenate(...) or a [VectorType(size)] attribute on the input class.";
    private const string MapValueToKeyFix = "Add mlContext.Transforms.Conversion.MapValueToKey(...) before this step.";

    /// <summary>The column named <paramref name="name"/>, or an exception listing the available columns.</summary>
    public static DataViewSchema.Column RequireColumn(DataViewSchema schema, string name, string parameterName = "inputSchema")
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema.GetColumnOrNull(name) ?? throw Missing(name, schema.Where(c => !c.IsHidden).Select(c => c.Name), parameterName);
    }

    /// <summary>The shape of the column named <paramref name="name"/>, or an exception listing the available columns.</summary>
    public static SchemaShape.Column RequireColumn(SchemaShape shape, string name, string parameterName = "inputSchema")
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (SchemaShape.Column column in shape)
        {
            if (column.Name == name)
            {
                return column;
            }
        }

        throw Missing(name, shape.Select(c => c.Name), parameterName);
    }

    /// <summary>Requires a known-size <c>Vector&lt;Single&gt;</c> column and returns its size.</summary>
    public static int RequireKnownSizeSingleVector(DataViewSchema schema, string name, string parameterName = "inputSchema")
    {
        DataViewSchema.Column column = RequireColumn(schema, name, parameterName);
        if (column.Type is VectorDataViewType { ItemType: NumberDataViewType item } vector && item == NumberDataViewType.Single)
        {
            return vector.IsKnownSize
                ? vector.Size
                : throw WrongType(name, "a known-size vector of Single", "a variable-size Vector<Single>", FixedSizeFix, parameterName);
        }

        throw WrongType(name, "a known-size vector of Single", Describe(column.Type), VectorFix(column.Type), parameterName);
    }

    /// <summary>Requires the shape of a known-size <c>Vector&lt;Single&gt;</c> column (its size is not part of a shape).</summary>
    public static void RequireKnownSizeSingleVector(SchemaShape shape, string name, string parameterName = "inputSchema")
    {
        SchemaShape.Column column = RequireColumn(shape, name, parameterName);
        bool single = !column.IsKey && column.ItemType == NumberDataViewType.Single;
        if (single && column.Kind == SchemaShape.Column.VectorKind.Vector)
        {
            return;
        }

        string received = Describe(column);
        string fix = single && column.Kind == SchemaShape.Column.VectorKind.VariableVector ? FixedSizeFix
            : column.Kind == SchemaShape.Column.VectorKind.Scalar ? "Add mlContext.Transforms.Concatenate(...) to build a vector column."
            : ConvertTypeFix;
        throw WrongType(name, "a known-size vector of Single", received, fix, parameterName);
    }

    /// <summary>Requires a scalar text column (<c>String</c> / <c>ReadOnlyMemory&lt;char&gt;</c>).</summary>
    public static void RequireText(DataViewSchema schema, string name, string parameterName = "inputSchema")
    {
        DataViewSchema.Column column = RequireColumn(schema, name, parameterName);
        if (column.Type is not TextDataViewType)
        {
            throw WrongType(name, "a scalar text (String) column", Describe(column.Type), TextFix(column.Type), parameterName);
        }
    }

    /// <summary>Requires the shape of a scalar text column.</summary>
    public static void RequireText(SchemaShape shape, string name, string parameterName = "inputSchema")
    {
        SchemaShape.Column column = RequireColumn(shape, name, parameterName);
        if (column.IsKey || column.Kind != SchemaShape.Column.VectorKind.Scalar || column.ItemType is not TextDataViewType)
        {
            throw WrongType(name, "a scalar text (String) column", Describe(column), column.Kind == SchemaShape.Column.VectorKind.Scalar ? TextFix(column.ItemType) : "Join the values into one text column first.", parameterName);
        }
    }

    /// <summary>Requires a key-typed column (a label mapped with <c>MapValueToKey</c>) and returns its key count.</summary>
    public static ulong RequireKey(DataViewSchema schema, string name, string parameterName = "inputSchema")
    {
        DataViewSchema.Column column = RequireColumn(schema, name, parameterName);
        return column.Type is KeyDataViewType key
            ? key.Count
            : throw WrongType(name, "a key type", Describe(column.Type), MapValueToKeyFix, parameterName);
    }

    /// <summary>Requires the shape of a scalar key-typed column.</summary>
    public static void RequireKey(SchemaShape shape, string name, string parameterName = "inputSchema")
    {
        SchemaShape.Column column = RequireColumn(shape, name, parameterName);
        if (!column.IsKey || column.Kind != SchemaShape.Column.VectorKind.Scalar)
        {
            throw WrongType(name, "a key type", Describe(column), MapValueToKeyFix, parameterName);
        }
    }

    /// <summary>Requires the scoring-time vector size to equal the size seen in training.</summary>
    public static void RequireTrainedSize(string name, int trainedSize, int inputSize, string parameterName = "inputSchema")
    {
        if (trainedSize != inputSize)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                $"Column '{name}': the model was trained on vectors of size {trainedSize}, but the input has vectors of size {inputSize}. " +
                "Score with data prepared the same way as the training data.");
        }
    }

    /// <summary>
    /// Requires every value of a block of rows to be finite. <paramref name="firstRow"/> is the 0-based position of
    /// the block's first row in the data, used to name the offending row.
    /// </summary>
    public static void RequireFinite(ReadOnlyMatrixView rows, long firstRow, string name, string parameterName = "input")
    {
        for (int i = 0; i < rows.Rows; i++)
        {
            ReadOnlySpan<float> row = rows.Row(i);
            int bad = FirstNonFinite(row);
            if (bad >= 0)
            {
                throw NonFinite(name, firstRow + i, bad, row[bad], parameterName);
            }
        }
    }

    /// <summary>Requires every stored value of a batch of sparse rows to be finite (the message names the row and slot).</summary>
    public static void RequireFinite(SparseRows rows, long firstRow, string name, string parameterName = "input")
    {
        int bad = FirstNonFinite(rows.Values);
        if (bad >= 0)
        {
            int row = 0;
            while (rows.RowPointers[row + 1] <= bad)
            {
                row++;
            }

            throw NonFinite(name, firstRow + row, rows.ColumnIndices[bad], rows.Values[bad], parameterName);
        }
    }

    /// <summary>The index of the first NaN or infinite value of <paramref name="values"/>, or -1.</summary>
    public static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int j = 0; j < values.Length; j++)
        {
            if (!float.IsFinite(values[j]))
            {
                return j;
            }
        }

        return -1;
    }

    /// <summary>Describes a type the way the messages show it (<c>Vector&lt;Double, 3&gt;</c>, <c>Key&lt;UInt32, 0-9&gt;</c>, <c>String</c>).</summary>
    public static string Describe(DataViewType type) => type.ToString() ?? type.GetType().Name;

    private static string Describe(SchemaShape.Column column)
    {
        string item = column.IsKey ? $"Key<{column.ItemType}>" : Describe(column.ItemType);
        return column.Kind switch
        {
            SchemaShape.Column.VectorKind.Vector => $"Vector<{item}>",
            SchemaShape.Column.VectorKind.VariableVector => $"a variable-size Vector<{item}>",
            _ => item,
        };
    }

    private static string VectorFix(DataViewType type) => type switch
    {
        VectorDataViewType => ConvertTypeFix,
        KeyDataViewType or TextDataViewType => "Featurize the column first (for example mlContext.Transforms.Text.FeaturizeText(...) or Categorical.OneHotEncoding(...)).",
        _ => "Add mlContext.Transforms.Concatenate(...) to build a vector column.",
    };

    private static string TextFix(DataViewType type) => type is VectorDataViewType
        ? "Join the values into one text column first."
        : "Provide the text as a String column (a key column becomes text with mlContext.Transforms.Conversion.MapKeyToValue(...)).";

    private static ArgumentException NonFinite(string name, long row, int slot, float value, string parameterName)
        => new(
            $"Column '{name}', row {row}: slot {slot} is {value}; expected finite values. " +
            "Remove or replace missing values (for example with mlContext.Transforms.ReplaceMissingValues(...)) before this step.",
            parameterName);

    private static ArgumentOutOfRangeException Missing(string name, IEnumerable<string> available, string parameterName)
        => new(parameterName, $"Column '{name}' was not found in the input. Available columns: {string.Join(", ", available.Distinct().Select(n => $"'{n}'"))}.");

    private static ArgumentOutOfRangeException WrongType(string name, string expected, string received, string fix, string parameterName)
        => new(parameterName, $"Column '{name}': expected {expected}, got {received}. {fix}");
}
