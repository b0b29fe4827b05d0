namespace Dealer.Ucan.Principals;

/// <summary>A principal that can check signatures made by its key.</summary>
/// <remarks>
/// Implementations never throw on untrusted signatures or payloads: a signature with the wrong varsig code, the
/// wrong length or bytes that are not a valid encoding (for example an Ed25519 <c>R</c> that is not a curve point)
/// verifies as <see langword="false"/>. The JS stack (@noble/ed25519) throws in the last case; the outcome for the
/// protocol is the same <c>InvalidSignature</c>.
/// </remarks>
public interface IVerifier : IPrincipal
{
    /// <summary>The varsig code of the signatures this verifier accepts (<see cref="Principals.SignatureCode"/>).</summary>
    ulong SignatureCode { get; }

    /// <summary>Whether <paramref name="signature"/> is a valid signature of <paramref name="payload"/> by this key.</summary>
    bool Verify(ReadOnlySpan<byte> payload, Signature signature);
}
