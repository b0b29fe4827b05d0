using Dealer.Service.Configuration;
using Dealer.Service.Consumers;
using Dealer.Service.Cron;
using Dealer.Service.Handlers;
using Dealer.Service.Tracking;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Hosting;

/// <summary>
/// The dealer's parts as services: used by <c>dealer serve</c> (inside the web host) and by the CLI commands that
/// run dealer logic without HTTP (<c>dealer cron tick</c>), so that both go through the same dispatch path.
/// </summary>
public static class DealerServices
{
    /// <summary>Registers the dealer core. A deal tracker registered before this call replaces the ledger tracker.</summary>
    public static IServiceCollection AddDealerCore(this IServiceCollection services, DealerOptions options,
        DealerIdentity identity, DealerStores stores, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(clock);
        services.AddSingleton(options);
        services.AddSingleton(identity);
        services.AddSingleton(stores);
        services.AddSingleton(clock);
        services.TryAddSingleton<IDealTracker>(_ => new LedgerDealTracker(stores.Ledger));
        services.AddSingleton<DealOfferHandler>();
        services.AddSingleton<DealAddHandler>();
        services.AddSingleton<AggregateOfferHandler>();
        services.AddSingleton<AggregateAcceptHandler>();
        services.AddSingleton(provider => DealerServerFactory.Create(
            identity.Signer,
            stores,
            provider.GetRequiredService<DealOfferHandler>(),
            provider.GetRequiredService<DealAddHandler>(),
            clock,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UcanServer).FullName!),
            provider.GetRequiredService<AggregateOfferHandler>(),
            provider.GetRequiredService<AggregateAcceptHandler>(),
            provider.GetService<DidKeyMapping>()));
        services.AddSingleton(provider => new DealCron(
            stores,
            provider.GetRequiredService<IDealTracker>(),
            provider.GetRequiredService<UcanServer>(),
            identity.Signer,
            options.CronPageSize,
            clock,
            provider.GetRequiredService<ILogger<DealCron>>()));
        services.AddSingleton<DealerQueueConsumer>();
        return services;
    }
}
