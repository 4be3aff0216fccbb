namespace MLEmbeddings.Kernels;

/// <summary>
/// A function to minimise and its gradient: returns <c>f(point)</c> and writes <c>grad f(point)</c> into
/// <paramref name="gradient"/> (same length as <paramref name="point"/>).
/// </summary>
/// <param name="point">Where to evaluate; must not be modified.</param>
/// <param name="gradient">Receives the gradient, one value per coordinate of <paramref name="point"/>.</param>
/// <returns>The function value.</returns>
public delegate double DifferentiableFunction(ReadOnlySpan<double> point, Span<double> gradient);
