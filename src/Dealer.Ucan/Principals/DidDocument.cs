using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Dealer.Ucan.Principals;

/// <summary>
/// did:web DID documents (<c>https://&lt;host&gt;/.well-known/did.json</c>): writing the dealer's own, and reading the
/// keys out of another service's.
/// </summary>
/// <remarks>
/// The deployed JS resolver (@storacha/principal-resolver <c>HTTPResolver</c>) turns every
/// <c>verificationMethod[].publicKeyMultibase</c> into <c>did:key:&lt;value&gt;</c> and verifies the UCAN with
/// each; <see cref="KeysFromDocument(string)"/> does the same conversion.
/// </remarks>
public static class DidDocument
{
    private const string KeyFragment = "#owner";

    /// <summary>The JSON DID document that publishes <paramref name="key"/> as the key of <paramref name="didWeb"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="didWeb"/> is not a valid did:web.</exception>
    public static string ForDidWeb(string didWeb, Ed25519Verifier key)
    {
        ArgumentNullException.ThrowIfNull(didWeb);
        ArgumentNullException.ThrowIfNull(key);
        if (!didWeb.StartsWith("did:web:", StringComparison.Ordinal) || !Did.IsValid(didWeb))
        {
            throw new ArgumentException($"\"{didWeb}\" is not a valid did:web.", nameof(didWeb));
        }

        var keyId = didWeb + KeyFragment;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteStartArray("@context");
            json.WriteStringValue("https://www.w3.org/ns/did/v1");
            json.WriteStringValue("https://w3id.org/security/suites/ed25519-2020/v1");
            json.WriteEndArray();
            json.WriteString("id", didWeb);
            json.WriteStartArray("verificationMethod");
            json.WriteStartObject();
            json.WriteString("id", keyId);
            json.WriteString("type", "Ed25519VerificationKey2020");
            json.WriteString("controller", didWeb);
            json.WriteString("publicKeyMultibase", key.Multikey);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("authentication");
            json.WriteStringValue(keyId);
            json.WriteEndArray();
            json.WriteStartArray("assertionMethod");
            json.WriteStringValue(keyId);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// The did:keys a DID document publishes: <c>did:key:</c> + each <c>verificationMethod[].publicKeyMultibase</c>,
    /// in document order, without duplicates. Methods without a multibase key (e.g. JWK ones) and values that do not
    /// form a valid DID are skipped; a document without <c>verificationMethod</c> yields no keys.
    /// </summary>
    /// <exception cref="FormatException">Not JSON, not an object, or <c>verificationMethod</c> is not an array.</exception>
    public static IReadOnlyList<string> KeysFromDocument(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = ParseObject(json);
        return ReadKeys(document.RootElement);
    }

    /// <summary>
    /// Like <see cref="KeysFromDocument(string)"/>, but requires the document's <c>id</c> to be
    /// <paramref name="expectedDid"/>, so a document served for one DID cannot vouch for another.
    /// </summary>
    /// <exception cref="FormatException">The document is malformed or its <c>id</c> differs.</exception>
    public static IReadOnlyList<string> KeysFromDocument(string json, string expectedDid)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(expectedDid);
        using var document = ParseObject(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
            || !TryGetString(id, out var idText) || !string.Equals(idText, expectedDid, StringComparison.Ordinal))
        {
            throw new FormatException($"The DID document is not the document of {expectedDid}.");
        }

        return ReadKeys(root);
    }

    private static JsonDocument ParseObject(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new FormatException("The DID document is not valid JSON.", e);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new FormatException("The DID document is not a JSON object.");
        }

        return document;
    }

    private static List<string> ReadKeys(JsonElement root)
    {
        var keys = new List<string>();
        if (!root.TryGetProperty("verificationMethod", out var methods))
        {
            return keys;
        }

        if (methods.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("The DID document's verificationMethod is not an array.");
        }

        foreach (var method in methods.EnumerateArray())
        {
            if (method.ValueKind != JsonValueKind.Object
                || !method.TryGetProperty("publicKeyMultibase", out var multibase)
                || multibase.ValueKind != JsonValueKind.String
                || !TryGetString(multibase, out var key))
            {
                continue;
            }

            var did = "did:key:" + key;
            if (Did.IsValid(did) && !keys.Contains(did))
            {
                keys.Add(did);
            }
        }

        return keys;
    }

    /// <summary>Reads a JSON string; false for one with an escaped lone surrogate, which has no .NET string.</summary>
    private static bool TryGetString(JsonElement element, [NotNullWhen(true)] out string? value)
    {
        try
        {
            value = element.GetString();
            return value is not null;
        }
        catch (InvalidOperationException)
        {
            value = null;
            return false;
        }
    }
}
