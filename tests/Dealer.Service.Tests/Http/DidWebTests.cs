using System.Text.Json;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Client;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Receipts;

namespace Dealer.Service.Tests.Http;

/// <summary>A did:web dealer publishes its key and signs receipts, including deal/add, under its did:web.</summary>
public sealed class DidWebTests
{
    private const string DidWeb = "did:web:dealer.example.com";

    [Test]
    public async Task Did_web_dealer_serves_its_did_document()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with { Did = DidWeb });

        using var response = await dealer.Http.GetAsync("/.well-known/did.json");

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(json.RootElement.GetProperty("id").GetString(), Is.EqualTo(DidWeb));
        var method = json.RootElement.GetProperty("verificationMethod")[0];
        Assert.That("did:key:" + method.GetProperty("publicKeyMultibase").GetString(), Is.EqualTo(TestPrincipals.DealerDid));
        Assert.That(dealer.Host.Did, Is.EqualTo(DidWeb));
    }

    [Test]
    public async Task Did_web_dealer_accepts_its_own_delegation_and_signs_deal_add_under_its_did_web()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with { Did = DidWeb });
        var verifier = Verifiers.WithDid(TestPrincipals.DealerSigner.Verifier, DidWeb);
        var proof = Offers.StorefrontProof(dealer: TestPrincipals.DealerSigner.WithDid(DidWeb));

        var offer = await new UcanClient(dealer.Http, dealer.Url, verifier)
            .InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [proof], dealer: DidWeb), CancellationToken.None);
        Assert.That(offer.Out.IsOk, Is.True, offer.Out.ErrorName);
        await Eventually.GetAsync(() => dealer.Stores.Deals.GetAsync(Vectors.Aggregate));
        await dealer.Stores.Ledger.RecordAsync(new DealVerdict(Vectors.Aggregate, true, 9, "f0100", null, DateTimeOffset.UtcNow));
        var tick = await dealer.Cron.TickAsync(CancellationToken.None);

        Assert.That(tick.Approved, Is.EqualTo(1));
        using var response = await dealer.Http.GetAsync($"/receipt/{offer.Join}");
        var receipt = Receipt.Extract(await response.Content.ReadAsByteArrayAsync());
        Assert.That(receipt.Issuer, Is.EqualTo(DidWeb));
        Assert.That(receipt.Verify(verifier), Is.True);
        Assert.That(receipt.Out.IsOk, Is.True);
    }
}
