using System.Text.Json;
using Dealer.Service.Cli;
using Dealer.Service.Configuration;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Ipld;

namespace Dealer.Service.Tests.Aws;

/// <summary>
/// <c>dealer aws init</c> and the operator commands with <c>--store aws</c>, configured by flags or by the
/// environment, against the local AWS servers.
/// </summary>
public sealed class AwsCommandLineTests
{
    [Test]
    public async Task Aws_init_twice_creates_the_resources_once_and_keeps_their_contents()
    {
        await using var aws = await AwsTestResources.CreateAsync(initialize: false);

        var first = await DealerCli.RunAsync(["aws", "init", .. aws.AwsArguments]);
        Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Ok), first.Error);
        await using (var stores = aws.OpenStores())
        {
            await stores.Queue.EnqueueAsync("kept across inits");
            await stores.Ledger.RecordAsync(new DealVerdict(Vectors.Aggregate, true, 9, "f09", null, DateTimeOffset.UtcNow));
        }

        var second = await DealerCli.RunAsync(["aws", "init", .. aws.AwsArguments]);
        Assert.That(second.ExitCode, Is.EqualTo(ExitCodes.Ok), second.Error);
        Assert.That(second.Output, Is.EqualTo(first.Output), "the same resources, described the same way");

        using var json = JsonDocument.Parse(first.Output);
        var root = json.RootElement;
        var tables = root.GetProperty("tables").EnumerateArray().ToList();
        var deals = tables.Single(table => table.GetProperty("name").GetString() == aws.Prefix + "dealer-deals");
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("region").GetString(), Is.EqualTo(AwsTestResources.Region));
            Assert.That(root.GetProperty("buckets").EnumerateArray().Select(b => b.GetString()),
                Is.EqualTo(new[] { aws.Prefix + "dealer-offers", aws.Prefix + "dealer-receipts" }));
            Assert.That(tables.Select(t => t.GetProperty("name").GetString()), Is.EquivalentTo(new[]
            {
                aws.Prefix + "dealer-offers", aws.Prefix + "dealer-deals", aws.Prefix + "dealer-revocations", aws.Prefix + "dealer-ledger",
            }));
            Assert.That(deals.GetProperty("partitionKey").GetString(), Is.EqualTo("aggregate"));
            Assert.That(deals.GetProperty("index").GetProperty("name").GetString(), Is.EqualTo("stat-index"));
            Assert.That(deals.GetProperty("index").GetProperty("partitionKey").GetString(), Is.EqualTo("stat"));
            Assert.That(root.GetProperty("queue").GetProperty("name").GetString(), Is.EqualTo(aws.Prefix + "dealer-queue"));
            Assert.That(root.GetProperty("queue").GetProperty("deadLetterQueue").GetString(), Is.EqualTo(aws.Prefix + "dealer-queue-dlq"));
        });

        await using (var stores = aws.OpenStores())
        {
            var messages = await stores.Queue.ReceiveAsync(10, TimeSpan.FromSeconds(1));
            Assert.That(messages.Select(m => m.Body), Is.EqualTo(new[] { "kept across inits" }));
            Assert.That((await stores.Ledger.GetAsync(Vectors.Aggregate))?.DealId, Is.EqualTo(9L));
            var page = await stores.Deals.ListByStatusAsync(DealStatus.Offered, null, 10);
            Assert.That(page.Items, Is.Empty, "the stat index answers queries");
        }
    }

    [Test]
    public async Task Aws_init_reads_the_environment_and_flags_win_over_it()
    {
        await using var aws = await AwsTestResources.CreateAsync(initialize: false);
        var environment = new Dictionary<string, string>
        {
            ["DEALER_AWS_REGION"] = AwsTestResources.Region,
            ["DEALER_AWS_NAME_PREFIX"] = "unused-prefix-",
            ["DEALER_AWS_ENDPOINT_S3"] = aws.S3Endpoint.ToString(),
            ["DEALER_AWS_ENDPOINT_SQS"] = aws.SqsEndpoint.ToString(),
            ["DEALER_AWS_ENDPOINT_DYNAMODB"] = aws.DynamoDbEndpoint.ToString(),
            ["DEALER_QUEUE_MAX_RECEIVES"] = "3",
        };

        var init = await DealerCli.RunAsync(environment, "aws", "init", "--aws-prefix", aws.Prefix, "--deal-table", aws.Prefix + "deals-by-flag");

        Assert.That(init.ExitCode, Is.EqualTo(ExitCodes.Ok), init.Error);
        using var json = JsonDocument.Parse(init.Output);
        var names = json.RootElement.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(names, Does.Contain(aws.Prefix + "deals-by-flag"));
            Assert.That(names, Does.Contain(aws.Prefix + "dealer-offers"));
            Assert.That(names, Has.None.StartsWith("unused-prefix-"));
            Assert.That(json.RootElement.GetProperty("queue").GetProperty("maxReceives").GetInt32(), Is.EqualTo(3));
            Assert.That(json.RootElement.GetProperty("endpoints").GetProperty("dynamodb").GetString(), Is.EqualTo(aws.DynamoDbEndpoint.ToString()));
        });

        // The deal table really exists under the flag's name: the store commands find it with the same flags.
        var listed = await DealerCli.RunAsync(environment, "deals", "list", "--store", "aws", "--aws-prefix", aws.Prefix, "--deal-table", aws.Prefix + "deals-by-flag");
        Assert.That(listed.ExitCode, Is.EqualTo(ExitCodes.Ok), listed.Error);
        Assert.That(listed.Output, Is.Empty);
        var missing = await DealerCli.RunAsync(environment, "deals", "list", "--store", "aws", "--aws-prefix", aws.Prefix);
        Assert.That(missing.ExitCode, Is.EqualTo(ExitCodes.Unavailable), "the default deal table was not created");
        Assert.That(missing.Error, Does.Contain(aws.Prefix + "dealer-deals"));
    }

    [Test]
    public async Task Aws_init_against_a_closed_port_exits_unavailable_with_the_reason()
    {
        var closed = LoopbackPorts.ClosedEndpoint().ToString();
        var result = await DealerCli.RunAsync(
            new Dictionary<string, string> { ["DEALER_AWS_MAX_ERROR_RETRY"] = "1" },
            "aws", "init", "--aws-endpoint", closed, "--aws-prefix", "closed-");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Unavailable));
        Assert.That(result.Error, Does.StartWith("dealer: Creating the bucket closed-dealer-offers failed"));
        Assert.That(result.Output, Is.Empty);
    }

    [Test]
    public async Task Bad_aws_flags_exit_with_a_usage_error()
    {
        var endpoint = await DealerCli.RunAsync("aws", "init", "--aws-endpoint", "ftp://127.0.0.1:21");
        var retries = await DealerCli.RunAsync(new Dictionary<string, string> { ["DEALER_AWS_MAX_ERROR_RETRY"] = "many" }, "deals", "list", "--store", "aws");

        Assert.Multiple(() =>
        {
            Assert.That(endpoint.ExitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(endpoint.Error, Does.Contain("--aws-endpoint must be an http(s) URL"));
            Assert.That(retries.ExitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(retries.Error, Does.Contain("DEALER_AWS_MAX_ERROR_RETRY"));
        });
    }

    [Test]
    public async Task Deals_list_resolve_cron_tick_and_revoke_work_with_store_aws()
    {
        await using var dealer = await TestDealer.StartAsync(store: StoreKind.Aws);
        var proof = Vectors.StorefrontProof();
        var offer = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [proof], nonce: "cli-aws"));
        Assert.That(offer.Out.IsOk, Is.True, offer.Out.ErrorName);
        await Eventually.GetAsync(() => dealer.Stores.Deals.GetAsync(Vectors.Aggregate));

        var offered = await DealerCli.RunAsync(["deals", "list", "--status", "offered", .. dealer.StoreArguments]);
        Assert.That(offered.ExitCode, Is.EqualTo(ExitCodes.Ok), offered.Error);
        using (var row = JsonDocument.Parse(offered.Output))
        {
            Assert.That(row.RootElement.GetProperty("aggregate").GetString(), Is.EqualTo(Vectors.Aggregate));
            Assert.That(row.RootElement.GetProperty("offer").GetString(), Does.StartWith($"s3://{dealer.Aws!.Options.OfferBucket}/"));
        }

        var resolve = await DealerCli.RunAsync(["deal", "resolve", Vectors.Aggregate, "--approve", "--deal-id", "606", "--provider", "f0606", .. dealer.StoreArguments]);
        Assert.That(resolve.ExitCode, Is.EqualTo(ExitCodes.Ok), resolve.Error);
        var tick = await DealerCli.RunAsync(["cron", "tick", "--key", TestPrincipals.DealerKey, .. dealer.StoreArguments]);
        Assert.That(tick.ExitCode, Is.EqualTo(ExitCodes.Ok), tick.Error);
        using (var summary = JsonDocument.Parse(tick.Output))
        {
            Assert.That(summary.RootElement.GetProperty("approved").GetInt32(), Is.EqualTo(1));
        }

        var approved = await DealerCli.RunAsync(["deals", "list", "--status", "approved", .. dealer.StoreArguments]);
        Assert.That(approved.Output, Does.Contain("\"dealID\":606"));
        var stored = Dealer.Ucan.Receipts.Receipt.Extract((await dealer.Stores.Receipts.GetAsync(offer.Join!.ToString()))!);
        Assert.That(stored.Out.IsOk, Is.True);

        var revoke = await DealerCli.RunAsync(["revoke", proof.Cid.ToString(), "--reason", "rotated", .. dealer.StoreArguments]);
        Assert.That(revoke.ExitCode, Is.EqualTo(ExitCodes.Ok), revoke.Error);
        var receipt = await dealer.InvokeAsync(DistinctOffer.Create().Invocation);
        Assert.That(receipt.Out.ErrorName, Is.EqualTo("Unauthorized"), "a revoked proof authorizes nothing on any dealer sharing the table");
    }
}
