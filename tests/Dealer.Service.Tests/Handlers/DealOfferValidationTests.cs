using Dealer.Service.Tests.Support;
using Dealer.Ucan.Ipld;

namespace Dealer.Service.Tests.Handlers;

/// <summary>deal/offer refuses offers that are not what they claim, with a named error receipt and no side effect.</summary>
public sealed class DealOfferValidationTests
{
    private static string Message(Dealer.Ucan.Receipts.Receipt receipt) =>
        (string)((IReadOnlyDictionary<string, object?>)receipt.Out.Error!)["message"]!;

    [Test]
    public async Task Aggregate_below_the_minimum_is_AggregateSizeOutOfRange()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with { MinAggregateSize = 1L << 20, MaxAggregateSize = 1L << 30 });

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()]));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("AggregateSizeOutOfRange"));
        Assert.That(Message(receipt), Does.Contain("65536 bytes"));
        Assert.That(await dealer.Stores.Offers.FindAsync(Vectors.Aggregate), Is.Null);
    }

    [Test]
    public async Task Default_limits_refuse_the_small_vector_aggregate()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with
        {
            MinAggregateSize = Dealer.Service.Configuration.DealerOptions.DefaultMinAggregateSize,
            MaxAggregateSize = Dealer.Service.Configuration.DealerOptions.DefaultMaxAggregateSize,
        });

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()]));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("AggregateSizeOutOfRange"));
    }

    [Test]
    public async Task Missing_pieces_block_is_DecodeBlockOperationFailed()
    {
        await using var dealer = await TestDealer.StartAsync();

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], attachPieces: false));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("DecodeBlockOperationFailed"));
        Assert.That(Message(receipt), Does.StartWith("missing offer block in invocation: bafyrei"));
    }

    [Test]
    public async Task Pieces_in_the_wrong_order_are_InvalidAggregate()
    {
        await using var dealer = await TestDealer.StartAsync();
        var swapped = Vectors.Pieces().Reverse().ToList();

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], pieces: swapped));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("InvalidAggregate"));
        Assert.That(await dealer.Stores.Offers.FindAsync(Vectors.Aggregate), Is.Null);
    }

    [Test]
    public async Task Pieces_in_the_wrong_order_pass_when_verification_is_off()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with { VerifyAggregate = false });
        var swapped = Vectors.Pieces().Reverse().ToList();

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], pieces: swapped));

        Assert.That(receipt.Out.IsOk, Is.True);
    }

    [Test]
    public async Task Non_piece_link_in_the_pieces_block_is_InvalidPieces()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with { VerifyAggregate = false });
        var pieces = Vectors.Pieces().Append(Cid.Hash(0x71, [0xa0])).ToList();

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], pieces: pieces));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("InvalidPieces"));
        Assert.That(Message(receipt), Does.Contain("element 3"));
    }

    [Test]
    public async Task Empty_pieces_block_is_InvalidPieces()
    {
        await using var dealer = await TestDealer.StartAsync();

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], pieces: []));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("InvalidPieces"));
        Assert.That(Message(receipt), Does.Contain("lists no pieces"));
    }

    [Test]
    public async Task Pieces_larger_than_the_aggregate_are_InvalidPieces()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with { VerifyAggregate = false });
        var piece = Vectors.Pieces()[2];
        var pieces = Enumerable.Repeat(piece, 9).ToList(); // 9 × 8 KiB > 64 KiB

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], pieces: pieces));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("InvalidPieces"));
        Assert.That(Message(receipt), Does.Contain("more than the aggregate's 65536 bytes"));
    }

    [Test]
    public async Task Self_issued_offer_on_another_resource_is_UnsupportedCapability()
    {
        await using var dealer = await TestDealer.StartAsync();

        // with = the storefront's own DID is self-issued, so it is authorized, but it is not this dealer.
        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [], with: TestPrincipals.StorefrontDid));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("UnsupportedCapability"));
    }
}

/// <summary>deal/offer names why pieces do not make the offered aggregate (FRC-0058), one error per way it can fail.</summary>
public sealed class DealOfferAggregateVerificationTests
{
    private static readonly Random Seeded = new(58);

