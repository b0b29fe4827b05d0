namespace Dealer.Store.Abstractions;

/// <summary>
/// A backend whose dealer-queue and deal-store share one database can move queued offers into the deal-store itself:
/// receive, record the deal as OFFERED and delete the message in one transaction, reading of each offer only what a
/// deal row needs. The consumer uses it when the backend has it and otherwise receives, records and deletes through
/// <see cref="IDealerQueue"/> and <see cref="IDealStore"/>.
/// </summary>
public interface IOfferedDealRecorder
{
    /// <summary>
    /// Takes up to <paramref name="max"/> visible messages, waiting up to <paramref name="wait"/> for the first one,
    /// and in one transaction records the deal of each well-formed message naming a registered offer (conditionally, so
    /// a deal recorded before is kept) and deletes that message. A malformed message, or one naming no registered
    /// offer, is received instead (hidden for the visibility timeout, its receive count raised), so that it reaches
    /// the dead letters after the configured receives like any message that never succeeds. A message already received
    /// that many times moves to the dead letters and is not returned.
    /// </summary>
    /// <param name="max">At most this many messages.</param>
    /// <param name="wait">How long to wait for a first message; zero returns at once.</param>
    /// <param name="recordedAt">The deals' insertion and update time.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>What became of each message, in queue order; empty when none arrived in time.</returns>
    /// <exception cref="StoreException">The transaction failed: nothing of it is written, every message stays as it was.</exception>
    Task<IReadOnlyList<OfferedDelivery>> RecordOfferedAsync(int max, TimeSpan wait, Func<DateTimeOffset> recordedAt,
        CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="IOfferedDealRecorder.RecordOfferedAsync"/> did with one message.</summary>
public enum OfferedOutcome
{
    /// <summary>The deal was recorded as OFFERED and the message deleted.</summary>
    Recorded,

    /// <summary>The deal existed already (a duplicate message); the message was deleted.</summary>
    AlreadyRecorded,

    /// <summary>The body names no aggregate; the message was received and left to dead-letter.</summary>
    Malformed,

    /// <summary>No offer is registered for the aggregate; the message was received and left to dead-letter.</summary>
    UnknownOffer,
}

/// <summary>One message of <see cref="IOfferedDealRecorder.RecordOfferedAsync"/>: its id, receive count (this delivery
/// included), the aggregate it names (empty when malformed) and what was done.</summary>
public sealed record OfferedDelivery(string MessageId, int ReceiveCount, string Aggregate, OfferedOutcome Outcome);
