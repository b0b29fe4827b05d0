namespace Dealer.Testing;

/// <summary>A clock stopped at a given Unix time.</summary>
internal sealed class FixedClock(long unixSeconds) : TimeProvider
{
    /// <summary>2025-01-01T00:00:00Z, between every vector's nbf/exp bounds.</summary>
    public const long Default = 1735689600;

    public long UnixSeconds { get; set; } = unixSeconds;

    public FixedClock()
        : this(Default)
    {
    }

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(UnixSeconds);
}
