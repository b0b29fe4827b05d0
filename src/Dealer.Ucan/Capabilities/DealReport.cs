using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Capabilities;

/// <summary>
/// The ok value of <c>deal/add</c> and <c>aggregate/accept</c>: the aggregate is in a Filecoin deal,
/// <c>{aggregate, dataSource: {dealID}}</c>; <c>aggregate/accept</c> adds <c>dataType: 0</c> (the data source is a
/// Filecoin deal), as @web3-storage/filecoin-api answers.
/// </summary>
/// <param name="Aggregate">The aggregate's v2 piece CID.</param>
/// <param name="DealId">The deal's id on chain.</param>
public sealed record DealReport(Cid Aggregate, long DealId)
{
    /// <summary>The <c>dataSource</c> key.</summary>
    public const string DataSourceField = "dataSource";

    /// <summary>The <c>dataSource.dealID</c> key.</summary>
    public const string DealIdField = "dealID";

    /// <summary>The <c>dataType</c> key of the <c>aggregate/accept</c> form.</summary>
    public const string DataTypeField = "dataType";

    /// <summary>The IPLD form, <c>{aggregate, dataSource: {dealID}}</c>, plus <c>dataType: 0</c> when <paramref name="withDataType"/>.</summary>
    public IReadOnlyDictionary<string, object?> ToIpld(bool withDataType = false)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [DealCaveats.AggregateField] = Aggregate,
            [DataSourceField] = new Dictionary<string, object?>(StringComparer.Ordinal) { [DealIdField] = DealId },
        };
        if (withDataType)
        {
            map[DataTypeField] = 0L;
        }

        return map;
    }

    /// <summary>The report of an IPLD <c>{aggregate, dataSource: {dealID}}</c> (any <c>dataType</c>), or null.</summary>
    public static DealReport? FromIpld(object? ok) =>
        ok is IReadOnlyDictionary<string, object?> map
        && map.GetValueOrDefault(DealCaveats.AggregateField) is Cid aggregate
        && map.GetValueOrDefault(DataSourceField) is IReadOnlyDictionary<string, object?> dataSource
        && dataSource.GetValueOrDefault(DealIdField) is long dealId
            ? new DealReport(aggregate, dealId)
            : null;
}
