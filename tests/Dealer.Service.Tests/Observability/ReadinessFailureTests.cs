using System.Diagnostics;
using Dealer.Service.Configuration;
using Dealer.Service.Tests.Support;

namespace Dealer.Service.Tests.Observability;

/// <summary>
/// <c>/readyz</c> of a dealer whose AWS endpoints are loopback ports where nothing listens: 503 within the checks'
/// timeouts, naming every part, never a 500 or a hang; <c>/healthz</c> stays 200.
/// </summary>
public sealed class ReadinessFailureTests
{
    [Test]
    public async Task Readyz_is_503_naming_each_unreachable_part_when_aws_does_not_answer()
    {
        var closed = LoopbackPorts.ClosedEndpoint();
        // No resources are created: every AWS endpoint is a loopback port where nothing listens.
        await using var dealer = await TestDealer.StartAsync(options => options with
        {
            Store = StoreKind.Aws,
            Aws = new AwsSettings
            {
                Region = AwsTestResources.Region,
                NamePrefix = "closed-",
                S3Endpoint = closed,
                SqsEndpoint = closed,
                DynamoDbEndpoint = closed,
            },
            RunConsumer = false,
            RunCron = false,
        });

        var clock = Stopwatch.StartNew();
        var (readyStatus, ready) = await HealthTests.GetAsync(dealer.Http, "/readyz");
        var elapsed = clock.Elapsed;
        var (liveStatus, _) = await HealthTests.GetAsync(dealer.Http, "/healthz");

        Assert.Multiple(() =>
        {
            Assert.That(readyStatus, Is.EqualTo(503));
            Assert.That(ready.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            Assert.That(ready.GetProperty("checks").EnumerateObject().Select(check => check.Value.GetProperty("status").GetString()),
                Is.All.EqualTo("Unhealthy"));
            Assert.That(ready.GetProperty("checks").EnumerateObject().Select(check => check.Name), Is.EquivalentTo(HealthTests.Checks));
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "each check is bounded by its timeout");
            Assert.That(liveStatus, Is.EqualTo(200), "the process is alive even when its stores are not");
        });
    }
}
