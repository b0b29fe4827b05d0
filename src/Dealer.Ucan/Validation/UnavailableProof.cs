using Dealer.Ucan.Ipld;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>A proof that is linked but neither embedded nor resolvable (ucanto <c>UnavailableProof</c>).</summary>
public sealed class UnavailableProof : Failure
{
    /// <summary>Creates the failure; <paramref name="cause"/> is why resolution failed, if it was attempted and threw.</summary>
    public UnavailableProof(Cid link, string? cause = null)
        : base(Describe(link, cause))
    {
        Link = link;
    }

    /// <inheritdoc />
    public override string Name => "UnavailableProof";

    /// <summary>The proof link.</summary>
    public Cid Link { get; }

    private static string Describe(Cid link, string? cause)
    {
        ArgumentNullException.ThrowIfNull(link);
        var message = $"Linked proof '{link}' is not included and could not be resolved";
        return cause is null ? message : message + "\n" + JsText.Li($"Proof resolution failed with: {cause}");
    }
}
