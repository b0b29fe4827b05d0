using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Principals;

namespace Dealer.Ucan.Tokens;

public sealed partial class UcanModel
{
    /// <summary>Decodes a UCAN block (DAG-CBOR) and checks it against the schema.</summary>
    /// <remarks>It does not verify the signature, the time bounds or the proofs. The decoded model keeps what
    /// dag-ucan keeps, so <see cref="Encode"/> reproduces canonical input byte for byte.</remarks>
    /// <exception cref="FormatException">The bytes are not DAG-CBOR or do not match the UCAN schema; the message
    /// names the offending field.</exception>
    public static UcanModel Decode(ReadOnlySpan<byte> bytes)
    {
        return FromIpld(DagCbor.Decode(bytes));
    }

    /// <summary>Decodes a UCAN block (DAG-CBOR) held in memory, without copying it first.</summary>
    /// <exception cref="FormatException">The bytes are not DAG-CBOR or do not match the UCAN schema.</exception>
    public static UcanModel Decode(ReadOnlyMemory<byte> bytes) => FromIpld(DagCbor.Decode(bytes));

    /// <summary>Reads a UCAN from its decoded IPLD form.</summary>
    /// <exception cref="FormatException">The value does not match the UCAN schema.</exception>
    public static UcanModel FromIpld(object? value) => FromIpld(value, null);

    /// <summary>
    /// <see cref="FromIpld(object?)"/> for the decoded form of <paramref name="issued"/>'s own encoding: where the
    /// principal bytes are <paramref name="issued"/>'s, its DID strings are taken instead of decoding the bytes again,
    /// which gives the same strings (<see cref="Issue"/> made the bytes with <see cref="Did.Encode"/>, whose inverse
    /// <see cref="Did.Decode"/> is) without the base58 work.
    /// </summary>
    internal static UcanModel FromIpld(object? value, UcanModel? issued)
    {
        var map = IpldReader.Map(value, "UCAN");

        var version = IpldReader.String(IpldReader.Required(map, "v", "UCAN"), "UCAN version 'v'");
        if (!string.Equals(version, CurrentVersion, StringComparison.Ordinal))
        {
            throw new FormatException($"Unsupported UCAN version '{version}', expected '{CurrentVersion}'.");
        }

        var issuerBytes = IpldReader.Bytes(IpldReader.Required(map, "iss", "UCAN"), "UCAN issuer 'iss'");
        var issuer = issued is not null && issuerBytes.AsSpan().SequenceEqual(issued._issuerBytes)
            ? issued.Issuer
            : DecodePrincipal(issuerBytes, "issuer 'iss'");
        var audienceBytes = IpldReader.Bytes(IpldReader.Required(map, "aud", "UCAN"), "UCAN audience 'aud'");
        var audience = issued is not null && audienceBytes.AsSpan().SequenceEqual(issued._audienceBytes)
            ? issued.Audience
            : DecodePrincipal(audienceBytes, "audience 'aud'");

        var att = IpldReader.List(IpldReader.Required(map, "att", "UCAN"), "UCAN capabilities 'att'");
        var capabilities = new Capability[att.Count];
        for (var i = 0; i < att.Count; i++)
        {
            // The context names the capability in errors only; the one of a single capability needs no formatting.
            capabilities[i] = Capability.FromIpld(att[i], i == 0 ? "att[0]" : $"att[{i}]");
        }

        var expValue = IpldReader.Required(map, "exp", "UCAN");
        long? expiration = expValue is null ? null : IpldReader.Integer(expValue, "UCAN expiration 'exp'");

        long? notBefore = map.TryGetValue("nbf", out var nbfValue) ? IpldReader.Integer(nbfValue, "UCAN not-before 'nbf'") : null;
        string? nonce = map.TryGetValue("nnc", out var nncValue) ? IpldReader.String(nncValue, "UCAN nonce 'nnc'") : null;

        IReadOnlyDictionary<string, object?>[] facts = [];
        if (map.TryGetValue("fct", out var fctValue))
        {
            var list = IpldReader.List(fctValue, "UCAN facts 'fct'");
            facts = new IReadOnlyDictionary<string, object?>[list.Count];
            for (var i = 0; i < list.Count; i++)
            {
                facts[i] = list[i] as IReadOnlyDictionary<string, object?> ?? IpldReader.Map(list[i], $"fct[{i}]");
            }
        }

        Cid[] proofs = [];
        if (map.TryGetValue("prf", out var prfValue))
        {
            var list = IpldReader.List(prfValue, "UCAN proofs 'prf'");
            if (list.Count > MaxProofs)
            {
                throw new InputFormatException($"UCAN has {list.Count} proofs, more than the limit of {MaxProofs}.")
                {
                    Limit = new InputLimit(InputLimit.Proofs, MaxProofs),
                };
            }

            proofs = new Cid[list.Count];
            for (var i = 0; i < list.Count; i++)
            {
                proofs[i] = list[i] as Cid ?? IpldReader.Link(list[i], $"prf[{i}]");
            }
        }

        var signatureBytes = IpldReader.Bytes(IpldReader.Required(map, "s", "UCAN"), "UCAN signature 's'");
        Signature signature;
        try
        {
            signature = Signature.Decode(signatureBytes);
        }
        catch (FormatException e)
        {
            throw new FormatException($"Invalid UCAN signature 's': {e.Message}", e);
        }

        return new UcanModel(
            version, issuerBytes, issuer, audienceBytes, audience, capabilities, expiration, notBefore, nonce, facts, proofs, signature);
    }

    private static string DecodePrincipal(byte[] bytes, string context)
    {
        try
        {
            return Did.Decode(bytes);
        }
        catch (FormatException e)
        {
            throw new FormatException($"Invalid UCAN {context}: {e.Message}", e);
        }
    }
}
