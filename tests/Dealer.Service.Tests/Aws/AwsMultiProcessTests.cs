using System.Text.RegularExpressions;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Client;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Receipts;

namespace Dealer.Service.Tests.Aws;

/// <summary>
/// Two <c>dealer serve --store aws</c> processes (the built executable, same resources, same dealer key): a stateless
/// API either of them answers, competing queue consumers and two crons ticking at once.
/// </summary>
public sealed partial class AwsMultiProcessTests
{
    private const int OfferCount = 12;

    [Test]
    public async Task Offers_spread_over_two_processes_are_recorded_once_and_finished_once_by_two_crons()
    {
        await using var aws = await AwsTestResources.CreateAsync();
        string[] arguments = [.. aws.Arguments, "--cron-interval", "1"];
        await using var first = await DealerProcess.StartAsync(arguments);
        await using var second = await DealerProcess.StartAsync(arguments);
        var processes = new[] { first, second };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var clients = processes.Select(process => new UcanClient(http, process.Url, TestPrincipals.DealerSigner.Verifier)).ToArray();
        var offers = Enumerable.Range(0, OfferCount).Select(_ => DistinctOffer.Create()).ToList();

        // Offer i goes to process i % 2, and at the same time its re-offer (another invocation) to the other one.
        var accepted = await Task.WhenAll(offers.Select((offer, i) => clients[i % 2].InvokeAsync(offer.Invocation, CancellationToken.None)));
        var reoffered = await Task.WhenAll(offers.Select((offer, i) => clients[(i + 1) % 2].InvokeAsync(offer.Again("again"), CancellationToken.None)));
        for (var i = 0; i < OfferCount; i++)
        {
            Assert.That(accepted[i].Out.IsOk, Is.True, $"offer {i}: {accepted[i].Out.ErrorName}");
            Assert.That(reoffered[i].Out.IsOk, Is.True, $"re-offer {i}: {reoffered[i].Out.ErrorName}");
            Assert.That(reoffered[i].Join, Is.EqualTo(accepted[i].Join), $"offer {i}: the same deal/add whichever process answers");
        }

        await using var stores = aws.OpenStores();
        var expected = offers.Select(offer => offer.Aggregate).Order(StringComparer.Ordinal).ToList();
        var rows = await WaitForAsync(() => ListAsync(stores.Deals, DealStatus.Offered), found => found.Count >= OfferCount);
        Assert.That(rows.Select(row => row.Aggregate).Order(StringComparer.Ordinal), Is.EqualTo(expected), "every accepted offer, each exactly once");
        Assert.That(await stores.Offers.ListKeysAsync().ToListAsync(), Has.Count.EqualTo(OfferCount));
        await AwsFaultTests.WaitForEmptyQueueAsync(aws);

        for (var i = 0; i < OfferCount; i++)
        {
            var verdict = i % 2 == 0
                ? new DealVerdict(offers[i].Aggregate, true, 1000 + i, "f0100" + i, null, DateTimeOffset.UtcNow)
                : new DealVerdict(offers[i].Aggregate, false, null, null, "refused " + i, DateTimeOffset.UtcNow);
            await stores.Ledger.RecordAsync(verdict);
        }

        await WaitForAsync(() => ListAsync(stores.Deals, DealStatus.Offered), found => found.Count == 0);
        Assert.That(await ListAsync(stores.Deals, DealStatus.Approved), Has.Count.EqualTo(OfferCount / 2));
        Assert.That(await ListAsync(stores.Deals, DealStatus.Rejected), Has.Count.EqualTo(OfferCount / 2));

        for (var i = 0; i < OfferCount; i++)
        {
            // Fetched from the process that did not take the offer: any process serves every receipt.
            using var response = await http.GetAsync(new Uri(processes[(i + 1) % 2].Url, $"/receipt/{accepted[i].Join}"));
            Assert.That((int)response.StatusCode, Is.EqualTo(200), $"deal/add receipt of offer {i}");
            var receipt = Receipt.Extract(await response.Content.ReadAsByteArrayAsync());
            Assert.That(receipt.Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
            Assert.That(receipt.Ran, Is.EqualTo(accepted[i].Join));
            if (i % 2 == 0)
            {
                Assert.That(receipt.Out.IsOk, Is.True, $"offer {i}: {receipt.Out.ErrorName}");
                var ok = (IReadOnlyDictionary<string, object?>)receipt.Out.Ok!;
                Assert.That(ok["aggregate"], Is.EqualTo(Cid.Parse(offers[i].Aggregate)));
                Assert.That(((IReadOnlyDictionary<string, object?>)ok["dataSource"]!)["dealID"], Is.EqualTo(1000L + i));
            }
            else
            {
                Assert.That(receipt.Out.ErrorName, Is.EqualTo("DealRejected"));
            }
        }

        var logs = first.ErrorOutput + "\n" + second.ErrorOutput;
        foreach (var offer in offers)
        {
            Assert.That(Count(Recorded(), logs, offer.Aggregate), Is.EqualTo(1), $"{offer.Aggregate} recorded by exactly one consumer");
            Assert.That(Count(Finished(), logs, offer.Aggregate), Is.EqualTo(1), $"{offer.Aggregate} finished by exactly one cron");
        }

        Assert.That(logs, Does.Not.Contain("fail:").And.Not.Contain("crit:"), logs);
    }

    private static int Count(Regex pattern, string logs, string aggregate) =>
        pattern.Matches(logs).Count(match => match.Groups["aggregate"].Value == aggregate);

    private static async Task<List<DealRecord>> ListAsync(IDealStore deals, DealStatus status)
    {
        var all = new List<DealRecord>();
        string? cursor = null;
        do
        {
            // A small page makes the listing use the index's pagination, as the cron does.
            var page = await deals.ListByStatusAsync(status, cursor, 5);
            all.AddRange(page.Items);
            cursor = page.Cursor;
        }
        while (cursor is not null);

        return all;
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the dealers did not get there in time");
            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"Recorded deal (?<aggregate>\S+) as OFFERED")]
    private static partial Regex Recorded();

    [GeneratedRegex(@"Deal (?<aggregate>\S+) is (APPROVED|REJECTED); deal/add")]
    private static partial Regex Finished();
}
