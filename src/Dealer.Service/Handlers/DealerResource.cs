using Dealer.Ucan.Server;

namespace Dealer.Service.Handlers;

/// <summary>
/// The check every dealer capability makes first, as filecoin-api's dealer does: the invocation's resource
/// (<c>with</c>) must be this dealer's DID, else <c>UnsupportedCapability</c>.
/// </summary>
internal static class DealerResource
{
    /// <summary>The failure when <paramref name="context"/> is not addressed to this dealer, or null.</summary>
    public static DealerFailure? Check(InvocationContext context)
    {
        var dealer = context.Id.Did;
        return string.Equals(context.Capability.With, dealer, StringComparison.Ordinal)
            ? null
            : new DealerFailure(DealerErrors.UnsupportedCapability,
                $"{context.Capability.Can} with {context.Capability.With} is not supported: this dealer is {dealer}");
    }
}
