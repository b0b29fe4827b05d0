using Dealer.Ucan.Results;

namespace Dealer.Ucan.Server;

/// <summary>
/// Thrown by a validation hook (such as <see cref="ServerOptions.ValidateAuthorization"/>) or a handler to answer the
/// invocation with <see cref="Failure"/> as the receipt's error, rather than as a <c>HandlerExecutionError</c>. For
/// expected infrastructure failures that have a wire name of their own, such as a store that cannot be read while
/// checking revocations (<c>StoreOperationFailed</c>): the invocation is refused, but not as <c>Unauthorized</c>,
/// so the client knows a retry may succeed.
/// </summary>
public sealed class InvocationFailureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvocationFailureException(Failure failure, Exception? innerException = null)
        : base((failure ?? throw new ArgumentNullException(nameof(failure))).Message, innerException) => Failure = failure;

    /// <summary>The failure that becomes the receipt's <c>out.error</c>.</summary>
    public Failure Failure { get; }
}
