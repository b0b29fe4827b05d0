using Dealer.Ucan.Results;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Server;

/// <summary>No method provides the invoked ability (ucanto server <c>HandlerNotFound</c>).</summary>
public sealed class HandlerNotFound : Failure
{
    /// <summary>Creates the failure for <paramref name="capability"/>.</summary>
    public HandlerNotFound(Capability capability)
        : base($"service does not implement {{can: \"{(capability ?? throw new ArgumentNullException(nameof(capability))).Can}\"}} handler")
    {
        Capability = capability;
    }

    /// <inheritdoc />
    public override string Name => "HandlerNotFound";

    /// <summary>The invoked capability.</summary>
    public Capability Capability { get; }

    /// <inheritdoc />
    /// <remarks><c>{name, error: true, capability: {can, with}, message, stack}</c>.</remarks>
    public override IReadOnlyDictionary<string, object?> ToIpld()
    {
        var map = CreateIpld();
        map["error"] = true;
        map["capability"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["can"] = Capability.Can, ["with"] = Capability.With };
        return map;
    }
}
