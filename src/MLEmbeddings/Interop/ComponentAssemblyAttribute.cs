namespace MLEmbeddings.Interop;

/// <summary>
/// Marks an MLEmbeddings assembly other than the core one (for example MLEmbeddings.Onnx) whose persisted components
/// <see cref="ComponentRegistration"/> must register: <c>[assembly: ComponentAssembly]</c>. The core assembly is always scanned.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
internal sealed class ComponentAssemblyAttribute : Attribute
{
}
