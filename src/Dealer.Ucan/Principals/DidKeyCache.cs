namespace Dealer.Ucan.Principals;

/// <summary>
/// The multicodec key bytes of the last few did:key strings parsed (<see cref="Did.DecodeKey"/>): base58 costs
/// microseconds per key, and the same few principals (the dealer, its storefronts) are named in every request; the
/// other way, bytes to string, is <see cref="Did.Decode"/>'s own cache. Bounded: a new pair replaces the oldest, so
/// keys from odd input cannot grow it, and a miss costs one scan of a few short strings.
/// </summary>
internal static class DidKeyCache
{
    private const int Capacity = 32;

    private static readonly Entry?[] Entries = new Entry?[Capacity];
    private static int _next = -1;

    /// <summary>The key bytes of <paramref name="did"/>, as a fresh copy the caller may keep.</summary>
    public static byte[]? FindBytes(string did, out ulong code)
    {
        foreach (var entry in Entries)
        {
            if (entry is not null && string.Equals(entry.Did, did, StringComparison.Ordinal))
            {
                code = entry.Code;
                return entry.Bytes.ToArray();
            }
        }

        code = 0;
        return null;
    }

    public static void Add(ReadOnlySpan<byte> bytes, ulong code, string did)
    {
        var slot = (int)((uint)Interlocked.Increment(ref _next) % Capacity);
        Volatile.Write(ref Entries[slot], new Entry(bytes.ToArray(), code, did));
    }

    private sealed record Entry(byte[] Bytes, ulong Code, string Did);
}
