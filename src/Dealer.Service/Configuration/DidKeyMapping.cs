using Dealer.Ucan.Principals;
using Dealer.Ucan.Validation;

namespace Dealer.Service.Configuration;

/// <summary>
/// The operator's table of the keys that sign for non-<c>did:key</c> principals (typically <c>did:web</c>
/// storefronts), given as <c>did:web:host=did:key:z…</c> entries (<c>dealer serve --resolve</c>, repeatable; several
/// entries for one DID allow a key rotation). It is the dealer's ucanto <c>resolveDIDKey</c>: a UCAN issued by a
/// mapped DID verifies with one of its keys, and an unmapped one fails with <c>DIDKeyResolutionError</c>, as with
/// @ucanto/validator. It also supplies the key of a <c>did:web</c> deal tracker.
/// </summary>
internal sealed class DidKeyMapping
{
    private readonly Dictionary<string, List<string>> _keys;

    private DidKeyMapping(Dictionary<string, List<string>> keys) => _keys = keys;

    /// <summary>An empty mapping (nothing resolves).</summary>
    public static DidKeyMapping Empty { get; } = new(new Dictionary<string, List<string>>(StringComparer.Ordinal));

    /// <summary>How many DIDs are mapped.</summary>
    public int Count => _keys.Count;

    /// <summary>Parses <c>did:…=did:key:…</c> entries.</summary>
    /// <exception cref="ArgumentException">An entry is malformed, maps a did:key, or names a key that cannot verify.</exception>
    public static DidKeyMapping Parse(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var keys = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var separator = entry.IndexOf('=', StringComparison.Ordinal);
            var did = separator > 0 ? entry[..separator].Trim() : "";
            var key = separator > 0 ? entry[(separator + 1)..].Trim() : "";
            if (!Did.IsValid(did) || did.StartsWith("did:key:", StringComparison.Ordinal))
            {
                throw new ArgumentException($"--resolve takes did:web:…=did:key:…, got '{entry}'.");
            }

            if (!Verifiers.TryParse(key, out _))
            {
                throw new ArgumentException($"--resolve: '{key}' is not a did:key this dealer can verify with (in '{entry}').");
            }

            if (!keys.TryGetValue(did, out var list))
            {
                keys[did] = list = [];
            }

            if (!list.Contains(key, StringComparer.Ordinal))
            {
                list.Add(key);
            }
        }

        return new DidKeyMapping(keys);
    }

    /// <summary>The did:key DIDs mapped for <paramref name="did"/> (empty when unmapped).</summary>
    public IReadOnlyList<string> KeysFor(string did) =>
        did is not null && _keys.TryGetValue(did, out var keys) ? keys : [];

    /// <summary>The ucanto <c>resolveDIDKey</c> hook over this table.</summary>
    public ValueTask<DidKeyResolution> ResolveAsync(string did, CancellationToken cancellationToken)
    {
        var keys = KeysFor(did);
        return ValueTask.FromResult(keys.Count > 0
            ? DidKeyResolution.Ok(keys)
            : DidKeyResolution.Fail(new DidKeyResolutionError(did)));
    }

    /// <summary>
    /// A verifier for receipts issued by <paramref name="did"/>: its own key for a did:key, else the first mapped key
    /// standing for it; null when none is known.
    /// </summary>
    public IVerifier? VerifierFor(string did)
    {
        if (Verifiers.TryParse(did, out var own))
        {
            return own;
        }

        var keys = KeysFor(did);
        return keys.Count > 0 && Verifiers.TryParse(keys[0], out var key) ? Verifiers.WithDid(key, did) : null;
    }
}
