using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Dealer.Store.Abstractions;
using static Dealer.Store.Aws.DynamoDbValues;

namespace Dealer.Store.Aws;

/// <summary>Revoked delegations in DynamoDB, one item per CID (partition key <c>delegation</c>); the first revocation is kept.</summary>
internal sealed class DynamoDbRevocationStore : IRevocationStore
{
    private const string DelegationAttribute = "delegation";
    private const int BatchGetLimit = 100;
    private readonly IAmazonDynamoDB _dynamoDb;
    private readonly string _table;

    public DynamoDbRevocationStore(IAmazonDynamoDB dynamoDb, string table)
    {
        _dynamoDb = dynamoDb;
        _table = table;
    }

    public async Task RevokeAsync(string delegation, string? reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(delegation);
        var item = new Dictionary<string, AttributeValue>
        {
            [DelegationAttribute] = S(delegation),
            ["revokedAt"] = Time(at),
        };
        if (reason is not null)
        {
            item["reason"] = S(reason);
        }

        try
        {
            await _dynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = _table,
                Item = item,
                ConditionExpression = "attribute_not_exists(#d)",
                ExpressionAttributeNames = new() { ["#d"] = DelegationAttribute },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Already revoked: the first revocation (and its time) stands.
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Revoking {delegation} in {_table}");
        }
    }

    public async Task<string?> FindRevokedAsync(IReadOnlyCollection<string> delegations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegations);
        // BatchGetItem refuses duplicate keys and takes at most 100 of them.
        var distinct = delegations.Distinct(StringComparer.Ordinal).ToList();
        var revoked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in distinct.Chunk(BatchGetLimit))
        {
            await ReadChunkAsync(chunk, revoked, cancellationToken);
        }

        return delegations.FirstOrDefault(revoked.Contains);
    }

    private async Task ReadChunkAsync(string[] chunk, HashSet<string> revoked, CancellationToken cancellationToken)
    {
        var keys = new KeysAndAttributes
        {
            Keys = chunk.Select(d => new Dictionary<string, AttributeValue> { [DelegationAttribute] = S(d) }).ToList(),
            ConsistentRead = true,
            ProjectionExpression = "#d",
            ExpressionAttributeNames = new() { ["#d"] = DelegationAttribute },
        };
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 0; ; attempt++)
        {
            BatchGetItemResponse response;
            try
            {
                response = await _dynamoDb.BatchGetItemAsync(new BatchGetItemRequest
                {
                    RequestItems = new() { [_table] = keys },
                }, cancellationToken);
            }
            catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
            {
                throw AwsErrors.Store(e, $"Reading revocations from {_table}");
            }

            if (response.Responses?.TryGetValue(_table, out var items) == true)
            {
                foreach (var item in items)
                {
                    revoked.Add(GetString(item, DelegationAttribute));
                }
            }

            // Unprocessed keys are throttled reads the SDK does not retry on its own.
            KeysAndAttributes? unprocessed = null;
            if (response.UnprocessedKeys?.TryGetValue(_table, out unprocessed) != true || unprocessed?.Keys is not { Count: > 0 })
            {
                return;
            }

            if (attempt >= 8)
            {
                throw new StoreException($"Reading revocations from {_table} was throttled repeatedly.", isTransient: true);
            }

            keys = unprocessed;
            await Task.Delay(delay, cancellationToken);
            delay *= 2;
        }
    }
}
