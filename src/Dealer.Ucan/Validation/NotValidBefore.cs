using Dealer.Ucan.Ipld;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>A UCAN used before its <c>nbf</c> (ucanto <c>NotValidBefore</c>); <c>now == nbf</c> is still too early.</summary>
public sealed class NotValidBefore : Failure
{
    internal NotValidBefore(Cid delegation, long validAt)
        : base($"Proof {delegation} is not valid before {JsText.Date(validAt)}")
    {
        Delegation = delegation;
        ValidAt = validAt;
    }

    /// <inheritdoc />
    public override string Name => "NotValidBefore";

    /// <summary>The UCAN.</summary>
    public Cid Delegation { get; }

    /// <summary>Its <c>nbf</c>, seconds since the epoch.</summary>
    public long ValidAt { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> ToIpld()
    {
        var map = CreateIpld();
        map["validAt"] = ValidAt;
        return map;
    }
}
