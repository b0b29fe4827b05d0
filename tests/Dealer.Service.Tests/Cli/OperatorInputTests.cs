using System.Net;
using System.Net.Sockets;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;

namespace Dealer.Service.Tests.Cli;

/// <summary>
/// Operator mistakes get one clear line and a documented exit code: verdicts for deals that are not open, store
/// commands where there is no dealer, a service that does not answer, values that do not parse, a server that cannot
/// start.
/// </summary>
public sealed class OperatorInputTests
{
    private const string OtherAggregate = "bafkzcibcaapfy6iw2a7g3cqo3ggrg5jvplnd47gjqymwolruhkfatj66eibiqju";

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = TestDealer.NewDataDirectory();

    [TearDown]
    public void DeleteDirectory() => TestDealer.TryDelete(_directory);

    private static DealRecord Deal(string aggregate, DealStatus status) => new()
    {
        Aggregate = aggregate,
        Storefront = TestPrincipals.StorefrontDid,
        Offer = "file:///offer",
        PiecesLink = Offers.PiecesBlock(Vectors.Pieces()).Cid.ToString(),
        Tenant = "tenant-1",
        Status = status,
        InsertedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
        DealId = status == DealStatus.Approved ? 7 : null,
        Provider = status == DealStatus.Approved ? "f07" : null,
    };

