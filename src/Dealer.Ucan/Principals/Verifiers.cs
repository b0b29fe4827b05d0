using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Principals;

/// <summary>Turns DIDs into verifiers (ucanto's default principal parser: Ed25519 and RSA did:keys).</summary>
public static class Verifiers
{
    /// <summary>How many parsed Ed25519 did:keys are kept; the cache starts over when it is full.</summary>
    internal const int CacheCapacity = 4096;

    // Every request checks the same few keys again (its storefront's, the dealer's), and parsing one costs a base58
    // decode, a key import and a base58 encode of the DID. Ed25519 verifiers are immutable and safe to share between
    // threads; only successfully parsed DIDs are kept, and the cache is bounded, so odd input cannot grow it.
    private static readonly ConcurrentDictionary<string, Ed25519Verifier> Ed25519Cache = new(StringComparer.Ordinal);

    /// <summary>How many parsed did:keys are kept now (at most <see cref="CacheCapacity"/>).</summary>
    internal static int CachedCount => Ed25519Cache.Count;

    /// <summary>Parses a did:key of a key type Dealer can verify (Ed25519 or RSA); never throws.</summary>
    /// <returns><see langword="false"/> for other DIDs (did:web needs resolving), other key types or malformed keys.</returns>
    public static bool TryParse(string? did, [NotNullWhen(true)] out IVerifier? verifier)
    {
        if (did is not null && Ed25519Cache.TryGetValue(did, out var cached))
        {
            verifier = cached;
            return true;
        }

        if (!TryParseKey(did, out verifier))
        {
            return false;
        }

        if (verifier is Ed25519Verifier ed25519)
        {
            if (Ed25519Cache.Count >= CacheCapacity)
            {
                Ed25519Cache.Clear();
            }

            Ed25519Cache.TryAdd(did!, ed25519);
        }

        return true;
    }

    private static bool TryParseKey(string? did, [NotNullWhen(true)] out IVerifier? verifier)
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
