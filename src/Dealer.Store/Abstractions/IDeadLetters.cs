namespace Dealer.Store.Abstractions;

/// <summary>
/// The dealer-queue's dead letters: messages received <see cref="IDealerQueue.MaxReceives"/> times without being
/// deleted. An operator inspects them and, once the cause is fixed, redrives them onto the queue.
/// </summary>
public interface IDeadLetters
{
    /// <summary>How many dead letters there are (SQS: approximate, visible plus in-flight).</summary>
    /// <exception cref="QueueException">The dead letters could not be reached.</exception>
    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> dead letters, oldest first where the backend orders them.</summary>
    /// <remarks>
    /// SQS has no peek: listing receives the messages with a short visibility timeout and releases them at once, so
    /// they are briefly invisible to a concurrent list or redrive, and each listing raises their receive count.
    /// </remarks>
    /// <exception cref="QueueException">The dead letters could not be reached.</exception>
    Task<IReadOnlyList<DeadLetter>> ListAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves up to <paramref name="max"/> dead letters back onto the dealer-queue as fresh messages (receive count 0,
    /// visible at once) and removes them from the dead letters; returns how many were moved.
    /// </summary>
    /// <remarks>
    /// At least once: where the move is not one transaction (SQS), a failure between putting a message back and
    /// removing it from the dead letters leaves it in both, and a later redrive enqueues it again. Consumers of the
    /// dealer-queue are idempotent, so a duplicate costs only a second delivery.
    /// </remarks>
    /// <exception cref="QueueException">The queue or the dead letters could not be reached.</exception>
    Task<int> RedriveAsync(int max, CancellationToken cancellationToken = default);
}
