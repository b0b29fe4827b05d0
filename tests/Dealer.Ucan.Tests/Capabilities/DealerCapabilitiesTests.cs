using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Results;
using Dealer.Ucan.Server;
using Dealer.Ucan.Tests.Conformance;
using Dealer.Ucan.Tests.Server;
using Dealer.Ucan.Tests.Tokens;
using Dealer.Ucan.Validation;
using static Dealer.Testing.TestPrincipals;

namespace Dealer.Ucan.Tests.Capabilities;

/// <summary>
/// The declared dealer capabilities: the validator hands out the caveats as the definition reads them, the writers
/// give the wire forms of the vectors and of filecoin-api, and the ok readers read back what the writers wrote.
/// </summary>
public sealed class DealerCapabilitiesTests
{
    private static ValidationOptions Options() => new(DealerDid, DealerSigner.Verifier) { Clock = new FixedClock() };

    [Test]
    public async Task Typed_access_gives_the_caveats_the_schema_accepted()
    {
        var proof = OfferFixture.Delegate(DealerSigner, StorefrontDid);
        var access = await Validator.AccessAsync(OfferFixture.Invoke(StorefrontSigner, [proof]), DealerCapabilities.DealOffer, Options(), CancellationToken.None);

        Assert.That(access.IsOk, Is.True, () => access.Error!.Message);
        Assert.Multiple(() =>
        {
            Assert.That(access.Ok!.Caveats, Is.EqualTo(new DealCaveats(OfferFixture.Aggregate, OfferFixture.Pieces.Cid, "tenant-1", "vector-b")));
            Assert.That(access.Ok.Proofs, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Typed_access_refuses_what_the_schema_refuses_with_the_untyped_message()
    {
        var invocation = OfferFixture.Invoke(DealerSigner, nb: OfferFixture.Nb(aggregate: OfferFixture.LegacyAggregate));
        var typed = await Validator.AccessAsync(invocation, DealerCapabilities.DealOffer, Options(), CancellationToken.None);
        var untyped = await Validator.AccessAsync(invocation, (CapabilityDefinition)DealerCapabilities.DealOffer, Options(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(typed.IsOk, Is.False);
            Assert.That(typed.Error!.Name, Is.EqualTo("Unauthorized"));
            Assert.That(typed.Error.Message, Is.EqualTo(untyped.Error!.Message));
        });
    }

    [Test]
    public void Caveats_written_back_are_the_map_they_were_read_from()
    {
        var nb = OfferFixture.Nb();
        var caveats = DealerCapabilities.DealOffer.ReadCaveats(nb);
        var unlabelled = caveats with { Label = null };

        Assert.Multiple(() =>
        {
            Assert.That(DagCbor.Encode(DealerCapabilities.DealOffer.WriteCaveats(caveats)), Is.EqualTo(DagCbor.Encode(nb)));
            Assert.That(DealerCapabilities.DealOffer.WriteCaveats(unlabelled).ContainsKey(DealCaveats.LabelField), Is.False,
                "an absent label is left out, as JavaScript leaves out an undefined key");
        });
    }

    [Test]
    public void The_declared_deal_add_effect_is_the_vector_effect()
    {
        var nb = InvocationConformanceTests.DealNb();
        var caveats = DealerCapabilities.DealAdd.ReadCaveats(nb);

        Assert.That(DealerCapabilities.DealAddInvocation(TestPrincipals.DealerSigner, caveats).Cid,
            Is.EqualTo(InvocationConformanceTests.BuildDealAddEffect().Cid));
    }

    [Test]
    public void Deal_reports_have_the_deal_add_and_aggregate_accept_wire_forms_and_read_back()
    {
        var report = new DealReport(OfferFixture.Aggregate, 1234);
        var add = DealerCapabilities.DealAdd.WriteOk(report);
        var accept = DealerCapabilities.AggregateAccept.WriteOk(report);
        var dataSource = new Dictionary<string, object?>(StringComparer.Ordinal) { ["dealID"] = 1234L };

        Assert.Multiple(() =>
        {
            Assert.That(DagCbor.Encode(add), Is.EqualTo(DagCbor.Encode(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["aggregate"] = OfferFixture.Aggregate,
                ["dataSource"] = dataSource,
            })));
            Assert.That(DagCbor.Encode(accept), Is.EqualTo(DagCbor.Encode(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["aggregate"] = OfferFixture.Aggregate,
                ["dataSource"] = dataSource,
                ["dataType"] = 0L,
            })));
            Assert.That(DealerCapabilities.DealAdd.TryReadOk(Result.Success(DagCbor.Decode(DagCbor.Encode(add))), out var read), Is.True);
            Assert.That(read, Is.EqualTo(report));
            Assert.That(DealerCapabilities.AggregateAccept.TryReadOk(Result.Success(DagCbor.Decode(DagCbor.Encode(accept))), out var accepted), Is.True);
            Assert.That(accepted, Is.EqualTo(report));
        });
    }

    [Test]
    public void Ok_readers_refuse_errors_and_other_shapes()
    {
        var offerOk = new OfferOk(OfferFixture.Aggregate).ToIpld();

        Assert.Multiple(() =>
        {
            Assert.That(DealerCapabilities.DealAdd.TryReadOk(Result.Success(offerOk), out _), Is.False, "no dataSource");
            Assert.That(DealerCapabilities.DealAdd.TryReadOk(Result.Err(new Dictionary<string, object?>(StringComparer.Ordinal)), out _), Is.False);
            Assert.That(DealerCapabilities.DealOffer.TryReadOk(Result.Success(offerOk), out var ok), Is.True);
            Assert.That(ok, Is.EqualTo(new OfferOk(OfferFixture.Aggregate)));
            Assert.That(DealerCapabilities.DealInfo.TryReadOk(Result.Success(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["deals"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["not-a-number"] = null },
            }), out _), Is.False);
        });
    }

    [Test]
    public void Deal_info_ok_reads_back_what_it_writes()
    {
        var info = new DealInfoOk([new DealInfoOk.Deal(7, "f01000"), new DealInfoOk.Deal(8, "f02000")]);

        Assert.Multiple(() =>
        {
            Assert.That(DealerCapabilities.DealInfo.TryReadOk(Result.Success(DagCbor.Decode(DagCbor.Encode(info.ToIpld()))), out var read), Is.True);
            Assert.That(read!.Deals, Is.EqualTo(info.Deals));
        });
    }

    [Test]
    public async Task A_typed_handler_that_throws_gives_a_handler_execution_error()
    {
        var errors = new List<Exception>();
        var throwing = ServiceMethod.Provide<DealCaveats, OfferOk>(DealerCapabilities.DealOffer,
            (_, _) => throw new InvalidOperationException("the offer for 'x' conflicted but cannot be read"));
        var server = new UcanServer(new ServerOptions(DealerSigner, [throwing]) { Clock = new FixedClock(), OnError = errors.Add });

        var receipt = await ServerHarness.ReceiptAsync(server, OfferFixture.Invoke(DealerSigner));

        Assert.Multiple(() =>
        {
            Assert.That(receipt.Out.ErrorName, Is.EqualTo("HandlerExecutionError"));
            Assert.That(ServerHarness.Error(receipt)["message"],
                Is.EqualTo("service handler {can: \"deal/offer\"} error: the offer for 'x' conflicted but cannot be read"));
            Assert.That(errors, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_typed_handler_gets_its_caveats_and_its_ok_value_is_written_into_the_receipt()
    {
        DealCaveats? seen = null;
        var method = ServiceMethod.Provide(DealerCapabilities.DealOffer, (context, _) =>
        {
            seen = context.Caveats;
            return ValueTask.FromResult(HandlerResult<OfferOk>.Ok(new OfferOk(context.Caveats.Aggregate)));
        });
        var server = new UcanServer(new ServerOptions(DealerSigner, [method]) { Clock = new FixedClock() });

        var receipt = await ServerHarness.ReceiptAsync(server, OfferFixture.Invoke(DealerSigner));

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(new DealCaveats(OfferFixture.Aggregate, OfferFixture.Pieces.Cid, "tenant-1", "vector-b")));
            Assert.That(DealerCapabilities.DealOffer.TryReadOk(receipt.Out, out var ok), Is.True);
            Assert.That(ok, Is.EqualTo(new OfferOk(OfferFixture.Aggregate)));
        });
    }
}
