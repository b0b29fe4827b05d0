using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>No key could be found for a non-did:key issuer (ucanto <c>DIDKeyResolutionError</c>).</summary>
public sealed class DidKeyResolutionError : Failure
{
    /// <summary>Creates the failure for <paramref name="did"/>.</summary>
    public DidKeyResolutionError(string did)
        : base($"Unable to resolve '{did}' key")
    {
        Did = did;
    }

    /// <inheritdoc />
    public override string Name => "DIDKeyResolutionError";

    /// <summary>The DID.</summary>
    public string Did { get; }
}
