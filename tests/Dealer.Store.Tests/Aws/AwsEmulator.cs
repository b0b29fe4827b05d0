using System.Collections.Concurrent;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using Dealer.Store.Aws;
using Dealer.Testing.Aws;

namespace Dealer.Store.Tests.Aws;

/// <summary>
/// The local endpoints of the AWS tests (<see cref="AwsEmulatorEndpoints"/>: a test that asks for them fails when no
/// server answers) and uniquely named resources on them.
/// </summary>
internal static class AwsEmulator
{
    public static Uri S3Endpoint => AwsEmulatorEndpoints.S3;

    public static Uri SqsEndpoint => AwsEmulatorEndpoints.Sqs;

    public static Uri DynamoDbEndpoint => AwsEmulatorEndpoints.DynamoDb;

    private static readonly ConcurrentBag<AwsStoreOptions> Created = [];

    /// <summary>Options on the local servers with resource names no other fixture or run uses.</summary>
    public static AwsStoreOptions UniqueOptions()
    {
        var options = AwsStoreOptions.WithNamePrefix(UniquePrefix()) with
        {
            Region = "us-east-1",
            S3Endpoint = S3Endpoint,
            SqsEndpoint = SqsEndpoint,
            DynamoDbEndpoint = DynamoDbEndpoint,
        };
        Created.Add(options);
        return options;
    }

    /// <summary>Deletes whatever the tests created under <see cref="UniqueOptions"/>, so that the servers' memory stays flat.</summary>
    public static async Task DeleteCreatedResourcesAsync()
    {
        while (Created.TryTake(out var options))
        {
            using var clients = AwsClients.Create(options);
            foreach (var (_, table) in AwsResources.TableNames(options))
            {
                try
                {
                    await clients.DynamoDb.DeleteTableAsync(table);
                }
                catch (Amazon.DynamoDBv2.Model.ResourceNotFoundException)
                {
                }
            }

            foreach (var queue in new[] { options.QueueName, options.DeadLetterQueueName })
            {
                try
                {
                    var url = (await clients.Sqs.GetQueueUrlAsync(queue)).QueueUrl;
                    await clients.Sqs.DeleteQueueAsync(url);
                }
                catch (QueueDoesNotExistException)
                {
                }
            }

            foreach (var bucket in new[] { options.OfferBucket, options.ReceiptBucket })
            {
                try
                {
                    var listed = await clients.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
                    foreach (var entry in listed.S3Objects ?? [])
                    {
                        await clients.S3.DeleteObjectAsync(bucket, entry.Key);
                    }

                    await clients.S3.DeleteBucketAsync(bucket);
                }
                catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
                {
                }
            }
        }
    }

    // Bucket names allow lowercase letters, digits and '-' only.
    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..12] + "-";

    /// <summary>Creates the resources of fresh unique options and opens the stores on them.</summary>
    public static async Task<(AwsStoreOptions Options, Abstractions.DealerStores Stores)> CreateStoresAsync(
        Func<AwsStoreOptions, AwsStoreOptions>? configure = null)
    {
        var options = UniqueOptions();
        if (configure is not null)
        {
            options = configure(options);
        }

        await AwsResources.InitAsync(options);
        return (options, AwsStores.Create(options));
    }
}
