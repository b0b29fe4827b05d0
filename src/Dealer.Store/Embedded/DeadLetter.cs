namespace Dealer.Store.Embedded;

/// <summary>A dealer-queue message that was moved aside after too many deliveries.</summary>
/// <param name="Id">The message id it had on the queue.</param>
/// <param name="Body">The message body.</param>
/// <param name="ReceiveCount">How many times it was delivered before it was moved.</param>
/// <param name="EnqueuedAt">When it was enqueued.</param>
/// <param name="DeadLetteredAt">When it was moved to the dead-letter table.</param>
public sealed record DeadLetter(string Id, string Body, int ReceiveCount, DateTimeOffset EnqueuedAt, DateTimeOffset DeadLetteredAt);
