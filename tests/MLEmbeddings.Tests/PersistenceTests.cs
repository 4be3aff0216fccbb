using System.IO.Compression;
using System.Text;
using MLEmbeddings.Embeddings;
using MLEmbeddings.Interop;
using MLEmbeddings.TestSupport;
using Microsoft.ML;

namespace MLEmbeddings.Tests;

public class PersistenceTests
{
    [Fact]
    public void EveryPersistedComponentIsDiscoveredWithAValidIdentity()
    {
        Assert.Contains("MLEmbTruncateEmbedding", ComponentRegistration.LoaderSignatures);
        Assert.All(ComponentRegistration.LoaderSignatures, s => Assert.InRange(s.Length, 1, 24));
        Assert.Equal(ComponentRegistration.LoaderSignatures.Count(), ComponentRegistration.LoaderSignatures.Distinct().Count());
    }

    [Fact]
    public void RegistrationIsIdempotentAndCatalogMethodsRegisterTheirContext()
    {
        var fresh = new MLContext(1);
        Assert.False(MLNetInternals.Instance.IsRegistered(fresh.ComponentCatalog, "MLEmbTruncateEmbedding"));
        fresh.RegisterMLEmbeddings().RegisterMLEmbeddings();
        Assert.True(MLNetInternals.Instance.IsRegistered(fresh.ComponentCatalog, "MLEmbTruncateEmbedding"));

        var building = new MLContext(1);
        building.Transforms.TruncateEmbedding("Short", "Features", dimension: 2);
        Assert.True(MLNetInternals.Instance.IsRegistered(building.ComponentCatalog, "MLEmbTruncateEmbedding"));
    }

    [Fact]
    public void ANewerFormatVersionIsRejectedWithAClearMessage()
    {
        byte[] zip = SavedModel();
        byte[] patched = PatchPayload(zip, payload => BitConverter.TryWriteBytes(payload, 99));
        Exception exception = LoadFailure(patched);
        string messages = Messages(exception);
        Assert.Contains("The saved TruncateEmbedding model uses format version 99", messages, StringComparison.Ordinal);
        Assert.Contains("reads format versions up to 1", messages, StringComparison.Ordinal);
        Assert.NotNull(Chain(exception).OfType<InvalidDataException>().FirstOrDefault());
    }

    [Fact]
    public void CorruptStateInAZipIsRejectedWithAClearMessage()
    {
        byte[] zip = SavedModel();
        int dimensionOffset = 4 + (4 + 8) + (4 + 9) + 4;
        byte[] patched = PatchPayload(zip, payload => BitConverter.TryWriteBytes(payload.AsSpan(dimensionOffset), 1000));
        string messages = Messages(LoadFailure(patched));
        Assert.Contains("The saved TruncateEmbedding model is corrupt", messages, StringComparison.Ordinal);
        Assert.Contains("the dimension is 1000, outside [1, 8]", messages, StringComparison.Ordinal);
    }

    [Fact]
    public void AHugeStringLengthInAZipIsRejectedWithoutAllocating()
    {
        byte[] zip = SavedModel();
        byte[] patched = PatchPayload(zip, payload => BitConverter.TryWriteBytes(payload.AsSpan(4), int.MaxValue));
        string messages = Messages(LoadFailure(patched));
        Assert.Contains("a string claims 2147483647 element(s)", messages, StringComparison.Ordinal);
    }

    private static byte[] SavedModel()
    {
        var mlContext = new MLContext(1);
        IDataView data = TestData.FromRows(mlContext, TestData.RandomRows(4, 8, seed: 1));
        TruncateEmbeddingTransformer model = mlContext.Transforms.TruncateEmbedding("Truncated", "Features", dimension: 3).Fit(data);
        using var stream = new MemoryStream();
        mlContext.Model.Save(model, data.Schema, stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Rewrites the TruncateEmbedding entry's payload in a model zip. The payload starts with the format version (1)
    /// followed by the input column name "Features" (length 8); <paramref name="patch"/> gets the bytes from there on.
    /// </summary>
    private static byte[] PatchPayload(byte[] zip, Action<byte[]> patch)
    {
        using var stream = new MemoryStream();
        stream.Write(zip);
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            byte[] marker = [1, 0, 0, 0, 8, 0, 0, 0, .. Encoding.ASCII.GetBytes("Features")];
            (ZipArchiveEntry Entry, byte[] Bytes, int At) found = archive.Entries
                .Select(entry => (Entry: entry, Bytes: ReadEntry(entry)))
                .Where(e => Encoding.ASCII.GetString(e.Bytes).Contains("MLEmbTru", StringComparison.Ordinal))
                .Select(e => (e.Entry, e.Bytes, At: e.Bytes.AsSpan().IndexOf(marker)))
                .Single(e => e.At >= 0);
            byte[] payload = found.Bytes[found.At..];
            patch(payload);
            payload.CopyTo(found.Bytes, found.At);
            string name = found.Entry.FullName;
            found.Entry.Delete();
            using Stream rewritten = archive.CreateEntry(name).Open();
            rewritten.Write(found.Bytes);
        }

        return stream.ToArray();
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        using Stream content = entry.Open();
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        return copy.ToArray();
    }

    private static Exception LoadFailure(byte[] zip)
    {
        var mlContext = new MLContext(1).RegisterMLEmbeddings();
        return Assert.ThrowsAny<Exception>(() => mlContext.Model.Load(new MemoryStream(zip), out _));
    }

    private static string Messages(Exception exception) => string.Join(Environment.NewLine, Chain(exception).Select(e => e.Message));

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
