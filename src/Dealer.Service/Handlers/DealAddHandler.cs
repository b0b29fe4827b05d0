using Dealer.Service.Capabilities;
using Dealer.Service.Tracking;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Server;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Handlers;

/// <summary>
/// <c>deal/add</c>: the dealer's own report of a deal's fate, self-invoked by the cron once the deal tracker knows it.
/// Approved → <c>ok {aggregate, dataSource: {dealID}}</c>; rejected → <c>DealRejected</c>; undecided →
/// <c>DealPending</c>, so that nobody can obtain an early answer.
/// </summary>
public sealed partial class DealAddHandler
{
    private readonly IDealTracker _tracker;
    private readonly ILogger<DealAddHandler> _logger;

    /// <summary>Creates the handler.</summary>
    public DealAddHandler(IDealTracker tracker, ILogger<DealAddHandler> logger)
    {
        _tracker = tracker;
        _logger = logger;
    }

    /// <summary>Handles one authorized <c>deal/add</c> invocation.</summary>
    public async ValueTask<HandlerResult> HandleAsync(InvocationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dealer = context.Id.Did;
        if (!string.Equals(context.Invocation.Issuer, dealer, StringComparison.Ordinal))
        {
            // A delegation could let someone else invoke deal/add; the report must come from the dealer itself.
            return Fail(DealerErrors.Unauthorized,
                $"{context.Capability.Can} is only invoked by the dealer itself ({dealer}), not by {context.Invocation.Issuer}");
        }

        if (DealerResource.Check(context) is { } unsupported)
        {
            return unsupported;
        }

        var nb = DealNb.FromIpld(context.Capability.Nb);
        var (status, failure) = await TrackerQuery.AskAsync(_tracker, nb.Aggregate, e => LogTrackerFailed(nb.Aggregate, e), cancellationToken)
            .ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        switch (status)
        {
            case DealStatusReport.ApprovedReport approved:
                LogApproved(nb.Aggregate, approved.DealId, approved.Provider);
                return HandlerResult.Ok(new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    [DealNb.AggregateField] = nb.Aggregate,
                    ["dataSource"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["dealID"] = approved.DealId },
                });
            case DealStatusReport.RejectedReport rejected:
                LogRejected(nb.Aggregate, rejected.Reason);
                return Fail(DealerErrors.DealRejected, rejected.Reason);
            default:
                return Fail(DealerErrors.DealPending, $"the broker has not decided on aggregate {nb.Aggregate} yet");
        }
    }

    private static HandlerResult Fail(string name, string message) => HandlerResult.Error(new DealerFailure(name, message));

    [LoggerMessage(Level = LogLevel.Information, Message = "deal/add: {Aggregate} is in deal {DealId} with {Provider}")]
    private partial void LogApproved(Cid aggregate, long dealId, string provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "deal/add: {Aggregate} was rejected: {Reason}")]
    private partial void LogRejected(Cid aggregate, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "deal/add: the deal tracker failed for {Aggregate}")]
    private partial void LogTrackerFailed(Cid aggregate, Exception exception);
}
