using System.Globalization;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Filecoin;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Receipts;

namespace Dealer.Service.Tracing;

/// <summary>
/// Reads the chain of one aggregate out of the stores, on any backend, without changing anything (the one exception:
/// listing SQS dead letters receives them briefly, see <see cref="IDeadLetters.ListAsync"/>).
/// </summary>
/// <remarks>
/// The history is derived from what the stores keep, not recorded separately: the offer's acceptance time, the deal
/// row's insertion time (OFFERED) and, once it left OFFERED, its update time (APPROVED or REJECTED are final, so a
/// row changes status at most once and these two times are its whole history), the latest ledger verdict (an earlier
/// verdict the operator replaced is not kept) and, for a dead letter, when it was dead-lettered where the backend
/// says.
/// </remarks>
internal static class DealTracer
{
    /// <summary>How many dead letters are examined for an offer that was never recorded as a deal.</summary>
    public const int DeadLetterScan = 1000;

    private const int PageSize = 100;

    /// <summary>
    /// The aggregate <paramref name="target"/> names: a piece CID v2 is the aggregate itself; any other CID is taken
    /// as an invocation, found through its stored receipt (a <c>deal/offer</c> or an issued <c>deal/add</c>) or, for
    /// a <c>deal/add</c> not issued yet, among the OFFERED deals whose offer receipt joins it.
    /// Null when no stored receipt or OFFERED deal knows the invocation.
    /// </summary>
    /// <exception cref="FormatException"><paramref name="target"/> is not a CID.</exception>
    /// <exception cref="StoreException">A store could not be read, or holds a receipt that names no aggregate.</exception>
    public static async Task<string?> FindAggregateAsync(DealerStores stores, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stores);
        if (PieceLink.TryParse(target, out _))
        {
            return target;
        }

        if (!Cid.TryParse(target, out var cid))
        {
            throw new FormatException($"'{target}' is neither an aggregate piece CID nor an invocation CID.");
        }

        var invocation = cid.ToString();
        if (await ReadReceiptAsync(stores, invocation, cancellationToken).ConfigureAwait(false) is { } receipt)
        {
            var capability = receipt.RanInvocation?.Capabilities is [var first, ..] ? first : null;
            return capability?.Nb?.GetValueOrDefault(DealCaveats.AggregateField) is Cid aggregate
                ? aggregate.ToString()
                : throw new StoreException($"The receipt stored for {invocation} does not carry an invocation with nb.aggregate.", isTransient: false);
        }

        // A deal/add the cron has not issued yet has no receipt: its CID is only the join of an offer receipt.
        string? cursor = null;
        do
        {
            var page = await stores.Deals.ListByStatusAsync(DealStatus.Offered, cursor, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var deal in page.Items)
            {
                var offer = await stores.Offers.FindAsync(deal.Aggregate, cancellationToken).ConfigureAwait(false);
                if (offer is not null
                    && await ReadReceiptAsync(stores, offer.Invocation, cancellationToken).ConfigureAwait(false) is { Join: { } join }
                    && join.Equals(cid))
                {
                    return deal.Aggregate;
                }
            }

            cursor = page.Cursor;
        }
        while (cursor is not null);

