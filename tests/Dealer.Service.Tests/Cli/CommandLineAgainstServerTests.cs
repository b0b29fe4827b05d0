using System.Text.Json;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;

namespace Dealer.Service.Tests.Cli;

/// <summary>The storefront, operator and auditor commands against a running dealer (the README walk-through).</summary>
public sealed class CommandLineAgainstServerTests
{
    [Test]
    public async Task Walk_through_offer_resolve_tick_fetch_and_verify()
    {
        await using var dealer = await TestDealer.StartAsync();
        var work = dealer.DataDirectory;
        var proof = Path.Combine(work, "storefront-proof.car");
        var pieces = Vectors.Pieces().Select(p => p.ToString()).ToArray();

        var delegate_ = await DealerCli.RunAsync("delegate", "--key", TestPrincipals.DealerKey, "--audience", TestPrincipals.StorefrontDid, "--out", proof);
        Assert.That(delegate_.ExitCode, Is.EqualTo(0), delegate_.Error);

        var offer = await DealerCli.RunAsync([
            "offer", "--url", dealer.Url.ToString(), "--service", TestPrincipals.DealerDid, "--key", TestPrincipals.StorefrontKey,
            "--proof", proof, "--aggregate", Vectors.Aggregate, "--piece", pieces[0], "--piece", pieces[1], "--piece", pieces[2],
            "--tenant", "tenant-1", "--label", "walk-through"]);
        Assert.That(offer.ExitCode, Is.EqualTo(0), offer.Error);
        using var offerJson = JsonDocument.Parse(offer.Output);
        Assert.That(offerJson.RootElement.GetProperty("verified").GetBoolean(), Is.True);
        var join = offerJson.RootElement.GetProperty("fx").GetProperty("join").GetProperty("/").GetString()!;

        await Eventually.GetAsync(() => dealer.Stores.Deals.GetAsync(Vectors.Aggregate));
        var listed = await DealerCli.RunAsync("deals", "list", "--status", "offered", "--data-dir", work);
        Assert.That(listed.ExitCode, Is.EqualTo(0), listed.Error);
        Assert.That(listed.Output, Does.Contain(Vectors.Aggregate));

        var resolve = await DealerCli.RunAsync("deal", "resolve", Vectors.Aggregate, "--approve", "--deal-id", "77", "--provider", "f099", "--data-dir", work);
        Assert.That(resolve.ExitCode, Is.EqualTo(0), resolve.Error);
        var tick = await DealerCli.RunAsync("cron", "tick", "--data-dir", work, "--key", TestPrincipals.DealerKey);
        Assert.That(tick.ExitCode, Is.EqualTo(0), tick.Error);
        using (var tickJson = JsonDocument.Parse(tick.Output))
        {
            Assert.That(tickJson.RootElement.GetProperty("approved").GetInt32(), Is.EqualTo(1));
        }

        var receiptFile = Path.Combine(work, "deal-add.car");
        var get = await DealerCli.RunAsync("receipt", "get", "--url", dealer.Url.ToString(), "--cid", join, "--out", receiptFile);
        Assert.That(get.ExitCode, Is.EqualTo(0), get.Error);
        var verify = await DealerCli.RunAsync("receipt", "verify", receiptFile, "--issuer", TestPrincipals.DealerDid);
        Assert.That(verify.ExitCode, Is.EqualTo(0), verify.Error);
        Assert.That(verify.Output, Does.Contain("\"dealID\":77"));
        Assert.That((await dealer.Stores.Deals.GetAsync(Vectors.Aggregate))!.Status, Is.EqualTo(DealStatus.Approved));
    }

    [Test]
    public async Task Receipt_verify_fails_for_a_tampered_receipt_and_a_wrong_issuer()
    {
        await using var dealer = await TestDealer.StartAsync();
        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()]));
        var file = Path.Combine(dealer.DataDirectory, "offer.car");
        var get = await DealerCli.RunAsync("receipt", "get", "--url", dealer.Url.ToString(), "--cid", receipt.Ran.ToString(), "--out", file);
        Assert.That(get.ExitCode, Is.EqualTo(0), get.Error);

        var good = await DealerCli.RunAsync("receipt", "verify", file, "--issuer", TestPrincipals.DealerDid);
        var wrongIssuer = await DealerCli.RunAsync("receipt", "verify", file, "--issuer", TestPrincipals.StorefrontDid);
        var bytes = await File.ReadAllBytesAsync(file);
        var signature = receipt.Signature.Bytes;
        var at = IndexOf(bytes, signature);
        Assert.That(at, Is.GreaterThan(0), "the signature bytes are in the CAR");
        bytes[at + signature.Length - 1] ^= 0x01;
        var tamperedFile = Path.Combine(dealer.DataDirectory, "tampered.car");
        await File.WriteAllBytesAsync(tamperedFile, bytes);
        var tampered = await DealerCli.RunAsync("receipt", "verify", tamperedFile, "--issuer", TestPrincipals.DealerDid);
        var garbageFile = Path.Combine(dealer.DataDirectory, "garbage.car");
        await File.WriteAllBytesAsync(garbageFile, [1, 2, 3]);
        var garbage = await DealerCli.RunAsync("receipt", "verify", garbageFile, "--issuer", TestPrincipals.DealerDid);

        Assert.Multiple(() =>
        {
            Assert.That(good.ExitCode, Is.EqualTo(0), good.Error);
            Assert.That(wrongIssuer.ExitCode, Is.Not.EqualTo(0));
            Assert.That(tampered.ExitCode, Is.Not.EqualTo(0));
            Assert.That(garbage.ExitCode, Is.Not.EqualTo(0));
        });
    }

    [Test]
    public async Task Receipt_get_of_an_unknown_invocation_exits_1()
    {
        await using var dealer = await TestDealer.StartAsync();

        var result = await DealerCli.RunAsync("receipt", "get", "--url", dealer.Url.ToString(), "--cid", Vectors.DealAddJoin);

        Assert.That(result.ExitCode, Is.EqualTo(1));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}
