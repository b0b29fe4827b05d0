using Dealer.Ucan.Results;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Validation;

/// <summary>A capability of another ability (ucanto <c>UnknownCapability</c>); such capabilities are ignored.</summary>
public sealed class UnknownCapability : Failure
{
    internal UnknownCapability(Capability capability)
        : base($"Encountered unknown capability: {JsText.Stringify(capability.ToIpld(), dagCborOrder: true)}")
    {
        Capability = capability;
    }

    /// <inheritdoc />
    public override string Name => "UnknownCapability";

    /// <summary>The capability.</summary>
    public Capability Capability { get; }
}
