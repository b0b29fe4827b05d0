namespace Dealer.Ucan.Principals;

/// <summary>A principal holding a private key: it signs UCANs and receipts.</summary>
public interface ISigner : IPrincipal
{
    /// <summary>The JWT <c>alg</c> name of the signatures, e.g. <c>EdDSA</c>; it appears in the UCAN signing input.</summary>
    string SignatureAlgorithm { get; }

    /// <summary>The varsig code of the signatures this signer makes (<see cref="Principals.SignatureCode"/>).</summary>
    ulong SignatureCode { get; }

    /// <summary>The verifier of this signer's signatures; it reports the same <see cref="IPrincipal.Did"/>.</summary>
    IVerifier Verifier { get; }

    /// <summary>Signs <paramref name="payload"/>.</summary>
    Signature Sign(ReadOnlySpan<byte> payload);

    /// <summary>
    /// A signer that signs with the same key but reports <paramref name="did"/> (typically a did:web), like
    /// ucanto's <c>signer.withDID(did)</c>. Its <see cref="Verifier"/> reports that DID too.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="did"/> is not a syntactically valid DID.</exception>
    ISigner WithDid(string did);
}
