using System.Runtime.CompilerServices;

namespace MLEmbeddings.Neighbors;

/// <summary>Admits every node: graph construction and unfiltered searches.</summary>
internal readonly struct AdmitAll : ISearchAdmission
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Admit(int id) => true;
}
