using System.Buffers.Text;
using System.Text.Json;
using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Validation;

/// <summary>
/// The few fields of a JWT-form UCAN proof (raw codec) the validator reports on. Such proofs can never be verified:
/// @ipld/dag-ucan re-serialises them canonically, so a JWT that did not round-trip (the only kind that stays in JWT form)
/// fails its signature check; we reach the same <see cref="InvalidSignature"/> without a JWT implementation.
/// </summary>
internal sealed record JwtProof(Cid Cid, string Issuer, string Audience, long? Expiration, long? NotBefore)
{
    private const int MaxPayloadLength = 64 * 1024;

    /// <summary>Reads <c>iss</c>, <c>aud</c>, <c>exp</c>, <c>nbf</c>; unreadable tokens get an unknown issuer.</summary>
    public static JwtProof Read(Cid cid, ReadOnlySpan<byte> token)
    {
        var unknown = new JwtProof(cid, "unknown", "unknown", null, null);
        var first = token.IndexOf((byte)'.');
        if (first < 0)
        {
            return unknown;
        }

        var rest = token[(first + 1)..];
        var second = rest.IndexOf((byte)'.');
        var payload = second < 0 ? rest : rest[..second];
        if (payload.Length > MaxPayloadLength)
        {
            return unknown;
        }

        try
        {
            var json = Base64Url.DecodeFromUtf8(payload);
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return unknown;
            }

            return new JwtProof(
                cid,
                ReadString(root, "iss") ?? "unknown",
                ReadString(root, "aud") ?? "unknown",
                ReadLong(root, "exp"),
                ReadLong(root, "nbf"));
        }
        catch (FormatException)
        {
            return unknown;
        }
        catch (JsonException)
        {
            return unknown;
        }
        catch (InvalidOperationException)
        {
            // A string with an escaped lone surrogate ("\ud800") parses but cannot be read as a .NET string.
            return unknown;
        }
    }

    private static string? ReadString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? ReadLong(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : null;
}
