using Dealer.Service.Configuration;
using Dealer.Service.DidWeb;
using Dealer.Service.Tracking;
using Dealer.Ucan.Delegations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Hosting;

/// <summary>
/// Registers <see cref="InteropOptions"/>: the <c>did:web</c> key table (the server's <c>resolveDIDKey</c>) and, when
/// a tracker URL is set, the <see cref="DealInfoTracker"/> as the dealer's <see cref="IDealTracker"/>. Call it before
/// <see cref="DealerServices.AddDealerCore"/>, whose ledger tracker only fills the slot when it is still empty.
/// </summary>
internal static class InteropServices
{
    /// <summary>The key of the <see cref="HttpClient"/> the deal tracker uses.</summary>
    public const string TrackerHttpClient = "deal-tracker";

    /// <summary>How long one <c>deal/info</c> request may take.</summary>
    public static readonly TimeSpan TrackerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The key of the <see cref="HttpClient"/> that fetches did:web documents.</summary>
    public const string DidWebHttpClient = "did-web";

    /// <summary>
    /// Registers the dealer's <see cref="DidResolver"/>: <paramref name="mapping"/> first, then did:web documents when
    /// <paramref name="didWeb"/> enables them.
    /// </summary>
    /// <exception cref="ArgumentException">The did:web settings are invalid.</exception>
    public static IServiceCollection AddDidWeb(this IServiceCollection services, DidKeyMapping mapping, DidWebOptions didWeb)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(didWeb);
        didWeb.Validate();
        if (!didWeb.Enabled)
        {
            services.AddSingleton(new DidResolver(mapping, null));
            return services;
        }

        // Built now so that an unreadable --did-web-ca stops `dealer serve` at start.
        var handler = DidWebHttp.CreateHandler(didWeb);
        services.AddKeyedSingleton(DidWebHttpClient, (_, _) => new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan });
        services.AddSingleton(provider => new DidWebResolver(
            provider.GetRequiredKeyedService<HttpClient>(DidWebHttpClient), didWeb, provider.GetRequiredService<ILogger<DidWebResolver>>()));
        services.AddSingleton(provider => new DidResolver(mapping, provider.GetRequiredService<DidWebResolver>()));
        return services;
    }

    /// <summary>Adds the interop services.</summary>
    /// <exception cref="ArgumentException">The settings are invalid, or the tracker proof cannot be read.</exception>
    public static IServiceCollection AddInterop(this IServiceCollection services, InteropOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(options.DidKeys);
        services.AddDidWeb(options.DidKeys, options.DidWeb);
        services.AddSingleton(options.TrustedAggregators);
        if (options.TrackerUrl is not { } url)
        {
            return services;
        }

        // Read the proof now so that a bad file stops `dealer serve` at start rather than failing every cron tick.
        Delegation? proof;
        try
        {
            proof = options.TrackerProofFile is { } file ? Delegation.Extract(File.ReadAllBytes(file)) : null;
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--tracker-proof: '{options.TrackerProofFile}' is not a readable delegation archive: {e.Message}", e);
        }

        var tracker = options.DidKeys.VerifierFor(options.TrackerDid!)!;
        services.AddKeyedSingleton(TrackerHttpClient, (_, _) => new HttpClient { Timeout = TrackerTimeout });
        services.AddSingleton<IDealTracker>(provider => new DealInfoTracker(
            provider.GetRequiredKeyedService<HttpClient>(TrackerHttpClient),
            url,
            tracker,
            provider.GetRequiredService<DealerIdentity>().Signer,
            proof,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<DealInfoTracker>>()));
        return services;
    }
}
