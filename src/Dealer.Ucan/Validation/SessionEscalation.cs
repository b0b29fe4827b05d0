using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>
/// A <c>ucan/attest</c> attestation for a UCAN was found but could not be authorized (ucanto
/// <c>SessionEscalation</c>).
/// </summary>
public sealed class SessionEscalation : Failure
{
    internal SessionEscalation(Delegation delegation, Failure cause)
        : base($"Delegation {delegation.Cid} issued by {delegation.Issuer} has an invalid session\n{JsText.Li(cause.Message)}")
    {
        Delegation = delegation.Cid;
        Cause = cause;
    }

    /// <inheritdoc />
    public override string Name => "SessionEscalation";

    /// <summary>The UCAN whose session failed.</summary>
    public Cid Delegation { get; }

    /// <summary>Why the attestation could not be authorized.</summary>
    public Failure Cause { get; }
}
