using Dealer.Service.Configuration;
using Dealer.Service.Consumers;
using Dealer.Service.Cron;
using Dealer.Service.Repair;
using Dealer.Service.Http;
using Dealer.Service.Observability;
using Dealer.Service.Receipts;
using Dealer.Store.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Hosting;

/// <summary>
/// A running dealer: the HTTP API on Kestrel, the queue consumer and the cron, over one set of stores. This is what
/// <c>dealer serve</c> runs, and what the tests start on a loopback port.
/// </summary>
internal sealed partial class DealerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DealerStores _stores;
    private readonly DealerIdentity _identity;
    private readonly DealerMetrics _metrics;
    private bool _disposed;

    private DealerHost(WebApplication app, DealerStores stores, DealerIdentity identity, DealerMetrics metrics, Uri url)
    {
        _app = app;
        _stores = stores;
        _identity = identity;
        _metrics = metrics;
        Url = url;
    }

    /// <summary>The URL the API actually listens on (the bound port when port 0 was asked for).</summary>
    public Uri Url { get; }

    /// <summary>The dealer's DID.</summary>
    public string Did => _identity.Did;

    /// <summary>The dealer's services (stores, cron, server, …).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Opens the stores, loads the key, and starts listening.</summary>
    /// <param name="options">The settings (validated here).</param>
    /// <param name="getVariable">Reads environment variables (for the AWS backend).</param>
    /// <param name="configureLogging">Logging setup; default: <see cref="DealerLogging.AddDealerConsole(ILoggingBuilder, DealerOptions)"/>.</param>
    /// <param name="configureServices">Extra registrations (e.g. another deal tracker), applied before the core.</param>
    /// <param name="clock">The clock; default the system clock.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<DealerHost> StartAsync(DealerOptions options, Func<string, string?> getVariable,
        Action<ILoggingBuilder>? configureLogging = null, Action<IServiceCollection>? configureServices = null,
        TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(getVariable);
        options.Validate();
        clock ??= TimeProvider.System;

        var identity = DealerIdentity.Load(options);
        var metrics = new DealerMetrics(clock);
        DealerStores? stores = null;
        WebApplication? app = null;
        try
        {
            stores = DealerTelemetry.WithMetrics(DealerStoreFactory.Open(options, getVariable, clock), metrics);
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = [],
                ApplicationName = typeof(DealerHost).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
                EnvironmentName = Environments.Production,
            });
            (configureLogging ?? (logging => logging.AddDealerConsole(options)))(builder.Logging);
            builder.WebHost.UseKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                ApplyLimits(kestrel.Limits, options);
            });
            builder.WebHost.UseUrls(options.Listen.GetLeftPart(UriPartial.Authority));
            configureServices?.Invoke(builder.Services);
            builder.Services.AddDealerTelemetry(metrics, getVariable, serveHttp: true);
            builder.Services.AddDealerCore(options, identity, stores, clock);
            // Always: whatever runs the consumer, the API process finishes the offers it committed.
            builder.Services.AddSingleton<OfferRepair>();
            builder.Services.AddHostedService(provider => provider.GetRequiredService<OfferRepair>());
            if (options.RunConsumer)
            {
                builder.Services.AddHostedService(provider => provider.GetRequiredService<DealerQueueConsumer>());
            }

            if (options.RunCron)
            {
                builder.Services.AddHostedService<DealCronService>();
                builder.Services.AddHostedService<ErrorReceiptPruneService>();
            }

            app = builder.Build();
            app.MapDealerTelemetry();
            app.MapDealerEndpoints();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var bound = addresses?.FirstOrDefault() ?? options.Listen.GetLeftPart(UriPartial.Authority);
            var logger = app.Services.GetRequiredService<ILogger<DealerHost>>();
            if (logger.IsEnabled(LogLevel.Information))
            {
                LogStarted(logger, identity.Did, bound,
                    options.Store == StoreKind.Aws ? "aws" : "embedded at " + Path.GetFullPath(options.DataDirectory),
                    options.RunConsumer ? "on" : "off", options.RunCron ? $"every {options.CronInterval.TotalSeconds:0} s" : "off");
            }
            return new DealerHost(app, stores, identity, metrics, new Uri(bound));
        }
        catch
        {
            if (app is not null)
            {
                await StopQuietlyAsync(app).ConfigureAwait(false);
                await app.DisposeAsync().ConfigureAwait(false);
            }

            if (stores is not null)
            {
                await stores.DisposeAsync().ConfigureAwait(false);
            }

            identity.Dispose();
            metrics.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stops a host whose start failed before it is disposed, so that the host knows it is stopping: a background
    /// service whose run had not yet begun on the thread pool (.NET runs each on it, cancellable) ends cancelled, which
    /// a host that was never stopped reports as a crash of the service, with a stack trace.
    /// </summary>
    private static async Task StopQuietlyAsync(WebApplication app)
    {
        try
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The failed start is what the caller hears about; a part that cannot stop after it adds nothing.
        }
    }

    /// <summary>
    /// Kestrel's limits, each set on purpose (specs/dealer.md, "Connection limits"): slow or idle clients are cut off
    /// instead of holding connections, and headers are bounded. Request bodies are bounded by <c>--max-body-size</c>
    /// here and by the in-flight body budget in the endpoint.
    /// </summary>
    private static void ApplyLimits(KestrelServerLimits limits, DealerOptions options)
    {
        var grace = TimeSpan.FromSeconds(5);
        limits.MaxRequestBodySize = options.MaxBodySize;
        limits.MaxConcurrentConnections = options.MaxConnections;
        limits.MaxConcurrentUpgradedConnections = 0;
        limits.MinRequestBodyDataRate = new MinDataRate(options.MinBodyDataRate, grace);
        limits.MinResponseDataRate = new MinDataRate(240, grace);
        limits.RequestHeadersTimeout = options.HeadersTimeout;
        limits.KeepAliveTimeout = options.KeepAliveTimeout;
        limits.MaxRequestHeadersTotalSize = 32 * 1024;
        limits.MaxRequestHeaderCount = 64;
        limits.MaxRequestLineSize = 8 * 1024;
        limits.MaxRequestBufferSize = 1024 * 1024;
    }

    /// <summary>Waits until the host is asked to stop (Ctrl+C, SIGTERM) or <paramref name="cancellationToken"/> fires.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            await _stores.DisposeAsync().ConfigureAwait(false);
            _identity.Dispose();
            _metrics.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Dealer {Did} listening on {Url}; store {Store}; queue consumer {Consumer}; cron {Cron}")]
    private static partial void LogStarted(ILogger logger, string did, string url, string store, string consumer, string cron);
}
