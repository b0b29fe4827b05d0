using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Dealer.Store.Tests.Contracts;

namespace Dealer.Store.Tests.Embedded;

/// <summary>The revocation store contract against the embedded backend.</summary>
[TestFixture]
public sealed class EmbeddedRevocationStoreTests : RevocationStoreContract
{
    private readonly EmbeddedContractBackend _backend = new();

    protected override Task<DealerStores> OpenAsync() => _backend.OpenAsync();

    protected override Task AfterCloseAsync() => _backend.DeleteAsync();
}
