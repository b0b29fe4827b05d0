using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>
/// Capabilities that matched the ability but could not be read or derived (ucanto <c>DelegationError</c>, whose wire
/// name is <c>InvalidClaim</c>).
/// </summary>
public sealed class DelegationError : Failure
{
    internal DelegationError(IReadOnlyList<Failure> causes, string context)
        : base(string.Join('\n', [$"Can not derive {context} from delegated capabilities:", .. causes.Select(c => JsText.Li(c.Message))]))
    {
        Causes = causes;
    }

    /// <inheritdoc />
    public override string Name => "InvalidClaim";

    /// <summary>The <see cref="MalformedCapability"/> or <see cref="EscalatedCapability"/> failures.</summary>
    public IReadOnlyList<Failure> Causes { get; }

    /// <summary>
    /// JavaScript interpolates the raw capability object when a top-level capability is malformed, which prints
    /// <c>[object Object]</c>; we keep the text identical.
    /// </summary>
    internal const string RawCapabilityContext = "[object Object]";
}
