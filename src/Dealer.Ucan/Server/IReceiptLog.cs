using Dealer.Ucan.Ipld;
using Dealer.Ucan.Receipts;

namespace Dealer.Ucan.Server;

/// <summary>
/// Where the server keeps the receipts it issues, so that an invocation executed before is answered with its stored
/// successful receipt instead of running twice.
/// </summary>
public interface IReceiptLog
{
    /// <summary>The stored receipt for <paramref name="invocation"/>, if any.</summary>
    ValueTask<Receipt?> FindAsync(Cid invocation, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="receipt"/>; called for every receipt the server issues.</summary>
    ValueTask RecordAsync(Receipt receipt, CancellationToken cancellationToken);
}
