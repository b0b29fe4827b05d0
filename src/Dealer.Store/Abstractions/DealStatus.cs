namespace Dealer.Store.Abstractions;

/// <summary>The deal-store <c>stat</c> attribute (numeric on the wire, indexed).</summary>
public enum DealStatus
{
    /// <summary>0: offered to the broker, fate unknown.</summary>
    Offered = 0,

    /// <summary>1: the broker made a deal.</summary>
    Approved = 1,

    /// <summary>2: the broker refused the aggregate.</summary>
    Rejected = 2,
}
