using System.Security.Cryptography;

namespace Dealer.Ucan.Multiformats;

/// <summary>An immutable multihash: <c>varint(code) ‖ varint(length) ‖ digest</c>.</summary>
/// <remarks>See https://github.com/multiformats/multihash.</remarks>
public sealed class Multihash : IEquatable<Multihash>
{
    /// <summary>The largest digest accepted when reading untrusted bytes.</summary>
    public const int MaxDigestLength = 1024;

    // The encoded multihash; a CID's multihash is a slice of the CID's own bytes rather than a copy.
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly int _digestOffset;

    private Multihash(ulong code, ReadOnlyMemory<byte> bytes, int digestOffset)
    {
        Code = code;
        _bytes = bytes;
        _digestOffset = digestOffset;
    }

    /// <summary>The hash function code (<see cref="Multicodec"/>).</summary>
    public ulong Code { get; }

    /// <summary>The digest bytes.</summary>
    public ReadOnlySpan<byte> Digest => _bytes.Span[_digestOffset..];

    /// <summary>The encoded multihash.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.Span;

    /// <summary>Wraps an existing digest.</summary>
    /// <exception cref="ArgumentException">The digest has the wrong length for a known code.</exception>
    public static Multihash Create(ulong code, ReadOnlySpan<byte> digest)
    {
        if (code == Multicodec.Sha256 && digest.Length != 32)
        {
            throw new ArgumentException("sha2-256 digests are 32 bytes.", nameof(digest));
        }

        var header = Varint.SizeOf(code) + Varint.SizeOf((ulong)digest.Length);
        var bytes = new byte[header + digest.Length];
        var n = Varint.Write(bytes, code);
        n += Varint.Write(bytes.AsSpan(n), (ulong)digest.Length);
        digest.CopyTo(bytes.AsSpan(n));
        return new Multihash(code, bytes, n);
    }

    /// <summary>The sha2-256 multihash of <paramref name="data"/>.</summary>
    public static Multihash Sha256(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(data, digest);
        return Create(Multicodec.Sha256, digest);
    }

    /// <summary>Reads a multihash at the start of <paramref name="source"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a multihash.</exception>
    public static Multihash Read(ReadOnlySpan<byte> source, out int bytesRead)
    {
        var code = ReadHeader(source, out bytesRead, out var digestOffset);
        return new Multihash(code, source[..bytesRead].ToArray(), digestOffset);
    }

    /// <summary>Checks the multihash at the start of <paramref name="source"/> without copying it: its code, its length
    /// and where its digest starts.</summary>
    /// <exception cref="FormatException">The bytes are not a multihash.</exception>
    internal static ulong ReadHeader(ReadOnlySpan<byte> source, out int bytesRead, out int digestOffset)
    {
        var code = Varint.Read(source, out var a);
        var length = Varint.Read(source[a..], out var b);
        if (length > MaxDigestLength)
        {
            throw new FormatException($"Multihash digest of {length} bytes exceeds the limit of {MaxDigestLength}.");
        }

        digestOffset = a + b;
        if (source.Length - digestOffset < (int)length)
        {
            throw new FormatException("Multihash digest is truncated.");
        }

        if (code == Multicodec.Sha256 && length != 32)
        {
            throw new FormatException("sha2-256 digests are 32 bytes.");
        }

        bytesRead = digestOffset + (int)length;
        return code;
    }

    /// <summary>The multihash held in <paramref name="bytes"/>, already checked by <see cref="ReadHeader"/>.</summary>
    internal static Multihash Wrap(ulong code, ReadOnlyMemory<byte> bytes, int digestOffset) => new(code, bytes, digestOffset);

    /// <summary>Whether this multihash is the digest of <paramref name="data"/>; false for codes Dealer cannot compute.</summary>
    public bool Matches(ReadOnlySpan<byte> data) => Matches(Code, Digest, data);

    /// <summary>Whether <paramref name="digest"/> under hash <paramref name="code"/> is the digest of
    /// <paramref name="data"/>; false for codes Dealer cannot compute.</summary>
    internal static bool Matches(ulong code, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> data)
    {
        switch (code)
        {
            case Multicodec.Sha256:
                Span<byte> computed = stackalloc byte[32];
                SHA256.HashData(data, computed);
                return computed.SequenceEqual(digest);
            case Multicodec.Identity:
                return data.SequenceEqual(digest);
            default:
                return false;
        }
    }

    /// <inheritdoc />
    public bool Equals(Multihash? other) => other is not null && Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Multihash);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(Bytes);
        return hash.ToHashCode();
    }
}
