using System.Globalization;
using Amazon.Runtime;

namespace Dealer.Store.Aws;

/// <summary>
/// Where and how the AWS backend stores: region, resource names, endpoint overrides for local servers, queue
/// redelivery and the SDK retry policy. <see cref="FromEnvironment"/> documents the environment variables.
/// </summary>
public sealed record AwsStoreOptions
{
    /// <summary>The AWS region (default <c>us-east-1</c>).</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The prefix <see cref="WithNamePrefix"/> put before every base name (informational once applied).</summary>
    public string NamePrefix { get; init; } = "";

    /// <summary>The offer-store bucket.</summary>
    public string OfferBucket { get; init; } = AwsResourceDefinitions.OfferBucket;

    /// <summary>The receipt bucket.</summary>
    public string ReceiptBucket { get; init; } = AwsResourceDefinitions.ReceiptBucket;

    /// <summary>The offer registry table.</summary>
    public string OfferTable { get; init; } = AwsResourceDefinitions.OfferTable.BaseName;

    /// <summary>The deal-store table.</summary>
    public string DealTable { get; init; } = AwsResourceDefinitions.DealTable.BaseName;

    /// <summary>The revocation table.</summary>
    public string RevocationTable { get; init; } = AwsResourceDefinitions.RevocationTable.BaseName;

    /// <summary>The deal ledger table.</summary>
    public string LedgerTable { get; init; } = AwsResourceDefinitions.LedgerTable.BaseName;

    /// <summary>The dealer-queue name.</summary>
    public string QueueName { get; init; } = AwsResourceDefinitions.Queue;

    /// <summary>The dead-letter queue name.</summary>
    public string DeadLetterQueueName { get; init; } = AwsResourceDefinitions.DeadLetterQueue;

    /// <summary>An S3 endpoint to use instead of AWS (a local server), or null.</summary>
    public Uri? S3Endpoint { get; init; }

    /// <summary>An SQS endpoint to use instead of AWS, or null.</summary>
    public Uri? SqsEndpoint { get; init; }

    /// <summary>A DynamoDB endpoint to use instead of AWS, or null.</summary>
    public Uri? DynamoDbEndpoint { get; init; }

    /// <summary>Path-style S3 addressing; null means "when <see cref="S3Endpoint"/> is set".</summary>
    public bool? ForcePathStyle { get; init; }

    /// <summary>Receives after which SQS moves a message to the dead-letter queue (default 5).</summary>
    public int MaxReceives { get; init; } = 5;

    /// <summary>How long a received message stays hidden (default 5 minutes, whole seconds, at most 12 hours).</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The SDK retry mode for transient errors (throttling, 5xx, timeouts): Standard or Adaptive.</summary>
    public RequestRetryMode RetryMode { get; init; } = RequestRetryMode.Standard;

    /// <summary>Retries after the first attempt before a transient error surfaces (default 4).</summary>
    public int MaxErrorRetry { get; init; } = 4;

    /// <summary>Whether the S3 client addresses buckets by path.</summary>
    public bool UsePathStyle => ForcePathStyle ?? S3Endpoint is not null;

    /// <summary>Whether any service is redirected to a local endpoint.</summary>
    public bool UsesLocalEndpoint => S3Endpoint is not null || SqsEndpoint is not null || DynamoDbEndpoint is not null;

    /// <summary>Default options whose resource names all start with <paramref name="prefix"/> (e.g. <c>prod-</c>).</summary>
    public static AwsStoreOptions WithNamePrefix(string prefix) => new AwsStoreOptions().ApplyNamePrefix(prefix);

