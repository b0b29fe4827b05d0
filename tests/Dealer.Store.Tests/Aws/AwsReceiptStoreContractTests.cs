using Dealer.Store.Abstractions;
using Dealer.Store.Tests.Contracts;

namespace Dealer.Store.Tests.Aws;

/// <summary>The backend-neutral receipt store contract on fauxqs (S3), with fresh resources per test.</summary>
[TestFixture]
public sealed class AwsReceiptStoreContractTests : ReceiptStoreContract
{
    protected override async Task<DealerStores> OpenAsync() => (await AwsEmulator.CreateStoresAsync()).Stores;
}
