using System.Globalization;

namespace Dealer.Store.Abstractions;

/// <summary>The offer-store key format shared by every backend.</summary>
public static class OfferKeys
{
    /// <summary>The timestamp format of a key: ISO 8601, UTC, milliseconds, a trailing <c>Z</c>.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Builds the key <c>"&lt;timestamp&gt; &lt;aggregate&gt;"</c>.</summary>
    public static string For(DateTimeOffset insertedAt, string aggregate)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        return insertedAt.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture) + " " + aggregate;
    }
}
