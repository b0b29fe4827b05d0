using Dealer.Service.Configuration;
using Dealer.Service.Tests.Support;

namespace Dealer.Service.Tests.Configuration;

/// <summary>Settings come from flags, then DEALER_* variables, then defaults; contradictions are refused.</summary>
public sealed class DealerOptionsTests
{
    [Test]
    public void Defaults_follow_the_issue()
    {
        var options = new DealerOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.Listen, Is.EqualTo(new Uri("http://127.0.0.1:8080")));
            Assert.That(options.DataDirectory, Is.EqualTo(".dealer"));
            Assert.That(options.MinAggregateSize, Is.EqualTo(16L << 30));
            Assert.That(options.MaxAggregateSize, Is.EqualTo(32L << 30));
            Assert.That(options.VerifyAggregate, Is.True);
            Assert.That(options.Store, Is.EqualTo(StoreKind.Embedded));
        });
    }

    [Test]
    public void Environment_variables_override_defaults()
    {
        var variables = new Dictionary<string, string>
        {
            ["DEALER_PRIVATE_KEY"] = TestPrincipals.DealerKey,
            ["DEALER_DATA_DIR"] = "/var/lib/dealer",
            ["DEALER_MIN_AGGREGATE_SIZE"] = "0",
            ["DEALER_MAX_AGGREGATE_SIZE"] = "65536",
            ["DEALER_VERIFY_AGGREGATE"] = "false",
            ["DEALER_CRON_INTERVAL"] = "5",
            ["DEALER_STORE"] = "aws",
        };

        var options = DealerEnvironment.Apply(new DealerOptions(), name => variables.GetValueOrDefault(name));

        Assert.Multiple(() =>
        {
            Assert.That(options.Key, Is.EqualTo(TestPrincipals.DealerKey));
            Assert.That(options.DataDirectory, Is.EqualTo("/var/lib/dealer"));
            Assert.That(options.MinAggregateSize, Is.Zero);
            Assert.That(options.MaxAggregateSize, Is.EqualTo(65536));
            Assert.That(options.VerifyAggregate, Is.False);
            Assert.That(options.CronInterval, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.Store, Is.EqualTo(StoreKind.Aws));
        });
    }

    [Test]
    public void Observability_variables_set_log_format_log_level_and_metrics_refresh()
    {
        var variables = new Dictionary<string, string>
        {
            ["DEALER_LOG_FORMAT"] = "JSON",
            ["DEALER_LOG_LEVEL"] = "warn",
            ["DEALER_METRICS_REFRESH"] = "7",
        };

        var defaults = new DealerOptions();
        var options = DealerEnvironment.Apply(defaults, name => variables.GetValueOrDefault(name));

        Assert.Multiple(() =>
        {
            Assert.That(defaults.LogFormat, Is.EqualTo(DealerLogFormat.Text));
            Assert.That(defaults.LogLevel, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Information));
            Assert.That(defaults.MetricsRefresh, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.LogFormat, Is.EqualTo(DealerLogFormat.Json));
            Assert.That(options.LogLevel, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Warning));
            Assert.That(options.MetricsRefresh, Is.EqualTo(TimeSpan.FromSeconds(7)));
        });
    }

    [TestCase("DEALER_LOG_FORMAT", "xml")]
    [TestCase("DEALER_LOG_LEVEL", "loud")]
    [TestCase("DEALER_METRICS_REFRESH", "0")]
    public void Malformed_observability_variable_is_refused(string variable, string value)
    {
        Assert.That(() => DealerEnvironment.Apply(new DealerOptions(), name => name == variable ? value : null),
            Throws.ArgumentException.With.Message.Contains(variable));
    }

    [Test]
    public void Malformed_variable_is_refused()
    {
        Assert.That(() => DealerEnvironment.Apply(new DealerOptions(), name => name == "DEALER_MAX_AGGREGATE_SIZE" ? "32GiB" : null),
            Throws.ArgumentException.With.Message.Contains("DEALER_MAX_AGGREGATE_SIZE"));
        Assert.That(() => DealerEnvironment.Apply(new DealerOptions(), name => name == "DEALER_MAX_PIECE_SIZE" ? "32GiB" : null),
            Throws.ArgumentException.With.Message.Contains("DEALER_MAX_PIECE_SIZE"));
    }

    [Test]
    public void Former_piece_size_variables_still_apply_with_a_warning_and_yield_to_the_aggregate_size_names()
    {
        var old = new Dictionary<string, string> { ["DEALER_MIN_PIECE_SIZE"] = "1024", ["DEALER_MAX_PIECE_SIZE"] = "65536" };
        var both = new Dictionary<string, string>(old) { ["DEALER_MAX_AGGREGATE_SIZE"] = "4096" };

        var fromOld = DealerEnvironment.Apply(new DealerOptions(), name => old.GetValueOrDefault(name));
        var fromBoth = DealerEnvironment.Apply(new DealerOptions(), name => both.GetValueOrDefault(name));

        Assert.Multiple(() =>
        {
            Assert.That((fromOld.MinAggregateSize, fromOld.MaxAggregateSize), Is.EqualTo((1024L, 65536L)));
            Assert.That((fromBoth.MinAggregateSize, fromBoth.MaxAggregateSize), Is.EqualTo((1024L, 4096L)));
            Assert.That(DealerEnvironment.DeprecationWarnings(name => old.GetValueOrDefault(name)), Is.EqualTo(new[]
            {
                "DEALER_MIN_PIECE_SIZE is deprecated; use DEALER_MIN_AGGREGATE_SIZE",
                "DEALER_MAX_PIECE_SIZE is deprecated; use DEALER_MAX_AGGREGATE_SIZE",
            }));
            Assert.That(DealerEnvironment.DeprecationWarnings(name => both.GetValueOrDefault(name)),
                Has.Member("DEALER_MAX_PIECE_SIZE is deprecated and ignored because DEALER_MAX_AGGREGATE_SIZE is set"));
            Assert.That(DealerEnvironment.DeprecationWarnings(_ => null), Is.Empty);
        });
    }

    [Test]
    public async Task Queue_variables_configure_the_embedded_dead_lettering()
    {
        var variables = new Dictionary<string, string> { ["DEALER_QUEUE_VISIBILITY_TIMEOUT"] = "1", ["DEALER_QUEUE_MAX_RECEIVES"] = "1" };
        var directory = TestDealer.NewDataDirectory();
        try
        {
            var options = DealerEnvironment.Apply(new DealerOptions { DataDirectory = directory }, variables.GetValueOrDefault);
            await using var stores = DealerStoreFactory.Open(options, variables.GetValueOrDefault);
            await stores.Queue.EnqueueAsync("{}");

            var first = await stores.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(5));
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var second = await stores.Queue.ReceiveAsync(1, TimeSpan.FromMilliseconds(500));

            Assert.That(options.QueueVisibilityTimeout, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(first, Has.Count.EqualTo(1));
            Assert.That(second, Is.Empty, "after one receive the message goes to the dead letters, not back to a consumer");
            Assert.That(await ((Dealer.Store.Embedded.EmbeddedDealerQueue)stores.Queue).CountDeadLettersAsync(), Is.EqualTo(1));
        }
        finally
        {
            TestDealer.TryDelete(directory);
        }
    }

    [TestCase("DEALER_QUEUE_MAX_RECEIVES", "0")]
    [TestCase("DEALER_QUEUE_VISIBILITY_TIMEOUT", "-5")]
    public void Queue_variables_must_be_positive(string name, string value) =>
        Assert.That(() => DealerEnvironment.Apply(new DealerOptions(), n => n == name ? value : null),
            Throws.ArgumentException.With.Message.Contains(name));

    [Test]
    public void Min_above_max_is_refused()
    {
        var options = new DealerOptions { MinAggregateSize = 2, MaxAggregateSize = 1 };

        Assert.That(options.Validate, Throws.ArgumentException);
    }

    [Test]
    public void Did_must_be_a_did_web()
    {
        var options = new DealerOptions { Did = TestPrincipals.DealerDid };

        Assert.That(options.Validate, Throws.ArgumentException.With.Message.Contains("did:web"));
    }

    [Test]
    public void Generated_key_is_kept_in_the_data_directory()
    {
        var directory = TestDealer.NewDataDirectory();
        try
        {
            string first;
            using (var identity = DealerIdentity.Load(new DealerOptions { DataDirectory = directory }))
            {
                first = identity.Did;
            }

            using var again = DealerIdentity.Load(new DealerOptions { DataDirectory = directory });
            Assert.That(again.Did, Is.EqualTo(first));
            Assert.That(first, Does.StartWith("did:key:z6Mk"));
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(Path.Combine(directory, DealerIdentity.KeyFileName)),
                    Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            }
        }
        finally
        {
            TestDealer.TryDelete(directory);
        }
    }

    [Test]
    public void Did_web_identity_signs_with_the_same_key()
    {
        using var identity = DealerIdentity.Load(new DealerOptions { Key = TestPrincipals.DealerKey, Did = "did:web:dealer.example.com" });

        Assert.That(identity.Did, Is.EqualTo("did:web:dealer.example.com"));
        Assert.That(identity.IsDidWeb, Is.True);
        Assert.That(identity.Key.Did, Is.EqualTo(TestPrincipals.DealerDid));
    }
}
