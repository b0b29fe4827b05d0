using Dealer.Service.Tracking;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Ipld;

namespace Dealer.Service.Handlers;

/// <summary>
/// What <c>deal/add</c>, <c>aggregate/accept</c> and <c>deal/info</c> share: asking the deal tracker about an
/// aggregate, with a tracker or ledger that cannot answer turned into a named, retryable <c>StoreOperationFailed</c>
/// (the cron tries again on its next tick) rather than a <c>HandlerExecutionError</c>.
/// </summary>
internal static class TrackerQuery
{
    /// <summary>The tracker's report, or the failure to answer with when it could not be asked.</summary>
    public static async ValueTask<(DealStatusReport? Report, DealerFailure? Failure)> AskAsync(
        IDealTracker tracker, Cid aggregate, Action<Exception> onFailure, CancellationToken cancellationToken)
    {
        try
        {
            return (await tracker.GetStatusAsync(aggregate.ToString(), cancellationToken).ConfigureAwait(false), null);
        }
        catch (StoreException e)
        {
            onFailure(e);
            return (null, new DealerFailure(DealerErrors.StoreOperationFailed,
                $"the deal tracker could not say what became of {aggregate}: {e.Message}"));
        }
    }
}
