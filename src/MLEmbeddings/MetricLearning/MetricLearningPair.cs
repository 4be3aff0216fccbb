namespace MLEmbeddings.MetricLearning;

/// <summary>
/// A weak-supervision constraint for ITML: two rows of the training data that should be close (<see cref="Similar"/>)
/// or far apart. Rows are the 0-based positions of rows in the <c>IDataView</c> given to <c>Fit</c>.
/// </summary>
/// <param name="FirstRow">0-based position of the first row.</param>
/// <param name="SecondRow">0-based position of the second row; must differ from <paramref name="FirstRow"/>.</param>
/// <param name="Similar">True when the two rows should be close (distance at most the upper bound), false when they should be far (at least the lower bound).</param>
public readonly record struct MetricLearningPair(long FirstRow, long SecondRow, bool Similar);
