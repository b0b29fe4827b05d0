using System.CommandLine;
using Dealer.Service.Configuration;

namespace Dealer.Service.Cli;

/// <summary>The flags of <see cref="InteropOptions"/>, shared by <c>dealer serve</c> and <c>dealer cron tick</c>.</summary>
internal sealed class InteropCliOptions
{
    private static readonly char[] Separators = [',', ' ', '\t', '\n', '\r'];

    public Option<string?> TrackerUrl { get; } = new("--tracker-url") { Description = "A w3filecoin deal tracker (deal/info over UCAN) to ask instead of the operator ledger (env DEALER_TRACKER_URL)" };

    public Option<string?> TrackerDid { get; } = new("--tracker-did") { Description = "The deal tracker's DID (env DEALER_TRACKER_DID)" };

    public Option<string?> TrackerProof { get; } = new("--tracker-proof") { Description = "A delegation archive granting this dealer deal/info on the tracker (env DEALER_TRACKER_PROOF)" };

    public Option<string[]> Resolve { get; } = new("--resolve")
    {
        Description = "did:web:host=did:key:z…: the key that signs for a did:web storefront or tracker; repeatable (env DEALER_RESOLVE)",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Adds the flags to <paramref name="command"/>.</summary>
    public void Add(Command command)
    {
        command.Options.Add(TrackerUrl);
        command.Options.Add(TrackerDid);
        command.Options.Add(TrackerProof);
        command.Options.Add(Resolve);
    }

    /// <summary>The settings from the environment overlaid with the flags that were given, validated.</summary>
    /// <exception cref="ArgumentException">A value has the wrong form or the settings contradict each other.</exception>
    public InteropOptions Bind(ParseResult result, Func<string, string?> getVariable)
    {
        var url = result.GetValue(TrackerUrl) ?? NonEmpty(getVariable("DEALER_TRACKER_URL"));
        var resolve = result.GetValue(Resolve) is { Length: > 0 } given
            ? given
            : NonEmpty(getVariable("DEALER_RESOLVE"))?.Split(Separators, StringSplitOptions.RemoveEmptyEntries) ?? [];
        var options = new InteropOptions
        {
            TrackerUrl = url is null ? null : DealerEnvironment.ParseUrl(url, "--tracker-url"),
            TrackerDid = result.GetValue(TrackerDid) ?? NonEmpty(getVariable("DEALER_TRACKER_DID")),
            TrackerProofFile = result.GetValue(TrackerProof) ?? NonEmpty(getVariable("DEALER_TRACKER_PROOF")),
            DidKeys = DidKeyMapping.Parse(resolve),
        };
        options.Validate();
        return options;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
