using System.Collections.Concurrent;

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

    /// <summary>
    /// The verdicts and deals of many aggregates at once (the cron asks for a page of deals in one call): an entry for
    /// each of <paramref name="aggregates"/> that has a verdict, with its <see cref="ListDealsAsync"/> deals when it
    /// is an approval with a deal id (empty otherwise); aggregates without a verdict are absent. A backend without a
    /// batch form reads each (<see cref="GetAsync"/>, then <see cref="ListDealsAsync"/>), 16 at a time.
    /// </summary>
    async Task<IReadOnlyDictionary<string, LedgerEntry>> GetManyAsync(IReadOnlyCollection<string> aggregates,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregates);
        var entries = new ConcurrentDictionary<string, LedgerEntry>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(aggregates.Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (aggregate, token) =>
            {
                if (await GetAsync(aggregate, token).ConfigureAwait(false) is { } verdict)
                {
                    var deals = verdict is { Approved: true, DealId: not null }
                        ? await ListDealsAsync(aggregate, token).ConfigureAwait(false)
                        : [];
                    entries[aggregate] = new LedgerEntry(verdict, deals);
                }
            }).ConfigureAwait(false);
        return entries;
    }
}

/// <summary>One aggregate's verdict and deals (<see cref="IDealLedger.GetManyAsync"/>).</summary>
/// <param name="Verdict">The latest verdict.</param>
/// <param name="Deals">The deals since the last rejection, by deal id; empty unless the verdict approves with a deal id.</param>
public sealed record LedgerEntry(DealVerdict Verdict, IReadOnlyList<LedgerDeal> Deals);

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
