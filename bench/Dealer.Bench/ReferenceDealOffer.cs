using Dealer.Ucan.Ipld;
using Dealer.Ucan.Server;
using Dealer.Ucan.Tests.Server;

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

    public ServiceMethod Method => new(DealCapabilities.Offer, OfferAsync);

    private ValueTask<HandlerResult> OfferAsync(InvocationContext context, CancellationToken cancellationToken)
    {
        var nb = context.Capability.Nb;
        var link = (Cid)nb["pieces"]!;
        if (!context.Blocks.TryGet(link, out var block) || block.Decode() is not List<object?> items || !items.TrueForAll(item => item is Cid))
        {
            return ValueTask.FromResult(HandlerResult.Error(new DecodeBlockOperationFailed($"missing offer block in invocation: {link}")));
        }

        Interlocked.Increment(ref _offers);
        var effect = ReferenceDealerService.DealAddEffect(context.Id, nb);
        var ok = new Dictionary<string, object?>(StringComparer.Ordinal) { ["aggregate"] = nb["aggregate"] };
        return ValueTask.FromResult(HandlerResult.Ok(ok).Join(effect.Cid));
    }
}
