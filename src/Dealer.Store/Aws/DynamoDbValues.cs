using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Dealer.Store.Abstractions;

namespace Dealer.Store.Aws;

/// <summary>Reading and writing DynamoDB attribute values (timestamps as fixed-width UTC strings, so they sort).</summary>
internal static class DynamoDbValues
{
    // Fixed width and always UTC: lexicographic order is time order, which the stat index sorts by.
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Bool(bool value) => new() { BOOL = value };

    public static AttributeValue Time(DateTimeOffset value) =>
        new() { S = value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture) };

    public static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static AttributeValue StringList(IEnumerable<string> values) =>
        new() { L = values.Select(S).ToList() };

    public static string GetString(Dictionary<string, AttributeValue> item, string name) =>
        GetOptionalString(item, name) ?? throw Corrupt(name);

    public static string? GetOptionalString(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.S is not null ? value.S : null;

    public static long GetLong(Dictionary<string, AttributeValue> item, string name) =>
        GetOptionalLong(item, name) ?? throw Corrupt(name);

    public static long? GetOptionalLong(Dictionary<string, AttributeValue> item, string name) =>
        !item.TryGetValue(name, out var value) || value.N is null ? null
        : long.TryParse(value.N, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number
        : throw Corrupt(name);

    public static bool GetBool(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.BOOL == true;

    public static DateTimeOffset GetTime(Dictionary<string, AttributeValue> item, string name) =>
        DateTimeOffset.TryParseExact(GetString(item, name), TimestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw Corrupt(name);

    public static IReadOnlyList<string> GetStringList(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.L is not null
            ? value.L.Select(v => v.S ?? throw Corrupt(name)).ToArray()
            : throw Corrupt(name);

    // A row the dealer cannot read is a permanent store failure, not a caller error.
    private static StoreException Corrupt(string name) =>
        new($"The stored item has no valid '{name}' attribute.", isTransient: false);
}
