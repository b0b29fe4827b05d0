using Dealer.Ucan.Ipld;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>
/// A UCAN whose signature does not verify with the key it should have been signed with (ucanto
/// <c>InvalidSignature</c>). Also used for signatures that cannot be checked at all: a signature whose R is not a curve
/// point, and JWT-form proofs.
/// </summary>
public sealed class InvalidSignature : Failure
{
    internal InvalidSignature(Cid delegation, string issuer, string key)
        : this(delegation, issuer, key, Describe(delegation, issuer, key))
    {
    }

    /// <summary>Several keys were tried: the first failure, with every message (ucanto joins them).</summary>
    internal InvalidSignature(InvalidSignature first, IEnumerable<Failure> all)
        : this(first.Delegation, first.Issuer, first.Key, string.Join("\n  ", all.Select(f => f.Message)))
    {
    }

    private InvalidSignature(Cid delegation, string issuer, string key, string message)
        : base(message)
    {
        Delegation = delegation;
        Issuer = issuer;
        Key = key;
    }

    /// <inheritdoc />
    public override string Name => "InvalidSignature";

    /// <summary>The UCAN.</summary>
    public Cid Delegation { get; }

    /// <summary>Its issuer.</summary>
    public string Issuer { get; }

    /// <summary>The key (did:key) it was checked with.</summary>
    public string Key { get; }

    private static string Describe(Cid delegation, string issuer, string key) =>
        issuer.StartsWith("did:key", StringComparison.Ordinal)
            ? $"Proof {delegation} does not has a valid signature from {key}"
            : $"Proof {delegation} issued by {issuer} does not has a valid signature from {key}\n"
              + "  ℹ️ Probably issuer signed with a different key, which got rotated, invalidating delegations that were issued with prior keys";
}
