using Dealer.Service.Capabilities;
using Dealer.Service.Configuration;
using Dealer.Service.Consumers;
using Dealer.Store.Abstractions;
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
/// Nothing is acknowledged before the offer object exists and its message is on the queue. A crash at any point
/// before the receipt leaves state that a retry (the same invocation, or a new one for the same aggregate) completes:
/// the offer-store registers each aggregate once and reports whether it was queued, so a retry enqueues only what is
/// missing. A crash between the enqueue and its mark can queue the offer twice; the consumer's conditional insert
/// records the deal once anyway.
/// </remarks>
public sealed partial class DealOfferHandler
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
    public ValueTask<HandlerResult> HandleAsync(InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return OfferAsync(context, DealNb.FromIpld(context.Capability.Nb),
            (dealer, offer) => DealAddInvocation.Create(dealer, DealNb.FromOffer(offer)).Cid, cancellationToken);
    }

    /// <summary>
    /// The offer logic, shared with <c>aggregate/offer</c>: <paramref name="nb"/> are the offer's caveats and
    /// <paramref name="effect"/> gives the <c>fx.join</c> for the stored offer.
    /// </summary>
    internal async ValueTask<HandlerResult> OfferAsync(InvocationContext context, DealNb nb, Func<ISigner, OfferRecord, Cid> effect,
        CancellationToken cancellationToken)
    {
        var dealer = context.Id;
        if (DealerResource.Check(context) is { } unsupported)
        {
            return unsupported;
        }

        var aggregate = nb.Aggregate.ToString();
        try
        {
            // A known aggregate gets the first offer's answer, whatever this invocation carries.
            var known = await _stores.Offers.FindAsync(aggregate, cancellationToken).ConfigureAwait(false);
            if (known is not null)
            {
                var again = await _stores.Offers.PutAsync(known, cancellationToken).ConfigureAwait(false);
                return await CompleteAsync(dealer, again.Offer, again.Queued, effect, cancellationToken).ConfigureAwait(false);
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

        var check = OfferCheck.Run(nb, context.Blocks, _options);
        if (check.Failure is not null)
        {
            return HandlerResult.Error(check.Failure);
        }

        var offer = new OfferRecord
        {
            Aggregate = aggregate,
            Pieces = check.Pieces.Select(piece => piece.ToString()).ToList(),
            PiecesLink = nb.Pieces.ToString(),
            Tenant = nb.Tenant,
            Label = nb.Label,
            Storefront = context.Invocation.Issuer,
            Invocation = context.Invocation.Cid.ToString(),
            InsertedAt = context.Clock.GetUtcNow(),
        };
        try
        {
            var put = await _stores.Offers.PutAsync(offer, cancellationToken).ConfigureAwait(false);
            if (put.Created)
            {
                LogAccepted(aggregate, offer.Storefront, offer.Pieces.Count);
            }

            return await CompleteAsync(dealer, put.Offer, put.Queued, effect, cancellationToken).ConfigureAwait(false);
        }
        catch (QueueException e)
        {
            return QueueFailed(e);
        }
        catch (StoreException e)
        {
            return StoreFailed(e);
        }
    }

    private async Task<HandlerResult> CompleteAsync(ISigner dealer, OfferRecord offer, bool queued, Func<ISigner, OfferRecord, Cid> effect,
        CancellationToken cancellationToken)
    {
        if (!queued)
        {
            await _stores.Queue.EnqueueAsync(DealerQueueMessage.Serialize(offer.Aggregate), cancellationToken).ConfigureAwait(false);
            await _stores.Offers.MarkQueuedAsync(offer.Aggregate, cancellationToken).ConfigureAwait(false);
        }

        var ok = new Dictionary<string, object?>(StringComparer.Ordinal) { [DealNb.AggregateField] = Cid.Parse(offer.Aggregate) };
        return HandlerResult.Ok(ok).Join(effect(dealer, offer));
    }

    private HandlerResult StoreFailed(StoreException e)
    {
        LogStoreFailed(e);
        return Fail(DealerErrors.StoreOperationFailed, e.Message);
    }

    private HandlerResult QueueFailed(QueueException e)
    {
        LogQueueFailed(e);
        return Fail(DealerErrors.QueueOperationFailed, e.Message);
    }

    private static HandlerResult Fail(string name, string message) => HandlerResult.Error(new DealerFailure(name, message));

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted the offer of {Aggregate} from {Storefront} ({PieceCount} pieces)")]
    private partial void LogAccepted(string aggregate, string storefront, int pieceCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "deal/offer: a store operation failed")]
    private partial void LogStoreFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "deal/offer: the dealer-queue refused the offer")]
    private partial void LogQueueFailed(Exception exception);
}
