namespace Dealer.Store.Abstractions;

/// <summary>
/// An <see cref="IOfferCommitter"/> made of the separate stores, one call after the other: register (which writes the
/// object), enqueue, mark queued, store the receipt. It is what a set of stores composed by hand gets; a crash between
/// the steps leaves a registered offer that is not queued, which a retry or the orphan repair finishes.
/// </summary>
public sealed class StepwiseOfferCommitter : IOfferCommitter
{
    private readonly IOfferStore _offers;
    private readonly IDealerQueue _queue;
    private readonly IReceiptStore _receipts;

    /// <summary>Commits through <paramref name="offers"/>, <paramref name="queue"/> and <paramref name="receipts"/>.</summary>
    public StepwiseOfferCommitter(IOfferStore offers, IDealerQueue queue, IReceiptStore receipts)
    {
        ArgumentNullException.ThrowIfNull(offers);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(receipts);
        _offers = offers;
        _queue = queue;
        _receipts = receipts;
    }

    /// <inheritdoc />
    public async Task<OfferPutResult> CommitAsync(OfferUnit unit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var put = await _offers.PutAsync(unit.Offer, cancellationToken).ConfigureAwait(false);
        if (!put.Queued)
        {
            await _queue.EnqueueAsync(unit.QueueBody, cancellationToken).ConfigureAwait(false);
            await _offers.MarkQueuedAsync(put.Offer.Aggregate, cancellationToken).ConfigureAwait(false);
        }

        if (put.Created && unit.ReceiptInvocation is { } invocation)
        {
            await _receipts.PutAsync(invocation, unit.ReceiptCar, cancellationToken).ConfigureAwait(false);
        }

        return put with { Queued = true };
    }
}
