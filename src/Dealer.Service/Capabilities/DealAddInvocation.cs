using Dealer.Ucan.Delegations;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Tokens;

namespace Dealer.Service.Capabilities;

/// <summary>
/// The dealer's self-issued <c>deal/add</c>, built deterministically (issuer = audience = <c>with</c> = the dealer,
/// the offer's caveats, <c>exp</c> null, no nonce, no proofs) so that the invocation the cron runs later has exactly
/// the CID the <c>deal/offer</c> receipt promised in <c>fx.join</c>. Ed25519 signatures are deterministic, so building
/// it twice gives the same bytes.
/// </summary>
public static class DealAddInvocation
{
    /// <summary>Builds the invocation for <paramref name="nb"/>.</summary>
    public static Delegation Create(ISigner dealer, DealNb nb)
    {
        ArgumentNullException.ThrowIfNull(dealer);
        ArgumentNullException.ThrowIfNull(nb);
        return Invocation.Invoke(new DelegationOptions(
            dealer,
            dealer.Did,
            [new Capability(DealCapabilities.AddAbility, dealer.Did, nb.ToIpld())])
        {
            Expiration = null,
        });
    }
}
