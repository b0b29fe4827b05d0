using Dealer.Store.Abstractions;

namespace Dealer.Service.Observability;

/// <summary>
/// The backend's offer committer, counting each aggregate the first time it is registered
/// (<see cref="OfferPutResult.Created"/>) into <see cref="DealerMetrics.RecordOffer"/>; a re-offer counts nothing.
/// </summary>
internal sealed class MeteredOfferCommitter(IOfferCommitter inner, DealerMetrics metrics) : IOfferCommitter
{
    public async Task<OfferPutResult> CommitAsync(OfferUnit unit, CancellationToken cancellationToken = default)
    {
        var result = await inner.CommitAsync(unit, cancellationToken).ConfigureAwait(false);
        if (result.Created)
        {
            metrics.RecordOffer(result.Offer);
        }

        return result;
    }
}
