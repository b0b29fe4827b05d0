using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>
/// A derivation rule was not met (what w3up's <c>fail(…)</c> in a <c>derives</c> returns); wrapped in
/// <see cref="EscalatedCapability"/>.
/// </summary>
public sealed class ConstraintViolation : Failure
{
    /// <summary>Creates the failure with <paramref name="message"/>.</summary>
    public ConstraintViolation(string message)
        : base(message)
    {
    }

    /// <inheritdoc />
    public override string Name => "ConstraintViolation";
}
