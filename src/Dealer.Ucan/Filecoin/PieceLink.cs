using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Filecoin;

/// <summary>
/// A Filecoin piece commitment as a piece CID v2 (<c>bafkzcib…</c>, FRC-0069): CIDv1, codec raw (0x55), multihash
/// fr32-sha2-256-trunc254-padded-binary-tree (0x1011) whose digest is
/// <c>varint(padding) ‖ height (1 byte) ‖ root (32 bytes)</c>.
/// </summary>
/// <remarks>
/// See https://github.com/filecoin-project/FIPs/blob/master/FRCs/frc-0069.md and
/// <c>@web3-storage/data-segment</c> <c>src/piece.js</c>, <c>src/digest.js</c>. The piece tree has <c>2^height</c>
/// leaves of 32 bytes, so the fr32-expanded ("padded") size is <c>32·2^height</c> bytes, which holds
/// <c>127·2^(height−2)</c> payload bytes; <c>padding</c> is how many of those are not payload. The legacy v1 form
/// (<c>baga6ea4seaq…</c>, codec fil-commitment-unsealed 0xf101, multihash sha2-256-trunc254-padded 0x1012) carries
/// only the root, so its size travels separately.
/// </remarks>
public sealed class PieceLink : IEquatable<PieceLink>
{
    /// <summary>The smallest piece: 4 leaves, 128 padded bytes (one fr32 quad of 127 payload bytes).</summary>
    public const int MinHeight = 2;

    /// <summary>
    /// The largest height accepted: 32·2^58 = 2^63 bytes, the largest power-of-two size that fits the u64 size and
    /// offset fields of an FRC-0058 index entry. (The JS library caps its tree at 60 and fails from 31 on.)
    /// </summary>
    public const int MaxHeight = 58;

    /// <summary>The length of the root (CommP) in bytes.</summary>
    public const int RootLength = 32;

    private readonly byte[] _root;
    private Cid? _cid;

    private PieceLink(ulong padding, byte height, byte[] root)
    {
        Padding = padding;
        Height = height;
        _root = root;
    }

    /// <summary>Payload bytes the fr32-padded piece could hold that are not payload.</summary>
    public ulong Padding { get; }

    /// <summary>The height of the piece tree: it has <c>2^Height</c> leaves.</summary>
    public byte Height { get; }

    /// <summary>The 32-byte root of the piece tree (CommP).</summary>
    public ReadOnlySpan<byte> Root => _root;

    /// <summary>The fr32-expanded size in bytes, <c>32·2^Height</c> (the deal's PieceSize).</summary>
    public ulong PaddedSize => 32UL << Height;

    /// <summary>The payload (unpadded data) length in bytes, <c>127·2^(Height−2) − Padding</c>.</summary>
    public ulong PayloadSize => PayloadCapacity(Height) - Padding;

    /// <summary>Creates a piece link from its parts.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The height is outside [<see cref="MinHeight"/>,
    /// <see cref="MaxHeight"/>] or the padding is not below the payload capacity of that height.</exception>
    /// <exception cref="ArgumentException">The root is not 32 bytes.</exception>
    public static PieceLink Create(ulong padding, byte height, ReadOnlySpan<byte> root)
    {
        if (Validate(padding, height, root.Length) is { } error)
        {
            throw root.Length != RootLength
                ? new ArgumentException(error, nameof(root))
                : new ArgumentOutOfRangeException(height is < MinHeight or > MaxHeight ? nameof(height) : nameof(padding), error);
        }

        return new PieceLink(padding, height, root.ToArray());
    }

    /// <summary>Parses the string form of a piece CID v2.</summary>
    /// <exception cref="FormatException">The text is not a CID, or the CID is not a valid piece CID v2.</exception>
    public static PieceLink Parse(string text) => FromCid(Cid.Parse(text));

