using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Dealer.Ucan.Client;

namespace Dealer.Service.Tests.Cli;

/// <summary>
/// <c>dealer consume</c> as the Processor runs it: a real child process next to an API that runs
/// <c>dealer serve --no-consumer --no-cron</c> on the same store, stopped with SIGTERM.
/// </summary>
public sealed class ConsumeCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = TestDealer.NewDataDirectory();

    [TearDown]
    public void DeleteDirectory() => TestDealer.TryDelete(_directory);

    [Test]
    public async Task Offer_accepted_by_an_api_without_consumer_is_recorded_once_by_dealer_consume_which_exits_0_on_SIGTERM()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "SIGTERM is a Unix signal");
        await using var api = await DealerProcess.StartAsync(["--data-dir", _directory, "--no-consumer", "--no-cron"]);
        using var http = new HttpClient();
        var receipt = await new UcanClient(http, api.Url, TestPrincipals.DealerSigner.Verifier)
            .InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: "consume"), CancellationToken.None);
        Assert.That(receipt.Out.IsOk, Is.True, receipt.Out.ErrorName);

        await using var stores = EmbeddedStores.Open(_directory);
        Assert.That(await stores.Deals.GetAsync(Vectors.Aggregate), Is.Null, "the API alone records no deal");

        // A second delivery of the same offer, as an at-least-once queue may hand out.
        await stores.Queue.EnqueueAsync(DealerQueueMessage.Serialize(Vectors.Aggregate));

        await using var consumer = DealerProcess.Start(["consume", "--data-dir", _directory]);
        await consumer.WaitForErrorLineAsync($"Recorded deal {Vectors.Aggregate} as OFFERED", Patience);
        await consumer.WaitForErrorLineAsync($"Deal {Vectors.Aggregate} was already recorded", Patience);

        var exitCode = await consumer.TerminateAsync(Patience);

        var output = await consumer.StandardOutput.ReadToEndAsync();
        var offered = await stores.Deals.ListByStatusAsync(DealStatus.Offered, null, 10);
        var left = await stores.Queue.ReceiveAsync(10, TimeSpan.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, consumer.ErrorOutput);
            Assert.That(output, Is.Empty, "logs go to stderr; consume prints nothing");
            Assert.That(offered.Items.Select(deal => deal.Aggregate), Is.EqualTo(new[] { Vectors.Aggregate }));
            Assert.That(offered.Items.Single().Tenant, Is.EqualTo("tenant-1"));
            Assert.That(left, Is.Empty, "both deliveries were deleted");
        });
    }

    [Test]
    public async Task An_idle_consumer_stops_on_SIGTERM_with_exit_code_0()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "SIGTERM is a Unix signal");
        await using (Dealer.Store.Embedded.EmbeddedStores.Open(_directory, new Dealer.Store.Embedded.EmbeddedStoreOptions()))
        {
            // consume works on an existing dealer's data directory.
        }

        await using var consumer = DealerProcess.Start(["consume", "--data-dir", _directory]);
        await consumer.WaitForErrorLineAsync("Consuming the dealer-queue", Patience);

        var exitCode = await consumer.TerminateAsync(Patience);

        Assert.That(exitCode, Is.Zero, consumer.ErrorOutput);
    }

    [Test]
    public async Task Consume_refuses_an_unknown_store_with_the_usage_exit_code()
    {
        var result = await DealerCli.RunAsync("consume", "--store", "nowhere", "--data-dir", _directory);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Does.Contain("Unknown store 'nowhere'"));
            Assert.That(Directory.Exists(_directory), Is.False, "nothing was opened");
        });
    }

    [Test]
    public async Task Consume_takes_no_key_because_it_signs_nothing()
    {
        var result = await DealerCli.RunAsync("consume", "--key", TestPrincipals.DealerKey, "--data-dir", _directory);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Error, Does.Contain("--key"));
            Assert.That(File.Exists(Path.Combine(_directory, "dealer.key")), Is.False);
        });
    }
}
