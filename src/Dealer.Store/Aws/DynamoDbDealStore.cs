using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Dealer.Store.Abstractions;
using static Dealer.Store.Aws.DynamoDbValues;

namespace Dealer.Store.Aws;

/// <summary>
/// The deal-store on DynamoDB: one item per aggregate (partition key <c>aggregate</c>), inserted with
/// <c>attribute_not_exists(aggregate)</c> and moved between statuses with <c>stat = :expected</c>. Rows by status are
/// read from the <c>stat</c> global secondary index, which is eventually consistent: a row inserted or transitioned
/// a moment ago may be missing from (or still listed under its old status in) <see cref="ListByStatusAsync"/>, so
/// callers re-check a listed row with <see cref="GetAsync"/> (strongly consistent) or a conditional transition.
/// </summary>
internal sealed class DynamoDbDealStore : IDealStore
{
    private const string AggregateAttribute = "aggregate";
    private const string StatusAttribute = "stat";
    private const string InsertedAtAttribute = "insertedAt";
    private readonly IAmazonDynamoDB _dynamoDb;
    private readonly string _table;

    public DynamoDbDealStore(IAmazonDynamoDB dynamoDb, string table)
    {
        _dynamoDb = dynamoDb;
        _table = table;
    }

    public async Task<bool> InsertAsync(DealRecord deal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deal);
        try
        {
            await _dynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = _table,
                Item = ToItem(deal),
                ConditionExpression = "attribute_not_exists(#a)",
                ExpressionAttributeNames = new() { ["#a"] = AggregateAttribute },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Inserting the deal of {deal.Aggregate} into {_table}");
        }
    }

    public async Task<DealRecord?> GetAsync(string aggregate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        try
        {
            var response = await _dynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = _table,
                Key = new() { [AggregateAttribute] = S(aggregate) },
                ConsistentRead = true,
            }, cancellationToken);
            return response.Item is { Count: > 0 } item ? FromItem(item) : null;
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Reading the deal of {aggregate} from {_table}");
        }
    }

    public async Task<bool> TransitionAsync(string aggregate, DealStatus expected, DealTransition update,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        ArgumentNullException.ThrowIfNull(update);
        var values = new Dictionary<string, AttributeValue>
        {
            [":expected"] = N((long)expected),
            [":status"] = N((long)update.Status),
            [":at"] = Time(update.At),
        };
        var set = new List<string> { "#s = :status", "updatedAt = :at" };
        var remove = new List<string>();
        // The row mirrors the transition: fields the new state does not have are removed.
        void Field(string name, AttributeValue? value)
        {
            if (value is null)
            {
                remove.Add(name);
            }
            else
            {
                values[":" + name] = value;
                set.Add($"{name} = :{name}");
            }
        }

        Field("dealId", update.DealId is { } dealId ? N(dealId) : null);
        Field("provider", update.Provider is { } provider ? S(provider) : null);
        Field("reason", update.Reason is { } reason ? S(reason) : null);

        var expression = "SET " + string.Join(", ", set) + (remove.Count > 0 ? " REMOVE " + string.Join(", ", remove) : "");
        try
        {
            await _dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = new() { [AggregateAttribute] = S(aggregate) },
                UpdateExpression = expression,
                ConditionExpression = "attribute_exists(#a) AND #s = :expected",
                ExpressionAttributeNames = new() { ["#a"] = AggregateAttribute, ["#s"] = StatusAttribute },
                ExpressionAttributeValues = values,
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Moving the deal of {aggregate} to {update.Status} in {_table}");
        }
    }

    public async Task<DealPage> ListByStatusAsync(DealStatus status, string? cursor, int limit,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var start = cursor is null ? null : DealCursor.Decode(cursor, (long)status);
        var items = new List<Dictionary<string, AttributeValue>>();
        try
        {
            // One item more than asked tells whether another page exists, so the last page has no cursor.
            // A page can also stop at 1 MB with fewer items, hence the loop.
            do
            {
                var request = StatusQuery(status);
                request.ExclusiveStartKey = start;
                request.Limit = limit + 1 - items.Count;
                var response = await _dynamoDb.QueryAsync(request, cancellationToken);
                items.AddRange(response.Items ?? []);
                start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (items.Count <= limit && start is not null);
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Listing {status} deals from {_table}");
        }

        var page = items.Take(limit).Select(FromItem).ToArray();
        var next = items.Count > limit
            ? DealCursor.Encode(items[limit - 1][AggregateAttribute].S, (long)status, items[limit - 1][InsertedAtAttribute].S)
            : null;
        return new DealPage(page, next);
    }

    /// <remarks>
    /// Two reads of the <c>stat</c> index: a <c>Select = COUNT</c> query (paged at 1 MB of index entries, so its cost
    /// grows with the rows of that status) and a one-item query for the oldest <c>insertedAt</c>.
    /// </remarks>
    public async Task<DealStatusSummary> SummarizeAsync(DealStatus status, CancellationToken cancellationToken = default)
    {
        try
        {
            var count = 0L;
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var request = StatusQuery(status);
                request.Select = Select.COUNT;
                request.ExclusiveStartKey = start;
                var response = await _dynamoDb.QueryAsync(request, cancellationToken);
                count += response.Count ?? 0;
                start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (start is not null);

            if (count == 0)
            {
                return new DealStatusSummary(0, null);
            }

            var oldest = StatusQuery(status);
            oldest.Limit = 1;
            oldest.ProjectionExpression = "#i";
            oldest.ExpressionAttributeNames["#i"] = InsertedAtAttribute;
            var first = await _dynamoDb.QueryAsync(oldest, cancellationToken);
            return new DealStatusSummary(count, first.Items is [var item, ..] ? GetTime(item, InsertedAtAttribute) : null);
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Summarizing {status} deals in {_table}");
        }
    }

    /// <summary>The rows of one status on <c>stat-index</c>, oldest first.</summary>
    private QueryRequest StatusQuery(DealStatus status) => new()
    {
        TableName = _table,
        IndexName = AwsResourceDefinitions.StatusIndex.Name,
        KeyConditionExpression = "#s = :status",
        ExpressionAttributeNames = new() { ["#s"] = StatusAttribute },
        ExpressionAttributeValues = new() { [":status"] = N((long)status) },
        ScanIndexForward = true,
    };

    private static Dictionary<string, AttributeValue> ToItem(DealRecord deal)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [AggregateAttribute] = S(deal.Aggregate),
            ["storefront"] = S(deal.Storefront),
            ["offer"] = S(deal.Offer),
            ["piecesLink"] = S(deal.PiecesLink),
            ["tenant"] = S(deal.Tenant),
            [StatusAttribute] = N((long)deal.Status),
            [InsertedAtAttribute] = Time(deal.InsertedAt),
            ["updatedAt"] = Time(deal.UpdatedAt),
        };
        if (deal.Label is not null)
        {
            item["label"] = S(deal.Label);
        }

        if (deal.DealId is { } dealId)
        {
            item["dealId"] = N(dealId);
        }

        if (deal.Provider is not null)
        {
            item["provider"] = S(deal.Provider);
        }

        if (deal.Reason is not null)
        {
            item["reason"] = S(deal.Reason);
        }

        return item;
    }

    private static DealRecord FromItem(Dictionary<string, AttributeValue> item)
    {
        var stat = GetLong(item, StatusAttribute);
        if (!Enum.IsDefined(typeof(DealStatus), (int)stat))
        {
            throw new StoreException(
                $"The deal of {GetString(item, AggregateAttribute)} has an unknown stat {stat.ToString(CultureInfo.InvariantCulture)}.",
                isTransient: false);
        }

        return new DealRecord
        {
            Aggregate = GetString(item, AggregateAttribute),
            Storefront = GetString(item, "storefront"),
            Offer = GetString(item, "offer"),
            PiecesLink = GetString(item, "piecesLink"),
            Tenant = GetString(item, "tenant"),
            Label = GetOptionalString(item, "label"),
            Status = (DealStatus)stat,
            InsertedAt = GetTime(item, InsertedAtAttribute),
            UpdatedAt = GetTime(item, "updatedAt"),
            DealId = GetOptionalLong(item, "dealId"),
            Provider = GetOptionalString(item, "provider"),
            Reason = GetOptionalString(item, "reason"),
        };
    }
}
