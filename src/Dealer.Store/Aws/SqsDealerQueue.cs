using System.Globalization;
using System.Threading.Channels;
using Amazon.SQS;
using Amazon.SQS.Model;
using Dealer.Store.Abstractions;

namespace Dealer.Store.Aws;

/// <summary>
/// The dealer-queue on SQS: long polling, a visibility timeout, batches of at most 10 (the SQS limit) and a
/// dead-letter queue through the redrive policy that <see cref="AwsResources.InitAsync"/> sets.
/// </summary>
internal sealed class SqsDealerQueue : IDealerQueue, IDisposable
{
    private const int MaxBatch = 10;
    private const int MaxWaitSeconds = 20;
    private const int MaxVisibilitySeconds = 43_200;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);
    // SendMessageBatch calls in flight at once; more sends wait and fill the next batches.
    private const int MaxBatchesInFlight = 8;
    private readonly IAmazonSQS _sqs;
    private readonly string _queueName;
    private readonly int _visibilityTimeoutSeconds;
    private readonly Channel<PendingSend> _sends = Channel.CreateUnbounded<PendingSend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _inFlight = new(MaxBatchesInFlight);
    private readonly Task _sender;
    private string? _queueUrl;

    public SqsDealerQueue(IAmazonSQS sqs, string queueName, TimeSpan visibilityTimeout, int maxReceives)
    {
        _sqs = sqs;
        _queueName = queueName;
        _visibilityTimeoutSeconds = (int)Math.Ceiling(visibilityTimeout.TotalSeconds);
        MaxReceives = maxReceives;
        // Idle until the first batched send: it waits on the channel, holding no thread.
        _sender = Task.Run(SendLoopAsync, CancellationToken.None);
    }

    /// <summary>
    /// Sends <paramref name="body"/> in a <c>SendMessageBatch</c> with the sends of concurrent callers (up to 10 per
    /// call, the SQS limit): a send waits for no timer, it joins whatever is waiting when a batch slot frees up, so a
    /// lone send costs one call and concurrent sends share calls. Completes when SQS has accepted this message.
    /// </summary>
    /// <exception cref="QueueException">SQS refused the message or could not be reached.</exception>
    public Task SendBatchedAsync(string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var send = new PendingSend(body);
        ObjectDisposedException.ThrowIf(!_sends.Writer.TryWrite(send), this);
        return send.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops taking batched sends after the ones queued so far.</summary>
    public async Task StopAsync()
    {
        _sends.Writer.TryComplete();
        await _sender.ConfigureAwait(false);
    }

    /// <summary>Releases the batch slots; call after <see cref="StopAsync"/>.</summary>
    public void Dispose() => _inFlight.Dispose();

    private async Task SendLoopAsync()
    {
        var reader = _sends.Reader;
        var sending = new List<Task>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await _inFlight.WaitAsync().ConfigureAwait(false);
            var batch = new List<PendingSend>(MaxBatch);
            while (batch.Count < MaxBatch && reader.TryRead(out var send))
            {
                batch.Add(send);
            }

            sending.RemoveAll(task => task.IsCompleted);
            sending.Add(SendBatchAsync(batch));
        }

        await Task.WhenAll(sending).ConfigureAwait(false);
    }

    private async Task SendBatchAsync(List<PendingSend> batch)
    {
        try
        {
            var url = await QueueUrlAsync(CancellationToken.None);
            var response = await _sqs.SendMessageBatchAsync(new SendMessageBatchRequest
            {
                QueueUrl = url,
                Entries = batch.Select((send, i) => new SendMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), send.Body)).ToList(),
            }, CancellationToken.None);
            foreach (var failed in response.Failed ?? [])
            {
                batch[int.Parse(failed.Id, CultureInfo.InvariantCulture)].Completion.TrySetException(new QueueException(
                    $"Sending to {_queueName} failed: {failed.Code} {failed.Message}", isTransient: failed.SenderFault != true));
            }

            foreach (var send in batch)
            {
                send.Completion.TrySetResult();
            }
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, CancellationToken.None))
        {
            var failure = AwsErrors.Queue(e, $"Sending to {_queueName}");
            foreach (var send in batch)
            {
                send.Completion.TrySetException(failure);
            }
        }
        catch (Exception e)
        {
            foreach (var send in batch)
            {
                send.Completion.TrySetException(e);
            }
        }
        finally
        {
            _inFlight.Release();
        }
    }

    /// <summary>The redrive policy's <c>maxReceiveCount</c> that <see cref="AwsResources.InitAsync"/> sets.</summary>
    public int MaxReceives { get; }

    public Task EnqueueAsync(string body, CancellationToken cancellationToken = default) =>
        EnqueueAsync(body, TimeSpan.Zero, cancellationToken);

    public async Task EnqueueAsync(string body, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(delay, MaxDelay);
        try
        {
            var url = await QueueUrlAsync(cancellationToken);
            await _sqs.SendMessageAsync(
                new SendMessageRequest { QueueUrl = url, MessageBody = body, DelaySeconds = (int)Math.Ceiling(delay.TotalSeconds) },
                cancellationToken);
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Queue(e, $"Sending to {_queueName}");
        }
    }

    /// <remarks>SQS returns at most 10 messages and waits at most 20 s per call; larger values are capped.</remarks>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int max, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        ReceiveMessageResponse response;
        try
        {
            var url = await QueueUrlAsync(cancellationToken);
            response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = url,
                MaxNumberOfMessages = Math.Min(max, MaxBatch),
                WaitTimeSeconds = (int)Math.Min(Math.Ceiling(wait.TotalSeconds), MaxWaitSeconds),
                VisibilityTimeout = _visibilityTimeoutSeconds,
                MessageSystemAttributeNames = [MessageSystemAttributeName.ApproximateReceiveCount],
            }, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Queue(e, $"Receiving from {_queueName}");
        }

        return (response.Messages ?? []).Select(m => new QueueMessage(m.MessageId, m.ReceiptHandle, m.Body ?? "", ReceiveCount(m))).ToArray();
    }

    public async Task DeleteAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var chunk in messages.Chunk(MaxBatch))
        {
            DeleteMessageBatchResponse response;
            try
            {
                var url = await QueueUrlAsync(cancellationToken);
                response = await _sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
                {
                    QueueUrl = url,
                    Entries = chunk.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle)).ToList(),
                }, cancellationToken);
            }
            catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
            {
                throw AwsErrors.Queue(e, $"Deleting from {_queueName}");
            }

            if (response.Failed is { Count: > 0 } failed)
            {
                // Not deleted means delivered again later; the consumer is idempotent, but the caller should know.
                var detail = string.Join("; ", failed.Select(f => $"{chunk[int.Parse(f.Id, CultureInfo.InvariantCulture)].Id}: {f.Code} {f.Message}"));
                throw new QueueException($"Deleting from {_queueName} failed for {failed.Count} message(s): {detail}",
                    isTransient: failed.TrueForAll(f => f.SenderFault != true));
            }
        }
    }

    public async Task ReleaseAsync(QueueMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        try
        {
            var url = await QueueUrlAsync(cancellationToken);
            await _sqs.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest
            {
                QueueUrl = url,
                ReceiptHandle = message.ReceiptHandle,
                VisibilityTimeout = (int)Math.Min(Math.Ceiling(delay.TotalSeconds), MaxVisibilitySeconds),
            }, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Queue(e, $"Releasing message {message.Id} on {_queueName}");
        }
    }

    /// <remarks>SQS's approximate counts of visible, in-flight and delayed messages.</remarks>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await SqsCounts.CountAsync(_sqs, await QueueUrlAsync(cancellationToken), cancellationToken);
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Queue(e, $"Counting {_queueName}");
        }
    }

    private static int ReceiveCount(Message message) =>
        message.Attributes?.TryGetValue(MessageSystemAttributeName.ApproximateReceiveCount, out var count) == true
        && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : 1;

    private async Task<string> QueueUrlAsync(CancellationToken cancellationToken)
    {
        if (_queueUrl is { } url)
        {
            return url;
        }

        var response = await _sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = _queueName }, cancellationToken);
        // Racing callers resolve the same URL; whichever assignment lands last is as good as the first.
        return _queueUrl = response.QueueUrl;
    }

    private sealed class PendingSend(string body)
    {
        public string Body { get; } = body;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
