using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Principals;

/// <summary>An RSA public key identified by its did:key (<c>did:key:z4MX…</c>); verifies RS256 signatures.</summary>
/// <remarks>
/// ucanto <c>packages/principal/src/rsa.js</c>: the did:key holds <c>85 24</c> (rsa-pub) ‖ DER <c>RSAPublicKey</c>
/// (PKCS#1) and signatures are varsig <see cref="SignatureCode.Rs256"/>, RSASSA-PKCS1-v1_5 with SHA-256. Dealer
/// accepts moduli of <see cref="MinKeySize"/> to <see cref="MaxKeySize"/> bits and only DER that re-encodes to the
/// same bytes, so the DID is canonical.
/// </remarks>
public sealed class RsaVerifier : IVerifier
{
    /// <summary>The smallest modulus accepted, in bits.</summary>
    public const int MinKeySize = 2048;

    /// <summary>The largest modulus accepted, in bits (bounds the cost of a verification).</summary>
    public const int MaxKeySize = 8192;

    private readonly byte[] _der;

    private RsaVerifier(byte[] der, int keySize, string did)
    {
        _der = der;
        KeySize = keySize;
        Did = did;
    }

    /// <inheritdoc />
    public string Did { get; }

    /// <inheritdoc />
    public ulong SignatureCode => Principals.SignatureCode.Rs256;

    /// <summary>The modulus size in bits.</summary>
    public int KeySize { get; }

    /// <summary>The DER <c>RSAPublicKey</c> (PKCS#1); a new copy on every call.</summary>
    public byte[] ExportRsaPublicKey() => (byte[])_der.Clone();

    /// <summary>A verifier for a DER <c>RSAPublicKey</c> (PKCS#1).</summary>
    /// <exception cref="ArgumentException">Not canonical DER of an RSA key of an accepted size.</exception>
    public static RsaVerifier FromRsaPublicKey(ReadOnlySpan<byte> der) =>
        TryCreate(der, out var verifier)
            ? verifier
            : throw new ArgumentException($"Not a DER RSAPublicKey of {MinKeySize} to {MaxKeySize} bits.", nameof(der));

    /// <summary>Parses an RSA did:key.</summary>
    /// <exception cref="FormatException">Not a did:key, not an RSA one, or a key Dealer does not accept.</exception>
    public static RsaVerifier Parse(string didKey)
    {
        ArgumentNullException.ThrowIfNull(didKey);
        var bytes = Principals.Did.DecodeKey(didKey, out var code);
        if (code != Multicodec.RsaPub)
        {
            throw new FormatException($"did:key holds multicodec 0x{code:x}, not an RSA key.");
        }

        return TryCreate(bytes.AsSpan(Varint.SizeOf(code)), out var verifier)
            ? verifier
            : throw new FormatException($"did:key does not hold a DER RSAPublicKey of {MinKeySize} to {MaxKeySize} bits.");
    }

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> payload, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.Code != Principals.SignatureCode.Rs256 || signature.Raw.Length != (KeySize + 7) / 8)
        {
            return false;
        }

        // A fresh instance per call: RSA objects are not documented as thread-safe, and importing is cheap
        // next to the modular exponentiation.
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportRSAPublicKey(_der, out _);
            return rsa.VerifyData(payload, signature.Raw.Span, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Did;

    internal static bool TryCreate(ReadOnlySpan<byte> der, [NotNullWhen(true)] out RsaVerifier? verifier)
    {
        verifier = null;
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportRSAPublicKey(der, out var read);
            if (read != der.Length || rsa.KeySize is < MinKeySize or > MaxKeySize || !rsa.ExportRSAPublicKey().AsSpan().SequenceEqual(der))
            {
                return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }

        var multicodecKey = new byte[Varint.SizeOf(Multicodec.RsaPub) + der.Length];
        var n = Varint.Write(multicodecKey, Multicodec.RsaPub);
        der.CopyTo(multicodecKey.AsSpan(n));
        verifier = new RsaVerifier(der.ToArray(), rsa.KeySize, Principals.Did.FormatKey(multicodecKey));
        return true;
    }
}
