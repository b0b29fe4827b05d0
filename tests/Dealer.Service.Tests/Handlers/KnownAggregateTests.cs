using Dealer.Service.Tests.Support;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Tokens;

namespace Dealer.Service.Tests.Handlers;

/// <summary>
/// A new invocation for an aggregate that is already offered is judged on its own content first, over HTTP: a bad
/// pieces block gets its own error, not the first offer's <c>ok</c>, and other pieces are <c>AggregateConflict</c>.
/// </summary>
public sealed class KnownAggregateTests
{
    private static string Message(Receipt receipt) =>
        (string)((IReadOnlyDictionary<string, object?>)receipt.Out.Error!)["message"]!;

    /// <summary>A deal/offer for the vector aggregate whose <c>nb.pieces</c> is <paramref name="link"/>, with <paramref name="attached"/>.</summary>
    private static Delegation OfferWith(Cid link, IReadOnlyList<Block> attached, string nonce, string ability = DealerCapabilities.DealOfferAbility)
    {
        IReadOnlyDictionary<string, object?> nb = ability == DealerCapabilities.DealOfferAbility
            ? new DealCaveats(Cid.Parse(Vectors.Aggregate), link, "tenant-1", null).ToIpld()
            : new Dictionary<string, object?>(StringComparer.Ordinal) { ["aggregate"] = Cid.Parse(Vectors.Aggregate), ["pieces"] = link };
        return Invocation.Invoke(new DelegationOptions(
            TestPrincipals.StorefrontSigner,
            TestPrincipals.DealerDid,
            [new Capability(ability, TestPrincipals.DealerDid, nb)])
        {
            Expiration = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 600,
            Nonce = nonce,
            Proofs = [Offers.StorefrontProof(ability: ability)],
            AttachedBlocks = attached,
        });
    }

    private static Block Raw(ulong codec, byte[] bytes) => Block.Create(Cid.Hash(codec, bytes), bytes);

    /// <summary>[[[…[]…]]] nested <paramref name="depth"/> deep, as DAG-CBOR bytes.</summary>
    private static byte[] Nested(int depth)
    {
        var bytes = new byte[depth + 1];
        Array.Fill(bytes, (byte)0x81);
        bytes[depth] = 0x80;
        return bytes;
    }

    private static async Task<(TestDealer Dealer, Receipt First)> OfferedAsync(bool verify = true)
    {
        var dealer = await TestDealer.StartAsync(options => options with { VerifyAggregate = verify });
        var first = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: "first"));
        Assert.That(first.Out.IsOk, Is.True, () => Message(first));
        return (dealer, first);
    }

    private static IEnumerable<TestCaseData> BadPiecesBlocks()
    {
        var notCbor = Raw(0x71, [0xff, 0x00]);
        yield return new TestCaseData("missing", notCbor.Cid, Array.Empty<Block>(), "DecodeBlockOperationFailed").SetName("Missing pieces block");
        yield return new TestCaseData("not DAG-CBOR", notCbor.Cid, new[] { notCbor }, "DecodeBlockOperationFailed").SetName("Pieces block that is not DAG-CBOR");
        var map = Block.Encode(new Dictionary<string, object?>(StringComparer.Ordinal) { ["pieces"] = Vectors.Pieces().Cast<object?>().ToList() });
        yield return new TestCaseData("a map", map.Cid, new[] { map }, "InvalidPieces").SetName("Pieces block that is not an array");
        var empty = Offers.PiecesBlock([]);
        yield return new TestCaseData("empty", empty.Cid, new[] { empty }, "InvalidPieces").SetName("Empty pieces block");
        var strangers = Offers.PiecesBlock([Cid.Hash(0x71, [0xa0]), Cid.Hash(0x55, [1, 2, 3])]);
        yield return new TestCaseData("non-piece links", strangers.Cid, new[] { strangers }, "InvalidPieces").SetName("Pieces block of non-piece CIDs");
        var deep = Raw(0x71, Nested(10_000));
        yield return new TestCaseData("nested 10,000 deep", deep.Cid, new[] { deep }, "DecodeBlockOperationFailed").SetName("Pieces block nested 10,000 deep");
    }

    [TestCaseSource(nameof(BadPiecesBlocks))]
    public async Task A_reoffer_of_a_known_aggregate_is_checked_on_its_own_content(string what, Cid link, Block[] attached, string error)
    {
        var (dealer, first) = await OfferedAsync();
        await using var _ = dealer;
        var before = await dealer.Stores.Offers.FindAsync(Vectors.Aggregate);

        var again = await dealer.InvokeAsync(OfferWith(link, attached, nonce: "again " + what));

        Assert.That(again.Out.ErrorName, Is.EqualTo(error), what);
        Assert.That(again.Join, Is.Null);
        Assert.That(await dealer.Stores.Offers.FindAsync(Vectors.Aggregate), Is.EqualTo(before), "the first offer is untouched");
        Assert.That(first.Join, Is.Not.Null);
    }

    [Test]
    public async Task A_reoffer_with_the_same_pieces_gets_the_first_offers_join()
    {
        var (dealer, first) = await OfferedAsync();
        await using var _ = dealer;

        var again = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: "again", tenant: "other"));

        Assert.That(again.Out.IsOk, Is.True, () => Message(again));
        Assert.That(again.Join, Is.EqualTo(first.Join));
    }

    [Test]
    public async Task A_reoffer_with_other_pieces_is_AggregateConflict()
    {
        // Without verification the reversed pieces pass every check of their own; they conflict with the first offer.
        var (dealer, _) = await OfferedAsync(verify: false);
        await using var __ = dealer;
        var reversed = Offers.PiecesBlock(Vectors.Pieces().Reverse().ToList());

        var again = await dealer.InvokeAsync(OfferWith(reversed.Cid, [reversed], nonce: "reversed"));
        var aggregateOffer = await dealer.InvokeAsync(OfferWith(reversed.Cid, [reversed], nonce: "reversed", ability: DealerCapabilities.AggregateOfferAbility));

        Assert.That(again.Out.ErrorName, Is.EqualTo("AggregateConflict"));
        Assert.That(Message(again), Does.Contain(Vectors.Aggregate).And.Contain("other pieces"));
        Assert.That(aggregateOffer.Out.ErrorName, Is.EqualTo("AggregateConflict"));
        Assert.That((await dealer.Stores.Offers.FindAsync(Vectors.Aggregate))!.Pieces, Is.EqualTo(Vectors.Pieces().Select(piece => piece.ToString())));
    }

    [Test]
    public async Task A_reoffer_with_other_pieces_is_InvalidAggregate_when_verifying()
    {
        var (dealer, _) = await OfferedAsync();
        await using var __ = dealer;
        var reversed = Offers.PiecesBlock(Vectors.Pieces().Reverse().ToList());

        var again = await dealer.InvokeAsync(OfferWith(reversed.Cid, [reversed], nonce: "reversed"));

        Assert.That(again.Out.ErrorName, Is.EqualTo("InvalidAggregate"));
    }
}
