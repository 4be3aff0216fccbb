using Microsoft.ML.Data;

namespace MLEmbeddings.TestSupport;

/// <summary>An output column a conformance case expects: exact name and type (sizes and key counts included) and annotation kinds.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">Exact type, for example <c>new VectorDataViewType(NumberDataViewType.Single, 8)</c>.</param>
/// <param name="AnnotationKinds">Annotation names the column must carry (for example "SlotNames", "KeyValues"), or empty.</param>
public sealed record ExpectedColumn(string Name, DataViewType Type, params string[] AnnotationKinds);
