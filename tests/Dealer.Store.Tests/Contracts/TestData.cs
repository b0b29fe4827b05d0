using Dealer.Store.Abstractions;

namespace Dealer.Store.Tests.Contracts;

/// <summary>Values for store tests: unique CID-like strings (so tests never collide in a shared backend) and records.</summary>
public static class TestData
{
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>2026-11-24T12:00:00.000Z, the base of the timestamps in these tests.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A unique CID-like string with <paramref name="prefix"/> (base32 lower case, like a real CID).</summary>
    public static string Cid(string prefix = "bafyrei")
    {
        var chars = new char[52];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Base32[Random.Shared.Next(Base32.Length)];
        }

        return prefix + new string(chars);
    }

    /// <summary>A unique aggregate piece CID (v2) string.</summary>
    public static string Aggregate() => Cid("bafkzcibcaap");

    /// <summary><see cref="Epoch"/> plus <paramref name="milliseconds"/>.</summary>
    public static DateTimeOffset At(long milliseconds) => Epoch.AddMilliseconds(milliseconds);

    /// <summary>An offer for a new aggregate with two pieces.</summary>
    public static OfferRecord Offer(DateTimeOffset? insertedAt = null, string? aggregate = null) => new()
    {
        Aggregate = aggregate ?? Aggregate(),
        Pieces = [Cid("bafkzcibcaap"), Cid("bafkzcibcaap")],
        PiecesLink = Cid(),
        Tenant = "tenant-1",
        Label = "label-1",
        Storefront = "did:web:storefront.example.com",
        Invocation = Cid(),
        InsertedAt = insertedAt ?? Epoch,
    };

    /// <summary>A deal row for a new aggregate.</summary>
    public static DealRecord Deal(DateTimeOffset? insertedAt = null, DealStatus status = DealStatus.Offered, string? aggregate = null)
    {
        var at = insertedAt ?? Epoch;
        return new DealRecord
        {
            Aggregate = aggregate ?? Aggregate(),
            Storefront = "did:web:storefront.example.com",
            Offer = "file:///data/offers/" + OfferKeys.For(at, "x"),
            PiecesLink = Cid(),
            Tenant = "tenant-1",
            Label = null,
            Status = status,
            InsertedAt = at,
            UpdatedAt = at,
        };
    }
}
