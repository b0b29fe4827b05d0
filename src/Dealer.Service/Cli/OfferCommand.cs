using System.CommandLine;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Client;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Tokens;

namespace Dealer.Service.Cli;

/// <summary>
/// <c>dealer offer</c>: what a storefront does. Sends <c>deal/offer</c> with the pieces block attached, checks the
/// receipt's signature against the service DID, and prints the receipt. Exit 0 for a verified <c>ok</c> receipt,
/// 1 for a verified error receipt, 3 when the receipt does not verify or the service cannot be reached.
/// </summary>
internal static class OfferCommand
{
    public static Command Create(Func<string, string?> getVariable)
    {
        var url = new Option<string>("--url") { Description = "The dealer's URL", Required = true };
        var service = new Option<string>("--service") { Description = "The dealer's DID (the invocation's audience and resource)", Required = true };
        var serviceKey = new Option<string?>("--service-key") { Description = "The did:key that signs for a did:web dealer" };
        var key = new Option<string>("--key") { Description = "The storefront's private key (M…)", Required = true };
        var proof = new Option<string>("--proof") { Description = "The delegation archive from `dealer delegate`", Required = true };
        var aggregate = new Option<string>("--aggregate") { Description = "The aggregate's piece CID (v2)", Required = true };
        var pieces = new Option<string[]>("--piece") { Description = "A piece CID (v2), in aggregate order; repeatable", Required = true, AllowMultipleArgumentsPerToken = true };
        var tenant = new Option<string>("--tenant") { Description = "The tenant the deal is for", Required = true };
        var label = new Option<string?>("--label") { Description = "An on-chain deal label" };
        var ttl = new Option<int>("--ttl") { Description = "Seconds the invocation stays valid (default 300)", DefaultValueFactory = _ => 300 };
        var timeout = ClientTimeout.CreateOption();

        var command = new Command("offer", "Send deal/offer to a dealer and verify the receipt");
        foreach (var option in new Option[] { url, service, serviceKey, key, proof, aggregate, pieces, tenant, label, ttl, timeout })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, async (output, error) =>
        {
            // Every value is checked before anything is read or sent.
            var endpoint = CliOptions.ParseHttpUrl(result.GetRequiredValue(url), "--url");
            var aggregateCid = CliOptions.ParseCid(result.GetRequiredValue(aggregate), "--aggregate");
            var piecesBlock = Block.Encode(result.GetRequiredValue(pieces).Select(text => (object?)CliOptions.ParseCid(text, "--piece")).ToList());
            var wait = ClientTimeout.Parse(result.GetValue(timeout), getVariable);
            var serviceDid = result.GetRequiredValue(service);
            var verifier = ReceiptOutput.VerifierFor(serviceDid, result.GetValue(serviceKey));
            using var storefront = CliOptions.ParseKey(result.GetRequiredValue(key), "--key");
            var delegation = Delegation.Extract(await File.ReadAllBytesAsync(result.GetRequiredValue(proof), cancellationToken).ConfigureAwait(false));
            var nb = new DealCaveats(aggregateCid, piecesBlock.Cid, result.GetRequiredValue(tenant), result.GetValue(label));
            var invocation = Invocation.Invoke(new DelegationOptions(
                storefront,
                serviceDid,
                [DealerCapabilities.DealOffer.Create(serviceDid, nb)])
            {
                Expiration = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + result.GetValue(ttl),
                Proofs = [delegation],
                AttachedBlocks = [piecesBlock],
            });

            using var http = new HttpClient { Timeout = wait };
            var receipt = await ClientTimeout.RunAsync(endpoint, wait,
                () => new UcanClient(http, endpoint).InvokeAsync(invocation, cancellationToken), cancellationToken).ConfigureAwait(false);
            var verified = receipt.Verify(verifier);
            await output.WriteLineAsync(ReceiptOutput.ToJson(receipt, verified)).ConfigureAwait(false);
            if (!verified)
            {
                await error.WriteLineAsync($"dealer: the receipt is not signed by {serviceDid}").ConfigureAwait(false);
                return ExitCodes.Unavailable;
            }

            return receipt.Out.IsOk ? ExitCodes.Ok : ExitCodes.Negative;
        }));
        return command;
    }
}