        return null;
    }

    /// <summary>
    /// The trace of <paramref name="aggregate"/>, or null when the stores know nothing of it (no offer, no deal, no
    /// ledger verdict).
    /// </summary>
    /// <exception cref="StoreException">A store could not be read.</exception>
    public static async Task<DealTrace?> TraceAsync(DealerStores stores, string aggregate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        var offer = await stores.Offers.FindAsync(aggregate, cancellationToken).ConfigureAwait(false);
        var deal = await stores.Deals.GetAsync(aggregate, cancellationToken).ConfigureAwait(false);
        var verdict = await stores.Ledger.GetAsync(aggregate, cancellationToken).ConfigureAwait(false);
        if (offer is null && deal is null && verdict is null)
        {
            return null;
        }

        Uri? offerObject = null;
        TraceReceipt? offerReceipt = null;
        bool? queued = null;
        if (offer is not null)
        {
            if (await stores.Offers.GetBodyAsync(offer.Key, cancellationToken).ConfigureAwait(false) is not null)
            {
                offerObject = stores.Offers.UriFor(offer.Key);
            }

            offerReceipt = ToTrace(await ReadReceiptAsync(stores, offer.Invocation, cancellationToken).ConfigureAwait(false));
            queued = await stores.Offers.IsQueuedAsync(aggregate, cancellationToken).ConfigureAwait(false);
        }

        DeadLetter? deadLetter = null;
        if (deal is null && offer is not null && stores.DeadLetters is { } letters)
        {
            // Only an offer that never became a deal can be a dead letter; the consumer deletes the message after the row.
            var listed = await letters.ListAsync(DeadLetterScan, cancellationToken).ConfigureAwait(false);
            deadLetter = listed.FirstOrDefault(letter => DealerQueueMessage.TryParse(letter.Body, out var named) && named == aggregate);
        }

        var queue = (offer, deal, deadLetter, queued) switch
        {
            (_, not null, _, _) => TraceQueueState.Consumed,
            (_, _, not null, _) => TraceQueueState.DeadLettered,
            (null, _, _, _) => TraceQueueState.None,
            (_, _, _, true) => TraceQueueState.Queued,
            _ => TraceQueueState.NotQueued,
        };

        var dealAdd = offerReceipt?.Join;
        var dealAddReceipt = dealAdd is null
            ? null
            : ToTrace(await ReadReceiptAsync(stores, dealAdd, cancellationToken).ConfigureAwait(false));
        return new DealTrace(aggregate, offer, offerObject, offerReceipt, queue, deadLetter, deal, verdict, dealAdd, dealAddReceipt,
            History(offer, deal, verdict, deadLetter));
    }

    private static List<TraceEvent> History(OfferRecord? offer, DealRecord? deal, DealVerdict? verdict, DeadLetter? deadLetter)
    {
        var events = new List<TraceEvent>();
        if (offer is not null)
        {
            events.Add(new TraceEvent(offer.InsertedAt, "offer-accepted", $"offer accepted: deal/offer {offer.Invocation} from {offer.Storefront}"));
        }

        if (deadLetter?.DeadLetteredAt is { } deadAt)
        {
            events.Add(new TraceEvent(deadAt, "dead-lettered", $"queue message dead-lettered after {deadLetter.ReceiveCount} receives"));
        }

        if (deal is not null)
        {
            events.Add(new TraceEvent(deal.InsertedAt, "deal-recorded", "deal recorded: OFFERED"));
            if (deal.Status != DealStatus.Offered)
            {
                events.Add(new TraceEvent(deal.UpdatedAt, deal.Status == DealStatus.Approved ? "deal-approved" : "deal-rejected",
                    "deal " + Describe(deal.Status, deal.DealId, deal.Provider, deal.Reason)));
            }
        }

        if (verdict is not null)
        {
            events.Add(new TraceEvent(verdict.RecordedAt, "verdict-recorded", "broker verdict recorded: "
                + Describe(verdict.Approved ? DealStatus.Approved : DealStatus.Rejected, verdict.DealId, verdict.Provider, verdict.Reason)));
        }

        // Stable: events at the same millisecond keep the pipeline's order.
        return [.. events.OrderBy(e => e.At)];
    }

    /// <summary>A status with its details, e.g. <c>APPROVED (deal 1234, provider f01000)</c>.</summary>
    public static string Describe(DealStatus status, long? dealId, string? provider, string? reason) => status switch
    {
        DealStatus.Approved => string.Create(CultureInfo.InvariantCulture, $"APPROVED (deal {dealId}, provider {provider})"),
        DealStatus.Rejected => $"REJECTED ({reason})",
        _ => "OFFERED",
    };

    private static async Task<Receipt?> ReadReceiptAsync(DealerStores stores, string invocation, CancellationToken cancellationToken)
    {
        var car = await stores.Receipts.GetAsync(invocation, cancellationToken).ConfigureAwait(false);
        try
        {
            return car is null ? null : Receipt.Extract(car);
        }
        catch (FormatException e)
        {
            throw new StoreException($"The receipt stored for {invocation} does not decode: {e.Message}", isTransient: false, e);
        }
    }

    private static TraceReceipt? ToTrace(Receipt? receipt) => receipt is null
        ? null
        : new TraceReceipt(receipt.Cid.ToString(), receipt.Ran.ToString(), receipt.Issuer, receipt.Out.ToIpld(), receipt.Out.IsOk,
            receipt.Out.ErrorName, receipt.Join?.ToString());
}