    private static void AssertOneLine(CliResult result, int exitCode, string text)
    {
        Assert.That(result.ExitCode, Is.EqualTo(exitCode), result.Error);
        Assert.That(result.Error.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), result.Error);
        Assert.That(result.Error, Does.StartWith("dealer: ").And.Contain(text));
        Assert.That(result.Output, Is.Empty);
    }

    [Test]
    public async Task Deal_resolve_refuses_an_aggregate_that_is_not_offered_and_a_finished_deal()
    {
        await using (var stores = EmbeddedStores.Open(_directory, new EmbeddedStoreOptions()))
        {
            await stores.Deals.InsertAsync(Deal(Vectors.Aggregate, DealStatus.Approved));
        }

        var unknown = await DealerCli.RunAsync("deal", "resolve", OtherAggregate, "--reject", "--reason", "no", "--data-dir", _directory);
        var finished = await DealerCli.RunAsync("deal", "resolve", Vectors.Aggregate, "--reject", "--reason", "late", "--data-dir", _directory);

        AssertOneLine(unknown, 2, $"aggregate {OtherAggregate} is not an offered deal");
        AssertOneLine(finished, 2, "is finished (approved)");
        await using var after = EmbeddedStores.Open(_directory, new EmbeddedStoreOptions());
        Assert.That(await after.Ledger.GetAsync(OtherAggregate), Is.Null);
        Assert.That(await after.Ledger.GetAsync(Vectors.Aggregate), Is.Null);
    }

    [Test]
    public async Task Deal_resolve_records_a_renewal_of_an_approved_deal_without_changing_its_verdict()
    {
        await using (var stores = EmbeddedStores.Open(_directory, new EmbeddedStoreOptions()))
        {
            await stores.Deals.InsertAsync(Deal(Vectors.Aggregate, DealStatus.Approved));
        }

        var renewal = await DealerCli.RunAsync("deal", "resolve", Vectors.Aggregate, "--approve", "--deal-id", "1002", "--provider", "f01002",
            "--data-dir", _directory);

        Assert.That(renewal.ExitCode, Is.Zero, renewal.Error);
        await using var after = EmbeddedStores.Open(_directory, new EmbeddedStoreOptions());
        Assert.That(await after.Ledger.ListDealsAsync(Vectors.Aggregate), Does.Contain(new LedgerDeal(1002, "f01002")));
        Assert.That((await after.Deals.GetAsync(Vectors.Aggregate))!.Status, Is.EqualTo(DealStatus.Approved));
    }

    [Test]
    public async Task Deal_resolve_records_the_verdict_of_an_offered_deal()
    {
        await using (var stores = EmbeddedStores.Open(_directory, new EmbeddedStoreOptions()))
        {
            await stores.Deals.InsertAsync(Deal(Vectors.Aggregate, DealStatus.Offered));
        }

        var resolved = await DealerCli.RunAsync("deal", "resolve", Vectors.Aggregate, "--reject", "--reason", "no", "--data-dir", _directory);

        Assert.That(resolved.ExitCode, Is.Zero, resolved.Error);
    }

    private static IEnumerable<string[]> StoreCommands()
    {
        yield return ["cron", "tick"];
        yield return ["deals", "list"];
        yield return ["deal", "resolve", Vectors.Aggregate, "--reject", "--reason", "x"];
        yield return ["consume"];
        yield return ["revoke", Vectors.Delegation];
        yield return ["queue", "dead-letters"];
    }

    [TestCaseSource(nameof(StoreCommands))]
    public async Task A_store_command_where_there_is_no_dealer_fails_clearly_and_creates_nothing(string[] command)
    {
        var result = await DealerCli.RunAsync([.. command, "--data-dir", _directory]);

        AssertOneLine(result, 2, $"no dealer data directory at '{Path.GetFullPath(_directory)}'");
        Assert.That(Directory.Exists(_directory), Is.False, "no new dealer, no new key");
    }

    [Test]
    public async Task Cron_tick_without_a_key_does_not_make_one()
    {
        await using (EmbeddedStores.Open(_directory, new EmbeddedStoreOptions()))
        {
        }

        var result = await DealerCli.RunAsync("cron", "tick", "--data-dir", _directory);

        AssertOneLine(result, 2, "no dealer key");
        Assert.That(File.Exists(Path.Combine(_directory, "dealer.key")), Is.False);
    }

    [Test]
    public async Task Client_commands_report_a_server_that_does_not_answer_within_their_timeout()
    {
        // Accepts connections and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        Directory.CreateDirectory(_directory);
        var proof = Path.Combine(_directory, "proof.car");
        await File.WriteAllBytesAsync(proof, Vectors.Read("a-delegation-deal-offer.car"));
        var pieces = Vectors.Pieces().SelectMany(piece => new[] { "--piece", piece.ToString() });

        var offer = await DealerCli.RunAsync(["offer", "--url", url, "--service", TestPrincipals.DealerDid, "--key", TestPrincipals.StorefrontKey,
            "--proof", proof, "--aggregate", Vectors.Aggregate, .. pieces, "--tenant", "t", "--timeout", "1"]);
        var receipt = await DealerCli.RunAsync("receipt", "get", "--url", url, "--cid", Vectors.DealAddJoin, "--timeout", "1");

        AssertOneLine(offer, 3, $"no answer from {url} within 1 s");
        AssertOneLine(receipt, 3, $"no answer from {url} within 1 s");
    }

    [Test]
    public async Task Values_that_do_not_parse_name_the_option_and_the_value()
    {
        var aggregate = await DealerCli.RunAsync("offer", "--url", "http://127.0.0.1:9", "--service", TestPrincipals.DealerDid,
            "--key", TestPrincipals.StorefrontKey, "--proof", "missing.car", "--aggregate", "notacid", "--piece", "x", "--tenant", "t");
        var cid = await DealerCli.RunAsync("receipt", "get", "--url", "http://127.0.0.1:9", "--cid", "notacid");
        var url = await DealerCli.RunAsync("receipt", "get", "--url", "not a url", "--cid", Vectors.DealAddJoin);
        var timeout = await DealerCli.RunAsync("receipt", "get", "--url", "http://127.0.0.1:9", "--cid", Vectors.DealAddJoin, "--timeout", "soon");
        var variable = await DealerCli.RunAsync(new Dictionary<string, string> { ["DEALER_CLIENT_TIMEOUT"] = "soon" },
            "receipt", "get", "--url", "http://127.0.0.1:9", "--cid", Vectors.DealAddJoin);
        var key = await DealerCli.RunAsync("offer", "--url", "http://127.0.0.1:9", "--service", TestPrincipals.DealerDid,
            "--key", "Mnot-a-key", "--proof", "missing.car", "--aggregate", Vectors.Aggregate, "--piece", Vectors.Pieces()[0].ToString(), "--tenant", "t");

        AssertOneLine(aggregate, 2, "--aggregate: 'notacid' is not a CID");
        AssertOneLine(cid, 2, "--cid: 'notacid' is not a CID");
        AssertOneLine(url, 2, "--url: 'not a url' is not an absolute http(s) URL");
        AssertOneLine(timeout, 2, "--timeout: 'soon' is not a whole number of seconds");
        AssertOneLine(variable, 2, "DEALER_CLIENT_TIMEOUT: 'soon' is not a whole number of seconds");
        AssertOneLine(key, 2, "--key: not a private key");
    }

    private static async Task<(int ExitCode, string Error)> ServeAsync(params string[] arguments)
    {
        await using var process = DealerProcess.Start(["serve", "--key", TestPrincipals.DealerKey, .. arguments]);
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var output = await process.StandardOutput.ReadToEndAsync();
        Assert.That(output, Is.Empty, "no serve line without a server");
        return (exit, process.ErrorOutput);
    }

    [Test]
    public async Task Serve_startup_failures_are_one_line_and_a_documented_exit_code_never_a_stack_trace()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        Directory.CreateDirectory(_directory);
        var file = Path.Combine(_directory, "a-file");
        await File.WriteAllTextAsync(file, "not a directory");

        var inUse = await ServeAsync("--listen", $"http://127.0.0.1:{port}", "--data-dir", Path.Combine(_directory, "d"));
        var hostName = await ServeAsync("--listen", "http://999.1.1.1:80", "--data-dir", Path.Combine(_directory, "d"));
        var notADirectory = await ServeAsync("--listen", "http://127.0.0.1:0", "--data-dir", file);

        Assert.Multiple(() =>
        {
            Assert.That(inUse.ExitCode, Is.EqualTo(3));
            Assert.That(inUse.Error, Does.Contain("address already in use"));
            Assert.That(hostName.ExitCode, Is.EqualTo(2));
            Assert.That(hostName.Error, Does.Contain("must name an IP address or localhost"));
            Assert.That(notADirectory.ExitCode, Is.EqualTo(3));
            foreach (var error in new[] { inUse.Error, hostName.Error, notADirectory.Error })
            {
                Assert.That(error.Split('\n').Count(line => line.StartsWith("dealer: ", StringComparison.Ordinal)), Is.EqualTo(1), error);
                Assert.That(error, Does.Not.Contain("   at ").And.Not.Contain("Exception"), error);
            }
        });
    }
}
