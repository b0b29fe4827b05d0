using Dealer.Ucan.Results;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Server;

/// <summary>An invocation with no or several capabilities (ucanto server <c>InvocationCapabilityError</c>).</summary>
public sealed class InvocationCapabilityError : Failure
{
    /// <summary>Creates the failure for the invocation's <paramref name="capabilities"/>.</summary>
    public InvocationCapabilityError(IReadOnlyList<Capability> capabilities)
        : base("Invocation is required to have a single capability.")
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        Capabilities = capabilities;
    }

    /// <inheritdoc />
    public override string Name => "InvocationCapabilityError";

    /// <summary>The capabilities the invocation had.</summary>
    public IReadOnlyList<Capability> Capabilities { get; }

    /// <inheritdoc />
    /// <remarks><c>{name, error: true, message, capabilities}</c>; ucanto's <c>toJSON</c> has no <c>stack</c> here.</remarks>
    public override IReadOnlyDictionary<string, object?> ToIpld() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["name"] = Name,
        ["error"] = true,
        ["message"] = Message,
        ["capabilities"] = Capabilities.Select(c => (object?)c.ToIpld()).ToList(),
    };
}
