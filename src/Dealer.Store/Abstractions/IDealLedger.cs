namespace Dealer.Store.Abstractions;

/// <summary>
/// The operator ledger behind the embedded deal tracker: what the broker reported for an aggregate
/// (<c>dealer deal resolve</c>).
/// </summary>
public interface IDealLedger
{
    /// <summary>
    /// Records (or replaces) the broker's verdict for an aggregate. An approval with a deal id also adds that deal to
    /// the aggregate's deals (<see cref="ListDealsAsync"/>; the same deal id again replaces its provider); a rejection
    /// (or an approval without a deal id) clears them.
    /// </summary>
    Task RecordAsync(DealVerdict verdict, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every deal recorded for <paramref name="aggregate"/> since its last rejection (a deal and its renewals), by
    /// deal id; empty when there is none.
    /// </summary>
    Task<IReadOnlyList<LedgerDeal>> ListDealsAsync(string aggregate, CancellationToken cancellationToken = default);

    /// <summary>The verdict for <paramref name="aggregate"/>, or null while the broker has said nothing.</summary>
    Task<DealVerdict?> GetAsync(string aggregate, CancellationToken cancellationToken = default);
}

/// <summary>What the broker reported for an aggregate.</summary>
/// <param name="Aggregate">The aggregate piece CID.</param>
/// <param name="Approved">True for a deal, false for a rejection.</param>
/// <param name="DealId">The deal id when approved.</param>
/// <param name="Provider">The storage provider (<c>f0…</c>) when approved.</param>
/// <param name="Reason">The reason when rejected.</param>
/// <param name="RecordedAt">When the verdict was recorded.</param>
public sealed record DealVerdict(string Aggregate, bool Approved, long? DealId, string? Provider, string? Reason, DateTimeOffset RecordedAt)
{
    /// <summary>
    /// With a rejection, the pieces the broker blamed (piece CIDs, in the order given; empty when it named none). A
    /// record compares this list by reference: compare verdicts that carry pieces field by field.
    /// </summary>
    public IReadOnlyList<string> InvalidPieces { get; init; } = [];
}

/// <summary>One deal of an aggregate in the ledger.</summary>
/// <param name="DealId">The Filecoin deal id.</param>
/// <param name="Provider">The storage provider (<c>f0…</c>; empty when the operator gave none).</param>
public sealed record LedgerDeal(long DealId, string Provider);