    private static Cid Piece(byte height)
    {
        var root = new byte[32];
        Seeded.NextBytes(root);
        root[31] &= 0x3f;
        return Dealer.Ucan.Filecoin.PieceLink.Create(0, height, root).ToCid();
    }

    private static Cid AggregateOf(IReadOnlyList<Cid> pieces, byte height) =>
        Dealer.Ucan.Filecoin.Aggregate.Compute(pieces.Select(Dealer.Ucan.Filecoin.PieceLink.FromCid).ToArray(), height).ToCid();

    private static Cid AnyAggregate(byte height, ulong padding = 0) =>
        Dealer.Ucan.Filecoin.PieceLink.Create(padding, height, new byte[32]).ToCid();

    private static async Task<Dealer.Ucan.Receipts.Receipt> OfferAsync(TestDealer dealer, IReadOnlyList<Cid> pieces, Cid aggregate) =>
        await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], pieces: pieces, aggregate: aggregate));

    private static string Message(Dealer.Ucan.Receipts.Receipt receipt) =>
        (string)((IReadOnlyDictionary<string, object?>)receipt.Out.Error!)["message"]!;

    [Test]
    public async Task A_correct_aggregate_of_other_pieces_is_accepted()
    {
        await using var dealer = await TestDealer.StartAsync();
        Cid[] pieces = [Piece(4), Piece(2), Piece(6)];

        var receipt = await OfferAsync(dealer, pieces, AggregateOf(pieces, 10));

        Assert.That(receipt.Out.IsOk, Is.True, () => Message(receipt));
    }

    [Test]
    public async Task Pieces_running_into_the_index_are_PiecesOverflow()
    {
        await using var dealer = await TestDealer.StartAsync();
        // 1 KiB aggregate (height 5): 4 index entries take the last 256 bytes; 512 + 512 bytes of pieces overflow.
        Cid[] pieces = [Piece(4), Piece(4)];

        var receipt = await OfferAsync(dealer, pieces, AnyAggregate(5));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("PiecesOverflow"));
        Assert.That(Message(receipt), Does.Contain("index"));
    }

    [Test]
    public async Task A_piece_larger_than_the_aggregate_is_PieceTooLarge()
    {
        await using var dealer = await TestDealer.StartAsync();

        var receipt = await OfferAsync(dealer, [Piece(8)], AnyAggregate(6));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("PieceTooLarge"));
    }

    [Test]
    public async Task More_pieces_than_index_entries_is_TooManyPieces()
    {
        await using var dealer = await TestDealer.StartAsync();
        // 2 KiB aggregate (height 6) has 4 index entries; five 128-byte pieces fit in space but not in the index.
        var pieces = Enumerable.Range(0, 5).Select(_ => Piece(2)).ToArray();

        var receipt = await OfferAsync(dealer, pieces, AnyAggregate(6));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("TooManyPieces"));
    }

    [Test]
    public async Task An_aggregate_cid_with_padding_is_InvalidAggregatePadding()
    {
        await using var dealer = await TestDealer.StartAsync();
        Cid[] pieces = [Piece(3)];
        var computed = Dealer.Ucan.Filecoin.PieceLink.FromCid(AggregateOf(pieces, 8));
        var padded = Dealer.Ucan.Filecoin.PieceLink.Create(1, computed.Height, computed.Root).ToCid();

        var receipt = await OfferAsync(dealer, pieces, padded);

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("InvalidAggregatePadding"));
        Assert.That(await dealer.Stores.Offers.FindAsync(padded.ToString()), Is.Null);
    }

    [Test]
    public async Task With_verification_off_only_the_size_sum_is_checked()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with { VerifyAggregate = false });

        var overflowing = await OfferAsync(dealer, [Piece(5), Piece(5)], AnyAggregate(5));
        var unverified = await OfferAsync(dealer, [Piece(4)], AnyAggregate(5, padding: 1));

        Assert.That(overflowing.Out.ErrorName, Is.EqualTo("InvalidPieces"));
        Assert.That(unverified.Out.IsOk, Is.True);
    }
}
