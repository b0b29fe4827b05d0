using System.Text.Json;

namespace Dealer.Store.Abstractions;

/// <summary>
/// The dealer-queue message body (what <see cref="IDealerQueue"/> carries): <c>{"aggregate":"bafkzcib…"}</c>. It names
/// the offer only; the offer itself is in the offer-store, which is written before the message is sent.
/// </summary>
public static class DealerQueueMessage
{
    /// <summary>The body for the offer of <paramref name="aggregate"/>.</summary>
    public static string Serialize(string aggregate)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        return JsonSerializer.Serialize(new Dictionary<string, string> { ["aggregate"] = aggregate });
    }

    /// <summary>Reads the aggregate out of a body; false when the body is not a message of this form.</summary>
    public static bool TryParse(string body, out string aggregate)
    {
        aggregate = "";
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("aggregate", out var value)
                && value.ValueKind == JsonValueKind.String
                && value.GetString() is { Length: > 0 } text)
            {
                aggregate = text;
                return true;
            }
        }
        catch (JsonException)
        {
            // Not JSON: reported as malformed below.
        }

        return false;
    }
}
