using Dealer.Service.Configuration;
using Dealer.Store.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Cron;

/// <summary>Runs <see cref="DealCron.TickAsync"/> every <see cref="DealerOptions.CronInterval"/> inside <c>dealer serve</c>.</summary>
public sealed partial class DealCronService : BackgroundService
{
    private readonly DealCron _cron;
    private readonly DealerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<DealCronService> _logger;

    /// <summary>Creates the service.</summary>
    public DealCronService(DealCron cron, DealerOptions options, TimeProvider clock, ILogger<DealCronService> logger)
    {
        _cron = cron;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.CronInterval, _clock);
        try
        {
            do
            {
                try
                {
                    var result = await _cron.TickAsync(stoppingToken).ConfigureAwait(false);
                    if (result.Approved + result.Rejected + result.Failed > 0)
                    {
                        LogTick(result.Examined, result.Approved, result.Rejected, result.Pending, result.Failed);
                    }
                }
                catch (StoreException e)
                {
                    LogTickFailed(e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Cron: {Examined} offered, {Approved} approved, {Rejected} rejected, {Pending} pending, {Failed} failed")]
    private partial void LogTick(int examined, int approved, int rejected, int pending, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cron tick failed; retrying at the next interval")]
    private partial void LogTickFailed(Exception exception);
}
