using Dealer.Store.Abstractions;

namespace Dealer.Store.Tests.Contracts;

/// <summary>What every <see cref="IReceiptStore"/> must do.</summary>
public abstract class ReceiptStoreContract : StoreContract
{
    private IReceiptStore Receipts => Stores.Receipts;

    [Test]
    public async Task Stored_receipt_is_read_back_byte_for_byte()
    {
        var invocation = TestData.Cid();
        byte[] car = [0x3a, 0xa2, 0x65, 0x72, 0x6f, 0x6f, 0x74, 0x73, 0x00, 0xff];

        await Receipts.PutAsync(invocation, car);

        Assert.That(await Receipts.GetAsync(invocation), Is.EqualTo(car));
    }

    [Test]
    public async Task A_later_put_for_the_same_invocation_replaces_the_receipt()
    {
        var invocation = TestData.Cid();
        await Receipts.PutAsync(invocation, new byte[] { 1, 2, 3 });

        await Receipts.PutAsync(invocation, new byte[] { 4, 5 });

        Assert.That(await Receipts.GetAsync(invocation), Is.EqualTo(new byte[] { 4, 5 }));
    }

    [Test]
    public async Task Receipts_of_different_invocations_are_kept_apart()
    {
        var first = TestData.Cid();
        var second = TestData.Cid();

        await Receipts.PutAsync(first, new byte[] { 1 });
        await Receipts.PutAsync(second, new byte[] { 2 });

        Assert.Multiple(async () =>
        {
            Assert.That(await Receipts.GetAsync(first), Is.EqualTo(new byte[] { 1 }));
            Assert.That(await Receipts.GetAsync(second), Is.EqualTo(new byte[] { 2 }));
        });
    }

    [Test]
    public async Task Unknown_invocation_has_no_receipt()
    {
        Assert.That(await Receipts.GetAsync(TestData.Cid()), Is.Null);
    }
}
