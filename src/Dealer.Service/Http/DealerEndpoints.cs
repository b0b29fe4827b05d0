using Dealer.Service.Configuration;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Server;
using Dealer.Ucan.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Http;

/// <summary>
/// The HTTP surface: <c>POST /</c> (UCAN invocations, a thin adapter over <see cref="UcanServer.HandleAsync(System.Collections.Generic.IReadOnlyDictionary{string, string}, System.IO.Pipelines.PipeReader, CancellationToken)"/>),
/// <c>GET /</c>, <c>GET /version</c>, <c>GET /receipt/{cid}</c> and, for a did:web dealer,
/// <c>GET /.well-known/did.json</c>.
/// </summary>
internal static partial class DealerEndpoints
{
    private const string TextPlain = "text/plain; charset=utf-8";

    /// <summary>Maps the dealer's routes.</summary>
    public static IEndpointRouteBuilder MapDealerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/", InvokeAsync);
        endpoints.MapGet("/", HomeAsync);
        endpoints.MapGet("/version", VersionAsync);
        endpoints.MapGet("/receipt/{cid}", ReceiptAsync);
        endpoints.MapGet("/.well-known/did.json", DidDocumentAsync);
        return endpoints;
    }

    private static async Task InvokeAsync(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<DealerOptions>();
        var bodyLimit = new InputLimit(InputLimit.BodySize, options.MaxBodySize);
        if (http.Request.ContentLength > options.MaxBodySize)
        {
            // Refused before a byte of it is read.
            await WriteAsync(http, UcanServer.TooLarge(bodyLimit, $"the body declares {http.Request.ContentLength} bytes")).ConfigureAwait(false);
            return;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in http.Request.Headers)
        {
            headers[name] = values.ToString();
        }

        var server = http.RequestServices.GetRequiredService<UcanServer>();
        ServerResponse response;
        // The body streams into the CAR reader; what has arrived is charged to the global budget until it is answered.
        var body = new MeteredBodyReader(http.Request.BodyReader, http.RequestServices.GetRequiredService<RequestBodyBudget>());
        await using (body.ConfigureAwait(false))
        {
            try
            {
                response = await server.HandleAsync(headers, body, http.RequestAborted).ConfigureAwait(false);
            }
            catch (RequestBodyBudgetExceededException)
            {
                http.Response.Headers.RetryAfter = "1";
                await WriteTextAsync(http.Response, StatusCodes.Status503ServiceUnavailable,
                    "Service unavailable: too many request bodies in flight; retry shortly").ConfigureAwait(false);
                return;
            }
            catch (BadHttpRequestException e)
            {
                // Kestrel's own body limit (set to the same size, for chunked uploads), or a malformed/aborted upload.
                response = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? UcanServer.TooLarge(bodyLimit, "the body is larger")
                    : new ServerResponse(e.StatusCode, new Dictionary<string, string> { ["Content-Type"] = TextPlain },
                        System.Text.Encoding.UTF8.GetBytes("Bad request: " + e.Message));
            }
            catch (Exception e) when (e is IOException || (e is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
            {
                // The transport failed or the client went away mid-upload: there is no one to answer.
                return;
            }
        }

        await WriteAsync(http, response).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext http, ServerResponse response)
    {
        http.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            http.Response.Headers[name] = value;
        }

        http.Response.ContentLength = response.Body.Length;
        await http.Response.Body.WriteAsync(response.Body, http.RequestAborted).ConfigureAwait(false);
    }

    private static Task HomeAsync(HttpContext http)
    {
        var identity = http.RequestServices.GetRequiredService<DealerIdentity>();
        return WriteTextAsync(http.Response, StatusCodes.Status200OK,
            $"{DealerVersion.Name} {DealerVersion.Version}\n{identity.Did}\n");
    }

    private static async Task VersionAsync(HttpContext http)
    {
        var identity = http.RequestServices.GetRequiredService<DealerIdentity>();
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(DealerVersion.ToJson(identity.Did), http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ReceiptAsync(HttpContext http)
    {
        var text = http.Request.RouteValues["cid"] as string;
        if (!Cid.TryParse(text, out var cid))
        {
            await WriteTextAsync(http.Response, StatusCodes.Status400BadRequest, $"Bad request: '{text}' is not a CID").ConfigureAwait(false);
            return;
        }

        byte[]? car;
        try
        {
            car = await http.RequestServices.GetRequiredService<DealerStores>().Receipts.GetAsync(cid.ToString(), http.RequestAborted)
                .ConfigureAwait(false);
        }
        catch (StoreException e)
        {
            LogReceiptStoreFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DealerEndpoints)), e);
            await WriteTextAsync(http.Response, StatusCodes.Status503ServiceUnavailable, "The receipt store is unavailable").ConfigureAwait(false);
            return;
        }

        if (car is null)
        {
            await WriteTextAsync(http.Response, StatusCodes.Status404NotFound, $"No receipt for {cid}").ConfigureAwait(false);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = Car.ContentType;
        http.Response.ContentLength = car.Length;
        await http.Response.Body.WriteAsync(car, http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task DidDocumentAsync(HttpContext http)
    {
        var identity = http.RequestServices.GetRequiredService<DealerIdentity>();
        if (!identity.IsDidWeb)
        {
            await WriteTextAsync(http.Response, StatusCodes.Status404NotFound, "This dealer is a did:key; it has no DID document").ConfigureAwait(false);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/did+json";
        await http.Response.WriteAsync(DidDocument.ForDidWeb(identity.Did, identity.Key.Verifier), http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteTextAsync(HttpResponse response, int status, string text)
    {
        response.StatusCode = status;
        response.ContentType = TextPlain;
        await response.WriteAsync(text, response.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "GET /receipt: the receipt store failed")]
    private static partial void LogReceiptStoreFailed(ILogger logger, Exception exception);
}
