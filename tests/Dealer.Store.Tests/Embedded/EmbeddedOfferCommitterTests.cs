using Dealer.Store.Abstractions;
using Dealer.Store.Tests.Contracts;

namespace Dealer.Store.Tests.Embedded;

/// <summary>The offer-unit contract against the embedded backend, plus the repair of offer files lost to a power cut.</summary>
[TestFixture]
public sealed class EmbeddedOfferCommitterTests : OfferCommitterContract
{
    private readonly EmbeddedContractBackend _backend = new();

    protected override Task<DealerStores> OpenAsync() => _backend.OpenAsync();

    protected override Task AfterCloseAsync() => _backend.DeleteAsync();

    [Test]
    public async Task Repair_rewrites_offer_files_that_are_missing_or_cut_short_and_leaves_whole_ones()
    {
        var offers = Enumerable.Range(0, 3).Select(i => TestData.Offer(TestData.At(200 + i))).ToList();
        foreach (var offer in offers)
        {
            await Stores.Committer.CommitAsync(new OfferUnit(offer, "{}"));
        }

        var directory = Path.Combine(_backend.Directory, "offers");
        await WaitForFilesAsync(directory, offers.Count);
        File.Delete(Path.Combine(directory, offers[0].Key));
        await File.WriteAllBytesAsync(Path.Combine(directory, offers[1].Key), []);

        var repaired = await Stores.Offers.RepairObjectsAsync();

        Assert.That(repaired, Is.EqualTo(2));
        foreach (var offer in offers)
        {
            Assert.That(await File.ReadAllBytesAsync(Path.Combine(directory, offer.Key)), Is.EqualTo(OfferJson.Serialize(offer)));
        }

        Assert.That(await Stores.Offers.RepairObjectsAsync(), Is.Zero);
    }

    private static async Task WaitForFilesAsync(string directory, int count)
    {
        for (var attempt = 0; attempt < 100 && Directory.GetFiles(directory).Length < count; attempt++)
        {
            await Task.Delay(50);
        }
    }
}
