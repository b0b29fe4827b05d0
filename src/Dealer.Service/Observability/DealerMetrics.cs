using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dealer.Service.Http;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Filecoin;
using Dealer.Ucan.Server;

namespace Dealer.Service.Observability;

/// <summary>
/// The dealer's own instruments, on the <see cref="MeterName"/> meter. Counters and histograms are recorded where the
/// event happens, with at most two small tags; the gauges that need store reads report the last
/// <see cref="DealerGauges"/> snapshot, so a scrape never reads a store. <c>specs/dealer.md</c> lists the Prometheus
/// names (dots become underscores, counters get <c>_total</c>, seconds get <c>_seconds</c>).
/// </summary>
internal sealed class DealerMetrics : IDisposable
{
    /// <summary>The meter name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Dealer";

    /// <summary>The outcome tag of an invocation answered with an ok receipt.</summary>
    public const string Ok = "ok";

    /// <summary>The ability tag of an invocation the server does not provide (bounded: the client chooses the ability).</summary>
    public const string UnknownAbility = "unknown";

    private static readonly double[] RequestBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private static readonly double[] BackgroundBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly TimeProvider _clock;
    private readonly Meter _meter;
    private readonly Counter<long> _invocations;
    private readonly Histogram<double> _invocationDuration;
    private readonly Histogram<double> _consumerDuration;
    private readonly Histogram<double> _cronDuration;

    // Totals without tags (or with a fixed set of tag values) are plain fields behind observable counters: an
    // increment is one interlocked add, and every series exists from the start at 0, which alerts taking rates need.
    private long _offers;
    private long _offerPieces;
    private long _offerPiecesSize;
    private long _accepts;
    private readonly long[] _consumerFailures = new long[ConsumerFailureReasons.Length];
    private long _cronTickFailures;
    private long _cronDealFailures;
    private volatile GaugeSnapshot _gauges = GaugeSnapshot.Empty;

