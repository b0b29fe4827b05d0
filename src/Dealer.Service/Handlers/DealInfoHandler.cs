using Dealer.Service.Tracking;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Server;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Handlers;

/// <summary>
/// <c>deal/info</c> served by the dealer (the deal-tracker capability of @storacha/capabilities), so that a storefront's
/// deal-tracker connection (filecoin-api's <c>filecoin/info</c>) can point at the dealer: <c>ok {deals: {"&lt;dealID&gt;":
/// {provider}}}</c> with every deal the dealer's tracker knows for the aggregate (a deal and its renewals), an empty
/// <c>deals</c> map while an offered aggregate has none (as filecoin-api's deal tracker answers), and
/// <c>DealNotFound</c> for an aggregate this dealer was never offered.
/// </summary>
/// <remarks>
/// <c>with</c> must be the dealer's DID (<c>UnsupportedCapability</c> otherwise), so a storefront needs a delegation of
/// <c>deal/info</c> from the dealer (<c>dealer delegate --ability deal/info</c>), to which revocation applies.
/// </remarks>
internal sealed partial class DealInfoHandler
{
    private readonly DealerStores _stores;
    private readonly IDealTracker _tracker;
    private readonly ILogger<DealInfoHandler> _logger;

    /// <summary>Creates the handler over the offer-store and the dealer's deal tracker.</summary>
    public DealInfoHandler(DealerStores stores, IDealTracker tracker, ILogger<DealInfoHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(logger);
        _stores = stores;
        _tracker = tracker;
        _logger = logger;
    }

    /// <summary>Handles one authorized <c>deal/info</c> invocation.</summary>
    public async ValueTask<HandlerResult<DealInfoOk>> HandleAsync(InvocationContext<DealInfoCaveats> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (DealerResource.Check(context) is { } unsupported)
        {
            return unsupported;
        }

        var piece = context.Caveats.Piece;
        try
        {
            if (await _stores.Offers.FindAsync(piece.ToString(), cancellationToken).ConfigureAwait(false) is null)
            {
                return new DealerFailure(DealerErrors.DealNotFound, $"no deal is known for {piece}: this dealer was never offered it");
            }
        }
        catch (StoreException e)
        {
            LogStoreFailed(piece, e);
            return new DealerFailure(DealerErrors.StoreOperationFailed, e.Message);
        }

        var (report, failure) = await TrackerQuery.AskAsync(_tracker, piece, e => LogStoreFailed(piece, e), cancellationToken)
            .ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        IReadOnlyList<DealInfoOk.Deal> deals = report is DealStatusReport.ApprovedReport approved
            ? approved.Deals.Select(deal => new DealInfoOk.Deal(deal.DealId, deal.Provider)).ToList()
            : [];
        return HandlerResult<DealInfoOk>.Ok(new DealInfoOk(deals));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "deal/info: the offer-store or the deal tracker failed for {Piece}")]
    private partial void LogStoreFailed(Cid piece, Exception exception);
}
