using Dealer.Service.Configuration;
using Dealer.Service.Consumers;
using Dealer.Service.Cron;
using Dealer.Service.DidWeb;
using Dealer.Service.Handlers;
using Dealer.Service.Http;
using Dealer.Service.Observability;
using Dealer.Service.Tracking;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Hosting;

/// <summary>
/// The dealer's parts as services: used by <c>dealer serve</c> (inside the web host) and by the CLI commands that
/// run dealer logic without HTTP (<c>dealer cron tick</c>, <c>dealer consume</c>), so that all go through the same
/// dispatch path.
/// </summary>
internal static class DealerServices
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
        services.AddDealerConsumer(options, stores, clock);
        services.AddSingleton(identity);
        services.AddSingleton(new RequestBodyBudget(options.MaxInFlightBodyBytes));
        services.TryAddSingleton<IDealTracker>(_ => new LedgerDealTracker(stores.Ledger));
        services.AddSingleton<DealOfferHandler>();
        services.AddSingleton<DealReportHandler>();
        services.AddSingleton<AggregateOfferHandler>();
        services.AddSingleton<DealInfoHandler>();
        services.AddSingleton(provider => DealerServerFactory.Create(
            identity.Signer,
            stores,
            provider.GetRequiredService<DealOfferHandler>(),
            provider.GetRequiredService<DealReportHandler>(),
            clock,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UcanServer).FullName!),
            provider.GetRequiredService<AggregateOfferHandler>(),
            provider.GetService<DidResolver>() is { } resolver ? resolver.ResolveAsync : null,
            provider.GetRequiredService<DealInfoHandler>(),
            provider.GetService<RequestLog>() is { } log ? log.Observe : null));
        services.AddSingleton(provider => new DealCron(
            stores,
            provider.GetRequiredService<IDealTracker>(),
            provider.GetRequiredService<UcanServer>(),
            identity.Signer,
            options.CronPageSize,
            clock,
            provider.GetRequiredService<ILogger<DealCron>>()));
        return services;
    }

    /// <summary>
    /// Registers what the queue consumer needs and nothing more: the settings, the stores, the clock and the
    /// <see cref="DealerQueueConsumer"/> itself (not as a hosted service; the host decides whether it runs). The
    /// consumer signs nothing, so no key is involved. <see cref="AddDealerCore"/> includes these registrations.
    /// </summary>
    public static IServiceCollection AddDealerConsumer(this IServiceCollection services, DealerOptions options,
        DealerStores stores, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(clock);
        services.AddSingleton(options);
        services.AddSingleton(stores);
        services.AddSingleton(clock);
        services.AddSingleton<DealerQueueConsumer>();
        return services;
    }
}
