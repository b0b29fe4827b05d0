using Dealer.Service.Configuration;
using Dealer.Service.Consumers;
using Dealer.Service.Observability;
using Dealer.Store.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Hosting;

/// <summary>
/// A running queue consumer on its own: the <see cref="DealerQueueConsumer"/> of <see cref="DealerHost"/>, over the
/// configured stores, with no HTTP listener, no cron and no key (it signs nothing). This is what
/// <c>dealer consume</c> runs, e.g. as the Processor's long-running task next to an API that runs
/// <c>dealer serve --no-consumer</c>.
/// </summary>
internal sealed partial class DealerConsumerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly DealerStores _stores;
    private readonly DealerMetrics _metrics;
    private bool _disposed;

    private DealerConsumerHost(IHost host, DealerStores stores, DealerMetrics metrics)
    {
        _host = host;
        _stores = stores;
        _metrics = metrics;
    }

    /// <summary>The consumer's services (stores, the consumer, logging).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Opens the stores and starts consuming.</summary>
    /// <param name="options">The settings (validated here); the store and queue settings are the ones used.</param>
    /// <param name="getVariable">Reads environment variables (for the AWS backend).</param>
    /// <param name="configureLogging">Logging setup; default: <see cref="DealerLogging.AddDealerConsole(ILoggingBuilder, DealerOptions)"/>.</param>
    /// <param name="clock">The clock; default the system clock.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static Task<DealerConsumerHost> StartAsync(DealerOptions options, Func<string, string?> getVariable,
        Action<ILoggingBuilder>? configureLogging = null, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(getVariable);
        options.Validate();
        return StartAsync(options, DealerStoreFactory.Open(options, getVariable, clock), getVariable, configureLogging, clock,
            cancellationToken);
    }

    /// <summary>
    /// Starts consuming over stores the caller opened, for a host that composes the stores itself (another backend,
    /// or a decorated one); the consumer host owns them from here on and disposes them, also when the start fails.
    /// </summary>
    /// <param name="options">The settings, already validated (the queue settings are the ones used).</param>
    /// <param name="stores">The stores to consume from and record into.</param>
    /// <param name="getVariable">Reads environment variables (for the telemetry exporters).</param>
    /// <param name="configureLogging">Logging setup; default: <see cref="DealerLogging.AddDealerConsole(ILoggingBuilder, DealerOptions)"/>.</param>
    /// <param name="clock">The clock; default the system clock.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<DealerConsumerHost> StartAsync(DealerOptions options, DealerStores stores,
        Func<string, string?> getVariable, Action<ILoggingBuilder>? configureLogging = null, TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(getVariable);
        clock ??= TimeProvider.System;
        var metrics = new DealerMetrics(clock);
        IHost? host = null;
        try
        {
            // The empty builder: no appsettings, no environment-variable configuration and no default logging, so
            // that the consumer sees exactly the DEALER_* settings the other commands see.
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
            {
                ApplicationName = typeof(DealerConsumerHost).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
                EnvironmentName = Environments.Production,
            });
            builder.Services.AddLogging(configureLogging ?? (logging => logging.AddDealerConsole(options)));
            // No HTTP listener, so no /metrics: the consumer's instruments leave through OTLP when it is configured.
            builder.Services.AddDealerTelemetry(metrics, getVariable, serveHttp: false);
            builder.Services.AddDealerConsumer(options, stores, clock);
            builder.Services.AddHostedService(provider => provider.GetRequiredService<DealerQueueConsumer>());
            host = builder.Build();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            var logger = host.Services.GetRequiredService<ILogger<DealerConsumerHost>>();
            LogConsuming(logger, options.Store);
            return new DealerConsumerHost(host, stores, metrics);
        }
        catch
        {
            host?.Dispose();
            await stores.DisposeAsync().ConfigureAwait(false);
            metrics.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the host is asked to stop (Ctrl+C, SIGTERM) or <paramref name="cancellationToken"/> fires.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _host.WaitForShutdownAsync(cancellationToken);

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
            // Stops the consumer: a message it was processing stays on the queue and is delivered again.
            await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
            await _stores.DisposeAsync().ConfigureAwait(false);
            _metrics.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming the dealer-queue ({Store} store); no HTTP listener, no cron")]
    private static partial void LogConsuming(ILogger logger, StoreKind store);
}
