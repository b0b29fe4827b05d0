namespace Dealer.Service.Http;

/// <summary>
/// The global bound on request-body bytes held in memory at once, over all requests: each request takes from it the
/// bytes it has actually received (never what it declares) and gives them back when it has been answered. Lock-free.
/// </summary>
internal sealed class RequestBodyBudget
{
    private long _available;

    /// <summary>A budget of <paramref name="capacity"/> bytes.</summary>
    public RequestBodyBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _available = capacity;
    }

    /// <summary>The bound, in bytes.</summary>
    public long Capacity { get; }

    /// <summary>Bytes held by requests right now.</summary>
    public long InUse => Capacity - Interlocked.Read(ref _available);

    /// <summary>Takes <paramref name="bytes"/> if that many are left; false (taking nothing) otherwise.</summary>
    public bool TryTake(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var available = Interlocked.Read(ref _available);
        while (available >= bytes)
        {
            var seen = Interlocked.CompareExchange(ref _available, available - bytes, available);
            if (seen == available)
            {
                return true;
            }

            available = seen;
        }

        return false;
    }

    /// <summary>Gives back <paramref name="bytes"/> taken before.</summary>
    public void Return(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Interlocked.Add(ref _available, bytes);
    }
}
