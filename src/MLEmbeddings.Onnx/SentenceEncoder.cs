using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace MLEmbeddings.Onnx;

/// <summary>
/// One ONNX Runtime session over a BERT-family sentence encoder, created once and shared (ONNX Runtime's
/// <c>Run</c> is thread-safe). Finds the model's inputs (<c>input_ids</c>, <c>attention_mask</c>, optional
/// <c>token_type_ids</c>, int64 <c>[batch, sequence]</c>) and its output (a pooled <c>[batch, hidden]</c> one or a
/// token-level <c>[batch, sequence, hidden]</c> one), runs padded micro-batches and pools token vectors over the mask.
/// </summary>
internal sealed class SentenceEncoder : IDisposable
{
    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string TokenTypeIds = "token_type_ids";
    private static readonly string[] TokenOutputs = ["last_hidden_state", "token_embeddings"];
    private const string PooledOutput = "sentence_embedding";

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    private SentenceEncoder(InferenceSession session, string outputName, bool isPooled, bool hasTokenTypes)
    {
        _session = session;
        OutputName = outputName;
        IsPooledOutput = isPooled;
        _inputNames = hasTokenTypes ? [InputIds, AttentionMask, TokenTypeIds] : [InputIds, AttentionMask];
        _outputNames = [outputName];
        int last = session.OutputMetadata[outputName].Dimensions[^1];
        HiddenSize = last > 0 ? last : ProbeHiddenSize();
    }

    /// <summary>The output read.</summary>
    public string OutputName { get; }

    /// <summary>True when the output is already one vector per text (<c>[batch, hidden]</c>).</summary>
    public bool IsPooledOutput { get; }

    /// <summary>Values per embedding the model produces.</summary>
    public int HiddenSize { get; }

