using Dealer.Store.Abstractions;
using Dealer.Store.Aws;
using Dealer.Store.Embedded;

namespace Dealer.Service.Configuration;

/// <summary>Opens the store backend <see cref="DealerOptions.Store"/> names.</summary>
internal static class DealerStoreFactory
{
    /// <summary>The embedded store's database file in the data directory.</summary>
    public const string DatabaseFileName = "dealer.db";

    /// <summary>Opens the stores; the caller disposes them.</summary>
    /// <param name="options">The dealer settings.</param>
    /// <param name="getVariable">Reads environment variables (the AWS backend is configured from them and the flags).</param>
    /// <param name="clock">The clock of the embedded store.</param>
    /// <exception cref="StoreException">The backend cannot be opened.</exception>
    /// <exception cref="FormatException">An AWS variable does not parse.</exception>
    /// <exception cref="ArgumentException">The AWS settings are invalid.</exception>
    public static DealerStores Open(DealerOptions options, Func<string, string?> getVariable, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(getVariable);
        return options.Store switch
        {
            StoreKind.Aws => AwsStores.Create(AwsOptions(options, getVariable)),
            _ => EmbeddedStores.Open(options.DataDirectory, new EmbeddedStoreOptions
            {
                VisibilityTimeout = options.QueueVisibilityTimeout,
                MaxReceives = options.QueueMaxReceives,
                TimeProvider = clock ?? TimeProvider.System,
            }),
        };
    }

    /// <summary>
    /// For the commands that work on an existing dealer: refuses an embedded data directory that holds no
    /// <c>dealer.db</c>, rather than creating a new, empty dealer there. (A path that is a file is left to
    /// <see cref="Open"/>, which reports it as unusable.)
    /// </summary>
    /// <exception cref="ArgumentException">There is no dealer at <see cref="DealerOptions.DataDirectory"/>.</exception>
    public static void RequireExisting(DealerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = Path.GetFullPath(options.DataDirectory);
        if (options.Store == StoreKind.Embedded && !File.Exists(directory) && !File.Exists(Path.Combine(directory, DatabaseFileName)))
        {
            throw new ArgumentException(
                $"no dealer data directory at '{directory}' (no {DatabaseFileName}); run the command where `dealer serve` keeps its data, or give --data-dir / DEALER_DATA_DIR.");
        }
    }

    /// <summary>The AWS backend options of <paramref name="options"/>: its flags over the environment.</summary>
    /// <exception cref="FormatException">An AWS variable does not parse.</exception>
    /// <exception cref="ArgumentException">The settings are invalid.</exception>
    public static AwsStoreOptions AwsOptions(DealerOptions options, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Aws.Resolve(getVariable);
    }
}
