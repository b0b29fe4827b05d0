using Dealer.Service.Capabilities;
using Dealer.Service.Handlers;
using Dealer.Service.Receipts;
using Dealer.Service.Tracking;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Server;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Cron;

/// <summary>
/// Finishes decided deals: pages through OFFERED deals by the <c>stat</c> index, asks the deal tracker about each
/// page at once, and for every decided deal issues the self-issued <c>aggregate/accept</c> and <c>deal/add</c> and
/// their receipts (the answers to the offers' <c>fx.join</c>), records the receipts, then moves the deal to APPROVED
/// or REJECTED with a conditional update. Decided deals are finished in batches: their receipts are written
/// together, then their transitions (on the embedded store, a few group commits for a whole batch).
/// </summary>
/// <remarks>
/// Safe to run twice at once and to crash anywhere: the invocations and their receipts are deterministic (same bytes
/// every time), a deal moves only after both its receipts are durable, an <c>ok</c> receipt already stored is kept
/// (never re-issued), and a deal whose transition did not happen is simply finished again on the next tick.
/// The cron answers its own invocations without dispatching them (<see cref="UcanServer.Answer"/>): it knows the
/// tracker's verdict, which is all the handlers would read, and it signed them itself, so there is nothing to validate.
/// </remarks>
internal sealed partial class DealCron
{
    /// <summary>Decided deals finished together: their receipts are written at once, then their transitions.</summary>
    private const int FinishBatch = 256;

    /// <summary>Deals of a batch prepared side by side (receipt lookups overlap the signing).</summary>
    private const int PrepareConcurrency = 8;

    private readonly DealerStores _stores;
    private readonly IDealTracker _tracker;
    private readonly UcanServer _server;
    private readonly ISigner _dealer;
    private readonly StoreReceiptLog _receipts;
    private readonly int _pageSize;
    private readonly TimeProvider _clock;
    private readonly ILogger<DealCron> _logger;

    /// <summary>Creates the cron.</summary>
    public DealCron(DealerStores stores, IDealTracker tracker, UcanServer server, ISigner dealer, int pageSize,
        TimeProvider clock, ILogger<DealCron> logger)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        _stores = stores;
        _tracker = tracker;
        _server = server;
        _dealer = dealer;
        _receipts = new StoreReceiptLog(stores.Receipts, dealer.Did);
        _pageSize = pageSize;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Runs one pass over every OFFERED deal.</summary>
    /// <exception cref="StoreException">The deal-store could not be paged.</exception>
    public async Task<CronTickResult> TickAsync(CancellationToken cancellationToken)
    {
        int examined = 0, pending = 0, failed = 0;
        var counts = new int[Enum.GetValues<Outcome>().Length];
        var decided = new List<Decided>();
        string? cursor = null;
        do
        {
            var page = await _stores.Deals.ListByStatusAsync(DealStatus.Offered, cursor, _pageSize, cancellationToken)
                .ConfigureAwait(false);
            examined += page.Items.Count;
            var answers = await AskAsync(page.Items, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < page.Items.Count; i++)
            {
                switch (answers[i])
                {
                    case { Failure: { } failure }:
                        LogFailed(failure, page.Items[i].Aggregate);
                        failed++;
                        break;
                    case { Report: null or DealStatusReport.PendingReport }:
                        pending++;
                        break;
                    case { Report: { } report }:
                        decided.Add(new Decided(page.Items[i], report));
                        break;
                }
            }

            if (decided.Count >= FinishBatch)
            {
                await FinishAsync(decided, counts, cancellationToken).ConfigureAwait(false);
                decided.Clear();
            }

            cursor = page.Cursor;
        }
        while (cursor is not null);

        await FinishAsync(decided, counts, cancellationToken).ConfigureAwait(false);
        return new CronTickResult(examined, counts[(int)Outcome.Approved], counts[(int)Outcome.Rejected], pending,
            failed + counts[(int)Outcome.Failed]);
    }

