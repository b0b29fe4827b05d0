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
/// a temporary data directory and small aggregate limits (the vector aggregate is 65536 bytes), on the embedded store
/// or on AWS resources on the local servers.
/// </summary>
internal sealed class TestDealer : IAsyncDisposable
{
    private readonly bool _ownsDirectory;
    private readonly bool _ownsAws;

    private TestDealer(DealerHost host, DealerOptions options, bool ownsDirectory, AwsTestResources? aws, bool ownsAws)
    {
        Host = host;
        Options = options;
        _ownsDirectory = ownsDirectory;
        Aws = aws;
        _ownsAws = ownsAws;
        Http = new HttpClient { BaseAddress = host.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public DealerHost Host { get; }

    public DealerOptions Options { get; }

    public HttpClient Http { get; }

    public Uri Url => Host.Url;

    public string DataDirectory => Options.DataDirectory;

    /// <summary>The AWS resources the dealer runs on (<see cref="StoreKind.Aws"/>), else null.</summary>
    public AwsTestResources? Aws { get; }

    /// <summary>The flags that point a <c>dealer</c> store command (deals, deal, revoke, cron) at this dealer's stores.</summary>
    public string[] StoreArguments => Aws?.Arguments ?? ["--data-dir", DataDirectory];

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

    /// <summary>Starts a dealer on the embedded store, or on AWS resources (fresh ones unless <paramref name="aws"/> is given).</summary>
    /// <param name="configure">Changes the default options.</param>
    /// <param name="dataDirectory">The data directory; default a fresh temporary one, deleted with the dealer.</param>
    /// <param name="store">The store backend.</param>
    /// <param name="aws">Existing AWS resources to share (not deleted with the dealer); implies <see cref="StoreKind.Aws"/>.</param>
    /// <param name="getVariable">The environment the dealer reads; default none.</param>
    /// <param name="configureServices">Extra registrations, as <c>dealer serve</c> makes them (e.g. <c>AddInterop</c>).</param>
    public static async Task<TestDealer> StartAsync(Func<DealerOptions, DealerOptions>? configure = null, string? dataDirectory = null,
        StoreKind store = StoreKind.Embedded, AwsTestResources? aws = null, Func<string, string?>? getVariable = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var ownsDirectory = dataDirectory is null;
        var ownsAws = aws is null && store == StoreKind.Aws;
        if (ownsAws)
        {
            aws = await AwsTestResources.CreateAsync();
        }

        var options = DefaultOptions(dataDirectory ?? NewDataDirectory());
        if (aws is not null)
        {
            options = options with { Store = StoreKind.Aws, Aws = aws.Settings };
        }

        options = configure?.Invoke(options) ?? options;
        try
        {
            var host = await DealerHost.StartAsync(options, getVariable ?? (_ => null), logging => logging.AddDealerConsole(LogLevel.Warning),
                configureServices);
            return new TestDealer(host, options, ownsDirectory, aws, ownsAws);
        }
        catch
        {
            if (ownsAws)
            {
                await aws!.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Sends one invocation over HTTP and returns its receipt, checked against the dealer's key.</summary>
    public Task<Receipt> InvokeAsync(Delegation invocation) =>
        new UcanClient(Http, Url, TestPrincipals.DealerSigner.Verifier).InvokeAsync(invocation, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        if (_ownsDirectory)
        {
            TryDelete(DataDirectory);
        }

        if (_ownsAws)
        {
            await Aws!.DisposeAsync();
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
