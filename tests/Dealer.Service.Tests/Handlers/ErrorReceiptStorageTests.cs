using Dealer.Service.Receipts;
using Dealer.Service.Tests.Support;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Receipts;

namespace Dealer.Service.Tests.Handlers;

/// <summary>
/// Receipts of unauthorized invocations keep no attacker-chosen bulk and expire; receipts the dealer must keep stay.
/// Everything goes over HTTP to a running dealer on the embedded store.
/// </summary>
public sealed class ErrorReceiptStorageTests
{
    private static readonly Block[] Bulk = Enumerable.Range(0, 7).Select(i =>
    {
        var bytes = new byte[1 << 20];
        bytes[0] = (byte)i;
        return Block.Create(Cid.Hash(0x55, bytes), bytes);
    }).ToArray();

    /// <summary>A deal/offer from a key with no delegation, linking 7 × 1 MiB blocks from its facts.</summary>
    private static Delegation UnauthorizedWithBulk(int i)
    {
        var offer = Offers.DealOffer(TestPrincipals.AgentSigner, [], nonce: "bulk " + i);
        return Invocation.Invoke(new DelegationOptions(TestPrincipals.AgentSigner, TestPrincipals.DealerDid, offer.Capabilities)
        {
            Expiration = offer.Expiration,
            Nonce = offer.Nonce,
            // ucanto attaches blocks linked from the top level of a fact.
            Facts = [Bulk.Select((block, n) => (Key: "bulk" + n, Link: (object?)block.Cid)).ToDictionary(item => item.Key, item => item.Link, StringComparer.Ordinal)],
            AttachedBlocks = [.. Bulk, Offers.PiecesBlock(Vectors.Pieces())],
        });
    }

    private static long SizeOf(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);

    [Test]
    public async Task Thirty_unauthorized_requests_each_linking_7_MiB_grow_the_data_dir_by_less_than_4_MiB()
    {
        await using var dealer = await TestDealer.StartAsync();
        var warm = await dealer.InvokeAsync(UnauthorizedWithBulk(-1));
        Assert.That(warm.Out.ErrorName, Is.EqualTo("Unauthorized"));
        var before = SizeOf(dealer.DataDirectory);

        var receipts = new List<Receipt>();
        for (var i = 0; i < 30; i++)
        {
            receipts.Add(await dealer.InvokeAsync(UnauthorizedWithBulk(i)));
        }

        var growth = SizeOf(dealer.DataDirectory) - before;
        TestContext.Out.WriteLine($"data dir grew by {growth} bytes for 30 requests of 7 MiB each");
        Assert.That(receipts.Select(receipt => receipt.Out.ErrorName), Is.All.EqualTo("Unauthorized"));
        Assert.That(growth, Is.LessThan(4L << 20));

        // The stored receipt is still served and verifies, with its invocation, without the bulk.
        using var response = await dealer.Http.GetAsync("/receipt/" + receipts[0].Ran);
        var car = await response.Content.ReadAsByteArrayAsync();
        var stored = Receipt.Extract(car);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(car, Has.Length.LessThanOrEqualTo(StoreReceiptLog.MaxErrorArchiveSize));
        Assert.That(stored.Cid, Is.EqualTo(receipts[0].Cid));
        Assert.That(stored.Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
        Assert.That(stored.RanInvocation?.Cid, Is.EqualTo(receipts[0].Ran));
        Assert.That(stored.TryGetBlock(Bulk[0].Cid, out _), Is.False);
    }

    [Test]
    public async Task Error_receipts_of_others_expire_after_the_retention_and_ok_receipts_stay()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with
        {
            ErrorReceiptRetention = TimeSpan.FromSeconds(1),
            ErrorReceiptPruneInterval = TimeSpan.FromMilliseconds(200),
        });
        var ok = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: "kept"));
        var refused = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.AgentSigner, [], nonce: "expires"));
        Assert.That(ok.Out.IsOk, Is.True);
        Assert.That(refused.Out.ErrorName, Is.EqualTo("Unauthorized"));
        using (var stored = await dealer.Http.GetAsync("/receipt/" + refused.Ran))
        {
            Assert.That((int)stored.StatusCode, Is.EqualTo(200), "kept until its retention has passed");
        }

        var gone = await Eventually.GetAsync(async () =>
        {
            using var response = await dealer.Http.GetAsync("/receipt/" + refused.Ran);
            return (int)response.StatusCode == 404 ? response.StatusCode.ToString() : null;
        });

        using var kept = await dealer.Http.GetAsync("/receipt/" + ok.Ran);
        Assert.That(gone, Is.EqualTo("NotFound"));
        Assert.That((int)kept.StatusCode, Is.EqualTo(200));
    }
}
