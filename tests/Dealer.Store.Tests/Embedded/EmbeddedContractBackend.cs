using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;

namespace Dealer.Store.Tests.Embedded;

/// <summary>
/// What every embedded contract fixture does around a test: open the stores on a fresh data directory, and delete
/// the directory once the contract has closed them.
/// </summary>
internal sealed class EmbeddedContractBackend(EmbeddedStoreOptions? options = null)
{
    private string? _directory;

    /// <summary>The data directory of the open stores.</summary>
    public string Directory => _directory ?? throw new InvalidOperationException("No stores are open.");

    public Task<DealerStores> OpenAsync()
    {
        _directory = TemporaryStores.CreateDirectory();
        return Task.FromResult(EmbeddedStores.Open(_directory, options));
    }

    public Task DeleteAsync()
    {
        if (_directory is not null)
        {
            TemporaryStores.DeleteDirectory(_directory);
            _directory = null;
        }

        return Task.CompletedTask;
    }
}
