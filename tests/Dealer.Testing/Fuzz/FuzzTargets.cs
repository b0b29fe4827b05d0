using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Dealer.Testing.Reference;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Server;
using Dealer.Ucan.Tokens;
using Dealer.Ucan.Transport;
using CarCodec = Dealer.Ucan.Transport.Car;
using DagCborCodec = Dealer.Ucan.Ipld.Codecs.DagCbor;

namespace Dealer.Testing.Fuzz;

/// <summary>
/// The fuzz targets and their oracle, shared by the afl++ harness (fuzz/) and the tests that replay its findings and
/// mutate the vectors. A target returns when the library answered as documented (a value, or an exception of the
/// <see cref="FormatException"/> family for bytes that do not decode) and throws anything else: an undocumented
/// exception as it came, a broken invariant as a <see cref="FuzzFinding"/>.
/// </summary>
internal sealed class FuzzTargets
{
    /// <summary>The target names, as <c>fuzz/run.sh</c> and the regression folders spell them.</summary>
    public static readonly IReadOnlyList<string> Names = ["car", "dagcbor", "ucan", "message", "dispatch", "invocation"];

    /// <summary>The HTTP statuses <see cref="UcanServer.HandleAsync(ServerRequest, CancellationToken)"/> may answer a body with: receipts, unreadable
    /// body, and a limit overrun.</summary>
    public static readonly IReadOnlySet<int> DispatchStatuses = new HashSet<int> { 200, 400, 413 };

    /// <summary>The vectors' principals, to sign a fuzzed invocation again as its issuer. A property, not a field: the
    /// harness must not run library code before the fork server starts, and this type's static fields are read then.</summary>
    private static Ed25519Signer[] Signers =>
        [TestPrincipals.AgentSigner, TestPrincipals.StorefrontSigner, TestPrincipals.DealerSigner, TestPrincipals.MallorySigner];

