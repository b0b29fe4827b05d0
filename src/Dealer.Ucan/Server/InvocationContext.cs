using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Validation;

namespace Dealer.Ucan.Server;

/// <summary>What a handler gets for an authorized invocation (ucanto <c>ProviderInput</c>).</summary>
public class InvocationContext
{
    internal InvocationContext(Delegation invocation, Authorization authorization, ISigner id, IBlockSource blocks, TimeProvider clock)
    {
        Invocation = invocation;
        Authorization = authorization;
        Id = id;
        Blocks = blocks;
        Clock = clock;
    }

    /// <summary>The invocation.</summary>
    public Delegation Invocation { get; }

    /// <summary>The capability as read through the method's definition.</summary>
    public ParsedCapability Capability => Authorization.Capability;

    /// <summary>The proven path.</summary>
    public Authorization Authorization { get; }

    /// <summary>The server signer (for self-issued effects such as <c>deal/add</c>).</summary>
    public ISigner Id { get; }

    /// <summary>Every block that came with the request, e.g. the one behind <c>nb.pieces</c>.</summary>
    public IBlockSource Blocks { get; }

    /// <summary>The server clock.</summary>
    public TimeProvider Clock { get; }
}

/// <summary>
/// What a typed handler gets (<c>ServiceMethod.Provide</c>): the invocation context and the
/// claimed capability's caveats as the definition read them.
/// </summary>
/// <typeparam name="TCaveats">The caveats type of the definition.</typeparam>
public sealed class InvocationContext<TCaveats> : InvocationContext
{
    internal InvocationContext(Delegation invocation, Authorization<TCaveats> authorization, ISigner id, IBlockSource blocks, TimeProvider clock)
        : base(invocation, authorization, id, blocks, clock)
    {
        Caveats = authorization.Caveats;
    }

    /// <summary>The caveats of the invoked capability.</summary>
    public TCaveats Caveats { get; }
}
