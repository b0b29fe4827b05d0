using Dealer.Service.Capabilities;
using Dealer.Service.Configuration;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Dealer.Service.Tests.Handlers;

/// <summary>
/// The whole pipeline over real HTTP on loopback: deal/offer → dealer-queue → deal-store OFFERED → the broker's
/// verdict → cron → deal/add receipt, fetched by the offer receipt's fx.join link. Runs on the embedded store and on
/// the AWS stores (S3, DynamoDB, SQS on the local servers; fresh resources per test).
/// </summary>
[TestFixture(nameof(StoreKind.Embedded))]
[TestFixture(nameof(StoreKind.Aws))]
public sealed class DealFlowTests
{
    private readonly StoreKind _store;

    public DealFlowTests(string store) => _store = Enum.Parse<StoreKind>(store);

    [Test]
    public async Task Approved_deal_gets_a_deal_add_receipt_at_the_join_link()
    {
        await using var dealer = await TestDealer.StartAsync(store: _store);

        var offer = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: "flow-1"));
        Assert.That(offer.Out.IsOk, Is.True, offer.Out.ErrorName);
        var join = offer.Join!;

        var deal = await Eventually.GetAsync(() => dealer.Stores.Deals.GetAsync(Vectors.Aggregate));
        Assert.Multiple(() =>
        {
            Assert.That(deal.Status, Is.EqualTo(DealStatus.Offered));
            Assert.That(deal.Storefront, Is.EqualTo(TestPrincipals.StorefrontDid));
            Assert.That(deal.Tenant, Is.EqualTo("tenant-1"));
            Assert.That(deal.Offer, Does.StartWith(_store == StoreKind.Aws ? $"s3://{dealer.Aws!.Options.OfferBucket}/" : "file://"));
        });

        var pending = await dealer.Cron.TickAsync(CancellationToken.None);
        Assert.That(pending.Pending, Is.EqualTo(1));
        using (var early = await dealer.Http.GetAsync($"/receipt/{join}"))
        {
            Assert.That((int)early.StatusCode, Is.EqualTo(404), "no deal/add receipt before the broker decides");
        }

        var resolve = await DealerCli.RunAsync(["deal", "resolve", Vectors.Aggregate, "--approve", "--deal-id", "4242",
            "--provider", "f01234", .. dealer.StoreArguments]);
        Assert.That(resolve.ExitCode, Is.EqualTo(0), resolve.Error);

        var tick = await dealer.Cron.TickAsync(CancellationToken.None);
        Assert.That(tick.Approved, Is.EqualTo(1));

        using var response = await dealer.Http.GetAsync($"/receipt/{join}");
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.ipld.car"));
        var receipt = Receipt.Extract(await response.Content.ReadAsByteArrayAsync());
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
            Assert.That(receipt.Ran, Is.EqualTo(join));
            Assert.That(receipt.Out.IsOk, Is.True);
            var ok = (IReadOnlyDictionary<string, object?>)receipt.Out.Ok!;
            Assert.That(ok["aggregate"], Is.EqualTo(Cid.Parse(Vectors.Aggregate)));
            var dataSource = (IReadOnlyDictionary<string, object?>)ok["dataSource"]!;
            Assert.That(dataSource["dealID"], Is.EqualTo(4242L));
        });

        var approved = await dealer.Stores.Deals.GetAsync(Vectors.Aggregate);
        Assert.Multiple(() =>
        {
            Assert.That(approved!.Status, Is.EqualTo(DealStatus.Approved));
            Assert.That(approved.DealId, Is.EqualTo(4242L));
            Assert.That(approved.Provider, Is.EqualTo("f01234"));
        });
        var again = await dealer.Cron.TickAsync(CancellationToken.None);
        Assert.That(again.Examined, Is.Zero, "a finished deal is no longer OFFERED");
    }

    [Test]
    public async Task Rejected_deal_gets_a_DealRejected_receipt_at_the_join_link()
    {
        await using var dealer = await TestDealer.StartAsync(store: _store);
        var offer = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: "flow-2"));
        await Eventually.GetAsync(() => dealer.Stores.Deals.GetAsync(Vectors.Aggregate));

        await dealer.Stores.Ledger.RecordAsync(new DealVerdict(Vectors.Aggregate, false, null, null, "no provider took it", DateTimeOffset.UtcNow));
        var tick = await dealer.Cron.TickAsync(CancellationToken.None);

        Assert.That(tick.Rejected, Is.EqualTo(1));
        using var response = await dealer.Http.GetAsync($"/receipt/{offer.Join}");
        var receipt = Receipt.Extract(await response.Content.ReadAsByteArrayAsync());
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
            Assert.That(receipt.Out.ErrorName, Is.EqualTo("DealRejected"));
            Assert.That(((IReadOnlyDictionary<string, object?>)receipt.Out.Error!)["message"], Is.EqualTo("no provider took it"));
        });
        var deal = await dealer.Stores.Deals.GetAsync(Vectors.Aggregate);
        Assert.That(deal!.Status, Is.EqualTo(DealStatus.Rejected));
        Assert.That(deal.Reason, Is.EqualTo("no provider took it"));
    }

    [Test]
    public async Task Re_offer_of_a_known_aggregate_gets_the_same_join_without_a_second_offer_or_message()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with { RunConsumer = false }, store: _store);
        var proof = Vectors.StorefrontProof();

        var first = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [proof], nonce: "first"));
        var second = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [proof], nonce: "second", label: "other"));

        Assert.Multiple(() =>
        {
            Assert.That(first.Out.IsOk, Is.True);
            Assert.That(second.Out.IsOk, Is.True);
            Assert.That(second.Ran, Is.Not.EqualTo(first.Ran));
            Assert.That(second.Join, Is.EqualTo(first.Join));
        });
        Assert.That(await dealer.Stores.Offers.ListKeysAsync().ToListAsync(), Has.Count.EqualTo(1));
        Assert.That(await dealer.Stores.Queue.ReceiveAsync(10, TimeSpan.Zero), Has.Count.EqualTo(1));
        var stored = await dealer.Stores.Offers.FindAsync(Vectors.Aggregate);
        Assert.That(stored!.Invocation, Is.EqualTo(first.Ran.ToString()));
    }

    [Test]
    public async Task Two_cron_ticks_at_once_finish_the_deal_once_with_one_receipt()
    {
        await using var dealer = await TestDealer.StartAsync(store: _store);
        var offer = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()]));
        await Eventually.GetAsync(() => dealer.Stores.Deals.GetAsync(Vectors.Aggregate));
        await dealer.Stores.Ledger.RecordAsync(new DealVerdict(Vectors.Aggregate, true, 5, "f05", null, DateTimeOffset.UtcNow));

        var ticks = await Task.WhenAll(
            dealer.Cron.TickAsync(CancellationToken.None),
            dealer.Cron.TickAsync(CancellationToken.None),
            dealer.Cron.TickAsync(CancellationToken.None));
        var afterwards = await dealer.Cron.TickAsync(CancellationToken.None);

        Assert.That(ticks.Sum(tick => tick.Approved), Is.EqualTo(1));
        Assert.That(ticks.Sum(tick => tick.Failed), Is.Zero);
        Assert.That(afterwards.Examined, Is.Zero);
        var stored = Receipt.Extract((await dealer.Stores.Receipts.GetAsync(offer.Join!.ToString()))!);
        Assert.That(stored.Out.IsOk, Is.True);
        Assert.That(stored.Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
    }

    [Test]
    public async Task Tick_after_a_crash_between_receipt_and_transition_follows_the_issued_receipt()
    {
        await using var dealer = await TestDealer.StartAsync(store: _store);
        var offer = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()]));
        var deal = await Eventually.GetAsync(() => dealer.Stores.Deals.GetAsync(Vectors.Aggregate));
        await dealer.Stores.Ledger.RecordAsync(new DealVerdict(Vectors.Aggregate, true, 31, "f031", null, DateTimeOffset.UtcNow));

        // The cron's first half: deal/add runs and its ok receipt is recorded; then the process "dies".
        var server = dealer.Host.Services.GetRequiredService<UcanServer>();
        var add = DealerCapabilities.DealAddInvocation(TestPrincipals.DealerSigner, StoredCaveats.Of(deal));
        var first = await server.RunAsync(add, new BlockSet(), CancellationToken.None);
        Assert.That(first.Out.IsOk, Is.True);
        await dealer.Stores.Ledger.RecordAsync(new DealVerdict(Vectors.Aggregate, false, null, null, "changed mind", DateTimeOffset.UtcNow));

        var tick = await dealer.Cron.TickAsync(CancellationToken.None);

        Assert.That(tick.Approved, Is.EqualTo(1));
        var finished = await dealer.Stores.Deals.GetAsync(Vectors.Aggregate);
        Assert.That(finished!.Status, Is.EqualTo(DealStatus.Approved));
        Assert.That(finished.DealId, Is.EqualTo(31L));
        var stored = Receipt.Extract((await dealer.Stores.Receipts.GetAsync(offer.Join!.ToString()))!);
        Assert.That(stored.Cid, Is.EqualTo(first.Cid), "the ok receipt is final");
    }

    [Test]
    public async Task The_join_link_is_the_deal_add_the_cron_runs()
    {
        await using var dealer = await TestDealer.StartAsync(store: _store);
        var offer = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], label: "l"));

        var pieces = Offers.PiecesBlock(Vectors.Pieces()).Cid;
        var expected = DealerCapabilities.DealAddInvocation(TestPrincipals.DealerSigner, new DealCaveats(Cid.Parse(Vectors.Aggregate), pieces, "tenant-1", "l"));

        Assert.That(offer.Join, Is.EqualTo(expected.Cid));
        Assert.That(expected.Expiration, Is.Null);
        Assert.That(expected.Nonce, Is.Null);
    }
}