    private static readonly Dictionary<string, string> CarHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["content-type"] = CarCodec.ContentType,
        ["accept"] = CarCodec.ContentType,
    };

    /// <summary>The answer of a target whose input decoded.</summary>
    public const string Decoded = "decoded";

    /// <summary>The answer of a target whose input was refused with an exception of the documented family.</summary>
    public const string Refused = "refused";

    private readonly Block[] _vectorBlocks;

    /// <summary>Reads every block of the protocol vectors' CARs in <paramref name="vectorDirectory"/>: the blocks that
    /// a fuzzed message root may link to.</summary>
    public FuzzTargets(string vectorDirectory)
    {
        var blocks = new BlockSet();
        foreach (var file in Directory.GetFiles(vectorDirectory, "*.car").Order(StringComparer.Ordinal))
        {
            foreach (var block in CarCodec.Decode(File.ReadAllBytes(file)).Blocks)
            {
                blocks.Add(block);
            }
        }

        _vectorBlocks = [.. blocks];
    }

    /// <summary>Runs <paramref name="target"/> on <paramref name="input"/>.</summary>
    /// <returns>How the library answered: <see cref="Decoded"/> or <see cref="Refused"/>, and for the dispatch the
    /// status and, for a 200, the outcome names of the receipts.</returns>
    /// <exception cref="ArgumentException">Unknown target.</exception>
    public string Run(string target, byte[] input) => target switch
    {
        "car" => Car(input),
        "dagcbor" => DagCbor(input),
        "ucan" => Ucan(input),
        "message" => Message(input),
        "dispatch" => Dispatch(input),
        "invocation" => Invocation(input),
        _ => throw new ArgumentException($"Unknown fuzz target '{target}'; one of {string.Join(", ", Names)}.", nameof(target)),
    };

    /// <summary>CARv1: <see cref="CarCodec.Decode"/> and the streaming reader, fed in small reads, agree; a decoded CAR
    /// encodes to a CAR that decodes to the same roots and blocks.</summary>
    public static string Car(byte[] input)
    {
        var whole = Outcome(() => CarCodec.Decode(input));
        var chunk = input.Length == 0 ? 1 : 1 + (input[0] % 61);
        var streamed = Outcome(() => CarCodec.ReadAsync(new ChunkedStream(input, chunk)).GetAwaiter().GetResult());
        if ((whole.Value is null) != (streamed.Value is null))
        {
            throw new FuzzFinding($"Car.Decode {Describe(whole.Error)} but Car.ReadAsync {Describe(streamed.Error)}.");
        }

        if (whole.Value is not { } car)
        {
            return Refused;
        }

        SameCar(car, streamed.Value!, "Car.ReadAsync");
        SameCar(car, CarCodec.Decode(CarCodec.Encode(car)), "Car.Decode(Car.Encode(car))");
        return Decoded;
    }

    /// <summary>DAG-CBOR: decoding accepts only canonical bytes, so encoding what it decoded gives the input back.</summary>
    public static string DagCbor(byte[] input)
    {
        object? value;
        try
        {
            value = DagCborCodec.Decode(input);
        }
        catch (DagCborException)
        {
            return Refused;
        }

        var encoded = DagCborCodec.Encode(value);
        if (!encoded.AsSpan().SequenceEqual(input))
        {
            throw new FuzzFinding($"DAG-CBOR decode then encode changed {Convert.ToHexString(input)} into {Convert.ToHexString(encoded)}.");
        }

        return Decoded;
    }

    /// <summary>A UCAN block: the model decodes or fails with a <see cref="FormatException"/>; a decoded one is viewed as
    /// a delegation, its signature checked (a bool, never an exception), its JWT signing input formed, and its own
    /// encoding decodes to the same encoding.</summary>
    public static string Ucan(byte[] input)
    {
        UcanModel model;
        Delegation delegation;
        try
        {
            model = UcanModel.Decode(input);
            var block = Block.Create(Cid.Hash(Multicodec.DagCbor, input), input);
            delegation = Delegation.View(block, new BlockSet([block]));
        }
        catch (FormatException)
        {
            return Refused;
        }

        if (Verifiers.TryParse(delegation.Issuer, out var verifier))
        {
            delegation.VerifySignature(verifier);
        }

        _ = model.FormatPayloadJson();
        _ = delegation.AttachedLinks.Count;
        var encoded = model.Encode();
        var again = UcanModel.Decode(encoded).Encode();
        if (!again.AsSpan().SequenceEqual(encoded))
        {
            throw new FuzzFinding($"A decoded UCAN encodes to {Convert.ToHexString(encoded)}, which re-encodes to {Convert.ToHexString(again)}.");
        }

        return Decoded;
    }

    /// <summary>An agent message whose root block is the input (named by its own hash, so the fuzzer is not stopped by
    /// CID checks) and whose other blocks are every block of the vectors: decodes or fails with a
    /// <see cref="FormatException"/>; a decoded message's invocations and receipts can be read and written again.</summary>
    public string Message(byte[] input)
    {
        var root = Block.Create(Cid.Hash(Multicodec.DagCbor, input), input);
        var blocks = new BlockSet(_vectorBlocks);
        blocks.Add(root);
        AgentMessage message;
        try
        {
            message = AgentMessage.FromCar(new CarFile([root.Cid], blocks));
        }
        catch (FormatException)
        {
            return Refused;
        }

        foreach (var invocation in message.Invocations)
        {
            _ = invocation.Capabilities.Count + invocation.Proofs.Count;
        }

        foreach (var receipt in message.Receipts.Values)
        {
            _ = receipt.Out.IsOk;
        }

        _ = AgentMessage.FromCar(message.ToCar());
        return Decoded;
    }

    /// <summary>The whole dispatch: <see cref="UcanServer.HandleAsync(ServerRequest, CancellationToken)"/> on the bytes as a CAR body, answered by a dealer
    /// (seed 01×32, the reference <c>deal/offer</c> and <c>deal/add</c>, clock inside every vector's time bounds) with a
    /// documented status; a 200 carries a CAR whose message reports a receipt, signed by the dealer, for invocations of
    /// the request; the server reports no exception other than a pieces block that does not decode.</summary>
    public static string Dispatch(byte[] input) => Dispatch(input, CancellationToken.None);

    /// <inheritdoc cref="Dispatch(byte[])"/>
    public static string Dispatch(byte[] input, CancellationToken cancellationToken)
    {
        var reported = new ConcurrentQueue<Exception>();
        var server = new UcanServer(new ServerOptions(TestPrincipals.DealerSigner, new ReferenceDealerService().Methods)
        {
            Clock = new FixedClock(),
            OnError = reported.Enqueue,
        });
        var response = server.HandleAsync(new ServerRequest(CarHeaders, input), cancellationToken).GetAwaiter().GetResult();
        if (!DispatchStatuses.Contains(response.Status))
        {
            throw new FuzzFinding($"HandleAsync answered {response.Status}: {Encoding.UTF8.GetString(response.Body)}");
        }

        // The server answers an exception with a HandlerExecutionError receipt and reports it to the operator: from the
        // reference handlers only a pieces block that does not decode may do that; anything else is the library
        // failing on input it should have judged.
        if (reported.FirstOrDefault(static error => error is not FormatException) is { } unexpected)
        {
            throw new FuzzFinding($"The server reported {unexpected.GetType().Name}: {unexpected.Message}", unexpected);
        }

        if (response.Status != 200)
        {
            return response.Status.ToString(CultureInfo.InvariantCulture);
        }

        var request = AgentMessage.FromCar(input);
        AgentMessage answer;
        try
        {
            answer = AgentMessage.FromCar(response.Body);
        }
        catch (FormatException error)
        {
            throw new FuzzFinding($"A 200 answer is not a receipt message: {error.Message}", error);
        }

        if (answer.Receipts.Count == 0 || answer.Invocations.Count != 0)
        {
            throw new FuzzFinding($"A 200 answer reports {answer.Receipts.Count} receipts and executes {answer.Invocations.Count} invocations.");
        }

        foreach (var (ran, receipt) in answer.Receipts)
        {
            if (!request.InvocationLinks.Contains(ran) || !receipt.Verify(TestPrincipals.DealerSigner.Verifier))
            {
                throw new FuzzFinding($"Receipt {receipt.Cid} for {ran} does not answer the request or is not signed by the dealer.");
            }
        }

        var outcomes = answer.Receipts.Values.Select(static r => r.Out.IsOk ? "ok" : r.Out.ErrorName ?? "error");
        return $"200 {string.Join(",", outcomes.Order(StringComparer.Ordinal))}";
    }

    /// <summary>
    /// The dispatch past the signature checks: the input is read as a UCAN, signed again by the vectors' principal it
    /// names as issuer (or the agent), and sent as the one invocation of a request that carries every block of the
    /// vectors (proofs, pieces); then as <see cref="Dispatch(byte[])"/>. Mutated capabilities, caveats, proofs and time
    /// bounds so reach the validator's matching and derivation and the handler.
    /// </summary>
    public string Invocation(byte[] input)
    {
        Delegation invocation;
        try
        {
            var model = UcanModel.Decode(input);
            var issuer = Array.Find(Signers, signer => signer.Did == model.Issuer) ?? TestPrincipals.AgentSigner;
            invocation = Delegation.Delegate(new DelegationOptions(issuer, model.Audience, model.Capabilities)
            {
                Expiration = model.Expiration,
                NotBefore = model.NotBefore,
                Nonce = model.Nonce,
                Facts = model.Facts,
                ProofLinks = model.Proofs,
            });
        }
        catch (Exception error) when (error is FormatException or ArgumentException)
        {
            // Not a UCAN, or one our builder will not sign (the builder's documented refusal): nothing to send.
            return Refused;
        }

        var message = AgentMessage.Build([invocation]);
        return Dispatch(CarCodec.Encode([message.Root.Cid], message.IterateBlocks().Concat(_vectorBlocks)));
    }

    private static (CarFile? Value, CarException? Error) Outcome(Func<CarFile> decode)
    {
        try
        {
            return (decode(), null);
        }
        catch (CarException error)
        {
            return (null, error);
        }
    }

    private static string Describe(CarException? error) => error is null ? "accepts" : $"refuses ({error.Message})";

    private static void SameCar(CarFile expected, CarFile actual, string what)
    {
        if (!expected.Roots.SequenceEqual(actual.Roots)
            || !expected.Blocks.Select(static b => b.Cid).SequenceEqual(actual.Blocks.Select(static b => b.Cid))
            || !expected.Blocks.Zip(actual.Blocks).All(static pair => pair.First.Bytes.Span.SequenceEqual(pair.Second.Bytes.Span)))
        {
            throw new FuzzFinding($"{what} does not give the roots and blocks of Car.Decode.");
        }
    }

    /// <summary>A read-only stream that hands out at most a fixed number of bytes per read, so the streaming CAR reader
    /// sees frames split at arbitrary places.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
