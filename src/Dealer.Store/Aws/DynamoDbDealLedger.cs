using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Dealer.Store.Abstractions;
using static Dealer.Store.Aws.DynamoDbValues;

namespace Dealer.Store.Aws;

/// <summary>The operator ledger of broker verdicts in DynamoDB, one item per aggregate; a new verdict replaces the old.</summary>
internal sealed class DynamoDbDealLedger : IDealLedger
{
    private const string AggregateAttribute = "aggregate";
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

        if (response.Item is not { Count: > 0 } item)
        {
            return null;
        }

        return new DealVerdict(
            GetString(item, AggregateAttribute),
            GetBool(item, "approved"),
            GetOptionalLong(item, "dealId"),
            GetOptionalString(item, "provider"),
            GetOptionalString(item, "reason"),
            GetTime(item, "recordedAt"));
    }
}
