using System.CommandLine;
using Dealer.Service.Configuration;

namespace Dealer.Service.Cli;

/// <summary>
/// The flags of the AWS backend (<c>--store aws</c> and <c>dealer aws init</c>): region, endpoint overrides for local
/// servers, the resource name prefix and single resource names. Each wins over its environment variable.
/// </summary>
internal sealed class AwsCliOptions
{
    public Option<string?> Region { get; } = new("--aws-region") { Description = "AWS region (env DEALER_AWS_REGION, else AWS_REGION; default us-east-1)" };

    public Option<string?> Prefix { get; } = new("--aws-prefix") { Description = "Prefix of every AWS resource name, e.g. prod- (env DEALER_AWS_NAME_PREFIX)" };

    public Option<string?> Endpoint { get; } = new("--aws-endpoint") { Description = "One endpoint for S3, SQS and DynamoDB, for local servers (env DEALER_AWS_ENDPOINT)" };

    public Option<string?> S3Endpoint { get; } = new("--aws-endpoint-s3") { Description = "S3 endpoint (env DEALER_AWS_ENDPOINT_S3)" };

    public Option<string?> SqsEndpoint { get; } = new("--aws-endpoint-sqs") { Description = "SQS endpoint (env DEALER_AWS_ENDPOINT_SQS)" };

    public Option<string?> DynamoDbEndpoint { get; } = new("--aws-endpoint-dynamodb") { Description = "DynamoDB endpoint (env DEALER_AWS_ENDPOINT_DYNAMODB)" };

    public Option<string?> OfferBucket { get; } = new("--offer-bucket") { Description = "Offer-store bucket (default <prefix>dealer-offers; env DEALER_OFFER_BUCKET)" };

    public Option<string?> ReceiptBucket { get; } = new("--receipt-bucket") { Description = "Receipt bucket (default <prefix>dealer-receipts; env DEALER_RECEIPT_BUCKET)" };

    public Option<string?> OfferTable { get; } = new("--offer-table") { Description = "Offer registry table (default <prefix>dealer-offers; env DEALER_OFFER_TABLE)" };

    public Option<string?> DealTable { get; } = new("--deal-table") { Description = "Deal-store table (default <prefix>dealer-deals; env DEALER_DEAL_TABLE)" };

    public Option<string?> RevocationTable { get; } = new("--revocation-table") { Description = "Revocation table (default <prefix>dealer-revocations; env DEALER_REVOCATION_TABLE)" };

    public Option<string?> LedgerTable { get; } = new("--ledger-table") { Description = "Deal ledger table (default <prefix>dealer-ledger; env DEALER_LEDGER_TABLE)" };

    public Option<string?> Queue { get; } = new("--queue") { Description = "Dealer-queue (default <prefix>dealer-queue; env DEALER_QUEUE)" };

    public Option<string?> DeadLetterQueue { get; } = new("--dead-letter-queue") { Description = "Dead-letter queue (default <prefix>dealer-queue-dlq; env DEALER_DEAD_LETTER_QUEUE)" };

    private IEnumerable<Option<string?>> All =>
    [
        Region, Prefix, Endpoint, S3Endpoint, SqsEndpoint, DynamoDbEndpoint, OfferBucket, ReceiptBucket, OfferTable, DealTable,
        RevocationTable, LedgerTable, Queue, DeadLetterQueue,
    ];

    /// <summary>Adds the flags to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The settings of the flags that were given.</summary>
    /// <exception cref="ArgumentException">An endpoint is not an absolute http(s) URL.</exception>
    public AwsSettings Bind(ParseResult result) => new()
    {
        Region = result.GetValue(Region),
        NamePrefix = result.GetValue(Prefix),
        Endpoint = ParseEndpoint(result.GetValue(Endpoint), Endpoint.Name),
        S3Endpoint = ParseEndpoint(result.GetValue(S3Endpoint), S3Endpoint.Name),
        SqsEndpoint = ParseEndpoint(result.GetValue(SqsEndpoint), SqsEndpoint.Name),
        DynamoDbEndpoint = ParseEndpoint(result.GetValue(DynamoDbEndpoint), DynamoDbEndpoint.Name),
        OfferBucket = result.GetValue(OfferBucket),
        ReceiptBucket = result.GetValue(ReceiptBucket),
        OfferTable = result.GetValue(OfferTable),
        DealTable = result.GetValue(DealTable),
        RevocationTable = result.GetValue(RevocationTable),
        LedgerTable = result.GetValue(LedgerTable),
        Queue = result.GetValue(Queue),
        DeadLetterQueue = result.GetValue(DeadLetterQueue),
    };

    private static Uri? ParseEndpoint(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        var uri = DealerEnvironment.ParseUrl(value, name);
        return uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps
            ? uri
            : throw new ArgumentException($"{name} must be an http(s) URL, got '{value}'.");
    }
}
