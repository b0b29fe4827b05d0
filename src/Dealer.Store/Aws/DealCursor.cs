using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace Dealer.Store.Aws;

/// <summary>
/// The opaque cursor of <see cref="DynamoDbDealStore.ListByStatusAsync"/>: the index key of the last row of a page
/// (<c>aggregate</c>, <c>stat</c>, <c>insertedAt</c>) as base64url JSON, handed back to DynamoDB as ExclusiveStartKey.
/// </summary>
internal static class DealCursor
{
    public static string Encode(string aggregate, long status, string insertedAt)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("a", aggregate);
            writer.WriteNumber("s", status);
            writer.WriteString("i", insertedAt);
            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <exception cref="ArgumentException">The cursor was not made by <see cref="Encode"/> for this status.</exception>
    public static Dictionary<string, AttributeValue> Decode(string cursor, long status)
    {
        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(cursor));
            var root = document.RootElement;
            var aggregate = root.GetProperty("a").GetString();
            var insertedAt = root.GetProperty("i").GetString();
            if (string.IsNullOrEmpty(aggregate) || string.IsNullOrEmpty(insertedAt) || root.GetProperty("s").GetInt64() != status)
            {
                throw new ArgumentException("The cursor does not belong to this listing.", nameof(cursor));
            }

            return new Dictionary<string, AttributeValue>
            {
                ["aggregate"] = new() { S = aggregate },
                ["stat"] = new() { N = status.ToString(CultureInfo.InvariantCulture) },
                ["insertedAt"] = new() { S = insertedAt },
            };
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ArgumentException("The cursor is not one returned by ListByStatusAsync.", nameof(cursor), e);
        }
    }
}
