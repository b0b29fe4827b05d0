namespace Dealer.Store.Abstractions;

/// <summary>
/// All that one accepted offer writes, committed as one unit by <see cref="IOfferCommitter.CommitAsync"/>: the offer's
/// registration (and through it the object Spade reads), its dealer-queue message, the <c>queued</c> mark, and the
/// receipt that acknowledges it.
/// </summary>
/// <param name="Offer">The offer to register.</param>
/// <param name="QueueBody">The dealer-queue message that carries the offer to the consumer.</param>
public sealed record OfferUnit(OfferRecord Offer, string QueueBody)
{
    /// <summary>The CID of the invocation <see cref="ReceiptCar"/> answers, or null for a unit without a receipt.</summary>
    public string? ReceiptInvocation { get; init; }

    /// <summary>The receipt's archive CAR, stored only when this unit registers the offer.</summary>
    public ReadOnlyMemory<byte> ReceiptCar { get; init; }
}
