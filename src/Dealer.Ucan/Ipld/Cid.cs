using System.Diagnostics.CodeAnalysis;
using System.Text;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Ipld;

/// <summary>
/// An immutable content identifier. CIDv1 is <c>0x01 ‖ varint(codec) ‖ multihash</c>; CIDv0 is a bare sha2-256
/// multihash of a dag-pb block. Equality and hashing are by the binary form.
/// </summary>
/// <remarks>See https://github.com/multiformats/cid. The string form of a CIDv1 is base32 lower case (<c>b…</c>),
/// of a CIDv0 base58btc without a prefix (<c>Qm…</c>).</remarks>
public sealed class Cid : IEquatable<Cid>, IComparable<Cid>
{
    // The longest string AppendTo and WriteUtf8 lay out on the stack (a sha2-256 CIDv1 is 59 characters).
    private const int StackStringLength = 128;

    private readonly byte[] _bytes;

    // Where the multihash starts in _bytes and where its digest starts within it; the Multihash object is made only
    // when asked for, as a view of _bytes.
    private readonly int _multihashStart;
    private readonly int _digestOffset;
    private Multihash? _multihash;
    private string? _string;

    private Cid(int version, ulong codec, ulong multihashCode, byte[] bytes, int multihashStart, int digestOffset)
    {
        Version = version;
        Codec = codec;
        MultihashCode = multihashCode;
        _bytes = bytes;
        _multihashStart = multihashStart;
        _digestOffset = digestOffset;
    }

    private Cid(int version, ulong codec, Multihash multihash, byte[] bytes)
        : this(version, codec, multihash.Code, bytes, bytes.Length - multihash.Bytes.Length, multihash.Bytes.Length - multihash.Digest.Length)
    {
        _multihash = multihash;
    }

    /// <summary>0 or 1.</summary>
    public int Version { get; }

    /// <summary>The multicodec of the content (<see cref="Multicodec"/>); dag-pb for CIDv0.</summary>
    public ulong Codec { get; }

    /// <summary>The multihash of the content.</summary>
    public Multihash Multihash => _multihash ??= Multihash.Wrap(MultihashCode, _bytes.AsMemory(_multihashStart), _digestOffset);

    /// <summary>The hash function code of <see cref="Multihash"/>, without making the multihash object.</summary>
    internal ulong MultihashCode { get; }

    /// <summary>The digest of <see cref="Multihash"/>, without making the multihash object.</summary>
    internal ReadOnlySpan<byte> Digest => _bytes.AsSpan(_multihashStart + _digestOffset);

    /// <summary>Whether the multihash is the digest of <paramref name="data"/> (see <see cref="Multiformats.Multihash.Matches(ReadOnlySpan{byte})"/>).</summary>
    internal bool HashMatches(ReadOnlySpan<byte> data) => Multihash.Matches(MultihashCode, Digest, data);

    /// <summary>The binary form.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The binary form as a new array.</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    /// <summary>A CIDv1 of <paramref name="codec"/> and <paramref name="multihash"/>.</summary>
    public static Cid Create(ulong codec, Multihash multihash)
    {
        ArgumentNullException.ThrowIfNull(multihash);
        var bytes = new byte[1 + Varint.SizeOf(codec) + multihash.Bytes.Length];
        bytes[0] = 1;
        var n = 1 + Varint.Write(bytes.AsSpan(1), codec);
        multihash.Bytes.CopyTo(bytes.AsSpan(n));
        return new Cid(1, codec, multihash, bytes);
    }

    /// <summary>A CIDv0 of a sha2-256 <paramref name="multihash"/>.</summary>
    /// <exception cref="ArgumentException">The multihash is not sha2-256.</exception>
    public static Cid CreateV0(Multihash multihash)
    {
        ArgumentNullException.ThrowIfNull(multihash);
        if (multihash.Code != Multicodec.Sha256)
        {
            throw new ArgumentException("CIDv0 requires a sha2-256 multihash.", nameof(multihash));
        }

        return new Cid(0, Multicodec.DagPb, multihash, multihash.Bytes.ToArray());
    }

    /// <summary>The CIDv1 of <paramref name="data"/> under <paramref name="codec"/>, hashed with sha2-256.</summary>
    public static Cid Hash(ulong codec, ReadOnlySpan<byte> data) => Create(codec, Multihash.Sha256(data));

    /// <summary>Reads a binary CID that must span all of <paramref name="bytes"/>.</summary>
    /// <exception cref="FormatException">The bytes are not exactly one CID.</exception>
    public static Cid Read(ReadOnlySpan<byte> bytes)
    {
        var cid = Read(bytes, out var n);
        return n == bytes.Length ? cid : throw new FormatException("Trailing bytes after the CID.");
    }

