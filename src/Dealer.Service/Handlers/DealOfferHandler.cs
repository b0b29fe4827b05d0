using Dealer.Service.Capabilities;
using Dealer.Service.Configuration;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Server;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Handlers;

/// <summary>
/// <c>deal/offer</c>: checks the offer, writes it to the offer-store, puts it on the dealer-queue and answers
/// <c>ok {aggregate}</c> joined to the <c>deal/add</c> effect that will report the deal.
/// </summary>
/// <remarks>
/// A new offer is one <see cref="OfferUnit"/> (registration, queue message, <c>queued</c> mark and the signed
/// receipt), handed to the server as the result's commit: the server signs the receipt, the stores' committer makes
/// the unit durable (on the embedded store, batched with the units of concurrent requests), and only then is the
/// receipt the answer. If the commit fails the answer is a store or queue error receipt instead. A crash at any point
/// before the answer leaves state that a retry (the same invocation, or a new one for the same aggregate) or the
/// orphan repair completes: each aggregate is registered once and a registered offer that is not queued is queued.
/// </remarks>
internal sealed partial class DealOfferHandler
{
    private readonly DealerStores _stores;
    private readonly DealerOptions _options;
    private readonly ILogger<DealOfferHandler> _logger;

    /// <summary>Creates the handler.</summary>
    public DealOfferHandler(DealerStores stores, DealerOptions options, ILogger<DealOfferHandler> logger)
    {
        _stores = stores;
        _options = options;
        _logger = logger;
    }

    /// <summary>Handles one authorized <c>deal/offer</c> invocation.</summary>
    public ValueTask<HandlerResult<OfferOk>> HandleAsync(InvocationContext<DealCaveats> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return OfferAsync(context, context.Caveats,
            (dealer, offer) => DealerCapabilities.DealAddInvocation(dealer, StoredCaveats.Of(offer)).Cid, cancellationToken);
    }

    /// <summary>
    /// The offer logic, shared with <c>aggregate/offer</c>: <paramref name="nb"/> are the offer's caveats and
    /// <paramref name="effect"/> gives the <c>fx.join</c> for the stored offer; <paramref name="resourceChecked"/> when
    /// the caller has already decided that <c>with</c> is acceptable.
    /// </summary>
    internal async ValueTask<HandlerResult<OfferOk>> OfferAsync(InvocationContext context, DealCaveats nb, Func<ISigner, OfferRecord, Cid> effect,
        CancellationToken cancellationToken, bool resourceChecked = false)
    {
        var dealer = context.Id;
        if (!resourceChecked && DealerResource.Check(context) is { } unsupported)
        {
            return unsupported;
        }

        // Every invocation is judged on its own content first; only a valid one gets the idempotent answer below.
        var check = OfferCheck.Run(nb, context.Blocks, _options);
        if (check.Failure is not null)
        {
            return check.Failure;
        }

        var aggregate = nb.Aggregate.ToString();
        // The pieces go to the offer record as the decoded CIDs: their JSON is written from them when the offer is
        // committed, with no string per piece.
        var pieces = OfferPieces.FromCids(check.Pieces, check.PaddedSize);
        try
        {
            // A known aggregate offered with the same pieces gets the first offer's answer, other pieces are a
            // conflict; the unit (without a receipt, which the server records as usual) finishes it if a crash left it
            // unqueued.
            var known = await _stores.Offers.FindAsync(aggregate, cancellationToken).ConfigureAwait(false);
            if (known is not null)
            {
                if (Conflict(known, pieces) is { } conflict)
                {
                    return conflict;
                }

                var again = await _stores.Committer.CommitAsync(Unit(known), cancellationToken).ConfigureAwait(false);
                return Answer(dealer, again.Offer, effect);
            }
        }
        catch (QueueException e)
        {
            return QueueFailed(e);
        }
        catch (StoreException e)
        {
            return StoreFailed(e);
        }

        var offer = new OfferRecord
        {
            Aggregate = aggregate,
            Pieces = pieces,
            PiecesLink = nb.Pieces.ToString(),
            Tenant = nb.Tenant,
            Label = nb.Label,
            Storefront = context.Invocation.Issuer,
            Invocation = context.Invocation.Cid.ToString(),
            InsertedAt = context.Clock.GetUtcNow(),
        };
        return Answer(dealer, offer, effect).CommitWith(async (receipt, token) =>
        {
            try
            {
                var unit = Unit(offer) with { ReceiptInvocation = receipt.Ran.ToString(), ReceiptCar = receipt.Archive() };
                var put = await _stores.Committer.CommitAsync(unit, token).ConfigureAwait(false);
                if (!put.Created)
                {
                    // A concurrent request registered the aggregate first: its offer decides the answer.
                    return Conflict(put.Offer, pieces) ?? Answer(dealer, put.Offer, effect);
                }

                LogAccepted(aggregate, offer.Storefront, pieces.Count);
                return null;
            }
            catch (QueueException e)
            {
                return QueueFailed(e);
            }
            catch (StoreException e)
            {
                return StoreFailed(e);
            }
        });
    }

    private static OfferUnit Unit(OfferRecord offer) => new(offer, DealerQueueMessage.Serialize(offer.Aggregate));

    private static HandlerResult<OfferOk> Answer(ISigner dealer, OfferRecord offer, Func<ISigner, OfferRecord, Cid> effect) =>
        HandlerResult<OfferOk>.Ok(new OfferOk(Cid.Parse(offer.Aggregate))).Join(effect(dealer, offer));

    /// <summary>An <see cref="DealerErrors.AggregateConflict"/> when <paramref name="pieces"/> are not the registered offer's.</summary>
    private static DealerFailure? Conflict(OfferRecord registered, OfferPieces pieces)
    {
        return pieces.SequenceEqual(registered.Pieces)
            ? null
            : new DealerFailure(DealerErrors.AggregateConflict,
                $"aggregate {registered.Aggregate} was already offered with other pieces ({registered.Pieces.Count} pieces, block {registered.PiecesLink})");
    }

    private DealerFailure StoreFailed(StoreException e)
    {
        LogStoreFailed(e);
        return new DealerFailure(DealerErrors.StoreOperationFailed, e.Message);
    }

    private DealerFailure QueueFailed(QueueException e)
    {
        LogQueueFailed(e);
        return new DealerFailure(DealerErrors.QueueOperationFailed, e.Message);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepted the offer of {Aggregate} from {Storefront} ({PieceCount} pieces)")]
    private partial void LogAccepted(string aggregate, string storefront, int pieceCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "deal/offer: a store operation failed")]
    private partial void LogStoreFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "deal/offer: the dealer-queue refused the offer")]
    private partial void LogQueueFailed(Exception exception);
}
