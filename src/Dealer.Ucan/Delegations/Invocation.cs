namespace Dealer.Ucan.Delegations;

/// <summary>Creates invocations: delegations of exactly one capability addressed to the service (ucanto <c>invoke</c>).</summary>
public static class Invocation
{
    /// <summary>Issues and signs an invocation.</summary>
    /// <exception cref="ArgumentException">Not exactly one capability, or invalid options (see <see cref="Delegation.Delegate"/>).</exception>
    public static Delegation Invoke(DelegationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Capabilities is not { Count: 1 })
        {
            throw new ArgumentException("An invocation has exactly one capability.", nameof(options));
        }

        return Delegation.Delegate(options);
    }
}
