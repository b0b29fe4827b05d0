using System.CommandLine;
using System.Globalization;
using Dealer.Service.Configuration;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Filecoin;
using Dealer.Ucan.Ipld;

namespace Dealer.Service.Cli;

/// <summary>
/// The operator commands over the stores: <c>dealer deals list</c>, <c>dealer deal resolve</c> (the ledger the
/// embedded deal tracker reads) and <c>dealer revoke</c>.
/// </summary>
internal static class StoreCommands
{
    private const int PageSize = 100;

    public static Command CreateDeals(Func<string, string?> getVariable)
    {
        var common = new CliOptions();
        var status = new Option<string?>("--status") { Description = "offered, approved or rejected (default: all)" };
        var list = new Command("list", "List deals, one JSON object per line");
        common.AddStore(list);
        list.Options.Add(status);
        list.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, async (output, _) =>
        {
            var statuses = result.GetValue(status) is { } text ? [ParseStatus(text)] : Enum.GetValues<DealStatus>();
            await using var stores = DealerStoreFactory.Open(common.BindExisting(result, getVariable), getVariable);
            foreach (var wanted in statuses)
            {
                string? cursor = null;
                do
                {
                    var page = await stores.Deals.ListByStatusAsync(wanted, cursor, PageSize, cancellationToken).ConfigureAwait(false);
                    foreach (var deal in page.Items)
                    {
                        await output.WriteLineAsync(ToJson(deal)).ConfigureAwait(false);
                    }

                    cursor = page.Cursor;
                }
                while (cursor is not null);
            }

            return ExitCodes.Ok;
        }));

        var command = new Command("deals", "Inspect the deal-store");
        command.Subcommands.Add(list);
        return command;
    }

    public static Command CreateDeal(Func<string, string?> getVariable)
    {
        var common = new CliOptions();
        var aggregate = new Argument<string>("aggregate") { Description = "The aggregate's piece CID" };
        var approve = new Option<bool>("--approve") { Description = "The broker made a deal" };
        var reject = new Option<bool>("--reject") { Description = "The broker refused the aggregate" };
        var dealId = new Option<long?>("--deal-id") { Description = "The Filecoin deal id (with --approve)" };
        var provider = new Option<string?>("--provider") { Description = "The storage provider, f0… (with --approve)" };
        var reason = new Option<string?>("--reason") { Description = "Why it was refused (with --reject)" };
        var invalidPiece = new Option<string[]>("--invalid-piece")
        {
            Description = "A piece CID the broker blamed (with --reject; repeatable): the cause list of aggregate/accept's InvalidPiece",
            AllowMultipleArgumentsPerToken = false,
        };
        var resolve = new Command("resolve", "Record what the broker reported for an aggregate; the cron then issues deal/add");
        common.AddStore(resolve);
        resolve.Arguments.Add(aggregate);
        foreach (var option in new Option[] { approve, reject, dealId, provider, reason, invalidPiece })
        {
            resolve.Options.Add(option);
        }

        resolve.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, async (output, _) =>
        {
            var verdict = Verdict(
                result.GetRequiredValue(aggregate),
                result.GetValue(approve),
                result.GetValue(reject),
                result.GetValue(dealId),
                result.GetValue(provider),
                result.GetValue(reason),
                DateTimeOffset.UtcNow,
                result.GetValue(invalidPiece) ?? []);
            await using var stores = DealerStoreFactory.Open(common.BindExisting(result, getVariable), getVariable);
            await RequireOpenDealAsync(stores, verdict, cancellationToken).ConfigureAwait(false);
            await stores.Ledger.RecordAsync(verdict, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(CliJson.Serialize(new Dictionary<string, object?>
            {
                ["aggregate"] = verdict.Aggregate,
                ["approved"] = verdict.Approved,
                ["dealID"] = verdict.DealId,
                ["provider"] = verdict.Provider,
                ["reason"] = verdict.Reason,
                ["invalidPieces"] = verdict.InvalidPieces,
            })).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));

        var command = new Command("deal", "Operate on one deal");
        command.Subcommands.Add(resolve);
        return command;
    }

    public static Command CreateRevoke(Func<string, string?> getVariable)
    {
        var common = new CliOptions();
        var delegation = new Argument<string>("delegation") { Description = "The CID of the delegation to revoke" };
        var reason = new Option<string?>("--reason") { Description = "Why (kept with the revocation)" };
        var command = new Command("revoke", "Revoke a delegation: invocations relying on it become Unauthorized");
        common.AddStore(command);
        command.Arguments.Add(delegation);
        command.Options.Add(reason);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, async (output, _) =>
        {
            var cid = CliOptions.ParseCid(result.GetRequiredValue(delegation), "delegation");
            await using var stores = DealerStoreFactory.Open(common.BindExisting(result, getVariable), getVariable);
            await stores.Revocations.RevokeAsync(cid.ToString(), result.GetValue(reason), DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(CliJson.Serialize(new Dictionary<string, string> { ["revoked"] = cid.ToString() })).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// A verdict is for an aggregate this dealer was offered (its deal recorded, or at least its offer registered) and
    /// whose deal is not finished: once the cron has issued <c>deal/add</c>, the verdict is final. The one exception is
    /// a further approval of an approved deal, which records a renewal (another deal of the same aggregate) without
    /// changing the verdict.
    /// </summary>
    /// <exception cref="ArgumentException">Not an offered deal, or a finished one whose verdict would change.</exception>
    private static async Task RequireOpenDealAsync(DealerStores stores, DealVerdict verdict, CancellationToken cancellationToken)
    {
        var aggregate = verdict.Aggregate;
        var deal = await stores.Deals.GetAsync(aggregate, cancellationToken).ConfigureAwait(false);
        if (deal is null && await stores.Offers.FindAsync(aggregate, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new ArgumentException($"aggregate {aggregate} is not an offered deal of this dealer");
        }

        var renewal = verdict.Approved && deal is { Status: DealStatus.Approved };
        if (deal is { Status: not DealStatus.Offered } && !renewal)
        {
            throw new ArgumentException(
                $"the deal of aggregate {aggregate} is finished ({deal.Status.ToString().ToLowerInvariant()}); its verdict cannot change");
        }
    }

    /// <summary>Checks and builds a ledger entry from the <c>deal resolve</c> flags.</summary>
    /// <exception cref="ArgumentException">The flags do not describe exactly one verdict.</exception>
    public static DealVerdict Verdict(string aggregate, bool approve, bool reject, long? dealId, string? provider, string? reason, DateTimeOffset at,
        IReadOnlyList<string>? invalidPieces = null)
    {
        invalidPieces ??= [];
        if (invalidPieces.FirstOrDefault(piece => !PieceLink.TryParse(piece, out _)) is { } notPiece)
        {
            throw new ArgumentException($"--invalid-piece: '{notPiece}' is not a piece CID v2.");
        }

        if (!PieceLink.TryParse(aggregate, out _))
        {
            throw new ArgumentException($"aggregate: '{aggregate}' is not a piece CID v2");
        }

        if (approve == reject)
        {
            throw new ArgumentException("Give exactly one of --approve and --reject.");
        }

        if (approve)
        {
            if (dealId is not { } id || id < 0 || string.IsNullOrWhiteSpace(provider))
            {
                throw new ArgumentException("--approve needs --deal-id N (N >= 0) and --provider f0….");
            }

            if (invalidPieces.Count > 0)
            {
                throw new ArgumentException("--invalid-piece goes with --reject.");
            }

            return new DealVerdict(aggregate, true, id, provider, null, at);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("--reject needs --reason.");
        }

        return new DealVerdict(aggregate, false, null, null, reason, at) { InvalidPieces = invalidPieces };
    }

    private static DealStatus ParseStatus(string text) => text.ToUpperInvariant() switch
    {
        "OFFERED" => DealStatus.Offered,
        "APPROVED" => DealStatus.Approved,
        "REJECTED" => DealStatus.Rejected,
        _ => throw new ArgumentException($"--status must be offered, approved or rejected, got '{text}'."),
    };

    private static string ToJson(DealRecord deal) => CliJson.Serialize(new Dictionary<string, object?>
    {
        ["aggregate"] = deal.Aggregate,
        ["status"] = deal.Status.ToString().ToLowerInvariant(),
        ["stat"] = (int)deal.Status,
        ["storefront"] = deal.Storefront,
        ["offer"] = deal.Offer,
        ["pieces"] = deal.PiecesLink,
        ["tenant"] = deal.Tenant,
        ["label"] = deal.Label,
        ["insertedAt"] = deal.InsertedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["updatedAt"] = deal.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["dealID"] = deal.DealId,
        ["provider"] = deal.Provider,
        ["reason"] = deal.Reason,
    });
}
