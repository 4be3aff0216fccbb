using System.Buffers.Binary;
using System.Text;

namespace MLEmbeddings.Tests.Export;

/// <summary>
/// A tiny, strict Protocol Buffers reader for the tests: decodes the fields of an ONNX model written by our exporter
/// (or by the onnx package) into a plain description, so two models can be compared field by field. Independent of the
/// exporter's writer: it follows the wire format and onnx.proto's field numbers.
/// </summary>
internal static class OnnxModelReader
{
    public static OnnxModelDescription Read(byte[] bytes)
    {
        var model = new OnnxModelDescription();
        foreach ((int field, object value) in Fields(bytes))
        {
            switch (field)
            {
                case 1: model.IrVersion = (long)(ulong)value; break;
                case 2: model.ProducerName = Text(value); break;
                case 7: ReadGraph((byte[])value, model); break;
                case 8:
                    string domain = string.Empty;
                    long version = 0;
                    foreach ((int f, object v) in Fields((byte[])value))
                    {
                        if (f == 1)
                        {
                            domain = Text(v);
                        }
                        else if (f == 2)
                        {
                            version = (long)(ulong)v;
                        }
                    }

                    model.Opsets.Add((domain, version));
                    break;
            }
        }

        return model;
    }

    private static void ReadGraph(byte[] bytes, OnnxModelDescription model)
    {
        foreach ((int field, object value) in Fields(bytes))
        {
            switch (field)
            {
                case 1:
                    var node = new OnnxNode();
                    foreach ((int f, object v) in Fields((byte[])value))
                    {
                        if (f == 1) { node.Inputs.Add(Text(v)); }
                        else if (f == 2) { node.Outputs.Add(Text(v)); }
                        else if (f == 4) { node.OperatorType = Text(v); }
                        else if (f == 7) { node.Domain = Text(v); }
                    }

                    model.Nodes.Add(node);
                    break;
                case 5:
                    var tensor = new OnnxTensor();
                    foreach ((int f, object v) in Fields((byte[])value))
                    {
                        if (f == 1) { tensor.Dimensions.Add((long)(ulong)v); }
                        else if (f == 2) { tensor.DataType = (int)(ulong)v; }
                        else if (f == 8) { tensor.Name = Text(v); }
                        else if (f == 9) { tensor.Values.AddRange(Floats((byte[])v)); }
                        else if (f == 4) { tensor.Values.AddRange(Floats((byte[])v)); }
                    }

                    model.Initializers.Add(tensor);
                    break;
                case 11: model.Inputs.Add(ReadValue((byte[])value)); break;
                case 12: model.Outputs.Add(ReadValue((byte[])value)); break;
            }
        }
    }

    private static OnnxValue ReadValue(byte[] bytes)
    {
        var result = new OnnxValue();
        foreach ((int field, object value) in Fields(bytes))
        {
            if (field == 1)
            {
                result.Name = Text(value);
            }
            else if (field == 2)
            {
                byte[] tensorType = (byte[])Fields((byte[])value).Single(f => f.Field == 1).Value;
                foreach ((int f, object v) in Fields(tensorType))
                {
                    if (f == 1)
                    {
                        result.ElementType = (int)(ulong)v;
                    }
                    else if (f == 2)
                    {
                        foreach ((int dimField, object dimension) in Fields((byte[])v))
                        {
                            Assert.Equal(1, dimField);
                            (int kind, object content) = Fields((byte[])dimension).Single();
                            result.Dimensions.Add(kind == 1 ? ((long)(ulong)content).ToString(System.Globalization.CultureInfo.InvariantCulture) : Text(content));
                        }
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Every field of a message: varints as <see cref="ulong"/>, length-delimited fields as byte arrays; other wire types fail.</summary>
    private static List<(int Field, object Value)> Fields(byte[] bytes)
    {
        var fields = new List<(int, object)>();
        int position = 0;
        while (position < bytes.Length)
        {
            ulong tag = Varint(bytes, ref position);
            int field = (int)(tag >> 3);
            int wireType = (int)(tag & 7);
            Assert.True(field > 0, "field number 0");
            switch (wireType)
            {
                case 0:
                    fields.Add((field, Varint(bytes, ref position)));
                    break;
                case 2:
                    int length = checked((int)Varint(bytes, ref position));
                    Assert.True(position + length <= bytes.Length, "a length-delimited field runs past the end of its message");
                    fields.Add((field, bytes[position..(position + length)]));
                    position += length;
                    break;
                default:
                    Assert.Fail($"unexpected wire type {wireType} for field {field}");
                    break;
            }
        }

        return fields;
    }

    private static ulong Varint(byte[] bytes, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            Assert.True(position < bytes.Length && shift < 64, "truncated varint");
            byte b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }

    private static string Text(object value) => Encoding.UTF8.GetString((byte[])value);

    private static IEnumerable<float> Floats(byte[] bytes)
    {
        Assert.Equal(0, bytes.Length % 4);
        for (int i = 0; i < bytes.Length; i += 4)
        {
            yield return BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i));
        }
    }
}

internal sealed class OnnxModelDescription
{
    public long IrVersion { get; set; }

    public string ProducerName { get; set; } = string.Empty;

    public List<(string Domain, long Version)> Opsets { get; } = [];

    public List<OnnxNode> Nodes { get; } = [];

    public List<OnnxTensor> Initializers { get; } = [];

    public List<OnnxValue> Inputs { get; } = [];

    public List<OnnxValue> Outputs { get; } = [];
}

internal sealed class OnnxNode
{
    public List<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    public string OperatorType { get; set; } = string.Empty;

    public string Domain { get; set; } = string.Empty;
}

internal sealed class OnnxTensor
{
    public string Name { get; set; } = string.Empty;

    public int DataType { get; set; }

    public List<long> Dimensions { get; } = [];

    public List<float> Values { get; } = [];
}

internal sealed class OnnxValue
{
    public string Name { get; set; } = string.Empty;

    public int ElementType { get; set; }

    /// <summary>Each dimension as its value, or its symbolic name.</summary>
    public List<string> Dimensions { get; } = [];
}
