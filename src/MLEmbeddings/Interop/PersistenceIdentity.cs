namespace MLEmbeddings.Interop;

/// <summary>
/// How one persisted component is recognised in a model zip.
/// </summary>
/// <param name="LoaderSignature">
/// The name ML.NET looks the loader up by (at most 24 ASCII characters, unique across all ML.NET components;
/// ours start with "MLEmb"). Never change it once models were saved.
/// </param>
/// <param name="ModelSignature">Exactly 8 ASCII characters stored in the entry header and checked on load.</param>
/// <param name="FormatVersion">
/// The component's payload format version, written first in the payload. Readers accept versions up to their own
/// and reject newer ones with a clear message; bump it whenever the payload layout changes.
/// </param>
/// <param name="DisplayName">The component name used in messages.</param>
internal sealed record PersistenceIdentity(string LoaderSignature, string ModelSignature, int FormatVersion, string DisplayName)
{
    /// <summary>The model signature as ML.NET packs it into the header (8 bytes little-endian, spaces as zero).</summary>
    public ulong PackedModelSignature
    {
        get
        {
            ulong packed = 0;
            for (int i = 0; i < ModelSignature.Length; i++)
            {
                if (ModelSignature[i] != ' ')
                {
                    packed |= (ulong)ModelSignature[i] << (i * 8);
                }
            }

            return packed;
        }
    }
}
