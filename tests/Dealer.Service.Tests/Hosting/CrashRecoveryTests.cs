using System.Diagnostics;
using System.Text.Json;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Client;
using Dealer.Ucan.Receipts;

namespace Dealer.Service.Tests.Hosting;

/// <summary>
/// Nothing accepted is lost across a crash: the real <c>dealer</c> executable accepts an offer and is killed before
/// the deal is recorded; a restarted dealer records it exactly once.
/// </summary>
public sealed class CrashRecoveryTests
{
    [Test]
    public async Task Offer_accepted_before_a_kill_is_recorded_once_after_the_restart()
    {
        var directory = TestDealer.NewDataDirectory();
        try
        {
            Receipt offer;
            using (var process = StartDealerProcess(directory))
            {
                try
                {
                    var url = await ReadServeLineAsync(process);
                    using var http = new HttpClient();
                    offer = await new UcanClient(http, url, TestPrincipals.DealerSigner.Verifier)
                        .InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: "crash"), CancellationToken.None);
                    Assert.That(offer.Out.IsOk, Is.True, offer.Out.ErrorName);
                }
                finally
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }

            await using (var dealer = await TestDealer.StartAsync(dataDirectory: directory))
            {
                var deal = await Eventually.GetAsync(() => dealer.Stores.Deals.GetAsync(Vectors.Aggregate));
                Assert.That(deal.Status, Is.EqualTo(DealStatus.Offered));
                var rows = await dealer.Stores.Deals.ListByStatusAsync(DealStatus.Offered, null, 10);
                Assert.That(rows.Items, Has.Count.EqualTo(1));
                Assert.That(await dealer.Stores.Offers.ListKeysAsync().ToListAsync(), Has.Count.EqualTo(1));

                // The same invocation after the restart is answered from the receipt store, not accepted again.
                var again = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: "other"));
                Assert.That(again.Join, Is.EqualTo(offer.Join));
            }
        }
        finally
        {
            TestDealer.TryDelete(directory);
        }
    }

    private static Process StartDealerProcess(string directory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "dealer.dll"), "serve", "--listen", "http://127.0.0.1:0",
                     "--data-dir", directory, "--key", TestPrincipals.DealerKey, "--min-aggregate-size", "0",
                     "--max-aggregate-size", "1048576", "--no-consumer", "--no-cron",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("DEALER_PRIVATE_KEY");
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<Uri> ReadServeLineAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException("dealer serve exited before printing its address");
        using var json = JsonDocument.Parse(line);
        Assert.That(json.RootElement.GetProperty("id").GetString(), Is.EqualTo(TestPrincipals.DealerDid));
        return new Uri(json.RootElement.GetProperty("url").GetString()!);
    }
}
