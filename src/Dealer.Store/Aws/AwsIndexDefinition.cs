namespace Dealer.Store.Aws;

/// <summary>A global secondary index (projection ALL).</summary>
/// <param name="Name">The index name.</param>
/// <param name="PartitionKey">The index partition key attribute.</param>
/// <param name="PartitionKeyType">Its DynamoDB scalar type (<c>S</c> or <c>N</c>).</param>
/// <param name="SortKey">The index sort key attribute.</param>
/// <param name="SortKeyType">Its DynamoDB scalar type.</param>
public sealed record AwsIndexDefinition(string Name, string PartitionKey, string PartitionKeyType, string SortKey, string SortKeyType);
