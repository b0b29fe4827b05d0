namespace Dealer.Store.Abstractions;

/// <summary>A dealer-queue message that was moved to the dead letters after <see cref="IDealerQueue.MaxReceives"/> deliveries.</summary>
/// <param name="Id">The message id (on the dead letters; the embedded backend keeps the queue's id).</param>
/// <param name="Body">The message body, unchanged.</param>
/// <param name="ReceiveCount">How many times it was delivered (SQS: approximate, and it counts peeks of the dead letters too).</param>
/// <param name="EnqueuedAt">When it was first enqueued, when the backend knows.</param>
/// <param name="DeadLetteredAt">When it was moved to the dead letters, when the backend knows (SQS does not say).</param>
public sealed record DeadLetter(string Id, string Body, int ReceiveCount, DateTimeOffset? EnqueuedAt, DateTimeOffset? DeadLetteredAt);
