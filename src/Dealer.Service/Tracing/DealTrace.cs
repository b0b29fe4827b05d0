using Dealer.Store.Abstractions;

namespace Dealer.Service.Tracing;

/// <summary>
/// Everything the stores hold about one aggregate, from the storefront's offer to the <c>deal/add</c> receipt: what
/// <c>dealer trace</c> prints.
/// </summary>
/// <param name="Aggregate">The aggregate's piece CID.</param>
/// <param name="Offer">The registered offer, or null when none is registered.</param>
/// <param name="OfferObject">The URI of the offer object Spade reads, when it exists.</param>
/// <param name="OfferReceipt">The receipt of the accepted <c>deal/offer</c> invocation, when stored.</param>
/// <param name="Queue">Where the offer's dealer-queue message stands.</param>
/// <param name="DeadLetter">The dead letter holding the offer's message, when <paramref name="Queue"/> is <see cref="TraceQueueState.DeadLettered"/>.</param>
/// <param name="Deal">The deal-store row, or null before the consumer recorded it.</param>
/// <param name="Verdict">The latest broker verdict in the operator ledger, or null.</param>
/// <param name="DealAdd">The <c>deal/add</c> invocation's CID (the offer receipt's <c>fx.join</c>), when known.</param>
/// <param name="DealAddReceipt">The <c>deal/add</c> receipt, once the cron has issued it.</param>
/// <param name="History">The dated events, oldest first (see <see cref="DealTracer"/> for where each comes from).</param>
internal sealed record DealTrace(
    string Aggregate,
    OfferRecord? Offer,
    Uri? OfferObject,
    TraceReceipt? OfferReceipt,
    TraceQueueState Queue,
    DeadLetter? DeadLetter,
    DealRecord? Deal,
    DealVerdict? Verdict,
    string? DealAdd,
    TraceReceipt? DealAddReceipt,
    IReadOnlyList<TraceEvent> History);

/// <summary>A stored receipt, as the trace shows it.</summary>
/// <param name="Cid">The receipt's CID.</param>
/// <param name="Ran">The CID of the invocation it answers.</param>
/// <param name="Issuer">Its issuer, when the receipt names one.</param>
/// <param name="Out">Its <c>out</c> as IPLD (<c>{ok: …}</c> or <c>{error: …}</c>).</param>
/// <param name="IsOk">Whether <c>out</c> is <c>ok</c>.</param>
/// <param name="ErrorName">The error's name, for an error receipt.</param>
/// <param name="Join">Its <c>fx.join</c>, if any.</param>
internal sealed record TraceReceipt(string Cid, string Ran, string? Issuer, IReadOnlyDictionary<string, object?> Out, bool IsOk,
    string? ErrorName, string? Join);

/// <summary>One dated step of an aggregate's history.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Event">A stable name: <c>offer-accepted</c>, <c>deal-recorded</c>, <c>verdict-recorded</c>, <c>deal-approved</c>, <c>deal-rejected</c>, <c>dead-lettered</c>.</param>
/// <param name="Detail">A human-readable line.</param>
internal sealed record TraceEvent(DateTimeOffset At, string Event, string Detail);

/// <summary>Where an offer's dealer-queue message stands.</summary>
internal enum TraceQueueState
{
    /// <summary>No offer is registered for the aggregate.</summary>
    None,

    /// <summary>The offer is registered but was never marked queued (a crash before enqueueing; a re-offer enqueues it).</summary>
    NotQueued,

    /// <summary>Marked queued and not yet consumed: on the dealer-queue or being processed (no deal row, not a dead letter).</summary>
    Queued,

    /// <summary>The message is among the dealer-queue's dead letters.</summary>
    DeadLettered,

    /// <summary>The consumer recorded the deal (the message was deleted after that).</summary>
    Consumed,
}
