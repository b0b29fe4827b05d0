using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Tests.Ipld;
using Dealer.Ucan.Tests.Tokens;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Tests.Delegations;

public sealed class DelegationTests
{
    private const long Year2100 = 4102444800;

    private static Delegation DealerToStorefront() => Delegation.Delegate(new DelegationOptions(
        TestPrincipals.DealerSigner, TestPrincipals.StorefrontDid, [new Capability("deal/offer", TestPrincipals.DealerDid)])
    {
        Expiration = Year2100,
    });

    private static (Block Pieces, Dictionary<string, object?> Nb) PiecesAndNb(string label)
    {
        var pieces = Block.Encode(new List<object?> { Cid.Hash(Dealer.Ucan.Multiformats.Multicodec.Raw, [1, 2, 3]) });
        var nb = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["pieces"] = pieces.Cid,
            ["tenant"] = "t",
            ["label"] = label,
        };
        return (pieces, nb);
    }

    [Test]
    public void A_delegation_exposes_its_fields_and_verifies_with_its_issuer()
    {
        var delegation = DealerToStorefront();
        Assert.Multiple(() =>
        {
            Assert.That(delegation.Issuer, Is.EqualTo(TestPrincipals.DealerDid));
            Assert.That(delegation.Audience, Is.EqualTo(TestPrincipals.StorefrontDid));
            Assert.That(delegation.Expiration, Is.EqualTo(Year2100));
            Assert.That(delegation.NotBefore, Is.Null);
            Assert.That(delegation.Nonce, Is.Null);
            Assert.That(delegation.Facts, Is.Empty);
            Assert.That(delegation.ProofLinks, Is.Empty);
            Assert.That(delegation.Root.Verify(), Is.True);
            Assert.That(delegation.VerifySignature(TestPrincipals.DealerSigner.Verifier), Is.True);
            Assert.That(delegation.VerifySignature(TestPrincipals.StorefrontSigner.Verifier), Is.False);
        });
    }

    [Test]
    public void An_issued_invocation_reads_back_exactly_as_its_decoded_block()
    {
        var proof = DealerToStorefront();
        var (pieces, nb) = PiecesAndNb("caller order, CLR types");
        nb["size"] = 7;
        var invocation = Invocation.Invoke(new DelegationOptions(
            TestPrincipals.StorefrontSigner, TestPrincipals.DealerDid, [new Capability("Deal/Offer", TestPrincipals.DealerDid, nb)])
        {
            Expiration = Year2100,
            Nonce = "n",
            Facts = [new Dictionary<string, object?>(StringComparer.Ordinal) { ["z"] = 1, ["a"] = pieces.Cid }],
            Proofs = [proof],
            AttachedBlocks = [pieces],
        });

        var decoded = UcanModel.Decode(invocation.Root.Bytes);
        var model = invocation.Model;
        Assert.Multiple(() =>
        {
            Assert.That(model.Issuer, Is.EqualTo(decoded.Issuer));
            Assert.That(model.Audience, Is.EqualTo(decoded.Audience));
            Assert.That(model.Capabilities.Select(static c => (c.Can, c.With)), Is.EqualTo(decoded.Capabilities.Select(static c => (c.Can, c.With))));
            Assert.That(model.Capabilities[0].Nb!.Keys, Is.EqualTo(decoded.Capabilities[0].Nb!.Keys), "canonical key order");
            Assert.That(model.Facts[0].Keys, Is.EqualTo(decoded.Facts[0].Keys), "canonical key order");
            Assert.That(model.Proofs, Is.EqualTo(decoded.Proofs));
            Assert.That(model.Signature, Is.EqualTo(decoded.Signature));
            Assert.That(model.Encode(), Is.EqualTo(invocation.Root.Bytes.ToArray()));
            Assert.That(invocation.Proofs.Single().Model, Is.SameAs(proof.Model), "the embedded proof is not decoded again");
            Assert.That(invocation.VerifySignature(TestPrincipals.StorefrontSigner.Verifier), Is.True);
        });
        IpldAssert.AreEqual(decoded.Capabilities[0].ToIpld(), model.Capabilities[0].ToIpld());
        IpldAssert.AreEqual(decoded.Facts[0], model.Facts[0]);
    }

    [Test]
    public void An_invocation_with_an_embedded_proof_iterates_proof_then_attached_then_root()
    {
        var proof = DealerToStorefront();
        var (pieces, nb) = PiecesAndNb("x");
        var invocation = Invocation.Invoke(new DelegationOptions(
            TestPrincipals.StorefrontSigner, TestPrincipals.DealerDid, [new Capability("deal/offer", TestPrincipals.DealerDid, nb)])
        {
            Expiration = Year2100,
            Proofs = [proof],
            AttachedBlocks = [pieces],
        });
        Assert.Multiple(() =>
        {
            Assert.That(invocation.IterateBlocks().Select(static b => b.Cid), Is.EqualTo(new[] { proof.Cid, pieces.Cid, invocation.Cid }));
            Assert.That(invocation.Blocks.Count, Is.EqualTo(3));
            Assert.That(invocation.Proofs.Single().Cid, Is.EqualTo(proof.Cid));
            Assert.That(invocation.GetProof(proof.Cid), Is.Not.Null);
            Assert.That(invocation.AttachedLinks, Does.Contain(pieces.Cid));
        });
    }

    [Test]
    public void Proofs_of_proofs_come_first_depth_first()
    {
        var first = DealerToStorefront();
        var second = Delegation.Delegate(new DelegationOptions(
            TestPrincipals.StorefrontSigner, TestPrincipals.AgentDid, [new Capability("deal/offer", TestPrincipals.DealerDid)])
        {
            Expiration = Year2100,
            Proofs = [first],
        });
        var invocation = Invocation.Invoke(new DelegationOptions(
            TestPrincipals.AgentSigner, TestPrincipals.DealerDid, [new Capability("deal/offer", TestPrincipals.DealerDid)])
        {
            Expiration = Year2100,
            Proofs = [second],
        });
        var viewed = Delegation.View(invocation.Root, invocation.Blocks);
        Assert.Multiple(() =>
        {
            Assert.That(invocation.IterateBlocks().Select(static b => b.Cid), Is.EqualTo(new[] { first.Cid, second.Cid, invocation.Cid }));
            Assert.That(viewed.Proofs.Single().Proofs.Single().Cid, Is.EqualTo(first.Cid));
            Assert.That(viewed.Proofs[0].Proofs[0].VerifySignature(TestPrincipals.DealerSigner.Verifier), Is.True);
        });
    }

    [Test]
    public void A_proof_whose_block_is_missing_stays_a_bare_link()
    {
        var proof = DealerToStorefront();
        var invocation = Invocation.Invoke(new DelegationOptions(
            TestPrincipals.StorefrontSigner, TestPrincipals.DealerDid, [new Capability("deal/offer", TestPrincipals.DealerDid)])
        {
            ProofLinks = [proof.Cid],
        });
        Assert.Multiple(() =>
        {
            Assert.That(invocation.ProofLinks, Is.EqualTo(new[] { proof.Cid }));
            Assert.That(invocation.Proofs, Is.Empty);
            Assert.That(invocation.IterateBlocks().Select(static b => b.Cid), Is.EqualTo(new[] { invocation.Cid }));
        });
    }

    [Test]
    public void Attaching_a_block_that_is_not_linked_is_refused()
    {
        var delegation = DealerToStorefront();
        var unrelated = Block.Encode("unrelated");
        Assert.That(() => delegation.Attach(unrelated), Throws.ArgumentException);
    }

    [Test]
    public void Attaching_keeps_the_cid_and_the_original_view_unchanged()
    {
        var (pieces, nb) = PiecesAndNb("y");
        var invocation = Invocation.Invoke(new DelegationOptions(
            TestPrincipals.DealerSigner, TestPrincipals.DealerDid, [new Capability("deal/add", TestPrincipals.DealerDid, nb)]));
        var attached = invocation.Attach(pieces);
        Assert.Multiple(() =>
        {
            Assert.That(attached.Cid, Is.EqualTo(invocation.Cid));
            Assert.That(attached.TryGetBlock(pieces.Cid, out _), Is.True);
            Assert.That(invocation.TryGetBlock(pieces.Cid, out _), Is.False);
        });
    }

    [Test]
    public void An_invocation_needs_exactly_one_capability()
    {
        var two = new[] { new Capability("deal/offer", TestPrincipals.DealerDid), new Capability("deal/add", TestPrincipals.DealerDid) };
        Assert.That(() => Invocation.Invoke(new DelegationOptions(TestPrincipals.StorefrontSigner, TestPrincipals.DealerDid, two)), Throws.ArgumentException);
    }

    [Test]
    public void A_proof_chain_deeper_than_the_limit_is_rejected()
    {
        var current = DealerToStorefront();
        for (var i = 0; i < Delegation.MaxProofDepth; i++)
        {
            current = Delegation.Delegate(new DelegationOptions(
                TestPrincipals.StorefrontSigner, TestPrincipals.StorefrontDid, [new Capability("deal/offer", TestPrincipals.DealerDid)])
            {
                Nonce = $"n{i}",
                Proofs = [current],
            });
        }

        // MaxProofDepth levels of embedded proofs are fine; one more level (linked, then supplied in the store) is not.
        Assert.That(Delegation.View(current.Root, current.Blocks).ProofLinks, Has.Count.EqualTo(1));
        var top = Delegation.Delegate(new DelegationOptions(
            TestPrincipals.StorefrontSigner, TestPrincipals.StorefrontDid, [new Capability("deal/offer", TestPrincipals.DealerDid)])
        {
            ProofLinks = [current.Cid],
        });
        var store = current.Blocks;
        store.Add(top.Root);
        var error = Assert.Catch<FormatException>(() => Delegation.View(top.Root, store));
        Assert.That(error!.Message, Is.EqualTo($"Embedded proofs are nested deeper than {Delegation.MaxProofDepth} levels."));
    }

    [Test]
    public void A_non_ucan_root_is_rejected()
    {
        var block = Block.Encode(new Dictionary<string, object?>(StringComparer.Ordinal) { ["hello"] = "world" });
        var error = Assert.Catch<FormatException>(() => Delegation.View(block, new BlockSet()));
        Assert.That(error!.Message, Does.StartWith($"Invalid UCAN {block.Cid}: "));
    }

    [Test]
    public void The_archive_round_trips_with_embedded_proofs()
    {
        var proof = DealerToStorefront();
        var redelegation = Delegation.Delegate(new DelegationOptions(
            TestPrincipals.StorefrontSigner, TestPrincipals.AgentDid, [new Capability("deal/*", TestPrincipals.DealerDid)])
        {
            Expiration = Year2100,
            Proofs = [proof],
        });
        var archive = redelegation.Archive();
        var extracted = Delegation.Extract(archive);
        Assert.Multiple(() =>
        {
            Assert.That(extracted.Cid, Is.EqualTo(redelegation.Cid));
            Assert.That(extracted.Proofs.Single().Cid, Is.EqualTo(proof.Cid));
            Assert.That(extracted.Archive(), Is.EqualTo(archive));
        });
    }

    [Test]
    public void Extracting_something_that_is_not_a_delegation_archive_fails_cleanly()
    {
        var notVariant = Block.Encode(new Dictionary<string, object?>(StringComparer.Ordinal) { ["ucan@0.10.0"] = DealerToStorefront().Cid });
        var car = Dealer.Ucan.Transport.Car.Encode([notVariant.Cid], [notVariant]);
        var error = Assert.Catch<FormatException>(() => Delegation.Extract(car));
        Assert.That(error!.Message, Is.EqualTo("Delegation archive root must be a map with the single key 'ucan@0.9.1'."));
    }

    [Test]
    public void Extracting_an_archive_without_the_ucan_block_fails_cleanly()
    {
        var delegation = DealerToStorefront();
        var variant = Block.Encode(new Dictionary<string, object?>(StringComparer.Ordinal) { ["ucan@0.9.1"] = delegation.Cid });
        var car = Dealer.Ucan.Transport.Car.Encode([variant.Cid], [variant]);
        var error = Assert.Catch<FormatException>(() => Delegation.Extract(car));
        Assert.That(error!.Message, Is.EqualTo($"UCAN block {delegation.Cid} is missing."));
    }
}
