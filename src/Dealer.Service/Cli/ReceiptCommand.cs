using System.CommandLine;
using System.Net;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Receipts;

namespace Dealer.Service.Cli;

/// <summary>
/// <c>dealer receipt get</c> fetches a receipt by the CID of the invocation it answers (e.g. an <c>fx.join</c>);
/// <c>dealer receipt verify</c> checks a receipt file's structure and signature, which is what an auditor runs.
/// </summary>
internal static class ReceiptCommand
{
    public static Command Create(Func<string, string?> getVariable)
    {
        var command = new Command("receipt", "Fetch and verify receipts");
        command.Subcommands.Add(CreateGet(getVariable));
        command.Subcommands.Add(CreateVerify());
        return command;
    }

    private static Command CreateGet(Func<string, string?> getVariable)
    {
        var url = new Option<string>("--url") { Description = "The dealer's URL", Required = true };
        var cid = new Option<string>("--cid") { Description = "The invocation CID (e.g. a deal/offer receipt's fx.join)", Required = true };
        var output = new Option<string?>("--out") { Description = "Write the receipt CAR here (default: print it as JSON)" };
        var timeout = ClientTimeout.CreateOption();
        var command = new Command("get", "Fetch the receipt of an invocation (GET /receipt/{cid})");
        command.Options.Add(url);
        command.Options.Add(timeout);
        command.Options.Add(cid);
        command.Options.Add(output);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, async (stdout, error) =>
        {
            var invocation = CliOptions.ParseCid(result.GetRequiredValue(cid), "--cid");
            var service = CliOptions.ParseHttpUrl(result.GetRequiredValue(url), "--url");
            var endpoint = new Uri(service, "receipt/" + invocation);
            var wait = ClientTimeout.Parse(result.GetValue(timeout), getVariable);
            using var http = new HttpClient { Timeout = wait };
            using var response = await ClientTimeout.RunAsync(service, wait, () => http.GetAsync(endpoint, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                await error.WriteLineAsync($"dealer: no receipt for {invocation}").ConfigureAwait(false);
                return ExitCodes.Negative;
            }

            response.EnsureSuccessStatusCode();
            var car = await ClientTimeout.RunAsync(service, wait, () => response.Content.ReadAsByteArrayAsync(cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            var receipt = Receipt.Extract(car);
            if (result.GetValue(output) is { } path)
            {
                await File.WriteAllBytesAsync(path, car, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await stdout.WriteLineAsync(ReceiptOutput.ToJson(receipt, verified: false)).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateVerify()
    {
        var file = new Argument<string>("file") { Description = "A receipt CAR (from `dealer receipt get --out`)" };
        var issuer = new Option<string>("--issuer") { Description = "The DID that must have issued and signed it (the dealer)", Required = true };
        var key = new Option<string?>("--key") { Description = "The did:key that signs for a did:web issuer" };
        var command = new Command("verify", "Check a receipt file's structure and signature; exit 0 only when both hold");
        command.Arguments.Add(file);
        command.Options.Add(issuer);
        command.Options.Add(key);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, async (stdout, error) =>
        {
            var verifier = ReceiptOutput.VerifierFor(result.GetRequiredValue(issuer), result.GetValue(key));
            var bytes = await File.ReadAllBytesAsync(result.GetRequiredValue(file), cancellationToken).ConfigureAwait(false);
            Receipt receipt;
            try
            {
                receipt = Receipt.Extract(bytes);
            }
            catch (FormatException e)
            {
                await error.WriteLineAsync("dealer: not a valid receipt: " + e.Message).ConfigureAwait(false);
                return ExitCodes.Negative;
            }

            var verified = receipt.Verify(verifier);
            await stdout.WriteLineAsync(ReceiptOutput.ToJson(receipt, verified)).ConfigureAwait(false);
            if (!verified)
            {
                await error.WriteLineAsync($"dealer: the receipt is not validly signed by {verifier.Did}").ConfigureAwait(false);
                return ExitCodes.Negative;
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
