using Dealer.Store.Abstractions;

namespace Dealer.Service.Tracking;

/// <summary>The embedded deal tracker: the verdicts an operator recorded with <c>dealer deal resolve</c>.</summary>
internal sealed class LedgerDealTracker : IDealTracker
{
    private readonly IDealLedger _ledger;

    /// <summary>Reads verdicts from <paramref name="ledger"/>.</summary>
    public LedgerDealTracker(IDealLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        _ledger = ledger;
    }

    /// <inheritdoc />
    public async Task<DealStatusReport> GetStatusAsync(string aggregate, CancellationToken cancellationToken = default)
    {
        var verdict = await _ledger.GetAsync(aggregate, cancellationToken).ConfigureAwait(false);
        var deals = verdict is { Approved: true, DealId: not null }
            ? await _ledger.ListDealsAsync(aggregate, cancellationToken).ConfigureAwait(false)
            : [];
        return Report(verdict, deals);
    }

    /// <summary>One <see cref="IDealLedger.GetManyAsync"/> for the whole batch (one query pair on the embedded store).</summary>
    public async Task<IReadOnlyList<TrackerAnswer>> GetStatusesAsync(IReadOnlyList<string> aggregates,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregates);
        var entries = await _ledger.GetManyAsync(aggregates, cancellationToken).ConfigureAwait(false);
        var answers = new TrackerAnswer[aggregates.Count];
        for (var i = 0; i < answers.Length; i++)
        {
            answers[i] = new TrackerAnswer(entries.TryGetValue(aggregates[i], out var entry)
                ? Report(entry.Verdict, entry.Deals)
                : DealStatusReport.Pending, null);
        }

        return answers;
    }

    private static DealStatusReport Report(DealVerdict? verdict, IReadOnlyList<LedgerDeal> deals) => verdict switch
    {
        null => DealStatusReport.Pending,
        { Approved: true, DealId: not null } when deals.Count > 0 =>
            DealStatusReport.Approved(deals.Select(deal => new TrackedDeal(deal.DealId, deal.Provider))),
        { Approved: true, DealId: { } dealId } => DealStatusReport.Approved(dealId, verdict.Provider ?? ""),
        { Approved: true } => DealStatusReport.Pending,
        _ => new DealStatusReport.RejectedReport(verdict.Reason ?? "rejected by the broker") { Pieces = verdict.InvalidPieces },
    };
}
