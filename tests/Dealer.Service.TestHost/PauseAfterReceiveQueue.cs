using System.Globalization;
using Dealer.Store.Abstractions;

namespace Dealer.Service.TestHost;

/// <summary>
/// The dealer-queue, except that a receive that got messages announces it on stderr and then waits before handing
/// them to the consumer. A crash test kills the process in that window, so a message is received but neither recorded
/// nor deleted, which is the crash the queue's redelivery must cover.
/// </summary>
internal sealed class PauseAfterReceiveQueue : IDealerQueue
{
    /// <summary>The line prefix the hook writes to stderr after a receive.</summary>
    public const string Announcement = "dealer-test-host: received";

    /// <summary>Returns <paramref name="stores"/> with its dealer-queue paused after each receive.</summary>
    public static DealerStores Wrap(DealerStores stores, TimeSpan pause, TextWriter announce) =>
        new(stores.Offers, stores.Deals, stores.Receipts, new PauseAfterReceiveQueue(stores.Queue, pause, announce),
            stores.Revocations, stores.Ledger, stores.DisposeAsync, stores.DeadLetters, stores.Committer);

    private readonly IDealerQueue _inner;
    private readonly TimeSpan _pause;
    private readonly TextWriter _announce;

    public PauseAfterReceiveQueue(IDealerQueue inner, TimeSpan pause, TextWriter announce)
    {
        _inner = inner;
        _pause = pause;
        _announce = announce;
    }

    public int MaxReceives => _inner.MaxReceives;

    public Task EnqueueAsync(string body, CancellationToken cancellationToken = default) =>
        _inner.EnqueueAsync(body, cancellationToken);

    public Task EnqueueAsync(string body, TimeSpan delay, CancellationToken cancellationToken = default) =>
        _inner.EnqueueAsync(body, delay, cancellationToken);

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int max, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var messages = await _inner.ReceiveAsync(max, wait, cancellationToken).ConfigureAwait(false);
        if (messages.Count > 0)
        {
            await _announce.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{Announcement} {messages.Count} message(s) ({string.Join(", ", messages.Select(m => m.Body))}); pausing {_pause.TotalSeconds} s")).ConfigureAwait(false);
            await _announce.FlushAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(_pause, cancellationToken).ConfigureAwait(false);
        }

        return messages;
    }

    public Task DeleteAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken = default) =>
        _inner.DeleteAsync(messages, cancellationToken);

    public Task ReleaseAsync(QueueMessage message, TimeSpan delay, CancellationToken cancellationToken = default) =>
        _inner.ReleaseAsync(message, delay, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) => _inner.CountAsync(cancellationToken);
}
