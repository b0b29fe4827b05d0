using System.Diagnostics;
using Dealer.Store.Abstractions;

namespace Dealer.Store.Tests.Contracts;

/// <summary>
/// The lifecycle every contract suite shares: each test gets freshly opened stores from the backend's factory and
/// they are disposed after it. Contract tests only use the abstractions, so they run unchanged against any backend.
/// </summary>
public abstract class StoreContract
{
    private DealerStores? _stores;

    /// <summary>The stores under test, opened for the current test.</summary>
    protected DealerStores Stores => _stores ?? throw new InvalidOperationException("The stores are opened in SetUp.");

    /// <summary>Opens stores for one test. Each call must return stores whose dealer-queue is empty.</summary>
    protected abstract Task<DealerStores> OpenAsync();

    /// <summary>Runs after the stores of a test are disposed (for example to delete a data directory).</summary>
    protected virtual Task AfterCloseAsync() => Task.CompletedTask;

    /// <summary>
    /// What <paramref name="count"/> returns once it reaches <paramref name="expected"/>, or the last value seen after
    /// <paramref name="slack"/> (SQS counts are approximate and may lag a send or a move).
    /// </summary>
    protected static async Task<long> CountEventuallyAsync(Func<Task<long>> count, long expected, TimeSpan slack)
    {
        ArgumentNullException.ThrowIfNull(count);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await count();
            if (value == expected || clock.Elapsed > slack)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }

    [SetUp]
    public async Task OpenStoresAsync() => _stores = await OpenAsync();

    [TearDown]
    public async Task CloseStoresAsync()
    {
        if (_stores is not null)
        {
            await _stores.DisposeAsync();
            _stores = null;
        }

        await AfterCloseAsync();
    }
}