    /// <summary>Opens the model and checks it is a sentence encoder.</summary>
    /// <param name="modelBytes">The model's bytes, or null to read <paramref name="modelPath"/>.</param>
    /// <param name="modelPath">The model's path (read when <paramref name="modelBytes"/> is null; named in messages).</param>
    /// <param name="outputName">The output to read, or null to discover it.</param>
    /// <param name="intraOpThreadCount">ONNX Runtime intra-op threads (0 = its default).</param>
    /// <exception cref="ArgumentException">The file is not an ONNX model, or its inputs or outputs are not a sentence encoder's (the message lists what it has).</exception>
    public static SentenceEncoder Create(byte[]? modelBytes, string modelPath, string? outputName, int intraOpThreadCount)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreadCount,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
        };
        InferenceSession session;
        try
        {
            session = modelBytes is null ? new InferenceSession(modelPath, options) : new InferenceSession(modelBytes, options);
        }
        catch (OnnxRuntimeException exception)
        {
            throw OptionChecks.Invalid(nameof(SentenceEncoderOptions.ModelPath), $"ModelPath: '{modelPath}' is not an ONNX model that ONNX Runtime can load ({exception.Message.Trim()}). Pass the path of the model's .onnx file.", exception);
        }

        try
        {
            bool hasTokenTypes = CheckInputs(session, modelPath);
            (string output, bool pooled) = ChooseOutput(session, outputName, modelPath);
            return new SentenceEncoder(session, output, pooled, hasTokenTypes);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs one micro-batch: the texts' ids are padded with <paramref name="paddingId"/> to the longest one, the
    /// attention mask marks the real tokens, token types are 0. Writes one pooled vector of <see cref="HiddenSize"/>
    /// values per text into <paramref name="pooled"/>, in the order of <paramref name="sequences"/>.
    /// </summary>
    public void Run(IReadOnlyList<int[]> sequences, SentencePooling pooling, int paddingId, Span<float> pooled)
    {
        int batch = sequences.Count;
        int length = 0;
        foreach (int[] sequence in sequences)
        {
            length = Math.Max(length, sequence.Length);
        }

        var ids = new long[batch * length];
        var mask = new long[batch * length];
        for (int r = 0; r < batch; r++)
        {
            int[] sequence = sequences[r];
            Span<long> rowIds = ids.AsSpan(r * length, length);
            rowIds.Fill(paddingId);
            for (int t = 0; t < sequence.Length; t++)
            {
                rowIds[t] = sequence[t];
            }

            mask.AsSpan(r * length, sequence.Length).Fill(1);
        }

        long[] shape = [batch, length];
        using OrtValue idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using OrtValue maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using OrtValue? typesValue = _inputNames.Length == 3 ? OrtValue.CreateTensorValueFromMemory(new long[batch * length], shape) : null;
        OrtValue[] inputs = typesValue is null ? [idsValue, maskValue] : [idsValue, maskValue, typesValue];
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(_runOptions, _inputNames, inputs, _outputNames);
        ReadOnlySpan<float> values = outputs[0].GetTensorDataAsSpan<float>();
        int hidden = HiddenSize;
        long expected = IsPooledOutput ? (long)batch * hidden : (long)batch * length * hidden;
        if (values.Length != expected)
        {
            throw new InvalidOperationException(
                $"The model's output '{OutputName}' has shape [{string.Join(", ", outputs[0].GetTensorTypeAndShape().Shape)}]; expected " +
                (IsPooledOutput ? $"[{batch}, {hidden}]" : $"[{batch}, {length}, {hidden}]") + ".");
        }

        for (int r = 0; r < batch; r++)
        {
            Span<float> target = pooled.Slice(r * hidden, hidden);
            if (IsPooledOutput)
            {
                values.Slice(r * hidden, hidden).CopyTo(target);
            }
            else
            {
                Pool(values.Slice(r * length * hidden, sequences[r].Length * hidden), hidden, pooling, target);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>Pools the token vectors of one text (its real tokens only, row-major <c>tokens x hidden</c>).</summary>
    private static void Pool(ReadOnlySpan<float> tokens, int hidden, SentencePooling pooling, Span<float> target)
    {
        int count = tokens.Length / hidden;
        tokens[..hidden].CopyTo(target);
        if (pooling == SentencePooling.Cls)
        {
            return;
        }

        for (int t = 1; t < count; t++)
        {
            ReadOnlySpan<float> token = tokens.Slice(t * hidden, hidden);
            if (pooling == SentencePooling.Max)
            {
                TensorPrimitives.Max(target, token, target);
            }
            else
            {
                TensorPrimitives.Add(target, token, target);
            }
        }

        if (pooling == SentencePooling.Mean)
        {
            TensorPrimitives.Multiply(target, 1f / count, target);
        }
    }

    /// <summary>The output's last dimension when the graph leaves it symbolic: one run on a two-token input.</summary>
    private int ProbeHiddenSize()
    {
        using OrtValue idsValue = OrtValue.CreateTensorValueFromMemory(new long[2], [1, 2]);
        using OrtValue maskValue = OrtValue.CreateTensorValueFromMemory(new long[] { 1, 1 }, [1, 2]);
        using OrtValue typesValue = OrtValue.CreateTensorValueFromMemory(new long[2], [1, 2]);
        OrtValue[] inputs = _inputNames.Length == 3 ? [idsValue, maskValue, typesValue] : [idsValue, maskValue];
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(_runOptions, _inputNames, inputs, _outputNames);
        long[] shape = outputs[0].GetTensorTypeAndShape().Shape;
        return checked((int)shape[^1]);
    }

    /// <summary>Checks the inputs; returns whether the model takes <c>token_type_ids</c>.</summary>
    private static bool CheckInputs(InferenceSession session, string modelPath)
    {
        IReadOnlyDictionary<string, NodeMetadata> inputs = session.InputMetadata;
        bool valid = inputs.ContainsKey(InputIds) && inputs.ContainsKey(AttentionMask)
            && inputs.Keys.All(name => name is InputIds or AttentionMask or TokenTypeIds)
            && inputs.Values.All(node => node.IsTensor && node.ElementType == typeof(long) && node.Dimensions.Length == 2);
        if (!valid)
        {
            throw OptionChecks.Invalid(nameof(SentenceEncoderOptions.ModelPath), $"ModelPath: '{modelPath}' is not a sentence encoder. Expected int64 [batch, sequence] inputs 'input_ids' and 'attention_mask' " +
                $"(and optionally 'token_type_ids') and nothing else; the model's inputs are {Describe(inputs)}.");
        }

        return inputs.ContainsKey(TokenTypeIds);
    }

    /// <summary>The output to read and whether it is pooled.</summary>
    private static (string Name, bool IsPooled) ChooseOutput(InferenceSession session, string? requested, string modelPath)
    {
        IReadOnlyDictionary<string, NodeMetadata> outputs = session.OutputMetadata;
        string? name = requested
            ?? (outputs.ContainsKey(PooledOutput) ? PooledOutput : TokenOutputs.FirstOrDefault(outputs.ContainsKey));
        if (name is not null && outputs.TryGetValue(name, out NodeMetadata? node) && node.IsTensor && node.ElementType == typeof(float)
            && node.Dimensions.Length is 2 or 3)
        {
            return (name, node.Dimensions.Length == 2);
        }

        string wanted = requested is null
            ? "a float output 'sentence_embedding' [batch, hidden], 'last_hidden_state' or 'token_embeddings' [batch, sequence, hidden]"
            : $"the float output '{requested}' (ModelOutputName) of shape [batch, hidden] or [batch, sequence, hidden]";
        throw OptionChecks.Invalid(nameof(SentenceEncoderOptions.ModelPath), $"ModelPath: '{modelPath}' is not a sentence encoder. Expected {wanted}; the model's outputs are {Describe(outputs)}." +
            (requested is null ? " Set ModelOutputName to the output that holds the embeddings." : string.Empty));
    }

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> nodes)
        => string.Join(", ", nodes.Select(pair => $"'{pair.Key}' {(pair.Value.IsTensor ? pair.Value.ElementType.Name : pair.Value.OnnxValueType.ToString())} " +
            $"[{string.Join(", ", pair.Value.Dimensions.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : SymbolicName(pair.Value, i)))}]"));

    private static string SymbolicName(NodeMetadata node, int index)
        => index < node.SymbolicDimensions.Length && !string.IsNullOrEmpty(node.SymbolicDimensions[index]) ? node.SymbolicDimensions[index] : "?";
}
