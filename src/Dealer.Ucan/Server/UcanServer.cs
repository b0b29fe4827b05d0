using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Results;
using Dealer.Ucan.Transport;
using Dealer.Ucan.Validation;

namespace Dealer.Ucan.Server;

/// <summary>
/// The UCAN-RPC dispatcher of @ucanto/server (<c>packages/server/src/server.js</c>), independent of any HTTP stack:
/// content negotiation, agent-message decoding, one signed receipt per invocation, the response message as a CAR.
/// Authorization and handler failures are receipts (HTTP 200); only requests that cannot be read (400) or exceed a
/// limit (413) get 4xx. Thread-safe.
/// </summary>
public sealed class UcanServer
{
    /// <summary>Body of the 415 response (ucanto <c>Inbound.accept</c>).</summary>
    public const string UnsupportedMediaTypeMessage =
        "The server cannot process the request because the payload format is not supported. Please check the content-type header and try again with a supported media type.";

    /// <summary>Body of the 406 response (ucanto <c>Inbound.accept</c>).</summary>
    public const string NotAcceptableMessage =
        "The requested resource cannot be served in the requested content type. Please specify a supported content type using the Accept header.";

    /// <summary>Prefix of the 413 response body, followed by the limit and the decoding error.</summary>
    public const string PayloadTooLargePrefix = "Payload too large: ";

    /// <summary>Prefix of the 400 response body, followed by the decoding error.</summary>
    public const string MalformedPayloadPrefix = "Bad request: Malformed payload - ";

    private readonly ServerOptions _options;
    private readonly ValidationOptions _validation;
    private readonly Dictionary<string, ServiceMethod> _methods;

    /// <summary>Creates a server.</summary>
    /// <exception cref="ArgumentException">Two methods provide the same ability.</exception>
    public UcanServer(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Id);
        ArgumentNullException.ThrowIfNull(options.Methods);
        _options = options;
        _methods = new Dictionary<string, ServiceMethod>(StringComparer.Ordinal);
        foreach (var method in options.Methods)
        {
            if (!_methods.TryAdd(method.Capability.Can, method))
            {
                throw new ArgumentException($"Ability \"{method.Capability.Can}\" is provided twice.", nameof(options));
            }
        }

