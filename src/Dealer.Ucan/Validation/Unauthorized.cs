using Dealer.Ucan.Results;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Validation;

/// <summary>
/// No valid path authorizes the claim (ucanto <c>Unauthorized</c>, the top-level failure of
/// <see cref="Validator.AccessAsync"/>). Every nested cause is flattened into <see cref="Failure.Message"/>, as in
/// JavaScript; only this failure reaches the wire.
/// </summary>
public sealed class Unauthorized : Failure
{
    internal Unauthorized(
        CapabilityDefinition capability,
        IReadOnlyList<Failure> delegationErrors,
        IReadOnlyList<Capability> unknownCapabilities,
        IReadOnlyList<Failure> invalidProofs,
        IReadOnlyList<Failure> failedProofs)
        : base(Describe(capability, delegationErrors, unknownCapabilities, invalidProofs, failedProofs))
    {
        Capability = capability;
        DelegationErrors = delegationErrors;
        UnknownCapabilities = unknownCapabilities;
        InvalidProofs = invalidProofs;
        FailedProofs = failedProofs;
    }

    /// <inheritdoc />
    public override string Name => "Unauthorized";

    /// <summary>The claimed capability definition.</summary>
    public CapabilityDefinition Capability { get; }

    /// <summary>Capabilities that were malformed or could not be derived.</summary>
    public IReadOnlyList<Failure> DelegationErrors { get; }

    /// <summary>Capabilities of other abilities that were ignored.</summary>
    public IReadOnlyList<Capability> UnknownCapabilities { get; }

    /// <summary>UCANs that failed validation (time bounds, signature, revocation …).</summary>
    public IReadOnlyList<Failure> InvalidProofs { get; }

    /// <summary>Matching capabilities whose own proofs did not hold (<see cref="InvalidClaim"/>s).</summary>
    public IReadOnlyList<Failure> FailedProofs { get; }

    internal static string Describe(
        CapabilityDefinition capability,
        IReadOnlyList<Failure> delegationErrors,
        IReadOnlyList<Capability> unknownCapabilities,
        IReadOnlyList<Failure> invalidProofs,
        IReadOnlyList<Failure> failedProofs)
    {
        var lines = new List<string> { $"Claim {capability} is not authorized" };
        var errors = failedProofs.Concat(delegationErrors).Concat(invalidProofs).Select(error => JsText.Li(error.Message)).ToList();
        lines.AddRange(errors.Count > 0 ? errors : [JsText.Li("No matching delegated capability found")]);
        AppendUnknown(lines, unknownCapabilities);
        return string.Join('\n', lines);
    }

    internal static void AppendUnknown(List<string> lines, IReadOnlyList<Capability> unknownCapabilities)
    {
        if (unknownCapabilities.Count > 0)
        {
            var unknown = unknownCapabilities.Select(c => JsText.Li(JsText.Stringify(c.ToIpld(), dagCborOrder: true)));
            lines.Add(JsText.Li("Encountered unknown capabilities\n" + string.Join('\n', unknown)));
        }
    }
}