    private async Task<IReadOnlyList<TrackerAnswer>> AskAsync(IReadOnlyList<DealRecord> deals, CancellationToken cancellationToken)
    {
        var aggregates = deals.Select(deal => deal.Aggregate).ToList();
        try
        {
            return await _tracker.GetStatusesAsync(aggregates, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreException e)
        {
            // The whole page stays OFFERED for the next tick.
            return [.. aggregates.Select(_ => new TrackerAnswer(null, e))];
        }
    }

    /// <summary>
    /// Finishes a batch of decided deals in three steps, each over the whole batch: look up the receipts already
    /// stored and issue the missing ones (signing, side by side on every core); record the new receipts; make the
    /// transitions of the deals whose receipts are all durable.
    /// </summary>
    private async Task FinishAsync(List<Decided> batch, int[] counts, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var work = new Finishing[batch.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count),
            new ParallelOptions { MaxDegreeOfParallelism = PrepareConcurrency, CancellationToken = cancellationToken },
            async (i, token) => work[i] = await PrepareAsync(batch[i], token).ConfigureAwait(false)).ConfigureAwait(false);

        await Task.WhenAll(work.Where(item => item.Outcome is null).Select(item => RecordAsync(item, cancellationToken)).ToList())
            .ConfigureAwait(false);

        var now = _clock.GetUtcNow();
        var transitions = work.Where(item => item.Outcome is null)
            .Select(item => TransitionAsync(item, now, cancellationToken)).ToList();
        await Task.WhenAll(transitions).ConfigureAwait(false);
        foreach (var item in work)
        {
            counts[(int)item.Outcome!.Value]++;
        }
    }

