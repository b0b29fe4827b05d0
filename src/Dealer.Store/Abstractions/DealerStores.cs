namespace Dealer.Store.Abstractions;

/// <summary>The set of stores one dealer runs on, opened together and disposed together.</summary>
public sealed class DealerStores : IAsyncDisposable
{
    private readonly Func<ValueTask>? _dispose;

    /// <summary>
    /// Bundles the stores; <paramref name="dispose"/> releases what they share, <paramref name="deadLetters"/> is the
    /// queue's dead letters when the backend exposes them, <paramref name="committer"/> the backend's unit committer,
    /// <paramref name="recorder"/> its own receive-record-delete of queued offers when it has one.
    /// </summary>
    public DealerStores(IOfferStore offers, IDealStore deals, IReceiptStore receipts, IDealerQueue queue,
        IRevocationStore revocations, IDealLedger ledger, Func<ValueTask>? dispose = null, IDeadLetters? deadLetters = null,
        IOfferCommitter? committer = null, IOfferedDealRecorder? recorder = null)
    {
        Recorder = recorder;
        Committer = committer ?? new StepwiseOfferCommitter(offers, queue, receipts);
        DeadLetters = deadLetters;
        Offers = offers;
        Deals = deals;
        Receipts = receipts;
        Queue = queue;
        Revocations = revocations;
        Ledger = ledger;
        _dispose = dispose;
    }

    /// <summary>
    /// Commits what one accepted offer writes as one unit; the backend's own when it has one, else
    /// <see cref="StepwiseOfferCommitter"/> over these stores.
    /// </summary>
    public IOfferCommitter Committer { get; }

    /// <summary>The offer-store.</summary>
    public IOfferStore Offers { get; }

    /// <summary>The deal-store.</summary>
    public IDealStore Deals { get; }

    /// <summary>The receipt store.</summary>
    public IReceiptStore Receipts { get; }

    /// <summary>The dealer-queue.</summary>
    public IDealerQueue Queue { get; }

    /// <summary>The revocation store.</summary>
    public IRevocationStore Revocations { get; }

    /// <summary>The operator ledger of broker verdicts.</summary>
    public IDealLedger Ledger { get; }

    /// <summary>The dealer-queue's dead letters, or null when the backend does not expose them.</summary>
    public IDeadLetters? DeadLetters { get; }

    /// <summary>
    /// The backend's own receive-record-delete of queued offers when it has one (the embedded store); null when the
    /// consumer must receive, record and delete through <see cref="Queue"/> and <see cref="Deals"/>.
    /// </summary>
    public IOfferedDealRecorder? Recorder { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dispose?.Invoke() ?? ValueTask.CompletedTask;
}
