using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Tests.Tokens;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Tests.Conformance;

/// <summary>Invocation b (deal/offer) and the deal/add effect re-built from the keys must match the JS bytes.</summary>
public sealed class InvocationConformanceTests
{
    private const long Year2100 = 4102444800;

    internal static Dictionary<string, object?> DealNb() => new(StringComparer.Ordinal)
    {
        ["aggregate"] = Cid.Parse(UcanFixtures.Aggregate),
        ["pieces"] = UcanVectors.PiecesBlock().Cid,
        ["tenant"] = "tenant-1",
        ["label"] = "vector-b",
    };

    /// <summary>Storefront invokes deal/offer on the dealer with delegation a embedded and the pieces block attached.</summary>
    internal static Delegation RebuildInvocationB()
    {
        var proof = Delegation.Extract(UcanVectors.Bytes("a-delegation-deal-offer.car"));
        return Invocation.Invoke(new DelegationOptions(
            TestPrincipals.StorefrontSigner,
            TestPrincipals.DealerDid,
            [new Capability("deal/offer", TestPrincipals.DealerDid, DealNb())])
        {
            Expiration = Year2100,
            Nonce = "vector-b",
            Proofs = [proof],
            AttachedBlocks = [UcanVectors.PiecesBlock()],
        });
    }

    /// <summary>The dealer's self-issued deal/add effect: exp null, no nonce, same nb.</summary>
    internal static Delegation BuildDealAddEffect() => Invocation.Invoke(new DelegationOptions(
        TestPrincipals.DealerSigner,
        TestPrincipals.DealerDid,
        [new Capability("deal/add", TestPrincipals.DealerDid, DealNb())]));

    [Test]
    public void Rebuilding_invocation_b_gives_the_vector_cid_and_bytes()
    {
        var vector = UcanVectors.Json("b-deal-offer-request.json");
        var invocation = RebuildInvocationB();
        Assert.Multiple(() =>
        {
            Assert.That(invocation.Cid.ToString(), Is.EqualTo(vector.GetProperty("invocationCID").GetString()));
            Assert.That(invocation.Root.Bytes.ToArray(), Is.EqualTo(UcanVectors.Hex(vector.GetProperty("invocation").GetProperty("blockBytesHex"))));
            Assert.That(
                invocation.Model.FormatPayloadJson(),
                Is.EqualTo(vector.GetProperty("invocation").GetProperty("signedBytes").GetProperty("payloadJSON").GetString()));
        });
    }

    [Test]
    public void The_request_message_car_is_byte_identical_to_the_js_client_output()
    {
        var expected = UcanVectors.Bytes("b-deal-offer-request.car");
        var message = AgentMessage.Build([RebuildInvocationB()]);
        Assert.Multiple(() =>
        {
            Assert.That(message.Cid.ToString(), Is.EqualTo("bafyreiak4mgvfpm5qqz4bciu2gaogx35luohf2rqqp4ds647phn65hunrm"));
            Assert.That(message.ToCar(), Is.EqualTo(expected));
        });
    }

    [Test]
    public void The_request_car_decodes_to_the_invocation_with_its_proof_and_pieces_block()
    {
        var message = AgentMessage.FromCar(UcanVectors.Bytes("b-deal-offer-request.car"));
        var invocation = message.Invocations.Single();
        Assert.Multiple(() =>
        {
            Assert.That(invocation.Issuer, Is.EqualTo(TestPrincipals.StorefrontDid));
            Assert.That(invocation.Audience, Is.EqualTo(TestPrincipals.DealerDid));
            Assert.That(invocation.Capabilities.Single().Can, Is.EqualTo("deal/offer"));
            Assert.That(invocation.Nonce, Is.EqualTo("vector-b"));
            Assert.That(invocation.Proofs.Single().Cid.ToString(), Is.EqualTo("bafyreidiynloemtog62wd4rnm7bqyedgqhhw45ppyjwt6unav4fzanpwjm"));
            Assert.That(invocation.TryGetBlock(UcanVectors.PiecesBlock().Cid, out _), Is.True);
            Assert.That(invocation.VerifySignature(TestPrincipals.StorefrontSigner.Verifier), Is.True);
            Assert.That(invocation.Proofs[0].VerifySignature(TestPrincipals.DealerSigner.Verifier), Is.True);
            Assert.That(message.ToCar(), Is.EqualTo(UcanVectors.Bytes("b-deal-offer-request.car")));
        });
    }

    [Test]
    public void The_deal_add_effect_encodes_to_the_vector_block_and_cid()
    {
        var effect = BuildDealAddEffect();
        Assert.Multiple(() =>
        {
            Assert.That(effect.Root.Bytes.ToArray(), Is.EqualTo(UcanVectors.Bytes("d-deal-add-effect.ucan.cbor")));
            Assert.That(effect.Cid.ToString(), Is.EqualTo("bafyreibdjhq7jleujldv4wqz6nqh7lxoge36ogsrunztv3srn6ce5ycxxm"));
            Assert.That(effect.Expiration, Is.Null);
            Assert.That(effect.Nonce, Is.Null);
        });
    }

    [Test]
    public void The_deal_add_effect_does_not_change_cid_when_the_pieces_block_is_attached()
    {
        var effect = BuildDealAddEffect();
        var attached = effect.Attach(UcanVectors.PiecesBlock());
        Assert.Multiple(() =>
        {
            Assert.That(attached.Cid, Is.EqualTo(effect.Cid));
            Assert.That(attached.IterateBlocks().Select(static b => b.Cid), Is.EqualTo(new[] { UcanVectors.PiecesBlock().Cid, effect.Cid }));
            Assert.That(effect.IterateBlocks().Select(static b => b.Cid), Is.EqualTo(new[] { effect.Cid }));
        });
    }
}
