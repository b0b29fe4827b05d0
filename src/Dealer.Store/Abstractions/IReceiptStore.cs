namespace Dealer.Store.Abstractions;

/// <summary>
/// Every receipt the dealer issued, kept by the CID of the invocation it answers. An <c>ok</c> receipt is final (the
/// server replays it for the same invocation); an error receipt is replaced when the invocation is run again.
/// Receipts put with <see cref="PutErrorAsync"/> are kept for a retention period only (<see cref="PruneErrorsAsync"/>)
/// and never replace a receipt put with <see cref="PutAsync"/>.
/// </summary>
public interface IReceiptStore
{
    /// <summary>Stores <paramref name="car"/> (a CAR holding the receipt) for <paramref name="invocation"/>, replacing any earlier one.</summary>
    Task PutAsync(string invocation, ReadOnlyMemory<byte> car, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the error receipt <paramref name="car"/> for <paramref name="invocation"/>, replacing an earlier error
    /// receipt but never a receipt put with <see cref="PutAsync"/>; it is removed by <see cref="PruneErrorsAsync"/> once
    /// its retention has passed.
    /// </summary>
    Task PutErrorAsync(string invocation, ReadOnlyMemory<byte> car, CancellationToken cancellationToken = default);

    /// <summary>Removes the receipts put with <see cref="PutErrorAsync"/> before <paramref name="storedBefore"/>; returns how many.</summary>
    Task<int> PruneErrorsAsync(DateTimeOffset storedBefore, CancellationToken cancellationToken = default);

    /// <summary>
    /// The CAR put with <see cref="PutAsync"/> for <paramref name="invocation"/>, or null; a store that keeps error
    /// receipts apart answers without looking at them (the server replays final receipts only).
    /// </summary>
    Task<byte[]?> GetFinalAsync(string invocation, CancellationToken cancellationToken = default) => GetAsync(invocation, cancellationToken);

    /// <summary>The stored CAR for <paramref name="invocation"/>, or null.</summary>
    Task<byte[]?> GetAsync(string invocation, CancellationToken cancellationToken = default);
}
