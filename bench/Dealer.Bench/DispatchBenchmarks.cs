using BenchmarkDotNet.Attributes;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Results;
using Dealer.Ucan.Server;
using Dealer.Ucan.Transport;
using Dealer.Ucan.Validation;

using Dealer.Testing.Reference;

namespace Dealer.Bench;

/// <summary>
/// The UCAN-RPC request path on the protocol's vector b (a <c>deal/offer</c> from the storefront, proof a embedded,
/// <c>nb.pieces</c> block attached: 1,126 bytes) answered by the reference handler as the dealer (seed 01×32): the whole
/// <see cref="UcanServer.HandleAsync(ServerRequest, CancellationToken)"/> and its pieces, so the split of time is visible. The same request bytes are timed
/// on the JavaScript stack by tests/interop/bench/dispatch.mjs.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class DispatchBenchmarks
{
    private static readonly Dictionary<string, string> CarHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["content-type"] = Car.ContentType,
        ["accept"] = Car.ContentType,
    };

    private Ed25519Signer _dealer = null!;
    private UcanServer _server = null!;
    private ServerRequest _request = null!;
    private byte[] _requestBytes = [];
    private CarFile _car = null!;
    private Cid _invocationCid = null!;
    private Delegation _invocation = null!;
    private ValidationOptions _validation = null!;
    private DealCaveats _nb = null!;
    private Result _ok = null!;
    private Cid _effect = null!;
    private Receipt _receipt = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dealer = Ed25519Signer.Derive(Enumerable.Repeat((byte)1, Ed25519Signer.SeedSize).ToArray());
        _server = new UcanServer(new ServerOptions(_dealer, [new ReferenceDealOffer().Method]));
        _requestBytes = Vector("b-deal-offer-request.car");
        _request = new ServerRequest(CarHeaders, _requestBytes);

        // The benchmark is only worth something if it times the real answer: vector d, byte for byte.
        var expected = Vector("d-deal-offer-response.car");
        var response = _server.HandleAsync(_request, CancellationToken.None).GetAwaiter().GetResult();
        if (response.Status != 200 || !response.Body.AsSpan().SequenceEqual(expected))
        {
            throw new InvalidOperationException($"HandleAsync on vector b answered {response.Status} with {response.Body.Length} bytes, not vector d.");
        }

        _car = Car.Decode(_requestBytes);
        _invocationCid = AgentMessage.FromCar(_car).InvocationLinks.Single();
        _invocation = Delegation.View(_invocationCid, _car.Blocks);
        _validation = new ValidationOptions(_dealer.Did, _dealer.Verifier);
        var access = Validator.AccessAsync(_invocation, DealerCapabilities.DealOffer, _validation, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _nb = access.Ok?.Caveats ?? throw new InvalidOperationException($"Vector b is not authorized: {access.Error}");
        _ok = Result.Success(DealerCapabilities.DealOffer.WriteOk(new OfferOk(_nb.Aggregate)));
        _effect = DealerCapabilities.DealAddInvocation(_dealer, _nb).Cid;
        _receipt = IssueReceipt();
        var expectedReceipt = AgentMessage.FromCar(expected).Receipts.Values.Single();
        if (_receipt.Cid != expectedReceipt.Cid || !ViewAndVerify())
        {
            throw new InvalidOperationException("The piecewise path does not reproduce the vector d receipt.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _dealer.Dispose();

    /// <summary>The whole request: negotiation, CAR and message decode, validation, handler, receipt, response CAR.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> HandleRequest() => (await _server.HandleAsync(_request, CancellationToken.None).ConfigureAwait(false)).Body.Length;

    /// <summary>CARv1 decode of the request bytes (every block's CID re-hashed).</summary>
    [Benchmark]
    public int DecodeCar() => Car.Decode(_requestBytes).Blocks.Count;

    /// <summary>The agent message on top of the decoded CAR: message root plus the invocation and proof views.</summary>
    [Benchmark]
    public int ReadMessage() => AgentMessage.FromCar(_car).Invocations.Count;

    /// <summary>The invocation and its embedded proof viewed from the decoded blocks, and both Ed25519 signatures verified.</summary>
    [Benchmark]
    public bool ViewAndVerify()
    {
        var invocation = Delegation.View(_invocationCid, _car.Blocks);
        var proof = invocation.Proofs[0];
        return Verifiers.TryParse(invocation.Issuer, out var agent) && invocation.VerifySignature(agent)
            && Verifiers.TryParse(proof.Issuer, out var issuer) && proof.VerifySignature(issuer);
    }

    /// <summary>The validator on an already viewed invocation: signatures, time bounds, capability parsing and derivation.</summary>
    [Benchmark]
    public async Task<bool> Access() =>
        (await Validator.AccessAsync(_invocation, DealerCapabilities.DealOffer, _validation, CancellationToken.None).ConfigureAwait(false)).IsOk;

    /// <summary>The handler's own cost: the signed, self-issued deal/add effect.</summary>
    [Benchmark]
    public Cid SignEffect() => DealerCapabilities.DealAddInvocation(_dealer, _nb).Cid;

    /// <summary>Receipt issue and sign (outcome encoding, the invocation DAG carried along).</summary>
    [Benchmark]
    public Cid IssueAndSignReceipt() => IssueReceipt().Cid;

    /// <summary>The response message and its CAR encoding for an issued receipt.</summary>
    [Benchmark]
    public int EncodeResponse() => AgentMessage.Build([_receipt]).ToCar().Length;

    private Receipt IssueReceipt() =>
        Receipt.Issue(new ReceiptOptions(_dealer, _invocation, _ok) { Fork = [], Join = _effect });

    private static byte[] Vector(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", name));
}
