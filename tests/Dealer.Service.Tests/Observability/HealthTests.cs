using System.Diagnostics;
using System.Text.Json;
using Dealer.Service.Configuration;
using Dealer.Service.Tests.Support;

namespace Dealer.Service.Tests.Observability;

/// <summary><c>/healthz</c> and <c>/readyz</c> of a real dealer on loopback, on both store backends.</summary>
[TestFixture(StoreKind.Embedded)]
[TestFixture(StoreKind.Aws)]
public sealed class HealthTests
{
    private static readonly string[] Checks = ["offer-store", "deal-store", "receipt-store", "dealer-queue"];
    private readonly StoreKind _store;

    public HealthTests(StoreKind store) => _store = store;

    [Test]
    public async Task Healthz_and_readyz_answer_200_with_every_readiness_check_healthy()
    {
        await using var dealer = await TestDealer.StartAsync(store: _store);

        var (liveStatus, live) = await GetAsync(dealer.Http, "/healthz");
        var (readyStatus, ready) = await GetAsync(dealer.Http, "/readyz");

        Assert.Multiple(() =>
        {
            Assert.That(liveStatus, Is.EqualTo(200));
            Assert.That(live.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(live.GetProperty("checks").EnumerateObject(), Is.Empty, "/healthz runs no check");
            Assert.That(readyStatus, Is.EqualTo(200));
            Assert.That(ready.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(ready.GetProperty("checks").EnumerateObject().Select(check => check.Name), Is.EquivalentTo(Checks));
            Assert.That(ready.GetProperty("checks").EnumerateObject().Select(check => check.Value.GetProperty("status").GetString()),
                Is.All.EqualTo("Healthy"));
        });
    }

    [Test]
    public async Task Readyz_is_503_naming_each_unreachable_part_when_aws_does_not_answer()
    {
        if (_store != StoreKind.Aws)
        {
            Assert.Ignore("The AWS backend is the one that can be pointed at a port where nothing listens.");
        }

        var closed = AwsTestResources.ClosedEndpoint();
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
        var (readyStatus, ready) = await GetAsync(dealer.Http, "/readyz");
        var elapsed = clock.Elapsed;
        var (liveStatus, _) = await GetAsync(dealer.Http, "/healthz");

        Assert.Multiple(() =>
        {
            Assert.That(readyStatus, Is.EqualTo(503));
            Assert.That(ready.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            Assert.That(ready.GetProperty("checks").EnumerateObject().Select(check => check.Value.GetProperty("status").GetString()),
                Is.All.EqualTo("Unhealthy"));
            Assert.That(ready.GetProperty("checks").EnumerateObject().Select(check => check.Name), Is.EquivalentTo(Checks));
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "each check is bounded by its timeout");
            Assert.That(liveStatus, Is.EqualTo(200), "the process is alive even when its stores are not");
        });
    }

    private static async Task<(int Status, JsonElement Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), path);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, json.RootElement.Clone());
    }
}
