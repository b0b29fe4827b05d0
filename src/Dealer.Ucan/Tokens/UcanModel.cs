using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Principals;

namespace Dealer.Ucan.Tokens;

/// <summary>
/// The UCAN 0.9.1 wire model in its primary IPLD (DAG-CBOR) representation, one to one with the @ipld/dag-ucan
/// schema: <c>{v, iss, aud, att, exp, nbf?, nnc?, fct?, prf, s}</c>.
/// </summary>
/// <remarks>
/// <para>Encoding rules (dag-ucan <c>codec/cbor.js</c>): <c>fct</c> is omitted when empty, <c>nbf</c> when absent or 0,
/// <c>nnc</c> when null; <c>prf</c> is always written; <c>exp</c> is an integer or null (never expires).
/// <c>iss</c>/<c>aud</c> are principal bytes (<see cref="Did.Encode"/>).</para>
/// <para>The signature covers the JWT-style signing input (<see cref="SigningInput()"/>), not the CBOR bytes; the JWT
/// representation itself (raw codec) is not supported.</para>
/// <para>Decoding limit: at most <see cref="MaxProofs"/> proof links.</para>
/// </remarks>
public sealed partial class UcanModel
{
    /// <summary>The only UCAN version this implementation reads and writes.</summary>
    public const string CurrentVersion = "0.9.1";

    /// <summary>The most proof links a decoded UCAN may carry; more is treated as malformed input.</summary>
    public const int MaxProofs = 64;

    private readonly byte[] _issuerBytes;
    private readonly byte[] _audienceBytes;
    private byte[]? _encoded;
    private Cid? _cid;

    private UcanModel(
        string version,
        byte[] issuerBytes,
        string issuer,
        byte[] audienceBytes,
        string audience,
        IReadOnlyList<Capability> capabilities,
        long? expiration,
        long? notBefore,
        string? nonce,
        IReadOnlyList<IReadOnlyDictionary<string, object?>> facts,
        IReadOnlyList<Cid> proofs,
        Signature signature)
    {
        Version = version;
        _issuerBytes = issuerBytes;
        Issuer = issuer;
        _audienceBytes = audienceBytes;
        Audience = audience;
        Capabilities = capabilities;
        Expiration = expiration;
        NotBefore = notBefore;
        Nonce = nonce;
        Facts = facts;
        Proofs = proofs;
        Signature = signature;
    }

    /// <summary><c>v</c>: always <see cref="CurrentVersion"/>.</summary>
    public string Version { get; }

    /// <summary><c>iss</c> as a DID string.</summary>
    public string Issuer { get; }

    /// <summary><c>iss</c> as principal bytes.</summary>
    public ReadOnlySpan<byte> IssuerBytes => _issuerBytes;

    /// <summary><c>aud</c> as a DID string.</summary>
    public string Audience { get; }

    /// <summary><c>aud</c> as principal bytes.</summary>
    public ReadOnlySpan<byte> AudienceBytes => _audienceBytes;

    /// <summary><c>att</c>.</summary>
    public IReadOnlyList<Capability> Capabilities { get; }

    /// <summary><c>exp</c> in seconds since the epoch; <see langword="null"/> = never expires.</summary>
    public long? Expiration { get; }

    /// <summary><c>nbf</c> in seconds since the epoch, if any.</summary>
    public long? NotBefore { get; }

    /// <summary><c>nnc</c>, if any.</summary>
    public string? Nonce { get; }

    /// <summary><c>fct</c>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Facts { get; }

    /// <summary><c>prf</c>: links to the proofs.</summary>
    public IReadOnlyList<Cid> Proofs { get; }

    /// <summary><c>s</c>: the varsig signature.</summary>
    public Signature Signature { get; }

    /// <summary>The CIDv1 (dag-cbor, sha2-256) of <see cref="Encode"/>.</summary>
    public Cid Cid => _cid ??= Cid.Hash(Multicodec.DagCbor, EncodedBytes);

    private byte[] EncodedBytes => _encoded ??= DagCbor.Encode(ToIpld());

