using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;

namespace ModelBuilder.Consume;

/// <summary>
/// A thread-safe pool of <see cref="PredictionEngine{TSrc, TDst}"/> (which is not thread-safe itself) over one loaded
/// model: each call borrows an engine, predicts and returns it, so any number of threads can score concurrently.
/// </summary>
public sealed class PredictionEnginePool
{
    private readonly ObjectPool<PredictionEngine<ModelInput, ModelOutput>> _pool;

    public PredictionEnginePool(MLContext mlContext, ITransformer model, int maximumRetained)
        => _pool = new DefaultObjectPool<PredictionEngine<ModelInput, ModelOutput>>(new EnginePolicy(mlContext, model), maximumRetained);

    public ModelOutput Predict(ModelInput input)
    {
        PredictionEngine<ModelInput, ModelOutput> engine = _pool.Get();
        try
        {
            return engine.Predict(input);
        }
        finally
        {
            _pool.Return(engine);
        }
    }

    private sealed class EnginePolicy(MLContext mlContext, ITransformer model) : PooledObjectPolicy<PredictionEngine<ModelInput, ModelOutput>>
    {
        public override PredictionEngine<ModelInput, ModelOutput> Create() => mlContext.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);

        public override bool Return(PredictionEngine<ModelInput, ModelOutput> obj) => true;
    }
}
