using Dealer.Service.Capabilities;
using Dealer.Service.Handlers;
using Dealer.Service.Tracking;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Server;
using Dealer.Ucan.Validation;
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
internal sealed partial class DealCron
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
            var accepted = await ReportAsync(DealerCapabilities.AggregateAccept,
                DealerCapabilities.AggregateAcceptInvocation(_dealer, StoredCaveats.AggregateOf(deal)), DealerErrors.InvalidPiece, cancellationToken)
                .ConfigureAwait(false);
            if (accepted.Outcome == Outcome.Failed)
            {
                LogUnexpectedReceipt(deal.Aggregate, accepted.Detail);
                return Outcome.Failed;
            }

            var invocation = DealerCapabilities.DealAddInvocation(_dealer, StoredCaveats.Of(deal));
            var added = await ReportAsync(DealerCapabilities.DealAdd, invocation, DealerErrors.DealRejected, cancellationToken).ConfigureAwait(false);
            // The receipt is the truth once issued (an ok receipt is final and replayed), so the deal row follows it
            // even if the ledger changed after the receipt was recorded and before a crash interrupted the transition.
            var now = _clock.GetUtcNow();
            var approved = status as DealStatusReport.ApprovedReport;
            var transition = added.Outcome switch
            {
                Outcome.Approved => new DealTransition(DealStatus.Approved, now, approved?.DealId ?? added.Report?.DealId, approved?.Provider),
                Outcome.Rejected => new DealTransition(DealStatus.Rejected, now,
                    Reason: status is DealStatusReport.RejectedReport rejected ? rejected.Reason : added.Detail),
                _ => null,
            };
            if (transition is null)
            {
                // DealPending (the tracker changed its mind between the two reads) or a dispatch failure: try again next tick.
                LogUnexpectedReceipt(deal.Aggregate, added.Detail);
                return Outcome.Failed;
            }

            if (!await _stores.Deals.TransitionAsync(deal.Aggregate, DealStatus.Offered, transition, cancellationToken).ConfigureAwait(false))
            {
                return Outcome.FinishedElsewhere;
            }

            LogFinished(deal.Aggregate, added.Outcome == Outcome.Approved ? "APPROVED" : "REJECTED", invocation.Cid);
            return added.Outcome;
        }
        catch (StoreException e)
        {
            LogFailed(e, deal.Aggregate);
            return Outcome.Failed;
        }
    }

    /// <summary>
    /// Runs one of the dealer's two deal reports (<c>aggregate/accept</c> or <c>deal/add</c>) through the server's
    /// dispatch path and reads its receipt: <see cref="Outcome.Approved"/> with the typed report, the report's
    /// rejection (<paramref name="rejection"/>) as <see cref="Outcome.Rejected"/> with its message, anything else as
    /// <see cref="Outcome.Failed"/> with the error's name.
    /// </summary>
    private async Task<ReportReceipt> ReportAsync<TCaveats>(CapabilityDefinition<TCaveats, DealReport> capability, Delegation invocation,
        string rejection, CancellationToken cancellationToken)
    {
        var receipt = await _server.RunAsync(invocation, new BlockSet(), cancellationToken).ConfigureAwait(false);
        if (receipt.Out.IsOk)
        {
            return new ReportReceipt(Outcome.Approved, capability.TryReadOk(receipt.Out, out var report) ? report : null, "ok");
        }

        return receipt.Out.ErrorName == rejection
            ? new ReportReceipt(Outcome.Rejected, null, receipt.Out.ErrorMessage)
            : new ReportReceipt(Outcome.Failed, null, receipt.Out.ErrorName ?? "error");
    }

    /// <summary>What a deal report's receipt said: the outcome, the typed report when approved, the detail otherwise.</summary>
    private sealed record ReportReceipt(Outcome Outcome, DealReport? Report, string? Detail);

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
    private partial void LogUnexpectedReceipt(string aggregate, string? outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finishing deal {Aggregate} failed; retrying next tick")]
    private partial void LogFailed(Exception exception, string aggregate);
}
