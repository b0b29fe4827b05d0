using Dealer.Ucan.Results;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Server;

/// <summary>
/// A handler (or a validation hook) threw (ucanto server <c>HandlerExecutionError</c>). The receipt names the exception
/// type and message in <c>cause</c> but carries no stack trace.
/// </summary>
public sealed class HandlerExecutionError : Failure
{
    /// <summary>Creates the failure for <paramref name="capability"/> and the exception <paramref name="cause"/>.</summary>
    public HandlerExecutionError(Capability capability, Exception cause)
        : base($"service handler {{can: \"{(capability ?? throw new ArgumentNullException(nameof(capability))).Can}\"}} error: {(cause ?? throw new ArgumentNullException(nameof(cause))).Message}")
    {
        Capability = capability;
        Cause = cause;
    }

    /// <inheritdoc />
    public override string Name => "HandlerExecutionError";

    /// <summary>The invoked capability.</summary>
    public Capability Capability { get; }

    /// <summary>The exception.</summary>
    public Exception Cause { get; }

    /// <inheritdoc />
    /// <remarks><c>{name, error: true, capability: {can, with}, cause: {name, message, stack}, message, stack}</c>, where
    /// every <c>stack</c> is just <c>"Name: message"</c>.</remarks>
    public override IReadOnlyDictionary<string, object?> ToIpld()
    {
        var map = CreateIpld();
        var name = Cause.GetType().Name;
        map["error"] = true;
        map["capability"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["can"] = Capability.Can, ["with"] = Capability.With };
        map["cause"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = name,
            ["message"] = Cause.Message,
            ["stack"] = $"{name}: {Cause.Message}",
        };
        return map;
    }
}
