namespace Dealer.Store.Abstractions;

/// <summary>
/// Commits <see cref="OfferUnit"/>s: each backend applies the writes of one accepted offer together and as cheaply as
/// it can (the embedded store batches units from concurrent requests into one SQLite transaction; the AWS store runs
/// the independent calls of a unit concurrently and batches queue sends across units).
/// </summary>
public interface IOfferCommitter
{
    /// <summary>
    /// Registers <see cref="OfferUnit.Offer"/> unless its aggregate is registered, and makes sure the registered offer
    /// is on the dealer-queue and marked so; stores the unit's receipt only when this call registered the offer. When
    /// the returned task completes, all of it is durable: the registration, the message, the mark and the receipt.
    /// The object Spade reads is written from the registration (see the backend for when); a registration whose
    /// object or message is missing after a crash is finished by <see cref="IOfferStore.ListUnqueuedAsync"/> and
    /// <see cref="IOfferStore.RepairObjectsAsync"/>.
    /// </summary>
    /// <returns>The registered offer (this unit's, or the first one of its aggregate), whether this call registered it,
    /// and <c>Queued = true</c>.</returns>
    /// <exception cref="QueueException">The dealer-queue refused the message (the offer may be registered).</exception>
    /// <exception cref="StoreException">The store could not be reached or refused the write.</exception>
    Task<OfferPutResult> CommitAsync(OfferUnit unit, CancellationToken cancellationToken = default);
}
