using Dealer.Service.Capabilities;
using Dealer.Service.Configuration;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Server;

namespace Dealer.Service.Handlers;

/// <summary>
/// <c>aggregate/offer</c> (@web3-storage/capabilities 18): the same work as <c>deal/offer</c> — the same checks, one
/// offer object and one queue message per aggregate, the same error names — answered as @web3-storage/filecoin-api's
/// dealer answers: <c>ok {aggregate}</c> joined to the dealer's self-issued <c>aggregate/accept</c>
/// (<see cref="DealerCapabilities.AggregateAcceptInvocation"/>).
/// </summary>
/// <remarks>
/// <c>aggregate/offer</c> carries no tenant. The offer is recorded with the invoker's DID as its tenant: that is what
/// filecoin-api's dealer writes for Spade in the offer document (<c>issuer</c>), the party the deal is made for. A
/// storefront that needs another tenant uses <c>deal/offer</c>. The <c>nb.pieces</c> block must be DAG-CBOR, as
/// filecoin-api decodes it. <c>with</c> must be the dealer's DID, except for the self-issued invocation of a
/// <see cref="TrustedAggregators">trusted aggregator</see>, which is handled as if invoked on the dealer.
/// </remarks>
internal sealed class AggregateOfferHandler
{
    private readonly DealOfferHandler _offer;
    private readonly TrustedAggregators _trusted;

    /// <summary>
    /// Serves <c>aggregate/offer</c> with the <c>deal/offer</c> logic of <paramref name="offer"/>, also accepting the
    /// self-issued offers of <paramref name="trusted"/> (default none).
    /// </summary>
    public AggregateOfferHandler(DealOfferHandler offer, TrustedAggregators? trusted = null)
    {
        ArgumentNullException.ThrowIfNull(offer);
        _offer = offer;
        _trusted = trusted ?? TrustedAggregators.None;
    }

    /// <summary>Handles one authorized <c>aggregate/offer</c> invocation.</summary>
    public ValueTask<HandlerResult<OfferOk>> HandleAsync(InvocationContext<AggregateCaveats> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_trusted.Admits(context) && DealerResource.Check(context) is { } unsupported)
        {
            return ValueTask.FromResult<HandlerResult<OfferOk>>(unsupported);
        }

        var (aggregate, pieces) = context.Caveats;
        if (pieces.Codec != Multicodec.DagCbor)
        {
            return ValueTask.FromResult<HandlerResult<OfferOk>>(new DealerFailure(DealerErrors.DecodeBlockOperationFailed,
                $"offer block {pieces} is not DAG-CBOR (codec 0x{pieces.Codec:x})"));
        }

        var offer = new DealCaveats(aggregate, pieces, context.Invocation.Issuer, Label: null);
        return _offer.OfferAsync(context, offer,
            (dealer, stored) => DealerCapabilities.AggregateAcceptInvocation(dealer, StoredCaveats.AggregateOf(stored)).Cid,
            cancellationToken, resourceChecked: true);
    }
}
