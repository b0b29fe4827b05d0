using Dealer.Store.Abstractions;

namespace Dealer.Store.Aws;

/// <summary>Opens the AWS backend: offers and receipts on S3, deals, revocations and the ledger on DynamoDB, the queue on SQS.</summary>
public static class AwsStores
{
    /// <summary>
    /// The meter on which the SDK's calls to S3, DynamoDB and SQS are counted and timed (<c>client.call.duration</c>,
    /// <c>client.call.attempts</c>, <c>client.call.errors</c> by <c>rpc.service</c> and <c>rpc.method</c>).
    /// </summary>
    public const string MeterName = AwsCallMetrics.MeterName;

    /// <summary>
    /// Creates the stores over one set of SDK clients (disposed with the returned <see cref="DealerStores"/>). The
    /// resources must exist (see <see cref="AwsResources.InitAsync"/> or <c>deploy/cloudformation.yaml</c>); nothing
    /// is contacted until the first operation.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static DealerStores Create(AwsStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clients = AwsClients.Create(options);
        var offers = new S3OfferStore(clients.S3, clients.DynamoDb, options.OfferBucket, options.OfferTable);
        var receipts = new S3ReceiptStore(clients.S3, options.ReceiptBucket);
        var queue = new SqsDealerQueue(clients.Sqs, options.QueueName, options.VisibilityTimeout, options.MaxReceives);
        return new DealerStores(
            offers,
            new DynamoDbDealStore(clients.DynamoDb, options.DealTable),
            receipts,
            queue,
            new DynamoDbRevocationStore(clients.DynamoDb, options.RevocationTable),
            new DynamoDbDealLedger(clients.DynamoDb, options.LedgerTable),
            async () =>
            {
                await queue.StopAsync().ConfigureAwait(false);
                queue.Dispose();
                clients.Dispose();
            },
            new SqsDeadLetters(clients.Sqs, options.DeadLetterQueueName, options.QueueName),
            new AwsOfferCommitter(offers, queue, receipts));
    }
}
