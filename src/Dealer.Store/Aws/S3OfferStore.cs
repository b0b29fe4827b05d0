using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Dealer.Store.Abstractions;
using static Dealer.Store.Aws.DynamoDbValues;

namespace Dealer.Store.Aws;

/// <summary>
/// The offer-store on S3 (the objects Spade reads) with a per-aggregate registry in DynamoDB. S3 writes cannot be
/// made conditional everywhere the dealer runs (local servers ignore <c>If-None-Match</c>), so the registry row,
/// inserted with <c>attribute_not_exists(aggregate)</c>, decides which offer of an aggregate wins; the object is
/// written after it, and rewritten by a later call if a crash left the row without its object.
/// </summary>
internal sealed class S3OfferStore : IOfferStore
{
    private const string AggregateAttribute = "aggregate";
    private static readonly string UnqueuedAttribute = AwsResourceDefinitions.UnqueuedIndex.PartitionKey;
    private readonly IAmazonS3 _s3;
    private readonly IAmazonDynamoDB _dynamoDb;
    private readonly string _bucket;
    private readonly string _table;

    public S3OfferStore(IAmazonS3 s3, IAmazonDynamoDB dynamoDb, string bucket, string table)
    {
        _s3 = s3;
        _dynamoDb = dynamoDb;
        _bucket = bucket;
        _table = table;
    }

    public async Task<OfferPutResult> PutAsync(OfferRecord offer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (await RegisterAsync(offer, cancellationToken) is not { } existing)
        {
            await WriteObjectAsync(offer, cancellationToken);
            return new OfferPutResult(offer, Created: true, Queued: false);
        }

        // A queued offer had its object written first; otherwise a crash may have come between row and object.
        if (!existing.Queued)
        {
            await WriteObjectIfMissingAsync(existing.Offer, cancellationToken);
        }

        return new OfferPutResult(existing.Offer, Created: false, existing.Queued);
    }

    public async Task MarkQueuedAsync(string aggregate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        try
        {
            // Removing `unqueued` takes the offer out of the sparse index the orphan repair reads.
            await _dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = new() { [AggregateAttribute] = S(aggregate) },
                UpdateExpression = "SET queued = :true REMOVE " + UnqueuedAttribute,
                ConditionExpression = "attribute_exists(#a)",
                ExpressionAttributeNames = new() { ["#a"] = AggregateAttribute },
                ExpressionAttributeValues = new() { [":true"] = Bool(true) },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException e)
        {
            // Marking an offer that was never put is a bug in the caller, not a store failure.
            throw new InvalidOperationException($"No offer is registered for {aggregate}.", e);
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Marking the offer of {aggregate} queued in {_table}");
        }
    }

    public async Task<OfferRecord?> FindAsync(string aggregate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        var item = await GetItemAsync(aggregate, cancellationToken);
        return item is null ? null : FromItem(item);
    }

    public async Task<bool?> IsQueuedAsync(string aggregate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        var item = await GetItemAsync(aggregate, cancellationToken);
        return item is null ? null : GetBool(item, "queued");
    }

    public async Task<byte[]?> GetBodyAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return await S3Objects.GetAsync(_s3, _bucket, key, cancellationToken);
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string? startAfter = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? continuation = null;
        do
        {
            var page = await ListPageAsync(startAfter, continuation, cancellationToken);
            foreach (var entry in page.S3Objects ?? [])
            {
                yield return entry.Key;
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
    }

    /// <remarks>
    /// Queries each shard of the sparse <c>unqueued</c> index (only unqueued offers are in it), so the cost follows the
    /// number of unfinished offers, not the size of the registry. The index is eventually consistent: an offer marked
    /// queued a moment ago may still be listed, and queueing it again only costs a duplicate message.
    /// </remarks>
    public async IAsyncEnumerable<OfferRecord> ListUnqueuedAsync(DateTimeOffset insertedBefore,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var index = AwsResourceDefinitions.UnqueuedIndex;
        for (var shard = 0; shard < AwsResourceDefinitions.UnqueuedShards; shard++)
        {
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                QueryResponse page;
                try
                {
                    page = await _dynamoDb.QueryAsync(new QueryRequest
                    {
                        TableName = _table,
                        IndexName = index.Name,
                        KeyConditionExpression = "#u = :shard AND #t < :before",
                        ExpressionAttributeNames = new() { ["#u"] = index.PartitionKey, ["#t"] = index.SortKey },
                        ExpressionAttributeValues = new()
                        {
                            [":shard"] = S(ShardName(shard)),
                            [":before"] = Time(insertedBefore),
                        },
                        ExclusiveStartKey = start,
                    }, cancellationToken);
                }
                catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
                {
                    throw AwsErrors.Store(e, $"Listing the unqueued offers in {_table}");
                }

                foreach (var item in page.Items ?? [])
                {
                    if (!GetBool(item, "queued"))
                    {
                        yield return FromItem(item);
                    }
                }

                start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (start is not null);
        }
    }

    /// <remarks>
    /// Nothing to scan for: on S3 an offer is marked queued only after its object was written (see
    /// <see cref="AwsOfferCommitter"/>), so an offer without its object is unqueued, and finishing the unqueued
    /// offers (<see cref="ListUnqueuedAsync"/>, then a commit) writes its object.
    /// </remarks>
    public Task<int> RepairObjectsAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);

