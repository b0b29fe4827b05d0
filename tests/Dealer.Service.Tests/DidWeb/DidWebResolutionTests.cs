using System.Diagnostics;
using Dealer.Service.Configuration;
using Dealer.Service.Hosting;
using Dealer.Service.Tests.Support;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Tokens;

namespace Dealer.Service.Tests.DidWeb;

/// <summary>
/// A did:web storefront whose key the dealer learns from its DID document, fetched over HTTPS from a real server on
/// 127.0.0.1 with a certificate from a test CA the dealer is told to trust (<c>--did-web-ca</c>).
/// </summary>
public sealed class DidWebResolutionTests
{
    private DidWebServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() =>
        _server = await DidWebServer.StartAsync(TestPrincipals.StorefrontSigner.Verifier, TestPrincipals.AgentSigner.Verifier);

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task A_did_web_storefront_offers_with_the_key_its_document_publishes()
    {
        await using var dealer = await StartDealerAsync();
        var did = _server.Did();

        var first = await dealer.InvokeAsync(Offer(did, "first"));
        var second = await dealer.InvokeAsync(Offer(did, "second"));

        Assert.Multiple(() =>
        {
            Assert.That(first.Out.IsOk, Is.True, Describe(first));
            Assert.That(second.Out.IsOk, Is.True, Describe(second));
            Assert.That(_server.Hits("/.well-known/did.json"), Is.EqualTo(1), "the second offer uses the cached keys");
        });
    }

    [TestCase("large", Description = "announced by Content-Length")]
    [TestCase("large-chunked", Description = "sent chunked, counted as it arrives")]
    public async Task A_document_larger_than_the_limit_is_a_resolution_failure(string path)
    {
        await using var dealer = await StartDealerAsync();

        var receipt = await dealer.InvokeAsync(Offer(_server.Did(path), path));

        AssertUnresolved(receipt, _server.Did(path));
    }

    [Test]
    public async Task A_server_that_never_answers_times_out_into_a_resolution_failure()
    {
        await using var dealer = await StartDealerAsync();
        var clock = Stopwatch.StartNew();

        var receipt = await dealer.InvokeAsync(Offer(_server.Did("silent"), "silent"));

        AssertUnresolved(receipt, _server.Did("silent"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "bounded by --did-web-timeout (1 s here)");
    }

    [Test]
    public async Task A_404_is_a_resolution_failure_remembered_for_the_negative_ttl()
    {
        await using var dealer = await StartDealerAsync();
        var did = _server.Did("missing");

        var first = await dealer.InvokeAsync(Offer(did, "missing-1"));
        var second = await dealer.InvokeAsync(Offer(did, "missing-2"));

        AssertUnresolved(first, did);
        AssertUnresolved(second, did);
        Assert.That(_server.Hits("/missing/did.json"), Is.EqualTo(1), "the failure is cached");
    }

    [Test]
    public async Task A_document_with_another_key_does_not_authorize_the_storefront()
    {
        await using var dealer = await StartDealerAsync();

        var receipt = await dealer.InvokeAsync(Offer(_server.Did("wrong-key"), "wrong-key"));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("Unauthorized"));
        Assert.That(Message(receipt), Does.Contain("does not has a valid signature from " + TestPrincipals.AgentSigner.Did));
    }

    [Test]
    public async Task Loopback_documents_are_refused_unless_private_addresses_are_allowed()
    {
        await using var dealer = await StartDealerAsync(allowPrivate: false);
        var hits = _server.Hits("/.well-known/did.json");

        var receipt = await dealer.InvokeAsync(Offer(_server.Did(), "guarded"));

        AssertUnresolved(receipt, _server.Did());
        Assert.That(_server.Hits("/.well-known/did.json"), Is.EqualTo(hits), "no request reached the server");
    }

    [Test]
    public async Task A_certificate_from_a_ca_the_dealer_was_not_told_to_trust_is_refused()
    {
        await using var dealer = await StartDealerAsync(trustTestCa: false);

        var receipt = await dealer.InvokeAsync(Offer(_server.Did("untrusted"), "untrusted"));

        AssertUnresolved(receipt, _server.Did("untrusted"));
        Assert.That(_server.Hits("/untrusted/did.json"), Is.Zero, "the TLS handshake failed before any request");
    }

    [Test]
    public async Task With_web_resolution_off_only_resolve_entries_admit_a_did_web()
    {
        await using var dealer = await StartDealerAsync(enabled: false);

        var receipt = await dealer.InvokeAsync(Offer(_server.Did(), "off"));

        AssertUnresolved(receipt, _server.Did());
    }

    private Task<TestDealer> StartDealerAsync(bool allowPrivate = true, bool enabled = true, bool trustTestCa = true) =>
        TestDealer.StartAsync(configureServices: services => services.AddInterop(new InteropOptions
        {
            DidWeb = new DidWebOptions
            {
                Enabled = enabled,
                AllowPrivateAddresses = allowPrivate,
                TrustedCertificateFile = trustTestCa ? _server.CaFile : null,
                Timeout = TimeSpan.FromSeconds(1),
                MaxSize = 16 << 10,
                NegativeTtl = TimeSpan.FromMinutes(1),
            },
        }));

    /// <summary>A deal/offer from the storefront's key acting as <paramref name="did"/>, with the dealer's delegation to that did:web.</summary>
    private static Delegation Offer(string did, string nonce)
    {
        var proof = Delegation.Delegate(new DelegationOptions(
            TestPrincipals.DealerSigner, did, [new Capability(DealerCapabilities.DealOfferAbility, TestPrincipals.DealerDid)]));
        return Offers.DealOffer(TestPrincipals.StorefrontSigner.WithDid(did), [proof], nonce: nonce);
    }

    private static void AssertUnresolved(Receipt receipt, string did)
    {
        Assert.That(receipt.Out.ErrorName, Is.EqualTo("Unauthorized"), Describe(receipt));
        Assert.That(Message(receipt), Does.Contain($"Unable to resolve '{did}' key"));
    }

    private static string Message(Receipt receipt) =>
        (string)((IReadOnlyDictionary<string, object?>)receipt.Out.Error!)["message"]!;

    private static string Describe(Receipt receipt) => receipt.Out.IsOk ? "ok" : receipt.Out.ErrorName + ": " + Message(receipt);
}
