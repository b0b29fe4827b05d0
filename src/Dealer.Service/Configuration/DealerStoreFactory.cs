using Dealer.Store.Abstractions;
using Dealer.Store.Aws;
using Dealer.Store.Embedded;

namespace Dealer.Service.Configuration;

/// <summary>Opens the store backend <see cref="DealerOptions.Store"/> names.</summary>
public static class DealerStoreFactory
{
    /// <summary>Opens the stores; the caller disposes them.</summary>
    /// <param name="options">The dealer settings.</param>
    /// <param name="getVariable">Reads environment variables (the AWS backend is configured from them).</param>
    /// <param name="clock">The clock of the embedded store.</param>
    /// <exception cref="StoreException">The backend cannot be opened.</exception>
    /// <exception cref="FormatException">An AWS variable does not parse.</exception>
    public static DealerStores Open(DealerOptions options, Func<string, string?> getVariable, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(getVariable);
        return options.Store switch
        {
            StoreKind.Aws => OpenAws(getVariable),
            _ => EmbeddedStores.Open(options.DataDirectory, new EmbeddedStoreOptions
            {
                VisibilityTimeout = options.QueueVisibilityTimeout,
                MaxReceives = options.QueueMaxReceives,
                TimeProvider = clock ?? TimeProvider.System,
            }),
        };
    }

    private static DealerStores OpenAws(Func<string, string?> getVariable)
    {
        var aws = AwsStoreOptions.FromEnvironment(getVariable);
        aws.Validate();
        return AwsStores.Create(aws);
    }
}
