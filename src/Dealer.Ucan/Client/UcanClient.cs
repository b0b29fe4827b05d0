using System.Net.Http.Headers;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Server;
using Dealer.Ucan.Transport;

namespace Dealer.Ucan.Client;

/// <summary>
/// A UCAN-RPC client over HTTP, wire-compatible with @ucanto/client: it POSTs an agent message CAR with exactly the
/// headers <c>content-type</c> and <c>accept</c> set to <c>application/vnd.ipld.car</c> and reads the receipts from the
/// response message. Unlike @ucanto/client it never fabricates receipts: an unreadable response is an exception, and
/// when a service verifier is given every receipt's signature is checked.
/// </summary>
public sealed class UcanClient
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly IVerifier? _service;

    /// <summary>A client posting to <paramref name="endpoint"/>.</summary>
    /// <param name="http">The HTTP client (its lifetime is the caller's).</param>
    /// <param name="endpoint">The service URL (the dealer serves <c>POST /</c>).</param>
    /// <param name="service">When given, receipts must be issued by its DID and carry a valid signature from it.</param>
    public UcanClient(HttpClient http, Uri endpoint, IVerifier? service = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        _http = http;
        _endpoint = endpoint;
        _service = service;
    }

    /// <summary>Executes one invocation and returns its receipt.</summary>
    /// <exception cref="HttpRequestException">The service answered with a non-2xx status.</exception>
    /// <exception cref="FormatException">The response is not an agent message with a (valid) receipt for it.</exception>
    public async Task<Receipt> InvokeAsync(Delegation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var receipts = await ExecuteAsync([invocation], cancellationToken).ConfigureAwait(false);
        return receipts[0];
    }

    /// <summary>Executes invocations in one request; the receipts come back in the order of the invocations.</summary>
    /// <exception cref="HttpRequestException">The service answered with a non-2xx status.</exception>
    /// <exception cref="FormatException">The response is not an agent message with a (valid) receipt for each invocation.</exception>
    public async Task<IReadOnlyList<Receipt>> ExecuteAsync(IEnumerable<Delegation> invocations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocations);
        var list = invocations.ToList();
        var request = ToRequest(list);
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        message.Content = new ByteArrayContent(request.Body.ToArray());
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(Car.ContentType);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Car.ContentType));

        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = string.Join(", ", values);
        }

        return ReadResponse(new ServerResponse((int)response.StatusCode, headers, body), list, _service);
    }

    /// <summary>The request for <paramref name="invocations"/>: the message CAR and the two headers ucanto sends.</summary>
    public static ServerRequest ToRequest(IEnumerable<Delegation> invocations)
    {
        ArgumentNullException.ThrowIfNull(invocations);
        var message = AgentMessage.Build(invocations);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["content-type"] = Car.ContentType,
            ["accept"] = Car.ContentType,
        };
        return new ServerRequest(headers, message.ToCar());
    }

    /// <summary>Every receipt of a response, in report order (no signature check).</summary>
    /// <exception cref="HttpRequestException">The status is not 2xx.</exception>
    /// <exception cref="FormatException">The body is not an agent message.</exception>
    public static IReadOnlyList<Receipt> ReadResponse(ServerResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        EnsureSuccess(response);
        return [.. AgentMessage.FromCar(response.Body).Receipts.Values];
    }

    /// <summary>
    /// The receipts of a response, in the order of <paramref name="invocations"/>.
    /// </summary>
    /// <exception cref="HttpRequestException">The status is not 2xx.</exception>
    /// <exception cref="FormatException">The body is not an agent message, a receipt is missing, or (with
    /// <paramref name="service"/>) a receipt is not validly signed by it.</exception>
    public static IReadOnlyList<Receipt> ReadResponse(ServerResponse response, IReadOnlyList<Delegation> invocations, IVerifier? service = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(invocations);
        EnsureSuccess(response);
        var message = AgentMessage.FromCar(response.Body);
        var receipts = new List<Receipt>(invocations.Count);
        foreach (var invocation in invocations)
        {
            if (!message.Receipts.TryGetValue(invocation.Cid, out var receipt))
            {
                throw new FormatException($"The response has no receipt for invocation {invocation.Cid}.");
            }

            if (service is not null && !receipt.Verify(service))
            {
                throw new FormatException($"Receipt {receipt.Cid} is not signed by {service.Did}.");
            }

            receipts.Add(receipt);
        }

        return receipts;
    }

    private static void EnsureSuccess(ServerResponse response)
    {
        if (response.Status is < 200 or > 299)
        {
            var text = System.Text.Encoding.UTF8.GetString(response.Body);
            throw new HttpRequestException(
                $"HTTP request failed with status {response.Status}: {(text.Length > 512 ? text[..512] : text)}",
                null,
                (System.Net.HttpStatusCode)response.Status);
        }
    }
}
