namespace Dealer.Service.Configuration;

/// <summary>How log lines are written to stderr (<c>--log-format</c>).</summary>
internal enum DealerLogFormat
{
    /// <summary>One human-readable line per entry (the console's simple formatter).</summary>
    Text,

    /// <summary>One JSON object per line (the console's JSON formatter), for log collectors.</summary>
    Json,
}
