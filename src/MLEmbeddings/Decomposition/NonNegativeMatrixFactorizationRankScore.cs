namespace MLEmbeddings.Decomposition;

/// <summary>How well one candidate rank of NMF rank selection did over the perturbed resamples.</summary>
/// <param name="Rank">The candidate rank.</param>
/// <param name="ReconstructionError">The mean relative error <c>||X_r - W_r H_r||_F / ||X_r||_F</c> of the resample fits.</param>
/// <param name="Stability">
/// How reproducible the components are, in <c>[-1, 1]</c> (1 = identical in every resample): the components of all fits,
/// scaled to unit length, are matched one-to-one across fits (assignment on cosine similarity) into <c>Rank</c>
/// clusters; this is the smallest, over the clusters, mean cosine similarity of a cluster's members to its centroid.
/// </param>
/// <param name="Silhouette">
/// The smallest, over the clusters, mean silhouette of the cluster's members under the cosine distance
/// <c>1 - cos</c>: near 1 when clusters are tight and far apart (NMFk's criterion); 1 for rank 1.
/// </param>
public sealed record NonNegativeMatrixFactorizationRankScore(int Rank, double ReconstructionError, double Stability, double Silhouette);
