using Dealer.Service.Capabilities;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Server;

namespace Dealer.Service.Receipts;

/// <summary>
/// Keeps every receipt the server issues in the receipt store, as its archive CAR (root = the receipt block, followed
/// by the DAG of the invocation it ran), under the invocation's CID. The server replays a stored <c>ok</c> receipt
/// for the same invocation, and <c>GET /receipt/{cid}</c> serves the stored CAR. Receipts of queries whose answer
/// changes over time (<c>deal/info</c>) are not kept: replaying one would hide deals made since.
/// </summary>
public sealed class StoreReceiptLog : IReceiptLog
{
    private readonly IReceiptStore _store;

    /// <summary>Logs into <paramref name="store"/>.</summary>
    public StoreReceiptLog(IReceiptStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <inheritdoc />
    public async ValueTask<Receipt?> FindAsync(Cid invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var car = await _store.GetAsync(invocation.ToString(), cancellationToken).ConfigureAwait(false);
        return car is null ? null : Receipt.Extract(car);
    }

    /// <inheritdoc />
    public async ValueTask RecordAsync(Receipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (receipt.RanInvocation?.Capabilities is [{ Can: DealInfoCapability.Ability }])
        {
            return;
        }

        await _store.PutAsync(receipt.Ran.ToString(), receipt.Archive(), cancellationToken).ConfigureAwait(false);
    }
}