    /// <summary>Parses a piece CID v2 without throwing.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out PieceLink? link)
    {
        link = null;
        if (!Cid.TryParse(text, out var cid))
        {
            return false;
        }

        link = TryFromCid(cid, out _);
        return link is not null;
    }

    /// <summary>Reads the binary form of a piece CID v2.</summary>
    /// <exception cref="FormatException">The bytes are not exactly one valid piece CID v2.</exception>
    public static PieceLink Read(ReadOnlySpan<byte> bytes) => FromCid(Cid.Read(bytes));

    /// <summary>
    /// The padded size a base32 piece CID v2 string names, read from its first 24 characters (the CID's version,
    /// codec, multihash code and length, the padding and the height) without decoding the root; false when the text
    /// does not start like one. Cheap, not a check of the whole CID (use <see cref="TryParse"/> for that): for counting
    /// the size of pieces already validated.
    /// </summary>
    public static bool TryReadPaddedSize(string? text, out ulong paddedSize)
    {
        paddedSize = 0;
        // 'b' + 24 base32 characters = 15 bytes: version, codec, 2-byte multihash code, length, padding (≤ 9), height.
        if (text is null || text.Length < 25 || text[0] != 'b')
        {
            return false;
        }

        byte[] prefix;
        try
        {
            prefix = Multibase.DecodeRaw(MultibaseEncoding.Base32Lower, text.AsSpan(1, 24));
        }
        catch (FormatException)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = prefix;
        if (!Next(ref rest, out var version) || version != 1 || !Next(ref rest, out var codec) || codec != Multicodec.Raw
            || !Next(ref rest, out var code) || code != Multicodec.Fr32Sha256Trunc254PaddedBinaryTree
            || !Next(ref rest, out _) || !Next(ref rest, out _) || rest.IsEmpty
            || rest[0] is < MinHeight or > MaxHeight)
        {
            return false;
        }

        paddedSize = 32UL << rest[0];
        return true;

        static bool Next(ref ReadOnlySpan<byte> bytes, out ulong value)
        {
            if (!Varint.TryRead(bytes, out value, out var length))
            {
                return false;
            }

            bytes = bytes[length..];
            return true;
        }
    }

    /// <summary>Views a CID as a piece CID v2.</summary>
    /// <exception cref="FormatException">The CID is not a valid piece CID v2 (its codec, multihash or digest).</exception>
    public static PieceLink FromCid(Cid cid)
    {
        ArgumentNullException.ThrowIfNull(cid);
        return TryFromCid(cid, out var error) ?? throw new FormatException($"Not a piece CID v2 ({cid}): {error}");
    }

    /// <summary>
    /// Converts a legacy piece CID v1 and its padded size to v2 with padding 0, as data-segment's
    /// <c>Piece.fromInfo({link, size})</c> does.
    /// </summary>
    /// <exception cref="FormatException">The CID is not a piece CID v1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The size is not a power of two from 128 bytes to 2^63.</exception>
    public static PieceLink FromV1(Cid v1, ulong paddedSize)
    {
        ArgumentNullException.ThrowIfNull(v1);
        if (v1.Version != 1 || v1.Codec != Multicodec.FilCommitmentUnsealed)
        {
            throw new FormatException($"Not a piece CID v1 ({v1}): the codec must be fil-commitment-unsealed (0xf101).");
        }

        if (v1.Multihash.Code != Multicodec.Sha256Trunc254Padded || v1.Multihash.Digest.Length != RootLength)
        {
            throw new FormatException(
                $"Not a piece CID v1 ({v1}): the multihash must be sha2-256-trunc254-padded (0x1012) with a 32-byte digest.");
        }

        if (!BitOperations.IsPow2(paddedSize) || paddedSize < (32UL << MinHeight) || paddedSize > (32UL << MaxHeight))
        {
            throw new ArgumentOutOfRangeException(
                nameof(paddedSize), paddedSize, $"A padded piece size is a power of two from {32UL << MinHeight} to 2^63 bytes.");
        }

        var height = (byte)(BitOperations.Log2(paddedSize) - 5);
        return new PieceLink(0, height, v1.Multihash.Digest.ToArray());
    }