    /// <summary>Creates the instruments on a meter of their own (disposed with this object).</summary>
    /// <param name="clock">The clock the age of the oldest OFFERED deal is measured with.</param>
    public DealerMetrics(TimeProvider clock)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _meter = new Meter(MeterName, DealerVersion.Version);
        _invocations = _meter.CreateCounter<long>("dealer.invocations", null,
            "Invocations answered, by ability and outcome (ok or the error name of the receipt)");
        _invocationDuration = _meter.CreateHistogram("dealer.invocation.duration", "s",
            "Time to answer one invocation (validation, handler, signing and recording the receipt), by ability and outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestBuckets });
        _meter.CreateObservableCounter("dealer.aggregate.offer", () => Volatile.Read(ref _offers), null,
            "Aggregates accepted for the first time (JS metric aggregate/offer-total)");
        _meter.CreateObservableCounter("dealer.aggregate.offer.pieces", () => Volatile.Read(ref _offerPieces), null,
            "Pieces in the accepted aggregates (JS metric aggregate/offer-pieces-total)");
        _meter.CreateObservableCounter("dealer.aggregate.offer.pieces.size", () => Volatile.Read(ref _offerPiecesSize), null,
            "Padded bytes of the pieces in the accepted aggregates (JS metric aggregate/offer-pieces-size-total)");
        _meter.CreateObservableCounter("dealer.aggregate.accept", () => Volatile.Read(ref _accepts), null,
            "Deals moved to APPROVED by the cron (JS metric aggregate/accept-total)");
        _consumerDuration = _meter.CreateHistogram("dealer.consumer.batch.duration", "s",
            "Time to record one received batch of dealer-queue messages",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = BackgroundBuckets });
        _meter.CreateObservableCounter("dealer.consumer.failures", ObserveConsumerFailures, null,
            "Dealer-queue messages not recorded, or receives that failed, by reason");
        _cronDuration = _meter.CreateHistogram("dealer.cron.tick.duration", "s",
            "Time of one cron tick",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = BackgroundBuckets });
        _meter.CreateObservableCounter("dealer.cron.failures", ObserveCronFailures, null,
            "Cron ticks that failed (reason tick) and deals a tick could not finish (reason deal)");

        _meter.CreateObservableGauge("dealer.queue.messages", () => Measure(_gauges.QueueMessages), null,
            "Messages on the dealer-queue: visible, in flight and delayed (SQS: approximate)");
        _meter.CreateObservableGauge("dealer.queue.dead_letters", () => Measure(_gauges.DeadLetters), null,
            "Messages in the dealer-queue's dead letters (SQS: approximate)");
        _meter.CreateObservableGauge("dealer.deals", ObserveDeals, null, "Deals in the deal-store by status");
        _meter.CreateObservableGauge("dealer.deals.oldest_offered.age", ObserveOldestOffered, "s",
            "Age of the oldest OFFERED deal (0 when none is waiting)");
        _meter.CreateObservableGauge("dealer.ready", () => Measure(_gauges.Ready), null,
            "1 when the last readiness check found the stores and the queue reachable, else 0");
    }

    /// <summary>Consumer failure reason: a message that is not a dealer-queue message (it ends in the dead letters).</summary>
    public const string MalformedMessage = "malformed";

    /// <summary>Consumer failure reason: a message naming no registered offer (it ends in the dead letters).</summary>
    public const string UnknownOffer = "unknown_offer";

    /// <summary>Consumer failure reason: a store failed while recording; the message is retried.</summary>
    public const string StoreFailure = "store";

    /// <summary>Consumer failure reason: the queue could not be read or written.</summary>
    public const string QueueFailure = "queue";

    private static readonly string[] ConsumerFailureReasons = [MalformedMessage, UnknownOffer, StoreFailure, QueueFailure];

    /// <summary>When the gauges were last refreshed (null before the first refresh).</summary>
    public DateTimeOffset? GaugesRefreshedAt => _gauges.At;

    /// <summary>Records one invocation run by the server (<see cref="ServerOptions.OnRun"/>).</summary>
    /// <returns>The ability and outcome tags it was counted under.</returns>
    public (string Ability, string Outcome) RecordInvocation(in InvocationRun run)
    {
        var outcome = run.Receipt.Out.IsOk ? Ok : run.Receipt.Out.ErrorName ?? "error";
        // Only an ability the server provides becomes a tag value; anything else would let clients grow the series.
        var ability = run.Invocation.Capabilities.Count == 1 && outcome is not (nameof(HandlerNotFound) or nameof(InvocationCapabilityError))
            ? run.Invocation.Capabilities[0].Can
            : UnknownAbility;
        var tags = new TagList { { "ability", ability }, { "outcome", outcome } };
        _invocations.Add(1, tags);
        _invocationDuration.Record(run.Elapsed.TotalSeconds, tags);
        return (ability, outcome);
    }

    /// <summary>Records an aggregate accepted for the first time: one offer, its pieces and their padded bytes.</summary>
    public void RecordOffer(OfferRecord offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var bytes = 0L;
        // An accepted offer carries the sum its check computed; only a record from elsewhere has its CIDs read again.
        if ((offer.Pieces as OfferPieces)?.PaddedSize is { } known)
        {
            bytes = (long)Math.Min((ulong)long.MaxValue, known);
        }
        else
        {
            foreach (var piece in offer.Pieces)
            {
                // The pieces were validated when the offer was accepted; only their sizes are read here.
                if (PieceLink.TryReadPaddedSize(piece, out var size))
                {
                    bytes = (long)Math.Min((ulong)long.MaxValue, (ulong)bytes + size);
                }
            }
        }

        Interlocked.Increment(ref _offers);
        Interlocked.Add(ref _offerPieces, offer.Pieces.Count);
        Interlocked.Add(ref _offerPiecesSize, bytes);
    }

    /// <summary>Records deals moved to APPROVED.</summary>
    public void RecordAccepted(int count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref _accepts, count);
        }
    }

    /// <summary>Records how long the consumer took to record a received batch.</summary>
    public void RecordConsumerBatch(TimeSpan elapsed) => _consumerDuration.Record(elapsed.TotalSeconds);

    /// <summary>Records a consumer failure (<see cref="MalformedMessage"/>, <see cref="UnknownOffer"/>, ...).</summary>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is not one of them.</exception>
    public void RecordConsumerFailure(string reason)
    {
        var index = Array.IndexOf(ConsumerFailureReasons, reason);
        if (index < 0)
        {
            throw new ArgumentException($"Unknown consumer failure reason '{reason}'.", nameof(reason));
        }

        Interlocked.Increment(ref _consumerFailures[index]);
    }

    /// <summary>Records one cron tick: its duration and the deals it could not finish.</summary>
    public void RecordCronTick(TimeSpan elapsed, int failedDeals)
    {
        _cronDuration.Record(elapsed.TotalSeconds);
        if (failedDeals > 0)
        {
            Interlocked.Add(ref _cronDealFailures, failedDeals);
        }
    }

    /// <summary>Records a cron tick that failed as a whole.</summary>
    public void RecordCronFailure(TimeSpan elapsed)
    {
        _cronDuration.Record(elapsed.TotalSeconds);
        Interlocked.Increment(ref _cronTickFailures);
    }

    /// <summary>Publishes a new gauge snapshot.</summary>
    public void Publish(GaugeSnapshot snapshot) => _gauges = snapshot ?? throw new ArgumentNullException(nameof(snapshot));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> Measure(long? value) =>
        value is { } known ? [new Measurement<long>(known)] : [];

    private IEnumerable<Measurement<long>> ObserveConsumerFailures()
    {
        for (var i = 0; i < ConsumerFailureReasons.Length; i++)
        {
            yield return new Measurement<long>(Volatile.Read(ref _consumerFailures[i]),
                new KeyValuePair<string, object?>("reason", ConsumerFailureReasons[i]));
        }
    }

    private IEnumerable<Measurement<long>> ObserveCronFailures()
    {
        yield return new Measurement<long>(Volatile.Read(ref _cronTickFailures), new KeyValuePair<string, object?>("reason", "tick"));
        yield return new Measurement<long>(Volatile.Read(ref _cronDealFailures), new KeyValuePair<string, object?>("reason", "deal"));
    }

    private IEnumerable<Measurement<long>> ObserveDeals()
    {
        var gauges = _gauges;
        foreach (var (status, summary) in gauges.Deals)
        {
            yield return new Measurement<long>(summary.Count, new KeyValuePair<string, object?>("status", StatusName(status)));
        }
    }

    private IEnumerable<Measurement<double>> ObserveOldestOffered()
    {
        var gauges = _gauges;
        if (gauges.Deals.TryGetValue(DealStatus.Offered, out var offered))
        {
            var age = offered.OldestInsertedAt is { } oldest ? Math.Max(0, (_clock.GetUtcNow() - oldest).TotalSeconds) : 0;
            yield return new Measurement<double>(age);
        }
    }

    private static string StatusName(DealStatus status) => status switch
    {
        DealStatus.Offered => "offered",
        DealStatus.Approved => "approved",
        DealStatus.Rejected => "rejected",
        _ => "unknown",
    };
}
