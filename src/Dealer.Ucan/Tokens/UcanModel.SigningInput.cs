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
    public string FormatPayloadJson() => FormatPayloadJson(Issuer, Audience, Capabilities, Expiration, NotBefore, Nonce, Facts, Proofs);

    private static string FormatPayloadJson(
        string issuer,
        string audience,
        IReadOnlyList<Capability> capabilities,
        long? expiration,
        long? notBefore,
        string? nonce,
        IReadOnlyList<IReadOnlyDictionary<string, object?>> facts,
        IReadOnlyList<Cid> proofs)
    {
        var payload = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["att"] = capabilities.Select(static c => (object?)c.ToIpld()).ToList(),
            ["exp"] = expiration,
            ["prf"] = proofs.Select(static p => (object?)p.ToString()).ToList(),
        };

        // JavaScript spreads these only when truthy: a non-empty fct, a non-empty nnc, a non-zero nbf.
        if (facts.Count > 0)
        {
            payload["fct"] = facts.Select(static f => (object?)f).ToList();
        }

        if (!string.IsNullOrEmpty(nonce))
        {
            payload["nnc"] = nonce;
        }

        if (notBefore is { } nbf && nbf != 0)
        {
            payload["nbf"] = nbf;
        }

        return DagJson.Encode(payload);
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
        var payload = Encoding.UTF8.GetBytes(FormatPayloadJson(issuer, audience, capabilities, expiration, notBefore, nonce, facts, proofs));

        // Base64url is ASCII: both halves are encoded straight into the one array that is returned.
        var headerLength = Base64Url.GetEncodedLength(header.Length);
        var input = new byte[headerLength + 1 + Base64Url.GetEncodedLength(payload.Length)];
        Base64Url.EncodeToUtf8(header, input);
        input[headerLength] = (byte)'.';
        Base64Url.EncodeToUtf8(payload, input.AsSpan(headerLength + 1));
        return input;
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
