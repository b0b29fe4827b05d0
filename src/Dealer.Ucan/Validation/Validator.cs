using Dealer.Ucan.Delegations;
using Dealer.Ucan.Results;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Validation;

/// <summary>
/// Finds a valid proof path for an invocation's capability, with the semantics of @ucanto/validator
/// (<c>packages/validator/src/lib.js</c> <c>access</c>/<c>claim</c>/<c>authorize</c>): every UCAN on the path is
/// checked for time bounds and signature; a capability is self-issued when its <c>with</c> is the issuer's DID; proof
/// capabilities are patterns (<c>can</c> <c>*</c> or <c>ns/*</c>, <c>with</c> <c>ucan:*</c>) whose <c>nb</c> is merged
/// over the claimed one before <see cref="CapabilityDefinition.Derives"/> runs; proofs must be addressed to the issuer
/// citing them.
/// </summary>
public static partial class Validator
{
    /// <summary>The ability of session attestations (w3up <c>ucan/attest</c>).</summary>
    public const string AttestAbility = "ucan/attest";

    /// <summary>
    /// Checks that <paramref name="invocation"/> is authorized to exercise <paramref name="capability"/>: the
    /// <see cref="Authorization"/> of the first valid path, or an <see cref="Unauthorized"/> describing every path tried
    /// (or the failure of an authorization check that could not be made, <see cref="AuthorizationCheck.Fail"/>).
    /// The invocation's audience is not checked here; the server does that first.
    /// </summary>
    public static async ValueTask<AccessResult> AccessAsync(
        Delegation invocation,
        CapabilityDefinition capability,
        ValidationOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(capability);
        ArgumentNullException.ThrowIfNull(options);
        return await AccessCoreAsync(invocation, capability, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="AccessAsync(Delegation, CapabilityDefinition, ValidationOptions, CancellationToken)"/> for a typed
    /// definition: on success the claimed capability's caveats, as the definition reads them, come with the path.
    /// </summary>
    public static async ValueTask<AccessResult<TCaveats>> AccessAsync<TCaveats>(
        Delegation invocation,
        CapabilityDefinition<TCaveats> capability,
        ValidationOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(capability);
        ArgumentNullException.ThrowIfNull(options);
        var access = await AccessCoreAsync(invocation, capability, options, cancellationToken).ConfigureAwait(false);
        return access.IsOk
            ? AccessResult<TCaveats>.Success(new Authorization<TCaveats>(access.Ok, capability.ReadCaveats(access.Ok.Capability.Nb)))
            : AccessResult<TCaveats>.Failed(access.Error);
    }

    private static async ValueTask<AccessResult> AccessCoreAsync(
        Delegation invocation, CapabilityDefinition capability, ValidationOptions options, CancellationToken cancellationToken)
    {
        var context = new ClaimContext(options, invocation.Cid, cancellationToken);
        var access = await ClaimAsync(capability, [invocation], context).ConfigureAwait(false);
        return context.Stopped is { } stopped ? AccessResult.Failed(stopped) : access;
    }

    private static async ValueTask<AccessResult> ClaimAsync(CapabilityDefinition capability, IReadOnlyList<Delegation> proofs, ClaimContext context)
    {
        var invalidProofs = new List<Failure>();
        var sources = new List<ProofSource>();
        foreach (var proof in proofs)
        {
            if (context.Stopped is { } stopped)
            {
                return AccessResult.Failed(stopped);
            }

            var failure = await ValidateAsync(proof, proofs, context).ConfigureAwait(false);
            if (failure is null)
            {
                sources.AddRange(proof.Capabilities.Select(c => new ProofSource(c, proof)));
            }
            else
            {
                invalidProofs.Add(failure);
            }
        }

        var selection = Select(capability, sources);
        var failedProofs = new List<Failure>();
        foreach (var match in selection.Matches)
        {
            if (context.Stopped is { } stopped)
            {
                return AccessResult.Failed(stopped);
            }

            Authorization authorization;
            if (CanIssue(match))
            {
                authorization = new Authorization(match.Source.Delegation, match.Value, []);
            }
            else
            {
                var proven = await AuthorizeAsync(capability, match, 1, context).ConfigureAwait(false);
                if (!proven.IsOk)
                {
                    failedProofs.Add(proven.Error);
                    continue;
                }

                authorization = new Authorization(match.Source.Delegation, match.Value, [proven.Ok]);
            }

            var check = context.Options.ValidateAuthorization is { } hook
                ? await hook(authorization, context.CancellationToken).ConfigureAwait(false)
                : AuthorizationCheck.Allow;
            if (check.Failure is { } failure)
            {
                // The check could not be made: nothing more is tried, and this failure is the answer.
                context.Stopped = failure;
                return AccessResult.Failed(failure);
            }

            if (check.Rejection is null)
            {
                return AccessResult.Success(authorization);
            }

            invalidProofs.Add(check.Rejection);
        }

        return AccessResult.Failed(new Unauthorized(capability, selection.Errors, selection.Unknown, invalidProofs, failedProofs));
    }

    /// <summary>Looks for a proof of <paramref name="match"/> among the proofs of the UCAN it came from.</summary>
    private static async ValueTask<AccessResult> AuthorizeAsync(CapabilityDefinition capability, CapabilityMatch match, int depth, ClaimContext context)
    {
        if (depth > context.Options.MaxChainDepth)
        {
            return AccessResult.Failed(new ProofLimitExceeded(
                $"Capability {match.Value} is not authorized because the proof chain is longer than {context.Options.MaxChainDepth} delegations"));
        }

        var (sources, invalidProofs) = await ResolveSourcesAsync(match.Source.Delegation, context).ConfigureAwait(false);
        var selection = Select(capability, match.Value, sources);
        var failedProofs = new List<Failure>();
        foreach (var candidate in selection.Matches)
        {
            if (CanIssue(candidate))
            {
                return AccessResult.Success(new Authorization(candidate.Source.Delegation, candidate.Value, []));
            }

            var proven = await AuthorizeAsync(capability, candidate, depth + 1, context).ConfigureAwait(false);
            if (proven.IsOk)
            {
                return AccessResult.Success(new Authorization(candidate.Source.Delegation, candidate.Value, [proven.Ok]));
            }

            failedProofs.Add(proven.Error);
        }

        return AccessResult.Failed(new InvalidClaim(
            match.Value, match.Source.Delegation, selection.Errors, selection.Unknown, invalidProofs, failedProofs));
    }

    /// <summary>ucanto's default <c>canIssue</c>: a capability on the issuer's own DID needs no proof.</summary>
    private static bool CanIssue(CapabilityMatch match) =>
        string.Equals(match.Value.With, match.Source.Delegation.Issuer, StringComparison.Ordinal);

    /// <summary>Reads the capabilities of valid UCANs as claims (ucanto <c>parseCapability</c>).</summary>
    private static Selection Select(CapabilityDefinition capability, IEnumerable<ProofSource> sources)
    {
        var selection = new Selection();
        foreach (var source in sources)
        {
            var raw = source.Capability;
            if (!string.Equals(raw.Can, capability.Can, StringComparison.Ordinal))
            {
                selection.Unknown.Add(raw);
                continue;
            }

            var parsed = Read(capability, raw, raw.Can, raw.With, raw.Nb ?? Empty);
            if (parsed.Value is { } value)
            {
                selection.Matches.Add(new CapabilityMatch(source, value));
            }
            else
            {
                selection.Errors.Add(new DelegationError([parsed.Error!], DelegationError.RawCapabilityContext));
            }
        }

        return selection;
    }

    /// <summary>
    /// Reads proof capabilities as patterns over <paramref name="claimed"/> and keeps those it derives from (ucanto
    /// <c>resolveCapability</c> then <c>derives</c>).
    /// </summary>
    private static Selection Select(CapabilityDefinition capability, ParsedCapability claimed, IEnumerable<ProofSource> sources)
    {
        var selection = new Selection();

        // The claimed capability as text names it in errors only: written when the first one is.
        string? context = null;
        foreach (var source in sources)
        {
            var raw = source.Capability;
            var can = ResolveAbility(raw.Can, claimed.Can);
            if (can is null)
            {
                selection.Unknown.Add(raw);
                continue;
            }

            var with = raw.With == claimed.With || raw.With == "ucan:*" ? claimed.With : raw.With;
            var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in claimed.Nb)
            {
                merged[key] = value;
            }

            foreach (var (key, value) in raw.Nb ?? Empty)
            {
                merged[key] = value;
            }

            var parsed = Read(capability, raw, can, with, merged);
            if (parsed.Value is not { } delegated)
            {
                selection.Errors.Add(new DelegationError([parsed.Error!], context ??= claimed.ToString()));
                continue;
            }

            var violation = capability.Derives(claimed, delegated);
            if (violation is null)
            {
                selection.Matches.Add(new CapabilityMatch(source, delegated));
            }
            else
            {
                selection.Errors.Add(new DelegationError([new EscalatedCapability(claimed, delegated, violation)], context ??= claimed.ToString()));
            }
        }

        return selection;
    }

    private static (ParsedCapability? Value, Failure? Error) Read(
        CapabilityDefinition capability, Capability raw, string can, string with, IReadOnlyDictionary<string, object?> nb)
    {
        var uri = capability.With.Read(with);
        if (!uri.IsOk)
        {
            return (null, new MalformedCapability(raw, uri.Error));
        }

        var (caveats, error) = capability.Nb.ReadFields(nb);
        if (caveats is null)
        {
            return (null, new MalformedCapability(raw, error!));
        }

        // Every with schema that accepts a string gives it back as it is.
        return (new ParsedCapability(can, with, caveats), null);
    }

    /// <summary>ucanto <c>resolveAbility</c>: equal, <c>*</c>, or <c>ns/*</c> covering <c>ns/…</c>.</summary>
    private static string? ResolveAbility(string pattern, string can)
    {
        if (pattern == can || pattern == "*")
        {
            return can;
        }

        return pattern.EndsWith("/*", StringComparison.Ordinal) && can.StartsWith(pattern[..^1], StringComparison.Ordinal) ? can : null;
    }

    private static readonly IReadOnlyDictionary<string, object?> Empty = new Dictionary<string, object?>(StringComparer.Ordinal);
}
