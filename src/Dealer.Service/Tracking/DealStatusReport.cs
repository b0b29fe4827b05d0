namespace Dealer.Service.Tracking;

/// <summary>What a <see cref="IDealTracker"/> knows about an aggregate.</summary>
public abstract record DealStatusReport
{
    private protected DealStatusReport() { }

    /// <summary>The broker has not decided yet.</summary>
    public static DealStatusReport Pending { get; } = new PendingReport();

    /// <summary>A deal was made.</summary>
    public static DealStatusReport Approved(long dealId, string provider) => new ApprovedReport(dealId, provider);

    /// <summary>The broker refused the aggregate.</summary>
    public static DealStatusReport Rejected(string reason) => new RejectedReport(reason);

    /// <summary>The broker has not decided yet.</summary>
    public sealed record PendingReport : DealStatusReport;

    /// <summary>A deal was made.</summary>
    /// <param name="DealId">The Filecoin deal id.</param>
    /// <param name="Provider">The storage provider (<c>f0…</c>).</param>
    public sealed record ApprovedReport(long DealId, string Provider) : DealStatusReport;

    /// <summary>The broker refused the aggregate.</summary>
    /// <param name="Reason">Why.</param>
    public sealed record RejectedReport(string Reason) : DealStatusReport;
}
