using Dealer.Service.Capabilities;
using Dealer.Service.Handlers;
using Dealer.Service.Tracking;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Server;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Cron;

/// <summary>
/// Finishes decided deals: pages through OFFERED deals by the <c>stat</c> index, asks the deal tracker about each,
/// and for a decided one runs the self-issued <c>deal/add</c> through the server's dispatch path (which records its
/// receipt, the answer to the offer's <c>fx.join</c>), then moves the deal to APPROVED or REJECTED with a conditional
/// update.
/// </summary>
/// <remarks>
/// Safe to run twice at once and to crash anywhere: the <c>deal/add</c> invocation and its receipt are
/// deterministic (same bytes every time), the transition is conditional, and a deal whose transition did not
/// happen is simply finished again on the next tick.
/// </remarks>
public sealed partial class DealCron
{
    /// <summary>How many deals of a page are finished at once.</summary>
    private const int Concurrency = 16;

    private readonly DealerStores _stores;
    private readonly IDealTracker _tracker;
    private readonly UcanServer _server;
    private readonly ISigner _dealer;
    private readonly int _pageSize;
    private readonly TimeProvider _clock;
    private readonly ILogger<DealCron> _logger;

    /// <summary>Creates the cron.</summary>
    public DealCron(DealerStores stores, IDealTracker tracker, UcanServer server, ISigner dealer, int pageSize,
        TimeProvider clock, ILogger<DealCron> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        _stores = stores;
        _tracker = tracker;
        _server = server;
        _dealer = dealer;
        _pageSize = pageSize;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Runs one pass over every OFFERED deal.</summary>
    /// <exception cref="StoreException">The deal-store could not be paged.</exception>
    public async Task<CronTickResult> TickAsync(CancellationToken cancellationToken)
    {
        int examined = 0, approved = 0, rejected = 0, pending = 0, failed = 0;
        string? cursor = null;
        do
        {
            var page = await _stores.Deals.ListByStatusAsync(DealStatus.Offered, cursor, _pageSize, cancellationToken)
                .ConfigureAwait(false);
            // The deals of a page are finished side by side: their tracker reads overlap, and their receipts and
            // transitions reach the store together (on the embedded store, a few transactions per page instead of
            // three commits per deal). Each deal's own steps stay in order.
            var outcomes = new Outcome[page.Items.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, page.Items.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                async (i, token) => outcomes[i] = await FinishAsync(page.Items[i], token).ConfigureAwait(false)).ConfigureAwait(false);
            foreach (var outcome in outcomes)
            {
                examined++;
                switch (outcome)
                {
                    case Outcome.Approved:
                        approved++;
                        break;
                    case Outcome.Rejected:
                        rejected++;
                        break;
                    case Outcome.Pending:
                        pending++;
                        break;
                    case Outcome.Failed:
                        failed++;
                        break;
                    default:
                        // Finished by a concurrent tick: it issued the same receipt and made the transition.
                        break;
                }
            }

            cursor = page.Cursor;
        }
        while (cursor is not null);

        return new CronTickResult(examined, approved, rejected, pending, failed);
    }

    private async Task<Outcome> FinishAsync(DealRecord deal, CancellationToken cancellationToken)
    {
        try
        {
            var status = await _tracker.GetStatusAsync(deal.Aggregate, cancellationToken).ConfigureAwait(false);
            if (status is DealStatusReport.PendingReport)
            {
                return Outcome.Pending;
            }

            // The same verdict in the shape of today's w3filecoin names: the dealer's aggregate/accept, the fx.join an
            // aggregate/offer of this aggregate promised. Answered first, so a deal only moves once both reports exist.
            var accept = AggregateCapabilities.CreateAcceptInvocation(_dealer, Cid.Parse(deal.Aggregate), Cid.Parse(deal.PiecesLink));
            var accepted = await _server.RunAsync(accept, new BlockSet(), cancellationToken).ConfigureAwait(false);
            if (!accepted.Out.IsOk && accepted.Out.ErrorName != DealerErrors.InvalidPiece)
            {
                LogUnexpectedReceipt(deal.Aggregate, accepted.Out.ErrorName ?? "error");
                return Outcome.Failed;
            }

            var invocation = DealAddInvocation.Create(_dealer, DealNb.FromDeal(deal));
            var receipt = await _server.RunAsync(invocation, new BlockSet(), cancellationToken).ConfigureAwait(false);
            // The receipt is the truth once issued (an ok receipt is final and replayed), so the deal row follows it
            // even if the ledger changed after the receipt was recorded and before a crash interrupted the transition.
            var now = _clock.GetUtcNow();
            if (receipt.Out.IsOk)
            {
                var approved = status as DealStatusReport.ApprovedReport;
                var dealId = approved?.DealId ?? ReadDealId(receipt.Out.Ok);
                var provider = approved?.Provider;
                if (!await _stores.Deals.TransitionAsync(deal.Aggregate, DealStatus.Offered,
                        new DealTransition(DealStatus.Approved, now, dealId, provider), cancellationToken).ConfigureAwait(false))
                {
                    return Outcome.FinishedElsewhere;
                }

                LogFinished(deal.Aggregate, "APPROVED", invocation.Cid);
                return Outcome.Approved;
            }

            if (receipt.Out.ErrorName == DealerErrors.DealRejected)
            {
                var reason = status is DealStatusReport.RejectedReport rejected ? rejected.Reason : ReadMessage(receipt.Out.Error);
                if (!await _stores.Deals.TransitionAsync(deal.Aggregate, DealStatus.Offered,
                        new DealTransition(DealStatus.Rejected, now, Reason: reason), cancellationToken).ConfigureAwait(false))
                {
                    return Outcome.FinishedElsewhere;
                }

                LogFinished(deal.Aggregate, "REJECTED", invocation.Cid);
                return Outcome.Rejected;
            }

            // DealPending (the tracker changed its mind between the two reads) or a dispatch failure: try again next tick.
            LogUnexpectedReceipt(deal.Aggregate, receipt.Out.ErrorName ?? "ok");
            return Outcome.Failed;
        }
        catch (StoreException e)
        {
            LogFailed(e, deal.Aggregate);
            return Outcome.Failed;
        }
    }

    private static long? ReadDealId(object? ok) =>
        ok is IReadOnlyDictionary<string, object?> map
        && map.GetValueOrDefault("dataSource") is IReadOnlyDictionary<string, object?> dataSource
        && dataSource.GetValueOrDefault("dealID") is long dealId
            ? dealId
            : null;

    private static string? ReadMessage(object? error) =>
        error is IReadOnlyDictionary<string, object?> map ? map.GetValueOrDefault("message") as string : null;

    private enum Outcome
    {
        Pending,
        Approved,
        Rejected,
        FinishedElsewhere,
        Failed,
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deal {Aggregate} is {Status}; deal/add {Invocation} answered")]
    private partial void LogFinished(string aggregate, string status, Cid invocation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "deal/add for {Aggregate} gave {Outcome}; retrying next tick")]
    private partial void LogUnexpectedReceipt(string aggregate, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finishing deal {Aggregate} failed; retrying next tick")]
    private partial void LogFailed(Exception exception, string aggregate);
}
