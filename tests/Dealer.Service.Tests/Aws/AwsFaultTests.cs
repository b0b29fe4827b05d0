using Dealer.Service.Configuration;
using Dealer.Service.Handlers;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;
using Dealer.Store.Aws;

namespace Dealer.Service.Tests.Aws;

/// <summary>
/// AWS failures during an offer or a consume: the queue or a table unreachable gives an error receipt (never an HTTP
/// 500), leaves no state a retry cannot finish, and the retry once it is reachable ends with exactly one offer object
/// and one queue message.
/// </summary>
public sealed class AwsFaultTests
{
    // Connection refused is retried by the SDK (with backoff) before it surfaces; one retry keeps the tests quick.
    private static readonly Func<string, string?> OneRetry = name => name == "DEALER_AWS_MAX_ERROR_RETRY" ? "1" : null;

    [Test]
    public async Task Unreachable_queue_gives_QueueOperationFailed_and_the_retry_queues_the_offer_once()
    {
        await using var aws = await AwsTestResources.CreateAsync();
        var offer = DistinctOffer.Create();
        var (aggregate, _, invocation) = offer;
        await using (var cut = await TestDealer.StartAsync(
                         options => options with { RunConsumer = false, Aws = options.Aws with { SqsEndpoint = LoopbackPorts.ClosedEndpoint() } },
                         aws: aws, getVariable: OneRetry))
        {
            var failed = await cut.InvokeAsync(invocation);
            Assert.That(failed.Out.ErrorName, Is.EqualTo(DealerErrors.QueueOperationFailed));
            Assert.That(ErrorMessage(failed), Does.Contain(aws.Prefix + "dealer-queue"));
        }

        await using var stores = aws.OpenStores();
        Assert.That(await aws.QueueDepthAsync(), Is.Zero);
        Assert.That(await stores.Deals.GetAsync(aggregate), Is.Null);

        await using var dealer = await TestDealer.StartAsync(options => options with { RunConsumer = false }, aws: aws);
        var retried = await dealer.InvokeAsync(invocation);
        var reoffered = await dealer.InvokeAsync(offer.Again("another"));

        Assert.Multiple(() =>
        {
            Assert.That(retried.Out.IsOk, Is.True, retried.Out.ErrorName);
            Assert.That(reoffered.Out.IsOk, Is.True, reoffered.Out.ErrorName);
            Assert.That(reoffered.Join, Is.EqualTo(retried.Join));
        });
        await AssertOneOfferAndOneMessageAsync(aws, stores, aggregate);
    }

    [Test]
    public async Task Missing_offer_table_gives_StoreOperationFailed_writes_nothing_and_works_once_created()
    {
        await using var aws = await AwsTestResources.CreateAsync();
        var lateTable = aws.Prefix + "late-offers";
        var (aggregate, _, invocation) = DistinctOffer.Create();
        await using var dealer = await TestDealer.StartAsync(
            options => options with { RunConsumer = false, Aws = options.Aws with { OfferTable = lateTable } }, aws: aws);

        var failed = await dealer.InvokeAsync(invocation);

        Assert.That(failed.Out.ErrorName, Is.EqualTo(DealerErrors.StoreOperationFailed));
        Assert.That(ErrorMessage(failed), Does.Contain(lateTable));
        await using var stores = aws.OpenStores(options => options with { OfferTable = lateTable });
        Assert.That(await stores.Offers.ListKeysAsync().ToListAsync(), Is.Empty, "no offer object without its registry row");
        Assert.That(await aws.QueueDepthAsync(), Is.Zero);

        await AwsResources.InitAsync(aws.Options with { OfferTable = lateTable });
        var retried = await dealer.InvokeAsync(invocation);

        Assert.That(retried.Out.IsOk, Is.True, retried.Out.ErrorName);
        Assert.That(retried.Join, Is.Not.Null);
        await AssertOneOfferAndOneMessageAsync(aws, stores, aggregate);
    }

