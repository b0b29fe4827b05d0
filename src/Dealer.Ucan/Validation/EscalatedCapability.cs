using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>The claim asks for more than the proof delegates (ucanto <c>EscalatedCapability</c>).</summary>
public sealed class EscalatedCapability : Failure
{
    internal EscalatedCapability(ParsedCapability claimed, ParsedCapability delegated, Failure cause)
        : base($"Constraint violation: {cause.Message}")
    {
        Claimed = claimed;
        Delegated = delegated;
        Cause = cause;
    }

    /// <inheritdoc />
    public override string Name => "EscalatedCapability";

    /// <summary>The claimed capability.</summary>
    public ParsedCapability Claimed { get; }

    /// <summary>The delegated capability (after pattern resolution and the <c>nb</c> merge).</summary>
    public ParsedCapability Delegated { get; }

    /// <summary>The derivation failure.</summary>
    public Failure Cause { get; }
}
