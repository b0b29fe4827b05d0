namespace Dealer.Service.Tracking;

/// <summary>What a <see cref="IDealTracker"/> knows about an aggregate.</summary>
internal abstract record DealStatusReport
{
    private protected DealStatusReport() { }

    /// <summary>The broker has not decided yet.</summary>
    public static DealStatusReport Pending { get; } = new PendingReport();

    /// <summary>A deal was made.</summary>
    public static DealStatusReport Approved(long dealId, string provider) => new ApprovedReport(dealId, provider);

    /// <summary>
    /// Deals were made: <paramref name="deals"/> (at least one) are all of them; the report's deal is the one with the
    /// lowest id (the first deal made; renewals get higher ids).
    /// </summary>
    public static DealStatusReport Approved(IEnumerable<TrackedDeal> deals)
    {
        ArgumentNullException.ThrowIfNull(deals);
        var all = deals.OrderBy(deal => deal.DealId).ToList();
        if (all.Count == 0)
        {
            throw new ArgumentException("An approval needs at least one deal.", nameof(deals));
        }

        return new ApprovedReport(all[0].DealId, all[0].Provider) { Deals = all };
    }

    /// <summary>The broker refused the aggregate.</summary>
    public static DealStatusReport Rejected(string reason) => new RejectedReport(reason);

    /// <summary>The broker has not decided yet.</summary>
    public sealed record PendingReport : DealStatusReport;

    /// <summary>A deal was made.</summary>
    /// <param name="DealId">The Filecoin deal id.</param>
    /// <param name="Provider">The storage provider (<c>f0…</c>).</param>
    public sealed record ApprovedReport(long DealId, string Provider) : DealStatusReport
    {
        /// <summary>Every deal of the aggregate the tracker knows, by deal id (at least this report's own).</summary>
        public IReadOnlyList<TrackedDeal> Deals { get; init; } = [new TrackedDeal(DealId, Provider)];
    }

    /// <summary>The broker refused the aggregate.</summary>
    /// <param name="Reason">Why.</param>
    public sealed record RejectedReport(string Reason) : DealStatusReport
    {
        /// <summary>The pieces the broker blamed (piece CIDs; empty when it named none).</summary>
        public IReadOnlyList<string> Pieces { get; init; } = [];
    }
}

/// <summary>One deal of an aggregate.</summary>
/// <param name="DealId">The Filecoin deal id.</param>
/// <param name="Provider">The storage provider (<c>f0…</c>).</param>
internal sealed record TrackedDeal(long DealId, string Provider);
