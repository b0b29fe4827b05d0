using System.Text;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Tests.Tokens;

public sealed class UcanModelTests
{
    private static readonly Capability DealOffer = new("deal/offer", TestPrincipals.DealerDid);

    private static IReadOnlyDictionary<string, object?> Wire(UcanModel model) =>
        (IReadOnlyDictionary<string, object?>)DagCbor.Decode(model.Encode())!;

    private static string Payload(UcanModel model) => model.FormatPayloadJson();

    [Test]
    public void A_minimal_ucan_writes_prf_always_and_leaves_out_fct_nbf_and_nnc()
    {
        var model = UcanModel.Issue(TestPrincipals.DealerSigner, TestPrincipals.StorefrontDid, [DealOffer], 4102444800);
        Assert.Multiple(() =>
        {
            Assert.That(Wire(model).Keys.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "att", "aud", "exp", "iss", "prf", "s", "v" }));
            Assert.That(Payload(model), Does.Not.Contain("\"fct\"").And.Not.Contain("\"nbf\"").And.Not.Contain("\"nnc\""));
            Assert.That(Payload(model), Does.EndWith(",\"prf\":[]}"));
        });
    }

    [Test]
    public void A_null_expiration_is_encoded_as_cbor_null_and_json_null()
    {
        var model = UcanModel.Issue(TestPrincipals.DealerSigner, TestPrincipals.DealerDid, [DealOffer], expiration: null);
        Assert.Multiple(() =>
        {
            Assert.That(Wire(model).ContainsKey("exp"), Is.True);
            Assert.That(Wire(model)["exp"], Is.Null);
            Assert.That(Payload(model), Does.Contain("\"exp\":null"));
            Assert.That(UcanModel.Decode(model.Encode()).Expiration, Is.Null);
        });
    }

    [Test]
    public void Not_before_zero_is_left_out_and_a_real_one_is_written()
    {
        var zero = UcanModel.Issue(TestPrincipals.DealerSigner, TestPrincipals.StorefrontDid, [DealOffer], 4102444800, notBefore: 0);
        var set = UcanModel.Issue(TestPrincipals.DealerSigner, TestPrincipals.StorefrontDid, [DealOffer], 4102444800, notBefore: 1700000000);
        Assert.Multiple(() =>
        {
            Assert.That(Wire(zero).ContainsKey("nbf"), Is.False);
            Assert.That(zero.NotBefore, Is.Null);
            Assert.That(Wire(set)["nbf"], Is.EqualTo(1700000000L));
            Assert.That(Payload(set), Does.Contain("\"nbf\":1700000000,"));
        });
    }

    [Test]
    public void Facts_are_written_only_when_present_in_both_forms()
    {
        var fact = new Dictionary<string, object?>(StringComparer.Ordinal) { ["origin"] = "test" };
        var model = UcanModel.Issue(TestPrincipals.DealerSigner, TestPrincipals.StorefrontDid, [DealOffer], 4102444800, facts: [fact]);
        var decoded = UcanModel.Decode(model.Encode());
        Assert.Multiple(() =>
        {
            Assert.That(Wire(model).ContainsKey("fct"), Is.True);
            Assert.That(Payload(model), Does.Contain("\"fct\":[{\"origin\":\"test\"}]"));
            Assert.That(decoded.Facts.Single()["origin"], Is.EqualTo("test"));
            Assert.That(decoded.VerifySignature(TestPrincipals.DealerSigner.Verifier), Is.True);
        });
    }

    [Test]
    public void An_empty_nonce_is_refused_at_issue()
    {
        Assert.That(
            () => UcanModel.Issue(TestPrincipals.DealerSigner, TestPrincipals.StorefrontDid, [DealOffer], 4102444800, nonce: string.Empty),
            Throws.ArgumentException);
    }

    [Test]
    public void Empty_caveats_are_dropped_and_abilities_lower_cased_at_issue()
    {
        var model = UcanModel.Issue(
            TestPrincipals.DealerSigner,
            TestPrincipals.StorefrontDid,
            [new Capability("Deal/Offer", TestPrincipals.DealerDid, new Dictionary<string, object?>())],
            4102444800);
        var att = (IReadOnlyList<object?>)Wire(model)["att"]!;
        Assert.Multiple(() =>
        {
            Assert.That(((IReadOnlyDictionary<string, object?>)att[0]!).Keys.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "can", "with" }));
            Assert.That(model.Capabilities[0].Can, Is.EqualTo("deal/offer"));
        });
    }

    [Test]
    public void Invalid_capabilities_and_audiences_are_refused_at_issue()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => UcanModel.Issue(TestPrincipals.DealerSigner, TestPrincipals.StorefrontDid, [new Capability("offer", TestPrincipals.DealerDid)], null), Throws.ArgumentException);
            Assert.That(() => UcanModel.Issue(TestPrincipals.DealerSigner, TestPrincipals.StorefrontDid, [new Capability("deal/offer", "no uri")], null), Throws.ArgumentException);
            Assert.That(() => UcanModel.Issue(TestPrincipals.DealerSigner, "storefront", [DealOffer], null), Throws.ArgumentException);
        });
    }

    [Test]
    public void Extra_capability_keys_survive_a_round_trip_and_are_signed()
    {
        var capability = new Capability("deal/offer", TestPrincipals.DealerDid)
        {
            Extensions = new Dictionary<string, object?>(StringComparer.Ordinal) { ["x-extra"] = 7L },
        };
        var model = UcanModel.Issue(TestPrincipals.DealerSigner, TestPrincipals.StorefrontDid, [capability], 4102444800);
        var decoded = UcanModel.Decode(model.Encode());
        Assert.Multiple(() =>
        {
            Assert.That(decoded.Capabilities[0].Extensions!["x-extra"], Is.EqualTo(7L));
            Assert.That(decoded.Encode(), Is.EqualTo(model.Encode()));
            Assert.That(Payload(decoded), Does.Contain("{\"can\":\"deal/offer\",\"with\":\"did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX\",\"x-extra\":7}"));
            Assert.That(decoded.VerifySignature(TestPrincipals.DealerSigner.Verifier), Is.True);
        });
    }

    [Test]
    public void The_signing_input_is_base64url_without_padding_of_header_and_payload()
    {
        var model = UcanModel.Issue(TestPrincipals.AgentSigner, TestPrincipals.DealerDid, [DealOffer], 4102444800, nonce: "n/ü");
        var parts = Encoding.ASCII.GetString(model.SigningInput()).Split('.');
        Assert.Multiple(() =>
        {
            Assert.That(parts, Has.Length.EqualTo(2));
            Assert.That(parts[0], Is.EqualTo("eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCIsInVjdiI6IjAuOS4xIn0"));
            Assert.That(parts[1], Does.Not.Contain("=").And.Not.Contain("+").And.Not.Contain("/"));
            Assert.That(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])), Is.EqualTo(Payload(model)));
            Assert.That(Payload(model), Does.Contain("\"nnc\":\"n/ü\""));
        });
    }

    [Test]
    public void Verification_fails_for_another_key_and_for_a_different_did_with_the_same_key()
    {
        var model = UcanModel.Issue(TestPrincipals.DealerSigner, TestPrincipals.StorefrontDid, [DealOffer], 4102444800);
        Assert.Multiple(() =>
        {
            Assert.That(model.VerifySignature(TestPrincipals.DealerSigner.Verifier), Is.True);
            Assert.That(model.VerifySignature(TestPrincipals.AgentSigner.Verifier), Is.False);
            Assert.That(model.VerifySignature(TestPrincipals.DealerSigner.WithDid(TestPrincipals.DealerWebDid).Verifier), Is.False);
        });
    }

    [Test]
    public void A_did_web_issuer_is_stored_as_0d1d_principal_bytes()
    {
        var model = UcanModel.Issue(TestPrincipals.DealerSigner.WithDid(TestPrincipals.DealerWebDid), TestPrincipals.StorefrontDid, [DealOffer], 4102444800);
        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexStringLower(model.IssuerBytes), Is.EqualTo("9d1a7765623a6465616c65722e6578616d706c652e636f6d"));
            Assert.That(UcanModel.Decode(model.Encode()).Issuer, Is.EqualTo(TestPrincipals.DealerWebDid));
        });
    }

    [Test]
    public void The_cid_is_dag_cbor_sha2_256_of_the_encoding()
    {
        var model = UcanModel.Issue(TestPrincipals.DealerSigner, TestPrincipals.StorefrontDid, [DealOffer], 4102444800);
        Assert.Multiple(() =>
        {
            Assert.That(model.Cid, Is.EqualTo(Cid.Hash(Multicodec.DagCbor, model.Encode())));
            Assert.That(model.Cid.ToString(), Does.StartWith("bafyrei"));
        });
    }

    [Test]
    public void The_fixed_principals_have_the_vector_dids()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TestPrincipals.DealerSigner.Did, Is.EqualTo(TestPrincipals.DealerDid));
            Assert.That(TestPrincipals.StorefrontSigner.Did, Is.EqualTo(TestPrincipals.StorefrontDid));
            Assert.That(TestPrincipals.AgentSigner.Did, Is.EqualTo(TestPrincipals.AgentDid));
        });
    }
}
