namespace Dealer.Ucan.Principals;

/// <summary>
/// A signer that signs with another signer's key but reports a different DID, typically the did:web of the
/// service (ucanto <c>ed25519.parse(key).withDID('did:web:…')</c>).
/// </summary>
/// <remarks>It does not own the key: disposing the underlying <see cref="Key"/> ends this signer too.</remarks>
public sealed class SignerWithDid : ISigner
{
    /// <summary>Wraps <paramref name="key"/> under <paramref name="did"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="did"/> is not a valid DID.</exception>
    public SignerWithDid(ISigner key, string did)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(did);
        if (!Principals.Did.IsValid(did))
        {
            throw new ArgumentException($"\"{did}\" is not a valid DID.", nameof(did));
        }

        Key = key is SignerWithDid alias ? alias.Key : key;
        Did = did;
        Verifier = new VerifierWithDid(Key.Verifier, did);
    }

    /// <inheritdoc />
    public string Did { get; }

    /// <summary>The signer of the underlying key (it reports the key's own DID, e.g. its did:key).</summary>
    public ISigner Key { get; }

    /// <inheritdoc />
    public string SignatureAlgorithm => Key.SignatureAlgorithm;

    /// <inheritdoc />
    public ulong SignatureCode => Key.SignatureCode;

    /// <inheritdoc cref="ISigner.Verifier" />
    public VerifierWithDid Verifier { get; }

    IVerifier ISigner.Verifier => Verifier;

    /// <inheritdoc />
    public Signature Sign(ReadOnlySpan<byte> payload) => Key.Sign(payload);

    /// <inheritdoc cref="ISigner.WithDid" />
    public SignerWithDid WithDid(string did) => new(Key, did);

    ISigner ISigner.WithDid(string did) => WithDid(did);

    /// <inheritdoc />
    public override string ToString() => $"{Did} ({Key.Did})";
}
