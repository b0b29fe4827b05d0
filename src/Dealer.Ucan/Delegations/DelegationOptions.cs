using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Delegations;

/// <summary>What to put in a new delegation or invocation (ucanto <c>DelegationOptions</c>).</summary>
/// <param name="Issuer">Signs the UCAN; its DID becomes <c>iss</c>.</param>
/// <param name="Audience">The audience DID (<c>aud</c>).</param>
/// <param name="Capabilities">The capabilities (<c>att</c>); empty caveats are dropped.</param>
public sealed record DelegationOptions(ISigner Issuer, string Audience, IReadOnlyList<Capability> Capabilities)
{
    /// <summary><c>exp</c> in seconds since the epoch; <see langword="null"/> means never (JavaScript
    /// <c>Infinity</c>). ucanto defaults to now + 30 s — callers that want that pass it explicitly.</summary>
    public long? Expiration { get; init; }

    /// <summary><c>nbf</c> in seconds since the epoch; null or 0 leaves it out.</summary>
    public long? NotBefore { get; init; }

    /// <summary><c>nnc</c>; null leaves it out (empty strings are rejected).</summary>
    public string? Nonce { get; init; }

    /// <summary><c>fct</c>; null or empty leaves it out.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>>? Facts { get; init; }

    /// <summary>Proofs to embed: their CIDs go into <c>prf</c> and their blocks travel with the delegation.</summary>
    public IReadOnlyList<Delegation>? Proofs { get; init; }

    /// <summary>Links to proofs that are not embedded (the receiver must resolve them).</summary>
    public IReadOnlyList<Cid>? ProofLinks { get; init; }

    /// <summary>Blocks referenced from the capabilities or facts (such as the <c>nb.pieces</c> block) to carry along
    /// without changing the CID; see <see cref="Delegation.Attach"/>.</summary>
    public IReadOnlyList<Block>? AttachedBlocks { get; init; }
}
