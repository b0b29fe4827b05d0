using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Tests.Tokens;

public sealed class CapabilityTests
{
    [TestCase("did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX", true)]
    [TestCase("did:web:dealer.example.com", true)]
    [TestCase("ucan:*", true)]
    [TestCase("https://dealer.example.com/x", true)]
    [TestCase("mailto:alice@example.com", true)]
    [TestCase("no scheme", false)]
    [TestCase("1abc:x", false)]
    [TestCase(":x", false)]
    [TestCase("", false)]
    [TestCase("https://", false)]
    public void Resources_must_parse_as_uris(string resource, bool valid)
    {
        Assert.That(Capability.IsValidResource(resource), Is.EqualTo(valid));
    }

    [TestCase("deal/offer", "deal/offer")]
    [TestCase("DEAL/Offer", "deal/offer")]
    [TestCase("*", "*")]
    [TestCase("store/*", "store/*")]
    public void Abilities_are_normalised(string can, string expected)
    {
        Assert.That(Capability.NormalizeAbility(can), Is.EqualTo(expected));
    }

    [TestCase("deal")]
    [TestCase("/deal")]
    [TestCase("deal/")]
    [TestCase("**")]
    public void Abilities_without_an_inner_slash_are_rejected(string can)
    {
        Assert.That(() => Capability.NormalizeAbility(can), Throws.InstanceOf<FormatException>());
    }

    [Test]
    public void The_ipld_form_keeps_caveats_and_extensions()
    {
        var nb = new Dictionary<string, object?>(StringComparer.Ordinal) { ["tenant"] = "t" };
        var capability = new Capability("deal/offer", "did:web:x", nb)
        {
            Extensions = new Dictionary<string, object?>(StringComparer.Ordinal) { ["extra"] = true },
        };
        var read = Capability.FromIpld(capability.ToIpld());
        Assert.Multiple(() =>
        {
            Assert.That(read.Can, Is.EqualTo("deal/offer"));
            Assert.That(read.With, Is.EqualTo("did:web:x"));
            Assert.That(read.Nb!["tenant"], Is.EqualTo("t"));
            Assert.That(read.Extensions!["extra"], Is.EqualTo(true));
        });
    }

    [Test]
    public void Caveats_that_are_not_a_map_are_rejected()
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal) { ["can"] = "a/b", ["with"] = "did:web:x", ["nb"] = "oops" };
        var error = Assert.Catch<FormatException>(() => Capability.FromIpld(map, "att[0]"));
        Assert.That(error!.Message, Is.EqualTo("Expected att[0].nb to be a map, instead got string \"oops\"."));
    }
}