    /// <summary>These options with every resource name set to <paramref name="prefix"/> followed by its base name.</summary>
    public AwsStoreOptions ApplyNamePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return this with
        {
            NamePrefix = prefix,
            OfferBucket = prefix + AwsResourceDefinitions.OfferBucket,
            ReceiptBucket = prefix + AwsResourceDefinitions.ReceiptBucket,
            OfferTable = prefix + AwsResourceDefinitions.OfferTable.BaseName,
            DealTable = prefix + AwsResourceDefinitions.DealTable.BaseName,
            RevocationTable = prefix + AwsResourceDefinitions.RevocationTable.BaseName,
            LedgerTable = prefix + AwsResourceDefinitions.LedgerTable.BaseName,
            QueueName = prefix + AwsResourceDefinitions.Queue,
            DeadLetterQueueName = prefix + AwsResourceDefinitions.DeadLetterQueue,
        };
    }

    /// <summary>
    /// Reads the options from the environment (unset variables keep the defaults):
    /// <list type="table">
    /// <item><term><c>DEALER_AWS_REGION</c></term><description>region (else <c>AWS_REGION</c>, else us-east-1)</description></item>
    /// <item><term><c>DEALER_AWS_NAME_PREFIX</c></term><description>prefix of every resource name (see <see cref="WithNamePrefix"/>)</description></item>
    /// <item><term><c>DEALER_OFFER_BUCKET</c>, <c>DEALER_RECEIPT_BUCKET</c></term><description>bucket names</description></item>
    /// <item><term><c>DEALER_OFFER_TABLE</c>, <c>DEALER_DEAL_TABLE</c>, <c>DEALER_REVOCATION_TABLE</c>, <c>DEALER_LEDGER_TABLE</c></term><description>table names</description></item>
    /// <item><term><c>DEALER_QUEUE</c>, <c>DEALER_DEAD_LETTER_QUEUE</c></term><description>queue names</description></item>
    /// <item><term><c>DEALER_QUEUE_MAX_RECEIVES</c></term><description>receives before the dead-letter queue</description></item>
    /// <item><term><c>DEALER_QUEUE_VISIBILITY_TIMEOUT</c></term><description>visibility timeout in seconds</description></item>
    /// <item><term><c>DEALER_AWS_ENDPOINT</c></term><description>one endpoint for S3, SQS and DynamoDB (a local server)</description></item>
    /// <item><term><c>DEALER_AWS_ENDPOINT_S3</c>, <c>DEALER_AWS_ENDPOINT_SQS</c>, <c>DEALER_AWS_ENDPOINT_DYNAMODB</c></term><description>per-service endpoints, overriding <c>DEALER_AWS_ENDPOINT</c></description></item>
    /// <item><term><c>DEALER_S3_FORCE_PATH_STYLE</c></term><description><c>true</c>/<c>false</c>; default true when an S3 endpoint is set</description></item>
    /// <item><term><c>DEALER_AWS_RETRY_MODE</c></term><description><c>standard</c> or <c>adaptive</c></description></item>
    /// <item><term><c>DEALER_AWS_MAX_ERROR_RETRY</c></term><description>SDK retries of transient errors</description></item>
    /// </list>
    /// Credentials come from the standard AWS chain; with a local endpoint and no credentials, dummy ones are used.
    /// </summary>
    /// <param name="getVariable">Reads a variable; defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <exception cref="FormatException">A variable holds a value that does not parse.</exception>
    public static AwsStoreOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        string? Get(string name) => getVariable(name) is { Length: > 0 } value ? value.Trim() : null;

        var options = new AwsStoreOptions();
        if (Get("DEALER_AWS_NAME_PREFIX") is { } prefix)
        {
            options = options.ApplyNamePrefix(prefix);
        }

        var shared = ParseUri(Get("DEALER_AWS_ENDPOINT"), "DEALER_AWS_ENDPOINT");
        return options with
        {
            Region = Get("DEALER_AWS_REGION") ?? Get("AWS_REGION") ?? options.Region,
            OfferBucket = Get("DEALER_OFFER_BUCKET") ?? options.OfferBucket,
            ReceiptBucket = Get("DEALER_RECEIPT_BUCKET") ?? options.ReceiptBucket,
            OfferTable = Get("DEALER_OFFER_TABLE") ?? options.OfferTable,
            DealTable = Get("DEALER_DEAL_TABLE") ?? options.DealTable,
            RevocationTable = Get("DEALER_REVOCATION_TABLE") ?? options.RevocationTable,
            LedgerTable = Get("DEALER_LEDGER_TABLE") ?? options.LedgerTable,
            QueueName = Get("DEALER_QUEUE") ?? options.QueueName,
            DeadLetterQueueName = Get("DEALER_DEAD_LETTER_QUEUE") ?? options.DeadLetterQueueName,
            MaxReceives = ParseInt(Get("DEALER_QUEUE_MAX_RECEIVES"), "DEALER_QUEUE_MAX_RECEIVES") ?? options.MaxReceives,
            VisibilityTimeout = ParseInt(Get("DEALER_QUEUE_VISIBILITY_TIMEOUT"), "DEALER_QUEUE_VISIBILITY_TIMEOUT") is { } seconds
                ? TimeSpan.FromSeconds(seconds)
                : options.VisibilityTimeout,
            S3Endpoint = ParseUri(Get("DEALER_AWS_ENDPOINT_S3"), "DEALER_AWS_ENDPOINT_S3") ?? shared,
            SqsEndpoint = ParseUri(Get("DEALER_AWS_ENDPOINT_SQS"), "DEALER_AWS_ENDPOINT_SQS") ?? shared,
            DynamoDbEndpoint = ParseUri(Get("DEALER_AWS_ENDPOINT_DYNAMODB"), "DEALER_AWS_ENDPOINT_DYNAMODB") ?? shared,
            ForcePathStyle = Get("DEALER_S3_FORCE_PATH_STYLE") is { } pathStyle
                ? bool.TryParse(pathStyle, out var parsed) ? parsed : throw Invalid("DEALER_S3_FORCE_PATH_STYLE", pathStyle)
                : null,
            RetryMode = Get("DEALER_AWS_RETRY_MODE") is { } mode
                ? Enum.TryParse<RequestRetryMode>(mode, ignoreCase: true, out var retryMode) && Enum.IsDefined(retryMode)
                    ? retryMode
                    : throw Invalid("DEALER_AWS_RETRY_MODE", mode)
                : options.RetryMode,
            MaxErrorRetry = ParseInt(Get("DEALER_AWS_MAX_ERROR_RETRY"), "DEALER_AWS_MAX_ERROR_RETRY") ?? options.MaxErrorRetry,
        };
    }

    /// <summary>Checks the values before clients are built.</summary>
    /// <exception cref="ArgumentException">A name is empty or a number is out of range.</exception>
    public void Validate()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(Region), Region), (nameof(OfferBucket), OfferBucket), (nameof(ReceiptBucket), ReceiptBucket),
                     (nameof(OfferTable), OfferTable), (nameof(DealTable), DealTable), (nameof(RevocationTable), RevocationTable),
                     (nameof(LedgerTable), LedgerTable), (nameof(QueueName), QueueName), (nameof(DeadLetterQueueName), DeadLetterQueueName),
                 })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"{name} must not be empty.", name);
            }
        }

        if (MaxReceives is < 1 or > 1000)
        {
            throw new ArgumentException("MaxReceives must be between 1 and 1000 (the SQS redrive limit).", nameof(MaxReceives));
        }

        if (VisibilityTimeout < TimeSpan.Zero || VisibilityTimeout > TimeSpan.FromHours(12))
        {
            throw new ArgumentException("VisibilityTimeout must be between 0 and 12 hours.", nameof(VisibilityTimeout));
        }

        if (MaxErrorRetry is < 0 or > 20)
        {
            throw new ArgumentException("MaxErrorRetry must be between 0 and 20.", nameof(MaxErrorRetry));
        }
    }

    private static int? ParseInt(string? value, string variable) =>
        value is null ? null
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw Invalid(variable, value);

    private static Uri? ParseUri(string? value, string variable) =>
        value is null ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri
        : throw Invalid(variable, value);

    private static FormatException Invalid(string variable, string value) =>
        new($"The environment variable {variable} has an invalid value '{value}'.");
}
