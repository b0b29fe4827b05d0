using System.Security.Cryptography;
using Dealer.Ucan.Multiformats;
using NSec.Cryptography;
using NSecSignatureAlgorithm = NSec.Cryptography.SignatureAlgorithm;

namespace Dealer.Ucan.Principals;

/// <summary>An Ed25519 private key: signs as its did:key, or under another DID via <see cref="WithDid"/>.</summary>
/// <remarks>
/// ucanto <c>packages/principal/src/ed25519/signer.js</c>. The key string format (<see cref="Format"/>,
/// <see cref="Parse"/>) is multibase base64pad (<c>M…</c>) of 68 bytes: <c>80 26</c> (varint 0x1300) ‖ 32-byte seed
/// ‖ <c>ed 01</c> ‖ 32-byte public key. The private key lives in libsodium-managed memory; dispose the signer when
/// it is no longer needed (a service signer normally lives as long as the process).
/// </remarks>
public sealed class Ed25519Signer : ISigner, IDisposable
{
    /// <summary>The size of an Ed25519 seed (the RFC 8032 private key).</summary>
    public const int SeedSize = 32;

    /// <summary>The size of a decoded key string.</summary>
    public const int EncodedSize = 2 + SeedSize + 2 + Ed25519Verifier.PublicKeySize;

    private static readonly NSecSignatureAlgorithm Algorithm = NSecSignatureAlgorithm.Ed25519;

    private readonly Key _key;

    private Ed25519Signer(Key key)
    {
        _key = key;
        Verifier = Ed25519Verifier.FromPublicKey(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <inheritdoc />
    public string Did => Verifier.Did;

    /// <inheritdoc />
    public string SignatureAlgorithm => "EdDSA";

    /// <inheritdoc />
    public ulong SignatureCode => Principals.SignatureCode.EdDsa;

    /// <inheritdoc cref="ISigner.Verifier" />
    public Ed25519Verifier Verifier { get; }

    IVerifier ISigner.Verifier => Verifier;

    /// <summary>The 32-byte seed; a new copy on every call. Handle it as a secret.</summary>
    /// <exception cref="ObjectDisposedException">The signer has been disposed.</exception>
    public byte[] Seed => _key.Export(KeyBlobFormat.RawPrivateKey);

    /// <summary>A new random key.</summary>
    public static Ed25519Signer Generate() => new(new Key(Algorithm, Exportable()));

    /// <summary>The key of a 32-byte seed; the same seed always gives the same key (ucanto <c>derive</c>).</summary>
    /// <exception cref="ArgumentException">The seed is not 32 bytes.</exception>
    public static Ed25519Signer Derive(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"Ed25519 seeds are {SeedSize} bytes.", nameof(seed));
        }

        return new(Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey, Exportable()));
    }

    /// <summary>Parses a ucanto Ed25519 key string (<c>MgCY…</c>).</summary>
    /// <exception cref="FormatException">Not base64pad multibase, wrong tags or length, or the embedded public key
    /// does not belong to the seed.</exception>
    public static Ed25519Signer Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = Multibase.Decode(key, out var encoding);
        try
        {
            if (encoding != MultibaseEncoding.Base64Pad)
            {
                throw new FormatException("Ed25519 key strings are multibase base64pad ('M' prefix).");
            }

            return Decode(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Decodes the 68-byte binary form of a key (what <see cref="Parse"/> reads after base64).</summary>
    /// <exception cref="FormatException">Wrong tags or length, or a public key that does not belong to the seed.</exception>
    public static Ed25519Signer Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0x85 && bytes[1] == 0x26)
        {
            throw new FormatException("RSA private keys are not supported; Dealer signs with Ed25519.");
        }

        if (bytes.Length < 2 || bytes[0] != 0x80 || bytes[1] != 0x26)
        {
            throw new FormatException("Key does not start with the ed25519-priv tag 80 26.");
        }

        if (bytes.Length != EncodedSize)
        {
            throw new FormatException($"Ed25519 key is {bytes.Length} bytes; expected {EncodedSize}.");
        }

        var publicPart = bytes[(2 + SeedSize)..];
        if (publicPart[0] != 0xed || publicPart[1] != 0x01)
        {
            throw new FormatException("Key does not carry the ed25519-pub tag ed 01 after the seed.");
        }

        var signer = Derive(bytes.Slice(2, SeedSize));
        if (!publicPart[2..].SequenceEqual(signer.Verifier.PublicKey))
        {
            signer.Dispose();
            throw new FormatException("The public key in the key string does not belong to its seed.");
        }

        return signer;
    }

    /// <summary>The ucanto key string of this key (<c>MgCY…</c>). Handle it as a secret.</summary>
    /// <exception cref="ObjectDisposedException">The signer has been disposed.</exception>
    public string Format()
    {
        var bytes = Encode();
        try
        {
            return Multibase.Encode(MultibaseEncoding.Base64Pad, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The 68-byte binary form of this key. Handle it as a secret.</summary>
    /// <exception cref="ObjectDisposedException">The signer has been disposed.</exception>
    public byte[] Encode()
    {
        var bytes = new byte[EncodedSize];
        bytes[0] = 0x80;
        bytes[1] = 0x26;
        if (!_key.TryExport(KeyBlobFormat.RawPrivateKey, bytes.AsSpan(2, SeedSize), out var written) || written != SeedSize)
        {
            throw new CryptographicException("The Ed25519 seed could not be exported.");
        }

        bytes[2 + SeedSize] = 0xed;
        bytes[3 + SeedSize] = 0x01;
        Verifier.PublicKey.CopyTo(bytes.AsSpan(4 + SeedSize));
        return bytes;
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The signer has been disposed.</exception>
    public Signature Sign(ReadOnlySpan<byte> payload)
    {
        Span<byte> raw = stackalloc byte[Ed25519Verifier.SignatureSize];
        Algorithm.Sign(_key, payload, raw);
        return Signature.Create(Principals.SignatureCode.EdDsa, raw);
    }

    /// <inheritdoc cref="ISigner.WithDid" />
    public SignerWithDid WithDid(string did) => new(this, did);

    ISigner ISigner.WithDid(string did) => WithDid(did);

    /// <summary>Frees the private key. The <see cref="Verifier"/> keeps working.</summary>
    public void Dispose() => _key.Dispose();

    /// <inheritdoc />
    public override string ToString() => Did;

    // Format() and Seed need the seed back out of libsodium memory.
    private static KeyCreationParameters Exportable() => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
}
