using Amazon.S3.Model;
using Dealer.Store.Abstractions;
using Dealer.Store.Aws;

namespace Dealer.Store.Tests.Aws;

[TestFixture]
public sealed class AwsReceiptRevocationLedgerTests
{
    private AwsStoreOptions _options = null!;
    private DealerStores _stores = null!;

    [OneTimeSetUp]
    public async Task CreateAsync() => (_options, _stores) = await AwsEmulator.CreateStoresAsync();

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _stores.DisposeAsync();

    [Test]
    public async Task A_receipt_is_kept_under_receipts_slash_invocation_and_a_later_put_replaces_it()
    {
        var car = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();

        await _stores.Receipts.PutAsync("bafyreireceipt1", car);
        var stored = await _stores.Receipts.GetAsync("bafyreireceipt1");
        await _stores.Receipts.PutAsync("bafyreireceipt1", new byte[] { 1, 2, 3 });

        Assert.That(stored, Is.EqualTo(car));
        Assert.That(await _stores.Receipts.GetAsync("bafyreireceipt1"), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(await _stores.Receipts.GetAsync("bafyreinone"), Is.Null);
        using var clients = AwsClients.Create(_options);
        var listed = await clients.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.ReceiptBucket });
        Assert.That(listed.S3Objects?.Select(o => o.Key), Is.EqualTo(new[] { "receipts/bafyreireceipt1" }));
    }

    [Test]
    public async Task The_first_revoked_delegation_is_found_in_the_callers_order()
    {
        await _stores.Revocations.RevokeAsync("bafyreirevokedb", "compromised", AwsTestData.Epoch);
        await _stores.Revocations.RevokeAsync("bafyreirevokeda", null, AwsTestData.Epoch);
        await _stores.Revocations.RevokeAsync("bafyreirevokeda", "again", AwsTestData.Epoch.AddDays(1));

        Assert.That(await _stores.Revocations.FindRevokedAsync(["bafyreiok1", "bafyreirevokeda", "bafyreirevokedb"]),
            Is.EqualTo("bafyreirevokeda"));
        Assert.That(await _stores.Revocations.FindRevokedAsync(["bafyreirevokedb", "bafyreirevokeda"]), Is.EqualTo("bafyreirevokedb"));
        Assert.That(await _stores.Revocations.FindRevokedAsync(["bafyreiok1", "bafyreiok2"]), Is.Null);
        Assert.That(await _stores.Revocations.FindRevokedAsync([]), Is.Null);
    }

    [Test]
    public async Task More_than_a_batch_of_delegations_with_repeats_is_checked_in_full()
    {
        await _stores.Revocations.RevokeAsync("bafyreilast", null, AwsTestData.Epoch);
        var chain = Enumerable.Range(0, 250).Select(i => $"bafyreichain{i % 180}").Append("bafyreilast").ToArray();

        Assert.That(await _stores.Revocations.FindRevokedAsync(chain), Is.EqualTo("bafyreilast"));
    }

    [Test]
    public async Task A_verdict_reads_back_and_a_new_one_replaces_it()
    {
        var rejected = new DealVerdict("bafkzcibledger", false, null, null, "no provider", AwsTestData.Epoch);
        var approved = new DealVerdict("bafkzcibledger", true, 42, "f0999", null, AwsTestData.Epoch.AddHours(1));

        Assert.That(await _stores.Ledger.GetAsync("bafkzcibledger"), Is.Null);
        await _stores.Ledger.RecordAsync(rejected);
        var first = await _stores.Ledger.GetAsync("bafkzcibledger");
        await _stores.Ledger.RecordAsync(approved);

        Assert.That(first, Is.EqualTo(rejected));
        Assert.That(await _stores.Ledger.GetAsync("bafkzcibledger"), Is.EqualTo(approved));
    }
}