    /// <summary>Reads a binary CID at the start of <paramref name="source"/> (as in a CAR section).</summary>
    /// <exception cref="FormatException">The bytes do not start with a CID.</exception>
    public static Cid Read(ReadOnlySpan<byte> source, out int bytesRead)
    {
        if (source.Length >= 2 && source[0] == 0x12 && source[1] == 0x20)
        {
            var v0Code = Multihash.ReadHeader(source, out bytesRead, out var v0Digest);
            return new Cid(0, Multicodec.DagPb, v0Code, source[..bytesRead].ToArray(), 0, v0Digest);
        }

        var version = Varint.Read(source, out var a);
        if (version != 1)
        {
            throw new FormatException($"Unsupported CID version {version}.");
        }

        var codec = Varint.Read(source[a..], out var b);
        var code = Multihash.ReadHeader(source[(a + b)..], out var c, out var digest);
        bytesRead = a + b + c;
        return new Cid(1, codec, code, source[..bytesRead].ToArray(), a + b, digest);
    }

    /// <summary>Parses the string form (<c>b…</c> or another multibase for v1, <c>Qm…</c> for v0).</summary>
    /// <exception cref="FormatException">The text is not a CID.</exception>
    public static Cid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 46 && text.StartsWith("Qm", StringComparison.Ordinal))
        {
            var cid = Read(Multibase.DecodeRaw(MultibaseEncoding.Base58Btc, text));
            return cid.Version == 0 ? cid : throw new FormatException("Invalid CIDv0.");
        }

        var bytes = Multibase.Decode(text);
        var v1 = Read(bytes);
        if (v1.Version != 1)
        {
            throw new FormatException("A multibase CID must be version 1.");
        }

        return v1;
    }

    /// <summary>Parses the string form without throwing.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Cid? cid)
    {
        cid = null;
        if (text is null)
        {
            return false;
        }

        try
        {
            cid = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The canonical string: base32 lower case for v1, base58btc for v0.</summary>
    public override string ToString() => _string ??= Version == 0
        ? Multibase.EncodeRaw(MultibaseEncoding.Base58Btc, _bytes)
        : Multibase.Encode(MultibaseEncoding.Base32Lower, _bytes);

    /// <summary>Appends the canonical string (<see cref="ToString()"/>) to <paramref name="output"/>; a CIDv1 whose
    /// string was not made yet is encoded into the builder straight away.</summary>
    internal void AppendTo(StringBuilder output)
    {
        var length = Multibase.Base32LowerLength(_bytes.Length, prefix: true);
        if (_string is not null || Version == 0 || length > StackStringLength)
        {
            output.Append(ToString());
            return;
        }

        Span<char> text = stackalloc char[StackStringLength];
        output.Append(text[..Multibase.EncodeBase32Lower(_bytes, text, prefix: true)]);
    }

    /// <summary>The length of the canonical string (<see cref="ToString()"/>), which is ASCII: one byte per
    /// character in UTF-8.</summary>
    public int StringLength => _string?.Length ?? (Version == 0
        ? ToString().Length
        : Multibase.Base32LowerLength(_bytes.Length, prefix: true));

    /// <summary>Writes the canonical string (<see cref="ToString()"/>) as UTF-8 into <paramref name="destination"/>,
    /// which holds at least <see cref="StringLength"/> bytes, and returns that length; a CIDv1 whose string was not
    /// made yet is encoded straight into the bytes, with no string.</summary>
    public int WriteUtf8(Span<byte> destination)
    {
        var length = StringLength;
        if (_string is not null || Version == 0)
        {
            return Encoding.ASCII.GetBytes(ToString(), destination);
        }

        Span<char> text = length <= StackStringLength ? stackalloc char[StackStringLength] : new char[length];
        return Encoding.ASCII.GetBytes(text[..Multibase.EncodeBase32Lower(_bytes, text, prefix: true)], destination);
    }

    /// <summary>The v1 string in another multibase encoding.</summary>
    /// <exception cref="InvalidOperationException">A CIDv0 has only its base58btc form.</exception>
    public string ToString(MultibaseEncoding encoding) => Version == 0
        ? throw new InvalidOperationException("A CIDv0 is always base58btc.")
        : Multibase.Encode(encoding, _bytes);

    /// <inheritdoc />
    public bool Equals(Cid? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Cid);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>Orders CIDs by their binary form.</summary>
    public int CompareTo(Cid? other) => other is null ? 1 : _bytes.AsSpan().SequenceCompareTo(other._bytes);

    /// <summary>Equality by binary form.</summary>
    public static bool operator ==(Cid? left, Cid? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by binary form.</summary>
    public static bool operator !=(Cid? left, Cid? right) => !(left == right);

    /// <summary>Ordering by binary form.</summary>
    public static bool operator <(Cid? left, Cid? right) => left is null ? right is not null : left.CompareTo(right) < 0;

    /// <summary>Ordering by binary form.</summary>
    public static bool operator >(Cid? left, Cid? right) => left is not null && left.CompareTo(right) > 0;

    /// <summary>Ordering by binary form.</summary>
    public static bool operator <=(Cid? left, Cid? right) => !(left > right);

    /// <summary>Ordering by binary form.</summary>
    public static bool operator >=(Cid? left, Cid? right) => !(left < right);
}
