using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Server;
using Dealer.Testing.Reference;

namespace Dealer.Bench;

/// <summary>
/// The reference <c>deal/offer</c> handler of lib/caps.mjs (createDealerService), as the tests'
/// <see cref="ReferenceDealerService"/> has it: find and decode the <c>nb.pieces</c> block, record the offer, and
/// answer <c>ok {aggregate}</c> joined to the deterministic <c>deal/add</c> effect (dealer self-issued, aud dealer, with dealer, same nb, exp null, no nonce). Offers are only
/// counted rather than queued, so a long benchmark run does not grow a queue.
/// </summary>
internal sealed class ReferenceDealOffer
{
    private long _offers;

    /// <summary>Offers accepted so far.</summary>
    public long Offers => Interlocked.Read(ref _offers);

    public ServiceMethod Method => ServiceMethod.Provide(DealerCapabilities.DealOffer, OfferAsync);

    private ValueTask<HandlerResult<OfferOk>> OfferAsync(InvocationContext<DealCaveats> context, CancellationToken cancellationToken)
    {
        var nb = context.Caveats;
        if (ReferenceDealerService.MissingPieces(context, nb) is { } failure)
        {
            return ValueTask.FromResult<HandlerResult<OfferOk>>(failure);
        }

        Interlocked.Increment(ref _offers);
        var effect = DealerCapabilities.DealAddInvocation(context.Id, nb);
        return ValueTask.FromResult(HandlerResult<OfferOk>.Ok(new OfferOk(nb.Aggregate)).Join(effect.Cid));
    }
}
