using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Tests.Tokens;

/// <summary>Malformed UCAN blocks are rejected with a FormatException that names the broken rule.</summary>
public sealed class UcanModelDecodeTests
{
    private static Dictionary<string, object?> ValidMap()
    {
        var delegation = Delegation.Delegate(new DelegationOptions(
            TestPrincipals.DealerSigner,
            TestPrincipals.StorefrontDid,
            [new Capability("deal/offer", TestPrincipals.DealerDid)])
        {
            Expiration = 4102444800,
        });
        return new Dictionary<string, object?>((IReadOnlyDictionary<string, object?>)DagCbor.Decode(delegation.Root.Bytes.Span)!, StringComparer.Ordinal);
    }

    private static FormatException? DecodeError(Action<Dictionary<string, object?>> mutate)
    {
        var map = ValidMap();
        mutate(map);
        var bytes = DagCbor.Encode(map);
        return Assert.Catch<FormatException>(() => UcanModel.Decode(bytes));
    }

    [Test]
    public void An_unmodified_map_decodes()
    {
        var model = UcanModel.Decode(DagCbor.Encode(ValidMap()));
        Assert.That(model.Issuer, Is.EqualTo(TestPrincipals.DealerDid));
    }

    [TestCase("v")]
    [TestCase("iss")]
    [TestCase("aud")]
    [TestCase("att")]
    [TestCase("exp")]
    [TestCase("s")]
    public void A_missing_required_field_is_named(string field)
    {
        var error = DecodeError(m => m.Remove(field));
        Assert.That(error!.Message, Is.EqualTo($"Missing UCAN field '{field}'."));
    }

    [Test]
    public void A_version_other_than_0_9_1_is_rejected()
    {
        var error = DecodeError(m => m["v"] = "0.10.0");
        Assert.That(error!.Message, Is.EqualTo("Unsupported UCAN version '0.10.0', expected '0.9.1'."));
    }

    [Test]
    public void A_version_that_is_not_a_string_is_rejected()
    {
        var error = DecodeError(m => m["v"] = 9L);
        Assert.That(error!.Message, Is.EqualTo("Expected UCAN version 'v' to be a string, instead got integer 9."));
    }

    [Test]
    public void An_issuer_given_as_a_did_string_instead_of_bytes_is_rejected()
    {
        var error = DecodeError(m => m["iss"] = TestPrincipals.DealerDid);
        Assert.That(error!.Message, Does.StartWith("Expected UCAN issuer 'iss' to be bytes, instead got string \"did:key:"));
    }

    [Test]
    public void Principal_bytes_with_an_unknown_multicodec_are_rejected()
    {
        var error = DecodeError(m => m["aud"] = new byte[] { 0x01, 0x02, 0x03 });
        Assert.That(error!.Message, Does.StartWith("Invalid UCAN audience 'aud': "));
    }

    [Test]
    public void A_truncated_ed25519_key_is_rejected()
    {
        var error = DecodeError(m => m["iss"] = ((byte[])m["iss"]!)[..20]);
        Assert.That(error!.Message, Does.StartWith("Invalid UCAN issuer 'iss': "));
    }

    [Test]
    public void Capabilities_that_are_not_a_list_are_rejected()
    {
        var error = DecodeError(m => m["att"] = new Dictionary<string, object?>());
        Assert.That(error!.Message, Is.EqualTo("Expected UCAN capabilities 'att' to be a list, instead got map."));
    }

    [Test]
    public void An_ability_without_a_path_segment_is_rejected()
    {
        var error = DecodeError(m => m["att"] = new List<object?> { Cap("deal", TestPrincipals.DealerDid) });
        Assert.That(error!.Message, Is.EqualTo("Capability has invalid 'can: \"deal\"', value must have at least one path segment."));
    }

    [Test]
    public void A_resource_that_is_not_a_uri_is_rejected()
    {
        var error = DecodeError(m => m["att"] = new List<object?> { Cap("deal/offer", "not a uri") });
        Assert.That(error!.Message, Is.EqualTo("Capability has invalid 'with: \"not a uri\"' in att[0], value must be a valid URI string."));
    }

