using Dealer.Store.Abstractions;

namespace Dealer.Service.Tests.Support;

/// <summary>The real dealer-queue behind a switch that simulates an outage (every call throws while it is down).</summary>
internal sealed class SwitchableQueue : IDealerQueue
{
    private readonly IDealerQueue _inner;

    public SwitchableQueue(IDealerQueue inner) => _inner = inner;

    public int MaxReceives => _inner.MaxReceives;

    public bool Down { get; set; }

    public Task EnqueueAsync(string body, CancellationToken cancellationToken = default) =>
        Down ? throw Outage() : _inner.EnqueueAsync(body, cancellationToken);

    public Task EnqueueAsync(string body, TimeSpan delay, CancellationToken cancellationToken = default) =>
        Down ? throw Outage() : _inner.EnqueueAsync(body, delay, cancellationToken);

    public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int max, TimeSpan wait, CancellationToken cancellationToken = default) =>
        Down ? throw Outage() : _inner.ReceiveAsync(max, wait, cancellationToken);

    public Task DeleteAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken = default) =>
        Down ? throw Outage() : _inner.DeleteAsync(messages, cancellationToken);

    public Task ReleaseAsync(QueueMessage message, TimeSpan delay, CancellationToken cancellationToken = default) =>
        Down ? throw Outage() : _inner.ReleaseAsync(message, delay, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        Down ? throw Outage() : _inner.CountAsync(cancellationToken);

    private static QueueException Outage() => new("the dealer-queue is unreachable", isTransient: true);
}