    /// <summary>Writes the object of <paramref name="offer"/> unless it exists (after a crash between registry and object).</summary>
    internal async Task WriteObjectIfMissingAsync(OfferRecord offer, CancellationToken cancellationToken)
    {
        if (!await ObjectExistsAsync(offer.Key, cancellationToken))
        {
            await WriteObjectAsync(offer, cancellationToken);
        }
    }

    /// <summary>Writes the object of <paramref name="offer"/>.</summary>
    internal Task WriteObjectAsync(OfferRecord offer, CancellationToken cancellationToken) =>
        S3Objects.PutAsync(_s3, _bucket, offer.Key, OfferJson.Serialize(offer), "application/json", cancellationToken);

    /// <summary>
    /// Registers <paramref name="offer"/> unless its aggregate is registered: returns null when this call registered
    /// it, else the registered offer and whether it is queued. Writes no object.
    /// </summary>
    internal async Task<(OfferRecord Offer, bool Queued)?> RegisterAsync(OfferRecord offer, CancellationToken cancellationToken)
    {
        try
        {
            await _dynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = _table,
                Item = ToItem(offer),
                ConditionExpression = "attribute_not_exists(#a)",
                ExpressionAttributeNames = new() { ["#a"] = AggregateAttribute },
                ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            }, cancellationToken);
            return null;
        }
        catch (ConditionalCheckFailedException e)
        {
            // Servers that ignore ReturnValuesOnConditionCheckFailure return no item; read it then.
            var existing = e.Item is { Count: > 0 } ? e.Item : await GetItemAsync(offer.Aggregate, cancellationToken)
                ?? throw new StoreException($"The offer registry row of {offer.Aggregate} vanished.", isTransient: true);
            return (FromItem(existing), GetBool(existing, "queued"));
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Registering the offer of {offer.Aggregate} in {_table}");
        }
    }

    private static string UnqueuedShard(string aggregate)
    {
        // A stable hash (not string.GetHashCode, which differs per process) spreads aggregates over the shards.
        var hash = 2166136261u;
        foreach (var c in aggregate)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return ShardName((int)(hash % AwsResourceDefinitions.UnqueuedShards));
    }

    private static string ShardName(int shard) => "s" + shard.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Uri UriFor(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        // Keys are "<timestamp> <CID>": Uri escapes the space (AbsoluteUri) and ToString() shows the key as it is.
        return new Uri($"s3://{_bucket}/{key}");
    }

    private async Task<ListObjectsV2Response> ListPageAsync(string? startAfter, string? continuation, CancellationToken cancellationToken)
    {
        try
        {
            // S3 lists in UTF-8 byte order, which is arrival order for the timestamp-first keys.
            return await _s3.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = _bucket,
                StartAfter = continuation is null ? startAfter : null,
                ContinuationToken = continuation,
            }, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Listing the offers in s3://{_bucket}");
        }
    }

    private async Task<bool> ObjectExistsAsync(string key, CancellationToken cancellationToken) =>
        await S3Objects.ExistsAsync(_s3, _bucket, key, cancellationToken);

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string aggregate, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _dynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = _table,
                Key = new() { [AggregateAttribute] = S(aggregate) },
                ConsistentRead = true,
            }, cancellationToken);
            return response.Item is { Count: > 0 } item ? item : null;
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Reading the offer of {aggregate} from {_table}");
        }
    }

    private static Dictionary<string, AttributeValue> ToItem(OfferRecord offer)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [AggregateAttribute] = S(offer.Aggregate),
            ["key"] = S(offer.Key),
            ["pieces"] = StringList(offer.Pieces),
            ["piecesLink"] = S(offer.PiecesLink),
            ["tenant"] = S(offer.Tenant),
            ["storefront"] = S(offer.Storefront),
            ["invocation"] = S(offer.Invocation),
            ["insertedAt"] = Time(offer.InsertedAt),
            ["queued"] = Bool(false),
            [UnqueuedAttribute] = S(UnqueuedShard(offer.Aggregate)),
        };
        if (offer.Label is not null)
        {
            item["label"] = S(offer.Label);
        }

        return item;
    }

    private static OfferRecord FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        Aggregate = GetString(item, AggregateAttribute),
        Pieces = GetStringList(item, "pieces"),
        PiecesLink = GetString(item, "piecesLink"),
        Tenant = GetString(item, "tenant"),
        Label = GetOptionalString(item, "label"),
        Storefront = GetString(item, "storefront"),
        Invocation = GetString(item, "invocation"),
        InsertedAt = GetTime(item, "insertedAt"),
    };
}
