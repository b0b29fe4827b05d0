namespace Dealer.Service.Tracking;

/// <summary>
/// Tells the dealer what became of an aggregate it offered to the broker. The embedded default reads the operator
/// ledger (<see cref="LedgerDealTracker"/>); a tracker speaking the w3filecoin <c>deal/info</c> protocol can replace it.
/// </summary>
internal interface IDealTracker
{
    /// <summary>The broker's verdict on <paramref name="aggregate"/> so far.</summary>
    Task<DealStatusReport> GetStatusAsync(string aggregate, CancellationToken cancellationToken = default);
}
