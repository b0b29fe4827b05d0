using Dealer.Store.Abstractions;

namespace Dealer.Service.Tracking;

/// <summary>
/// Tells the dealer what became of an aggregate it offered to the broker. The embedded default reads the operator
/// ledger (<see cref="LedgerDealTracker"/>); a tracker speaking the w3filecoin <c>deal/info</c> protocol can replace it.
/// </summary>
internal interface IDealTracker
{
    /// <summary>How many single questions <see cref="GetStatusesAsync"/> keeps in flight when a tracker has no batch form.</summary>
    const int BatchConcurrency = 16;

    /// <summary>The broker's verdict on <paramref name="aggregate"/> so far.</summary>
    Task<DealStatusReport> GetStatusAsync(string aggregate, CancellationToken cancellationToken = default);

    /// <summary>
    /// The verdicts on many aggregates at once, in their order; an aggregate the tracker could not answer for carries
    /// the <see cref="StoreException"/> of its own question instead. A tracker without a batch form asks
    /// <see cref="GetStatusAsync"/> for each, at most <see cref="BatchConcurrency"/> at a time.
    /// </summary>
    /// <exception cref="StoreException">The tracker could not answer for any of them (a batch form failed).</exception>
    async Task<IReadOnlyList<TrackerAnswer>> GetStatusesAsync(IReadOnlyList<string> aggregates,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregates);
        var reports = new TrackerAnswer[aggregates.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, aggregates.Count),
            new ParallelOptions { MaxDegreeOfParallelism = BatchConcurrency, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                try
                {
                    reports[i] = new TrackerAnswer(await GetStatusAsync(aggregates[i], token).ConfigureAwait(false), null);
                }
                catch (StoreException e)
                {
                    reports[i] = new TrackerAnswer(null, e);
                }
            }).ConfigureAwait(false);
        return reports;
    }
}

/// <summary>One answer of <see cref="IDealTracker.GetStatusesAsync"/>: the verdict, or why there is none.</summary>
internal readonly record struct TrackerAnswer(DealStatusReport? Report, StoreException? Failure);
