using System.Text.Json;
using Dealer.Store.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dealer.Service.Observability;

/// <summary>
/// <c>/healthz</c> (the process answers: no check runs) and <c>/readyz</c> (each store and the dealer-queue answers
/// one cheap read within <see cref="CheckTimeout"/>), as ASP.NET Core health checks. Both answer JSON:
/// <c>{"status","checks":{name:{"status","durationMs"[,"description"]}}}</c>, 200 when healthy and 503 when not.
/// </summary>
internal static class DealerHealth
{
    /// <summary>The tag of the checks <c>/readyz</c> runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>How long each readiness check may take before it counts as failed.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    // A key no offer, deal or receipt has: each probe is a read that finds nothing.
    private const string ProbeKey = "dealer-readiness-probe";

    /// <summary>Registers the readiness checks: offer-store, deal-store, receipt-store and dealer-queue.</summary>
    public static IServiceCollection AddDealerHealthChecks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHealthChecks()
            .Add(Probe("offer-store", (stores, token) => stores.Offers.GetBodyAsync(ProbeKey, token)))
            .Add(Probe("deal-store", (stores, token) => stores.Deals.GetAsync(ProbeKey, token)))
            .Add(Probe("receipt-store", (stores, token) => stores.Receipts.GetAsync(ProbeKey, token)))
            .Add(Probe("dealer-queue", (stores, token) => stores.Queue.CountAsync(token)));
        return services;
    }

    /// <summary>Maps <c>GET /healthz</c> and <c>GET /readyz</c>.</summary>
    public static IEndpointRouteBuilder MapDealerHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
        });
        return endpoints;
    }

    private static HealthCheckRegistration Probe(string name, Func<DealerStores, CancellationToken, Task> read) =>
        new(name, provider => new StoreProbe(provider.GetRequiredService<DealerStores>(), read), HealthStatus.Unhealthy, [ReadyTag],
            CheckTimeout);

    private static async Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            if (entry.Description is { } description)
            {
                json.WriteString("description", description);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>One read against a store; a failure or no answer within the timeout is unhealthy, never an exception.</summary>
    private sealed class StoreProbe(DealerStores stores, Func<DealerStores, CancellationToken, Task> read) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                // Off the caller's thread (the embedded store reads synchronously, and waits out a lock for its busy
                // timeout), and bounded by WaitAsync even if a client ignores cancellation (an SDK in its back-off).
                await Task.Run(() => read(stores, cancellationToken), cancellationToken).WaitAsync(CheckTimeout, cancellationToken)
                    .ConfigureAwait(false);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // The registration's timeout (or the request) cancelled the read: a slow part is not ready either.
                return new HealthCheckResult(context.Registration.FailureStatus, $"no answer within {CheckTimeout.TotalSeconds:0} s");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, e.Message);
            }
        }
    }
}
