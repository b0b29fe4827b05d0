namespace Dealer.Store.Abstractions;

/// <summary>The deal-store: one row per aggregate, with a secondary index on <c>stat</c>.</summary>
public interface IDealStore
{
    /// <summary>Inserts <paramref name="deal"/> unless a row for its aggregate exists (conditional insert).</summary>
    /// <returns>True when inserted, false when the aggregate was already recorded.</returns>
    Task<bool> InsertAsync(DealRecord deal, CancellationToken cancellationToken = default);

    /// <summary>The row for <paramref name="aggregate"/>, or null.</summary>
    Task<DealRecord?> GetAsync(string aggregate, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the row from <paramref name="expected"/> to <paramref name="update"/>'s status, setting its deal id,
    /// provider, reason and <c>UpdatedAt</c>, only if the row is still in <paramref name="expected"/> (conditional update).
    /// </summary>
    /// <returns>True when this call made the transition.</returns>
    Task<bool> TransitionAsync(string aggregate, DealStatus expected, DealTransition update, CancellationToken cancellationToken = default);

    /// <summary>A page of rows with the given status, read through the <c>stat</c> index (never a full scan).</summary>
    Task<DealPage> ListByStatusAsync(DealStatus status, string? cursor, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many rows have <paramref name="status"/> and when the oldest of them was inserted, read through the
    /// <c>stat</c> index (a count over the index, never a read of the rows). On DynamoDB the index is eventually
    /// consistent, so the summary may lag a moment behind inserts and transitions.
    /// </summary>
    Task<DealStatusSummary> SummarizeAsync(DealStatus status, CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="IDealStore.SummarizeAsync"/> returns.</summary>
/// <param name="Count">How many rows have the status.</param>
/// <param name="OldestInsertedAt">When the oldest of them was inserted; null when there is none.</param>
public sealed record DealStatusSummary(long Count, DateTimeOffset? OldestInsertedAt);

/// <summary>The new state of a deal in <see cref="IDealStore.TransitionAsync"/>.</summary>
/// <param name="Status">The new status.</param>
/// <param name="At">When the transition happened.</param>
/// <param name="DealId">The deal id when approved.</param>
/// <param name="Provider">The provider when approved.</param>
/// <param name="Reason">The reason when rejected.</param>
public sealed record DealTransition(DealStatus Status, DateTimeOffset At, long? DealId = null, string? Provider = null, string? Reason = null);
