using System.Buffers;
using System.Buffers.Text;
using SimpleBase;

namespace Dealer.Ucan.Multiformats;

/// <summary>Multibase strings: a prefix character naming the encoding, then the encoded bytes.</summary>
/// <remarks>See https://github.com/multiformats/multibase. Decoding is strict: characters outside the
/// encoding's alphabet (including the wrong letter case for base32) are rejected.</remarks>
public static class Multibase
{
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    // Checked in one vectorized pass (a CID string is checked on every parse: 23,400 of them in a 1 MiB offer).
    private static readonly SearchValues<char> Base32Characters = SearchValues.Create(Base32Alphabet);

    // SimpleBase with the lower-case alphabet: CID strings are written in lower case straight away, with no upper-case
    // string to fold.
    private static readonly Base32 Base32Lower = new(new Base32Alphabet(Base32Alphabet));

    // Base32 text up to this many characters is laid out on the stack (a CID string is 59).
    private const int StackBase32Length = 256;

    /// <summary>Encodes <paramref name="data"/> with <paramref name="encoding"/>, prefix included.</summary>
    public static string Encode(MultibaseEncoding encoding, ReadOnlySpan<byte> data) => encoding == MultibaseEncoding.Base32Lower
        ? EncodeBase32Lower(data, prefix: true)
        : (char)encoding + EncodeRaw(encoding, data);

    /// <summary>Encodes <paramref name="data"/> with <paramref name="encoding"/>, without the prefix.</summary>
    public static string EncodeRaw(MultibaseEncoding encoding, ReadOnlySpan<byte> data) => encoding switch
    {
        MultibaseEncoding.Base32Lower => EncodeBase32Lower(data, prefix: false),
        MultibaseEncoding.Base58Btc => Base58.Bitcoin.Encode(data),
        MultibaseEncoding.Base64 => Convert.ToBase64String(data).TrimEnd('='),
        MultibaseEncoding.Base64Pad => Convert.ToBase64String(data),
        MultibaseEncoding.Base64Url => Base64Url.EncodeToString(data),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unsupported multibase encoding."),
    };

    /// <summary>Decodes a multibase string, returning the bytes and the encoding its prefix names.</summary>
    /// <exception cref="FormatException">Unknown prefix or characters outside the alphabet.</exception>
    public static byte[] Decode(string text, out MultibaseEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw new FormatException("Empty multibase string.");
        }

        encoding = text[0] switch
        {
            'b' => MultibaseEncoding.Base32Lower,
            'z' => MultibaseEncoding.Base58Btc,
            'm' => MultibaseEncoding.Base64,
            'M' => MultibaseEncoding.Base64Pad,
            'u' => MultibaseEncoding.Base64Url,
            _ => throw new FormatException($"Unsupported multibase prefix '{text[0]}'."),
        };
        return DecodeRaw(encoding, text.AsSpan(1));
    }

    /// <summary>Decodes a multibase string.</summary>
    /// <exception cref="FormatException">Unknown prefix or characters outside the alphabet.</exception>
    public static byte[] Decode(string text) => Decode(text, out _);

    /// <summary>Decodes text in <paramref name="encoding"/> that has no prefix.</summary>
    /// <exception cref="FormatException">Characters outside the alphabet, or bad padding.</exception>
    public static byte[] DecodeRaw(MultibaseEncoding encoding, ReadOnlySpan<char> text)
    {
        switch (encoding)
        {
            case MultibaseEncoding.Base32Lower:
                if (text.IndexOfAnyExcept(Base32Characters) is var bad and >= 0)
                {
                    throw new FormatException($"Invalid base32 character '{text[bad]}'.");
                }

                // Trailing bits that do not fill a byte must be zero for the encoding to be canonical.
                var rem = text.Length % 8;
                if (rem is 1 or 3 or 6)
                {
                    throw new FormatException("Invalid base32 length.");
                }

                return Base32.Rfc4648.Decode(text);
            case MultibaseEncoding.Base58Btc:
                try
                {
                    return Base58.Bitcoin.Decode(text);
                }
                catch (ArgumentException e)
                {
                    throw new FormatException("Invalid base58btc text.", e);
                }

            case MultibaseEncoding.Base64:
                if (text.Contains('='))
                {
                    throw new FormatException("Unpadded base64 must not contain '='.");
                }

                return FromBase64(string.Concat(text, new string('=', (4 - (text.Length % 4)) % 4)));
            case MultibaseEncoding.Base64Pad:
                return FromBase64(text.ToString());
            case MultibaseEncoding.Base64Url:
                if (text.Contains('='))
                {
                    throw new FormatException("Unpadded base64url must not contain '='.");
                }

                try
                {
                    return Base64Url.DecodeFromChars(text);
                }
                catch (FormatException e)
                {
                    throw new FormatException("Invalid base64url text.", e);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unsupported multibase encoding.");
        }
    }

    /// <summary>RFC 4648 base32 without padding, written in lower case straight away (one string, nothing to fold),
    /// after the multibase prefix <c>b</c> when <paramref name="prefix"/> is set.</summary>
    private static string EncodeBase32Lower(ReadOnlySpan<byte> data, bool prefix)
    {
        var length = Base32LowerLength(data.Length, prefix);
        char[]? rented = null;
        var text = length <= StackBase32Length
            ? stackalloc char[StackBase32Length]
            : rented = ArrayPool<char>.Shared.Rent(length);
        try
        {
            return new string(text[..EncodeBase32Lower(data, text, prefix)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The number of characters <see cref="EncodeBase32Lower(ReadOnlySpan{byte}, Span{char}, bool)"/> writes.</summary>
    internal static int Base32LowerLength(int dataLength, bool prefix) => (prefix ? 1 : 0) + (int)(((8L * dataLength) + 4) / 5);

    /// <summary>Writes the lower-case base32 of <paramref name="data"/> (prefixed with <c>b</c> when
    /// <paramref name="prefix"/> is set) into <paramref name="text"/>, which must hold <see cref="Base32LowerLength"/>
    /// characters, and returns that length.</summary>
    internal static int EncodeBase32Lower(ReadOnlySpan<byte> data, Span<char> text, bool prefix)
    {
        var n = 0;
        if (prefix)
        {
            text[n++] = (char)MultibaseEncoding.Base32Lower;
        }

        if (!Base32Lower.TryEncode(data, text[n..], padding: false, out var written))
        {
            throw new ArgumentException("The buffer is shorter than the base32 text.", nameof(text));
        }

        return n + written;
    }

    private static byte[] FromBase64(string text)
    {
        if (text.Length % 4 != 0)
        {
            throw new FormatException("Invalid base64 length.");
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new FormatException("Invalid base64 text.", e);
        }
    }
}
