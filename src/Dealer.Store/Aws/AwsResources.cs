using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Dealer.Store.Abstractions;

namespace Dealer.Store.Aws;

/// <summary>
/// Creates the resources of <see cref="AwsResourceDefinitions"/> under the names of an <see cref="AwsStoreOptions"/>:
/// buckets, on-demand tables (with the <c>stat</c> index) and the queue with its dead-letter queue. Idempotent:
/// existing resources are kept (a table with another key schema is an error) and queue attributes are brought in line.
/// Production stacks come from <c>deploy/cloudformation.yaml</c>; this serves local servers and first setups.
/// </summary>
public static class AwsResources
{
    private static readonly TimeSpan ActiveTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Creates whatever of the resources is missing.</summary>
    /// <exception cref="StoreException">A resource could not be created or exists in an incompatible form.</exception>
    public static async Task InitAsync(AwsStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var clients = AwsClients.Create(options);
        await CreateBucketAsync(clients.S3, options.OfferBucket, options.Region, cancellationToken);
        await CreateBucketAsync(clients.S3, options.ReceiptBucket, options.Region, cancellationToken);
        foreach (var (definition, name) in TableNames(options))
        {
            await CreateTableAsync(clients.DynamoDb, definition, name, cancellationToken);
        }

        await CreateQueuesAsync(clients.Sqs, options, cancellationToken);
    }

    internal static IEnumerable<(AwsTableDefinition Definition, string Name)> TableNames(AwsStoreOptions options) =>
    [
        (AwsResourceDefinitions.OfferTable, options.OfferTable),
        (AwsResourceDefinitions.DealTable, options.DealTable),
        (AwsResourceDefinitions.RevocationTable, options.RevocationTable),
        (AwsResourceDefinitions.LedgerTable, options.LedgerTable),
    ];

    private static async Task CreateBucketAsync(IAmazonS3 s3, string bucket, string region, CancellationToken cancellationToken)
    {
        try
        {
            var request = new PutBucketRequest { BucketName = bucket };
            // us-east-1 is the one region that takes no location constraint.
            if (!string.Equals(region, "us-east-1", StringComparison.Ordinal))
            {
                request.BucketRegionName = region;
            }

            await s3.PutBucketAsync(request, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "BucketAlreadyOwnedByYou")
        {
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Creating the bucket {bucket}");
        }
    }

    private static async Task CreateTableAsync(IAmazonDynamoDB dynamoDb, AwsTableDefinition definition, string name,
        CancellationToken cancellationToken)
    {
        var attributes = new List<AttributeDefinition> { new(definition.PartitionKey, ScalarAttributeType.S) };
        var request = new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement(definition.PartitionKey, KeyType.HASH)],
            AttributeDefinitions = attributes,
        };
        if (definition.StatusIndex is { } index)
        {
            attributes.Add(new AttributeDefinition(index.PartitionKey, new ScalarAttributeType(index.PartitionKeyType)));
            attributes.Add(new AttributeDefinition(index.SortKey, new ScalarAttributeType(index.SortKeyType)));
            request.GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = index.Name,
                    KeySchema = [new KeySchemaElement(index.PartitionKey, KeyType.HASH), new KeySchemaElement(index.SortKey, KeyType.RANGE)],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
            ];
        }

        try
        {
            await dynamoDb.CreateTableAsync(request, cancellationToken);
        }
        catch (ResourceInUseException)
        {
            // Exists already (or is being created by a concurrent init): checked below.
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Creating the table {name}");
        }

        await WaitUntilActiveAsync(dynamoDb, definition, name, cancellationToken);
    }

    private static async Task WaitUntilActiveAsync(IAmazonDynamoDB dynamoDb, AwsTableDefinition definition, string name,
        CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + ActiveTimeout;
        while (true)
        {
            TableDescription table;
            try
            {
                table = (await dynamoDb.DescribeTableAsync(new DescribeTableRequest { TableName = name }, cancellationToken)).Table;
            }
            catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
            {
                throw AwsErrors.Store(e, $"Describing the table {name}");
            }

            CheckSchema(definition, name, table);
            var indexesActive = (table.GlobalSecondaryIndexes ?? []).TrueForAll(i => i.IndexStatus == IndexStatus.ACTIVE);
            if (table.TableStatus == TableStatus.ACTIVE && indexesActive)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new StoreException($"The table {name} did not become active within {ActiveTimeout}.", isTransient: true);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    private static void CheckSchema(AwsTableDefinition definition, string name, TableDescription table)
    {
        var hash = table.KeySchema?.Find(k => k.KeyType == KeyType.HASH)?.AttributeName;
        var hasRange = table.KeySchema?.Exists(k => k.KeyType == KeyType.RANGE) == true;
        var indexOk = definition.StatusIndex is not { } index
            || (table.GlobalSecondaryIndexes ?? []).Exists(i => i.IndexName == index.Name
                && i.KeySchema?.Find(k => k.KeyType == KeyType.HASH)?.AttributeName == index.PartitionKey
                && i.KeySchema?.Find(k => k.KeyType == KeyType.RANGE)?.AttributeName == index.SortKey);
        if (hash != definition.PartitionKey || hasRange || !indexOk)
        {
            throw new StoreException(
                $"The table {name} exists with another key schema than the dealer's (partition key '{definition.PartitionKey}'"
                + (definition.StatusIndex is { } i ? $", index {i.Name} on {i.PartitionKey}/{i.SortKey}" : "") + ").",
                isTransient: false);
        }
    }

    private static async Task CreateQueuesAsync(IAmazonSQS sqs, AwsStoreOptions options, CancellationToken cancellationToken)
    {
        try
        {
            // A dead letter is kept as long as SQS allows (14 days) for the operator to look at.
            var deadLetterUrl = await EnsureQueueAsync(sqs, options.DeadLetterQueueName, new()
            {
                [QueueAttributeName.MessageRetentionPeriod] = "1209600",
            }, cancellationToken);
            var deadLetterArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
            {
                QueueUrl = deadLetterUrl,
                AttributeNames = [QueueAttributeName.QueueArn],
            }, cancellationToken)).Attributes?.GetValueOrDefault(QueueAttributeName.QueueArn)
                ?? throw new StoreException($"SQS returned no ARN for {options.DeadLetterQueueName}.", isTransient: true);

            await EnsureQueueAsync(sqs, options.QueueName, new()
            {
                [QueueAttributeName.VisibilityTimeout] = ((int)Math.Ceiling(options.VisibilityTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
                [QueueAttributeName.RedrivePolicy] = RedrivePolicy(deadLetterArn, options.MaxReceives),
            }, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Creating the queues {options.QueueName} and {options.DeadLetterQueueName}");
        }
    }

    internal static string RedrivePolicy(string deadLetterArn, int maxReceives) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["deadLetterTargetArn"] = deadLetterArn,
            ["maxReceiveCount"] = maxReceives,
        });

    // CreateQueue fails on an existing queue whose attributes differ, so an existing queue is updated instead.
    private static async Task<string> EnsureQueueAsync(IAmazonSQS sqs, string name, Dictionary<string, string> attributes,
        CancellationToken cancellationToken)
    {
        try
        {
            var url = (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = name }, cancellationToken)).QueueUrl;
            await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest { QueueUrl = url, Attributes = attributes }, cancellationToken);
            return url;
        }
        catch (QueueDoesNotExistException)
        {
            return (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes }, cancellationToken)).QueueUrl;
        }
    }
}
