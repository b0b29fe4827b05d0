using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Tests.Server;
using Dealer.Ucan.Validation;

namespace Dealer.Ucan.Tests.Validation;

public sealed class SchemaTests
{
    private static string Error(SchemaResult result)
    {
        Assert.That(result.IsOk, Is.False, "expected a rejection");
        return result.Error!;
    }

    [Test]
    public void Text_accepts_strings_and_names_other_types()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Schema.Text().Read("tenant-1").Value, Is.EqualTo("tenant-1"));
            Assert.That(Error(Schema.Text().Read(1L)), Is.EqualTo("Expected value of type string instead got 1"));
            Assert.That(Error(Schema.Text().Read(null)), Is.EqualTo("Expected value of type string instead got null"));
            Assert.That(Error(Schema.Text().ReadMissing()), Is.EqualTo("Expected value of type string instead got undefined"));
            Assert.That(Error(Schema.Text().Read(OfferFixture.Aggregate)), Is.EqualTo("Expected value of type string instead got CID"));
        });
    }

    [Test]
    public void Did_requires_the_did_prefix_and_optionally_a_method()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Schema.Did().Read(TestPrincipals.DealerWebDid).IsOk, Is.True);
            Assert.That(Error(Schema.Did().Read("mailto:alice@example.com")), Is.EqualTo("Expected a did: but got \"mailto:alice@example.com\" instead"));
            Assert.That(Error(Schema.Did("key").Read(TestPrincipals.DealerWebDid)), Is.EqualTo($"Expected a did:key: but got \"{TestPrincipals.DealerWebDid}\" instead"));
            Assert.That(Schema.Did("did:key").Read(TestPrincipals.DealerDid).IsOk, Is.True);
            Assert.That(Error(Schema.Did().Read(true)), Is.EqualTo("Expected value of type string instead got true"));
        });
    }

    [Test]
    public void Piece_link_checks_codec_then_hash_then_version()
    {
        var dagCbor = Cid.Hash(Multicodec.DagCbor, [1]);
        var rawSha = Cid.Hash(Multicodec.Raw, [1]);
        Assert.Multiple(() =>
        {
            Assert.That(Schema.PieceLink().Read(OfferFixture.Aggregate).Value, Is.EqualTo(OfferFixture.Aggregate));
            Assert.That(Error(Schema.PieceLink().Read(OfferFixture.LegacyAggregate)), Is.EqualTo("Expected link to be CID with 0x55 codec"));
            Assert.That(Error(Schema.PieceLink().Read(dagCbor)), Is.EqualTo("Expected link to be CID with 0x55 codec"));
            Assert.That(Error(Schema.PieceLink().Read(rawSha)), Is.EqualTo("Expected link to be CID with 0x1011 hashing algorithm"));
            Assert.That(Error(Schema.PieceLink().Read(null)), Is.EqualTo("Expected link but got null instead"));
            Assert.That(Error(Schema.PieceLink().ReadMissing()), Is.EqualTo("Expected link but got undefined instead"));
            Assert.That(Error(Schema.PieceLink().Read("bafy")), Is.EqualTo("Expected link to be a CID instead of bafy"));
        });
    }

    [Test]
    public void Link_checks_version_and_exact_digest()
    {
        var v0 = Cid.CreateV0(Multihash.Sha256([1]));
        var target = Cid.Hash(Multicodec.DagCbor, [1]);
        var other = Cid.Hash(Multicodec.DagCbor, [2]);
        Assert.Multiple(() =>
        {
            Assert.That(Error(Schema.Link(version: 1).Read(v0)), Is.EqualTo("Expected link to be CID version 1 instead of 0"));
            Assert.That(Schema.Link(target).Read(target).IsOk, Is.True);
            Assert.That(Error(Schema.Link(target).Read(other)), Does.StartWith("Expected link with \"").And.Contain("\" hash digest instead of \""));
        });
    }

    [Test]
    public void Optional_accepts_only_a_missing_value()
    {
        var optional = Schema.Text().Optional();
        Assert.Multiple(() =>
        {
            Assert.That(optional.ReadMissing().IsAbsent, Is.True);
            Assert.That(Error(optional.Read(null)), Is.EqualTo("Expected value of type string instead got null"));
            Assert.That(optional.Read("x").Value, Is.EqualTo("x"));
            Assert.That(optional.Optional(), Is.SameAs(optional));
        });
    }

    [Test]
    public void Integer_accepts_integers_only()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Schema.Integer().Read(42L).Value, Is.EqualTo(42L));
            Assert.That(Error(Schema.Integer().Read(1.5)), Is.EqualTo("Expected value of type integer instead got 1.5"));
            Assert.That(Error(Schema.Integer().Read("1")), Is.EqualTo("Expected value of type number instead got \"1\""));
        });
    }

    [Test]
    public void Literal_and_union_report_every_alternative()
    {
        var union = Schema.Union(Schema.Literal("a"), Schema.Literal("b"));
        Assert.Multiple(() =>
        {
            Assert.That(union.Read("b").Value, Is.EqualTo("b"));
            Assert.That(Error(union.Read("c")), Is.EqualTo(
                "Value does not match any type of the union:\n  - Expected literal \"a\" instead got \"c\"\n  - Expected literal \"b\" instead got \"c\""));
        });
    }

    [Test]
    public void Struct_reads_declared_fields_in_order_and_keeps_the_rest()
    {
        var input = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["pieces"] = OfferFixture.Pieces.Cid,
            ["extra"] = 1L,
            ["tenant"] = "t",
            ["aggregate"] = OfferFixture.Aggregate,
        };
        var result = DealerCapabilities.DealOffer.Nb.Read(input);
        var map = (IReadOnlyDictionary<string, object?>)result.Value!;
        Assert.That(map.Keys, Is.EqualTo(new[] { "aggregate", "pieces", "tenant", "extra" }));
    }

    [Test]
    public void Struct_names_the_first_invalid_field()
    {
        var input = new Dictionary<string, object?>(StringComparer.Ordinal) { ["aggregate"] = OfferFixture.Aggregate, ["pieces"] = OfferFixture.Pieces.Cid };
        Assert.Multiple(() =>
        {
            Assert.That(Error(DealerCapabilities.DealOffer.Nb.Read(input)), Is.EqualTo(
                "Object contains invalid field \"tenant\":\n  - Expected value of type string instead got undefined"));
            Assert.That(Error(DealerCapabilities.DealOffer.Nb.Read(new List<object?>())), Is.EqualTo("Expected value of type object instead got array"));
            Assert.That(DealerCapabilities.DealOffer.Nb.FieldNames, Is.EqualTo(new[] { "aggregate", "pieces", "tenant", "label" }));
        });
    }

    [Test]
    public void Struct_rejects_a_field_declared_twice() =>
        Assert.That(() => Schema.Struct(("a", Schema.Text()), ("a", Schema.Text())), Throws.ArgumentException);
}
