using MLEmbeddings.Kernels;

namespace MLEmbeddings.Export;

/// <summary>
/// Writes the parts of an ONNX model (onnx.proto, proto2 encoding) the library's exporters need: the model header with one
/// default-domain opset, graph nodes with attributes, float initializers and <c>float[batch, n]</c> inputs and outputs
/// whose first dimension is the symbolic <c>batch</c>. IR version 7, opset 13, so ONNX Runtime 1.6 and later load the
/// models. Fields are written in the order the exporters call the methods, so an export is reproducible byte for byte.
/// </summary>
internal static class OnnxModelWriter
{
    /// <summary>ONNX IR version written (7: ONNX 1.7 and later).</summary>
    public const long IrVersion = 7;

    /// <summary>Default-domain operator set version written.</summary>
    public const long OpsetVersion = 13;

    /// <summary>Name of the symbolic batch dimension.</summary>
    public const string BatchDimension = "batch";

    // Field numbers of onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto, TypeProto, ...).
    private const int ModelIrVersion = 1;
    private const int ModelProducerName = 2;
    private const int ModelDocString = 6;
    private const int ModelGraph = 7;
    private const int ModelOpsetImport = 8;
    private const int OpsetDomain = 1;
    private const int OpsetVersionField = 2;
    private const int GraphNode = 1;
    private const int GraphName = 2;
    private const int GraphInitializer = 5;
    private const int GraphInput = 11;
    private const int GraphOutput = 12;
    private const int NodeInput = 1;
    private const int NodeOutput = 2;
    private const int NodeName = 3;
    private const int NodeOpType = 4;
    private const int NodeAttribute = 5;
    private const int AttributeName = 1;
    private const int AttributeFloat = 2;
    private const int AttributeInteger = 3;
    private const int AttributeIntegers = 8;
    private const int AttributeTypeField = 20;
    private const int AttributeTypeFloat = 1;
    private const int AttributeTypeInteger = 2;
    private const int AttributeTypeIntegers = 7;
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorName = 8;
    private const int TensorRawData = 9;
    private const int ValueInfoName = 1;
    private const int ValueInfoType = 2;
    private const int TypeTensor = 1;
    private const int TensorTypeElementType = 1;
    private const int TensorTypeShape = 2;
    private const int ShapeDim = 1;
    private const int DimValue = 1;
    private const int DimParam = 2;
    private const int FloatDataType = 1;

    /// <summary>Writes a model whose graph <paramref name="writeGraph"/> fills (nodes, name, initializers, inputs, outputs, in that order).</summary>
    public static void WriteModel(Stream destination, string description, Action<ProtobufWriter> writeGraph)
    {
        var model = new ProtobufWriter();
        model.WriteInt64(ModelIrVersion, IrVersion);
        model.WriteString(ModelProducerName, "MLEmbeddings");
        model.WriteString(ModelDocString, description);
        model.WriteMessage(ModelGraph, writeGraph);
        model.WriteMessage(ModelOpsetImport, opset =>
        {
            opset.WriteString(OpsetDomain, string.Empty);
            opset.WriteInt64(OpsetVersionField, OpsetVersion);
        });
        model.CopyTo(destination);
    }

    /// <summary>Writes a node computing <paramref name="outputs"/> from <paramref name="inputs"/>; <paramref name="writeAttributes"/> adds its attributes.</summary>
    public static void WriteNode(ProtobufWriter graph, string operatorType, string name, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, Action<ProtobufWriter>? writeAttributes = null)
    {
        graph.WriteMessage(GraphNode, node =>
        {
            foreach (string input in inputs)
            {
                node.WriteString(NodeInput, input);
            }

            foreach (string output in outputs)
            {
                node.WriteString(NodeOutput, output);
            }

            node.WriteString(NodeName, name);
            node.WriteString(NodeOpType, operatorType);
            writeAttributes?.Invoke(node);
        });
    }

