using Dealer.Service.Hosting;
using Dealer.Service.Configuration;
using Dealer.Store.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Receipts;

/// <summary>
/// Removes error receipts older than <see cref="DealerOptions.ErrorReceiptRetention"/> from the receipt store, at
/// start and then every <see cref="DealerOptions.ErrorReceiptPruneInterval"/>; runs in <c>dealer serve</c> with the
/// cron (and <c>dealer cron tick</c> prunes once).
/// </summary>
internal sealed partial class ErrorReceiptPruneService : DealerBackgroundService
{
    private readonly DealerStores _stores;
    private readonly DealerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ErrorReceiptPruneService> _logger;

    /// <summary>Creates the service.</summary>
    public ErrorReceiptPruneService(DealerStores stores, DealerOptions options, TimeProvider clock, ILogger<ErrorReceiptPruneService> logger)
    {
        _stores = stores;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>One pass: removes the error receipts stored before now minus the retention; returns how many.</summary>
    public static Task<int> PruneAsync(IReceiptStore receipts, DealerOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        return receipts.PruneErrorsAsync(clock.GetUtcNow() - options.ErrorReceiptRetention, cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ErrorReceiptPruneInterval, _clock);
        try
        {
            do
            {
                try
                {
                    var pruned = await PruneAsync(_stores.Receipts, _options, _clock, stoppingToken).ConfigureAwait(false);
                    if (pruned > 0)
                    {
                        LogPruned(pruned);
                    }
                }
                catch (StoreException e)
                {
                    LogPruneFailed(e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} error receipts past their retention")]
    private partial void LogPruned(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pruning error receipts failed; retrying at the next interval")]
    private partial void LogPruneFailed(Exception exception);
}
