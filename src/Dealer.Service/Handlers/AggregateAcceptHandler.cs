using Dealer.Service.Capabilities;
using Dealer.Service.Tracking;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Server;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Handlers;

/// <summary>
/// <c>aggregate/accept</c> (@web3-storage/capabilities 18): the deal report of <c>deal/add</c> in the shape
/// @web3-storage/filecoin-api's dealer gives it — <c>ok {aggregate, dataSource: {dealID}, dataType: 0}</c> once the deal
/// tracker knows the deal, <c>InvalidPiece</c> (the @storacha/capabilities failure, <see cref="InvalidPieceFailure"/>)
/// when the broker refused the aggregate, <c>DealPending</c> before.
/// </summary>
/// <remarks>
/// Like filecoin-api (and unlike <c>deal/add</c>), any invoker authorized for <c>aggregate/accept</c> on the dealer's
/// DID may ask: the answer only reports the tracker's verdict and changes nothing, and an error receipt is never
/// replayed, so nobody can fix an early answer. The dealer's own invocation (the <c>fx.join</c> of
/// <c>aggregate/offer</c>) is issued by the cron once the verdict is known.
/// </remarks>
public sealed partial class AggregateAcceptHandler
{
    private readonly IDealTracker _tracker;
    private readonly ILogger<AggregateAcceptHandler> _logger;

    /// <summary>Creates the handler over the dealer's deal tracker.</summary>
    public AggregateAcceptHandler(IDealTracker tracker, ILogger<AggregateAcceptHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(logger);
        _tracker = tracker;
        _logger = logger;
    }

    /// <summary>Handles one authorized <c>aggregate/accept</c> invocation.</summary>
    public async ValueTask<HandlerResult> HandleAsync(InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (DealerResource.Check(context) is { } unsupported)
        {
            return unsupported;
        }

        var aggregate = context.Capability.Nb.GetValueOrDefault(DealNb.AggregateField) as Cid
            ?? throw new FormatException("nb.aggregate must be a link.");
        var (status, failure) = await TrackerQuery.AskAsync(_tracker, aggregate, e => LogTrackerFailed(aggregate, e), cancellationToken)
            .ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        switch (status)
        {
            case DealStatusReport.ApprovedReport approved:
                LogApproved(aggregate, approved.DealId);
                return HandlerResult.Ok(new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    [DealNb.AggregateField] = aggregate,
                    ["dataSource"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["dealID"] = approved.DealId },
                    // filecoin-api answers dataType 0n: the data source is a Filecoin deal.
                    ["dataType"] = 0L,
                });
            case DealStatusReport.RejectedReport rejected:
                return HandlerResult.Error(new InvalidPieceFailure(aggregate, rejected.Reason, rejected.Pieces.Select(Cid.Parse).ToList()));
            default:
                return Fail(DealerErrors.DealPending, $"no deals were obtained for aggregate {aggregate} yet");
        }
    }

    private static HandlerResult Fail(string name, string message) => HandlerResult.Error(new DealerFailure(name, message));

    [LoggerMessage(Level = LogLevel.Information, Message = "aggregate/accept: {Aggregate} is in deal {DealId}")]
    private partial void LogApproved(Cid aggregate, long dealId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "aggregate/accept: the deal tracker failed for {Aggregate}")]
    private partial void LogTrackerFailed(Cid aggregate, Exception exception);
}
