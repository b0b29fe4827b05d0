using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

public static partial class Validator
{
    /// <summary>
    /// The capabilities of the valid, aligned proofs of <paramref name="delegation"/>, and why the others were left out
    /// (ucanto <c>resolveSources</c>).
    /// </summary>
    private static async ValueTask<(List<ProofSource> Sources, List<Failure> Errors)> ResolveSourcesAsync(Delegation delegation, ClaimContext context)
    {
        var errors = new List<Failure>();
        var sources = new List<ProofSource>();

        // Embedded proofs keep prf order; proofs found by the resolver follow them, as in JavaScript.
        var embedded = new List<object>();
        var resolved = new List<object>();
        foreach (var link in delegation.ProofLinks)
        {
            if (!context.AdmitProof(link))
            {
                errors.Add(new ProofError(link, new ProofLimitExceeded(
                    $"Proof {link} is not considered because the validation already looked at {context.Options.MaxProofs} proofs")));
                continue;
            }

            if (delegation.GetProof(link) is { } proof)
            {
                embedded.Add(proof);
            }
            else if (link.Codec == Multiformats.Multicodec.Raw && delegation.TryGetBlock(link, out var block))
            {
                embedded.Add(JwtProof.Read(link, block.Bytes.Span));
            }
            else
            {
                var found = await ResolveProofAsync(link, context).ConfigureAwait(false);
                if (found.Proof is { } proofFound)
                {
                    resolved.Add(proofFound);
                }
                else
                {
                    errors.Add(new ProofError(link, found.Error!));
                }
            }
        }

        var aligned = new List<object>();
        foreach (var candidate in embedded.Concat(resolved))
        {
            var (cid, audience) = candidate is Delegation d ? (d.Cid, d.Audience) : (((JwtProof)candidate).Cid, ((JwtProof)candidate).Audience);
            if (string.Equals(audience, delegation.Issuer, StringComparison.Ordinal))
            {
                aligned.Add(candidate);
            }
            else
            {
                errors.Add(new ProofError(cid, InvalidAudience.Misaligned(delegation.Issuer, audience)));
            }
        }

        var siblings = aligned.OfType<Delegation>().ToList();
        foreach (var candidate in aligned)
        {
            if (candidate is JwtProof jwt)
            {
                errors.Add(new ProofError(jwt.Cid, ValidateTime(jwt.Cid, jwt.Expiration, jwt.NotBefore, context)
                    ?? new InvalidSignature(jwt.Cid, jwt.Issuer, jwt.Issuer)));
                continue;
            }

            var proof = (Delegation)candidate;
            var failure = await ValidateAsync(proof, siblings, context).ConfigureAwait(false);
            if (failure is null)
            {
                sources.AddRange(proof.Capabilities.Select(c => new ProofSource(c, proof)));
            }
            else
            {
                errors.Add(new ProofError(proof.Cid, failure));
            }
        }

        return (sources, errors);
    }

    private static async ValueTask<(Delegation? Proof, Failure? Error)> ResolveProofAsync(Cid link, ClaimContext context)
    {
        if (context.Options.ResolveProof is not { } resolve)
        {
            return (null, new UnavailableProof(link));
        }

        try
        {
            var proof = await resolve(link, context.CancellationToken).ConfigureAwait(false);
            if (proof is null)
            {
                return (null, new UnavailableProof(link));
            }

            // A resolver handing back some other UCAN must not smuggle it in under this link.
            return proof.Cid.Equals(link)
                ? (proof, null)
                : (null, new UnavailableProof(link, $"resolved UCAN has CID {proof.Cid}"));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // ucanto: "config.resolve is not supposed to throw, but we catch it just in case".
            return (null, new UnavailableProof(link, error.Message));
        }
    }

    /// <summary>Time bounds, then the issuer's authorization (ucanto <c>validate</c>).</summary>
    private static async ValueTask<Failure?> ValidateAsync(Delegation delegation, IReadOnlyList<Delegation> siblings, ClaimContext context) =>
        ValidateTime(delegation.Cid, delegation.Expiration, delegation.NotBefore, context)
        ?? await VerifyAuthorizationAsync(delegation, siblings, context).ConfigureAwait(false);

    private static Failure? ValidateTime(Cid cid, long? expiration, long? notBefore, ClaimContext context)
    {
        if (expiration is { } exp && exp <= context.Now)
        {
            return new Expired(cid, exp);
        }

        return notBefore is { } nbf && context.Now <= nbf ? new NotValidBefore(cid, nbf) : null;
    }

