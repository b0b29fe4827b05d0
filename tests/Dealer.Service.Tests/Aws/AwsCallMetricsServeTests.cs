using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Client;

namespace Dealer.Service.Tests.Aws;

/// <summary>
/// <c>dealer serve --store aws</c> exports the SDK's call counts at <c>/metrics</c>: after offers are accepted and
/// recorded, the writes each offer costs are there by service and operation.
/// </summary>
public sealed class AwsCallMetricsServeTests
{
    private const int OfferCount = 3;

    [Test]
    public async Task Metrics_count_the_AWS_calls_of_accepted_offers_by_service_and_operation()
    {
        await using var aws = await AwsTestResources.CreateAsync();
        await using var dealer = await DealerProcess.StartAsync([.. aws.Arguments]);
        using var http = new HttpClient { BaseAddress = dealer.Url, Timeout = TimeSpan.FromSeconds(60) };
        var client = new UcanClient(http, dealer.Url, TestPrincipals.DealerSigner.Verifier);

        foreach (var offer in Enumerable.Range(0, OfferCount).Select(_ => DistinctOffer.Create()))
        {
            var receipt = await client.InvokeAsync(offer.Invocation, CancellationToken.None);
            Assert.That(receipt.Out.IsOk, Is.True, receipt.Out.ErrorName);
        }

        await using var stores = aws.OpenStores();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await stores.Deals.ListByStatusAsync(DealStatus.Offered, null, 10)).Items.Count < OfferCount)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the consumer did not record the offers in time");
            await Task.Delay(100);
        }

        var scrape = await PrometheusScrape.FetchAsync(http);
        double? Calls(string service, string method) =>
            scrape.Value("client_call_duration_seconds_count", ("rpc_service", service), ("rpc_method", method));
        Assert.Multiple(() =>
        {
            // Each offer: the object and its receipt; the registry row put and marked; the consumer's deal insert.
            Assert.That(Calls("S3", "PutObject"), Is.EqualTo(2 * OfferCount));
            Assert.That(Calls("DynamoDB", "UpdateItem"), Is.EqualTo(OfferCount));
            Assert.That(Calls("DynamoDB", "PutItem"), Is.EqualTo(2 * OfferCount));
            Assert.That(Calls("SQS", "SendMessageBatch"), Is.EqualTo(OfferCount), "offers sent one after the other go alone");
            Assert.That(scrape.Value("client_call_errors_total", ("rpc_service", "S3"), ("rpc_method", "GetObject"),
                ("exception_type", "NoSuchKeyException")), Is.GreaterThanOrEqualTo(OfferCount), "each new invocation's receipt lookup");
        });
    }
}
