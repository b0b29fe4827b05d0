using System.Text;
using System.Text.Json;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Tests.Tokens;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Tests.Conformance;

/// <summary>Delegations a, a2, a3 re-issued from the vector keys must be byte-identical to what @ucanto/core wrote.</summary>
public sealed class DelegationConformanceTests
{
    private static readonly string[] DelegationVectors =
    [
        "a-delegation-deal-offer",
        "a2-delegation-aggregate-offer",
        "a3-delegation-deal-offer-did-web",
    ];

    private static ISigner SignerFor(string did) => did switch
    {
        TestPrincipals.DealerDid => TestPrincipals.DealerSigner,
        TestPrincipals.DealerWebDid => TestPrincipals.DealerSigner.WithDid(TestPrincipals.DealerWebDid),
        TestPrincipals.StorefrontDid => TestPrincipals.StorefrontSigner,
        _ => throw new InvalidOperationException($"no key for {did}"),
    };

    private static Delegation Reissue(JsonElement vector)
    {
        var capabilities = vector.GetProperty("capabilities").EnumerateArray()
            .Select(static c => new Capability(c.GetProperty("can").GetString()!, c.GetProperty("with").GetString()!))
            .ToList();
        return Delegation.Delegate(new DelegationOptions(
            SignerFor(vector.GetProperty("issuer").GetString()!),
            vector.GetProperty("audience").GetString()!,
            capabilities)
        {
            Expiration = vector.GetProperty("expiration").ValueKind == JsonValueKind.Null ? null : vector.GetProperty("expiration").GetInt64(),
            Nonce = vector.GetProperty("nonce").ValueKind == JsonValueKind.Null ? null : vector.GetProperty("nonce").GetString(),
            NotBefore = vector.GetProperty("notBefore").ValueKind == JsonValueKind.Null ? null : vector.GetProperty("notBefore").GetInt64(),
        });
    }

    [TestCaseSource(nameof(DelegationVectors))]
    public void Reissuing_the_delegation_from_the_keys_gives_the_same_bytes_and_cid(string name)
    {
        var vector = UcanVectors.Json(name + ".json");
        var delegation = Reissue(vector);
        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexStringLower(delegation.Root.Bytes.Span), Is.EqualTo(vector.GetProperty("blockBytesHex").GetString()));
            Assert.That(delegation.Cid.ToString(), Is.EqualTo(vector.GetProperty("cid").GetString()));
            Assert.That(Convert.ToHexStringLower(delegation.Model.IssuerBytes), Is.EqualTo(vector.GetProperty("issBytesHex").GetString()));
        });
    }

    [TestCaseSource(nameof(DelegationVectors))]
    public void The_signing_strings_match_the_vector_exactly(string name)
    {
        var vector = UcanVectors.Json(name + ".json");
        var signed = vector.GetProperty("signedBytes");
        var model = UcanModel.Decode(UcanVectors.Hex(vector.GetProperty("blockBytesHex")));
        Assert.Multiple(() =>
        {
            Assert.That(UcanModel.FormatHeaderJson(model.Signature.Algorithm!, model.Version), Is.EqualTo(signed.GetProperty("headerJSON").GetString()));
            Assert.That(model.FormatPayloadJson(), Is.EqualTo(signed.GetProperty("payloadJSON").GetString()));
            Assert.That(Encoding.ASCII.GetString(model.SigningInput()), Is.EqualTo(signed.GetProperty("signingInput").GetString()));
        });
    }

    [TestCaseSource(nameof(DelegationVectors))]
    public void The_vector_block_decodes_re_encodes_identically_and_verifies_with_the_dealer_key(string name)
    {
        var vector = UcanVectors.Json(name + ".json");
        var bytes = UcanVectors.Hex(vector.GetProperty("blockBytesHex"));
        var model = UcanModel.Decode(bytes);
        var issuer = vector.GetProperty("issuer").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(model.Encode(), Is.EqualTo(bytes));
            Assert.That(model.Cid.ToString(), Is.EqualTo(vector.GetProperty("cid").GetString()));
            Assert.That(model.Issuer, Is.EqualTo(issuer));
            Assert.That(model.Audience, Is.EqualTo(vector.GetProperty("audience").GetString()));
            Assert.That(model.VerifySignature(SignerFor(issuer).Verifier), Is.True);
            Assert.That(model.VerifySignature(TestPrincipals.StorefrontSigner.Verifier), Is.False);
        });
    }

    [TestCaseSource(nameof(DelegationVectors))]
    public void Archive_and_extract_round_trip_byte_identically(string name)
    {
        var vector = UcanVectors.Json(name + ".json");
        var car = UcanVectors.Bytes(name + ".car");
        var extracted = Delegation.Extract(car);
        Assert.Multiple(() =>
        {
            Assert.That(extracted.Cid.ToString(), Is.EqualTo(vector.GetProperty("cid").GetString()));
            Assert.That(extracted.Archive(), Is.EqualTo(car));
            Assert.That(Reissue(vector).Archive(), Is.EqualTo(car));
        });
    }

    [Test]
    public void The_jwt_proof_request_exposes_the_raw_jwt_proof_as_unsupported()
    {
        var message = Dealer.Ucan.Messages.AgentMessage.FromCar(UcanVectors.Bytes("e-jwt-proof-request.car"));
        var invocation = message.Invocations.Single();
        Assert.Multiple(() =>
        {
            Assert.That(invocation.Proofs, Is.Empty);
            Assert.That(invocation.UnsupportedProofs.Select(static c => c.ToString()), Is.EqualTo(new[] { "bafkreicpavyvqrmr2xc4ef4cc3a633mlzsu246df6dlb4tad4n66olhu4e" }));
        });
    }
}
