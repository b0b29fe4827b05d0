using Dealer.Service.Configuration;
using Dealer.Service.Tests.Aws;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;

namespace Dealer.Service.Tests.Hosting;

/// <summary>
/// Orphans: an offer registered but never queued (a crash between the two), and on the embedded store one whose file
/// is gone, are finished by the dealer on start, without the storefront resending anything.
/// </summary>
[TestFixture(nameof(StoreKind.Embedded))]
[TestFixture(nameof(StoreKind.Aws))]
public sealed class OfferRepairTests
{
    private readonly StoreKind _store;

    public OfferRepairTests(string store) => _store = Enum.Parse<StoreKind>(store);

    [Test]
    public async Task A_registered_offer_left_unqueued_gets_its_object_and_message_on_start()
    {
        var directory = TestDealer.NewDataDirectory();
        await using var aws = _store == StoreKind.Aws ? await AwsTestResources.CreateAsync() : null;
        var offer = DistinctOffer.Create();
        var record = new OfferRecord
        {
            Aggregate = offer.Aggregate,
            Pieces = offer.Pieces.Select(p => p.ToString()).ToList(),
            PiecesLink = Offers.PiecesBlock(offer.Pieces).Cid.ToString(),
            Tenant = "tenant-1",
            Storefront = TestPrincipals.StorefrontDid,
            Invocation = offer.Invocation.Cid.ToString(),
            // Older than the repair's grace, as an orphan from before the restart is.
            InsertedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()),
        };
        try
        {
            // The registration alone, as a crash right after it leaves it (the stepwise put also writes the object:
            // on the embedded store the file is then removed, as a power cut could).
            await using (var before = aws is null ? Store.Embedded.EmbeddedStores.Open(directory) : aws.OpenStores())
            {
                await before.Offers.PutAsync(record);
            }

            if (aws is null)
            {
                File.Delete(Path.Combine(directory, "offers", record.Key));
            }

            await using var dealer = await TestDealer.StartAsync(dataDirectory: aws is null ? directory : null, aws: aws);
            var deal = await Eventually.GetAsync(() => dealer.Stores.Deals.GetAsync(offer.Aggregate), TimeSpan.FromSeconds(30));
            Assert.That(deal.Status, Is.EqualTo(DealStatus.Offered));
            Assert.That(await dealer.Stores.Offers.GetBodyAsync(record.Key), Is.EqualTo(OfferJson.Serialize(record)));
            Assert.That(await dealer.Stores.Offers.ListUnqueuedAsync(DateTimeOffset.MaxValue).ToListAsync(), Is.Empty);
        }
        finally
        {
            TestDealer.TryDelete(directory);
        }
    }
}
