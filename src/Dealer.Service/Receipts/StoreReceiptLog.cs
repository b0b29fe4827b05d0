using Dealer.Store.Abstractions;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Server;
using Dealer.Ucan.Transport;

namespace Dealer.Service.Receipts;

/// <summary>
/// Keeps every receipt the server issues in the receipt store under the invocation's CID, so that the server replays
/// a stored <c>ok</c> receipt for the same invocation and <c>GET /receipt/{cid}</c> serves it. Receipts of queries whose
/// answer changes over time (<c>deal/info</c>) are not kept: replaying one would hide deals made since.
/// </summary>
/// <remarks>
/// An <c>ok</c> receipt, and any receipt of an invocation the dealer issued itself (<c>deal/add</c>,
/// <c>aggregate/accept</c>), is kept for good as its full archive (root = the receipt block, after the DAG of the
/// invocation it ran). An error receipt of anyone else's invocation — unauthorized, malformed, refused — is kept as
/// an error receipt (pruned after the retention period) and bounded: the receipt block and the invocation's own block
/// only, never the proofs and attached blocks the caller chose to send, and nothing beyond
/// <see cref="MaxErrorArchiveSize"/> bytes (then the receipt block alone, or nothing if even that is larger). The
/// response to the caller is not affected: it carries the full receipt as the JS reference does.
/// </remarks>
internal sealed class StoreReceiptLog : IReceiptLog
{
    /// <summary>The most bytes stored for one error receipt.</summary>
    public const int MaxErrorArchiveSize = 64 * 1024;

    private readonly IReceiptStore _store;
    private readonly string? _dealer;

    /// <summary>Logs into <paramref name="store"/>; receipts of invocations issued by <paramref name="dealer"/> are all kept for good.</summary>
    public StoreReceiptLog(IReceiptStore store, string? dealer = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _dealer = dealer;
    }

    /// <inheritdoc />
    public async ValueTask<Receipt?> FindAsync(Cid invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var car = await _store.GetFinalAsync(invocation.ToString(), cancellationToken).ConfigureAwait(false);
        return car is null ? null : Receipt.Extract(car);
    }

    /// <inheritdoc />
    public async ValueTask RecordAsync(Receipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (receipt.RanInvocation?.Capabilities is [{ Can: DealerCapabilities.DealInfoAbility }])
        {
            return;
        }

        var invocation = receipt.Ran.ToString();
        if (receipt.Out.IsOk || (_dealer is not null && string.Equals(receipt.RanInvocation?.Issuer, _dealer, StringComparison.Ordinal)))
        {
            await _store.PutAsync(invocation, receipt.Archive(), cancellationToken).ConfigureAwait(false);
        }
        else if (ErrorArchive(receipt) is { } archive)
        {
            await _store.PutErrorAsync(invocation, archive, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The bounded archive of an error receipt (see the remarks), or null when even the receipt block is too large.</summary>
    public static byte[]? ErrorArchive(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        List<Block> blocks = [receipt.Root];
        if (receipt.RanInvocation is { } ran && ran.Root.Bytes.Length + receipt.Root.Bytes.Length <= MaxErrorArchiveSize - 1024)
        {
            blocks.Insert(0, ran.Root);
        }

        var archive = Car.Encode([receipt.Cid], blocks);
        return archive.Length <= MaxErrorArchiveSize ? archive : null;
    }
}
