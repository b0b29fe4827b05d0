using Dealer.Store.Abstractions;

namespace Dealer.Service.Tests.Support;

/// <summary>
/// The real offer-store, except that <see cref="FindAsync"/> throws what no handler expects: the
/// <see cref="InvalidOperationException"/> the embedded store throws when a conflicted offer cannot be read back.
/// </summary>
internal sealed class FaultyOfferStore(IOfferStore inner) : IOfferStore
{
    public const string Message = "The offer for 'x' conflicted but cannot be read.";

    public Task<OfferPutResult> PutAsync(OfferRecord offer, CancellationToken cancellationToken = default) => inner.PutAsync(offer, cancellationToken);

    public Task MarkQueuedAsync(string aggregate, CancellationToken cancellationToken = default) => inner.MarkQueuedAsync(aggregate, cancellationToken);

    public Task<OfferRecord?> FindAsync(string aggregate, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException(Message);

    public Task<bool?> IsQueuedAsync(string aggregate, CancellationToken cancellationToken = default) => inner.IsQueuedAsync(aggregate, cancellationToken);

    public Task<byte[]?> GetBodyAsync(string key, CancellationToken cancellationToken = default) => inner.GetBodyAsync(key, cancellationToken);

    public IAsyncEnumerable<string> ListKeysAsync(string? startAfter = null, CancellationToken cancellationToken = default) =>
        inner.ListKeysAsync(startAfter, cancellationToken);

    public IAsyncEnumerable<OfferRecord> ListUnqueuedAsync(DateTimeOffset insertedBefore, CancellationToken cancellationToken = default) =>
        inner.ListUnqueuedAsync(insertedBefore, cancellationToken);

    public Task<int> RepairObjectsAsync(CancellationToken cancellationToken = default) => inner.RepairObjectsAsync(cancellationToken);

    public Uri UriFor(string key) => inner.UriFor(key);
}
