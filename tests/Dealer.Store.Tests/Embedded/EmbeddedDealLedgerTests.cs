using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Dealer.Store.Tests.Contracts;

namespace Dealer.Store.Tests.Embedded;

/// <summary>The operator ledger contract against the embedded backend.</summary>
[TestFixture]
public sealed class EmbeddedDealLedgerTests : DealLedgerContract
{
    private readonly EmbeddedContractBackend _backend = new();

    protected override Task<DealerStores> OpenAsync() => _backend.OpenAsync();

    protected override Task AfterCloseAsync() => _backend.DeleteAsync();
}
