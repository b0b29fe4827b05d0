using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Dealer.Service.Configuration;
using Dealer.Store.Abstractions;
using Dealer.Store.Aws;
using Dealer.Testing.Aws;

namespace Dealer.Service.Tests.Support;

/// <summary>
/// A set of the dealer's AWS resources on the local servers started by <c>scripts/aws-emulators.sh start</c> (fauxqs
/// for S3 and SQS, DynamoDB Local), under a name prefix no other test uses. Missing servers fail the test with a
/// message that says how to start them (<see cref="AwsEmulatorEndpoints"/>): AWS tests never skip.
/// </summary>
internal sealed class AwsTestResources : IAsyncDisposable
{
    /// <summary>The region of the resources (the local servers accept any).</summary>
    public const string Region = "us-east-1";

    private AwsTestResources(string prefix, Uri s3, Uri sqs, Uri dynamoDb)
    {
        Prefix = prefix;
        S3Endpoint = s3;
        SqsEndpoint = sqs;
        DynamoDbEndpoint = dynamoDb;
    }

    public string Prefix { get; }

    public Uri S3Endpoint { get; }

    public Uri SqsEndpoint { get; }

    public Uri DynamoDbEndpoint { get; }

    /// <summary>The flag settings that point a dealer at these resources.</summary>
    public AwsSettings Settings => new()
    {
        Region = Region,
        NamePrefix = Prefix,
        S3Endpoint = S3Endpoint,
        SqsEndpoint = SqsEndpoint,
        DynamoDbEndpoint = DynamoDbEndpoint,
    };

    /// <summary>The store options of these resources (with the defaults of everything else).</summary>
    public AwsStoreOptions Options => Settings.Resolve(_ => null);

    /// <summary>The command-line flags that point a <c>dealer</c> store command at these resources.</summary>
    public string[] Arguments => ["--store", "aws", .. AwsArguments];

    /// <summary>The <c>--aws-*</c> flags of these resources (what <c>dealer aws init</c> takes).</summary>
    public string[] AwsArguments =>
    [
        "--aws-region", Region, "--aws-prefix", Prefix, "--aws-endpoint-s3", S3Endpoint.ToString(),
        "--aws-endpoint-sqs", SqsEndpoint.ToString(), "--aws-endpoint-dynamodb", DynamoDbEndpoint.ToString(),
    ];

    /// <summary>Fresh resources: a new prefix, created with <see cref="AwsResources.InitAsync"/> unless told not to.</summary>
    public static async Task<AwsTestResources> CreateAsync(bool initialize = true)
    {
        var resources = new AwsTestResources(
            "t" + Guid.NewGuid().ToString("N")[..12] + "-", AwsEmulatorEndpoints.S3, AwsEmulatorEndpoints.Sqs, AwsEmulatorEndpoints.DynamoDb);
        if (initialize)
        {
            await AwsResources.InitAsync(resources.Options);
        }

        return resources;
    }

    /// <summary>Opens the stores on these resources, as a dealer does.</summary>
    public DealerStores OpenStores(Func<AwsStoreOptions, AwsStoreOptions>? configure = null) =>
        AwsStores.Create(configure?.Invoke(Options) ?? Options);

    /// <summary>How many messages the dealer-queue (or the named queue) holds, visible or in flight.</summary>
    public async Task<int> QueueDepthAsync(string? queueName = null)
    {
        using var sqs = new AmazonSQSClient(Credentials, new AmazonSQSConfig { ServiceURL = SqsEndpoint.ToString(), AuthenticationRegion = Region });
        var url = (await sqs.GetQueueUrlAsync(queueName ?? Options.QueueName)).QueueUrl;
        var attributes = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = url,
            AttributeNames = [QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible],
        })).Attributes ?? [];
        return attributes.Values.Sum(int.Parse);
    }


    /// <summary>Deletes the resources, so that the servers' memory stays flat over a run.</summary>
    public async ValueTask DisposeAsync()
    {
        var options = Options;
        using var dynamoDb = new AmazonDynamoDBClient(Credentials, new AmazonDynamoDBConfig { ServiceURL = DynamoDbEndpoint.ToString(), AuthenticationRegion = Region });
        foreach (var table in new[] { options.OfferTable, options.DealTable, options.RevocationTable, options.LedgerTable })
        {
            try
            {
                await dynamoDb.DeleteTableAsync(table);
            }
            catch (Amazon.DynamoDBv2.Model.ResourceNotFoundException)
            {
                // Never created (a fault test) or already gone.
            }
        }

        using var sqs = new AmazonSQSClient(Credentials, new AmazonSQSConfig { ServiceURL = SqsEndpoint.ToString(), AuthenticationRegion = Region });
        foreach (var queue in new[] { options.QueueName, options.DeadLetterQueueName })
        {
            try
            {
                await sqs.DeleteQueueAsync((await sqs.GetQueueUrlAsync(queue)).QueueUrl);
            }
            catch (QueueDoesNotExistException)
            {
                // Never created.
            }
        }

        using var s3 = new AmazonS3Client(Credentials, new AmazonS3Config { ServiceURL = S3Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = Region });
        foreach (var bucket in new[] { options.OfferBucket, options.ReceiptBucket })
        {
            try
            {
                string? continuation = null;
                do
                {
                    var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, ContinuationToken = continuation });
                    foreach (var entry in page.S3Objects ?? [])
                    {
                        await s3.DeleteObjectAsync(bucket, entry.Key);
                    }

                    continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
                }
                while (continuation is not null);

                await s3.DeleteBucketAsync(bucket);
            }
            catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
            {
                // Never created.
            }
        }
    }

    private static BasicAWSCredentials Credentials => new("local", "local");
}
