using System.Text.Json;
using Dealer.Service.Cli;
using Dealer.Service.Configuration;
using Dealer.Service.Tests.Aws;
using Dealer.Service.Tests.Support;

namespace Dealer.Service.Tests.Cli;

/// <summary>
/// <c>dealer trace</c> against stores populated by the real pipeline: a storefront's offer over HTTP to a running
/// dealer, its queue consumer, <c>dealer deal resolve</c> and <c>dealer cron tick</c>; on the embedded store and on
/// the AWS stores (local servers, fresh resources per test).
/// </summary>
[TestFixture(nameof(StoreKind.Embedded))]
[TestFixture(nameof(StoreKind.Aws))]
public sealed class TraceCommandTests
{
    private readonly StoreKind _store;

    public TraceCommandTests(string store) => _store = Enum.Parse<StoreKind>(store);

    [Test]
    public async Task Trace_follows_an_aggregate_from_the_offer_to_the_deal_add_receipt()
    {
        await using var dealer = await TestDealer.StartAsync(store: _store);
        var offer = DistinctOffer.Create();
        var offerReceipt = await dealer.InvokeAsync(offer.Invocation);
        Assert.That(offerReceipt.Out.IsOk, Is.True, offerReceipt.Out.ErrorName);
        var join = offerReceipt.Join!.ToString();
        await Eventually.GetAsync(() => dealer.Stores.Deals.GetAsync(offer.Aggregate));

        // Before the broker decides, the join CID has no receipt: the trace finds it among the OFFERED deals.
        var pending = await TraceJsonAsync(dealer, join);
        Assert.Multiple(() =>
        {
            Assert.That(pending.GetProperty("aggregate").GetString(), Is.EqualTo(offer.Aggregate));
            Assert.That(pending.GetProperty("deal").GetProperty("status").GetString(), Is.EqualTo("offered"));
            Assert.That(pending.GetProperty("queue").GetProperty("state").GetString(), Is.EqualTo("consumed"));
            Assert.That(pending.GetProperty("dealAdd").GetProperty("invocation").GetString(), Is.EqualTo(join));
            Assert.That(pending.GetProperty("dealAdd").GetProperty("receipt").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(pending.GetProperty("ledger").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });

        var resolve = await DealerCli.RunAsync(["deal", "resolve", offer.Aggregate, "--approve", "--deal-id", "5150",
            "--provider", "f0777", .. dealer.StoreArguments]);
        Assert.That(resolve.ExitCode, Is.EqualTo(ExitCodes.Ok), resolve.Error);
        var tick = await DealerCli.RunAsync(["cron", "tick", "--key", TestPrincipals.DealerKey, .. dealer.StoreArguments]);
        Assert.That(tick.ExitCode, Is.EqualTo(ExitCodes.Ok), tick.Error);

        var byAggregate = await TraceJsonAsync(dealer, offer.Aggregate);
        var byOffer = await TraceJsonAsync(dealer, offer.Invocation.Cid.ToString());
        var byJoin = await TraceJsonAsync(dealer, join);
        Assert.Multiple(() =>
        {
            Assert.That(byOffer.GetRawText(), Is.EqualTo(byAggregate.GetRawText()), "found through the deal/offer receipt");
            Assert.That(byJoin.GetRawText(), Is.EqualTo(byAggregate.GetRawText()), "found through the deal/add receipt");

            var offerJson = byAggregate.GetProperty("offer");
            Assert.That(offerJson.GetProperty("storefront").GetString(), Is.EqualTo(TestPrincipals.StorefrontDid));
            Assert.That(offerJson.GetProperty("tenant").GetString(), Is.EqualTo("tenant-1"));
            Assert.That(offerJson.GetProperty("pieces").GetInt32(), Is.EqualTo(offer.Pieces.Count));
            Assert.That(offerJson.GetProperty("invocation").GetString(), Is.EqualTo(offer.Invocation.Cid.ToString()));
            Assert.That(offerJson.GetProperty("key").GetString(), Does.EndWith(" " + offer.Aggregate));
            Assert.That(offerJson.GetProperty("object").GetString(), Does.StartWith(_store == StoreKind.Aws ? "s3://" : "file://"));

            var receipt = byAggregate.GetProperty("offerReceipt");
            Assert.That(receipt.GetProperty("cid").GetString(), Is.EqualTo(offerReceipt.Cid.ToString()));
            Assert.That(receipt.GetProperty("join").GetString(), Is.EqualTo(join));
            Assert.That(receipt.GetProperty("out").TryGetProperty("ok", out _), Is.True);

            Assert.That(byAggregate.GetProperty("queue").GetProperty("state").GetString(), Is.EqualTo("consumed"));
            var deal = byAggregate.GetProperty("deal");
            Assert.That(deal.GetProperty("status").GetString(), Is.EqualTo("approved"));
            Assert.That(deal.GetProperty("dealID").GetInt64(), Is.EqualTo(5150));
            Assert.That(deal.GetProperty("provider").GetString(), Is.EqualTo("f0777"));
            Assert.That(byAggregate.GetProperty("ledger").GetProperty("approved").GetBoolean(), Is.True);

            var dealAdd = byAggregate.GetProperty("dealAdd");
            Assert.That(dealAdd.GetProperty("invocation").GetString(), Is.EqualTo(join));
            var addReceipt = dealAdd.GetProperty("receipt");
            Assert.That(addReceipt.GetProperty("ran").GetString(), Is.EqualTo(join));
            Assert.That(addReceipt.GetProperty("issuer").GetString(), Is.EqualTo(TestPrincipals.DealerDid));
            Assert.That(addReceipt.GetProperty("out").GetProperty("ok").GetProperty("dataSource").GetProperty("dealID").GetInt64(),
                Is.EqualTo(5150));

            Assert.That(byAggregate.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("event").GetString()),
                Is.EqualTo(new[] { "offer-accepted", "deal-recorded", "verdict-recorded", "deal-approved" }));
        });

        var text = await DealerCli.RunAsync(["trace", offer.Aggregate, .. dealer.StoreArguments]);
        Assert.That(text.ExitCode, Is.EqualTo(ExitCodes.Ok), text.Error);
        Assert.Multiple(() =>
        {
            Assert.That(text.Output, Does.StartWith($"aggregate    {offer.Aggregate}\n"));
            Assert.That(text.Output, Does.Contain($"  storefront {TestPrincipals.StorefrontDid}\n"));
            Assert.That(text.Output, Does.Contain($"  pieces     {offer.Pieces.Count} "));
            Assert.That(text.Output, Does.Contain("queue        consumed"));
            Assert.That(text.Output, Does.Contain("deal         APPROVED (deal 5150, provider f0777)\n"));
            Assert.That(text.Output, Does.Contain($"deal/add     {join}\n"));
            Assert.That(text.Output, Does.Contain("  receipt    ").And.Contain("ok {\"aggregate\""));
            Assert.That(text.Output, Does.Contain("history\n"));
        });
    }

    [Test]
    public async Task Unknown_aggregate_or_invocation_exits_1_and_a_non_cid_exits_2()
    {
        await using var dealer = await TestDealer.StartAsync(store: _store);

        var aggregate = await DealerCli.RunAsync(["trace", DistinctOffer.Create().Aggregate, .. dealer.StoreArguments]);
        var invocation = await DealerCli.RunAsync(["trace", Vectors.DealAddJoin, .. dealer.StoreArguments]);
        var garbage = await DealerCli.RunAsync(["trace", "not-a-cid", .. dealer.StoreArguments]);

        Assert.Multiple(() =>
        {
            Assert.That(aggregate.ExitCode, Is.EqualTo(ExitCodes.Negative));
            Assert.That(aggregate.Error, Does.StartWith("dealer: no offer, deal or verdict for the aggregate "));
            Assert.That(invocation.ExitCode, Is.EqualTo(ExitCodes.Negative));
            Assert.That(invocation.Error, Is.EqualTo($"dealer: no receipt or offered deal knows the invocation {Vectors.DealAddJoin}\n"));
            Assert.That(garbage.ExitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(garbage.Error, Does.Contain("neither an aggregate piece CID nor an invocation CID"));
            Assert.That(aggregate.Output + invocation.Output + garbage.Output, Is.Empty);
        });
    }

    [Test]
    public async Task A_missing_store_is_one_line_and_exit_3()
    {
        string[] arguments;
        if (_store == StoreKind.Aws)
        {
            await using var aws = await AwsTestResources.CreateAsync(initialize: false);
            arguments = aws.Arguments;
        }
        else
        {
            arguments = ["--data-dir", TestDealer.NewDataDirectory()];
        }

        var result = await DealerCli.RunAsync(
            new Dictionary<string, string> { ["DEALER_AWS_MAX_ERROR_RETRY"] = "1" }, ["trace", Vectors.Aggregate, .. arguments]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Unavailable));
            Assert.That(result.Error.TrimEnd('\n'), Does.Not.Contain('\n'), "one line");
            Assert.That(result.Error, Does.StartWith("dealer: "));
            Assert.That(result.Output, Is.Empty);
        });
        if (_store == StoreKind.Embedded)
        {
            Assert.That(result.Error, Does.Contain("no embedded store"));
            Assert.That(Directory.Exists(arguments[1]), Is.False, "a trace creates no store");
        }
    }

    internal static async Task<JsonElement> TraceJsonAsync(TestDealer dealer, string target)
    {
        var result = await DealerCli.RunAsync(["trace", target, "--json", .. dealer.StoreArguments]);
        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Ok), result.Error);
        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.Clone();
    }
}