        _validation = new ValidationOptions(options.Id.Did, options.Id.Verifier)
        {
            Clock = options.Clock,
            ResolveDidKey = options.ResolveDidKey,
            ResolveProof = options.ResolveProof,
            ValidateAuthorization = options.ValidateAuthorization,
            Proofs = options.Proofs,
            MaxChainDepth = options.MaxChainDepth,
            MaxProofs = options.MaxProofs,
        };
    }

    /// <summary>The service DID.</summary>
    public string Did => _options.Id.Did;

    /// <summary>
    /// Handles one request held in memory: 415 unless <c>content-type</c> is exactly <c>application/vnd.ipld.car</c>,
    /// 406 unless <c>Accept</c> allows it, 400 when the body is not an agent message, 413 when it exceeds a decoding
    /// limit (<see cref="InputLimit"/>), otherwise 200 with the receipts. Bad input never throws; only cancellation of
    /// <paramref name="cancellationToken"/> does.
    /// </summary>
    public async Task<ServerResponse> HandleAsync(ServerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Negotiate(request.Headers) is { } refused)
        {
            return refused;
        }

        CarFile car;
        try
        {
            car = Car.Decode(request.Body.Span, _options.CarLimits ?? CarLimits.Default);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return Refuse(error);
        }

        return await DispatchAsync(car, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Handles one request whose body streams from <paramref name="body"/>: the headers are checked before any of it is
    /// read, then the CAR is decoded section by section as the bytes arrive, each limit applied as soon as it can be
    /// (a declared block or section length before its bytes are awaited). Answers as
    /// <see cref="HandleAsync(ServerRequest, CancellationToken)"/>. The caller completes the reader.
    /// </summary>
    /// <exception cref="IOException">Reading <paramref name="body"/> failed (the transport's problem, not the input's).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<ServerResponse> HandleAsync(IReadOnlyDictionary<string, string> headers, PipeReader body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (Negotiate(headers) is { } refused)
        {
            return refused;
        }

        CarFile car;
        try
        {
            car = await Car.ReadAsync(body, _options.CarLimits ?? CarLimits.Default, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException error)
        {
            return Refuse(error);
        }

        return await DispatchAsync(car, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The 413 answer naming <paramref name="limit"/>: <c>Payload too large: the &lt;name&gt; limit of &lt;maximum&gt; is
    /// exceeded - &lt;reason&gt;</c>, plain text. HTTP hosts use it for their own body limit too.
    /// </summary>
    public static ServerResponse TooLarge(InputLimit limit, string reason)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return Text(413, $"{PayloadTooLargePrefix}the {limit.Name} limit of {limit.Maximum} is exceeded - {reason}", "Content-Type", "text/plain");
    }

    private static ServerResponse? Negotiate(IReadOnlyDictionary<string, string>? headers)
    {
        headers ??= new Dictionary<string, string>();
        if (!string.Equals(Header(headers, "content-type"), Car.ContentType, StringComparison.Ordinal))
        {
            return Text(415, UnsupportedMediaTypeMessage, "accept", Car.ContentType);
        }

        return AcceptHeader.Accepts(Header(headers, "accept"), Car.ContentType)
            ? null
            : Text(406, NotAcceptableMessage, "accept", Car.ContentType);
    }

    // Everything that goes wrong while reading untrusted bytes is the client's problem: 413 or 400, never 500.
    private static ServerResponse Refuse(Exception error) => InputLimit.Of(error) is { } limit
        ? TooLarge(limit, error.Message)
        : Text(400, MalformedPayloadPrefix + error.Message, "Content-Type", "text/plain");

    private async Task<ServerResponse> DispatchAsync(CarFile car, CancellationToken cancellationToken)
    {
        AgentMessage message;
        try
        {
            message = AgentMessage.FromCar(car);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return Refuse(error);
        }

        var invocations = Distinct(message.Invocations);

        if (invocations.Count > _options.MaxInvocationsPerMessage)
        {
            return TooLarge(new InputLimit(InputLimit.Invocations, _options.MaxInvocationsPerMessage),
                $"The message has {invocations.Count} invocations, more than the limit of {_options.MaxInvocationsPerMessage}.");
        }

        // One invocation (nearly every message) is run as it is, without gathering tasks.
        Receipt[] receipts = invocations.Count == 1
            ? [await RunAsync(invocations[0], car.Blocks, cancellationToken).ConfigureAwait(false)]
            : await Task.WhenAll(invocations.Select(invocation => RunAsync(invocation, car.Blocks, cancellationToken))).ConfigureAwait(false);
        var response = AgentMessage.Build(receipts).ToCar();
        return new ServerResponse(200, Headers("content-type", Car.ContentType), response);
    }

    /// <summary>The invocations, each CID once, in order.</summary>
    private static IReadOnlyList<Delegation> Distinct(IReadOnlyList<Delegation> invocations)
    {
        if (invocations.Count < 2)
        {
            return invocations;
        }

        var distinct = new List<Delegation>(invocations.Count);
        var seen = new HashSet<Cid>(invocations.Count);
        foreach (var invocation in invocations)
        {
            if (seen.Add(invocation.Cid))
            {
                distinct.Add(invocation);
            }
        }

        return distinct;
    }

    /// <summary>
    /// Executes one invocation and returns its signed receipt (ucanto <c>run</c>): a stored successful receipt is
    /// replayed; otherwise ≠1 capability → <see cref="InvocationCapabilityError"/>, unknown ability →
    /// <see cref="HandlerNotFound"/>, audience ≠ server → <see cref="InvalidAudience"/>, no valid proof path →
    /// <see cref="Unauthorized"/>, then the handler (exceptions → <see cref="HandlerExecutionError"/>).
    /// </summary>
    /// <param name="invocation">The invocation.</param>
    /// <param name="blocks">Blocks available to the handler (everything that came with the invocation).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<Receipt> RunAsync(Delegation invocation, IBlockSource blocks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(blocks);
        var started = _options.OnRun is null ? 0 : Stopwatch.GetTimestamp();
        if (_options.Receipts is { } log)
        {
            var stored = await FindStoredAsync(log, invocation.Cid, cancellationToken).ConfigureAwait(false);
            if (stored is { Out.IsOk: true })
            {
                return Told(invocation, stored, started);
            }
        }

        var outcome = await ExecuteAsync(invocation, blocks, cancellationToken).ConfigureAwait(false);
        var receipt = Issue(invocation, outcome);
        if (outcome.Commit is { } commit)
        {
            // The handler's writes and this receipt become durable together; only then is the receipt the answer.
            var instead = await CommitAsync(commit, receipt, invocation, cancellationToken).ConfigureAwait(false);
            if (instead is null)
            {
                return Told(invocation, receipt, started);
            }

            receipt = Issue(invocation, instead);
        }

        if (_options.Receipts is { } receiptLog)
        {
            try
            {
                await receiptLog.RecordAsync(receipt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The receipt is still the truthful answer; a storage hiccup is the operator's concern, not the caller's.
                _options.OnError?.Invoke(error);
            }
        }

        return Told(invocation, receipt, started);
    }

    /// <summary>
    /// Issues the receipt of an invocation whose outcome the caller already knows, exactly as <see cref="RunAsync"/>
    /// issues it after dispatch (the server's signer, the same fields, so the same bytes), and tells
    /// <see cref="ServerOptions.OnRun"/>; nothing is validated, dispatched, replayed or recorded. For the server's own
    /// invocations whose outcome their issuer computed (the dealer's cron): the caller records the receipt.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="outcome"/> has a commit (only a dispatch runs commits).</exception>
    public Receipt Answer(Delegation invocation, HandlerResult outcome)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Commit is not null)
        {
            throw new ArgumentException("An answered outcome cannot have a commit.", nameof(outcome));
        }

        var started = _options.OnRun is null ? 0 : Stopwatch.GetTimestamp();
        return Told(invocation, Issue(invocation, outcome), started);
    }

    /// <summary>
    /// <see cref="Answer(Delegation, HandlerResult)"/> for a typed outcome of <paramref name="capability"/>, its ok
    /// written as a dispatch to that capability's handler writes it.
    /// </summary>
    public Receipt Answer<TCaveats, TOk>(CapabilityDefinition<TCaveats, TOk> capability, Delegation invocation, HandlerResult<TOk> outcome)
        where TOk : class
    {
        ArgumentNullException.ThrowIfNull(capability);
        ArgumentNullException.ThrowIfNull(outcome);
        return Answer(invocation, outcome.Encode(capability.WriteOk));
    }

    private Receipt Told(Delegation invocation, Receipt receipt, long started)
    {
        if (_options.OnRun is { } onRun)
        {
            try
            {
                onRun(new InvocationRun(invocation, receipt, Stopwatch.GetElapsedTime(started)));
            }
            catch (Exception error)
            {
                _options.OnError?.Invoke(error);
            }
        }

        return receipt;
    }

    private Receipt Issue(Delegation invocation, HandlerResult outcome) =>
        Receipt.Issue(new ReceiptOptions(_options.Id, invocation, outcome.Out)
        {
            Fork = outcome.Forks,
            Join = outcome.JoinLink,
        });

    private async Task<HandlerResult?> CommitAsync(ReceiptCommit commit, Receipt receipt, Delegation invocation,
        CancellationToken cancellationToken)
    {
        try
        {
            var instead = await commit(receipt, cancellationToken).ConfigureAwait(false);
            // A result to answer instead is final: it is recorded as usual, never committed again.
            if (instead?.Commit is not null)
            {
                throw new InvalidOperationException("A commit answered with a result that has a commit of its own.");
            }

            return instead;
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _options.OnError?.Invoke(error);
            return HandlerResult.Error(new HandlerExecutionError(invocation.Capabilities[0], error));
        }
    }

    private async Task<HandlerResult> ExecuteAsync(Delegation invocation, IBlockSource blocks, CancellationToken cancellationToken)
    {
        if (invocation.Capabilities.Count != 1)
        {
            return HandlerResult.Error(new InvocationCapabilityError(invocation.Capabilities));
        }

        var capability = invocation.Capabilities[0];
        if (!_methods.TryGetValue(capability.Can, out var method))
        {
            return HandlerResult.Error(new HandlerNotFound(capability));
        }

        if (!string.Equals(invocation.Audience, Did, StringComparison.Ordinal))
        {
            return HandlerResult.Error(InvalidAudience.ForInvocation(Did, invocation.Audience));
        }

        try
        {
            return await method.RunAsync(new ServiceMethod.Dispatch(invocation, _validation, _options.Id, blocks), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Failures a handler expects are values; anything thrown is unexpected and answered without internals.
            _options.OnError?.Invoke(error);
            return HandlerResult.Error(new HandlerExecutionError(capability, error));
        }
    }

    private async Task<Receipt?> FindStoredAsync(IReceiptLog log, Cid invocation, CancellationToken cancellationToken)
    {
        try
        {
            return await log.FindAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Without the log the invocation simply runs again, as it would after a stored error receipt.
            _options.OnError?.Invoke(error);
            return null;
        }
    }

    private static string? Header(IReadOnlyDictionary<string, string> headers, string name)
    {
        if (headers.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var (key, item) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return item;
            }
        }

        return null;
    }

    private static Dictionary<string, string> Headers(string name, string value) =>
        new(StringComparer.OrdinalIgnoreCase) { [name] = value };

    private static ServerResponse Text(int status, string body, string header, string value) =>
        new(status, Headers(header, value), Encoding.UTF8.GetBytes(body));
}
