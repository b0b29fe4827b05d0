using System.Collections.Concurrent;
using System.Text;
using Dealer.Service.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Tests.Observability;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the dealer pushes traces and metrics over OTLP/HTTP: a collector
/// stand-in on loopback (a Kestrel endpoint that keeps what is posted to it) receives both after an offer.
/// </summary>
public sealed class OtlpExportTests
{
    [Test]
    public async Task Traces_and_metrics_reach_the_configured_otlp_endpoint()
    {
        var received = new ConcurrentQueue<(string Path, byte[] Body)>();
        await using var collector = await StartCollectorAsync(received);
        var endpoint = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var variables = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
        };
        await using var dealer = await TestDealer.StartAsync(getVariable: name => variables.GetValueOrDefault(name));

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: "otlp"));
        Assert.That(receipt.Out.IsOk, Is.True, receipt.Out.ErrorName);

        bool Posted(string path, string text) => received.Any(entry => entry.Path == path
            && Encoding.UTF8.GetString(entry.Body).Contains(text, StringComparison.Ordinal));
        await Eventually.GetAsync(() => Task.FromResult(
            Posted("/v1/metrics", "dealer.invocations") && Posted("/v1/traces", "POST") ? "both" : null), TimeSpan.FromSeconds(20));

        Assert.Multiple(() =>
        {
            Assert.That(Posted("/v1/metrics", "dealer.aggregate.offer"), Is.True);
            Assert.That(Posted("/v1/metrics", "dealer"), Is.True, "service.name");
        });
    }

    private static async Task<WebApplication> StartCollectorAsync(ConcurrentQueue<(string Path, byte[] Body)> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/{signal}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            received.Enqueue((http.Request.Path.Value!, body.ToArray()));
            http.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        return app;
    }
}
