using System.Text.Json;
using Dealer.Service.Configuration;
using Dealer.Service.Tests.Support;

namespace Dealer.Service.Tests.Observability;

/// <summary><c>/healthz</c> and <c>/readyz</c> of a real dealer on loopback, on both store backends.</summary>
[TestFixture(nameof(StoreKind.Embedded))]
[TestFixture(nameof(StoreKind.Aws))]
public sealed class HealthTests
{
    internal static readonly string[] Checks = ["offer-store", "deal-store", "receipt-store", "dealer-queue"];
    private readonly StoreKind _store;

    public HealthTests(string store) => _store = Enum.Parse<StoreKind>(store);

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

    internal static async Task<(int Status, JsonElement Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), path);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, json.RootElement.Clone());
    }
}
