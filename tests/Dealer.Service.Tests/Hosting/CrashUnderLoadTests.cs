using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Dealer.Service.Tests.Aws;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Dealer.Ucan.Client;
using Dealer.Ucan.Receipts;

namespace Dealer.Service.Tests.Hosting;

/// <summary>
/// Crash safety under load: the real <c>dealer serve</c> takes valid offers from 16 concurrent clients and is killed
/// (SIGKILL) at random moments, at least five times, and restarted on the same stores. At the end every invocation
/// answered <c>ok</c> has exactly one deal-store row, exactly one offer object with the right body and its receipt
/// served by <c>GET /receipt/{cid}</c>; nothing is in the dead letters; and every request that was in flight at a
/// kill, sent again, gets an <c>ok</c> consistent with what was stored.
/// </summary>
[Category("CrashUnderLoad")]
public sealed class CrashUnderLoadTests
{
    private const int Concurrency = 16;
    private const int Kills = 5;

    // A message received by a consumer that was then killed comes back after the visibility timeout: keep it short.
    private static readonly Dictionary<string, string> Environment = new() { ["DEALER_QUEUE_VISIBILITY_TIMEOUT"] = "2" };

    [Test]
    public async Task Embedded_store_keeps_every_acknowledged_offer_exactly_once_across_kills_under_load()
    {
        var directory = TestDealer.NewDataDirectory();
        try
        {
            await RunAsync(["--data-dir", directory, "--no-cron"], () => EmbeddedStores.Open(directory));
        }
        finally
        {
            TestDealer.TryDelete(directory);
        }
    }

    [Test]
    public async Task Aws_store_keeps_every_acknowledged_offer_exactly_once_across_kills_under_load()
    {
        await using var aws = await AwsTestResources.CreateAsync();
        await RunAsync([.. aws.Arguments, "--no-cron"], () => aws.OpenStores());
    }

    private static async Task RunAsync(string[] arguments, Func<DealerStores> openStores)
    {
        var seed = System.Environment.TickCount;
        var random = new Random(seed);
        TestContext.Out.WriteLine($"seed {seed}");
        var acknowledged = new ConcurrentDictionary<string, (DistinctOffer Offer, Receipt Receipt)>();
        var unanswered = new ConcurrentQueue<DistinctOffer>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var clock = Stopwatch.StartNew();

        for (var kill = 0; kill < Kills; kill++)
        {
            await using var dealer = await DealerProcess.StartAsync(arguments, Environment);
            var client = new UcanClient(http, dealer.Url, TestPrincipals.DealerSigner.Verifier);
            using var stop = new CancellationTokenSource();
            var sent = 0;
            var clients = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var offer = DistinctOffer.Create();
                    Interlocked.Increment(ref sent);
                    try
                    {
                        var receipt = await client.InvokeAsync(offer.Invocation, CancellationToken.None);
                        if (receipt.Out.IsOk)
                        {
                            acknowledged[offer.Invocation.Cid.ToString()] = (offer, receipt);
                            continue;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or FormatException)
                    {
                        // Cut off by the kill: the offer may or may not have been committed.
                    }

                    unanswered.Enqueue(offer);
                    return;
                }
            })).ToList();

            // Kill while the clients are busy: once this process has answered, after a random 100 to 800 ms more.
            var before = acknowledged.Count;
            var warm = Stopwatch.StartNew();
            while (acknowledged.Count == before && warm.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(20);
            }

            await Task.Delay(random.Next(100, 800));
            await dealer.KillAsync();
            stop.Cancel();
            await Task.WhenAll(clients);
            TestContext.Out.WriteLine($"kill {kill + 1}: {sent} sent, {acknowledged.Count} acknowledged so far, {unanswered.Count} cut off");
        }

        await using var survivor = await DealerProcess.StartAsync(arguments, Environment);
        var again = new UcanClient(http, survivor.Url, TestPrincipals.DealerSigner.Verifier);

        // Every request cut off by a kill, sent again, is answered ok; if the first attempt was committed, the answer is
        // the stored receipt (the same CID), never a second offer.
        var resent = unanswered.ToList();
        var answers = await Task.WhenAll(resent.Select(offer => again.InvokeAsync(offer.Invocation, CancellationToken.None)));
        for (var i = 0; i < resent.Count; i++)
        {
            Assert.That(answers[i].Out.IsOk, Is.True, $"{resent[i].Aggregate} resent: {answers[i].Out.ErrorName}");
            acknowledged[resent[i].Invocation.Cid.ToString()] = (resent[i], answers[i]);
        }

        await using var stores = openStores();
        var problems = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (entry, token) =>
        {
            var (invocation, (offer, receipt)) = entry;
            var deal = await Eventually.GetAsync(() => stores.Deals.GetAsync(offer.Aggregate), TimeSpan.FromSeconds(20));
            if (deal.Status != DealStatus.Offered)
            {
                problems.Add($"{offer.Aggregate}: deal is {deal.Status}");
            }

            using var response = await http.GetAsync(new Uri(survivor.Url, $"/receipt/{invocation}"), token);
            var stored = (int)response.StatusCode == 200 ? Receipt.Extract(await response.Content.ReadAsByteArrayAsync(token)) : null;
            if (stored is null || !stored.Out.IsOk || stored.Join != receipt.Join || !stored.Verify(TestPrincipals.DealerSigner.Verifier))
            {
                problems.Add($"{invocation}: GET /receipt gave {(int)response.StatusCode}, not the ok receipt that was answered");
            }
        });
        Assert.That(problems, Is.Empty);

        // Exactly one deal row and one object per aggregate: no more rows or objects than acknowledged offers.
        var rows = 0;
        string? cursor = null;
        do
        {
            var page = await stores.Deals.ListByStatusAsync(DealStatus.Offered, cursor, 1000);
            rows += page.Items.Count;
            cursor = page.Cursor;
        }
        while (cursor is not null);

        var objects = await Eventually.GetAsync(async () =>
        {
            var keys = await stores.Offers.ListKeysAsync().ToListAsync();
            return keys.Count >= acknowledged.Count ? keys : null;
        }, TimeSpan.FromSeconds(30));
        var byAggregate = objects.GroupBy(key => key[(key.IndexOf(' ', StringComparison.Ordinal) + 1)..]).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Multiple(() =>
        {
            Assert.That(rows, Is.EqualTo(acknowledged.Count), "deal rows");
            Assert.That(objects, Has.Count.EqualTo(acknowledged.Count), "offer objects");
        });
        foreach (var (offer, _) in acknowledged.Values)
        {
            Assert.That(byAggregate.TryGetValue(offer.Aggregate, out var keys) ? keys : [], Has.Count.EqualTo(1), offer.Aggregate);
            var body = await stores.Offers.GetBodyAsync(byAggregate[offer.Aggregate][0]);
            using var json = JsonDocument.Parse(body!);
            Assert.That(json.RootElement.GetProperty("aggregate").GetString(), Is.EqualTo(offer.Aggregate));
            Assert.That(json.RootElement.GetProperty("pieces").EnumerateArray().Select(p => p.GetString()),
                Is.EqualTo(offer.Pieces.Select(p => p.ToString())));
        }

        Assert.That(await stores.DeadLetters!.CountAsync(), Is.Zero, "dead letters");
        TestContext.Out.WriteLine(
            $"{Kills} kills, {acknowledged.Count} offers acknowledged ({resent.Count} of them resent after a kill), {rows} deal rows, " +
            $"{objects.Count} offer objects, 0 dead letters, {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
