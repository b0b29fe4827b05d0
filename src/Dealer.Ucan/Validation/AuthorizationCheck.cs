using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>
/// What <see cref="ValidationOptions.ValidateAuthorization"/> (the revocation hook) says about a proven path, as a
/// value: <see cref="Allow"/>; <see cref="Reject"/> the path (for example <see cref="Revoked"/>: the reason is listed
/// in the <see cref="Unauthorized"/> failure, and other paths are still tried); or <see cref="Fail"/> when the check
/// itself could not be made (for example the revocation store cannot be read): validation stops and that failure,
/// with its own name, is the answer, so a client can tell "retry later" from "your proofs are bad".
/// </summary>
public sealed class AuthorizationCheck
{
    private AuthorizationCheck(Failure? rejection, Failure? failure)
    {
        Rejection = rejection;
        Failure = failure;
    }

    /// <summary>The path is allowed.</summary>
    public static AuthorizationCheck Allow { get; } = new(null, null);

    /// <summary>Why the path is not valid, when rejected.</summary>
    public Failure? Rejection { get; }

    /// <summary>Why the path could not be checked, when the check failed.</summary>
    public Failure? Failure { get; }

    /// <summary>The path is not valid because of <paramref name="reason"/>.</summary>
    public static AuthorizationCheck Reject(Failure reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return new(reason, null);
    }

    /// <summary>The path could not be checked; <paramref name="failure"/> answers the invocation.</summary>
    public static AuthorizationCheck Fail(Failure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new(null, failure);
    }
}
