namespace Dealer.Ucan.Principals;

/// <summary>
/// A verifier that checks signatures with another principal's key but reports a different DID, typically the
/// did:web of a service whose key is a did:key (ucanto <c>withDID</c>).
/// </summary>
public sealed class VerifierWithDid : IVerifier
{
    /// <summary>Wraps <paramref name="key"/> under <paramref name="did"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="did"/> is not a valid DID.</exception>
    public VerifierWithDid(IVerifier key, string did)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(did);
        if (!Principals.Did.IsValid(did))
        {
            throw new ArgumentException($"\"{did}\" is not a valid DID.", nameof(did));
        }

        // Re-aliasing an alias wraps the real key, not the alias.
        Key = key is VerifierWithDid alias ? alias.Key : key;
        Did = did;
    }

    /// <inheritdoc />
    public string Did { get; }

    /// <summary>The verifier of the underlying key (it reports the key's own DID).</summary>
    public IVerifier Key { get; }

    /// <inheritdoc />
    public ulong SignatureCode => Key.SignatureCode;

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> payload, Signature signature) => Key.Verify(payload, signature);

    /// <inheritdoc />
    public override string ToString() => $"{Did} ({Key.Did})";
}
