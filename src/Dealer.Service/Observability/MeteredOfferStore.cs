using Dealer.Store.Abstractions;

namespace Dealer.Service.Observability;

/// <summary>
/// The offer-store, counting each aggregate the first time it is registered (<see cref="OfferPutResult.Created"/>)
/// into <see cref="DealerMetrics.RecordOffer"/>; a re-offer of the same aggregate counts nothing.
/// </summary>
internal sealed class MeteredOfferStore(IOfferStore inner, DealerMetrics metrics) : IOfferStore
{
    public async Task<OfferPutResult> PutAsync(OfferRecord offer, CancellationToken cancellationToken = default)
    {
        var result = await inner.PutAsync(offer, cancellationToken).ConfigureAwait(false);
        if (result.Created)
        {
            metrics.RecordOffer(result.Offer);
        }

        return result;
    }

    public Task MarkQueuedAsync(string aggregate, CancellationToken cancellationToken = default) =>
        inner.MarkQueuedAsync(aggregate, cancellationToken);

    public Task<OfferRecord?> FindAsync(string aggregate, CancellationToken cancellationToken = default) =>
        inner.FindAsync(aggregate, cancellationToken);

    public Task<byte[]?> GetBodyAsync(string key, CancellationToken cancellationToken = default) =>
        inner.GetBodyAsync(key, cancellationToken);

    public IAsyncEnumerable<string> ListKeysAsync(string? startAfter = null, CancellationToken cancellationToken = default) =>
        inner.ListKeysAsync(startAfter, cancellationToken);

    public Uri UriFor(string key) => inner.UriFor(key);
}
