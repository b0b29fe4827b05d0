using System.CommandLine;
using System.Globalization;
using Dealer.Service.Configuration;
using Dealer.Service.Tracing;
using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Dealer.Ucan.Ipld.Codecs;

namespace Dealer.Service.Cli;

/// <summary>
/// <c>dealer trace &lt;aggregate | invocation CID&gt;</c>: the whole chain of one aggregate as the stores hold it,
/// for an operator looking for where a deal is stuck.
/// </summary>
internal static class TraceCommand
{
    public static Command Create(Func<string, string?> getVariable)
    {
        var common = new CliOptions();
        var target = new Argument<string>("aggregate-or-invocation")
        {
            Description = "An aggregate piece CID, or the CID of a deal/offer or deal/add invocation (e.g. an offer receipt's fx.join)",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the human-readable report" };
        var command = new Command("trace",
            "Show one aggregate's chain: offer, offer receipt, queue or dead letter, deal row and history, deal/add and its receipt");
        common.AddStore(command);
        command.Arguments.Add(target);
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, async (output, error) =>
        {
            var wanted = result.GetRequiredValue(target).Trim();
            var options = common.Bind(result, getVariable);
            if (options.Store == StoreKind.Embedded
                && !File.Exists(Path.Combine(options.DataDirectory, EmbeddedStores.DatabaseFileName)))
            {
                // Opening would create an empty store; a trace must not, and a wrong --data-dir is the likely mistake.
                await error.WriteLineAsync(
                    $"dealer: no embedded store in '{Path.GetFullPath(options.DataDirectory)}' (no {EmbeddedStores.DatabaseFileName}); give --data-dir or --store aws").ConfigureAwait(false);
                return ExitCodes.Unavailable;
            }

            await using var stores = DealerStoreFactory.Open(options, getVariable);
            var aggregate = await DealTracer.FindAggregateAsync(stores, wanted, cancellationToken).ConfigureAwait(false);
            var trace = aggregate is null ? null : await DealTracer.TraceAsync(stores, aggregate, cancellationToken).ConfigureAwait(false);
            if (trace is null)
            {
                await error.WriteLineAsync(aggregate is null
                    ? $"dealer: no receipt or offered deal knows the invocation {wanted}"
                    : $"dealer: no offer, deal or verdict for the aggregate {aggregate}").ConfigureAwait(false);
                return ExitCodes.Negative;
            }

            await output.WriteAsync(result.GetValue(json) ? DagJson.Encode(ToIpld(trace)) + "\n" : ToText(trace)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The queue state's name in both outputs.</summary>
    public static string Name(TraceQueueState state) => state switch
    {
        TraceQueueState.NotQueued => "not-queued",
        TraceQueueState.DeadLettered => "dead-lettered",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static string ToText(DealTrace trace)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        text.WriteLine($"aggregate    {trace.Aggregate}");
        if (trace.Offer is { } offer)
        {
            text.WriteLine($"offer        {offer.Key}");
            text.WriteLine($"  at         {Time(offer.InsertedAt)}");
            text.WriteLine($"  storefront {offer.Storefront}");
            text.WriteLine($"  tenant     {offer.Tenant}{(offer.Label is null ? "" : $"   label {offer.Label}")}");
            text.WriteLine($"  pieces     {offer.Pieces.Count} (block {offer.PiecesLink})");
            text.WriteLine($"  object     {(trace.OfferObject?.ToString() ?? "MISSING (a re-offer writes it)")}");
            text.WriteLine($"  invocation {offer.Invocation}");
            text.WriteLine($"  receipt    {Describe(trace.OfferReceipt)}");
        }
        else
        {
            text.WriteLine("offer        none registered");
        }

        text.WriteLine($"queue        {Name(trace.Queue)}{QueueDetail(trace)}");
        if (trace.Deal is { } deal)
        {
            text.WriteLine($"deal         {DealTracer.Describe(deal.Status, deal.DealId, deal.Provider, deal.Reason)}");
            text.WriteLine($"  inserted   {Time(deal.InsertedAt)}");
            text.WriteLine($"  updated    {Time(deal.UpdatedAt)}");
            text.WriteLine($"  offer      {deal.Offer}");
        }
        else
        {
            text.WriteLine("deal         not recorded");
        }

        text.WriteLine(trace.Verdict is { } verdict
            ? $"ledger       {DealTracer.Describe(verdict.Approved ? DealStatus.Approved : DealStatus.Rejected, verdict.DealId, verdict.Provider, verdict.Reason)} at {Time(verdict.RecordedAt)}"
            : "ledger       no verdict");
        text.WriteLine($"deal/add     {trace.DealAdd ?? "unknown (no offer receipt)"}");
        if (trace.DealAdd is not null)
        {
            text.WriteLine($"  receipt    {(trace.DealAddReceipt is null ? "not issued yet" : Describe(trace.DealAddReceipt))}");
        }

        text.WriteLine("history");
        foreach (var step in trace.History)
        {
            text.WriteLine($"  {Time(step.At)}  {step.Detail}");
        }

        return text.ToString();
    }

    private static string QueueDetail(DealTrace trace) => trace.Queue switch
    {
        TraceQueueState.Consumed => " (the consumer recorded the deal)",
        TraceQueueState.Queued => " (on the dealer-queue or being processed; not a dead letter)",
        TraceQueueState.NotQueued => " (registered but never enqueued; a re-offer of the aggregate enqueues it)",
        TraceQueueState.DeadLettered => $" (message {trace.DeadLetter!.Id}, {trace.DeadLetter.ReceiveCount} receives; `dealer queue dead-letters --redrive` once fixed)",
        _ => "",
    };

    private static string Describe(TraceReceipt? receipt)
    {
        if (receipt is null)
        {
            return "not stored";
        }

        var outcome = receipt.IsOk
            ? "ok " + DagJson.Encode(receipt.Out.GetValueOrDefault("ok"))
            : "error " + (receipt.ErrorName ?? "?") + (receipt.Out.GetValueOrDefault("error") is IReadOnlyDictionary<string, object?> e && e.GetValueOrDefault("message") is string m ? ": " + m : "");
        return $"{receipt.Cid} {outcome}{(receipt.Join is null ? "" : $", fx.join {receipt.Join}")}";
    }

    private static Dictionary<string, object?> ToIpld(DealTrace trace) => new(StringComparer.Ordinal)
    {
        ["aggregate"] = trace.Aggregate,
        ["offer"] = trace.Offer is not { } offer ? null : new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["key"] = offer.Key,
            ["insertedAt"] = Time(offer.InsertedAt),
            ["storefront"] = offer.Storefront,
            ["tenant"] = offer.Tenant,
            ["label"] = offer.Label,
            ["pieces"] = offer.Pieces.Count,
            ["piecesLink"] = offer.PiecesLink,
            ["invocation"] = offer.Invocation,
            ["object"] = trace.OfferObject?.ToString(),
        },
        ["offerReceipt"] = ToIpld(trace.OfferReceipt),
        ["queue"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["state"] = Name(trace.Queue),
            ["deadLetter"] = trace.DeadLetter is not { } letter ? null : new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["id"] = letter.Id,
                ["receiveCount"] = letter.ReceiveCount,
                ["enqueuedAt"] = letter.EnqueuedAt is { } enqueued ? Time(enqueued) : null,
                ["deadLetteredAt"] = letter.DeadLetteredAt is { } dead ? Time(dead) : null,
            },
        },
        ["deal"] = trace.Deal is not { } deal ? null : new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["status"] = deal.Status.ToString().ToLowerInvariant(),
            ["stat"] = (int)deal.Status,
            ["storefront"] = deal.Storefront,
            ["offer"] = deal.Offer,
            ["insertedAt"] = Time(deal.InsertedAt),
            ["updatedAt"] = Time(deal.UpdatedAt),
            ["dealID"] = deal.DealId,
            ["provider"] = deal.Provider,
            ["reason"] = deal.Reason,
        },
        ["ledger"] = trace.Verdict is not { } verdict ? null : new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["approved"] = verdict.Approved,
            ["dealID"] = verdict.DealId,
            ["provider"] = verdict.Provider,
            ["reason"] = verdict.Reason,
            ["recordedAt"] = Time(verdict.RecordedAt),
        },
        ["dealAdd"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["invocation"] = trace.DealAdd,
            ["receipt"] = ToIpld(trace.DealAddReceipt),
        },
        ["history"] = trace.History.Select(step => (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["at"] = Time(step.At),
            ["event"] = step.Event,
            ["detail"] = step.Detail,
        }).ToList(),
    };

    private static Dictionary<string, object?>? ToIpld(TraceReceipt? receipt) => receipt is null ? null : new(StringComparer.Ordinal)
    {
        ["cid"] = receipt.Cid,
        ["ran"] = receipt.Ran,
        ["issuer"] = receipt.Issuer,
        ["out"] = receipt.Out,
        ["join"] = receipt.Join,
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
