using System.CommandLine;
using System.Globalization;
using Dealer.Service.Configuration;
using Dealer.Ucan.Principals;

namespace Dealer.Service.Cli;

/// <summary>
/// The flags shared by several commands, and how they bind onto <see cref="DealerOptions"/>: a flag given on the
/// command line wins over its <c>DEALER_*</c> variable, which wins over the default.
/// </summary>
internal sealed class CliOptions
{
    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "Data directory of the embedded store (default ./.dealer; env DEALER_DATA_DIR)" };

    public Option<string?> Store { get; } = new("--store") { Description = "Store backend: embedded (default) or aws (env DEALER_STORE)" };

    public Option<string?> Key { get; } = new("--key") { Description = "The dealer's private key, an M… string (env DEALER_PRIVATE_KEY)" };

    public Option<string?> KeyFile { get; } = new("--key-file") { Description = "A file holding the dealer's private key (env DEALER_KEY_FILE)" };

    public Option<string?> Did { get; } = new("--did") { Description = "A did:web identity for the dealer (env DEALER_DID)" };

    public Option<string?> LogFormat { get; } = new("--log-format") { Description = "Log lines on stderr as text (default) or json (env DEALER_LOG_FORMAT)" };

    public Option<string?> LogLevel { get; } = new("--log-level") { Description = "Lowest level logged: trace, debug, information (default), warning, error, critical or none (env DEALER_LOG_LEVEL)" };

    public AwsCliOptions Aws { get; } = new();

    /// <summary>Adds the store flags (with those of the AWS backend) to <paramref name="command"/>.</summary>
    public void AddStore(Command command)
    {
        command.Options.Add(DataDir);
        command.Options.Add(Store);
        Aws.AddTo(command);
    }

    /// <summary>Adds the identity flags to <paramref name="command"/>.</summary>
    public void AddIdentity(Command command)
    {
        command.Options.Add(Key);
        command.Options.Add(KeyFile);
        command.Options.Add(Did);
    }

    /// <summary>Adds the logging flags to <paramref name="command"/>.</summary>
    public void AddLogging(Command command)
    {
        command.Options.Add(LogFormat);
        command.Options.Add(LogLevel);
    }

    /// <summary><paramref name="options"/> with the logging flags that were given (see <see cref="AddLogging"/>).</summary>
    /// <exception cref="ArgumentException">A value has the wrong form.</exception>
    public DealerOptions BindLogging(ParseResult result, DealerOptions options)
    {
        if (result.GetValue(LogFormat) is { } format)
        {
            options = options with { LogFormat = DealerEnvironment.ParseLogFormat(format, "--log-format") };
        }

        if (result.GetValue(LogLevel) is { } level)
        {
            options = options with { LogLevel = DealerEnvironment.ParseLogLevel(level, "--log-level") };
        }

        return options;
    }

    /// <summary>The settings from the environment overlaid with the flags of this group that were given.</summary>
    /// <exception cref="ArgumentException">A value has the wrong form.</exception>
    public DealerOptions Bind(ParseResult result, Func<string, string?> getVariable)
    {
        var options = DealerEnvironment.Apply(new DealerOptions(), getVariable);
        if (result.GetValue(DataDir) is { } dataDir)
        {
            options = options with { DataDirectory = dataDir };
        }

        if (result.GetValue(Store) is { } store)
        {
            options = options with { Store = DealerEnvironment.ParseStore(store) };
        }

        options = options with { Aws = Aws.Bind(result) };
        if (result.GetValue(Key) is { } key)
        {
            options = options with { Key = key, KeyFile = null };
        }

        if (result.GetValue(KeyFile) is { } keyFile)
        {
            options = options with { KeyFile = keyFile, Key = result.GetValue(Key) };
        }

        if (result.GetValue(Did) is { } did)
        {
            options = options with { Did = did };
        }

        return options;
    }

    /// <summary>
    /// <see cref="Bind"/> for a command that works on an existing dealer: it fails rather than create a new one
    /// (see <see cref="DealerStoreFactory.RequireExisting"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A value has the wrong form, or there is no dealer there.</exception>
    public DealerOptions BindExisting(ParseResult result, Func<string, string?> getVariable)
    {
        var options = Bind(result, getVariable);
        DealerStoreFactory.RequireExisting(options);
        return options;
    }

    /// <summary>Parses a CID flag or argument, naming it and the value when it is not one.</summary>
    /// <exception cref="ArgumentException">Not a CID.</exception>
    public static Dealer.Ucan.Ipld.Cid ParseCid(string value, string name) =>
        Dealer.Ucan.Ipld.Cid.TryParse(value, out var cid) ? cid : throw new ArgumentException($"{name}: '{value}' is not a CID");

    /// <summary>Parses an absolute http(s) URL flag, naming it and the value when it is not one.</summary>
    /// <exception cref="ArgumentException">Not an absolute http(s) URL.</exception>
    public static Uri ParseHttpUrl(string value, string name) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ArgumentException($"{name}: '{value}' is not an absolute http(s) URL");

    /// <summary>Parses a private key flag, naming it when the value is not one.</summary>
    /// <exception cref="ArgumentException">Not a private key.</exception>
    public static Ed25519Signer ParseKey(string value, string name)
    {
        try
        {
            return Ed25519Signer.Parse(value.Trim());
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"{name}: not a private key ({e.Message})", e);
        }
    }

    /// <summary>Parses a non-negative integer flag value.</summary>
    public static long ParseSize(string value, string name) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new ArgumentException($"{name} must be a non-negative integer, got '{value}'.");
}