    /// <summary>The canonical DAG-CBOR bytes.</summary>
    public byte[] Encode() => (byte[])EncodedBytes.Clone();

    /// <summary>The IPLD map this model encodes to.</summary>
    public IReadOnlyDictionary<string, object?> ToIpld()
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["v"] = Version,
            ["iss"] = _issuerBytes,
            ["aud"] = _audienceBytes,
            ["att"] = Capabilities.Select(static c => (object?)c.ToIpld()).ToList(),
            ["exp"] = Expiration,
            ["prf"] = Proofs.Select(static p => (object?)p).ToList(),
            ["s"] = Signature.Bytes,
        };
        if (Facts.Count > 0)
        {
            map["fct"] = Facts.Select(static f => (object?)f).ToList();
        }

        if (Nonce is not null)
        {
            map["nnc"] = Nonce;
        }

        if (NotBefore is { } nbf && nbf != 0)
        {
            map["nbf"] = nbf;
        }

        return map;
    }

    /// <summary>
    /// Creates and signs a UCAN (dag-ucan <c>issue</c>): abilities are normalised (lower-cased), empty caveats are
    /// dropped and the signature is made over the JWT-style signing input.
    /// </summary>
    /// <exception cref="ArgumentException">A capability is invalid, the audience is not a DID, the nonce is empty.</exception>
    public static UcanModel Issue(
        ISigner issuer,
        string audience,
        IReadOnlyList<Capability> capabilities,
        long? expiration,
        long? notBefore = null,
        string? nonce = null,
        IReadOnlyList<IReadOnlyDictionary<string, object?>>? facts = null,
        IReadOnlyList<Cid>? proofs = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(capabilities);
        if (nonce is { Length: 0 })
        {
            // dag-ucan writes "" into the CBOR but leaves it out of the signed JSON; never produce that ambiguity.
            throw new ArgumentException("The nonce must be null or non-empty.", nameof(nonce));
        }

        var att = new List<Capability>(capabilities.Count);
        foreach (var capability in capabilities)
        {
            ArgumentNullException.ThrowIfNull(capability);
            string can;
            try
            {
                can = Capability.NormalizeAbility(capability.Can);
            }
            catch (FormatException e)
            {
                throw new ArgumentException(e.Message, nameof(capabilities), e);
            }

            if (!Capability.IsValidResource(capability.With))
            {
                throw new ArgumentException($"Capability 'with: \"{capability.With}\"' is not a valid URI.", nameof(capabilities));
            }

            att.Add(capability with { Can = can, Nb = capability.Nb is { Count: > 0 } ? capability.Nb : null });
        }

        var proofList = proofs?.ToArray() ?? [];
        if (proofList.Any(static p => p is null))
        {
            throw new ArgumentException("Proof links must not be null.", nameof(proofs));
        }

        var issuerBytes = Did.Encode(issuer.Did);
        var audienceBytes = EncodePrincipal(audience, nameof(audience));
        var factList = facts?.ToArray() ?? [];
        var nbf = notBefore is 0 ? null : notBefore;
        var signingInput = FormatSigningInput(
            issuer.SignatureAlgorithm, CurrentVersion, issuer.Did, audience, att, expiration, nbf, nonce, factList, proofList);
        var signature = issuer.Sign(signingInput);
        return new UcanModel(
            CurrentVersion, issuerBytes, issuer.Did, audienceBytes, audience, att, expiration, nbf, nonce, factList, proofList, signature);
    }

    /// <summary>Whether the signature is valid for <paramref name="verifier"/>, which must also be the issuer
    /// (dag-ucan <c>verifySignature</c>: <c>DID(iss) == verifier.did()</c>). The signing input is rebuilt from the
    /// model, as JavaScript does.</summary>
    public bool VerifySignature(IVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return string.Equals(verifier.Did, Issuer, StringComparison.Ordinal)
            && Signature.Algorithm is { } algorithm
            && verifier.Verify(SigningInput(algorithm), Signature);
    }

    private static byte[] EncodePrincipal(string did, string parameter)
    {
        try
        {
            return Did.Encode(did);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"'{did}' is not a DID.", parameter, e);
        }
    }
}
