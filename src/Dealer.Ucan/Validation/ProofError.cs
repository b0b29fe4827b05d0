using Dealer.Ucan.Ipld;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>A proof that could not be used, with the reason (ucanto <c>ProofError</c>).</summary>
public sealed class ProofError : Failure
{
    internal ProofError(Cid proof, Failure cause)
        : base($"Capability can not be derived from prf:{proof} because:\n{JsText.Li(cause.Message)}")
    {
        Proof = proof;
        Cause = cause;
    }

    /// <inheritdoc />
    public override string Name => "ProofError";

    /// <summary>The proof link.</summary>
    public Cid Proof { get; }

    /// <summary>Why it could not be used.</summary>
    public Failure Cause { get; }
}
