using Dealer.Ucan.Ipld;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>A UCAN past its <c>exp</c> (ucanto <c>Expired</c>); <c>exp == now</c> already counts.</summary>
public sealed class Expired : Failure
{
    internal Expired(Cid delegation, long expiredAt)
        : base($"Proof {delegation} has expired on {JsText.Date(expiredAt)}")
    {
        Delegation = delegation;
        ExpiredAt = expiredAt;
    }

    /// <inheritdoc />
    public override string Name => "Expired";

    /// <summary>The UCAN.</summary>
    public Cid Delegation { get; }

    /// <summary>Its <c>exp</c>, seconds since the epoch.</summary>
    public long ExpiredAt { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> ToIpld()
    {
        var map = CreateIpld();
        map["expiredAt"] = ExpiredAt;
        return map;
    }
}
