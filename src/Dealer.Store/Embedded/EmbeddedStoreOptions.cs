namespace Dealer.Store.Embedded;

/// <summary>Settings of the embedded (SQLite and files) store backend.</summary>
public sealed class EmbeddedStoreOptions
{
    /// <summary>How long a received dealer-queue message stays hidden from other consumers. Default 30 s.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times a message is delivered at most; the receive that would exceed this moves it to the
    /// dead-letter table instead. Default 5.
    /// </summary>
    public int MaxReceives { get; init; } = 5;

    /// <summary>
    /// How long an operation waits for another connection or process that holds the database write lock before it
    /// fails with a transient <see cref="Abstractions.StoreException"/>. Default 5 s.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a long-polling receive looks for new messages. Default 100 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The clock for timestamps, visibility and long-poll waits. Tests pass a fake one; with a fake clock a
    /// long-polling receive only ends when the test advances it.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(VisibilityTimeout, TimeSpan.Zero, nameof(VisibilityTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReceives, 1, nameof(MaxReceives));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(BusyTimeout, TimeSpan.Zero, nameof(BusyTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
