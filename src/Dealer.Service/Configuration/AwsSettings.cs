using Dealer.Store.Aws;

namespace Dealer.Service.Configuration;

/// <summary>
/// The AWS backend settings given on the command line (<c>--aws-*</c> and the resource name flags). Each one wins over
/// its environment variable (see <see cref="AwsStoreOptions.FromEnvironment"/>); unset ones leave the environment and
/// the defaults in place. Credentials are never flags: they come from the standard AWS chain.
/// </summary>
internal sealed record AwsSettings
{
    /// <summary>The region (env <c>DEALER_AWS_REGION</c>, else <c>AWS_REGION</c>, else us-east-1).</summary>
    public string? Region { get; init; }

    /// <summary>
    /// The prefix of every resource name (env <c>DEALER_AWS_NAME_PREFIX</c>). Given as a flag, it renames every
    /// resource, including names set by environment variables; the name flags below still override single names.
    /// </summary>
    public string? NamePrefix { get; init; }

    /// <summary>One endpoint for S3, SQS and DynamoDB, for local servers (env <c>DEALER_AWS_ENDPOINT</c>).</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The S3 endpoint, over <see cref="Endpoint"/> (env <c>DEALER_AWS_ENDPOINT_S3</c>).</summary>
    public Uri? S3Endpoint { get; init; }

    /// <summary>The SQS endpoint, over <see cref="Endpoint"/> (env <c>DEALER_AWS_ENDPOINT_SQS</c>).</summary>
    public Uri? SqsEndpoint { get; init; }

    /// <summary>The DynamoDB endpoint, over <see cref="Endpoint"/> (env <c>DEALER_AWS_ENDPOINT_DYNAMODB</c>).</summary>
    public Uri? DynamoDbEndpoint { get; init; }

    /// <summary>The offer-store bucket (env <c>DEALER_OFFER_BUCKET</c>).</summary>
    public string? OfferBucket { get; init; }

    /// <summary>The receipt bucket (env <c>DEALER_RECEIPT_BUCKET</c>).</summary>
    public string? ReceiptBucket { get; init; }

    /// <summary>The offer registry table (env <c>DEALER_OFFER_TABLE</c>).</summary>
    public string? OfferTable { get; init; }

    /// <summary>The deal-store table (env <c>DEALER_DEAL_TABLE</c>).</summary>
    public string? DealTable { get; init; }

    /// <summary>The revocation table (env <c>DEALER_REVOCATION_TABLE</c>).</summary>
    public string? RevocationTable { get; init; }

    /// <summary>The deal ledger table (env <c>DEALER_LEDGER_TABLE</c>).</summary>
    public string? LedgerTable { get; init; }

    /// <summary>The dealer-queue (env <c>DEALER_QUEUE</c>).</summary>
    public string? Queue { get; init; }

    /// <summary>The dead-letter queue (env <c>DEALER_DEAD_LETTER_QUEUE</c>).</summary>
    public string? DeadLetterQueue { get; init; }

    /// <summary>The AWS backend options: the environment (and defaults) overlaid with the settings that are set.</summary>
    /// <param name="getVariable">Reads environment variables.</param>
    /// <exception cref="FormatException">An AWS environment variable does not parse.</exception>
    /// <exception cref="ArgumentException">The resulting options are invalid.</exception>
    public AwsStoreOptions Resolve(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var options = AwsStoreOptions.FromEnvironment(getVariable);
        if (NamePrefix is { } prefix)
        {
            options = options.ApplyNamePrefix(prefix);
        }

        options = options with
        {
            Region = Region ?? options.Region,
            S3Endpoint = S3Endpoint ?? Endpoint ?? options.S3Endpoint,
            SqsEndpoint = SqsEndpoint ?? Endpoint ?? options.SqsEndpoint,
            DynamoDbEndpoint = DynamoDbEndpoint ?? Endpoint ?? options.DynamoDbEndpoint,
            OfferBucket = OfferBucket ?? options.OfferBucket,
            ReceiptBucket = ReceiptBucket ?? options.ReceiptBucket,
            OfferTable = OfferTable ?? options.OfferTable,
            DealTable = DealTable ?? options.DealTable,
            RevocationTable = RevocationTable ?? options.RevocationTable,
            LedgerTable = LedgerTable ?? options.LedgerTable,
            QueueName = Queue ?? options.QueueName,
            DeadLetterQueueName = DeadLetterQueue ?? options.DeadLetterQueueName,
        };
        options.Validate();
        return options;
    }
}
