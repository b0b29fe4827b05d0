using Dealer.Ucan.Tests.Server;
using Dealer.Ucan.Validation;

namespace Dealer.Ucan.Tests.Validation;

public sealed class DeriveTests
{
    private static ParsedCapability Offer(string with, params (string Key, object? Value)[] nb) =>
        new("deal/offer", with, nb.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));

    [Test]
    public void Equal_with_requires_the_same_resource()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Derive.EqualWith(Offer("did:key:a"), Offer("did:key:a")), Is.Null);
            Assert.That(Derive.EqualWith(Offer("did:key:a"), Offer("did:key:*"))!.Message, Is.EqualTo("Can not derive deal/offer with did:key:a from did:key:*"));
        });
    }

    [Test]
    public void Equal_ignores_absent_and_wildcard_constraints()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Derive.Equal(Offer("x", ("tenant", "t")), Offer("x"), "tenant"), Is.Null);
            Assert.That(Derive.Equal(Offer("x", ("tenant", "t")), Offer("x", ("tenant", "*")), "tenant"), Is.Null);
            Assert.That(Derive.Equal(Offer("x", ("tenant", "t")), Offer("x", ("tenant", "t")), "tenant"), Is.Null);
        });
    }

    [Test]
    public void Equal_reports_the_violation_like_w3up()
    {
        var failure = Derive.Equal(Offer("x"), Offer("x", ("label", "l")), "label");
        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Is.EqualTo("Constrain violation: undefined violates imposed nb.label constraint l"));
            Assert.That(failure.Name, Is.EqualTo("ConstraintViolation"));
        });
    }

    [Test]
    public void Equal_link_compares_cid_strings()
    {
        var failure = Derive.EqualLink(Offer("x", ("aggregate", OfferFixture.Aggregate)), Offer("x", ("aggregate", OfferFixture.LegacyAggregate)), "aggregate");
        Assert.That(failure!.Message, Is.EqualTo($"Constrain violation: {OfferFixture.Aggregate} violates imposed nb.aggregate constraint {OfferFixture.LegacyAggregate}"));
    }

    [Test]
    public void Equal_does_not_confuse_different_maps()
    {
        var a = new Dictionary<string, object?>(StringComparer.Ordinal) { ["x"] = 1L };
        var b = new Dictionary<string, object?>(StringComparer.Ordinal) { ["x"] = 2L };
        Assert.That(Derive.Equal(Offer("x", ("m", a)), Offer("x", ("m", b)), "m"), Is.Not.Null);
    }

    [Test]
    public void Default_derives_requires_every_delegated_caveat()
    {
        var definition = new CapabilityDefinition("test/echo");
        Assert.Multiple(() =>
        {
            Assert.That(definition.Derives(Offer("x", ("a", "1")), Offer("x", ("a", "1"))), Is.Null);
            Assert.That(definition.Derives(Offer("x", ("a", "1")), Offer("x", ("a", "2"))), Is.Not.Null);
            Assert.That(definition.Derives(Offer("x"), Offer("y")), Is.Not.Null);
            Assert.That(definition.ToString(), Is.EqualTo("{\"can\":\"test/echo\"}"));
        });
    }

    [TestCase("*")]
    [TestCase("deal")]
    [TestCase("deal/*")]
    public void Definitions_need_a_concrete_ability(string can) =>
        Assert.That(() => new CapabilityDefinition(can), Throws.ArgumentException);
}
