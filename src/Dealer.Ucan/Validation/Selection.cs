using Dealer.Ucan.Results;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Validation;

/// <summary>The outcome of matching sources against a claim (ucanto <c>Select</c>).</summary>
internal sealed class Selection
{
    public List<CapabilityMatch> Matches { get; } = [];

    public List<Failure> Errors { get; } = [];

    public List<Capability> Unknown { get; } = [];
}
