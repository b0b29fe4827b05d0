using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Dealer.Store.Tests.Contracts;

namespace Dealer.Store.Tests.Embedded;

/// <summary>The receipt store contract against the embedded backend.</summary>
[TestFixture]
public sealed class EmbeddedReceiptStoreTests : ReceiptStoreContract
{
    private string? _directory;

    protected override Task<DealerStores> OpenAsync()
    {
        _directory = TemporaryStores.CreateDirectory();
        return Task.FromResult(EmbeddedStores.Open(_directory));
    }

    protected override Task AfterCloseAsync()
    {
        if (_directory is not null)
        {
            TemporaryStores.DeleteDirectory(_directory);
        }

        return Task.CompletedTask;
    }
}
