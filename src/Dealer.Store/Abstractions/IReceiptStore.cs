namespace Dealer.Store.Abstractions;

/// <summary>Every receipt the dealer issued, kept by the CID of the invocation it answers.</summary>
public interface IReceiptStore
{
    /// <summary>Stores <paramref name="car"/> (a CAR holding the receipt) for <paramref name="invocation"/>; overwrites nothing already stored.</summary>
    /// <returns>True when stored, false when a receipt for the invocation was already there.</returns>
    Task<bool> PutAsync(string invocation, ReadOnlyMemory<byte> car, CancellationToken cancellationToken = default);

    /// <summary>The stored CAR for <paramref name="invocation"/>, or null.</summary>
    Task<byte[]?> GetAsync(string invocation, CancellationToken cancellationToken = default);
}
