using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Tests.Server;

/// <summary>Builds <c>deal/offer</c> delegations and invocations shaped like the protocol vectors.</summary>
internal static class OfferFixture
{
    /// <summary>2100-01-01, the vectors' expiration.</summary>
    public const long Year2100 = 4102444800;

    /// <summary>The vector aggregate (pieces.json).</summary>
    public static readonly Cid Aggregate = Cid.Parse("bafkzcibcaafumrlza3a4ixhqc4hx7frcobk7p7bywiwqow5n377xo2dm2pp7udy");

    /// <summary>A v1 (commP) piece CID: the wrong kind for nb.aggregate.</summary>
    public static readonly Cid LegacyAggregate = Cid.Parse("baga6ea4seaqemrlza3a4ixhqc4hx7frcobk7p7bywiwqow5n377xo2dm2pp7udy");

    public static readonly Block Pieces = Block.Encode(new List<object?>
    {
        Cid.Parse("bafkzcibcaafumrlza3a4ixhqc4hx7frcobk7p7bywiwqow5n377xo2dm2pp7udy"),
    });

    public static Dictionary<string, object?> Nb(string tenant = "tenant-1", string? label = "vector-b", Cid? aggregate = null)
    {
        var nb = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["aggregate"] = aggregate ?? Aggregate,
            ["pieces"] = Pieces.Cid,
            ["tenant"] = tenant,
        };
        if (label is not null)
        {
            nb["label"] = label;
        }

        return nb;
    }

    /// <summary>A delegation of <paramref name="capabilities"/> (default: deal/offer on the dealer).</summary>
    public static Delegation Delegate(
        ISigner issuer,
        string audience,
        IReadOnlyList<Capability>? capabilities = null,
        IReadOnlyList<Delegation>? proofs = null,
        long? expiration = Year2100,
        long? notBefore = null) =>
        Delegation.Delegate(new DelegationOptions(issuer, audience, capabilities ?? [new Capability("deal/offer", TestPrincipals.DealerDid)])
        {
            Expiration = expiration,
            NotBefore = notBefore,
            Proofs = proofs,
        });

    /// <summary>A deal/offer invocation with the pieces block attached.</summary>
    public static Delegation Invoke(
        ISigner issuer,
        IReadOnlyList<Delegation>? proofs = null,
        string? audience = null,
        string? with = null,
        IReadOnlyDictionary<string, object?>? nb = null,
        IReadOnlyList<Cid>? proofLinks = null,
        long? expiration = Year2100,
        string can = "deal/offer",
        string? nonce = null) =>
        Invocation.Invoke(new DelegationOptions(issuer, audience ?? TestPrincipals.DealerDid, [new Capability(can, with ?? TestPrincipals.DealerDid, nb ?? Nb())])
        {
            Expiration = expiration,
            Proofs = proofs,
            ProofLinks = proofLinks,
            Nonce = nonce,
            AttachedBlocks = [Pieces],
        });
}
