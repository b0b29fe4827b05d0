namespace Dealer.Store.Aws;

/// <summary>
/// The one place that names the AWS resources of the dealer and their key schemas. <see cref="AwsResources.InitAsync"/>
/// creates exactly these, and a test checks <c>deploy/cloudformation.yaml</c> against them. Deployed names are
/// <see cref="AwsStoreOptions.NamePrefix"/> followed by the base name.
/// </summary>
public static class AwsResourceDefinitions
{
    /// <summary>The offer-store bucket Spade reads; keys are <c>OfferRecord.Key</c>.</summary>
    public const string OfferBucket = "dealer-offers";

    /// <summary>The receipt bucket; keys are <c>receipts/&lt;invocation CID&gt;</c>.</summary>
    public const string ReceiptBucket = "dealer-receipts";

    /// <summary>The dealer-queue.</summary>
    public const string Queue = "dealer-queue";

    /// <summary>The dead-letter queue of <see cref="Queue"/>.</summary>
    public const string DeadLetterQueue = "dealer-queue-dlq";

    /// <summary>The key prefix of receipts in <see cref="ReceiptBucket"/>.</summary>
    public const string ReceiptKeyPrefix = "receipts/";

    /// <summary>
    /// The key prefix of error receipts in <see cref="ReceiptBucket"/>: kept apart so that they can expire (the dealer
    /// prunes them; a lifecycle rule on this prefix, as deploy/cloudformation.yaml sets, does the same on S3's side).
    /// </summary>
    public const string ErrorReceiptKeyPrefix = "error-receipts/";

    /// <summary>The <c>stat</c> index of the deal table: rows by status, oldest first.</summary>
    public static AwsIndexDefinition StatusIndex { get; } = new("stat-index", "stat", "N", "insertedAt", "S");

    /// <summary>The deal-store (seed schema: key <c>aggregate</c>, indexed <c>stat</c>).</summary>
    public static AwsTableDefinition DealTable { get; } = new("dealer-deals", "aggregate", StatusIndex);

    /// <summary>
    /// The sparse index of the offer registry: only offers registered and not yet queued carry <c>unqueued</c> (one of
    /// <see cref="UnqueuedShards"/> shard names, so that registrations spread over that many index partitions).
    /// </summary>
    public static AwsIndexDefinition UnqueuedIndex { get; } = new("unqueued-index", "unqueued", "S", "insertedAt", "S");

    /// <summary>How many partitions the <see cref="UnqueuedIndex"/> spreads over.</summary>
    public const int UnqueuedShards = 16;

    /// <summary>The offer registry: one row per aggregate, so that a re-offer writes no second object.</summary>
    public static AwsTableDefinition OfferTable { get; } = new("dealer-offers", "aggregate", UnqueuedIndex);

    /// <summary>Revoked delegations by CID.</summary>
    public static AwsTableDefinition RevocationTable { get; } = new("dealer-revocations", "delegation");

    /// <summary>The operator ledger of broker verdicts.</summary>
    public static AwsTableDefinition LedgerTable { get; } = new("dealer-ledger", "aggregate");

    /// <summary>Every table, in creation order.</summary>
    public static IReadOnlyList<AwsTableDefinition> Tables { get; } = [OfferTable, DealTable, RevocationTable, LedgerTable];

    /// <summary>Every bucket.</summary>
    public static IReadOnlyList<string> Buckets { get; } = [OfferBucket, ReceiptBucket];
}
