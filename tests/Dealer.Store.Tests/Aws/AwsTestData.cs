using Dealer.Store.Abstractions;

namespace Dealer.Store.Tests.Aws;

/// <summary>Offers and deals with distinct, realistic-looking identifiers.</summary>
internal static class AwsTestData
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static string Aggregate(int n) => $"bafkzcibcaapaggregate{n:D6}";

    public static OfferRecord Offer(int n, DateTimeOffset? at = null, string invocation = "bafyreiinvocationa") => new()
    {
        Aggregate = Aggregate(n),
        Pieces = [$"bafkzcibpiece{n:D6}a", $"bafkzcibpiece{n:D6}b"],
        PiecesLink = $"bafyreipieces{n:D6}",
        Tenant = "did:web:tenant.example",
        Label = n % 2 == 0 ? null : $"label {n}",
        Storefront = "did:web:storefront.example",
        Invocation = invocation,
        InsertedAt = at ?? Epoch.AddMilliseconds(n),
    };

    public static DealRecord Deal(int n, DealStatus status = DealStatus.Offered, DateTimeOffset? at = null) => new()
    {
        Aggregate = Aggregate(n),
        Storefront = "did:web:storefront.example",
        Offer = $"s3://offers/{n}",
        PiecesLink = $"bafyreipieces{n:D6}",
        Tenant = "did:web:tenant.example",
        Label = n % 3 == 0 ? $"label {n}" : null,
        Status = status,
        InsertedAt = at ?? Epoch.AddSeconds(n),
        UpdatedAt = at ?? Epoch.AddSeconds(n),
    };
}
