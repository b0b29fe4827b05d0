using System.Globalization;
using System.Text.Json;

namespace Dealer.Store.Abstractions;

/// <summary>
/// The offer-store object body Spade reads, shared by every backend so that they all write the same bytes:
/// compact UTF-8 JSON <c>{"aggregate":"…","pieces":["…"],"tenant":"…","orderID":"…"}</c> in this property order,
/// with <c>orderID</c> the decimal string of <see cref="OfferRecord.OrderId"/>, strings escaped as JavaScript's
/// <c>JSON.stringify</c> escapes them.
/// </summary>
public static class OfferJson
{
    private static ReadOnlySpan<byte> AggregateStart => "{\"aggregate\":"u8;

    private static ReadOnlySpan<byte> PiecesStart => ",\"pieces\":"u8;

    private static ReadOnlySpan<byte> TenantStart => ",\"tenant\":"u8;

    private static ReadOnlySpan<byte> OrderIdStart => ",\"orderID\":\""u8;

    private static ReadOnlySpan<byte> End => "\"}"u8;

    /// <summary>Serializes the object body for <paramref name="offer"/>.</summary>
    public static byte[] Serialize(OfferRecord offer) => Serialize(offer, out _);

    /// <summary>
    /// Serializes the object body for <paramref name="offer"/> into one array of its exact size, the pieces written
    /// straight from the offer's <see cref="OfferPieces"/>; <paramref name="pieces"/> is where their JSON array is in it.
    /// </summary>
    public static byte[] Serialize(OfferRecord offer, out Range pieces)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var list = OfferPieces.Of(offer.Pieces);
        var aggregate = JsonEncodedText.Encode(offer.Aggregate, OfferPieces.WriterOptions.Encoder);
        var tenant = JsonEncodedText.Encode(offer.Tenant, OfferPieces.WriterOptions.Encoder);
        Span<byte> orderId = stackalloc byte[20];
        if (!offer.OrderId.TryFormat(orderId, out var orderIdLength, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("An orderID has at most 20 digits.");
        }

        var piecesLength = list.JsonLength;
        var body = GC.AllocateUninitializedArray<byte>(
            AggregateStart.Length + aggregate.EncodedUtf8Bytes.Length + 2 + PiecesStart.Length + piecesLength + TenantStart.Length
            + tenant.EncodedUtf8Bytes.Length + 2 + OrderIdStart.Length + orderIdLength + End.Length);
        var at = Append(body, 0, AggregateStart);
        at = AppendString(body, at, aggregate.EncodedUtf8Bytes);
        at = Append(body, at, PiecesStart);
        var piecesAt = at;
        at += list.WriteJson(body.AsSpan(at, piecesLength));
        pieces = piecesAt..at;
        at = Append(body, at, TenantStart);
        at = AppendString(body, at, tenant.EncodedUtf8Bytes);
        at = Append(body, at, OrderIdStart);
        at = Append(body, at, orderId[..orderIdLength]);
        at = Append(body, at, End);
        return at == body.Length ? body : throw new InvalidOperationException("The offer JSON did not fill its computed length.");
    }

    private static int Append(byte[] body, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(body.AsSpan(at));
        return at + bytes.Length;
    }

    private static int AppendString(byte[] body, int at, ReadOnlySpan<byte> escaped)
    {
        body[at] = (byte)'"';
        escaped.CopyTo(body.AsSpan(at + 1));
        body[at + 1 + escaped.Length] = (byte)'"';
        return at + escaped.Length + 2;
    }
}
