using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;

namespace Dealer.Store.Tests.Embedded;

/// <summary>Embedded stores on a fresh data directory under the system temp path, deleted on dispose.</summary>
public sealed class TemporaryStores : IAsyncDisposable
{
    private TemporaryStores(string directory, DealerStores stores)
    {
        Directory = directory;
        Stores = stores;
    }

    /// <summary>The data directory.</summary>
    public string Directory { get; }

    /// <summary>The opened stores.</summary>
    public DealerStores Stores { get; }

    /// <summary>The concrete dealer-queue (for its dead-letter listing).</summary>
    public EmbeddedDealerQueue Queue => (EmbeddedDealerQueue)Stores.Queue;

    /// <summary>A new, empty data directory.</summary>
    public static string CreateDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "dealer-store-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes a data directory made by <see cref="CreateDirectory"/>.</summary>
    public static void DeleteDirectory(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>Opens stores on a new data directory.</summary>
    public static TemporaryStores Open(EmbeddedStoreOptions? options = null)
    {
        var directory = CreateDirectory();
        return new TemporaryStores(directory, EmbeddedStores.Open(directory, options));
    }

    public async ValueTask DisposeAsync()
    {
        await Stores.DisposeAsync();
        DeleteDirectory(Directory);
    }
}
