using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Dealer.Store.Abstractions;
using static Dealer.Store.Aws.DynamoDbValues;

namespace Dealer.Store.Aws;

/// <summary>
/// The operator ledger of broker verdicts in DynamoDB, one item per aggregate; a new verdict replaces the old. Every
/// approved deal since the last rejection is kept in the same item as an attribute <c>deal#&lt;id&gt;</c> holding its
/// provider: an approval is an update that sets its own deal attribute beside the others, a rejection a put that
/// replaces the whole item.
/// </summary>
internal sealed class DynamoDbDealLedger : IDealLedger
{
    private const string AggregateAttribute = "aggregate";
    private const string DealPrefix = "deal#";
    private const string InvalidPiecesAttribute = "invalidPieces";
    private readonly IAmazonDynamoDB _dynamoDb;
    private readonly string _table;

    public DynamoDbDealLedger(IAmazonDynamoDB dynamoDb, string table)
    {
        _dynamoDb = dynamoDb;
        _table = table;
    }

    public async Task RecordAsync(DealVerdict verdict, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentException.ThrowIfNullOrEmpty(verdict.Aggregate);
        if (verdict is { Approved: true, DealId: { } approvedDeal })
        {
            await RecordApprovalAsync(verdict, approvedDeal, cancellationToken).ConfigureAwait(false);
            return;
        }

        var item = new Dictionary<string, AttributeValue>
        {
            [AggregateAttribute] = S(verdict.Aggregate),
            ["approved"] = Bool(verdict.Approved),
            ["recordedAt"] = Time(verdict.RecordedAt),
        };
        if (verdict.DealId is { } dealId)
        {
            item["dealId"] = N(dealId);
        }

        if (verdict.Provider is not null)
        {
            item["provider"] = S(verdict.Provider);
        }

        if (verdict.Reason is not null)
        {
            item["reason"] = S(verdict.Reason);
        }

        if (verdict.InvalidPieces.Count > 0)
        {
            item[InvalidPiecesAttribute] = StringList(verdict.InvalidPieces);
        }

        try
        {
            await _dynamoDb.PutItemAsync(new PutItemRequest { TableName = _table, Item = item }, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Recording the verdict for {verdict.Aggregate} in {_table}");
        }
    }

    public async Task<DealVerdict?> GetAsync(string aggregate, CancellationToken cancellationToken = default)
    {
        if (await ReadAsync(aggregate, cancellationToken).ConfigureAwait(false) is not { } item)
        {
            return null;
        }

        return new DealVerdict(
            GetString(item, AggregateAttribute),
            GetBool(item, "approved"),
            GetOptionalLong(item, "dealId"),
            GetOptionalString(item, "provider"),
            GetOptionalString(item, "reason"),
            GetTime(item, "recordedAt"))
        {
            InvalidPieces = item.ContainsKey(InvalidPiecesAttribute) ? GetStringList(item, InvalidPiecesAttribute) : [],
        };
    }

    public async Task<IReadOnlyList<LedgerDeal>> ListDealsAsync(string aggregate, CancellationToken cancellationToken = default)
    {
        if (await ReadAsync(aggregate, cancellationToken).ConfigureAwait(false) is not { } item || !GetBool(item, "approved"))
        {
            return [];
        }

        var deals = new SortedDictionary<long, string>();
        foreach (var (name, value) in item)
        {
            if (name.StartsWith(DealPrefix, StringComparison.Ordinal)
                && long.TryParse(name.AsSpan(DealPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var dealId))
            {
                deals[dealId] = value.S ?? "";
            }
        }

        // An item written before deals were listed holds its one deal only as dealId/provider.
        if (deals.Count == 0 && GetOptionalLong(item, "dealId") is { } only)
        {
            deals[only] = GetOptionalString(item, "provider") ?? "";
        }

        return deals.Select(deal => new LedgerDeal(deal.Key, deal.Value)).ToList();
    }

    private async Task RecordApprovalAsync(DealVerdict verdict, long dealId, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":approved"] = Bool(true),
            [":recordedAt"] = Time(verdict.RecordedAt),
            [":dealId"] = N(dealId),
            [":deal"] = S(verdict.Provider ?? ""),
        };
        var set = "approved = :approved, recordedAt = :recordedAt, dealId = :dealId, #deal = :deal";
        var remove = new List<string>();
        if (verdict.Provider is not null)
        {
            values[":provider"] = S(verdict.Provider);
            set += ", provider = :provider";
        }
        else
        {
            remove.Add("provider");
        }

        if (verdict.Reason is not null)
        {
            values[":reason"] = S(verdict.Reason);
            set += ", reason = :reason";
        }
        else
        {
            remove.Add("reason");
        }

        remove.Add(InvalidPiecesAttribute);

        try
        {
            await _dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = new() { [AggregateAttribute] = S(verdict.Aggregate) },
                UpdateExpression = "SET " + set + (remove.Count > 0 ? " REMOVE " + string.Join(", ", remove) : ""),
                ExpressionAttributeNames = new() { ["#deal"] = DealPrefix + dealId.ToString(CultureInfo.InvariantCulture) },
                ExpressionAttributeValues = values,
            }, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Recording the verdict for {verdict.Aggregate} in {_table}");
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> ReadAsync(string aggregate, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        GetItemResponse response;
        try
        {
            response = await _dynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = _table,
                Key = new() { [AggregateAttribute] = S(aggregate) },
                ConsistentRead = true,
            }, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Reading the verdict for {aggregate} from {_table}");
        }

        return response.Item is { Count: > 0 } item ? item : null;
    }
}
