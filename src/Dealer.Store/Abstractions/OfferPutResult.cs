namespace Dealer.Store.Abstractions;

/// <summary>The outcome of <see cref="IOfferStore.PutAsync"/>.</summary>
/// <param name="Offer">The stored offer: the given one when <paramref name="Created"/>, else the one registered first.</param>
/// <param name="Created">Whether this call registered the aggregate.</param>
/// <param name="Queued">Whether the offer is already known to be on the dealer-queue (see <see cref="IOfferStore.MarkQueuedAsync"/>).</param>
public sealed record OfferPutResult(OfferRecord Offer, bool Created, bool Queued);
