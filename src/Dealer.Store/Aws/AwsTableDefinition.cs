namespace Dealer.Store.Aws;

/// <summary>A DynamoDB table the AWS backend uses: its base name and key schema (string partition key, on-demand billing).</summary>
/// <param name="BaseName">The table name before <see cref="AwsStoreOptions.NamePrefix"/> is applied.</param>
/// <param name="PartitionKey">The partition key attribute (type S).</param>
/// <param name="StatusIndex">The table's global secondary index, if any (<c>stat</c> on the deal table, <c>unqueued</c> on the offer registry).</param>
public sealed record AwsTableDefinition(string BaseName, string PartitionKey, AwsIndexDefinition? StatusIndex = null);
