using Dealer.Store.Abstractions;
using Dealer.Store.Tests.Contracts;

namespace Dealer.Store.Tests.Aws;

/// <summary>The backend-neutral deal ledger contract on DynamoDB Local, with fresh resources per test.</summary>
[TestFixture]
public sealed class AwsDealLedgerContractTests : DealLedgerContract
{
    protected override async Task<DealerStores> OpenAsync() => (await AwsEmulator.CreateStoresAsync()).Stores;
}
