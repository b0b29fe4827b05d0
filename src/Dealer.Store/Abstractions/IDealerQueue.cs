namespace Dealer.Store.Abstractions;

/// <summary>
/// The dealer-queue: durable, at-least-once, with a visibility timeout, a receive count and a dead-letter queue
/// after a configured number of receives. Consumers must be idempotent.
/// </summary>
public interface IDealerQueue
{
    /// <summary>
    /// How many times a message is received before it goes to the dead-letter queue instead (the SQS redrive
    /// policy's <c>maxReceiveCount</c>). A consumer that fails for a passing reason re-enqueues a message before its
    /// last receive, so that only messages that can never succeed end there.
    /// </summary>
    int MaxReceives { get; }

    /// <summary>Appends a message.</summary>
    /// <exception cref="QueueException">The queue could not be reached or refused the message.</exception>
    Task EnqueueAsync(string body, CancellationToken cancellationToken = default);

    /// <summary>Appends a message that becomes visible only after <paramref name="delay"/> (at most 15 minutes, the SQS limit).</summary>
    /// <exception cref="QueueException">The queue could not be reached or refused the message.</exception>
    Task EnqueueAsync(string body, TimeSpan delay, CancellationToken cancellationToken = default);

    /// <summary>
    /// Receives up to <paramref name="max"/> visible messages, waiting up to <paramref name="wait"/> for the first
    /// one (long polling). Each received message is hidden for the visibility timeout.
    /// </summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int max, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>Deletes received messages (after they have been processed).</summary>
    Task DeleteAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>Makes a received message visible again after <paramref name="delay"/> (a retry).</summary>
    Task ReleaseAsync(QueueMessage message, TimeSpan delay, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many messages the queue holds: visible, in flight and delayed, dead letters not included (SQS: its
    /// approximate counts, so a count may lag a send or a delete by a moment). One cheap read, for the depth gauge.
    /// </summary>
    /// <exception cref="QueueException">The queue could not be reached.</exception>
    Task<long> CountAsync(CancellationToken cancellationToken = default);
}

/// <summary>A received queue message.</summary>
/// <param name="Id">The message id.</param>
/// <param name="ReceiptHandle">The handle that deletes or releases this delivery.</param>
/// <param name="Body">The message body.</param>
/// <param name="ReceiveCount">How many times the message has been received, this time included.</param>
public sealed record QueueMessage(string Id, string ReceiptHandle, string Body, int ReceiveCount);
