using System.Numerics;
using System.Runtime.InteropServices;

namespace MLEmbeddings.Kernels;

/// <summary>
/// Candidate storage for searches with a large <c>k</c>, where keeping a sorted list (<see cref="SortedCandidateList"/>,
/// <c>O(k)</c> per admission) costs too much: admitted candidates are appended, in ascending id order, to an unsorted
/// buffer of <c>2k</c> slots; when it is full it is compacted to the best <c>k</c> by (key, id), keeping their order,
/// and the admission threshold becomes the k-th best key. Each admission costs <c>O(1)</c> amortized; the final list
/// is selected and sorted once.
/// </summary>
internal static class CandidateBuffer
{
    /// <summary>Lists longer than this use a buffer; shorter ones stay sorted lists.</summary>
    public const int MinimumBufferedK = 128;

    /// <summary>Buffer slots per query for list length <paramref name="k"/>.</summary>
    public static int Capacity(int k) => 2 * k;

    private const uint SignBit = 0x8000_0000u;

    /// <summary>Digit size of the final sort: 8 bits, 256 buckets (1 KiB of counts on the stack).</summary>
    private const int RadixBits = 8;

    private const int RadixBuckets = 1 << RadixBits;

    /// <summary>Largest digit of the selection: 11 bits, 2,048 buckets (8 KiB of counts on the stack).</summary>
    private const int SelectBuckets = 1 << 11;

    /// <summary>Digit sizes of the selection, most significant first; they add up to 32.</summary>
    private static ReadOnlySpan<int> SelectDigits => [11, 11, 10];

    /// <summary>
    /// Keeps the best <paramref name="k"/> of the first <paramref name="count"/> entries (by key, then id; entries are
    /// in ascending id order) at the front, in their original order, and returns the k-th best key: the new admission
    /// threshold. <paramref name="scratch"/> needs <paramref name="count"/> values.
    /// </summary>
    public static float Compact(Span<float> keys, Span<int> ids, int count, int k, Span<float> scratch)
    {
        Span<uint> ordered = MemoryMarshal.Cast<float, uint>(scratch[..count]);
        for (int i = 0; i < count; i++)
        {
            ordered[i] = OrderedBits(keys[i]);
        }

        float kth = FromOrderedBits(SelectKthSmallest(ordered, k - 1));
        int less = 0;
        for (int i = 0; i < count; i++)
        {
            less += keys[i] < kth ? 1 : 0;
        }

        // Branch-free: every entry is copied to the next kept slot (never past its own), which advances only when the
        // entry is kept: below the k-th key, or equal to it while equal keys are still wanted (the first ones by id).
        int equalsWanted = k - less;
        int written = 0;
        for (int i = 0; i < count; i++)
        {
            float key = keys[i];
            keys[written] = key;
            ids[written] = ids[i];
            int takeEqual = (key == kth) & (equalsWanted > 0) ? 1 : 0;
            equalsWanted -= takeEqual;
            written += (key < kth ? 1 : 0) | takeEqual;
        }

        return kth;
    }

    /// <summary>
    /// Turns a buffer holding <paramref name="count"/> entries (in ascending id order) into the final list of length
    /// <paramref name="k"/> at its front: the best <paramref name="k"/> sorted by (key, id), padded with empty slots
    /// (key +infinity, id -1). <paramref name="scratch"/> needs <c>2 k</c> values.
    /// </summary>
    public static void Finish(Span<float> keys, Span<int> ids, int count, int k, Span<float> scratch)
    {
        if (count > k)
        {
            Compact(keys, ids, count, k, scratch);
            count = k;
        }

        SortStably(keys[..count], ids[..count], scratch[..(2 * count)]);
        SortedCandidateList.Clear(keys[count..k], ids[count..k]);
    }

