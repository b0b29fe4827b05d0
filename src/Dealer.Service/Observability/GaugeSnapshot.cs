using Dealer.Store.Abstractions;

namespace Dealer.Service.Observability;

/// <summary>
/// What the store-reading gauges report until the next refresh. A null value (or a status missing from
/// <see cref="Deals"/>) could not be read at the last refresh, and its series is left out rather than shown stale.
/// </summary>
/// <param name="At">When the snapshot was taken; null for the empty one before the first refresh.</param>
/// <param name="QueueMessages">Messages on the dealer-queue.</param>
/// <param name="DeadLetters">Dead letters.</param>
/// <param name="Deals">Deals by status: count and oldest insert.</param>
/// <param name="Ready">1 when the readiness checks passed, 0 when not.</param>
internal sealed record GaugeSnapshot(
    DateTimeOffset? At, long? QueueMessages, long? DeadLetters, IReadOnlyDictionary<DealStatus, DealStatusSummary> Deals, long? Ready)
{
    /// <summary>Nothing read yet.</summary>
    public static GaugeSnapshot Empty { get; } = new(null, null, null, new Dictionary<DealStatus, DealStatusSummary>(), null);
}
