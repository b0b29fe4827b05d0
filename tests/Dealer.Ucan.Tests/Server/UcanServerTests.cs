using System.Text;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Server;
using Dealer.Ucan.Tokens;
using Dealer.Ucan.Validation;
using static Dealer.Testing.TestPrincipals;

namespace Dealer.Ucan.Tests.Server;

public sealed class UcanServerTests
{
    private static Delegation StorefrontOffer(string? nonce = null) =>
        OfferFixture.Invoke(StorefrontSigner, [OfferFixture.Delegate(DealerSigner, StorefrontDid)], nonce: nonce);

    [Test]
    public async Task Deal_offer_is_answered_with_a_signed_ok_receipt_joining_the_deal_add_effect()
    {
        var service = new ReferenceDealerService();
        var server = new UcanServer(ServerHarness.Options(service));
        var invocation = StorefrontOffer();
        var receipt = await ServerHarness.ReceiptAsync(server, invocation);
        var effect = service.Effects.Single();
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Out.IsOk, Is.True);
            Assert.That(((IReadOnlyDictionary<string, object?>)receipt.Out.Ok!)["aggregate"], Is.EqualTo(OfferFixture.Aggregate));
            Assert.That(receipt.Join, Is.EqualTo(effect.Cid));
            Assert.That(receipt.Fork, Is.Empty);
            Assert.That(receipt.Issuer, Is.EqualTo(DealerDid));
            Assert.That(receipt.Verify(DealerSigner.Verifier), Is.True);
            Assert.That(receipt.Ran, Is.EqualTo(invocation.Cid));
            Assert.That(effect.Expiration, Is.Null);
            Assert.That(effect.Nonce, Is.Null);
            Assert.That(effect.Issuer, Is.EqualTo(DealerDid));
            Assert.That(effect.Audience, Is.EqualTo(DealerDid));
        });
    }

    [Test]
    public async Task Deal_add_effect_runs_self_issued_and_identical_offers_join_the_same_effect()
    {
        var service = new ReferenceDealerService();
        var server = new UcanServer(ServerHarness.Options(service));
        var first = await ServerHarness.ReceiptAsync(server, StorefrontOffer("one"));
        var second = await ServerHarness.ReceiptAsync(server, StorefrontOffer("two"));
        Assert.That(second.Join, Is.EqualTo(first.Join));

        var effect = service.Effects.First().Attach(OfferFixture.Pieces);
        var blocks = new BlockSet();
        foreach (var block in effect.IterateBlocks())
        {
            blocks.Add(block);
        }

        var receipt = await server.RunAsync(effect, blocks, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Ran, Is.EqualTo(first.Join));
            Assert.That(receipt.Out.IsOk, Is.True, () => DagJson.Encode(receipt.Out.Error));
            Assert.That(service.Stored, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Empty_message_returns_an_empty_report()
    {
        var server = new UcanServer(ServerHarness.Options());
        var response = await ServerHarness.PostAsync(server);
        var message = AgentMessage.FromCar(response.Body);
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(200));
            Assert.That(response.Headers["content-type"], Is.EqualTo("application/vnd.ipld.car"));
            Assert.That(DagJson.Encode(message.Root.Decode()), Is.EqualTo("{\"ucanto/message@7.0.0\":{}}"));
        });
    }

    [Test]
    public async Task Duplicate_invocation_gets_one_report_entry_and_runs_once()
    {
        var service = new ReferenceDealerService();
        var server = new UcanServer(ServerHarness.Options(service));
        var invocation = StorefrontOffer();
        var response = await ServerHarness.PostAsync(server, invocation, invocation);
        var message = AgentMessage.FromCar(response.Body);
        Assert.Multiple(() =>
        {
            Assert.That(message.Receipts, Has.Count.EqualTo(1));
            Assert.That(service.Queued, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Several_invocations_each_get_their_own_receipt()
    {
        var server = new UcanServer(ServerHarness.Options());
        var ok = StorefrontOffer();
        var rejected = OfferFixture.Invoke(AgentSigner);
        var message = AgentMessage.FromCar((await ServerHarness.PostAsync(server, ok, rejected)).Body);
        Assert.Multiple(() =>
        {
            Assert.That(message.Receipts[ok.Cid].Out.IsOk, Is.True);
            Assert.That(message.Receipts[rejected.Cid].Out.ErrorName, Is.EqualTo("Unauthorized"));
        });
    }

    [Test]
    public async Task Handler_that_throws_gives_handler_execution_error_without_a_stack_trace()
    {
        var errors = new List<Exception>();
        var throwing = new ServiceMethod(DealerCapabilities.DealOffer, (_, _) => throw new InvalidOperationException("queue is on fire"));
        var server = new UcanServer(new ServerOptions(DealerSigner, [throwing]) { Clock = new FixedClock(), OnError = errors.Add });
        var error = ServerHarness.Error(await ServerHarness.ReceiptAsync(server, StorefrontOffer()));
        var cause = (IReadOnlyDictionary<string, object?>)error["cause"]!;
        var capability = (IReadOnlyDictionary<string, object?>)error["capability"]!;
        Assert.Multiple(() =>
        {
            Assert.That(error["name"], Is.EqualTo("HandlerExecutionError"));
            Assert.That(error["message"], Is.EqualTo("service handler {can: \"deal/offer\"} error: queue is on fire"));
            Assert.That(error["error"], Is.EqualTo(true));
            Assert.That(capability["can"], Is.EqualTo("deal/offer"));
            Assert.That(capability["with"], Is.EqualTo(DealerDid));
            Assert.That(cause["name"], Is.EqualTo("InvalidOperationException"));
            Assert.That(cause["message"], Is.EqualTo("queue is on fire"));
            Assert.That(cause["stack"], Is.EqualTo("InvalidOperationException: queue is on fire"));
            Assert.That(DagJson.Encode(error), Does.Not.Contain(" at "));
            Assert.That(errors.Single().Message, Is.EqualTo("queue is on fire"));
        });
    }

    [Test]
    public async Task Invocation_with_two_capabilities_gets_invocation_capability_error()
    {
        var server = new UcanServer(ServerHarness.Options());
        var capabilities = new[] { new Capability("deal/offer", DealerDid), new Capability("deal/add", DealerDid) };
        var invocation = Delegation.Delegate(new DelegationOptions(DealerSigner, DealerDid, capabilities) { Expiration = OfferFixture.Year2100 });
        var error = ServerHarness.Error(await ServerHarness.ReceiptAsync(server, invocation));
        Assert.Multiple(() =>
        {
            Assert.That(error["name"], Is.EqualTo("InvocationCapabilityError"));
            Assert.That(error["message"], Is.EqualTo("Invocation is required to have a single capability."));
            Assert.That(error["error"], Is.EqualTo(true));
            Assert.That((IReadOnlyList<object?>)error["capabilities"]!, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Unknown_ability_gets_handler_not_found()
    {
        var server = new UcanServer(ServerHarness.Options());
        var invocation = OfferFixture.Invoke(StorefrontSigner, can: "deal/unknown");
        var error = ServerHarness.Error(await ServerHarness.ReceiptAsync(server, invocation));
        Assert.Multiple(() =>
        {
            Assert.That(error["name"], Is.EqualTo("HandlerNotFound"));
            Assert.That(error["message"], Is.EqualTo("service does not implement {can: \"deal/unknown\"} handler"));
            Assert.That(error["error"], Is.EqualTo(true));
            Assert.That(((IReadOnlyDictionary<string, object?>)error["capability"]!)["can"], Is.EqualTo("deal/unknown"));
        });
    }

    [Test]
    public async Task Invocation_for_another_audience_gets_invalid_audience()
    {
        var server = new UcanServer(ServerHarness.Options());
        var invocation = OfferFixture.Invoke(StorefrontSigner, [OfferFixture.Delegate(DealerSigner, StorefrontDid)], audience: AgentDid);
        var error = ServerHarness.Error(await ServerHarness.ReceiptAsync(server, invocation));
        Assert.Multiple(() =>
        {
            Assert.That(error["name"], Is.EqualTo("InvalidAudience"));
            Assert.That(error["message"], Is.EqualTo($"Expected literal \"{DealerDid}\" instead got \"{AgentDid}\""));
        });
    }

    [Test]
    public async Task Did_web_server_signs_receipts_as_its_did_web()
    {
        var id = DealerSigner.WithDid(DealerWebDid);
        var service = new ReferenceDealerService();
        var server = new UcanServer(new ServerOptions(id, service.Methods) { Clock = new FixedClock() });
        var proof = OfferFixture.Delegate(id, StorefrontDid, [new Capability("deal/offer", DealerWebDid)]);
        var invocation = OfferFixture.Invoke(StorefrontSigner, [proof], audience: DealerWebDid, with: DealerWebDid);
        var receipt = await ServerHarness.ReceiptAsync(server, invocation);
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Out.IsOk, Is.True, () => DagJson.Encode(receipt.Out.Error));
            Assert.That(receipt.Issuer, Is.EqualTo(DealerWebDid));
            Assert.That(receipt.Verify(id.Verifier), Is.True);
        });
    }

    [Test]
    public async Task Receipt_log_replays_a_stored_ok_receipt_without_running_again()
    {
        var service = new ReferenceDealerService();
        var log = new MemoryReceiptLog();
        var server = new UcanServer(ServerHarness.Options(service) with { Receipts = log });
        var invocation = StorefrontOffer();
        var first = await ServerHarness.ReceiptAsync(server, invocation);
        var second = await ServerHarness.ReceiptAsync(server, invocation);
        Assert.Multiple(() =>
        {
            Assert.That(second.Cid, Is.EqualTo(first.Cid));
            Assert.That(service.Queued, Has.Count.EqualTo(1));
            Assert.That(log.Recorded, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Receipt_log_reruns_an_invocation_whose_stored_receipt_is_an_error()
    {
        var clock = new FixedClock();
        var log = new MemoryReceiptLog();
        var server = new UcanServer(ServerHarness.Options(clock: clock) with { Receipts = log });

        // Not yet valid at first, valid a second later: the stored error must not stick.
        var proof = OfferFixture.Delegate(DealerSigner, StorefrontDid, notBefore: clock.UnixSeconds);
        var invocation = OfferFixture.Invoke(StorefrontSigner, [proof]);
        var first = await ServerHarness.ReceiptAsync(server, invocation);
        clock.UnixSeconds++;
        var second = await ServerHarness.ReceiptAsync(server, invocation);
        Assert.Multiple(() =>
        {
            Assert.That(first.Out.ErrorName, Is.EqualTo("Unauthorized"));
            Assert.That(second.Out.IsOk, Is.True);
            Assert.That(log.Recorded, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Receipt_log_failures_are_reported_but_do_not_change_the_answer()
    {
        var errors = new List<Exception>();
        var server = new UcanServer(ServerHarness.Options() with { Receipts = new BrokenReceiptLog(), OnError = errors.Add });
        var receipt = await ServerHarness.ReceiptAsync(server, StorefrontOffer());
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Out.IsOk, Is.True);
            Assert.That(errors.Select(e => e.Message), Is.EqualTo(new[] { "find failed", "record failed" }));
        });
    }

    [Test]
    public async Task Run_hook_is_told_each_invocation_once_with_the_receipt_it_answers_with()
    {
        var runs = new List<InvocationRun>();
        var server = new UcanServer(ServerHarness.Options() with { OnRun = run => { lock (runs) { runs.Add(run); } } });
        var ok = StorefrontOffer();
        var rejected = OfferFixture.Invoke(AgentSigner);

        var message = AgentMessage.FromCar((await ServerHarness.PostAsync(server, ok, rejected)).Body);

        Assert.That(runs.Select(run => run.Invocation.Cid), Is.EquivalentTo(new[] { ok.Cid, rejected.Cid }));
        Assert.Multiple(() =>
        {
            foreach (var run in runs)
            {
                Assert.That(run.Receipt.Cid, Is.EqualTo(message.Receipts[run.Invocation.Cid].Cid));
                Assert.That(run.Elapsed, Is.GreaterThan(TimeSpan.Zero));
            }

            Assert.That(runs.Single(run => run.Invocation.Cid == rejected.Cid).Receipt.Out.ErrorName, Is.EqualTo("Unauthorized"));
        });
    }

    [Test]
    public async Task Answer_issues_the_receipt_a_run_gives_for_the_same_outcome_and_tells_the_run_hook()
    {
        var offer = StorefrontOffer();
        var run = await ServerHarness.ReceiptAsync(new UcanServer(ServerHarness.Options()), offer);
        Assert.That(run.Out.IsOk, Is.True);
        var runs = new List<InvocationRun>();
        var server = new UcanServer(ServerHarness.Options() with { OnRun = runs.Add });

        var answered = server.Answer(offer, HandlerResult.Ok(run.Out.Ok).Join(run.Join!));

        Assert.Multiple(() =>
        {
            Assert.That(answered.Root.Bytes.ToArray(), Is.EqualTo(run.Root.Bytes.ToArray()), "same receipt block, byte for byte");
            Assert.That(runs.Select(told => told.Receipt.Cid), Is.EqualTo(new[] { run.Cid }));
            Assert.That(() => server.Answer(offer, HandlerResult.Ok(null).CommitWith((_, _) => ValueTask.FromResult<HandlerResult?>(null))),
                Throws.ArgumentException, "only a dispatch runs commits");
        });
    }

    [Test]
    public async Task Run_hook_that_throws_is_reported_and_does_not_change_the_answer()
    {
        var errors = new List<Exception>();
        var server = new UcanServer(ServerHarness.Options() with
        {
            OnRun = _ => throw new InvalidOperationException("metrics broke"),
            OnError = errors.Add,
        });

        var receipt = await ServerHarness.ReceiptAsync(server, StorefrontOffer());

        Assert.Multiple(() =>
        {
            Assert.That(receipt.Out.IsOk, Is.True);
            Assert.That(errors.Select(e => e.Message), Is.EqualTo(new[] { "metrics broke" }));
        });
    }

    [Test]
    public async Task Revocation_hook_exception_becomes_handler_execution_error()
    {
        var server = new UcanServer(ServerHarness.Options() with { ValidateAuthorization = (_, _) => throw new TimeoutException("revocations unavailable") });
        var error = ServerHarness.Error(await ServerHarness.ReceiptAsync(server, StorefrontOffer()));
        Assert.That(error["message"], Is.EqualTo("service handler {can: \"deal/offer\"} error: revocations unavailable"));
    }

    [Test]
    public async Task Revocation_hook_failure_with_a_name_of_its_own_becomes_that_error()
    {
        var errors = new List<Exception>();
        var server = new UcanServer(ServerHarness.Options() with
        {
            ValidateAuthorization = (_, _) => ValueTask.FromResult(AuthorizationCheck.Fail(new StoreUnavailable("revocations unavailable"))),
            OnError = errors.Add,
        });

        var receipt = await ServerHarness.ReceiptAsync(server, StorefrontOffer());

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("StoreOperationFailed"));
        Assert.That(ServerHarness.Error(receipt)["message"], Is.EqualTo("revocations unavailable"));
        Assert.That(errors, Is.Empty, "an expected failure is a value, logged by whoever returned it");
    }

    [Test]
    public async Task Handler_failure_with_a_name_of_its_own_becomes_that_error()
    {
        var failing = ServiceMethod.Provide(DealerCapabilities.DealOffer,
            (_, _) => ValueTask.FromResult<HandlerResult<OfferOk>>(new StoreUnavailable("offers unavailable")));
        var server = new UcanServer(new ServerOptions(DealerSigner, [failing]) { Clock = new FixedClock() });

        var receipt = await ServerHarness.ReceiptAsync(server, StorefrontOffer());

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("StoreOperationFailed"));
    }

    private sealed class StoreUnavailable(string message) : Dealer.Ucan.Results.Failure(message)
    {
        public override string Name => "StoreOperationFailed";
    }

    [Test]
    public async Task Message_linking_to_a_missing_invocation_block_is_a_bad_request()
    {
        var server = new UcanServer(ServerHarness.Options());
        var invocation = StorefrontOffer();
        var root = Block.Encode(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["ucanto/message@7.0.0"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["execute"] = new List<object?> { invocation.Cid } },
        });
        var car = Dealer.Ucan.Transport.Car.Encode([root.Cid], [root]);
        var response = await server.HandleAsync(Request(car), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(400));
            Assert.That(Encoding.UTF8.GetString(response.Body), Does.StartWith("Bad request: Malformed payload - "));
            Assert.That(response.Headers["Content-Type"], Is.EqualTo("text/plain"));
        });
    }

    [TestCase(new byte[0])]
    [TestCase(new byte[] { 0xff, 0xff, 0xff })]
    [TestCase(new byte[] { 0x6e, 0x6f, 0x74, 0x20, 0x61, 0x20, 0x63, 0x61, 0x72 })]
    public async Task Undecodable_body_is_a_bad_request_never_an_exception(byte[] body)
    {
        var server = new UcanServer(ServerHarness.Options());
        var response = await server.HandleAsync(Request(body), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(400));
            Assert.That(Encoding.UTF8.GetString(response.Body), Does.StartWith("Bad request: Malformed payload - "));
        });
    }

    [Test]
    public async Task Car_whose_root_is_not_an_agent_message_is_a_bad_request()
    {
        var server = new UcanServer(ServerHarness.Options());
        var invocation = StorefrontOffer();
        var car = Dealer.Ucan.Transport.Car.Encode([invocation.Cid], invocation.IterateBlocks());
        var response = await server.HandleAsync(Request(car), CancellationToken.None);
        Assert.That(response.Status, Is.EqualTo(400));
    }

    [Test]
    public async Task More_distinct_invocations_than_allowed_is_413_naming_the_invocations_limit()
    {
        var service = new ReferenceDealerService();
        var server = new UcanServer(ServerHarness.Options(service) with { MaxInvocationsPerMessage = 1 });
        var response = await ServerHarness.PostAsync(server, StorefrontOffer("a"), StorefrontOffer("b"));
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(413));
            Assert.That(Encoding.UTF8.GetString(response.Body),
                Is.EqualTo("Payload too large: the invocations limit of 1 is exceeded - The message has 2 invocations, more than the limit of 1."));
            Assert.That(service.Queued, Is.Empty);
        });
    }

    [Test]
    public async Task Cancellation_propagates_instead_of_becoming_a_receipt()
    {
        using var cancellation = new CancellationTokenSource();
        var slow = new ServiceMethod(DealerCapabilities.DealOffer, async (_, token) =>
        {
            await cancellation.CancelAsync();
            token.ThrowIfCancellationRequested();
            return HandlerResult.Ok(null);
        });
        var server = new UcanServer(new ServerOptions(DealerSigner, [slow]) { Clock = new FixedClock() });
        var request = Dealer.Ucan.Client.UcanClient.ToRequest([StorefrontOffer()]);
        Assert.That(async () => await server.HandleAsync(request, cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Two_methods_for_the_same_ability_are_refused()
    {
        var method = new ServiceMethod(DealerCapabilities.DealOffer, (_, _) => ValueTask.FromResult(HandlerResult.Ok(null)));
        Assert.That(() => new UcanServer(new ServerOptions(DealerSigner, [method, method])), Throws.ArgumentException);
    }

    [Test]
    public async Task Handler_business_failure_and_fork_are_written_to_the_receipt()
    {
        var fork = Cid.Hash(Dealer.Ucan.Multiformats.Multicodec.DagCbor, [7]);
        var failing = new ServiceMethod(DealerCapabilities.DealOffer, (_, _) =>
            ValueTask.FromResult(HandlerResult.Error(new DecodeBlockOperationFailed("nope")).Fork(fork)));
        var server = new UcanServer(new ServerOptions(DealerSigner, [failing]) { Clock = new FixedClock() });
        var receipt = await ServerHarness.ReceiptAsync(server, StorefrontOffer());
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Out.ErrorName, Is.EqualTo("DecodeBlockOperationFailed"));
            Assert.That(receipt.Fork, Is.EqualTo(new[] { fork }));
            Assert.That(receipt.Join, Is.Null);
        });
    }

    internal static ServerRequest Request(byte[] body, string? contentType = "application/vnd.ipld.car", string? accept = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (contentType is not null)
        {
            headers["content-type"] = contentType;
        }

        if (accept is not null)
        {
            headers["accept"] = accept;
        }

        return new ServerRequest(headers, body);
    }

    private sealed class MemoryReceiptLog : IReceiptLog
    {
        private readonly Dictionary<Cid, Receipt> _receipts = [];

        public List<Receipt> Recorded { get; } = [];

        public ValueTask<Receipt?> FindAsync(Cid invocation, CancellationToken cancellationToken)
        {
            lock (_receipts)
            {
                return ValueTask.FromResult(_receipts.GetValueOrDefault(invocation));
            }
        }

        public ValueTask RecordAsync(Receipt receipt, CancellationToken cancellationToken)
        {
            lock (_receipts)
            {
                // Store the archived form, as a real log would, so replay works from bytes.
                _receipts[receipt.Ran] = Receipt.Extract(receipt.Archive());
                Recorded.Add(receipt);
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class BrokenReceiptLog : IReceiptLog
    {
        public ValueTask<Receipt?> FindAsync(Cid invocation, CancellationToken cancellationToken) => throw new IOException("find failed");

        public ValueTask RecordAsync(Receipt receipt, CancellationToken cancellationToken) => throw new IOException("record failed");
    }
}
