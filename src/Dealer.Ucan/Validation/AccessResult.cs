using System.Diagnostics.CodeAnalysis;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Validation;

/// <summary>The outcome of <see cref="Validator.AccessAsync"/>: a proven <see cref="Authorization"/> or a failure.</summary>
public sealed class AccessResult
{
    private AccessResult(Authorization? ok, Failure? error)
    {
        Ok = ok;
        Error = error;
    }

    /// <summary>The proven path, when authorized.</summary>
    public Authorization? Ok { get; }

    /// <summary>Why not (an <see cref="Unauthorized"/> from <see cref="Validator.AccessAsync"/>), when not authorized.</summary>
    public Failure? Error { get; }

    /// <summary>Whether the claim is authorized.</summary>
    [MemberNotNullWhen(true, nameof(Ok))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Ok is not null;

    internal static AccessResult Success(Authorization authorization) => new(authorization, null);

    internal static AccessResult Failed(Failure failure) => new(null, failure);
}

/// <summary>The outcome of <see cref="Validator.AccessAsync{TCaveats}"/>: a typed <see cref="Authorization{TCaveats}"/> or a failure.</summary>
/// <typeparam name="TCaveats">The caveats type of the definition.</typeparam>
public sealed class AccessResult<TCaveats>
{
    private AccessResult(Authorization<TCaveats>? ok, Failure? error)
    {
        Ok = ok;
        Error = error;
    }

    /// <summary>The proven path with the typed caveats, when authorized.</summary>
    public Authorization<TCaveats>? Ok { get; }

    /// <summary>Why not, when not authorized.</summary>
    public Failure? Error { get; }

    /// <summary>Whether the claim is authorized.</summary>
    [MemberNotNullWhen(true, nameof(Ok))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Ok is not null;

    internal static AccessResult<TCaveats> Success(Authorization<TCaveats> authorization) => new(authorization, null);

    internal static AccessResult<TCaveats> Failed(Failure failure) => new(null, failure);
}