    [Test]
    public async Task Unreachable_DynamoDB_refuses_the_offer_in_a_receipt_with_HTTP_200_and_writes_nothing()
    {
        await using var aws = await AwsTestResources.CreateAsync();
        var (aggregate, _, invocation) = DistinctOffer.Create();
        await using var dealer = await TestDealer.StartAsync(
            options => options with { Aws = options.Aws with { DynamoDbEndpoint = LoopbackPorts.ClosedEndpoint() } },
            aws: aws, getVariable: OneRetry);

        // InvokeAsync throws on any status but 200: the failure is in the receipt, not in the HTTP status.
        var failed = await dealer.InvokeAsync(invocation);

        // The revocation check (DynamoDB) comes first and fails closed, as a store failure the storefront may retry.
        Assert.That(failed.Out.ErrorName, Is.EqualTo("StoreOperationFailed"));
        Assert.That(ErrorMessage(failed), Does.Contain("the revocation store could not be read"));
        await using var stores = aws.OpenStores();
        Assert.That(await stores.Offers.ListKeysAsync().ToListAsync(), Is.Empty);
        Assert.That(await stores.Offers.FindAsync(aggregate), Is.Null);
        Assert.That(await aws.QueueDepthAsync(), Is.Zero);
        using var version = await dealer.Http.GetAsync("/version");
        Assert.That((int)version.StatusCode, Is.EqualTo(200), "the process keeps serving");
    }

    [Test]
    public async Task Unreachable_S3_gives_StoreOperationFailed_a_503_receipt_lookup_and_a_retry_completes_the_offer()
    {
        await using var aws = await AwsTestResources.CreateAsync();
        var (aggregate, _, invocation) = DistinctOffer.Create();
        await using (var cut = await TestDealer.StartAsync(
                         options => options with { RunConsumer = false, Aws = options.Aws with { S3Endpoint = LoopbackPorts.ClosedEndpoint() } },
                         aws: aws, getVariable: OneRetry))
        {
            var failed = await cut.InvokeAsync(invocation);
            Assert.That(failed.Out.ErrorName, Is.EqualTo(DealerErrors.StoreOperationFailed));
            using var lookup = await cut.Http.GetAsync($"/receipt/{invocation.Cid}");
            Assert.That((int)lookup.StatusCode, Is.EqualTo(503));
        }

        await using var stores = aws.OpenStores();
        Assert.That(await stores.Offers.ListKeysAsync().ToListAsync(), Is.Empty, "the object was never written");
        Assert.That(await aws.QueueDepthAsync(), Is.Zero, "nothing is queued before its object exists");

        await using var dealer = await TestDealer.StartAsync(options => options with { RunConsumer = false }, aws: aws);
        var retried = await dealer.InvokeAsync(invocation);

        Assert.That(retried.Out.IsOk, Is.True, retried.Out.ErrorName);
        await AssertOneOfferAndOneMessageAsync(aws, stores, aggregate);
    }

    [Test]
    public async Task Consumer_keeps_the_message_while_the_deal_table_is_missing_and_records_it_once_created()
    {
        await using var aws = await AwsTestResources.CreateAsync();
        var lateTable = aws.Prefix + "late-deals";
        var (aggregate, _, invocation) = DistinctOffer.Create();
        await using var dealer = await TestDealer.StartAsync(
            options => options with { Aws = options.Aws with { DealTable = lateTable } }, aws: aws);

        var offer = await dealer.InvokeAsync(invocation);
        Assert.That(offer.Out.IsOk, Is.True, offer.Out.ErrorName);
        // The consumer fails on the missing table and hands the message back with a delay; nothing is deleted.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.That(await aws.QueueDepthAsync(), Is.EqualTo(1));

        await AwsResources.InitAsync(aws.Options with { DealTable = lateTable });

        await using var stores = aws.OpenStores(options => options with { DealTable = lateTable });
        var deal = await Eventually.GetAsync(() => stores.Deals.GetAsync(aggregate), TimeSpan.FromSeconds(30));
        Assert.That(deal.Status, Is.EqualTo(DealStatus.Offered));
        var rows = await stores.Deals.ListByStatusAsync(DealStatus.Offered, null, 10);
        Assert.That(rows.Items.Select(row => row.Aggregate), Is.EqualTo(new[] { aggregate }));
        await WaitForEmptyQueueAsync(aws);
    }

