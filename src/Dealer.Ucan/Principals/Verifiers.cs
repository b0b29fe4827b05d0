using System.Diagnostics.CodeAnalysis;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Principals;

/// <summary>Turns DIDs into verifiers (ucanto's default principal parser: Ed25519 and RSA did:keys).</summary>
public static class Verifiers
{
    /// <summary>Parses a did:key of a key type Dealer can verify (Ed25519 or RSA); never throws.</summary>
    /// <returns><see langword="false"/> for other DIDs (did:web needs resolving), other key types or malformed keys.</returns>
    public static bool TryParse(string? did, [NotNullWhen(true)] out IVerifier? verifier)
    {
        verifier = null;
        if (did is null || !did.StartsWith(Did.KeyPrefix, StringComparison.Ordinal) || !Did.IsValid(did))
        {
            return false;
        }

        byte[] bytes;
        ulong code;
        try
        {
            bytes = Did.DecodeKey(did, out code);
        }
        catch (FormatException)
        {
            return false;
        }

        var keyOffset = Varint.SizeOf(code);
        switch (code)
        {
            case Multicodec.Ed25519Pub when Ed25519Verifier.TryCreate(bytes.AsSpan(keyOffset), out var ed25519):
                verifier = ed25519;
                return true;
            case Multicodec.RsaPub when RsaVerifier.TryCreate(bytes.AsSpan(keyOffset), out var rsa):
                verifier = rsa;
                return true;
            default:
                return false;
        }
    }

    /// <summary>A verifier that checks with <paramref name="key"/> but reports <paramref name="did"/> (ucanto <c>withDID</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="did"/> is not a valid DID.</exception>
    public static IVerifier WithDid(IVerifier key, string did) => new VerifierWithDid(key, did);
}
