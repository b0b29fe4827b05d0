using Dealer.Ucan.Delegations;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Validation;

/// <summary>A capability together with the valid UCAN it came from (ucanto <c>Source</c>).</summary>
internal sealed record ProofSource(Capability Capability, Delegation Delegation);
