using Dealer.Store.Abstractions;

namespace Dealer.Store.Aws;

/// <summary>
/// The AWS <see cref="IOfferCommitter"/>: the DynamoDB registration decides the unit; then the offer object and the
/// receipt (S3), which do not depend on each other, are written concurrently; then the queue message (SQS, batched
/// with concurrent units through <c>SendMessageBatch</c>), so that the consumer never records a deal whose object is
/// not there yet; the <c>queued</c> mark comes last. A new offer costs four requests of its own (PutItem, two
/// PutObject, UpdateItem) and a share of one SendMessageBatch, in four round trips.
/// </summary>
/// <remarks>
/// <para>
/// The mark is written only after the object and the message exist, so a registered offer that is not marked (in
/// the sparse <c>unqueued</c> index) is exactly one that a crash or a failure may have left without its object or
/// message; the orphan repair finishes it with another commit.
/// </para>
/// <para>
/// The receipt is written beside the object, before the message: if the object or the message then fails, the
/// server answers with an error receipt that replaces the stored one; if the process dies first, the stored
/// <c>ok</c> receipt is made true by the repair, which writes the object and queues the registered offer.
/// </para>
/// </remarks>
internal sealed class AwsOfferCommitter : IOfferCommitter
{
    private readonly S3OfferStore _offers;
    private readonly SqsDealerQueue _queue;
    private readonly IReceiptStore _receipts;

    public AwsOfferCommitter(S3OfferStore offers, SqsDealerQueue queue, IReceiptStore receipts)
    {
        _offers = offers;
        _queue = queue;
        _receipts = receipts;
    }

    public async Task<OfferPutResult> CommitAsync(OfferUnit unit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (await _offers.RegisterAsync(unit.Offer, cancellationToken) is not { } existing)
        {
            var writes = new List<Task>(2) { _offers.WriteObjectAsync(unit.Offer, cancellationToken) };
            if (unit.ReceiptInvocation is { } invocation)
            {
                writes.Add(_receipts.PutAsync(invocation, unit.ReceiptCar, cancellationToken));
            }

            await WhenAllAsync(writes);
            await _queue.SendBatchedAsync(unit.QueueBody, cancellationToken);
            await _offers.MarkQueuedAsync(unit.Offer.Aggregate, cancellationToken);
            return new OfferPutResult(unit.Offer, Created: true, Queued: true);
        }

        if (!existing.Queued)
        {
            await _offers.WriteObjectIfMissingAsync(existing.Offer, cancellationToken);
            await _queue.SendBatchedAsync(unit.QueueBody, cancellationToken);
            await _offers.MarkQueuedAsync(existing.Offer.Aggregate, cancellationToken);
        }

        return new OfferPutResult(existing.Offer, Created: false, Queued: true);
    }

    /// <summary>Waits for every write, then rethrows the first failure.</summary>
    private static async Task WhenAllAsync(IReadOnlyList<Task> writes)
    {
        try
        {
            await Task.WhenAll(writes);
        }
        catch
        {
            throw writes.First(task => task.IsFaulted).Exception!.InnerException!;
        }
    }
}
