namespace Dealer.Store.Abstractions;

/// <summary>
/// The offer-store Spade reads: one object per accepted aggregate under <see cref="OfferRecord.Key"/>, whose body
/// is the JSON <c>{"aggregate","pieces","tenant","orderID"}</c> (orderID a string). It also registers each
/// aggregate once, so that a re-offer is answered without a second offer.
/// </summary>
public interface IOfferStore
{
    /// <summary>
    /// Registers <paramref name="offer"/> and writes its object, unless its aggregate is already registered, in which
    /// case nothing is written and the first offer is returned with <c>Created = false</c>. Safe to call again after
    /// a failure: a registered offer whose object is missing gets it written.
    /// </summary>
    /// <exception cref="StoreException">The store could not be reached or refused the write.</exception>
    Task<OfferPutResult> PutAsync(OfferRecord offer, CancellationToken cancellationToken = default);

    /// <summary>Records that the offer for <paramref name="aggregate"/> has been put on the dealer-queue.</summary>
    Task MarkQueuedAsync(string aggregate, CancellationToken cancellationToken = default);

    /// <summary>The registered offer for <paramref name="aggregate"/>, or null.</summary>
    Task<OfferRecord?> FindAsync(string aggregate, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the offer for <paramref name="aggregate"/> has been marked queued (see <see cref="MarkQueuedAsync"/>),
    /// or null when no offer is registered for it. What an operator's trace reads; handlers use <see cref="PutAsync"/>.
    /// </summary>
    Task<bool?> IsQueuedAsync(string aggregate, CancellationToken cancellationToken = default);

    /// <summary>The exact object body stored under <paramref name="key"/> (what Spade reads), or null.</summary>
    Task<byte[]?> GetBodyAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Object keys in key (= arrival) order, starting after <paramref name="startAfter"/>.</summary>
    IAsyncEnumerable<string> ListKeysAsync(string? startAfter = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Registered offers that are not marked queued and were inserted before <paramref name="insertedBefore"/>, oldest
    /// first: what a crash between the registration and the enqueue left behind. Read through an index of unqueued
    /// offers, never a scan of the registry.
    /// </summary>
    IAsyncEnumerable<OfferRecord> ListUnqueuedAsync(DateTimeOffset insertedBefore, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the object of every registered offer whose object is missing (or was cut short by a power cut), and
    /// returns how many it wrote. Never writes an object for an offer that is not registered.
    /// </summary>
    /// <exception cref="StoreException">The store could not be reached or refused the write.</exception>
    Task<int> RepairObjectsAsync(CancellationToken cancellationToken = default);

    /// <summary>The URI the deal-store records for an offer (<c>file://…</c> or <c>s3://bucket/key</c>).</summary>
    Uri UriFor(string key);
}
