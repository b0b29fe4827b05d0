using System.Text.Json;
using Dealer.Service.Tests.Support;
using Dealer.Ucan.Client;

namespace Dealer.Service.Tests.Observability;

/// <summary>
/// The real <c>dealer serve</c> process with <c>--log-format json</c>: every stderr line is a JSON object, and a
/// <c>POST /</c> gets one line naming its invocation, ability, outcome, status and duration, without the key.
/// </summary>
public sealed class RequestLogTests
{
    [Test]
    public async Task Json_log_has_one_line_per_post_with_cid_ability_outcome_and_duration_and_no_key()
    {
        var directory = TestDealer.NewDataDirectory();
        try
        {
            await using var dealer = await DealerProcess.StartAsync(["--data-dir", directory, "--log-format", "json", "--no-cron"]);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var invocation = Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: "json-log");
            var receipt = await new UcanClient(http, dealer.Url, TestPrincipals.DealerSigner.Verifier).InvokeAsync(invocation, CancellationToken.None);
            Assert.That(receipt.Out.IsOk, Is.True, receipt.Out.ErrorName);

            var line = await dealer.WaitForErrorLineAsync("\"Invocations\"", TimeSpan.FromSeconds(15));
            await dealer.WaitForErrorLineAsync("Recorded deal", TimeSpan.FromSeconds(15));
            using var json = JsonDocument.Parse(line);
            var state = json.RootElement.GetProperty("State");
            var lines = dealer.ErrorOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

            Assert.Multiple(() =>
            {
                Assert.That(json.RootElement.GetProperty("LogLevel").GetString(), Is.EqualTo("Information"));
                Assert.That(state.GetProperty("Invocations").GetString(), Is.EqualTo(invocation.Cid.ToString()));
                Assert.That(state.GetProperty("Abilities").GetString(), Is.EqualTo("deal/offer"));
                Assert.That(state.GetProperty("Outcomes").GetString(), Is.EqualTo("ok"));
                Assert.That(state.GetProperty("Status").GetInt32(), Is.EqualTo(200));
                Assert.That(state.GetProperty("DurationMs").GetDouble(), Is.GreaterThan(0));
                Assert.That(lines.Count(entry => entry.Contains("\"Invocations\"", StringComparison.Ordinal)), Is.EqualTo(1),
                    "one line per request");
                Assert.That(lines, Has.All.Matches<string>(IsJsonObject), "every stderr line is one JSON object");
                Assert.That(dealer.ErrorOutput, Does.Not.Contain(TestPrincipals.DealerKey));
            });
        }
        finally
        {
            TestDealer.TryDelete(directory);
        }
    }

    private static bool IsJsonObject(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