    /// <summary>The piece CID v2.</summary>
    public Cid ToCid()
    {
        if (_cid is null)
        {
            var paddingLength = Varint.SizeOf(Padding);
            Span<byte> digest = stackalloc byte[Varint.MaxLength + 1 + RootLength];
            Varint.Write(digest, Padding);
            digest[paddingLength] = Height;
            _root.CopyTo(digest[(paddingLength + 1)..]);
            var multihash = Multihash.Create(
                Multicodec.Fr32Sha256Trunc254PaddedBinaryTree, digest[..(paddingLength + 1 + RootLength)]);
            _cid = Cid.Create(Multicodec.Raw, multihash);
        }

        return _cid;
    }

    /// <summary>The legacy piece CID v1 (root only; the size is <see cref="PaddedSize"/>).</summary>
    public Cid ToV1() =>
        Cid.Create(Multicodec.FilCommitmentUnsealed, Multihash.Create(Multicodec.Sha256Trunc254Padded, _root));

    /// <summary>The piece CID v2 string (<c>bafkzcib…</c>).</summary>
    public override string ToString() => ToCid().ToString();

    /// <inheritdoc />
    public bool Equals(PieceLink? other) =>
        other is not null && Padding == other.Padding && Height == other.Height && Root.SequenceEqual(other.Root);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PieceLink);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Padding);
        hash.Add(Height);
        hash.AddBytes(_root);
        return hash.ToHashCode();
    }

    /// <summary>Equality by padding, height and root.</summary>
    public static bool operator ==(PieceLink? left, PieceLink? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by padding, height and root.</summary>
    public static bool operator !=(PieceLink? left, PieceLink? right) => !(left == right);

    /// <summary>An aggregate's link: padding 0 and an already validated height (no copy of the root).</summary>
    internal static PieceLink CreateTrusted(byte height, byte[] root) => new(0, height, root);

    private static ulong PayloadCapacity(byte height) => 127UL << (height - 2);

    private static string? Validate(ulong padding, byte height, int rootLength)
    {
        if (rootLength != RootLength)
        {
            return $"The root must be {RootLength} bytes, not {rootLength}.";
        }

        if (height is < MinHeight or > MaxHeight)
        {
            return $"The height {height} is outside [{MinHeight}, {MaxHeight}].";
        }

        var capacity = PayloadCapacity(height);
        return padding >= capacity
            ? $"The padding {padding} leaves no payload in a piece of height {height} ({capacity} payload bytes)."
            : null;
    }

    private static PieceLink? TryFromCid(Cid cid, out string? error)
    {
        if (cid.Version != 1 || cid.Codec != Multicodec.Raw)
        {
            error = "the CID must be version 1 with codec raw (0x55)"
                + (cid.Codec == Multicodec.FilCommitmentUnsealed ? "; this is a legacy piece CID v1, which needs its size" : string.Empty)
                + ".";
            return null;
        }

        if (cid.MultihashCode != Multicodec.Fr32Sha256Trunc254PaddedBinaryTree)
        {
            error = $"the multihash must be fr32-sha2-256-trunc254-padded-binary-tree (0x1011), not 0x{cid.MultihashCode:x}.";
            return null;
        }

        var digest = cid.Digest;
        if (!Varint.TryRead(digest, out var padding, out var paddingLength))
        {
            error = "the digest does not start with a valid padding varint.";
            return null;
        }

        if (digest.Length != paddingLength + 1 + RootLength)
        {
            error = $"the digest must be varint(padding) ‖ height (1 byte) ‖ root (32 bytes), not {digest.Length} bytes.";
            return null;
        }

        var height = digest[paddingLength];
        error = Validate(padding, height, RootLength);
        return error is null ? new PieceLink(padding, height, digest[(paddingLength + 1)..].ToArray()) { _cid = cid } : null;
    }
}
