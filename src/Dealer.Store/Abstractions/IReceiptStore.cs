namespace Dealer.Store.Abstractions;

/// <summary>
/// Every receipt the dealer issued, kept by the CID of the invocation it answers. An <c>ok</c> receipt is final (the
/// server replays it for the same invocation); an error receipt is replaced when the invocation is run again.
/// </summary>
public interface IReceiptStore
{
    /// <summary>Stores <paramref name="car"/> (a CAR holding the receipt) for <paramref name="invocation"/>, replacing any earlier one.</summary>
    Task PutAsync(string invocation, ReadOnlyMemory<byte> car, CancellationToken cancellationToken = default);

    /// <summary>The stored CAR for <paramref name="invocation"/>, or null.</summary>
    Task<byte[]?> GetAsync(string invocation, CancellationToken cancellationToken = default);
}
