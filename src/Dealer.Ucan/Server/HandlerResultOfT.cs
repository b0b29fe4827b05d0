using System.Diagnostics.CodeAnalysis;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Server;

/// <summary>
/// What a typed handler returns (go-ucanto <c>HandlerFunc[C, O, X]</c>, ucanto <c>Server.ok(…).join(…)</c>): a typed ok
/// value or a named <see cref="Results.Failure"/>, the effects for the receipt's <c>fx</c>, and possibly a commit.
/// The method's ok encoder writes the value into the receipt. Immutable.
/// </summary>
/// <typeparam name="TOk">The ok type.</typeparam>
public sealed class HandlerResult<TOk>
{
    private HandlerResult(bool isOk, TOk? value, Failure? failure, IReadOnlyList<Cid> forks, Cid? join, ReceiptCommit<TOk>? commit)
    {
        IsOk = isOk;
        Value = value;
        Failure = failure;
        Forks = forks;
        JoinLink = join;
        Commit = commit;
    }

    /// <summary>Whether this is a success.</summary>
    public bool IsOk { get; }

    /// <summary>The ok value, for a success.</summary>
    public TOk? Value { get; }

    /// <summary>The failure, for an error.</summary>
    public Failure? Failure { get; }

    /// <summary><c>fx.fork</c>.</summary>
    public IReadOnlyList<Cid> Forks { get; }

    /// <summary><c>fx.join</c>, if any.</summary>
    public Cid? JoinLink { get; }

    /// <summary>See <see cref="HandlerResult.Commit"/>.</summary>
    public ReceiptCommit<TOk>? Commit { get; }

    /// <summary>Success with <paramref name="value"/>.</summary>
    [SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "The handler's return type names TOk; HandlerResult<TOk>.Ok(value) mirrors ucanto's Server.ok.")]
    public static HandlerResult<TOk> Ok(TOk value) => new(true, value, null, [], null, null);

    /// <summary>A named failure; its IPLD form becomes <c>out.error</c>.</summary>
    [SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "As Ok; a Failure also converts implicitly.")]
    public static HandlerResult<TOk> Error(Failure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new(false, default, failure, [], null, null);
    }

    /// <summary>A failure is an error result.</summary>
    public static implicit operator HandlerResult<TOk>(Failure failure) => Error(failure);

    /// <summary>Sets <c>fx.join</c> (see <see cref="HandlerResult.Join"/>).</summary>
    public HandlerResult<TOk> Join(Cid effect)
    {
        ArgumentNullException.ThrowIfNull(effect);
        return new(IsOk, Value, Failure, Forks, effect, Commit);
    }

    /// <summary>Adds an invocation to <c>fx.fork</c>.</summary>
    public HandlerResult<TOk> Fork(Cid effect)
    {
        ArgumentNullException.ThrowIfNull(effect);
        return new(IsOk, Value, Failure, [.. Forks, effect], JoinLink, Commit);
    }

    /// <summary>Defers this result's writes to <paramref name="commit"/> (see <see cref="HandlerResult.CommitWith"/>).</summary>
    public HandlerResult<TOk> CommitWith(ReceiptCommit<TOk> commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return new(IsOk, Value, Failure, Forks, JoinLink, commit);
    }

    /// <summary>The untyped result the server signs, the ok value written by <paramref name="encodeOk"/>.</summary>
    internal HandlerResult Encode(Func<TOk, object?> encodeOk)
    {
        var result = IsOk ? HandlerResult.Ok(encodeOk(Value!)) : HandlerResult.Error(Failure!);
        foreach (var fork in Forks)
        {
            result = result.Fork(fork);
        }

        if (JoinLink is { } join)
        {
            result = result.Join(join);
        }

        if (Commit is { } commit)
        {
            result = result.CommitWith(async (receipt, cancellationToken) =>
                (await commit(receipt, cancellationToken).ConfigureAwait(false))?.Encode(encodeOk));
        }

        return result;
    }
}

/// <summary>The typed form of <see cref="ReceiptCommit"/>: null when committed, or the result to answer instead.</summary>
/// <typeparam name="TOk">The ok type.</typeparam>
public delegate ValueTask<HandlerResult<TOk>?> ReceiptCommit<TOk>(Receipt receipt, CancellationToken cancellationToken);
