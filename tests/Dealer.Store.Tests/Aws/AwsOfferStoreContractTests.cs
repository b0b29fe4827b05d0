using Dealer.Store.Abstractions;
using Dealer.Store.Tests.Contracts;

namespace Dealer.Store.Tests.Aws;

/// <summary>The backend-neutral offer-store contract on fauxqs (S3) and DynamoDB Local, with fresh resources per test.</summary>
[TestFixture]
public sealed class AwsOfferStoreContractTests : OfferStoreContract
{
    protected override async Task<DealerStores> OpenAsync() => (await AwsEmulator.CreateStoresAsync()).Stores;
}
