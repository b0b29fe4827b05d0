using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Receipts;

/// <summary>What to put in a new receipt (ucanto <c>Receipt.issue</c>).</summary>
/// <param name="Issuer">Signs the receipt; its DID becomes <c>ocm.iss</c> (a did:web when the signer has one).</param>
/// <param name="Ran">The CID of the invocation the receipt answers (<c>ocm.ran</c>).</param>
/// <param name="Out">The outcome (<c>ocm.out</c>).</param>
public sealed record ReceiptOptions(ISigner Issuer, Cid Ran, Result Out)
{
    /// <summary>Options for a receipt of <paramref name="ran"/>, whose DAG travels with the receipt (as ucanto does
    /// when it is given the invocation rather than its link).</summary>
    public ReceiptOptions(ISigner issuer, Delegation ran, Result @out)
        : this(issuer, (ran ?? throw new ArgumentNullException(nameof(ran))).Cid, @out)
    {
        RanInvocation = ran;
    }

    /// <summary>The invocation whose blocks are carried along (its CID must be <see cref="Ran"/>).</summary>
    public Delegation? RanInvocation { get; init; }

    /// <summary><c>fx.fork</c>: links to invocations that run concurrently.</summary>
    public IReadOnlyList<Cid>? Fork { get; init; }

    /// <summary><c>fx.join</c>: link to the invocation that continues the work (e.g. the <c>deal/add</c> effect).</summary>
    public Cid? Join { get; init; }

    /// <summary><c>meta</c>; empty when null.</summary>
    public IReadOnlyDictionary<string, object?>? Meta { get; init; }

    /// <summary><c>prf</c>: delegations that authorise the issuer to sign for the invocation's audience.</summary>
    public IReadOnlyList<Delegation>? Proofs { get; init; }
}
