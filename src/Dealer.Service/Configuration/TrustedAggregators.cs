using Dealer.Ucan.Principals;
using Dealer.Ucan.Server;

namespace Dealer.Service.Configuration;

/// <summary>
/// The aggregators whose self-issued <c>aggregate/offer</c> (<c>with</c> = their own DID, issued by that DID, so no
/// proof is needed) the dealer accepts as if it were invoked on the dealer's DID. This is the invocation
/// @storacha/filecoin-api's aggregator links from its <c>piece/accept</c> receipt (the <c>fx.join</c>): accepting
/// exactly that invocation keeps the receipt chain a storefront follows intact for an aggregator with its own key.
/// Bound from <c>--trusted-aggregator</c> (repeatable) or <c>DEALER_TRUSTED_AGGREGATORS</c> (comma-separated).
/// </summary>
/// <remarks>
/// Nothing else changes for a listed DID: any other capability, and any <c>aggregate/offer</c> on the dealer's DID,
/// still needs a delegation from the dealer (which revocation applies to). Removing a DID from the list and restarting
/// the dealer withdraws the trust; offers already accepted stay accepted.
/// </remarks>
internal sealed class TrustedAggregators
{
    private readonly HashSet<string> _dids;

    private TrustedAggregators(HashSet<string> dids) => _dids = dids;

    /// <summary>No trusted aggregator (the default).</summary>
    public static TrustedAggregators None { get; } = new(new HashSet<string>(StringComparer.Ordinal));

    /// <summary>The trusted DIDs, sorted.</summary>
    public IReadOnlyList<string> Dids => _dids.Order(StringComparer.Ordinal).ToList();

    /// <summary>Parses DIDs (blank entries are ignored; duplicates collapse).</summary>
    /// <exception cref="ArgumentException">An entry is not a DID.</exception>
    public static TrustedAggregators Parse(IEnumerable<string> dids)
    {
        ArgumentNullException.ThrowIfNull(dids);
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in dids)
        {
            var did = entry.Trim();
            if (did.Length == 0)
            {
                continue;
            }

            if (!Did.IsValid(did))
            {
                throw new ArgumentException($"--trusted-aggregator takes a DID, got '{entry}'.");
            }

            set.Add(did);
        }

        return set.Count == 0 ? None : new TrustedAggregators(set);
    }

    /// <summary>Whether <paramref name="did"/> is a trusted aggregator.</summary>
    public bool Contains(string did) => did is not null && _dids.Contains(did);

    /// <summary>
    /// Whether <paramref name="context"/> is a trusted aggregator's self-issued invocation: its resource is a listed DID
    /// and its issuer is that same DID (so the validator authorized it by the issuer's own signature, without proofs).
    /// </summary>
    public bool Admits(InvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var with = context.Capability.With;
        return Contains(with) && string.Equals(context.Invocation.Issuer, with, StringComparison.Ordinal);
    }
}
