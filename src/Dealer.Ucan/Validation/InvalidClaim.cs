using Dealer.Ucan.Delegations;
using Dealer.Ucan.Results;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Validation;

/// <summary>
/// A matching capability that is neither self-issued nor derivable from the UCAN's proofs (ucanto
/// <c>InvalidClaim</c>); nested inside <see cref="Unauthorized"/>.
/// </summary>
public sealed class InvalidClaim : Failure
{
    internal InvalidClaim(
        ParsedCapability claimed,
        Delegation delegation,
        IReadOnlyList<Failure> delegationErrors,
        IReadOnlyList<Capability> unknownCapabilities,
        IReadOnlyList<Failure> invalidProofs,
        IReadOnlyList<Failure> failedProofs)
        : base(Describe(claimed, delegation, delegationErrors, unknownCapabilities, invalidProofs, failedProofs))
    {
        Claimed = claimed;
        Delegation = delegation;
    }

    /// <inheritdoc />
    public override string Name => "InvalidClaim";

    /// <summary>The capability that could not be proven.</summary>
    public ParsedCapability Claimed { get; }

    /// <summary>The UCAN it was found in.</summary>
    public Delegation Delegation { get; }

    private static string Describe(
        ParsedCapability claimed,
        Delegation delegation,
        IReadOnlyList<Failure> delegationErrors,
        IReadOnlyList<Capability> unknownCapabilities,
        IReadOnlyList<Failure> invalidProofs,
        IReadOnlyList<Failure> failedProofs)
    {
        var lines = new List<string>
        {
            $"Capability {claimed} is not authorized because:",
            JsText.Li($"Capability can not be (self) issued by '{delegation.Issuer}'"),
        };
        var errors = failedProofs.Concat(delegationErrors).Concat(invalidProofs).Select(error => JsText.Li(error.Message)).ToList();
        lines.AddRange(errors.Count > 0 ? errors : [JsText.Li("Delegated capability not found")]);
        Unauthorized.AppendUnknown(lines, unknownCapabilities);
        return string.Join('\n', lines);
    }
}
