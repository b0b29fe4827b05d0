using Dealer.Service.Tracking;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Results;
using Dealer.Ucan.Server;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Handlers;

/// <summary>
/// The deal report, one piece of code under its two names: <c>deal/add</c> (the dealer's own report of a deal's fate,
/// self-invoked by the cron once the deal tracker knows it) and <c>aggregate/accept</c> (the same report in the shape
/// @web3-storage/filecoin-api's dealer gives it). Approved → <see cref="DealReport"/> (written by each capability's
/// ok writer: <c>{aggregate, dataSource: {dealID}}</c>, plus <c>dataType: 0</c> for <c>aggregate/accept</c>);
/// rejected → <c>DealRejected</c>, or for <c>aggregate/accept</c> <c>InvalidPiece</c> (the @storacha/capabilities
/// failure, <see cref="InvalidPieceFailure"/>); undecided → <c>DealPending</c>, so that nobody can obtain an early
/// answer.
/// </summary>
/// <remarks>
/// <c>deal/add</c> is only answered to the dealer itself. Like filecoin-api, any invoker authorized for
/// <c>aggregate/accept</c> on the dealer's DID may ask: the answer only reports the tracker's verdict and changes
/// nothing, and an error receipt is never replayed, so nobody can fix an early answer. The dealer's own
/// <c>aggregate/accept</c> (the <c>fx.join</c> of <c>aggregate/offer</c>) is issued by the cron once the verdict is known.
/// </remarks>
internal sealed partial class DealReportHandler
{
    private readonly IDealTracker _tracker;
    private readonly ILogger<DealReportHandler> _logger;

    /// <summary>Creates the handler over the dealer's deal tracker.</summary>
    public DealReportHandler(IDealTracker tracker, ILogger<DealReportHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(logger);
        _tracker = tracker;
        _logger = logger;
    }

    /// <summary>Handles one authorized <c>deal/add</c> invocation.</summary>
    public ValueTask<HandlerResult<DealReport>> AddAsync(InvocationContext<DealCaveats> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dealer = context.Id.Did;
        if (!string.Equals(context.Invocation.Issuer, dealer, StringComparison.Ordinal))
        {
            // A delegation could let someone else invoke deal/add; the report must come from the dealer itself.
            return ValueTask.FromResult<HandlerResult<DealReport>>(new DealerFailure(DealerErrors.Unauthorized,
                $"{context.Capability.Can} is only invoked by the dealer itself ({dealer}), not by {context.Invocation.Issuer}"));
        }

        return ReportAsync(context, context.Caveats.Aggregate, AddAnswer, cancellationToken);
    }

    /// <summary>Handles one authorized <c>aggregate/accept</c> invocation.</summary>
    public ValueTask<HandlerResult<DealReport>> AcceptAsync(InvocationContext<AggregateCaveats> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ReportAsync(context, context.Caveats.Aggregate, AcceptAnswer, cancellationToken);
    }

    /// <summary>
    /// The <c>deal/add</c> answer for the tracker's <paramref name="status"/>: what the handler returns to the dealer,
    /// and what the cron issues for its own <c>deal/add</c> without dispatching it.
    /// </summary>
    internal static HandlerResult<DealReport> AddAnswer(Cid aggregate, DealStatusReport? status) => status switch
    {
        DealStatusReport.ApprovedReport approved => HandlerResult<DealReport>.Ok(new DealReport(aggregate, approved.DealId)),
        DealStatusReport.RejectedReport rejected => new DealerFailure(DealerErrors.DealRejected, rejected.Reason),
        _ => new DealerFailure(DealerErrors.DealPending, $"the broker has not decided on aggregate {aggregate} yet"),
    };

    /// <summary>
    /// The <c>aggregate/accept</c> answer for the tracker's <paramref name="status"/>: what the handler returns, and
    /// what the cron issues for its own <c>aggregate/accept</c> without dispatching it.
    /// </summary>
    internal static HandlerResult<DealReport> AcceptAnswer(Cid aggregate, DealStatusReport? status) => status switch
    {
        DealStatusReport.ApprovedReport approved => HandlerResult<DealReport>.Ok(new DealReport(aggregate, approved.DealId)),
        DealStatusReport.RejectedReport rejected =>
            new InvalidPieceFailure(aggregate, rejected.Reason, rejected.Pieces.Select(Cid.Parse).ToList()),
        _ => new DealerFailure(DealerErrors.DealPending, $"no deals were obtained for aggregate {aggregate} yet"),
    };

    private async ValueTask<HandlerResult<DealReport>> ReportAsync(InvocationContext context, Cid aggregate,
        Func<Cid, DealStatusReport?, HandlerResult<DealReport>> answer, CancellationToken cancellationToken)
    {
        var ability = context.Capability.Can;
        if (DealerResource.Check(context) is { } unsupported)
        {
            return unsupported;
        }

        var (status, failure) = await TrackerQuery.AskAsync(_tracker, aggregate, e => LogTrackerFailed(ability, aggregate, e), cancellationToken)
            .ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        switch (status)
        {
            case DealStatusReport.ApprovedReport approved:
                LogApproved(ability, aggregate, approved.DealId, approved.Provider);
                break;
            case DealStatusReport.RejectedReport rejected:
                LogRejected(ability, aggregate, rejected.Reason);
                break;
        }

        return answer(aggregate, status);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Ability}: {Aggregate} is in deal {DealId} with {Provider}")]
    private partial void LogApproved(string ability, Cid aggregate, long dealId, string provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Ability}: {Aggregate} was rejected: {Reason}")]
    private partial void LogRejected(string ability, Cid aggregate, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Ability}: the deal tracker failed for {Aggregate}")]
    private partial void LogTrackerFailed(string ability, Cid aggregate, Exception exception);
}
