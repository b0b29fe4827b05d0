using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.S3;
using Amazon.SQS;

namespace Dealer.Store.Aws;

/// <summary>The three SDK clients of one <see cref="AwsStoreOptions"/>, configured alike (region, endpoints, retries).</summary>
internal sealed class AwsClients : IDisposable
{
    private AwsClients(IAmazonS3 s3, IAmazonDynamoDB dynamoDb, IAmazonSQS sqs)
    {
        S3 = s3;
        DynamoDb = dynamoDb;
        Sqs = sqs;
    }

    public IAmazonS3 S3 { get; }

    public IAmazonDynamoDB DynamoDb { get; }

    public IAmazonSQS Sqs { get; }

    public static AwsClients Create(AwsStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var credentials = options.UsesLocalEndpoint ? LocalCredentials() : null;

        var s3Config = Configure(new AmazonS3Config { ForcePathStyle = options.UsePathStyle }, options, options.S3Endpoint);
        var dynamoConfig = Configure(new AmazonDynamoDBConfig(), options, options.DynamoDbEndpoint);
        var sqsConfig = Configure(new AmazonSQSConfig(), options, options.SqsEndpoint);
        // SQS long polls hold a request open for up to 20 s; keep the HTTP timeout well above it.
        sqsConfig.Timeout = TimeSpan.FromSeconds(60);

        return credentials is null
            ? new AwsClients(new AmazonS3Client(s3Config), new AmazonDynamoDBClient(dynamoConfig), new AmazonSQSClient(sqsConfig))
            : new AwsClients(new AmazonS3Client(credentials, s3Config), new AmazonDynamoDBClient(credentials, dynamoConfig),
                new AmazonSQSClient(credentials, sqsConfig));
    }

    public void Dispose()
    {
        S3.Dispose();
        DynamoDb.Dispose();
        Sqs.Dispose();
    }

    private static T Configure<T>(T config, AwsStoreOptions options, Uri? endpoint)
        where T : ClientConfig
    {
        // Throttling, 5xx and network errors are retried by the SDK with exponential backoff and jitter;
        // what is still failing afterwards surfaces as a transient StoreException.
        config.RetryMode = options.RetryMode;
        config.MaxErrorRetry = options.MaxErrorRetry;
        // The SDK counts and times its calls through this provider: the calls per offer, by service and operation.
        config.TelemetryProvider = AwsCallMetrics.Provider;
        if (endpoint is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = options.Region;
        }

        return config;
    }

    // Local servers accept any signature, but the SDK must sign with something. Configured credentials
    // (environment or profile) win; the instance-metadata lookups of the full chain are skipped because
    // they only stall on a developer machine.
    private static AWSCredentials LocalCredentials()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"))
            && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY")))
        {
            return new EnvironmentVariablesAWSCredentials();
        }

        var profile = Environment.GetEnvironmentVariable("AWS_PROFILE") is { Length: > 0 } name ? name : "default";
        return new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var fromProfile)
            ? fromProfile
            : new BasicAWSCredentials("local", "local");
    }
}