    [Test]
    public async Task Missing_ledger_table_answers_deal_add_with_StoreOperationFailed_and_works_once_created()
    {
        await using var aws = await AwsTestResources.CreateAsync();
        var lateTable = aws.Prefix + "late-ledger";
        var offer = DistinctOffer.Create();
        await using var dealer = await TestDealer.StartAsync(
            options => options with { RunConsumer = false, Aws = options.Aws with { LedgerTable = lateTable } }, aws: aws, getVariable: OneRetry);
        var offered = await dealer.InvokeAsync(offer.Invocation);
        Assert.That(offered.Out.IsOk, Is.True, offered.Out.ErrorName);
        var nb = new Dealer.Ucan.Capabilities.DealCaveats(
            Dealer.Ucan.Ipld.Cid.Parse(offer.Aggregate), Offers.PiecesBlock(offer.Pieces).Cid, "tenant-1", null);
        var dealAdd = Dealer.Ucan.Capabilities.DealerCapabilities.DealAddInvocation(TestPrincipals.DealerSigner, nb);
        Assert.That(dealAdd.Cid, Is.EqualTo(offered.Join), "the self-issued deal/add is the promised effect");

        var failed = await dealer.InvokeAsync(dealAdd);

        Assert.That(failed.Out.ErrorName, Is.EqualTo(DealerErrors.StoreOperationFailed));
        Assert.That(ErrorMessage(failed), Does.Contain(offer.Aggregate));

        await AwsResources.InitAsync(aws.Options with { LedgerTable = lateTable });
        await using var stores = aws.OpenStores(options => options with { LedgerTable = lateTable });
        await stores.Ledger.RecordAsync(new DealVerdict(offer.Aggregate, true, 31, "f031", null, DateTimeOffset.UtcNow));
        var answered = await dealer.InvokeAsync(dealAdd);
        Assert.That(answered.Out.IsOk, Is.True, answered.Out.ErrorName);
    }

    [Test]
    public async Task A_store_outage_longer_than_the_receive_limit_does_not_dead_letter_the_offer()
    {
        await using var aws = await AwsTestResources.CreateAsync(initialize: false);
        await AwsResources.InitAsync(aws.Options with { MaxReceives = 2 });
        var lateTable = aws.Prefix + "late-deals";
        Func<string, string?> variables = name => name == "DEALER_QUEUE_MAX_RECEIVES" ? "2" : OneRetry(name);
        var (aggregate, _, invocation) = DistinctOffer.Create();
        await using var dealer = await TestDealer.StartAsync(
            options => options with { Aws = options.Aws with { DealTable = lateTable } }, aws: aws, getVariable: variables);

        var offer = await dealer.InvokeAsync(invocation);
        Assert.That(offer.Out.IsOk, Is.True, offer.Out.ErrorName);
        // Long enough for several receives: with a redrive after 2 receives, a plain retry would have dead-lettered it.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.That(await aws.QueueDepthAsync(aws.Options.DeadLetterQueueName), Is.Zero);

        await AwsResources.InitAsync(aws.Options with { DealTable = lateTable, MaxReceives = 2 });
        await using var stores = aws.OpenStores(options => options with { DealTable = lateTable });
        var deal = await Eventually.GetAsync(() => stores.Deals.GetAsync(aggregate), TimeSpan.FromSeconds(30));

        Assert.That(deal.Status, Is.EqualTo(DealStatus.Offered));
        Assert.That(await aws.QueueDepthAsync(aws.Options.DeadLetterQueueName), Is.Zero);
        await WaitForEmptyQueueAsync(aws);
    }

    private static async Task AssertOneOfferAndOneMessageAsync(AwsTestResources aws, DealerStores stores, string aggregate)
    {
        var keys = await stores.Offers.ListKeysAsync().ToListAsync();
        Assert.That(keys, Has.Count.EqualTo(1));
        Assert.That(keys[0], Does.EndWith(" " + aggregate));
        Assert.That(await stores.Offers.GetBodyAsync(keys[0]), Is.Not.Null);
        Assert.That(await aws.QueueDepthAsync(), Is.EqualTo(1));
        var messages = await stores.Queue.ReceiveAsync(10, TimeSpan.FromSeconds(1));
        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.That(messages[0].Body, Does.Contain(aggregate));
    }

    internal static async Task WaitForEmptyQueueAsync(AwsTestResources aws)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await aws.QueueDepthAsync() != 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the dealer-queue did not drain");
            await Task.Delay(100);
        }
    }

    private static string ErrorMessage(Dealer.Ucan.Receipts.Receipt receipt) =>
        (string)((IReadOnlyDictionary<string, object?>)receipt.Out.Error!)["message"]!;
}
