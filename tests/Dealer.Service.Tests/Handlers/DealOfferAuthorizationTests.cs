using Dealer.Service.Tests.Support;

namespace Dealer.Service.Tests.Handlers;

/// <summary>A storefront is authorized only through a live delegation chain from the dealer.</summary>
public sealed class DealOfferAuthorizationTests
{
    private static string Message(Dealer.Ucan.Receipts.Receipt receipt) =>
        (string)((IReadOnlyDictionary<string, object?>)receipt.Out.Error!)["message"]!;

    [Test]
    public async Task Storefront_without_a_proof_is_Unauthorized()
    {
        await using var dealer = await TestDealer.StartAsync();

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.AgentSigner, []));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("Unauthorized"));
        Assert.That(receipt.Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
        Assert.That(await dealer.Stores.Offers.FindAsync(Vectors.Aggregate), Is.Null);
    }

    [Test]
    public async Task Agent_presenting_the_storefront_proof_is_Unauthorized()
    {
        await using var dealer = await TestDealer.StartAsync();

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.AgentSigner, [Vectors.StorefrontProof()]));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("Unauthorized"));
    }

    [Test]
    public async Task Revoked_delegation_is_Unauthorized_with_Revoked()
    {
        await using var dealer = await TestDealer.StartAsync();
        var proof = Offers.StorefrontProof();
        var before = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [proof], nonce: "before", aggregate: null));
        Assert.That(before.Out.IsOk, Is.True);

        var revoke = await DealerCli.RunAsync("revoke", proof.Cid.ToString(), "--reason", "key leaked", "--data-dir", dealer.DataDirectory);
        Assert.That(revoke.ExitCode, Is.EqualTo(0), revoke.Error);
        var after = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [proof], nonce: "after"));

        Assert.That(after.Out.ErrorName, Is.EqualTo("Unauthorized"));
        Assert.That(Message(after), Does.Contain($"Proof {proof.Cid} has been revoked"));
    }

    [Test]
    public async Task Expired_delegation_is_Unauthorized_with_Expired()
    {
        await using var dealer = await TestDealer.StartAsync();
        var proof = Offers.StorefrontProof(expiration: DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [proof]));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("Unauthorized"));
        Assert.That(Message(receipt), Does.Contain($"Proof {proof.Cid} has expired"));
    }

    [Test]
    public async Task Storefront_cannot_invoke_deal_add_even_with_a_delegation()
    {
        await using var dealer = await TestDealer.StartAsync();
        var proof = Offers.StorefrontProof(ability: "deal/add");
        var offer = Offers.DealOffer(TestPrincipals.StorefrontSigner, [proof]);
        var add = Dealer.Ucan.Delegations.Invocation.Invoke(new Dealer.Ucan.Delegations.DelegationOptions(
            TestPrincipals.StorefrontSigner,
            TestPrincipals.DealerDid,
            [new Dealer.Ucan.Tokens.Capability("deal/add", TestPrincipals.DealerDid, offer.Capabilities[0].Nb)])
        {
            Expiration = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 600,
            Proofs = [proof],
        });

        var receipt = await dealer.InvokeAsync(add);

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("Unauthorized"));
        Assert.That(Message(receipt), Does.Contain("only invoked by the dealer itself"));
    }
}
