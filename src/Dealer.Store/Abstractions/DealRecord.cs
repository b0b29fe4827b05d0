namespace Dealer.Store.Abstractions;

/// <summary>A deal-store row (seed schema: key <c>aggregate</c>, <c>storefront</c>, <c>offer</c>, <c>stat</c>).</summary>
public sealed record DealRecord
{
    /// <summary>The aggregate piece CID string; the partition key.</summary>
    public required string Aggregate { get; init; }

    /// <summary>The DID that invoked <c>deal/offer</c>.</summary>
    public required string Storefront { get; init; }

    /// <summary>The URI of the offer object (see <see cref="IOfferStore.UriFor"/>).</summary>
    public required string Offer { get; init; }

    /// <summary>The CID string of the <c>nb.pieces</c> block (needed to rebuild <c>deal/add</c>).</summary>
    public required string PiecesLink { get; init; }

    /// <summary>The offer's <c>nb.tenant</c>.</summary>
    public required string Tenant { get; init; }

    /// <summary>The offer's optional <c>nb.label</c>.</summary>
    public string? Label { get; init; }

    /// <summary>The <c>stat</c> attribute.</summary>
    public required DealStatus Status { get; init; }

    /// <summary>When the row was inserted.</summary>
    public required DateTimeOffset InsertedAt { get; init; }

    /// <summary>When <see cref="Status"/> last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The Filecoin deal id, once approved.</summary>
    public long? DealId { get; init; }

    /// <summary>The storage provider (<c>f0…</c>), once approved.</summary>
    public string? Provider { get; init; }

    /// <summary>Why the broker refused the aggregate, once rejected.</summary>
    public string? Reason { get; init; }
}
