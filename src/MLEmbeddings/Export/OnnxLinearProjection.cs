using MLEmbeddings.Kernels;

namespace MLEmbeddings.Export;

/// <summary>
/// Writes a linear map <c>y = L x</c> as an ONNX model: one <c>MatMul</c> node computing <c>output = input * L^T</c> with
/// <c>L^T</c> stored as a float initializer, the input <c>float[batch, d]</c> and the output <c>float[batch, r]</c>, where
/// <c>batch</c> is a symbolic (dynamic) dimension (see <see cref="OnnxModelWriter"/> for the versions). The bytes depend
/// only on <c>L</c>, the names and the description, so an export is reproducible.
/// </summary>
internal static class OnnxLinearProjection
{
    /// <summary>Name of the initializer holding <c>L^T</c>.</summary>
    public const string WeightName = "projection";

    /// <summary>Writes the model for <paramref name="projection"/> (<c>r x d</c>) to <paramref name="destination"/>.</summary>
    public static void Write(Stream destination, DenseMatrix projection, string inputName, string outputName, string description)
    {
        DenseMatrix transposed = projection.Transpose();
        OnnxModelWriter.WriteModel(destination, description, graph =>
        {
            OnnxModelWriter.WriteNode(graph, "MatMul", "project", [inputName, WeightName], [outputName]);
            OnnxModelWriter.WriteGraphName(graph, "linear_projection");
            OnnxModelWriter.WriteInitializer(graph, WeightName, transposed);
            OnnxModelWriter.WriteInput(graph, inputName, projection.Columns);
            OnnxModelWriter.WriteOutput(graph, outputName, projection.Rows);
        });
    }
}
