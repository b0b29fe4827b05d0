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
        if (verdict is { Approved: true, DealId: not null })
        {
            var deals = await _ledger.ListDealsAsync(aggregate, cancellationToken).ConfigureAwait(false);
            if (deals.Count > 0)
            {
                return DealStatusReport.Approved(deals.Select(deal => new TrackedDeal(deal.DealId, deal.Provider)));
            }
        }

        return verdict switch
        {
            null => DealStatusReport.Pending,
            { Approved: true, DealId: { } dealId } => DealStatusReport.Approved(dealId, verdict.Provider ?? ""),
            { Approved: true } => DealStatusReport.Pending,
            _ => new DealStatusReport.RejectedReport(verdict.Reason ?? "rejected by the broker") { Pieces = verdict.InvalidPieces },
        };
    }
}
