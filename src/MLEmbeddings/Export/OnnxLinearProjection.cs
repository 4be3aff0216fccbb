using MLEmbeddings.Kernels;

namespace MLEmbeddings.Export;

/// <summary>
/// Writes a linear map <c>y = L x</c> as an ONNX model: one <c>MatMul</c> node computing <c>output = input * L^T</c> with
/// <c>L^T</c> stored as a float initializer, the input <c>float[batch, d]</c> and the output <c>float[batch, r]</c>, where
/// <c>batch</c> is a symbolic (dynamic) dimension. IR version 7, default-domain opset 13, so ONNX Runtime 1.6 and later
/// load it. The bytes depend only on <c>L</c>, the names and the description, so an export is reproducible.
/// </summary>
internal static class OnnxLinearProjection
{
    /// <summary>ONNX IR version written (7: ONNX 1.7 and later).</summary>
    public const long IrVersion = 7;

    /// <summary>Default-domain operator set version written.</summary>
    public const long OpsetVersion = 13;

    /// <summary>Name of the initializer holding <c>L^T</c>.</summary>
    public const string WeightName = "projection";

    /// <summary>Name of the symbolic batch dimension.</summary>
    public const string BatchDimension = "batch";

    // Field numbers of onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto, TypeProto, ...).
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

    /// <summary>Writes the model for <paramref name="projection"/> (<c>r x d</c>) to <paramref name="destination"/>.</summary>
    public static void Write(Stream destination, DenseMatrix projection, string inputName, string outputName, string description)
    {
        int rank = projection.Rows;
        int dimension = projection.Columns;
        float[] transposed = projection.Transpose().ToArray();
        var model = new ProtobufWriter();
        model.WriteInt64(ModelIrVersion, IrVersion);
        model.WriteString(ModelProducerName, "MLEmbeddings");
        model.WriteString(ModelDocString, description);
        model.WriteMessage(ModelGraph, graph =>
        {
            graph.WriteMessage(GraphNode, node =>
            {
                node.WriteString(NodeInput, inputName);
                node.WriteString(NodeInput, WeightName);
                node.WriteString(NodeOutput, outputName);
                node.WriteString(NodeName, "project");
                node.WriteString(NodeOpType, "MatMul");
            });
            graph.WriteString(GraphName, "linear_projection");
            graph.WriteMessage(GraphInitializer, tensor =>
            {
                tensor.WriteInt64(TensorDims, dimension);
                tensor.WriteInt64(TensorDims, rank);
                tensor.WriteInt64(TensorDataType, FloatDataType);
                tensor.WriteString(TensorName, WeightName);
                tensor.WriteFloatsAsBytes(TensorRawData, transposed);
            });
            graph.WriteMessage(GraphInput, value => WriteMatrixValue(value, inputName, dimension));
            graph.WriteMessage(GraphOutput, value => WriteMatrixValue(value, outputName, rank));
        });
        model.WriteMessage(ModelOpsetImport, opset =>
        {
            opset.WriteString(OpsetDomain, string.Empty);
            opset.WriteInt64(OpsetVersionField, OpsetVersion);
        });
        model.CopyTo(destination);
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
