using Dealer.Ucan.Results;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Validation;

/// <summary>A capability whose <c>with</c> or <c>nb</c> does not fit the schema (ucanto <c>MalformedCapability</c>).</summary>
public sealed class MalformedCapability : Failure
{
    internal MalformedCapability(Capability capability, string cause)
        : base($"Encountered malformed '{capability.Can}' capability: {JsText.Stringify(capability.ToIpld(), dagCborOrder: true)}\n{JsText.Li(cause)}")
    {
        Capability = capability;
        Cause = cause;
    }

    /// <inheritdoc />
    public override string Name => "MalformedCapability";

    /// <summary>The capability as it was on the wire.</summary>
    public Capability Capability { get; }

    /// <summary>The schema's message.</summary>
    public string Cause { get; }
}
