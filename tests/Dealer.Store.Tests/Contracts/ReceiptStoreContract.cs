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

    [Test]
    public async Task An_error_receipt_is_read_back_and_replaced_by_a_later_error_receipt()
    {
        var invocation = TestData.Cid();
        await Receipts.PutErrorAsync(invocation, new byte[] { 1 });

        await Receipts.PutErrorAsync(invocation, new byte[] { 2 });

        Assert.That(await Receipts.GetAsync(invocation), Is.EqualTo(new byte[] { 2 }));
    }

    [Test]
    public async Task An_error_receipt_never_replaces_a_final_receipt_and_a_final_one_wins_over_an_error()
    {
        var kept = TestData.Cid();
        var fixedLater = TestData.Cid();
        await Receipts.PutAsync(kept, new byte[] { 1 });
        await Receipts.PutErrorAsync(fixedLater, new byte[] { 2 });

        await Receipts.PutErrorAsync(kept, new byte[] { 3 });
        await Receipts.PutAsync(fixedLater, new byte[] { 4 });

        Assert.Multiple(async () =>
        {
            Assert.That(await Receipts.GetAsync(kept), Is.EqualTo(new byte[] { 1 }));
            Assert.That(await Receipts.GetFinalAsync(kept), Is.EqualTo(new byte[] { 1 }));
            Assert.That(await Receipts.GetAsync(fixedLater), Is.EqualTo(new byte[] { 4 }));
        });
    }

    [Test]
    public async Task Pruning_removes_error_receipts_stored_before_the_cutoff_and_nothing_else()
    {
        var error = TestData.Cid();
        var final = TestData.Cid();
        await Receipts.PutErrorAsync(error, new byte[] { 1 });
        await Receipts.PutAsync(final, new byte[] { 2 });

        var none = await Receipts.PruneErrorsAsync(DateTimeOffset.UtcNow - TimeSpan.FromHours(1));
        var kept = await Receipts.GetAsync(error);
        var pruned = await Receipts.PruneErrorsAsync(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10));

        Assert.Multiple(async () =>
        {
            Assert.That(none, Is.Zero);
            Assert.That(kept, Is.EqualTo(new byte[] { 1 }));
            Assert.That(pruned, Is.GreaterThanOrEqualTo(1));
            Assert.That(await Receipts.GetAsync(error), Is.Null);
            Assert.That(await Receipts.GetAsync(final), Is.EqualTo(new byte[] { 2 }));
        });
    }
}
