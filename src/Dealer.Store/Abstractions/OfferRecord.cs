namespace Dealer.Store.Abstractions;

/// <summary>
/// An accepted <c>deal/offer</c>: what Spade reads (<c>{aggregate, pieces, tenant, orderID}</c>) plus what the
/// dealer needs to answer a re-offer of the same aggregate with the same result and <c>fx.join</c>.
/// </summary>
public sealed record OfferRecord
{
    /// <summary>The aggregate piece CID (v2, <c>bafkzcib…</c>), the offer's identity.</summary>
    public required string Aggregate { get; init; }

    /// <summary>The ordered piece CIDs (v2 strings) read from the <c>nb.pieces</c> block.</summary>
    public required IReadOnlyList<string> Pieces { get; init; }

    /// <summary>The CID string of the <c>nb.pieces</c> block (a dag-cbor link).</summary>
    public required string PiecesLink { get; init; }

    /// <summary>The <c>nb.tenant</c> of the offer.</summary>
    public required string Tenant { get; init; }

    /// <summary>The optional <c>nb.label</c> of the offer.</summary>
    public string? Label { get; init; }

    /// <summary>The DID that invoked <c>deal/offer</c> (the storefront).</summary>
    public required string Storefront { get; init; }

    /// <summary>The CID string of the <c>deal/offer</c> invocation that was accepted first.</summary>
    public required string Invocation { get; init; }

    /// <summary>When the dealer accepted the offer (UTC, millisecond precision).</summary>
    public required DateTimeOffset InsertedAt { get; init; }

    /// <summary>Spade's <c>orderID</c>: <see cref="InsertedAt"/> as milliseconds since the Unix epoch.</summary>
    public long OrderId => InsertedAt.ToUnixTimeMilliseconds();

    /// <summary>
    /// The offer-store key: <c>"&lt;ISO 8601 UTC timestamp&gt; &lt;aggregate&gt;"</c>, for example
    /// <c>2026-11-24T12:00:00.000Z bafkzcib…</c>, so that key order is arrival order.
    /// </summary>
    public string Key => OfferKeys.For(InsertedAt, Aggregate);

    /// <summary>Value equality, comparing <see cref="Pieces"/> element by element.</summary>
    public bool Equals(OfferRecord? other) =>
        other is not null
        && Aggregate == other.Aggregate
        && Pieces.SequenceEqual(other.Pieces, StringComparer.Ordinal)
        && PiecesLink == other.PiecesLink
        && Tenant == other.Tenant
        && Label == other.Label
        && Storefront == other.Storefront
        && Invocation == other.Invocation
        && InsertedAt == other.InsertedAt;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Aggregate, Pieces.Count, PiecesLink, Tenant, Invocation, InsertedAt);
}
