using Dealer.Ucan.Results;

namespace Dealer.Service.Handlers;

/// <summary>A dealer error receipt value: <c>{name, message, stack}</c> with one of the <see cref="DealerErrors"/> names.</summary>
internal sealed class DealerFailure : Failure
{
    private readonly string _name;

    /// <summary>Creates the failure.</summary>
    public DealerFailure(string name, string message)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _name = name;
    }

    /// <inheritdoc />
    public override string Name => _name;
}
