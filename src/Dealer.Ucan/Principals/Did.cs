using System.Text;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Principals;

/// <summary>
/// DID syntax checks and the "principal bytes" encoding UCANs use for <c>iss</c> and <c>aud</c>.
/// </summary>
/// <remarks>
/// Follows @ipld/dag-ucan <c>did.js</c>: a did:key is stored as its multicodec-prefixed public key
/// (Ed25519 <c>ed 01 ‖ 32 bytes</c>, RSA <c>85 24 ‖ DER</c>); any other DID as <c>varint(0x0d1d) = 9d 1a</c>
/// followed by the UTF-8 DID without its <c>did:</c> prefix. Dealer is stricter than dag-ucan on untrusted
/// bytes: the DID must match the W3C DID syntax (ASCII, lowercase method, percent-encoding well formed), an
/// Ed25519 key must be 32 bytes, and a did:key spelled in the <c>9d 1a</c> form is rejected because it would not
/// re-encode to the same bytes.
/// </remarks>
public static class Did
{
    /// <summary>The prefix every DID starts with.</summary>
    public const string Prefix = "did:";

    /// <summary>The prefix of a did:key, including the base58btc multibase letter.</summary>
    public const string KeyPrefix = "did:key:z";

    // Slots of the cache of decoded principals; an entry is replaced as a whole, so readers see a consistent one.
    private const int DecodedSlots = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly DecodedPrincipal?[] DecodedCache = new DecodedPrincipal?[DecodedSlots];

    /// <summary>Whether <paramref name="did"/> is a syntactically valid DID: <c>did:&lt;method&gt;:&lt;id&gt;</c>.</summary>
    /// <remarks>The method is lowercase ASCII letters and digits; the id is ASCII letters, digits, <c>. - _ :</c> and
    /// <c>%XX</c> escapes, and does not end with <c>:</c> (W3C DID Core §3.1).</remarks>
    public static bool IsValid(string? did)
    {
        if (did is null || !did.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var i = Prefix.Length;
        var methodStart = i;
        while (i < did.Length && (char.IsAsciiLetterLower(did[i]) || char.IsAsciiDigit(did[i])))
        {
            i++;
        }

        if (i == methodStart || i >= did.Length || did[i] != ':')
        {
            return false;
        }

        i++;
        if (i == did.Length || did[^1] == ':')
        {
            return false;
        }

        for (; i < did.Length; i++)
        {
            var c = did[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':')
            {
                continue;
            }

            if (c == '%' && i + 2 < did.Length && char.IsAsciiHexDigit(did[i + 1]) && char.IsAsciiHexDigit(did[i + 2]))
            {
                i += 2;
                continue;
            }

            return false;
        }

        return true;
    }

    /// <summary>The principal bytes of <paramref name="did"/> (UCAN <c>iss</c>/<c>aud</c>).</summary>
    /// <exception cref="FormatException">The DID is not valid, or a did:key does not hold a known key type.</exception>
    public static byte[] Encode(string did)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (!IsValid(did))
        {
            throw new FormatException($"\"{Truncate(did)}\" is not a valid DID.");
        }

        if (did.StartsWith("did:key:", StringComparison.Ordinal))
        {
            return DecodeKey(did, out _);
        }

        var suffix = did.AsSpan(Prefix.Length);
        var bytes = new byte[Varint.SizeOf(Multicodec.DidCore) + Encoding.ASCII.GetByteCount(suffix)];
        var n = Varint.Write(bytes, Multicodec.DidCore);
        Encoding.ASCII.GetBytes(suffix, bytes.AsSpan(n));
        return bytes;
    }

    /// <summary>The DID string of principal bytes; the inverse of <see cref="Encode"/>.</summary>
    /// <exception cref="FormatException">Unknown multicodec, malformed key, invalid UTF-8 or DID syntax.</exception>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        // The same few principals (the dealer, its storefronts) come in every request: their strings are remembered.
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        var slot = (hash.ToHashCode() & int.MaxValue) % DecodedSlots;
        if (DecodedCache[slot] is { } known && bytes.SequenceEqual(known.Bytes))
        {
            return known.Did;
        }

        var did = DecodeUncached(bytes);
        DecodedCache[slot] = new DecodedPrincipal(bytes.ToArray(), did);
        return did;
    }

    private static string DecodeUncached(ReadOnlySpan<byte> bytes)
    {
        var code = Varint.Read(bytes, out var n);
        if (code != Multicodec.DidCore)
        {
            ValidateKey(code, bytes.Length - n);
            return KeyPrefix + Multibase.EncodeRaw(MultibaseEncoding.Base58Btc, bytes);
        }

        string suffix;
        try
        {
            suffix = StrictUtf8.GetString(bytes[n..]);
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException("DID principal bytes are not valid UTF-8.", e);
        }

        var did = Prefix + suffix;
        if (!IsValid(did))
        {
            throw new FormatException($"Principal bytes hold \"{Truncate(did)}\", which is not a valid DID.");
        }

        if (did.StartsWith("did:key:", StringComparison.Ordinal))
        {
            throw new FormatException("A did:key must be encoded as its multicodec key, not as a did-core string.");
        }

        return did;
    }

    /// <summary>Formats multicodec-prefixed public key bytes as a did:key.</summary>
    internal static string FormatKey(ReadOnlySpan<byte> multicodecKey) =>
        KeyPrefix + Multibase.EncodeRaw(MultibaseEncoding.Base58Btc, multicodecKey);

    /// <summary>The multicodec key bytes of a did:key, and their key code.</summary>
    /// <exception cref="FormatException">Not a base58btc did:key of a known key type.</exception>
    internal static byte[] DecodeKey(string didKey, out ulong code)
    {
        if (!didKey.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            throw new FormatException($"\"{Truncate(didKey)}\" is not a base58btc did:key.");
        }

        if (DidKeyCache.FindBytes(didKey, out code) is { } known)
        {
            return known;
        }

        var bytes = Multibase.DecodeRaw(MultibaseEncoding.Base58Btc, didKey.AsSpan(KeyPrefix.Length));
        code = Varint.Read(bytes, out var n);
        ValidateKey(code, bytes.Length - n);
        DidKeyCache.Add(bytes, code, didKey);
        return bytes;
    }

    private static void ValidateKey(ulong code, int keyLength)
    {
        switch (code)
        {
            case Multicodec.Ed25519Pub:
                if (keyLength != 32)
                {
                    throw new FormatException($"An Ed25519 did:key holds 32 bytes, not {keyLength}.");
                }

                break;
            case Multicodec.P256Pub:
                // dag-ucan accepts compressed P-256 keys only.
                if (keyLength is 0 or > 33)
                {
                    throw new FormatException("Only compressed P-256 keys are supported.");
                }

                break;
            case Multicodec.RsaPub or Multicodec.P384Pub or Multicodec.P521Pub or Multicodec.Secp256k1Pub or Multicodec.Bls12381G1Pub or Multicodec.Bls12381G2Pub:
                if (keyLength == 0)
                {
                    throw new FormatException("did:key has an empty public key.");
                }

                break;
            default:
                throw new FormatException($"Unsupported DID encoding, unknown multicodec 0x{code:x}.");
        }
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");

    /// <summary>Principal bytes and the DID they decoded to.</summary>
    private sealed record DecodedPrincipal(byte[] Bytes, string Did);
}
