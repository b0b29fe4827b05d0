using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Validation;

namespace Dealer.Ucan.Server;

/// <summary>
/// A capability the server provides and the handler that performs it once the invocation is authorized (ucanto
/// <c>provide</c>). Invocations are routed by exact <see cref="CapabilityDefinition.Can"/>. Typed methods
/// (<c>Provide</c>) hand the handler its caveats as the definition read them and write its typed
/// ok value into the receipt; the constructor takes an untyped handler over the caveats map.
/// </summary>
public sealed class ServiceMethod
{
    private readonly Func<Dispatch, CancellationToken, ValueTask<HandlerResult>> _run;

    /// <summary>Provides <paramref name="capability"/> with an untyped <paramref name="handler"/>.</summary>
    public ServiceMethod(CapabilityDefinition capability, Func<InvocationContext, CancellationToken, ValueTask<HandlerResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(capability);
        ArgumentNullException.ThrowIfNull(handler);
        Capability = capability;
        _run = async (dispatch, cancellationToken) =>
        {
            var access = await Validator.AccessAsync(dispatch.Invocation, capability, dispatch.Validation, cancellationToken)
                .ConfigureAwait(false);
            if (!access.IsOk)
            {
                return HandlerResult.Error(access.Error);
            }

            var context = new InvocationContext(dispatch.Invocation, access.Ok, dispatch.Id, dispatch.Blocks, dispatch.Validation.Clock);
            return await handler(context, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The handler returned no result.");
        };
    }

    private ServiceMethod(CapabilityDefinition capability, Func<Dispatch, CancellationToken, ValueTask<HandlerResult>> run)
    {
        Capability = capability;
        _run = run;
    }

    /// <summary>The capability.</summary>
    public CapabilityDefinition Capability { get; }

    /// <summary>
    /// Provides <paramref name="capability"/> with a typed <paramref name="handler"/> (go-ucanto
    /// <c>Provide(capability, HandlerFunc[C, O, X])</c>): it gets the caveats the definition read and returns a typed ok
    /// value, which <paramref name="encodeOk"/> writes into the receipt, or a named failure. Exceptions it throws
    /// become <see cref="HandlerExecutionError"/> receipts.
    /// </summary>
    public static ServiceMethod Provide<TCaveats, TOk>(
        CapabilityDefinition<TCaveats> capability,
        Func<TOk, object?> encodeOk,
        Func<InvocationContext<TCaveats>, CancellationToken, ValueTask<HandlerResult<TOk>>> handler)
    {
        ArgumentNullException.ThrowIfNull(capability);
        ArgumentNullException.ThrowIfNull(encodeOk);
        ArgumentNullException.ThrowIfNull(handler);
        return new ServiceMethod(capability, async (dispatch, cancellationToken) =>
        {
            var access = await Validator.AccessAsync(dispatch.Invocation, capability, dispatch.Validation, cancellationToken)
                .ConfigureAwait(false);
            if (!access.IsOk)
            {
                return HandlerResult.Error(access.Error);
            }

            var context = new InvocationContext<TCaveats>(dispatch.Invocation, access.Ok, dispatch.Id, dispatch.Blocks, dispatch.Validation.Clock);
            var result = await handler(context, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The handler returned no result.");
            return result.Encode(encodeOk);
        });
    }

    /// <summary>
    /// <see cref="Provide{TCaveats, TOk}(CapabilityDefinition{TCaveats}, Func{TOk, object?}, Func{InvocationContext{TCaveats}, CancellationToken, ValueTask{HandlerResult{TOk}}})"/>
    /// with the ok writer the capability declares.
    /// </summary>
    public static ServiceMethod Provide<TCaveats, TOk>(
        CapabilityDefinition<TCaveats, TOk> capability,
        Func<InvocationContext<TCaveats>, CancellationToken, ValueTask<HandlerResult<TOk>>> handler)
        where TOk : class
    {
        ArgumentNullException.ThrowIfNull(capability);
        return Provide(capability, capability.WriteOk, handler);
    }

    /// <summary>Validates <paramref name="dispatch"/>'s invocation against the capability and runs the handler.</summary>
    internal ValueTask<HandlerResult> RunAsync(Dispatch dispatch, CancellationToken cancellationToken) => _run(dispatch, cancellationToken);

    /// <summary>One invocation on its way to a method: what validation and the handler need.</summary>
    internal sealed record Dispatch(Delegation Invocation, ValidationOptions Validation, ISigner Id, IBlockSource Blocks);
}
