namespace QuickStart;

/// <summary>One class name, for the key data that fixes the order of the label keys.</summary>
internal sealed class ClassName
{
    /// <summary>The class name.</summary>
    public string Label { get; set; } = string.Empty;
}
