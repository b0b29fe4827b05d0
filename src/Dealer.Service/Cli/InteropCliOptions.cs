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

    public Option<bool> NoDidWeb { get; } = new("--no-resolve-did-web")
    {
        Description = "Do not fetch did:web documents; only --resolve entries admit did:web storefronts (env DEALER_RESOLVE_DID_WEB=false)",
    };

    public Option<string?> DidWebTimeout { get; } = new("--did-web-timeout")
    {
        Description = $"Seconds one did:web document fetch may take (default {DidWebOptions.DefaultTimeout.TotalSeconds:0}; env DEALER_DID_WEB_TIMEOUT)",
    };

    public Option<string?> DidWebMaxSize { get; } = new("--did-web-max-size")
    {
        Description = $"Largest did:web document accepted, in bytes (default {DidWebOptions.DefaultMaxSize}; env DEALER_DID_WEB_MAX_SIZE)",
    };

    public Option<string?> DidWebCacheTtl { get; } = new("--did-web-cache-ttl")
    {
        Description = $"Seconds a resolved did:web's keys are reused (default {DidWebOptions.DefaultCacheTtl.TotalSeconds:0}; env DEALER_DID_WEB_CACHE_TTL)",
    };

    public Option<string?> DidWebNegativeTtl { get; } = new("--did-web-negative-ttl")
    {
        Description = $"Seconds a failed did:web resolution is remembered (default {DidWebOptions.DefaultNegativeTtl.TotalSeconds:0}; env DEALER_DID_WEB_NEGATIVE_TTL)",
    };

    public Option<string?> DidWebCa { get; } = new("--did-web-ca")
    {
        Description = "A PEM or DER root certificate trusted, besides the system's, for did:web documents (env DEALER_DID_WEB_CA)",
    };

    public Option<bool> DidWebAllowPrivate { get; } = new("--did-web-allow-private")
    {
        Description = "Allow did:web documents on loopback, private and link-local addresses (env DEALER_DID_WEB_ALLOW_PRIVATE=true)",
    };

    public Option<string[]> TrustedAggregator { get; } = new("--trusted-aggregator")
    {
        Description = "An aggregator DID whose self-issued aggregate/offer (with = its own DID) is accepted; repeatable (env DEALER_TRUSTED_AGGREGATORS, comma-separated)",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Adds the flags to <paramref name="command"/>.</summary>
    public void Add(Command command)
    {
        foreach (var option in new Option[]
        {
            TrackerUrl, TrackerDid, TrackerProof, Resolve, NoDidWeb, DidWebTimeout, DidWebMaxSize, DidWebCacheTtl, DidWebNegativeTtl,
            DidWebCa, DidWebAllowPrivate, TrustedAggregator,
        })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The settings from the environment overlaid with the flags that were given, validated.</summary>
    /// <exception cref="ArgumentException">A value has the wrong form or the settings contradict each other.</exception>
    public InteropOptions Bind(ParseResult result, Func<string, string?> getVariable)
    {
        var url = result.GetValue(TrackerUrl) ?? NonEmpty(getVariable("DEALER_TRACKER_URL"));
        var resolve = result.GetValue(Resolve) is { Length: > 0 } given
            ? given
            : NonEmpty(getVariable("DEALER_RESOLVE"))?.Split(Separators, StringSplitOptions.RemoveEmptyEntries) ?? [];
        var trusted = result.GetValue(TrustedAggregator) is { Length: > 0 } flags
            ? flags
            : NonEmpty(getVariable("DEALER_TRUSTED_AGGREGATORS"))?.Split(',') ?? [];
        var options = new InteropOptions
        {
            TrackerUrl = url is null ? null : DealerEnvironment.ParseUrl(url, "--tracker-url"),
            TrackerDid = result.GetValue(TrackerDid) ?? NonEmpty(getVariable("DEALER_TRACKER_DID")),
            TrackerProofFile = result.GetValue(TrackerProof) ?? NonEmpty(getVariable("DEALER_TRACKER_PROOF")),
            DidKeys = DidKeyMapping.Parse(resolve),
            DidWeb = BindDidWeb(result, getVariable),
            TrustedAggregators = TrustedAggregators.Parse(trusted),
        };
        options.Validate();
        return options;
    }

    private DidWebOptions BindDidWeb(ParseResult result, Func<string, string?> getVariable)
    {
        string? Setting(Option<string?> option, string variable) => result.GetValue(option) ?? NonEmpty(getVariable(variable));
        TimeSpan? Seconds(Option<string?> option, string variable) =>
            Setting(option, variable) is { } text ? TimeSpan.FromSeconds(CliOptions.ParseSize(text, option.Name)) : null;
        bool Flag(Option<bool> option, string variable, bool fallback) => result.GetValue(option)
            ? !fallback
            : NonEmpty(getVariable(variable)) is { } text ? DealerEnvironment.ParseBool(text, variable) : fallback;

        var defaults = new DidWebOptions();
        return new DidWebOptions
        {
            Enabled = Flag(NoDidWeb, "DEALER_RESOLVE_DID_WEB", fallback: true),
            Timeout = Seconds(DidWebTimeout, "DEALER_DID_WEB_TIMEOUT") ?? defaults.Timeout,
            MaxSize = Setting(DidWebMaxSize, "DEALER_DID_WEB_MAX_SIZE") is { } size ? CliOptions.ParseSize(size, DidWebMaxSize.Name) : defaults.MaxSize,
            CacheTtl = Seconds(DidWebCacheTtl, "DEALER_DID_WEB_CACHE_TTL") ?? defaults.CacheTtl,
            NegativeTtl = Seconds(DidWebNegativeTtl, "DEALER_DID_WEB_NEGATIVE_TTL") ?? defaults.NegativeTtl,
            TrustedCertificateFile = Setting(DidWebCa, "DEALER_DID_WEB_CA"),
            AllowPrivateAddresses = Flag(DidWebAllowPrivate, "DEALER_DID_WEB_ALLOW_PRIVATE", fallback: false),
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
