using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Results;
using Dealer.Ucan.Tests.Tokens;

namespace Dealer.Ucan.Tests.Conformance;

/// <summary>Receipt d and the f-* error receipts written by @ucanto/server.</summary>
public sealed class ReceiptConformanceTests
{
    private const string ReceiptD = "bafyreidjz4uoeswsbmtf7gujdtignzueqkl7wiqvcwayirgep6j4ok2pfi";
    private const string InvocationB = "bafyreiaeknyfwng2q5tbxjkgff4w4jfouggtnwt6w75gzczha7ps2kxvm4";

    private static Receipt ReceiptFromResponse() =>
        AgentMessage.FromCar(UcanVectors.Bytes("d-deal-offer-response.car")).Receipts.Values.Single();

    [Test]
    public void Receipt_d_decodes_from_the_response_car()
    {
        var message = AgentMessage.FromCar(UcanVectors.Bytes("d-deal-offer-response.car"));
        var receipt = message.Receipts[Cid.Parse(InvocationB)];
        Assert.Multiple(() =>
        {
            Assert.That(message.Cid.ToString(), Is.EqualTo("bafyreicgg3ee3vcrc2wfmplxqtvy6utvxwfylw54wj4l6cqdpenz7qmy5a"));
            Assert.That(receipt.Cid.ToString(), Is.EqualTo(ReceiptD));
            Assert.That(receipt.Ran.ToString(), Is.EqualTo(InvocationB));
            Assert.That(receipt.RanInvocation?.Cid.ToString(), Is.EqualTo(InvocationB));
            Assert.That(receipt.Issuer, Is.EqualTo(TestPrincipals.DealerDid));
            Assert.That(receipt.Out.IsOk, Is.True);
            Assert.That(((IReadOnlyDictionary<string, object?>)receipt.Out.Ok!)["aggregate"], Is.EqualTo(Cid.Parse(UcanFixtures.Aggregate)));
            Assert.That(receipt.Join?.ToString(), Is.EqualTo("bafyreibdjhq7jleujldv4wqz6nqh7lxoge36ogsrunztv3srn6ce5ycxxm"));
            Assert.That(receipt.Fork, Is.Empty);
            Assert.That(receipt.Meta, Is.Empty);
            Assert.That(receipt.Proofs, Is.Empty);
            Assert.That(message.Invocations, Is.Empty);
        });
    }

