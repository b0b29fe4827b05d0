using Dealer.Store.Abstractions;
using Dealer.Store.Aws;
using Dealer.Store.Embedded;

namespace Dealer.Service.Configuration;

/// <summary>Opens the store backend <see cref="DealerOptions.Store"/> names.</summary>
public static class DealerStoreFactory
{
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
        var pause = DealerEnvironment.ParseTestPause(getVariable);
        var stores = options.Store switch
        {
            StoreKind.Aws => AwsStores.Create(AwsOptions(options, getVariable)),
            _ => EmbeddedStores.Open(options.DataDirectory, new EmbeddedStoreOptions
            {
                VisibilityTimeout = options.QueueVisibilityTimeout,
                MaxReceives = options.QueueMaxReceives,
                TimeProvider = clock ?? TimeProvider.System,
            }),
        };
        return pause is { } delay ? WithPause(stores, delay) : stores;
    }

    /// <summary>The AWS backend options of <paramref name="options"/>: its flags over the environment.</summary>
    /// <exception cref="FormatException">An AWS variable does not parse.</exception>
    /// <exception cref="ArgumentException">The settings are invalid.</exception>
    public static AwsStoreOptions AwsOptions(DealerOptions options, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Aws.Resolve(getVariable);
    }

    private static DealerStores WithPause(DealerStores stores, TimeSpan pause) =>
        new(stores.Offers, stores.Deals, stores.Receipts, new PauseAfterReceiveQueue(stores.Queue, pause, Console.Error),
            stores.Revocations, stores.Ledger, stores.DisposeAsync, stores.DeadLetters);
}
