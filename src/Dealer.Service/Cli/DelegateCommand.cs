using System.CommandLine;
using System.Globalization;
using Dealer.Service.Configuration;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Tokens;

namespace Dealer.Service.Cli;

/// <summary>
/// <c>dealer delegate</c>: issues a delegation (by default <c>deal/offer</c> on the issuer's DID) and writes it as a
/// ucanto delegation archive, the file @ucanto/core <c>Delegation.extract</c> reads and <c>dealer offer --proof</c>
/// takes. With <c>--url</c> it also prints what a storefront needs to connect to the dealer: as JSON (the default
/// <c>--format json</c>, adding <c>connection {id, url}</c> and the archive as base64 <c>proof</c>) or as a JavaScript
/// module (<c>--format js</c>, see <see cref="StorefrontSnippet"/>).
/// </summary>
internal static class DelegateCommand
{
    public static Command Create()
    {
        var key = new Option<string>("--key") { Description = "The issuer's private key (M…); normally the dealer's", Required = true };
        var audience = new Option<string>("--audience") { Description = "The DID receiving the capability (the storefront)", Required = true };
        var ability = new Option<string[]>("--ability")
        {
            Description = "Ability to delegate (repeatable; default deal/offer)",
            AllowMultipleArgumentsPerToken = false,
        };
        var with = new Option<string?>("--with") { Description = "Resource (default: the issuer's DID)" };
        var did = new Option<string?>("--did") { Description = "Issue as this did:web instead of the key's did:key (a did:web dealer)" };
        var expiration = new Option<string>("--expiration")
        {
            Description = "Expiry: Unix seconds, or 'never' (default)",
            DefaultValueFactory = _ => "never",
        };
        var output = new Option<string>("--out") { Description = "Where to write the delegation archive", Required = true };
        var url = new Option<string?>("--url") { Description = "The dealer's public URL: also print how a storefront connects (connection and proof)" };
        var format = new Option<string>("--format")
        {
            Description = "Output: json (default) or js (an ES module exporting the storefront's connection and invocation config; needs --url)",
            DefaultValueFactory = _ => "json",
        };
        format.AcceptOnlyFromAmong("json", "js");

        var command = new Command("delegate", "Delegate a capability (default deal/offer) and write the delegation archive");
        foreach (var option in new Option[] { key, audience, ability, with, did, expiration, output, url, format })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CommandRunner.RunAsync(result, async (stdout, _) =>
        {
            using var signerKey = Ed25519Signer.Parse(result.GetRequiredValue(key).Trim());
            ISigner issuer = result.GetValue(did) is { } didWeb ? signerKey.WithDid(didWeb) : signerKey;
            var target = result.GetRequiredValue(audience);
            if (!Did.IsValid(target))
            {
                throw new ArgumentException($"--audience must be a DID, got '{target}'.");
            }

            var endpoint = result.GetValue(url) is { } given ? DealerEnvironment.ParseUrl(given, "--url") : null;
            var asModule = result.GetRequiredValue(format) == "js";
            if (asModule && endpoint is null)
            {
                throw new ArgumentException("--format js needs --url (the dealer's public URL).");
            }

            var resource = result.GetValue(with) ?? issuer.Did;
            var abilities = result.GetValue(ability) is { Length: > 0 } named ? named : ["deal/offer"];
            var delegation = Delegation.Delegate(new DelegationOptions(
                issuer,
                target,
                abilities.Select(can => new Capability(can, resource)).ToList())
            {
                Expiration = ParseExpiration(result.GetRequiredValue(expiration)),
            });

            var path = result.GetRequiredValue(output);
            var archive = delegation.Archive();
            await File.WriteAllBytesAsync(path, archive).ConfigureAwait(false);
            if (asModule)
            {
                await stdout.WriteAsync(StorefrontSnippet.Module(issuer.Did, endpoint!, archive)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var printed = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["cid"] = delegation.Cid.ToString(),
                ["issuer"] = delegation.Issuer,
                ["audience"] = delegation.Audience,
                ["abilities"] = abilities.Cast<object?>().ToList(),
                ["with"] = resource,
                ["expiration"] = delegation.Expiration,
                ["out"] = path,
            };
            if (endpoint is not null)
            {
                printed["connection"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = issuer.Did, ["url"] = endpoint.ToString() };
                printed["proof"] = Convert.ToBase64String(archive);
            }

            await stdout.WriteLineAsync(DagJson.Encode(printed)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Unix seconds, or null for <c>never</c>.</summary>
    public static long? ParseExpiration(string value) =>
        string.Equals(value, "never", StringComparison.OrdinalIgnoreCase)
            ? null
            : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : throw new ArgumentException($"--expiration must be Unix seconds or 'never', got '{value}'.");
}
