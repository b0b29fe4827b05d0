using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;

namespace Dealer.Ucan.Validation;

/// <summary>
/// Settings of <see cref="Validator.AccessAsync"/> (ucanto <c>ValidationOptions</c>).
/// </summary>
/// <param name="Authority">The service DID (did:key or e.g. did:web); UCANs it issued are verified with
/// <paramref name="AuthorityVerifier"/>, and <c>ucan/attest</c> sessions must come from it.</param>
/// <param name="AuthorityVerifier">Verifies the service's own signatures; its <see cref="IPrincipal.Did"/> must be
/// <paramref name="Authority"/>.</param>
public sealed record ValidationOptions(string Authority, IVerifier AuthorityVerifier)
{
    /// <summary>Default <see cref="MaxChainDepth"/>.</summary>
    public const int DefaultMaxChainDepth = 8;

    /// <summary>Default <see cref="MaxProofs"/>.</summary>
    public const int DefaultMaxProofs = 32;

    /// <summary>The clock for <c>exp</c>/<c>nbf</c> (whole seconds, no skew allowance).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Maps a non-did:key issuer (e.g. did:web) to the did:key DIDs allowed to sign for it. Default: every DID fails
    /// with <see cref="DidKeyResolutionError"/>.
    /// </summary>
    public Func<string, CancellationToken, ValueTask<DidKeyResolution>>? ResolveDidKey { get; init; }

    /// <summary>
    /// Finds a proof that is linked but not embedded. Default (<see langword="null"/>): such proofs are
    /// <see cref="UnavailableProof"/>; clients must embed their proofs.
    /// </summary>
    public Func<Cid, CancellationToken, ValueTask<Delegation?>>? ResolveProof { get; init; }

    /// <summary>
    /// Called once a valid path is found (the revocation hook), answering with an <see cref="AuthorizationCheck"/>:
    /// allow; reject the path (e.g. <see cref="Revoked"/>, which ends up inside <see cref="Unauthorized"/>); or fail
    /// the validation with a failure of its own when the check cannot be made. Default: allow.
    /// </summary>
    public Func<Authorization, CancellationToken, ValueTask<AuthorizationCheck>>? ValidateAuthorization { get; init; }

    /// <summary>Delegations the service holds itself; <c>ucan/attest</c> ones from the authority widen who may attest.</summary>
    public IReadOnlyList<Delegation> Proofs { get; init; } = [];

    /// <summary>The most delegations a path may chain below the invocation; longer chains are not followed.</summary>
    public int MaxChainDepth { get; init; } = DefaultMaxChainDepth;

    /// <summary>The most distinct proofs one validation looks at; further proofs are rejected.</summary>
    public int MaxProofs { get; init; } = DefaultMaxProofs;
}
