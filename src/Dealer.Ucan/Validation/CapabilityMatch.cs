namespace Dealer.Ucan.Validation;

/// <summary>A source whose capability was read (and, for a proof, derived) as <see cref="Value"/> (ucanto <c>Match</c>).</summary>
internal sealed record CapabilityMatch(ProofSource Source, ParsedCapability Value);