    [Test]
    public void A_capability_that_is_not_a_map_is_rejected()
    {
        var error = DecodeError(m => m["att"] = new List<object?> { "deal/offer" });
        Assert.That(error!.Message, Is.EqualTo("Expected att[0] to be a map, instead got string \"deal/offer\"."));
    }

    [Test]
    public void Expiration_that_is_not_an_integer_is_rejected()
    {
        var error = DecodeError(m => m["exp"] = "tomorrow");
        Assert.That(error!.Message, Is.EqualTo("Expected UCAN expiration 'exp' to be an integer, instead got string \"tomorrow\"."));
    }

    [Test]
    public void Not_before_that_is_a_float_is_rejected()
    {
        var error = DecodeError(m => m["nbf"] = 1.5);
        Assert.That(error!.Message, Is.EqualTo("Expected UCAN not-before 'nbf' to be an integer, instead got float."));
    }

    [Test]
    public void A_nonce_that_is_not_a_string_is_rejected()
    {
        var error = DecodeError(m => m["nnc"] = new byte[] { 1 });
        Assert.That(error!.Message, Is.EqualTo("Expected UCAN nonce 'nnc' to be a string, instead got bytes."));
    }

    [Test]
    public void A_proof_that_is_not_a_link_is_rejected()
    {
        var error = DecodeError(m => m["prf"] = new List<object?> { "bafyreidiynloemtog62wd4rnm7bqyedgqhhw45ppyjwt6unav4fzanpwjm" });
        Assert.That(error!.Message, Does.StartWith("Expected prf[0] to be a link, instead got string"));
    }

    [Test]
    public void More_proofs_than_the_limit_are_rejected()
    {
        var link = Cid.Parse("bafyreidiynloemtog62wd4rnm7bqyedgqhhw45ppyjwt6unav4fzanpwjm");
        var error = DecodeError(m => m["prf"] = Enumerable.Repeat<object?>(link, UcanModel.MaxProofs + 1).ToList());
        Assert.That(error!.Message, Is.EqualTo("UCAN has 65 proofs, more than the limit of 64."));
    }

    [Test]
    public void A_fact_that_is_not_a_map_is_rejected()
    {
        var error = DecodeError(m => m["fct"] = new List<object?> { 1L });
        Assert.That(error!.Message, Is.EqualTo("Expected fct[0] to be a map, instead got integer 1."));
    }

    [Test]
    public void A_signature_that_is_not_a_varsig_is_rejected()
    {
        var error = DecodeError(m => m["s"] = new byte[] { 0xff });
        Assert.That(error!.Message, Does.StartWith("Invalid UCAN signature 's': "));
    }

    [Test]
    public void A_block_that_is_not_a_map_is_rejected()
    {
        var error = Assert.Catch<FormatException>(() => UcanModel.Decode(DagCbor.Encode(new List<object?> { 1L })));
        Assert.That(error!.Message, Is.EqualTo("Expected UCAN to be a map, instead got list."));
    }

    [Test]
    public void Bytes_that_are_not_dag_cbor_are_rejected()
    {
        Assert.Catch<FormatException>(() => UcanModel.Decode([0xa1, 0x61]));
    }

    [Test]
    public void An_uppercase_ability_is_lower_cased_on_read_and_the_star_ability_is_kept()
    {
        var map = ValidMap();
        map["att"] = new List<object?> { Cap("Deal/OFFER", TestPrincipals.DealerDid), Cap("*", "ucan:*") };
        var model = UcanModel.Decode(DagCbor.Encode(map));
        Assert.That(model.Capabilities.Select(static c => c.Can), Is.EqualTo(new[] { "deal/offer", "*" }));
    }

    private static Dictionary<string, object?> Cap(string can, string with) => new(StringComparer.Ordinal) { ["can"] = can, ["with"] = with };
}
