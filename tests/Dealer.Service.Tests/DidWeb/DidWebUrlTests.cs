using System.Net;
using Dealer.Service.DidWeb;

namespace Dealer.Service.Tests.DidWeb;

/// <summary>did:web → document URL (W3C did:web "Read"), and which addresses the fetcher refuses by default.</summary>
public sealed class DidWebUrlTests
{
    [TestCase("did:web:example.com", "https://example.com/.well-known/did.json")]
    [TestCase("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json")]
    [TestCase("did:web:example.com%3A8443", "https://example.com:8443/.well-known/did.json")]
    [TestCase("did:web:127.0.0.1%3A4443:a:b", "https://127.0.0.1:4443/a/b/did.json")]
    [TestCase("did:web:web3.storage", "https://web3.storage/.well-known/did.json")]
    public void Maps_a_did_web_to_its_document_url(string did, string url)
    {
        Assert.That(DidWebUrl.TryCreate(did, out var created), Is.True);
        Assert.That(created.ToString(), Is.EqualTo(url));
    }

    [TestCase("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")]
    [TestCase("did:web:")]
    [TestCase("did:web:example.com%3A99999")]
    [TestCase("did:web:example.com%3Ahttp")]
    [TestCase("did:web:example.com::x")]
    [TestCase("did:web:example.com:..")]
    [TestCase("did:web:exa mple.com")]
    [TestCase("did:web:example.com#key")]
    [TestCase("did:web:example.com/path")]
    public void Refuses_what_is_not_a_fetchable_did_web(string did)
    {
        Assert.That(DidWebUrl.TryCreate(did, out _), Is.False);
    }

    [TestCase("127.0.0.1", false)]
    [TestCase("::1", false)]
    [TestCase("10.1.2.3", false)]
    [TestCase("172.20.0.1", false)]
    [TestCase("192.168.1.1", false)]
    [TestCase("169.254.169.254", false)]
    [TestCase("100.64.0.1", false)]
    [TestCase("0.0.0.0", false)]
    [TestCase("fd00::1", false)]
    [TestCase("fe80::1", false)]
    [TestCase("::ffff:10.0.0.1", false)]
    [TestCase("64:ff9b::a00:1", false)]
    [TestCase("64:ff9b::5db8:d70e", true)]
    [TestCase("93.184.215.14", true)]
    [TestCase("172.32.0.1", true)]
    [TestCase("2606:4700::6810:84e5", true)]
    public void Only_public_addresses_are_fetched_from_by_default(string address, bool isPublic)
    {
        Assert.That(DidWebHttp.IsPublic(IPAddress.Parse(address)), Is.EqualTo(isPublic));
    }
}
