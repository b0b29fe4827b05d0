using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dealer.Store.Abstractions;

/// <summary>
/// The offer-store object body Spade reads, shared by every backend so that they all write the same bytes:
/// compact UTF-8 JSON <c>{"aggregate":"…","pieces":["…"],"tenant":"…","orderID":"…"}</c> in this property order,
/// with <c>orderID</c> the decimal string of <see cref="OfferRecord.OrderId"/>.
/// </summary>
public static class OfferJson
{
    // Relaxed escaping keeps '+', '<', '>', '&' and non-ASCII text as they are, like JavaScript's JSON.stringify.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Serializes the object body for <paramref name="offer"/>.</summary>
    public static byte[] Serialize(OfferRecord offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("aggregate", offer.Aggregate);
            writer.WriteStartArray("pieces");
            foreach (var piece in offer.Pieces)
            {
                writer.WriteStringValue(piece);
            }

            writer.WriteEndArray();
            writer.WriteString("tenant", offer.Tenant);
            writer.WriteString("orderID", offer.OrderId.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
