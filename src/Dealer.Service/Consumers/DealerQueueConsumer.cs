using Dealer.Service.Hosting;
using System.Diagnostics;
using Dealer.Service.Configuration;
using Dealer.Service.Observability;
using Dealer.Store.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Consumers;

/// <summary>
/// Moves offers from the dealer-queue into the deal-store as OFFERED. The insert is conditional, so a message
/// delivered twice (at-least-once queue, competing consumers, a crash before the delete) records the deal once; the
/// message is deleted only after the row exists. Failures leave the message to be delivered again; a store outage
/// never pushes an offer into the dead-letter queue (see <see cref="RequeueQuietlyAsync"/>), where only messages that
/// can never succeed end after the configured number of receives.
/// </summary>
internal sealed partial class DealerQueueConsumer : DealerBackgroundService
{
    private static readonly TimeSpan IdleDelay = TimeSpan.FromMilliseconds(200);

    // After a batch that was not full, let the next one gather: fewer, larger batches cost the writer less per message
    // (one unit, fewer pages written), and at full load a batch fills in far less than this.
    private static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(50);
    private readonly DealerStores _stores;
    private readonly DealerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<DealerQueueConsumer> _logger;
    private readonly DealerMetrics? _metrics;

    /// <summary>Creates the consumer; <paramref name="metrics"/> gets batch durations and failures.</summary>
    public DealerQueueConsumer(DealerStores stores, DealerOptions options, TimeProvider clock, ILogger<DealerQueueConsumer> logger,
        DealerMetrics? metrics = null)
    {
        _stores = stores;
        _options = options;
        _clock = clock;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>Receives one batch and processes it.</summary>
    /// <returns>How many messages were recorded and deleted.</returns>
    public async Task<int> ProcessBatchAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (_stores.Recorder is { } recorder)
        {
            return await RecordBatchAsync(recorder, wait, cancellationToken).ConfigureAwait(false);
        }

        var messages = await _stores.Queue.ReceiveAsync(_options.ConsumerBatchSize, wait, cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        // The messages of a batch are recorded concurrently: the embedded store's writer commits their inserts
        // together (one transaction), the AWS store sends the PutItem calls side by side. One delete ends the batch.
        var processed = await Task.WhenAll(messages.Select(message => ProcessAsync(message, cancellationToken))).ConfigureAwait(false);
        var done = messages.Where((_, i) => processed[i]).ToList();

        if (done.Count > 0)
        {
            await _stores.Queue.DeleteAsync(done, cancellationToken).ConfigureAwait(false);
        }

        if (messages.Count > 0)
        {
            _metrics?.RecordConsumerBatch(Stopwatch.GetElapsedTime(started));
        }

        return done.Count;
    }

    /// <summary>
    /// The backend receives, records and deletes a batch in one transaction (the embedded store); a failure leaves
    /// every message as it was, so only malformed messages and those naming no offer ever count towards the dead letters.
    /// </summary>
    private async Task<int> RecordBatchAsync(IOfferedDealRecorder recorder, TimeSpan wait, CancellationToken cancellationToken)
    {
        // Receiving is recording here, so a batch's duration includes the wait for its first message.
        var started = Stopwatch.GetTimestamp();
        var deliveries = await recorder.RecordOfferedAsync(_options.ConsumerBatchSize, wait, _clock.GetUtcNow, cancellationToken)
            .ConfigureAwait(false);
        var done = 0;
        foreach (var delivery in deliveries)
        {
            switch (delivery.Outcome)
            {
                case OfferedOutcome.Recorded:
                    done++;
                    LogRecorded(delivery.Aggregate);
                    break;
                case OfferedOutcome.AlreadyRecorded:
                    done++;
                    LogAlreadyRecorded(delivery.Aggregate);
                    break;
                case OfferedOutcome.Malformed:
                    _metrics?.RecordConsumerFailure(DealerMetrics.MalformedMessage);
                    LogMalformed(delivery.MessageId, delivery.ReceiveCount);
                    break;
                default:
                    _metrics?.RecordConsumerFailure(DealerMetrics.UnknownOffer);
                    LogUnknownOffer(delivery.MessageId, delivery.Aggregate, delivery.ReceiveCount);
                    break;
            }
        }

        if (deliveries.Count > 0)
        {
            _metrics?.RecordConsumerBatch(Stopwatch.GetElapsedTime(started));
        }

        return done;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var processed = await ProcessBatchAsync(_options.ConsumerWait, stoppingToken).ConfigureAwait(false);
                if (processed == 0 && _options.ConsumerWait == TimeSpan.Zero)
                {
                    await Task.Delay(IdleDelay, _clock, stoppingToken).ConfigureAwait(false);
                }
                else if (processed > 0 && processed < _options.ConsumerBatchSize)
                {
                    await Task.Delay(GatherDelay, _clock, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (StoreException e)
            {
                // The queue or store is unreachable: back off and try again; nothing was deleted.
                _metrics?.RecordConsumerFailure(DealerMetrics.QueueFailure);
                LogQueueUnavailable(e);
                await DelayQuietlyAsync(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> ProcessAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        if (!DealerQueueMessage.TryParse(message.Body, out var aggregate))
        {
            // Left on the queue: it reaches the dead-letter queue after the configured receives.
            _metrics?.RecordConsumerFailure(DealerMetrics.MalformedMessage);
            LogMalformed(message.Id, message.ReceiveCount);
            return false;
        }

        try
        {
            var offer = await _stores.Offers.FindAsync(aggregate, cancellationToken).ConfigureAwait(false);
            if (offer is null)
            {
                _metrics?.RecordConsumerFailure(DealerMetrics.UnknownOffer);
                LogUnknownOffer(message.Id, aggregate, message.ReceiveCount);
                return false;
            }

            var now = _clock.GetUtcNow();
            var inserted = await _stores.Deals.InsertAsync(new DealRecord
            {
                Aggregate = offer.Aggregate,
                Storefront = offer.Storefront,
                Offer = _stores.Offers.UriFor(offer.Key).AbsoluteUri,
                PiecesLink = offer.PiecesLink,
                Tenant = offer.Tenant,
                Label = offer.Label,
                Status = DealStatus.Offered,
                InsertedAt = now,
                UpdatedAt = now,
            }, cancellationToken).ConfigureAwait(false);
            if (inserted)
            {
                LogRecorded(aggregate);
            }
            else
            {
                LogAlreadyRecorded(aggregate);
            }

            return true;
        }
        catch (StoreException e)
        {
            _metrics?.RecordConsumerFailure(DealerMetrics.StoreFailure);
            LogRetry(e, message.Id, aggregate, message.ReceiveCount);
            if (message.ReceiveCount >= _stores.Queue.MaxReceives - 1 && await RequeueQuietlyAsync(message, cancellationToken).ConfigureAwait(false))
            {
                // A fresh copy carries the offer on; this delivery is deleted with the batch.
                return true;
            }

            await ReleaseQuietlyAsync(message, RetryDelay(message.ReceiveCount), cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>
    /// An accepted offer must not end in the dead-letter queue because a store was down for a while: before its last
    /// receive, the message is put back as a new one (recording is idempotent, so a copy is harmless). Only messages
    /// that can never succeed (malformed, or naming no registered offer) reach the dead letters.
    /// </summary>
    private async Task<bool> RequeueQuietlyAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _stores.Queue.EnqueueAsync(message.Body, RetryDelay(message.ReceiveCount), cancellationToken).ConfigureAwait(false);
            LogRequeued(message.Id, message.ReceiveCount);
            return true;
        }
        catch (StoreException e)
        {
            LogRequeueFailed(e, message.Id);
            return false;
        }
    }

    private static TimeSpan RetryDelay(int receiveCount) =>
        TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Max(0, receiveCount - 1))));

    private async Task ReleaseQuietlyAsync(QueueMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await _stores.Queue.ReleaseAsync(message, delay, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreException e)
        {
            // The visibility timeout brings the message back anyway.
            LogReleaseFailed(e, message.Id);
        }
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _clock, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded deal {Aggregate} as OFFERED")]
    private partial void LogRecorded(string aggregate);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deal {Aggregate} was already recorded; deleting the duplicate message")]
    private partial void LogAlreadyRecorded(string aggregate);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malformed dealer-queue message {MessageId} (receive {ReceiveCount}); left to dead-letter")]
    private partial void LogMalformed(string messageId, int receiveCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dealer-queue message {MessageId} names unknown aggregate {Aggregate} (receive {ReceiveCount}); left to dead-letter")]
    private partial void LogUnknownOffer(string messageId, string aggregate, int receiveCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {Aggregate} from message {MessageId} failed (receive {ReceiveCount}); retrying")]
    private partial void LogRetry(Exception exception, string messageId, string aggregate, int receiveCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing message {MessageId} failed; it reappears after the visibility timeout")]
    private partial void LogReleaseFailed(Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} failed {ReceiveCount} times for a passing reason; put back as a new message to keep it out of the dead letters")]
    private partial void LogRequeued(string messageId, int receiveCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Putting message {MessageId} back on the queue failed; it is retried as it is")]
    private partial void LogRequeueFailed(Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The dealer-queue is unavailable; retrying")]
    private partial void LogQueueUnavailable(Exception exception);
}
