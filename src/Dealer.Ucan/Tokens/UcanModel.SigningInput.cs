using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;

namespace Dealer.Ucan.Tokens;

public sealed partial class UcanModel
{
    // Replaced as a whole, so readers on other threads see a consistent entry; its array is never handed out.
    private static HeaderCacheEntry? _lastHeader;

    /// <summary>
    /// The bytes the issuer signs: UTF-8 of <c>base64url(dagjson(header)) "." base64url(dagjson(payload))</c> without
    /// padding, where header = <c>{"alg", "typ": "JWT", "ucv": v}</c> and payload = <c>{att, aud, exp, [fct], iss,
    /// [nbf], [nnc], prf}</c> with DID strings and CID strings (dag-ucan <c>formatter.js</c> <c>formatSignPayload</c>).
    /// The <c>alg</c> is the signature's algorithm name.
    /// </summary>
    /// <exception cref="InvalidOperationException">The signature's varsig code has no JWT algorithm name.</exception>
    public byte[] SigningInput() => SigningInput(
        Signature.Algorithm ?? throw new InvalidOperationException($"Signature code 0x{Signature.Code:x} has no JWT algorithm name."));

    /// <summary>The signing input with an explicit <c>alg</c> (see <see cref="SigningInput()"/>).</summary>
    public byte[] SigningInput(string algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return FormatSigningInput(algorithm, Version, Issuer, Audience, Capabilities, Expiration, NotBefore, Nonce, Facts, Proofs);
    }

    /// <summary>The header JSON of the signing input, e.g. <c>{"alg":"EdDSA","typ":"JWT","ucv":"0.9.1"}</c>.</summary>
    public static string FormatHeaderJson(string algorithm, string version) =>
        DagJson.Encode(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["alg"] = algorithm,
            ["ucv"] = version,
            ["typ"] = "JWT",
        });

    /// <summary>The payload JSON of the signing input (see <see cref="SigningInput()"/>).</summary>
    public string FormatPayloadJson()
    {
        var payload = DagJson.RentBuilder();
        try
        {
            WritePayloadJson(payload, Issuer, Audience, Capabilities, Expiration, NotBefore, Nonce, Facts, Proofs);
            return payload.ToString();
        }
        finally
        {
            DagJson.ReturnBuilder(payload);
        }
    }

    /// <summary>
    /// Appends the payload JSON: the DAG-JSON of <c>{att, aud, exp, fct?, iss, nbf?, nnc?, prf}</c> (proofs as CID
    /// strings), written field by field in the encoder's key order (UTF-16 code units) instead of through a map.
    /// </summary>
    private static void WritePayloadJson(
        StringBuilder output,
        string issuer,
        string audience,
        IReadOnlyList<Capability> capabilities,
        long? expiration,
        long? notBefore,
        string? nonce,
        IReadOnlyList<IReadOnlyDictionary<string, object?>> facts,
        IReadOnlyList<Cid> proofs)
    {
        output.Append("{\"att\":[");
        for (var i = 0; i < capabilities.Count; i++)
        {
            if (i > 0)
            {
                output.Append(',');
            }

            WriteCapabilityJson(output, capabilities[i]);
        }

        output.Append("],\"aud\":");
        DagJson.WriteString(output, audience);
        output.Append(",\"exp\":");
        if (expiration is { } exp)
        {
            DagJson.WriteInteger(output, exp);
        }
        else
        {
            output.Append("null");
        }

        // JavaScript spreads these only when truthy: a non-empty fct, a non-empty nnc, a non-zero nbf.
        if (facts.Count > 0)
        {
            output.Append(",\"fct\":");
            DagJson.Write(output, facts, 1);
        }

        output.Append(",\"iss\":");
        DagJson.WriteString(output, issuer);
        if (notBefore is { } nbf && nbf != 0)
        {
            output.Append(",\"nbf\":");
            DagJson.WriteInteger(output, nbf);
        }

        if (!string.IsNullOrEmpty(nonce))
        {
            output.Append(",\"nnc\":");
            DagJson.WriteString(output, nonce);
        }

        output.Append(",\"prf\":[");
        for (var i = 0; i < proofs.Count; i++)
        {
            if (i > 0)
            {
                output.Append(',');
            }

            DagJson.WriteString(output, proofs[i].ToString());
        }

        output.Append("]}");
    }

    /// <summary>A capability as DAG-JSON: <c>{"can", "nb"?, "with"}</c> in key order; one with extension keys goes
    /// through its map. Depths are those the map of the payload would have (payload 0, att 1, capability 2).</summary>
    private static void WriteCapabilityJson(StringBuilder output, Capability capability)
    {
        if (capability.Extensions is not null)
        {
            DagJson.Write(output, capability.ToIpld(), 2);
            return;
        }

        output.Append("{\"can\":");
        DagJson.WriteString(output, capability.Can);
        if (capability.Nb is { } nb)
        {
            output.Append(",\"nb\":");
            DagJson.Write(output, nb, 3);
        }

        output.Append(",\"with\":");
        DagJson.WriteString(output, capability.With);
        output.Append('}');
    }

    private static byte[] FormatSigningInput(
        string algorithm,
        string version,
        string issuer,
        string audience,
        IReadOnlyList<Capability> capabilities,
        long? expiration,
        long? notBefore,
        string? nonce,
        IReadOnlyList<IReadOnlyDictionary<string, object?>> facts,
        IReadOnlyList<Cid> proofs)
    {
        var header = HeaderJson(algorithm, version);
        var payload = DagJson.RentBuilder();
        char[]? chars = null;
        byte[]? utf8 = null;
        try
        {
            WritePayloadJson(payload, issuer, audience, capabilities, expiration, notBefore, nonce, facts, proofs);

            // The payload's UTF-8 goes through rented buffers; only the signing input itself is a new array.
            chars = ArrayPool<char>.Shared.Rent(payload.Length);
            var text = chars.AsSpan(0, payload.Length);
            payload.CopyTo(0, text, payload.Length);
            utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
            var json = utf8.AsSpan(0, Encoding.UTF8.GetBytes(text, utf8));

            // Base64url is ASCII: both halves are encoded straight into the one array that is returned.
            var headerLength = Base64Url.GetEncodedLength(header.Length);
            var input = new byte[headerLength + 1 + Base64Url.GetEncodedLength(json.Length)];
            Base64Url.EncodeToUtf8(header, input);
            input[headerLength] = (byte)'.';
            Base64Url.EncodeToUtf8(json, input.AsSpan(headerLength + 1));
            return input;
        }
        finally
        {
            DagJson.ReturnBuilder(payload);
            if (chars is not null)
            {
                ArrayPool<char>.Shared.Return(chars);
            }

            if (utf8 is not null)
            {
                ArrayPool<byte>.Shared.Return(utf8);
            }
        }
    }

    /// <summary>The UTF-8 header JSON; the last one is kept, as a process signs and verifies with one algorithm and
    /// version nearly always.</summary>
    private static byte[] HeaderJson(string algorithm, string version)
    {
        var cached = _lastHeader;
        if (cached is not null && string.Equals(cached.Algorithm, algorithm, StringComparison.Ordinal)
            && string.Equals(cached.Version, version, StringComparison.Ordinal))
        {
            return cached.Json;
        }

        var json = Encoding.UTF8.GetBytes(FormatHeaderJson(algorithm, version));
        _lastHeader = new HeaderCacheEntry(algorithm, version, json);
        return json;
    }

    /// <summary>A header JSON with the <c>alg</c> and <c>ucv</c> it was made for.</summary>
    private sealed record HeaderCacheEntry(string Algorithm, string Version, byte[] Json);
}
