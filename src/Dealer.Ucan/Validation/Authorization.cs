using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Validation;

/// <summary>
/// A proven path (ucanto <c>Authorization</c>): the UCAN whose capability matched, the capability as read, and the
/// authorization of the proof it was derived from (none when it was self-issued).
/// </summary>
public class Authorization
{
    internal Authorization(Delegation delegation, ParsedCapability capability, IReadOnlyList<Authorization> proofs)
    {
        Delegation = delegation;
        Capability = capability;
        Proofs = proofs;
    }

    /// <summary>The UCAN the capability was found in (the invocation at the top level).</summary>
    public Delegation Delegation { get; }

    /// <summary>The capability as read from <see cref="Delegation"/>.</summary>
    public ParsedCapability Capability { get; }

    /// <summary>The authorizations this one rests on: empty when self-issued, otherwise one.</summary>
    public IReadOnlyList<Authorization> Proofs { get; }

    /// <summary>The issuer of <see cref="Delegation"/>.</summary>
    public string Issuer => Delegation.Issuer;

    /// <summary>The audience of <see cref="Delegation"/>.</summary>
    public string Audience => Delegation.Audience;

    /// <summary>Every delegation CID on the path, this one first (ucanto <c>Authorization.iterate</c>).</summary>
    public IEnumerable<Cid> Iterate()
    {
        yield return Delegation.Cid;
        foreach (var proof in Proofs)
        {
            foreach (var cid in proof.Iterate())
            {
                yield return cid;
            }
        }
    }
}

/// <summary>
/// The proven path of a claim read through a <see cref="CapabilityDefinition{TCaveats}"/>: the
/// <see cref="Authorization"/> and the claimed capability's caveats as <typeparamref name="TCaveats"/>.
/// </summary>
/// <typeparam name="TCaveats">The caveats type of the definition.</typeparam>
public sealed class Authorization<TCaveats> : Authorization
{
    internal Authorization(Authorization authorization, TCaveats caveats)
        : base(authorization.Delegation, authorization.Capability, authorization.Proofs)
    {
        Caveats = caveats;
    }

    /// <summary>The claimed capability's caveats, read once by the definition from what its schema accepted.</summary>
    public TCaveats Caveats { get; }
}
