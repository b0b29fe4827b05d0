using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Results;
using Dealer.Ucan.Tests.Ipld;
using Dealer.Ucan.Tests.Tokens;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Tests.Receipts;

public sealed class ReceiptTests
{
    private sealed class TestFailure(string message) : Failure(message)
    {
        public override string Name => "QueueOperationFailed";
    }

    private static Delegation Invocation(string nonce) => Dealer.Ucan.Delegations.Invocation.Invoke(new DelegationOptions(
        TestPrincipals.StorefrontSigner, TestPrincipals.DealerDid, [new Capability("deal/offer", TestPrincipals.DealerDid)])
    {
        Expiration = 4102444800,
        Nonce = nonce,
    });

    private static Dictionary<string, object?> Map(string key, object? value) => new(StringComparer.Ordinal) { [key] = value };

    [Test]
    public void An_issued_receipt_has_the_ucanto_shape_and_verifies()
    {
        var invocation = Invocation("1");
        var receipt = Receipt.Issue(new ReceiptOptions(TestPrincipals.DealerSigner, invocation, Result.Success(Map("done", true))));
        var wire = (IReadOnlyDictionary<string, object?>)receipt.Root.Decode()!;
        var ocm = (IReadOnlyDictionary<string, object?>)wire["ocm"]!;
        Assert.Multiple(() =>
        {
            Assert.That(wire.Keys.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "ocm", "sig" }));
            Assert.That(ocm.Keys.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "fx", "iss", "meta", "out", "prf", "ran" }));
            Assert.That(ocm["iss"], Is.EqualTo(TestPrincipals.DealerDid));
            Assert.That(((IReadOnlyDictionary<string, object?>)ocm["fx"]!).Keys, Is.EqualTo(new[] { "fork" }));
            Assert.That(receipt.Ran, Is.EqualTo(invocation.Cid));
            Assert.That(receipt.RanInvocation?.Cid, Is.EqualTo(invocation.Cid));
            Assert.That(receipt.Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
            Assert.That(receipt.Verify(TestPrincipals.AgentSigner.Verifier), Is.False);
            Assert.That(receipt.IterateBlocks().Select(static b => b.Cid), Is.EqualTo(new[] { invocation.Cid, receipt.Cid }));
        });
    }

    [Test]
    public void An_issued_receipt_reads_back_exactly_as_its_block_viewed_again()
    {
        var invocation = Invocation("reread");
        var join = Invocation("join").Cid;
        var ok = new Dictionary<string, object?>(StringComparer.Ordinal) { ["zeta"] = 1, ["a"] = new byte[] { 9 }, ["list"] = new[] { 1.5f } };
        var receipt = Receipt.Issue(new ReceiptOptions(TestPrincipals.DealerSigner, invocation, Result.Success(ok))
        {
            Join = join,
            Meta = Map("retry", 2),
        });

        var again = Receipt.View(receipt.Root, new BlockSet(receipt.IterateBlocks()));
        Assert.Multiple(() =>
        {
            Assert.That(((IReadOnlyDictionary<string, object?>)receipt.Out.Ok!).Keys, Is.EqualTo(new[] { "a", "list", "zeta" }));
            Assert.That(receipt.Meta["retry"], Is.TypeOf<long>());
            Assert.That(receipt.Out.Ok, Is.Not.SameAs(ok), "the view does not share the caller's map");
            Assert.That(receipt.Join, Is.EqualTo(join));
            Assert.That(receipt.Signature, Is.EqualTo(again.Signature));
            Assert.That(receipt.RanInvocation!.Model, Is.SameAs(invocation.Model), "the ran invocation is not decoded again");
            Assert.That(receipt.Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
        });
        IpldAssert.AreEqual(again.Outcome, receipt.Outcome);
    }

    [Test]
    public void A_failure_is_written_as_name_message_and_stack()
    {
        var receipt = Receipt.Issue(new ReceiptOptions(TestPrincipals.DealerSigner, Invocation("2"), Result.Err(new TestFailure("queue down"))));
        var error = (IReadOnlyDictionary<string, object?>)receipt.Out.Error!;
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Out.IsError, Is.True);
            Assert.That(receipt.Out.ErrorName, Is.EqualTo("QueueOperationFailed"));
            Assert.That(error["message"], Is.EqualTo("queue down"));
            Assert.That(error["stack"], Is.EqualTo("QueueOperationFailed: queue down"));
            Assert.That(error.Count, Is.EqualTo(3));
        });
    }

    [Test]
    public void A_did_web_signer_writes_its_did_web_as_iss_and_verifies_with_the_matching_verifier()
    {
        var signer = TestPrincipals.DealerSigner.WithDid(TestPrincipals.DealerWebDid);
        var receipt = Receipt.Issue(new ReceiptOptions(signer, Invocation("3").Cid, Result.Success(Map("a", 1L))));
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Issuer, Is.EqualTo(TestPrincipals.DealerWebDid));
            Assert.That(receipt.Verify(signer.Verifier), Is.True);
            Assert.That(receipt.Verify(TestPrincipals.DealerSigner.Verifier), Is.False, "right key, wrong DID");
            Assert.That(receipt.RanInvocation, Is.Null);
            Assert.That(receipt.IterateBlocks().Single().Cid, Is.EqualTo(receipt.Cid));
        });
    }

    [Test]
    public void Effects_and_meta_are_written_and_read_back()
    {
        var fork = Invocation("fork").Cid;
        var join = Invocation("join").Cid;
        var receipt = Receipt.Issue(new ReceiptOptions(TestPrincipals.DealerSigner, Invocation("4"), Result.Success(Map("a", 1L)))
        {
            Fork = [fork],
            Join = join,
            Meta = Map("retry", 2L),
        });
        var viewed = Receipt.View(receipt.Root, new BlockSet());
        Assert.Multiple(() =>
        {
            Assert.That(viewed.Fork, Is.EqualTo(new[] { fork }));
            Assert.That(viewed.Join, Is.EqualTo(join));
            Assert.That(viewed.Meta["retry"], Is.EqualTo(2L));
            Assert.That(viewed.Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
        });
    }

    [Test]
    public void A_ran_invocation_that_does_not_match_ran_is_refused()
    {
        var options = new ReceiptOptions(TestPrincipals.DealerSigner, Invocation("5").Cid, Result.Success(null)) { RanInvocation = Invocation("6") };
        Assert.That(() => Receipt.Issue(options), Throws.ArgumentException);
    }

    [Test]
    public void The_archive_has_the_receipt_as_root_and_last_block()
    {
        var invocation = Invocation("7");
        var receipt = Receipt.Issue(new ReceiptOptions(TestPrincipals.DealerSigner, invocation, Result.Success(Map("a", 1L))));
        var car = Dealer.Ucan.Transport.Car.Decode(receipt.Archive());
        Assert.Multiple(() =>
        {
            Assert.That(car.Roots, Is.EqualTo(new[] { receipt.Cid }));
            Assert.That(car.Blocks.Select(static b => b.Cid), Is.EqualTo(new[] { invocation.Cid, receipt.Cid }));
            Assert.That(Receipt.Extract(receipt.Archive()).RanInvocation?.Cid, Is.EqualTo(invocation.Cid));
        });
    }

    [TestCase("ocm")]
    [TestCase("sig")]
    public void A_receipt_without_a_top_level_field_is_rejected(string field)
    {
        var wire = ValidWire();
        wire.Remove(field);
        var error = Assert.Catch<FormatException>(() => Receipt.View(Block.Encode(wire), new BlockSet()));
        Assert.That(error!.Message, Is.EqualTo($"Missing receipt field '{field}'."));
    }

    [TestCase("ran")]
    [TestCase("out")]
    [TestCase("fx")]
    [TestCase("meta")]
    [TestCase("prf")]
    public void A_receipt_without_an_outcome_field_is_rejected(string field)
    {
        var wire = ValidWire();
        var ocm = new Dictionary<string, object?>((IReadOnlyDictionary<string, object?>)wire["ocm"]!, StringComparer.Ordinal);
        ocm.Remove(field);
        wire["ocm"] = ocm;
        var block = Block.Encode(wire);
        var error = Assert.Catch<FormatException>(() => Receipt.View(block, new BlockSet()));
        Assert.That(error!.Message, Is.EqualTo($"Invalid receipt {block.Cid}: Missing receipt outcome field '{field}'."));
    }

    [Test]
    public void An_outcome_with_both_ok_and_error_is_rejected()
    {
        var wire = ValidWire();
        var ocm = new Dictionary<string, object?>((IReadOnlyDictionary<string, object?>)wire["ocm"]!, StringComparer.Ordinal)
        {
            ["out"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["ok"] = 1L, ["error"] = 2L },
        };
        wire["ocm"] = ocm;
        var error = Assert.Catch<FormatException>(() => Receipt.View(Block.Encode(wire), new BlockSet()));
        Assert.That(error!.Message, Does.EndWith("A result must be a map with exactly one key, 'ok' or 'error'."));
    }

    [Test]
    public void An_issuer_that_is_not_a_did_is_rejected()
    {
        var wire = ValidWire();
        var ocm = new Dictionary<string, object?>((IReadOnlyDictionary<string, object?>)wire["ocm"]!, StringComparer.Ordinal) { ["iss"] = "dealer" };
        wire["ocm"] = ocm;
        var error = Assert.Catch<FormatException>(() => Receipt.View(Block.Encode(wire), new BlockSet()));
        Assert.That(error!.Message, Does.EndWith("Receipt issuer 'ocm.iss' is not a DID: \"dealer\"."));
    }

    [Test]
    public void Verification_re_encodes_the_decoded_outcome()
    {
        var receipt = Receipt.Issue(new ReceiptOptions(TestPrincipals.DealerSigner, Invocation("8"), Result.Success(Map("a", 1L))));
        var signed = DagCbor.Encode(receipt.Outcome);
        Assert.That(TestPrincipals.DealerSigner.Verifier.Verify(signed, receipt.Signature), Is.True);
    }

    private static Dictionary<string, object?> ValidWire()
    {
        var receipt = Receipt.Issue(new ReceiptOptions(TestPrincipals.DealerSigner, Invocation("9").Cid, Result.Success(Map("a", 1L))));
        return new Dictionary<string, object?>((IReadOnlyDictionary<string, object?>)receipt.Root.Decode()!, StringComparer.Ordinal);
    }
}
