using Dealer.Service.Hosting;
using Dealer.Store.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Repair;

/// <summary>
/// Finishes what the dealer committed but a crash left half done, on start and then periodically: a registered
/// offer gets its object (the file or S3 object Spade reads) and its dealer-queue message, without waiting for the
/// storefront to resend. Repairing twice, or beside another dealer process, costs at most a duplicate message, which
/// the consumer's conditional insert absorbs.
/// </summary>
internal sealed partial class OfferRepair : DealerBackgroundService
{
    /// <summary>How often a pass looks for unqueued offers.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How old an unqueued offer must be before a pass queues it: a commit in flight in another process finishes in
    /// far less, so only offers whose commit died are touched.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    /// <summary>Every how many passes the objects are checked too (on start, then every 10 minutes).</summary>
    private const int ObjectPassEvery = 60;

    private readonly DealerStores _stores;
    private readonly TimeProvider _clock;
    private readonly ILogger<OfferRepair> _logger;

    /// <summary>Creates the repair.</summary>
    public OfferRepair(DealerStores stores, TimeProvider clock, ILogger<OfferRepair> logger)
    {
        _stores = stores;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>One pass: writes missing objects when <paramref name="objects"/>, then queues unqueued offers.</summary>
    /// <exception cref="StoreException">A store could not be reached; what was repaired so far stays repaired.</exception>
    public async Task<OfferRepairResult> RunOnceAsync(bool objects, CancellationToken cancellationToken)
    {
        var written = objects ? await _stores.Offers.RepairObjectsAsync(cancellationToken).ConfigureAwait(false) : 0;
        var queued = 0;
        await foreach (var offer in _stores.Offers.ListUnqueuedAsync(_clock.GetUtcNow() - Grace, cancellationToken).ConfigureAwait(false))
        {
            // A unit without a receipt: the registered offer is kept, and it is queued and marked (and given its object).
            await _stores.Committer.CommitAsync(new OfferUnit(offer, DealerQueueMessage.Serialize(offer.Aggregate)), cancellationToken)
                .ConfigureAwait(false);
            LogQueued(offer.Aggregate);
            queued++;
        }

        if (written + queued > 0)
        {
            LogRepaired(written, queued);
        }

        return new OfferRepairResult(written, queued);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var pass = 0L; !stoppingToken.IsCancellationRequested; pass++)
        {
            try
            {
                await RunOnceAsync(pass % ObjectPassEvery == 0, stoppingToken).ConfigureAwait(false);
                await Task.Delay(Interval, _clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (StoreException e)
            {
                LogFailed(e);
                try
                {
                    await Task.Delay(Interval, _clock, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repair: queued the registered offer of {Aggregate}, left unqueued by a crash")]
    private partial void LogQueued(string aggregate);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repair: wrote {Objects} missing offer object(s), queued {Queued} unqueued offer(s)")]
    private partial void LogRepaired(int objects, int queued);

    [LoggerMessage(Level = LogLevel.Error, Message = "Repair: a store is unavailable; retrying on the next pass")]
    private partial void LogFailed(Exception exception);
}

/// <summary>What one repair pass did.</summary>
/// <param name="Objects">Offer objects written because they were missing or cut short.</param>
/// <param name="Queued">Registered offers put on the dealer-queue because they were not.</param>
internal sealed record OfferRepairResult(int Objects, int Queued);
