namespace Dealer.Service.Cron;

/// <summary>What one cron tick did.</summary>
/// <param name="Examined">OFFERED deals looked at.</param>
/// <param name="Approved">Deals moved to APPROVED.</param>
/// <param name="Rejected">Deals moved to REJECTED.</param>
/// <param name="Pending">Deals the broker has not decided yet.</param>
/// <param name="Failed">Deals that could not be finished this time (retried next tick).</param>
internal sealed record CronTickResult(int Examined, int Approved, int Rejected, int Pending, int Failed);
