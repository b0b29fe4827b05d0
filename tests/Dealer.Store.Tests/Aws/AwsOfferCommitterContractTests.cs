using Dealer.Store.Abstractions;
using Dealer.Store.Tests.Contracts;

namespace Dealer.Store.Tests.Aws;

/// <summary>The offer-unit contract on fauxqs (S3, SQS) and DynamoDB Local, with fresh resources per test.</summary>
[TestFixture]
public sealed class AwsOfferCommitterContractTests : OfferCommitterContract
{
    protected override async Task<DealerStores> OpenAsync() => (await AwsEmulator.CreateStoresAsync()).Stores;
}
