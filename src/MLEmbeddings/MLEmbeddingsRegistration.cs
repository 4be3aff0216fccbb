using MLEmbeddings.Interop;

namespace Microsoft.ML;

/// <summary>Makes an <see cref="MLContext"/> able to load models that contain MLEmbeddings components.</summary>
public static class MLEmbeddingsRegistration
{
    /// <summary>
    /// Registers every MLEmbeddings component with the context's component catalog, so that
    /// <c>mlContext.Model.Load(...)</c> can re-create them. Call it once per <see cref="MLContext"/> before loading
    /// a model in a context that has not used any MLEmbeddings catalog method (a context that built a pipeline with
    /// them is already registered). Calling it again does nothing. It also covers the components of the other
    /// MLEmbeddings packages (MLEmbeddings.Onnx, ...): those already loaded, and those ML.NET loads later while reading a
    /// model, so an application that never touches them in code still loads models containing them.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Without it, <c>Model.Load</c> fails with ML.NET's own message: for a model that is a single MLEmbeddings
    /// transformer, <c>System.FormatException: Couldn't load model: 'TransformerChain'</c>; for a pipeline,
    /// <c>System.InvalidOperationException: Error during class instantiation</c> whose innermost exception is
    /// <c>System.FormatException: Couldn't load model: 'TransformerChain/Transform_001'</c> (the step number varies).
    /// </para>
    /// <para>
    /// The line cannot be avoided: ML.NET finds a model entry's loader only in the loading context's component
    /// catalog, which it fills from an internal assembly attribute that assemblies outside ML.NET cannot declare,
    /// and no MLEmbeddings code runs while ML.NET reads a model before that lookup.
    /// </para>
    /// </remarks>
    /// <param name="mlContext">The context that will load models.</param>
    /// <returns>The same context, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="mlContext"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The Microsoft.ML version in use is outside the supported range [5.0.1, 5.1).</exception>
    public static MLContext RegisterMLEmbeddings(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ComponentRegistration.EnsureRegistered(mlContext.ComponentCatalog);
        return mlContext;
    }
}
