using System.Text.Json;
using Dealer.Service.Tests.Support;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Principals;

namespace Dealer.Service.Tests.Cli;

/// <summary>The <c>dealer</c> commands, run in-process through the same parser as the executable.</summary>
public sealed class CommandLineTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = TestDealer.NewDataDirectory();
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => TestDealer.TryDelete(_directory);

    [Test]
    public async Task Key_gen_prints_a_did_key_and_its_private_key()
    {
        var result = await DealerCli.RunAsync("key", "gen");

        Assert.That(result.ExitCode, Is.EqualTo(0));
        using var json = JsonDocument.Parse(result.Output);
        var id = json.RootElement.GetProperty("id").GetString()!;
        var key = json.RootElement.GetProperty("key").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "id", "key" }));
            Assert.That(id, Does.StartWith("did:key:z6Mk"));
            Assert.That(key, Does.StartWith("M"));
            Assert.That(result.Output.TrimEnd('\n'), Does.Not.Contain("\n"));
        });
        using var signer = Ed25519Signer.Parse(key);
        Assert.That(signer.Did, Is.EqualTo(id));
    }

    [Test]
    public async Task Delegate_writes_an_archive_that_Delegation_Extract_reads()
    {
        var path = Path.Combine(_directory, "proof.car");

        var result = await DealerCli.RunAsync("delegate", "--key", TestPrincipals.DealerKey, "--audience", TestPrincipals.StorefrontDid,
            "--expiration", "4102444800", "--out", path);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        var delegation = Delegation.Extract(await File.ReadAllBytesAsync(path));
        Assert.Multiple(() =>
        {
            Assert.That(delegation.Issuer, Is.EqualTo(TestPrincipals.DealerDid));
            Assert.That(delegation.Audience, Is.EqualTo(TestPrincipals.StorefrontDid));
            Assert.That(delegation.Capabilities.Single().Can, Is.EqualTo("deal/offer"));
            Assert.That(delegation.Capabilities.Single().With, Is.EqualTo(TestPrincipals.DealerDid));
            Assert.That(delegation.Expiration, Is.EqualTo(4102444800L));
            Assert.That(delegation.VerifySignature(TestPrincipals.DealerSigner.Verifier), Is.True);
            Assert.That(result.Output, Does.Contain(delegation.Cid.ToString()));
        });
    }

    [Test]
    public async Task Delegate_with_the_vector_parameters_reproduces_vector_a()
    {
        var path = Path.Combine(_directory, "a.car");

        var result = await DealerCli.RunAsync("delegate", "--key", TestPrincipals.DealerKey, "--audience", TestPrincipals.StorefrontDid,
            "--expiration", "4102444800", "--out", path);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(Delegation.Extract(await File.ReadAllBytesAsync(path)).Cid.ToString(), Is.EqualTo(Vectors.Delegation));
    }

    [Test]
    public async Task Delegate_never_expiring_has_a_null_exp()
    {
        var path = Path.Combine(_directory, "never.car");

        var result = await DealerCli.RunAsync("delegate", "--key", TestPrincipals.DealerKey, "--audience", TestPrincipals.StorefrontDid, "--out", path);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(Delegation.Extract(await File.ReadAllBytesAsync(path)).Expiration, Is.Null);
    }

    [Test]
    public async Task Deal_resolve_needs_exactly_one_verdict()
    {
        var both = await DealerCli.RunAsync("deal", "resolve", Vectors.Aggregate, "--approve", "--reject", "--data-dir", _directory);
        var approveWithoutId = await DealerCli.RunAsync("deal", "resolve", Vectors.Aggregate, "--approve", "--data-dir", _directory);
        var badAggregate = await DealerCli.RunAsync("deal", "resolve", "bafybad", "--reject", "--reason", "x", "--data-dir", _directory);

        Assert.Multiple(() =>
        {
            Assert.That(both.ExitCode, Is.EqualTo(2));
            Assert.That(both.Error, Does.Contain("exactly one of --approve and --reject"));
            Assert.That(approveWithoutId.ExitCode, Is.EqualTo(2));
            Assert.That(badAggregate.ExitCode, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Serve_refuses_contradictory_settings_before_listening()
    {
        var badUrl = await DealerCli.RunAsync("serve", "--listen", "not a url", "--data-dir", _directory);
        var badSizes = await DealerCli.RunAsync("serve", "--listen", "http://127.0.0.1:0", "--data-dir", _directory,
            "--min-aggregate-size", "100", "--max-aggregate-size", "10");
        var badKey = await DealerCli.RunAsync("serve", "--listen", "http://127.0.0.1:0", "--data-dir", _directory, "--key", "Mnot-a-key");

        Assert.Multiple(() =>
        {
            Assert.That(badUrl.ExitCode, Is.EqualTo(2));
            Assert.That(badSizes.ExitCode, Is.EqualTo(2));
            Assert.That(badSizes.Error, Does.Contain("min <= max"));
            Assert.That(badKey.ExitCode, Is.EqualTo(2));
            Assert.That(badUrl.Output + badSizes.Output + badKey.Output, Is.Empty, "no serve line without a server");
        });
    }

    [Test]
    public async Task Serve_still_takes_the_former_piece_size_flags_and_warns_that_they_are_deprecated()
    {
        // Contradictory sizes: the serve stops at validation, which shows that the old flags set the same settings.
        var old = await DealerCli.RunAsync("serve", "--listen", "http://127.0.0.1:0", "--data-dir", _directory,
            "--min-piece-size", "100", "--max-piece-size", "10");
        var oldVariables = await DealerCli.RunAsync(
            new Dictionary<string, string> { ["DEALER_MIN_PIECE_SIZE"] = "100", ["DEALER_MAX_PIECE_SIZE"] = "10" },
            "serve", "--listen", "http://127.0.0.1:0", "--data-dir", _directory);

        Assert.Multiple(() =>
        {
            Assert.That(old.ExitCode, Is.EqualTo(2));
            Assert.That(old.Error, Does.Contain("min <= max"));
            Assert.That(old.Error, Does.Contain("dealer: warning: --min-piece-size is deprecated; use --min-aggregate-size"));
            Assert.That(old.Error, Does.Contain("dealer: warning: --max-piece-size is deprecated; use --max-aggregate-size"));
            Assert.That(oldVariables.ExitCode, Is.EqualTo(2));
            Assert.That(oldVariables.Error, Does.Contain("min <= max"));
            Assert.That(oldVariables.Error, Does.Contain("dealer: warning: DEALER_MIN_PIECE_SIZE is deprecated; use DEALER_MIN_AGGREGATE_SIZE"));
        });
    }

    [Test]
    public async Task Serve_refuses_a_trusted_aggregator_that_is_not_a_DID_or_whose_key_it_cannot_know()
    {
        var notDid = await DealerCli.RunAsync("serve", "--listen", "http://127.0.0.1:0", "--data-dir", _directory,
            "--trusted-aggregator", "aggregator.example.com");
        var unresolved = await DealerCli.RunAsync("serve", "--listen", "http://127.0.0.1:0", "--data-dir", _directory,
            "--trusted-aggregator", "did:web:aggregator.example.com", "--no-resolve-did-web");

        Assert.Multiple(() =>
        {
            Assert.That(notDid.ExitCode, Is.EqualTo(2));
            Assert.That(notDid.Error, Does.Contain("--trusted-aggregator takes a DID"));
            Assert.That(unresolved.ExitCode, Is.EqualTo(2));
            Assert.That(unresolved.Error, Does.Contain("--resolve did:web:aggregator.example.com=did:key:"));
            Assert.That(notDid.Output + unresolved.Output, Is.Empty, "no serve line without a server");
        });
    }

    [Test]
    public async Task Revoke_rejects_a_malformed_cid()
    {
        var result = await DealerCli.RunAsync("revoke", "not-a-cid", "--data-dir", _directory);

        Assert.That(result.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public async Task Arguments_that_do_not_parse_are_a_usage_error_with_a_pointer_to_help()
    {
        var unknown = await DealerCli.RunAsync("deals", "list", "--bogus");
        var missing = await DealerCli.RunAsync("offer", "--url", "http://127.0.0.1:9");

        Assert.Multiple(() =>
        {
            Assert.That(unknown.ExitCode, Is.EqualTo(2));
            Assert.That(unknown.Error, Does.Contain("dealer: Unrecognized command or argument '--bogus'."));
            Assert.That(unknown.Error, Does.Contain("Run 'dealer deals list --help' for usage."));
            Assert.That(missing.ExitCode, Is.EqualTo(2));
            Assert.That(missing.Error, Does.Contain("dealer: Option '--key' is required."));
            Assert.That(missing.Output, Is.Empty);
        });
    }

    [TestCase("serve", "--metrics-refresh", "DEALER_METRICS_REFRESH")]
    [TestCase("serve", "--log-format", "DEALER_LOG_FORMAT")]
    [TestCase("serve", "--log-level", "DEALER_LOG_LEVEL")]
    [TestCase("consume", "--log-format", "DEALER_LOG_FORMAT")]
    [TestCase("consume", "--log-level", "DEALER_LOG_LEVEL")]
    public async Task Help_lists_the_observability_flags_with_their_variables(string command, string flag, string variable)
    {
        var help = await DealerCli.RunAsync(command, "--help");

        // The option's entry runs from its name to the next option (help wraps long descriptions).
        var start = help.Output.IndexOf("  " + flag + " ", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), help.Output);
        var end = help.Output.IndexOf("\n  -", start + 1, StringComparison.Ordinal);
        var entry = help.Output[start..(end < 0 ? help.Output.Length : end)];
        Assert.That(entry, Does.Contain(variable), help.Output);
    }

    [Test]
    public async Task Serve_with_an_unknown_log_format_is_a_usage_error()
    {
        var result = await DealerCli.RunAsync("serve", "--log-format", "xml", "--data-dir", _directory);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Does.Contain("--log-format must be text or json"));
        });
    }
}
