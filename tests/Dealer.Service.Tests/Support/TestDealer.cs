using Dealer.Service.Configuration;
using Dealer.Service.Cron;
using Dealer.Service.Hosting;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Client;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Receipts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Tests.Support;

/// <summary>
/// A real dealer (the composition <c>dealer serve</c> runs) on Kestrel on a loopback port, with the vector dealer key,
/// a temporary data directory and small aggregate limits (the vector aggregate is 65536 bytes).
/// </summary>
internal sealed class TestDealer : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private TestDealer(DealerHost host, DealerOptions options, bool ownsDirectory)
    {
        Host = host;
        Options = options;
        _ownsDirectory = ownsDirectory;
        Http = new HttpClient { BaseAddress = host.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public DealerHost Host { get; }

    public DealerOptions Options { get; }

    public HttpClient Http { get; }

    public Uri Url => Host.Url;

    public string DataDirectory => Options.DataDirectory;

    public DealerStores Stores => Host.Services.GetRequiredService<DealerStores>();

    public DealCron Cron => Host.Services.GetRequiredService<DealCron>();

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "dealer-service-tests-" + Guid.NewGuid().ToString("N"));

    public static DealerOptions DefaultOptions(string dataDirectory) => new()
    {
        Listen = new Uri("http://127.0.0.1:0"),
        DataDirectory = dataDirectory,
        Key = TestPrincipals.DealerKey,
        MinAggregateSize = 0,
        MaxAggregateSize = 1L << 20,
        CronInterval = TimeSpan.FromHours(1),
        ConsumerWait = TimeSpan.FromMilliseconds(200),
    };

    public static async Task<TestDealer> StartAsync(Func<DealerOptions, DealerOptions>? configure = null, string? dataDirectory = null)
    {
        var ownsDirectory = dataDirectory is null;
        var options = DefaultOptions(dataDirectory ?? NewDataDirectory());
        options = configure?.Invoke(options) ?? options;
        var host = await DealerHost.StartAsync(options, _ => null, logging => logging.AddDealerConsole(LogLevel.Warning));
        return new TestDealer(host, options, ownsDirectory);
    }

    /// <summary>Sends one invocation over HTTP and returns its receipt, checked against the dealer's key.</summary>
    public Task<Receipt> InvokeAsync(Delegation invocation) =>
        new UcanClient(Http, Url, TestPrincipals.Dealer.Verifier).InvokeAsync(invocation, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        if (_ownsDirectory)
        {
            TryDelete(DataDirectory);
        }
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }
}
