using System.Diagnostics.CodeAnalysis;
using Dealer.Ucan.Multiformats;
using NSec.Cryptography;
using NSecSignatureAlgorithm = NSec.Cryptography.SignatureAlgorithm;

namespace Dealer.Ucan.Principals;

/// <summary>An Ed25519 public key identified by its did:key (<c>did:key:z6Mk…</c>).</summary>
/// <remarks>
/// ucanto <c>packages/principal/src/ed25519/verifier.js</c>: the DID is <c>did:key:z</c> + base58btc(<c>ed 01 ‖ key</c>)
/// and signatures are varsig <see cref="SignatureCode.EdDsa"/> over 64 raw bytes. Verification uses libsodium,
/// which rejects non-canonical encodings and small-order points; legitimate signatures are unaffected.
/// </remarks>
public sealed class Ed25519Verifier : IVerifier
{
    /// <summary>The size of an Ed25519 public key.</summary>
    public const int PublicKeySize = 32;

    /// <summary>The size of a raw Ed25519 signature.</summary>
    public const int SignatureSize = 64;

    private static readonly NSecSignatureAlgorithm Algorithm = NSecSignatureAlgorithm.Ed25519;

    private readonly PublicKey _key;
    private readonly byte[] _multicodecKey;

    private Ed25519Verifier(PublicKey key, byte[] multicodecKey)
    {
        _key = key;
        _multicodecKey = multicodecKey;
        Did = Principals.Did.FormatKey(multicodecKey);
    }

    /// <inheritdoc />
    public string Did { get; }

    /// <inheritdoc />
    public ulong SignatureCode => Principals.SignatureCode.EdDsa;

    /// <summary>The 32-byte public key; a new copy on every call.</summary>
    public byte[] PublicKey => _multicodecKey[2..];

    /// <summary>The key as a multibase multikey (<c>z6Mk…</c>): the did:key without <c>did:key:</c>, as DID documents
    /// carry it in <c>publicKeyMultibase</c>.</summary>
    public string Multikey => Did["did:key:".Length..];

    /// <summary>A verifier for a raw 32-byte Ed25519 public key.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static Ed25519Verifier FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeySize)
        {
            throw new ArgumentException($"Ed25519 public keys are {PublicKeySize} bytes.", nameof(publicKey));
        }

        return TryCreate(publicKey, out var verifier)
            ? verifier
            : throw new ArgumentException("The bytes are not an Ed25519 public key.", nameof(publicKey));
    }

    /// <summary>Parses an Ed25519 did:key.</summary>
    /// <exception cref="FormatException">Not a did:key, or not an Ed25519 one.</exception>
    public static Ed25519Verifier Parse(string didKey)
    {
        ArgumentNullException.ThrowIfNull(didKey);
        var bytes = Principals.Did.DecodeKey(didKey, out var code);
        if (code != Multicodec.Ed25519Pub)
        {
            throw new FormatException($"did:key holds multicodec 0x{code:x}, not an Ed25519 key.");
        }

        return TryCreate(bytes.AsSpan(2), out var verifier)
            ? verifier
            : throw new FormatException("did:key does not hold a valid Ed25519 public key.");
    }

    /// <summary>Parses an Ed25519 did:key without throwing.</summary>
    public static bool TryParse(string? didKey, [NotNullWhen(true)] out Ed25519Verifier? verifier)
    {
        verifier = null;
        if (didKey is null || !didKey.StartsWith(Principals.Did.KeyPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            verifier = Parse(didKey);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> payload, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return signature.Code == Principals.SignatureCode.EdDsa
            && signature.Raw.Length == SignatureSize
            && Algorithm.Verify(_key, payload, signature.Raw.Span);
    }

    /// <summary>A verifier that checks with this key but reports <paramref name="did"/> (see <see cref="Verifiers.WithDid"/>).</summary>
    public VerifierWithDid WithDid(string did) => new(this, did);

    /// <inheritdoc />
    public override string ToString() => Did;

    internal static bool TryCreate(ReadOnlySpan<byte> publicKey, [NotNullWhen(true)] out Ed25519Verifier? verifier)
    {
        verifier = null;
        if (publicKey.Length != PublicKeySize
            || !NSec.Cryptography.PublicKey.TryImport(Algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key)
            || key is null)
        {
            return false;
        }

        var multicodecKey = new byte[2 + PublicKeySize];
        multicodecKey[0] = 0xed;
        multicodecKey[1] = 0x01;
        publicKey.CopyTo(multicodecKey.AsSpan(2));
        verifier = new Ed25519Verifier(key, multicodecKey);
        return true;
    }
}