    /// <summary>Adds an INT attribute to the node being written.</summary>
    public static void WriteAttribute(ProtobufWriter node, string name, long value)
        => node.WriteMessage(NodeAttribute, attribute =>
        {
            attribute.WriteString(AttributeName, name);
            attribute.WriteInt64(AttributeInteger, value);
            attribute.WriteInt64(AttributeTypeField, AttributeTypeInteger);
        });

    /// <summary>Adds a FLOAT attribute to the node being written.</summary>
    public static void WriteAttribute(ProtobufWriter node, string name, float value)
        => node.WriteMessage(NodeAttribute, attribute =>
        {
            attribute.WriteString(AttributeName, name);
            attribute.WriteSingle(AttributeFloat, value);
            attribute.WriteInt64(AttributeTypeField, AttributeTypeFloat);
        });

    /// <summary>Adds an INTS attribute to the node being written.</summary>
    public static void WriteAttribute(ProtobufWriter node, string name, IReadOnlyList<long> values)
        => node.WriteMessage(NodeAttribute, attribute =>
        {
            attribute.WriteString(AttributeName, name);
            foreach (long value in values)
            {
                attribute.WriteInt64(AttributeIntegers, value);
            }

            attribute.WriteInt64(AttributeTypeField, AttributeTypeIntegers);
        });

    /// <summary>Writes the graph's name.</summary>
    public static void WriteGraphName(ProtobufWriter graph, string name) => graph.WriteString(GraphName, name);

    /// <summary>Writes a float initializer of shape <paramref name="dimensions"/> (row-major <paramref name="values"/>).</summary>
    public static void WriteInitializer(ProtobufWriter graph, string name, IReadOnlyList<long> dimensions, ReadOnlySpan<float> values)
    {
        byte[] bytes = ProtobufWriter.EncodeFloats(values);
        graph.WriteMessage(GraphInitializer, tensor =>
        {
            foreach (long dimension in dimensions)
            {
                tensor.WriteInt64(TensorDims, dimension);
            }

            tensor.WriteInt64(TensorDataType, FloatDataType);
            tensor.WriteString(TensorName, name);
            tensor.WriteBytes(TensorRawData, bytes);
        });
    }

    /// <summary>Writes a matrix as a float initializer of shape <c>rows x columns</c>.</summary>
    public static void WriteInitializer(ProtobufWriter graph, string name, DenseMatrix matrix)
        => WriteInitializer(graph, name, [matrix.Rows, matrix.Columns], matrix.AsSpan());

    /// <summary>Writes the graph input <paramref name="name"/>, a <c>float[batch, columns]</c>.</summary>
    public static void WriteInput(ProtobufWriter graph, string name, int columns) => graph.WriteMessage(GraphInput, value => WriteMatrixValue(value, name, columns));

    /// <summary>Writes the graph output <paramref name="name"/>, a <c>float[batch, columns]</c>.</summary>
    public static void WriteOutput(ProtobufWriter graph, string name, int columns) => graph.WriteMessage(GraphOutput, value => WriteMatrixValue(value, name, columns));

    /// <summary>Checks the graph input and output names chosen by a caller of an export method.</summary>
    /// <exception cref="ArgumentException">A name is empty, or the two names are equal.</exception>
    public static void CheckNames(string inputName, string outputName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inputName);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputName);
        if (inputName == outputName)
        {
            throw new ArgumentException($"inputName and outputName are both '{inputName}'; an ONNX graph needs distinct names.", nameof(outputName));
        }
    }

    /// <summary>A <c>float[batch, columns]</c> graph input or output.</summary>
    private static void WriteMatrixValue(ProtobufWriter value, string name, int columns)
    {
        value.WriteString(ValueInfoName, name);
        value.WriteMessage(ValueInfoType, type => type.WriteMessage(TypeTensor, tensorType =>
        {
            tensorType.WriteInt64(TensorTypeElementType, FloatDataType);
            tensorType.WriteMessage(TensorTypeShape, shape =>
            {
                shape.WriteMessage(ShapeDim, dim => dim.WriteString(DimParam, BatchDimension));
                shape.WriteMessage(ShapeDim, dim => dim.WriteInt64(DimValue, columns));
            });
        }));
    }
}