    [Test]
    public void Receipt_d_re_encodes_byte_identically_and_verifies_with_the_dealer_key()
    {
        var vector = UcanVectors.Json("d-deal-offer-response.json").GetProperty("receipt");
        var receipt = ReceiptFromResponse();
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Root.Bytes.ToArray(), Is.EqualTo(UcanVectors.Hex(vector.GetProperty("blockBytesHex"))));
            Assert.That(DagCbor.Encode(receipt.Root.Decode()), Is.EqualTo(receipt.Root.Bytes.ToArray()));
            Assert.That(DagCbor.Encode(receipt.Outcome), Is.EqualTo(UcanVectors.Hex(vector.GetProperty("signedBytes").GetProperty("ocmDagCBORHex"))));
            Assert.That(receipt.Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
            Assert.That(receipt.Verify(TestPrincipals.StorefrontSigner.Verifier), Is.False);
        });
    }

    [Test]
    public void Receipt_d_fails_verification_when_a_byte_of_out_changes()
    {
        var receipt = ReceiptFromResponse();
        var bytes = receipt.Root.Bytes.ToArray();
        var aggregate = Cid.Parse(UcanFixtures.Aggregate).ToArray();
        var at = bytes.AsSpan().IndexOf(aggregate);
        Assert.That(at, Is.GreaterThan(0), "the aggregate link is inside out.ok");
        bytes[at + aggregate.Length - 1] ^= 0x01;
        var tampered = Receipt.View(Block.Create(Cid.Hash(Multicodec.DagCbor, bytes), bytes), new BlockSet());
        Assert.Multiple(() =>
        {
            Assert.That(((IReadOnlyDictionary<string, object?>)tampered.Out.Ok!)["aggregate"], Is.Not.EqualTo(Cid.Parse(UcanFixtures.Aggregate)));
            Assert.That(tampered.Verify(TestPrincipals.DealerSigner.Verifier), Is.False);
        });
    }

    [Test]
    public void Issuing_receipt_d_reproduces_the_receipt_and_the_whole_response_car()
    {
        var invocation = AgentMessage.FromCar(UcanVectors.Bytes("b-deal-offer-request.car")).Invocations.Single();
        var effect = InvocationConformanceTests.BuildDealAddEffect();
        var receipt = Receipt.Issue(new ReceiptOptions(
            TestPrincipals.DealerSigner,
            invocation,
            Result.Success(new Dictionary<string, object?>(StringComparer.Ordinal) { ["aggregate"] = Cid.Parse(UcanFixtures.Aggregate) }))
        {
            Join = effect.Cid,
        });
        var car = AgentMessage.Build([receipt]).ToCar();
        var expected = UcanVectors.Bytes("d-deal-offer-response.car");
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Cid.ToString(), Is.EqualTo(ReceiptD));
            Assert.That(receipt.Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
            Assert.That(car, Has.Length.EqualTo(1542));
            Assert.That(car, Is.EqualTo(expected));
        });
    }

    [Test]
    public void Issuing_receipt_d_for_the_rebuilt_invocation_also_gives_the_response_car()
    {
        var receipt = Receipt.Issue(new ReceiptOptions(
            TestPrincipals.DealerSigner,
            InvocationConformanceTests.RebuildInvocationB(),
            Result.Success(new Dictionary<string, object?>(StringComparer.Ordinal) { ["aggregate"] = Cid.Parse(UcanFixtures.Aggregate) }))
        {
            Join = InvocationConformanceTests.BuildDealAddEffect().Cid,
        });
        Assert.That(AgentMessage.Build([receipt]).ToCar(), Is.EqualTo(UcanVectors.Bytes("d-deal-offer-response.car")));
    }

    public static IEnumerable<TestCaseData> ErrorReceiptCases()
    {
        foreach (var entry in UcanVectors.Json("f-errors.json").GetProperty("receipts").EnumerateArray())
        {
            yield return new TestCaseData(entry.GetProperty("name").GetString()!).SetName($"F vector {entry.GetProperty("name").GetString()} decodes and verifies");
        }
    }

    [TestCaseSource(nameof(ErrorReceiptCases))]
    public void Every_f_response_decodes_to_a_receipt_that_verifies_against_the_dealer(string name)
    {
        var entry = UcanVectors.Json("f-errors.json").GetProperty("receipts").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == name);
        var message = AgentMessage.FromCar(UcanVectors.Bytes(entry.GetProperty("responseFile").GetString()!));
        var (key, receipt) = message.Receipts.Single();
        IVerifier dealer = name == "dealer-did-web"
            ? Verifiers.WithDid(TestPrincipals.DealerSigner.Verifier, TestPrincipals.DealerWebDid)
            : TestPrincipals.DealerSigner.Verifier;
        var expectedOut = entry.GetProperty("out");
        Assert.Multiple(() =>
        {
            Assert.That(key.ToString(), Is.EqualTo(entry.GetProperty("invocationCID").GetString()));
            Assert.That(receipt.Cid.ToString(), Is.EqualTo(entry.GetProperty("receiptCID").GetString()));
            Assert.That(receipt.Verify(dealer), Is.True);
            Assert.That(DagCbor.Encode(receipt.Root.Decode()), Is.EqualTo(receipt.Root.Bytes.ToArray()));
            if (expectedOut.TryGetProperty("error", out var error))
            {
                Assert.That(receipt.Out.IsError, Is.True);
                Assert.That(receipt.Out.ErrorName, Is.EqualTo(error.GetProperty("name").GetString()));
                var map = (IReadOnlyDictionary<string, object?>)receipt.Out.Error!;
                Assert.That(map["message"], Is.EqualTo(error.GetProperty("message").GetString()));
                Assert.That(map.Keys.Order(StringComparer.Ordinal), Is.EqualTo(error.EnumerateObject().Select(static p => p.Name).Order(StringComparer.Ordinal)));
            }
            else
            {
                Assert.That(receipt.Out.IsOk, Is.True);
                Assert.That(((IReadOnlyDictionary<string, object?>)receipt.Out.Ok!)["aggregate"], Is.EqualTo(Cid.Parse(UcanFixtures.Aggregate)));
            }
        });
    }

    [Test]
    public void The_receipt_archive_round_trips_with_the_ran_invocation()
    {
        var receipt = ReceiptFromResponse();
        var archive = receipt.Archive();
        var extracted = Receipt.Extract(archive);
        Assert.Multiple(() =>
        {
            Assert.That(extracted.Cid, Is.EqualTo(receipt.Cid));
            Assert.That(extracted.RanInvocation?.Cid, Is.EqualTo(receipt.Ran));
            Assert.That(extracted.Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
            Assert.That(extracted.Archive(), Is.EqualTo(archive));
            Assert.That(extracted.IterateBlocks().Last().Cid, Is.EqualTo(receipt.Cid));
        });
    }
}
