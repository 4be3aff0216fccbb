using MLEmbeddings.Kernels;

namespace MLEmbeddings.Decomposition;

/// <summary>What a fit learned and how it went.</summary>
/// <param name="Components">The components <c>H</c>, <c>r x d</c>, or null when the fit gives <paramref name="ComponentsTransposed"/> instead.</param>
/// <param name="Iterations">Iterations (passes over the data) made.</param>
/// <param name="Converged">Whether the tolerance was met before the iteration limit.</param>
/// <param name="ReconstructionError">The relative error <c>||X - W H||_F / ||X||_F</c> of the training data (0 when <c>X = 0</c>).</param>
/// <param name="Divergence">The final beta-divergence <c>D_beta(X | W H)</c> (scikit-learn's convention: half the squared norm for Frobenius).</param>
/// <param name="Rows">Number of training rows.</param>
/// <param name="ComponentsTransposed"><c>H^T</c> (<c>d x r</c>) when the fit has it in that layout (the transformer keeps that layout, so nothing is copied); null when <paramref name="Components"/> is given.</param>
internal sealed record FactorizationResult(DenseMatrix? Components, int Iterations, bool Converged, double ReconstructionError, double Divergence, long Rows, DenseMatrix? ComponentsTransposed = null)
{
    /// <summary>The input dimension <c>d</c>.</summary>
    public int Dimension => Components?.Columns ?? ComponentsTransposed!.Rows;

    /// <summary>The relative error from the squared residual and squared data norm.</summary>
    public static double RelativeError(double squaredResidual, double squaredNorm)
        => squaredNorm > 0 ? Math.Sqrt(Math.Max(squaredResidual, 0) / squaredNorm) : 0;
}
