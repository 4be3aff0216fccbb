using System.Buffers;
using MLEmbeddings.Interop;
using MLEmbeddings.Kernels;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Neighbors;

/// <summary>
/// The fitted nearest-neighbour search: holds the indexed corpus and adds, for each row, the 0-based corpus row
/// numbers of its k nearest corpus rows (<c>Vector&lt;Int64, k&gt;</c>) and their scores (<c>Vector&lt;Single, k&gt;</c>:
/// squared Euclidean distance ascending, or cosine / inner-product similarity descending). Semantic search inside a
/// pipeline. Saved with the index inside the model zip.
/// </summary>
public sealed class NearestNeighborSearchTransformer : RowMappingTransformerBase, IPersistedComponent<NearestNeighborSearchTransformer>
{
    private static readonly PersistenceIdentity PersistenceIdentity = new("MLEmbNeighborSearch", "MLESERCH", 1, "SearchNearestNeighbors");

    private readonly VectorIndex _index;

    internal NearestNeighborSearchTransformer(VectorIndex index, string inputColumnName, string idsColumnName, string scoresColumnName, int numberOfNeighbors, NeighborMetric metric, bool excludeSelfMatches, int batchSize, int maxDegreeOfParallelism)
    {
        _index = index;
        InputColumnName = inputColumnName;
        IdsColumnName = idsColumnName;
        ScoresColumnName = scoresColumnName;
        NumberOfNeighbors = numberOfNeighbors;
        Metric = metric;
        ExcludeSelfMatches = excludeSelfMatches;
        BatchSize = batchSize;
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    /// <summary>The vector column searched with.</summary>
    public string InputColumnName { get; }

    /// <summary>The output column of neighbour row numbers.</summary>
    public string IdsColumnName { get; }

    /// <summary>The output column of neighbour scores.</summary>
    public string ScoresColumnName { get; }

    /// <summary>Neighbours per row, k.</summary>
    public int NumberOfNeighbors { get; }

    /// <summary>How rows are compared.</summary>
    public NeighborMetric Metric { get; }

    /// <summary>Whether corpus rows identical to the query are left out.</summary>
    public bool ExcludeSelfMatches { get; }

    /// <summary>Rows searched per kernel call.</summary>
    public int BatchSize { get; }

    /// <summary>Most threads used by search; -1 for all cores.</summary>
    public int MaxDegreeOfParallelism { get; }

    /// <summary>Number of indexed corpus rows.</summary>
    public int Count => _index.Count;

    /// <summary>Values per vector.</summary>
    public int Dimension => _index.Dimension;

    static PersistenceIdentity IPersistedComponent<NearestNeighborSearchTransformer>.Identity => PersistenceIdentity;

    private protected override PersistenceIdentity Identity => PersistenceIdentity;

    static NearestNeighborSearchTransformer IPersistedComponent<NearestNeighborSearchTransformer>.Load(ModelPayloadReader reader, int formatVersion, IHostEnvironment environment)
    {
        string input = reader.ReadNonNullString("the input column name");
        string ids = reader.ReadNonNullString("the ids column name");
        string scores = reader.ReadNonNullString("the scores column name");
        int k = reader.ReadInt32("the number of neighbours", 1, int.MaxValue);
        var metric = (NeighborMetric)reader.ReadInt32("the metric", 0, (int)NeighborMetric.InnerProduct);
        bool exclude = reader.ReadBoolean();
        int batchSize = reader.ReadInt32("the batch size", 1, int.MaxValue);
        int threads = reader.ReadInt32("the thread limit", -1, int.MaxValue);
        VectorIndex index = VectorIndex.Load(reader);
        if (k > index.Count)
        {
            throw reader.Corrupt($"the search asks for {k} neighbours of {index.Count} indexed rows");
        }

        return new NearestNeighborSearchTransformer(index, input, ids, scores, k, metric, exclude, batchSize, threads);
    }

    private protected override void SaveState(ModelPayloadWriter writer)
    {
        writer.Write(InputColumnName);
        writer.Write(IdsColumnName);
        writer.Write(ScoresColumnName);
        writer.Write(NumberOfNeighbors);
        writer.Write((int)Metric);
        writer.Write(ExcludeSelfMatches);
        writer.Write(BatchSize);
        writer.Write(MaxDegreeOfParallelism);
        _index.Save(writer);
    }

    private protected override BatchMapping Bind(DataViewSchema inputSchema)
    {
        int size = ColumnValidation.RequireKnownSizeSingleVector(inputSchema, InputColumnName);
        ColumnValidation.RequireTrainedSize(InputColumnName, _index.Dimension, size);
        OutputColumn ids = new(IdsColumnName, new VectorDataViewType(NumberDataViewType.Int64, NumberOfNeighbors));
        OutputColumn scores = new(ScoresColumnName, new VectorDataViewType(NumberDataViewType.Single, NumberOfNeighbors));
        return new BatchMapping(inputSchema, [new BatchInputColumn(InputColumnName, InputColumnAccess.Dense)], [ids, scores], MapBatch, BatchSize);
    }

    private void MapBatch(BatchInput input, BatchOutput output)
    {
        ReadOnlyMatrixView queries = input.Dense(0);
        ColumnValidation.RequireFinite(queries, input.FirstRow, InputColumnName);
        int length = queries.Rows * NumberOfNeighbors;
        int[] ids = ArrayPool<int>.Shared.Rent(length);
        try
        {
            Span<float> scores = output.Values<float>(1);
            if (ExcludeSelfMatches)
            {
                IdenticalVectorExclusion.Search(_index, queries, NumberOfNeighbors, ids.AsSpan(0, length), scores, MaxDegreeOfParallelism);
            }
            else
            {
                _index.Search(queries, NumberOfNeighbors, ids.AsSpan(0, length), scores, default, MaxDegreeOfParallelism);
            }

            Span<long> rowNumbers = output.Values<long>(0);
            for (int i = 0; i < length; i++)
            {
                rowNumbers[i] = ids[i];
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ids);
        }
    }
}
