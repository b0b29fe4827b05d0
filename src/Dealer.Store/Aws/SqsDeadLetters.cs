using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Dealer.Store.Abstractions;

namespace Dealer.Store.Aws;

/// <summary>
/// The SQS dead-letter queue of the dealer-queue, handled by hand with receive, send and delete rather than
/// <c>StartMessageMoveTask</c>, which local SQS servers do not all implement.
/// </summary>
internal sealed class SqsDeadLetters : IDeadLetters
{
    private const int MaxBatch = 10;

    /// <summary>A short long poll: enough for SQS to ask all its servers, short enough for a command line.</summary>
    private const int WaitSeconds = 1;

    /// <summary>
    /// How long a message taken for a list or redrive stays hidden if this process dies before it releases or deletes
    /// it; the happy path releases (list) or deletes (redrive) it at once.
    /// </summary>
    private const int HoldSeconds = 30;

    private readonly IAmazonSQS _sqs;
    private readonly string _deadLetterQueueName;
    private readonly string _queueName;
    private string? _deadLetterQueueUrl;
    private string? _queueUrl;

    public SqsDeadLetters(IAmazonSQS sqs, string deadLetterQueueName, string queueName)
    {
        _sqs = sqs;
        _deadLetterQueueName = deadLetterQueueName;
        _queueName = queueName;
    }

    /// <remarks>SQS's approximate counts of visible and in-flight messages, so a count may lag a move by a moment.</remarks>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await SqsCounts.CountAsync(_sqs, await DeadLetterQueueUrlAsync(cancellationToken), cancellationToken);
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Queue(e, $"Counting {_deadLetterQueueName}");
        }
    }

    /// <remarks>
    /// Receives the messages with a visibility timeout of <see cref="HoldSeconds"/> and releases them once all are
    /// read: meanwhile they are invisible to other readers, and each listing adds one to their receive count.
    /// </remarks>
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var held = new List<Message>();
        try
        {
            var url = await DeadLetterQueueUrlAsync(cancellationToken);
            try
            {
                while (held.Count < max)
                {
                    var batch = await ReceiveAsync(url, max - held.Count, cancellationToken);
                    if (batch.Count == 0)
                    {
                        break;
                    }

                    held.AddRange(batch);
                }
            }
            finally
            {
                // Released even when a later receive failed, so that the letters do not stay hidden for the hold time.
                foreach (var message in held)
                {
                    await _sqs.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest
                    {
                        QueueUrl = url,
                        ReceiptHandle = message.ReceiptHandle,
                        VisibilityTimeout = 0,
                    }, CancellationToken.None);
                }
            }
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Queue(e, $"Listing {_deadLetterQueueName}");
        }

        return held.Select(ToDeadLetter).ToArray();
    }

    /// <remarks>
    /// Each message is sent to the dealer-queue and then deleted from the dead-letter queue; a failure in between
    /// leaves it on both (at least once). One that fails to send stays a dead letter and reappears after the hold time.
    /// </remarks>
    public async Task<int> RedriveAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var moved = 0;
        try
        {
            var deadLetterUrl = await DeadLetterQueueUrlAsync(cancellationToken);
            var queueUrl = await QueueUrlAsync(cancellationToken);
            while (moved < max)
            {
                var batch = await ReceiveAsync(deadLetterUrl, max - moved, cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var message in batch)
                {
                    await _sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = message.Body }, cancellationToken);
                    await _sqs.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = deadLetterUrl, ReceiptHandle = message.ReceiptHandle },
                        CancellationToken.None);
                    moved++;
                }
            }
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Queue(e, $"Redriving {_deadLetterQueueName} to {_queueName} after {moved} message(s)");
        }

        return moved;
    }

    private async Task<List<Message>> ReceiveAsync(string url, int max, CancellationToken cancellationToken)
    {
        var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = url,
            MaxNumberOfMessages = Math.Min(max, MaxBatch),
            WaitTimeSeconds = WaitSeconds,
            VisibilityTimeout = HoldSeconds,
            MessageSystemAttributeNames = [MessageSystemAttributeName.ApproximateReceiveCount, MessageSystemAttributeName.SentTimestamp],
        }, cancellationToken);
        return response.Messages ?? [];
    }

    private static DeadLetter ToDeadLetter(Message message)
    {
        var attributes = message.Attributes ?? [];
        var receiveCount = attributes.TryGetValue(MessageSystemAttributeName.ApproximateReceiveCount, out var count)
            && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        DateTimeOffset? sentAt = attributes.TryGetValue(MessageSystemAttributeName.SentTimestamp, out var sent)
            && long.TryParse(sent, NumberStyles.None, CultureInfo.InvariantCulture, out var millis)
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
            : null;
        // SQS keeps the original SentTimestamp when it moves a message to the dead-letter queue, and records no move time.
        return new DeadLetter(message.MessageId, message.Body ?? "", receiveCount, sentAt, null);
    }

    private async Task<string> DeadLetterQueueUrlAsync(CancellationToken cancellationToken) =>
        _deadLetterQueueUrl ??= (await _sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = _deadLetterQueueName }, cancellationToken)).QueueUrl;

    private async Task<string> QueueUrlAsync(CancellationToken cancellationToken) =>
        _queueUrl ??= (await _sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = _queueName }, cancellationToken)).QueueUrl;
}