    /// <summary>
    /// ucanto <c>verifyAuthorization</c>: did:key issuers by their key, the authority by its own key, anyone else by a
    /// <c>ucan/attest</c> session among the sibling proofs or else by the keys <see cref="ValidationOptions.ResolveDidKey"/>
    /// names.
    /// </summary>
    private static async ValueTask<Failure?> VerifyAuthorizationAsync(Delegation delegation, IReadOnlyList<Delegation> siblings, ClaimContext context)
    {
        var issuer = delegation.Issuer;
        var options = context.Options;
        if (issuer.StartsWith("did:key:", StringComparison.Ordinal))
        {
            return Verifiers.TryParse(issuer, out var key)
                ? VerifySignature(delegation, key, issuer, context)
                : new DidKeyResolutionError(issuer);
        }

        if (string.Equals(issuer, options.Authority, StringComparison.Ordinal))
        {
            var keyDid = options.AuthorityVerifier is VerifierWithDid alias ? alias.Key.Did : options.AuthorityVerifier.Did;
            return VerifySignature(delegation, options.AuthorityVerifier, keyDid, context);
        }

        var session = await VerifySessionAsync(delegation, siblings, context).ConfigureAwait(false);
        if (session is { IsOk: true })
        {
            return null;
        }

        if (session?.Error is Unauthorized { FailedProofs.Count: > 0 } escalation)
        {
            return new SessionEscalation(delegation, escalation);
        }

        var resolution = await ResolveDidKeyAsync(issuer, context).ConfigureAwait(false);
        if (!resolution.IsOk)
        {
            return resolution.Error;
        }

        var failures = new List<Failure>();
        foreach (var keyDid in resolution.Keys)
        {
            if (!Verifiers.TryParse(keyDid, out var key))
            {
                continue;
            }

            var failure = VerifySignature(delegation, Verifiers.WithDid(key, issuer), keyDid, context);
            if (failure is null)
            {
                return null;
            }

            failures.Add(failure);
        }

        return failures.Count switch
        {
            0 => new DidKeyResolutionError(issuer),
            1 => failures[0],
            _ => new InvalidSignature((InvalidSignature)failures[0], failures),
        };
    }

    private static async ValueTask<DidKeyResolution> ResolveDidKeyAsync(string did, ClaimContext context)
    {
        if (context.Options.ResolveDidKey is not { } resolve)
        {
            return DidKeyResolution.Fail(new DidKeyResolutionError(did));
        }

        try
        {
            return await resolve(did, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A resolver outage must not turn into a server error for the caller; the UCAN simply cannot be verified.
            return DidKeyResolution.Fail(new DidKeyResolutionError(did));
        }
    }

    private static InvalidSignature? VerifySignature(Delegation delegation, IVerifier verifier, string keyDid, ClaimContext context)
    {
        if (!context.TryGetSignature(delegation.Cid, keyDid, out var valid))
        {
            try
            {
                valid = delegation.VerifySignature(verifier);
            }
            catch (Exception error) when (error is FormatException or ArgumentException or NotSupportedException or System.Security.Cryptography.CryptographicException)
            {
                // A signature that cannot even be checked (e.g. R not on the curve) is simply not valid. The JavaScript
                // server throws here and answers HandlerExecutionError; we answer InvalidSignature on purpose.
                valid = false;
            }

            context.SetSignature(delegation.Cid, keyDid, valid);
        }

        return valid ? null : new InvalidSignature(delegation.Cid, delegation.Issuer, keyDid);
    }

    /// <summary>
    /// Looks for a <c>ucan/attest</c> from the authority (or from a principal the authority's own local
    /// <c>ucan/attest</c> proofs designate) whose <c>nb.proof</c> is <paramref name="delegation"/> (ucanto
    /// <c>verifySession</c>); <see langword="null"/> when there is no attestation to look at.
    /// </summary>
    private static async ValueTask<AccessResult?> VerifySessionAsync(Delegation delegation, IReadOnlyList<Delegation> siblings, ClaimContext context)
    {
        var options = context.Options;
        var attestations = siblings
            .Where(p => p.Capabilities.Count > 0 && p.Capabilities[0].Can == AttestAbility && !p.Cid.Equals(delegation.Cid))
            .ToList();
        if (attestations.Count == 0 || context.SessionDepth >= options.MaxChainDepth)
        {
            // No attestation to claim with: ucanto's claim over an empty list fails without failed proofs, which
            // leads to the same fallback (key resolution) as this.
            return null;
        }

        var authorities = new List<Schema> { Schema.Literal(options.Authority) };
        authorities.AddRange(options.Proofs
            .Where(p => p.Capabilities.Count > 0 && p.Capabilities[0].Can == AttestAbility && p.Capabilities[0].With == options.Authority)
            .Select(p => Schema.Literal(p.Audience)));
        var attestation = new CapabilityDefinition(
            AttestAbility,
            Schema.Union([.. authorities]),
            Schema.Struct(("proof", Schema.Link(delegation.Cid))));

        context.SessionDepth++;
        try
        {
            return await ClaimAsync(attestation, attestations, context).ConfigureAwait(false);
        }
        finally
        {
            context.SessionDepth--;
        }
    }
}
