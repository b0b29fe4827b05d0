using Dealer.Ucan.Validation;

namespace Dealer.Ucan.Server;

/// <summary>
/// A capability the server provides and the handler that performs it once the invocation is authorized (ucanto
/// <c>provide</c>). Invocations are routed by exact <see cref="CapabilityDefinition.Can"/>.
/// </summary>
public sealed class ServiceMethod
{
    /// <summary>Provides <paramref name="capability"/> with <paramref name="handler"/>.</summary>
    public ServiceMethod(CapabilityDefinition capability, Func<InvocationContext, CancellationToken, ValueTask<HandlerResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(capability);
        ArgumentNullException.ThrowIfNull(handler);
        Capability = capability;
        Handler = handler;
    }

    /// <summary>The capability.</summary>
    public CapabilityDefinition Capability { get; }

    /// <summary>The handler; exceptions it throws become <see cref="HandlerExecutionError"/> receipts.</summary>
    public Func<InvocationContext, CancellationToken, ValueTask<HandlerResult>> Handler { get; }
}
