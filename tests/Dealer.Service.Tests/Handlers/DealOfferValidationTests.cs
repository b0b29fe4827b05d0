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

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.Storefront, [Vectors.StorefrontProof()]));

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

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.Storefront, [Vectors.StorefrontProof()]));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("AggregateSizeOutOfRange"));
    }

    [Test]
    public async Task Missing_pieces_block_is_DecodeBlockOperationFailed()
    {
        await using var dealer = await TestDealer.StartAsync();

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.Storefront, [Vectors.StorefrontProof()], attachPieces: false));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("DecodeBlockOperationFailed"));
        Assert.That(Message(receipt), Does.StartWith("missing offer block in invocation: bafyrei"));
    }

    [Test]
    public async Task Pieces_in_the_wrong_order_are_InvalidAggregate()
    {
        await using var dealer = await TestDealer.StartAsync();
        var swapped = Vectors.Pieces().Reverse().ToList();

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.Storefront, [Vectors.StorefrontProof()], pieces: swapped));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("InvalidAggregate"));
        Assert.That(await dealer.Stores.Offers.FindAsync(Vectors.Aggregate), Is.Null);
    }

    [Test]
    public async Task Pieces_in_the_wrong_order_pass_when_verification_is_off()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with { VerifyAggregate = false });
        var swapped = Vectors.Pieces().Reverse().ToList();

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.Storefront, [Vectors.StorefrontProof()], pieces: swapped));

        Assert.That(receipt.Out.IsOk, Is.True);
    }

    [Test]
    public async Task Non_piece_link_in_the_pieces_block_is_InvalidPieces()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with { VerifyAggregate = false });
        var pieces = Vectors.Pieces().Append(Cid.Hash(0x71, [0xa0])).ToList();

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.Storefront, [Vectors.StorefrontProof()], pieces: pieces));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("InvalidPieces"));
        Assert.That(Message(receipt), Does.Contain("element 3"));
    }

    [Test]
    public async Task Empty_pieces_block_is_InvalidPieces()
    {
        await using var dealer = await TestDealer.StartAsync();

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.Storefront, [Vectors.StorefrontProof()], pieces: []));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("InvalidPieces"));
        Assert.That(Message(receipt), Does.Contain("lists no pieces"));
    }

    [Test]
    public async Task Pieces_larger_than_the_aggregate_are_InvalidPieces()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with { VerifyAggregate = false });
        var piece = Vectors.Pieces()[2];
        var pieces = Enumerable.Repeat(piece, 9).ToList(); // 9 × 8 KiB > 64 KiB

        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.Storefront, [Vectors.StorefrontProof()], pieces: pieces));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("InvalidPieces"));
        Assert.That(Message(receipt), Does.Contain("more than the aggregate's 65536 bytes"));
    }

    [Test]
    public async Task Self_issued_offer_on_another_resource_is_UnsupportedCapability()
    {
        await using var dealer = await TestDealer.StartAsync();

        // with = the storefront's own DID is self-issued, so it is authorized, but it is not this dealer.
        var receipt = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.Storefront, [], with: TestPrincipals.StorefrontDid));

        Assert.That(receipt.Out.ErrorName, Is.EqualTo("UnsupportedCapability"));
    }
}
