using System.Text;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Principals;

/// <summary>
/// An immutable varsig signature: <c>varint(code) ‖ varint(len(raw)) ‖ raw</c>, followed by the UTF-8 algorithm
/// name when the code is <see cref="SignatureCode.NonStandard"/>.
/// </summary>
/// <remarks>
/// The representation of the UCAN <c>s</c> field and the receipt <c>sig</c> field, as @ipld/dag-ucan
/// <c>signature.js</c> writes it. An Ed25519 signature is <c>ed a1 03 40 ‖ 64 bytes</c>.
/// </remarks>
public sealed class Signature : IEquatable<Signature>
{
    private readonly byte[] _bytes;
    private readonly int _rawOffset;
    private readonly int _rawLength;

    private Signature(ulong code, byte[] bytes, int rawOffset, int rawLength, string? algorithm)
    {
        Code = code;
        _bytes = bytes;
        _rawOffset = rawOffset;
        _rawLength = rawLength;
        Algorithm = algorithm;
    }

    /// <summary>The varsig algorithm code (<see cref="SignatureCode"/>).</summary>
    public ulong Code { get; }

    /// <summary>The raw signature bytes, e.g. the 64-byte Ed25519 signature.</summary>
    public ReadOnlyMemory<byte> Raw => _bytes.AsMemory(_rawOffset, _rawLength);

    /// <summary>The encoded varsig; a new copy on every call.</summary>
    public byte[] Bytes => (byte[])_bytes.Clone();

    /// <summary>The encoded varsig, without copying.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>
    /// The JWT <c>alg</c> name: the standard name of <see cref="Code"/>, the embedded name for
    /// <see cref="SignatureCode.NonStandard"/>, or <see langword="null"/> for a code dag-ucan does not know (such a
    /// signature cannot be part of a valid UCAN because its signing input has no <c>alg</c>).
    /// </summary>
    public string? Algorithm { get; }

    /// <summary>Creates a signature with a standard code.</summary>
    /// <exception cref="ArgumentException"><paramref name="code"/> is <see cref="SignatureCode.NonStandard"/>,
    /// which needs a name: use <see cref="Create(string, ReadOnlySpan{byte})"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> exceeds the varint range.</exception>
    public static Signature Create(ulong code, ReadOnlySpan<byte> raw)
    {
        if (code == SignatureCode.NonStandard)
        {
            throw new ArgumentException("A non-standard signature needs an algorithm name; use Create(string, raw).", nameof(code));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, Varint.MaxValue);
        return Build(code, raw, null, SignatureCode.NameOf(code));
    }

    /// <summary>
    /// Creates a signature for a JWT algorithm name, as dag-ucan's <c>Signature.create(name, raw)</c>: a standard
    /// name gets its code, any other name is encoded as <see cref="SignatureCode.NonStandard"/> followed by the name.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="algorithm"/> is empty.</exception>
    public static Signature Create(string algorithm, ReadOnlySpan<byte> raw)
    {
        ArgumentException.ThrowIfNullOrEmpty(algorithm);
        var code = SignatureCode.FromName(algorithm);
        return code == SignatureCode.NonStandard
            ? Build(code, raw, Encoding.UTF8.GetBytes(algorithm), algorithm)
            : Build(code, raw, null, algorithm);
    }

    /// <summary>Decodes a varsig; the whole input must be one signature.</summary>
    /// <exception cref="FormatException">The bytes are truncated, carry trailing bytes, or a non-standard
    /// signature has no valid UTF-8 name.</exception>
    public static Signature Decode(ReadOnlySpan<byte> varsig)
    {
        var code = Varint.Read(varsig, out var a);
        var length = Varint.Read(varsig[a..], out var b);
        var header = a + b;
        if ((ulong)(varsig.Length - header) < length)
        {
            throw new FormatException("Varsig signature is truncated.");
        }

        var end = header + (int)length;
        string? algorithm;
        if (code == SignatureCode.NonStandard)
        {
            if (end == varsig.Length)
            {
                throw new FormatException("Non-standard varsig signature has no algorithm name.");
            }

            algorithm = DecodeName(varsig[end..]);
        }
        else
        {
            if (end != varsig.Length)
            {
                throw new FormatException($"Varsig signature has {varsig.Length - end} trailing bytes.");
            }

            algorithm = SignatureCode.NameOf(code);
        }

        return new Signature(code, varsig.ToArray(), header, (int)length, algorithm);
    }

    /// <inheritdoc />
    public bool Equals(Signature? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Signature);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>The algorithm name and the varsig in hex, for diagnostics.</summary>
    public override string ToString()
    {
        var name = Algorithm ?? "0x" + Code.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        return name + ":" + Convert.ToHexStringLower(_bytes);
    }

    private static Signature Build(ulong code, ReadOnlySpan<byte> raw, byte[]? name, string? algorithm)
    {
        var header = Varint.SizeOf(code) + Varint.SizeOf((ulong)raw.Length);
        var bytes = new byte[header + raw.Length + (name?.Length ?? 0)];
        var n = Varint.Write(bytes, code);
        n += Varint.Write(bytes.AsSpan(n), (ulong)raw.Length);
        raw.CopyTo(bytes.AsSpan(n));
        name?.CopyTo(bytes.AsSpan(n + raw.Length));
        return new Signature(code, bytes, header, raw.Length, algorithm);
    }

    private static string DecodeName(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException("Non-standard varsig algorithm name is not valid UTF-8.", e);
        }
    }
}
