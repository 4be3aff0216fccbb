using MLEmbeddings.Interop;

// The persisted components of this assembly (sentence-embedding transformer, zero-shot classifier) are registered with
// ML.NET's component catalog by the core's registration, also when ML.NET loads this assembly while reading a model.
[assembly: ComponentAssembly]
