using Microsoft.ML;
using Microsoft.ML.Data;

namespace QuickStart;

/// <summary>Reads whole columns of a (small) data view into arrays, for pictures and files.</summary>
internal static class ColumnReader
{
    /// <summary>Each row's vector of <paramref name="column"/>, densified.</summary>
    public static float[][] Vectors(IDataView data, string column)
        => data.GetColumn<VBuffer<float>>(column).Select(vector => vector.DenseValues().ToArray()).ToArray();

    /// <summary>Each row's text of <paramref name="column"/>.</summary>
    public static string[] Texts(IDataView data, string column)
        => data.GetColumn<ReadOnlyMemory<char>>(column).Select(text => text.ToString()).ToArray();
}
