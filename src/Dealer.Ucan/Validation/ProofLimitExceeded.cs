using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>
/// A proof chain deeper than <see cref="ValidationOptions.MaxChainDepth"/> or more distinct proofs than
/// <see cref="ValidationOptions.MaxProofs"/>. Not a ucanto failure (JavaScript has no limits); it only appears nested
/// inside <see cref="Unauthorized"/>.
/// </summary>
public sealed class ProofLimitExceeded : Failure
{
    internal ProofLimitExceeded(string message)
        : base(message)
    {
    }

    /// <inheritdoc />
    public override string Name => "ProofLimitExceeded";
}
