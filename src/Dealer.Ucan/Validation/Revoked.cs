using Dealer.Ucan.Ipld;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>A delegation on the proven path was revoked (ucanto <c>Revoked</c>); returned by revocation hooks.</summary>
public sealed class Revoked : Failure
{
    /// <summary>Creates the failure for the revoked delegation <paramref name="delegation"/>.</summary>
    public Revoked(Cid delegation)
        : base($"Proof {delegation} has been revoked")
    {
        Delegation = delegation;
    }

    /// <inheritdoc />
    public override string Name => "Revoked";

    /// <summary>The revoked delegation.</summary>
    public Cid Delegation { get; }
}
