using Dealer.Load;
using Dealer.Service.Tests.Support;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Principals;

namespace Dealer.Service.Tests.Bench;

/// <summary>
/// Keeps bench/Dealer.Load working: it builds valid offers that a real dealer (embedded store, aggregate verification
/// on) accepts, checks every receipt, reads the server's figures from /proc, and refuses non-loopback URLs. A handful
/// of requests, no timing assertions.
/// </summary>
[TestFixture]
public sealed class LoadToolTests
{
    private const int Requests = 6;

    [Test]
    public async Task Offers_built_by_the_load_tool_are_accepted_and_every_receipt_verifies()
    {
        await using var dealer = await StartAsync();
        var bodies = OfferBodies.Generate(TestPrincipals.DealerSigner, TestPrincipals.DealerSigner.Did, Requests, 8, TimeSpan.FromMinutes(10));

        var report = await LoadRunner.RunAsync(bodies, TestPrincipals.DealerSigner.Verifier, Settings(dealer.Url), TextWriter.Null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Requests, Is.EqualTo(Requests));
            Assert.That(report.Verified, Is.EqualTo(Requests), string.Join("; ", report.ErrorSamples.Keys));
            Assert.That(report.Errors, Is.Zero);
            Assert.That(report.ServerRssAfterMiB, Is.GreaterThan(0), "the server's RSS is read from /proc");
            Assert.That(report.ServerCpuMsPerRequest, Is.Not.Null);
            Assert.That(report.ToJson(), Does.Contain("\"verified\":6"));
        });
        var aggregate = AgentMessage.FromCar(bodies[0].Body).Invocations[0].Capabilities[0].Nb!["aggregate"]!.ToString()!;
        Assert.That(await dealer.Stores.Offers.FindAsync(aggregate), Is.Not.Null, "the offer was stored");
    }

    [Test]
    public async Task Receipts_signed_by_another_key_are_counted_as_errors()
    {
        await using var dealer = await StartAsync();
        var bodies = OfferBodies.Generate(TestPrincipals.DealerSigner, TestPrincipals.DealerSigner.Did, 2, 8, TimeSpan.FromMinutes(10));
        using var stranger = Ed25519Signer.Generate();

        var report = await LoadRunner.RunAsync(bodies, stranger.Verifier, Settings(dealer.Url), TextWriter.Null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Verified, Is.Zero);
            Assert.That(report.Errors, Is.EqualTo(2));
            Assert.That(report.ErrorSamples.Keys, Has.All.Contains("is not signed by " + stranger.Did));
        });
    }

    [Test]
    public void Body_files_round_trip_the_same_bytes_and_invocations()
    {
        var bodies = OfferBodies.Generate(TestPrincipals.DealerSigner, TestPrincipals.DealerSigner.Did, 3, 8, TimeSpan.FromMinutes(10));
        var path = Path.Combine(Path.GetTempPath(), "dealer-load-" + Guid.NewGuid().ToString("N") + ".bin");
        try
        {
            OfferBodies.Save(path, bodies);
            var loaded = OfferBodies.Load(path);
            Assert.That(loaded.Select(b => (Convert.ToHexString(b.Body), b.Invocation)),
                Is.EqualTo(bodies.Select(b => (Convert.ToHexString(b.Body), b.Invocation))));
            Assert.That(bodies.Select(b => b.Invocation).Distinct().Count(), Is.EqualTo(3), "every request is a distinct invocation");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("http://192.0.2.1:8080/")]
    [TestCase("http://example.com/")]
    public void Non_loopback_urls_are_refused(string url)
    {
        Assert.That(LoadRunner.IsLoopback(new Uri(url)), Is.False);
        Assert.ThrowsAsync<ArgumentException>(() => LoadRunner.RunAsync([], TestPrincipals.DealerSigner.Verifier, Settings(new Uri(url)),
            TextWriter.Null, CancellationToken.None));
    }

    [TestCase("http://127.0.0.1:8080/")]
    [TestCase("http://[::1]:8080/")]
    [TestCase("http://localhost:8080/")]
    public void Loopback_urls_are_accepted(string url) => Assert.That(LoadRunner.IsLoopback(new Uri(url)), Is.True);

    private static LoadSettings Settings(Uri url) =>
        new(url, Concurrency: 3, Duration: TimeSpan.FromSeconds(30), MaxRequests: int.MaxValue, Warmup: 0, ServerPid: Environment.ProcessId);

    private static Task<TestDealer> StartAsync() =>
        TestDealer.StartAsync(options => options with { MinAggregateSize = 16L << 30, MaxAggregateSize = 32L << 30 });
}