    /// <summary>Builds a deal's two invocations and their receipts, or takes an <c>ok</c> receipt already stored.</summary>
    private async Task<Finishing> PrepareAsync(Decided decided, CancellationToken cancellationToken)
    {
        var (deal, status) = decided;
        var item = new Finishing(deal, status);
        try
        {
            // aggregate/accept: the verdict in the shape of today's w3filecoin names, the fx.join an aggregate/offer
            // of this aggregate promised. Then deal/add, the fx.join of the deal/offer.
            var acceptCaveats = StoredCaveats.AggregateOf(deal);
            var accept = DealerCapabilities.AggregateAcceptInvocation(_dealer, acceptCaveats);
            var add = DealerCapabilities.DealAddInvocation(_dealer, StoredCaveats.Of(deal));
            var aggregate = acceptCaveats.Aggregate;
            (item.Accept, item.AcceptStored) = await ReceiptAsync(accept,
                () => _server.Answer(DealerCapabilities.AggregateAccept, accept, DealReportHandler.AcceptAnswer(aggregate, status)),
                cancellationToken).ConfigureAwait(false);
            (item.Add, item.AddStored) = await ReceiptAsync(add,
                () => _server.Answer(DealerCapabilities.DealAdd, add, DealReportHandler.AddAnswer(aggregate, status)),
                cancellationToken).ConfigureAwait(false);
            if (!item.Accept.Out.IsOk && item.Accept.Out.ErrorName != DealerErrors.InvalidPiece)
            {
                LogUnexpectedReceipt(deal.Aggregate, item.Accept.Out.ErrorName ?? "error");
                item.Outcome = Outcome.Failed;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A store failure, or a stored receipt that cannot be read: this deal waits for the next tick, the
            // others of the batch go on.
            LogFailed(e, deal.Aggregate);
            item.Outcome = Outcome.Failed;
        }

        return item;
    }

    /// <summary>
    /// The receipt of one of the cron's own invocations: the stored one when it is <c>ok</c> (an <c>ok</c> receipt is
    /// final, as the server's replay keeps it), otherwise the one <paramref name="issue"/> issues.
    /// </summary>
    private async Task<(Receipt Receipt, bool Stored)> ReceiptAsync(Delegation invocation, Func<Receipt> issue,
        CancellationToken cancellationToken)
    {
        var stored = await _receipts.FindAsync(invocation.Cid, cancellationToken).ConfigureAwait(false);
        return stored is { Out.IsOk: true } ? (stored, true) : (issue(), false);
    }

    private async Task RecordAsync(Finishing item, CancellationToken cancellationToken)
    {
        try
        {
            // Both receipts are durable before the deal moves: a crash in between leaves the deal OFFERED with its
            // receipts, and the next tick writes the same bytes again (or keeps the ok ones) and moves it.
            await Task.WhenAll(
                item.AcceptStored ? Task.CompletedTask : _receipts.RecordAsync(item.Accept!, cancellationToken).AsTask(),
                item.AddStored ? Task.CompletedTask : _receipts.RecordAsync(item.Add!, cancellationToken).AsTask()).ConfigureAwait(false);
        }
        catch (StoreException e)
        {
            LogFailed(e, item.Deal.Aggregate);
            item.Outcome = Outcome.Failed;
        }
    }

    private async Task TransitionAsync(Finishing item, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var deal = item.Deal;
        var receipt = item.Add!;
        try
        {
            // The receipt is the truth once issued (an ok receipt is final and kept), so the deal row follows it even
            // if the ledger changed after the receipt was recorded and before a crash interrupted the transition.
            DealTransition transition;
            if (receipt.Out.IsOk)
            {
                var approved = item.Status as DealStatusReport.ApprovedReport;
                var dealId = approved?.DealId ?? (DealerCapabilities.DealAdd.TryReadOk(receipt.Out, out var report) ? report.DealId : null);
                transition = new DealTransition(DealStatus.Approved, now, dealId, approved?.Provider);
            }
            else if (receipt.Out.ErrorName == DealerErrors.DealRejected)
            {
                var reason = item.Status is DealStatusReport.RejectedReport rejected ? rejected.Reason : receipt.Out.ErrorMessage;
                transition = new DealTransition(DealStatus.Rejected, now, Reason: reason);
            }
            else
            {
                LogUnexpectedReceipt(deal.Aggregate, receipt.Out.ErrorName ?? "ok");
                item.Outcome = Outcome.Failed;
                return;
            }

            if (!await _stores.Deals.TransitionAsync(deal.Aggregate, DealStatus.Offered, transition, cancellationToken).ConfigureAwait(false))
            {
                // Finished by a concurrent tick: it issued the same receipts and made the transition.
                item.Outcome = Outcome.FinishedElsewhere;
                return;
            }

            var approvedNow = transition.Status == DealStatus.Approved;
            LogFinished(deal.Aggregate, approvedNow ? "APPROVED" : "REJECTED", receipt.Ran);
            item.Outcome = approvedNow ? Outcome.Approved : Outcome.Rejected;
        }
        catch (StoreException e)
        {
            LogFailed(e, deal.Aggregate);
            item.Outcome = Outcome.Failed;
        }
    }

    private enum Outcome
    {
        Approved,
        Rejected,
        FinishedElsewhere,
        Failed,
    }

    private sealed record Decided(DealRecord Deal, DealStatusReport Status);

    /// <summary>One decided deal on its way through <see cref="FinishAsync"/>; <see cref="Outcome"/> is set once it is settled.</summary>
    private sealed class Finishing(DealRecord deal, DealStatusReport status)
    {
        public DealRecord Deal { get; } = deal;

        public DealStatusReport Status { get; } = status;

        public Receipt? Accept { get; set; }

        public bool AcceptStored { get; set; }

        public Receipt? Add { get; set; }

        public bool AddStored { get; set; }

        public Outcome? Outcome { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deal {Aggregate} is {Status}; deal/add {Invocation} answered")]
    private partial void LogFinished(string aggregate, string status, Cid invocation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "deal/add for {Aggregate} gave {Outcome}; retrying next tick")]
    private partial void LogUnexpectedReceipt(string aggregate, string? outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finishing deal {Aggregate} failed; retrying next tick")]
    private partial void LogFailed(Exception exception, string aggregate);
}
