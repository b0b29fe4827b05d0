using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Dealer.Store.Aws;

/// <summary>SQS's approximate message counts: one <c>GetQueueAttributes</c> call, no message is touched.</summary>
internal static class SqsCounts
{
    private static readonly List<string> Names =
    [
        QueueAttributeName.ApproximateNumberOfMessages,
        QueueAttributeName.ApproximateNumberOfMessagesNotVisible,
        QueueAttributeName.ApproximateNumberOfMessagesDelayed,
    ];

    /// <summary>Visible plus in-flight plus delayed messages of the queue at <paramref name="url"/>.</summary>
    public static async Task<long> CountAsync(IAmazonSQS sqs, string url, CancellationToken cancellationToken)
    {
        var response = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = Names },
            cancellationToken).ConfigureAwait(false);
        var total = 0L;
        foreach (var name in Names)
        {
            if (response.Attributes?.TryGetValue(name, out var value) == true
                && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                total += parsed;
            }
        }

        return total;
    }
}