    /// <summary>
    /// The bits of <paramref name="key"/> as an unsigned integer that orders like the key (negative keys flipped, positive
    /// keys with the sign bit set); -0 counts as +0, as the float comparisons do.
    /// </summary>
    private static uint OrderedBits(float key)
    {
        uint bits = BitConverter.SingleToUInt32Bits(key + 0f);
        return (bits & SignBit) != 0 ? ~bits : bits | SignBit;
    }

    private static float FromOrderedBits(uint ordered)
        => BitConverter.UInt32BitsToSingle((ordered & SignBit) != 0 ? ordered & ~SignBit : ~ordered);

    /// <summary>
    /// Sorts the entries by key with a stable least-significant-digit radix sort (four 8-bit digits of the ordered key
    /// bits; digits every entry shares are skipped). Entries in ascending id order come out sorted by (key, id).
    /// <paramref name="scratch"/> holds <c>2 n</c> values: the other half of each pass's key and id arrays.
    /// </summary>
    private static void SortStably(Span<float> keys, Span<int> ids, Span<float> scratch)
    {
        int count = keys.Length;
        Span<uint> source = MemoryMarshal.Cast<float, uint>(keys);
        Span<int> sourceIds = ids;
        Span<uint> target = MemoryMarshal.Cast<float, uint>(scratch[..count]);
        Span<int> targetIds = MemoryMarshal.Cast<float, int>(scratch[count..(2 * count)]);
        for (int i = 0; i < count; i++)
        {
            source[i] = OrderedBits(keys[i]);
        }

        Span<int> offsets = stackalloc int[RadixBuckets];
        bool inKeys = true;
        for (int shift = 0; shift < 32; shift += RadixBits)
        {
            offsets.Clear();
            for (int i = 0; i < count; i++)
            {
                offsets[(int)((source[i] >> shift) & (RadixBuckets - 1))]++;
            }

            if (offsets[(int)((source[0] >> shift) & (RadixBuckets - 1))] == count)
            {
                continue;
            }

            int total = 0;
            for (int bucket = 0; bucket < RadixBuckets; bucket++)
            {
                int size = offsets[bucket];
                offsets[bucket] = total;
                total += size;
            }

            for (int i = 0; i < count; i++)
            {
                uint value = source[i];
                int position = offsets[(int)((value >> shift) & (RadixBuckets - 1))]++;
                target[position] = value;
                targetIds[position] = sourceIds[i];
            }

            Span<uint> swapKeys = source;
            source = target;
            target = swapKeys;
            Span<int> swapIds = sourceIds;
            sourceIds = targetIds;
            targetIds = swapIds;
            inKeys = !inKeys;
        }

        if (!inKeys)
        {
            source.CopyTo(target);
            sourceIds.CopyTo(targetIds);
        }

        Span<uint> ordered = MemoryMarshal.Cast<float, uint>(keys);
        for (int i = 0; i < count; i++)
        {
            keys[i] = FromOrderedBits(ordered[i]);
        }
    }

    /// <summary>
    /// The value of rank <paramref name="rank"/> (0-based) in ascending order, by a most-significant-digit radix
    /// selection: three counting passes over the values with the prefix found so far (11, 11 and 10 bits), no
    /// data-dependent swaps. <paramref name="values"/> is left unchanged.
    /// </summary>
    private static uint SelectKthSmallest(ReadOnlySpan<uint> values, int rank)
    {
        Span<int> counts = stackalloc int[SelectBuckets];
        uint prefix = 0;
        uint prefixMask = 0;
        int remaining = rank;
        foreach (int bits in SelectDigits)
        {
            int shift = BitOperations.PopCount(~prefixMask) - bits;
            counts.Clear();
            for (int i = 0; i < values.Length; i++)
            {
                uint value = values[i];
                if ((value & prefixMask) == prefix)
                {
                    counts[(int)((value >> shift) & ((1u << bits) - 1))]++;
                }
            }

            int digit = 0;
            while (remaining >= counts[digit])
            {
                remaining -= counts[digit];
                digit++;
            }

            prefix |= (uint)digit << shift;
            prefixMask |= ((1u << bits) - 1) << shift;
        }

        return prefix;
    }
}
