namespace MLEmbeddings.Evaluation;

/// <summary>One row of a <see cref="ClassificationReport"/>: the scores of one class. Immutable.</summary>
/// <param name="Name">The class name (the label's key value, or its 1-based key when the label has no key values).</param>
/// <param name="Precision">Correct predictions of the class over all predictions of it (0 when it was never predicted).</param>
/// <param name="Recall">Correct predictions of the class over its rows (0 when it has none).</param>
/// <param name="F1Score">Harmonic mean <c>2 P R / (P + R)</c> (0 when both are 0).</param>
/// <param name="Support">Number of rows whose label is the class.</param>
public sealed record ClassReport(string Name, double Precision, double Recall, double F1Score, long Support);
