using Dealer.Ucan.Ipld;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Server;

/// <summary>
/// What a handler returns (ucanto <c>Server.ok(…).join(…)</c>): the outcome and the effects for the receipt's
/// <c>fx</c>. Immutable; <see cref="Join"/> and <see cref="Fork"/> return new instances.
/// </summary>
public sealed class HandlerResult
{
    private HandlerResult(Result @out, Failure? failure, IReadOnlyList<Cid> forks, Cid? join)
    {
        Out = @out;
        Failure = failure;
        Forks = forks;
        JoinLink = join;
    }

    /// <summary>The outcome written to <c>out</c>.</summary>
    public Result Out { get; }

    /// <summary>The failure, when the handler returned one with <see cref="Error"/>.</summary>
    public Failure? Failure { get; }

    /// <summary><c>fx.fork</c>.</summary>
    public IReadOnlyList<Cid> Forks { get; }

    /// <summary><c>fx.join</c>, if any.</summary>
    public Cid? JoinLink { get; }

    /// <summary>Success with <paramref name="value"/> (IPLD data).</summary>
    public static HandlerResult Ok(object? value) => new(Result.Success(value), null, [], null);

    /// <summary>A business failure; its IPLD form becomes <c>out.error</c>.</summary>
    public static HandlerResult Error(Failure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new(Result.Err(failure), failure, [], null);
    }

    /// <summary>Sets <c>fx.join</c> to the invocation that continues this work (only its link is sent).</summary>
    public HandlerResult Join(Cid effect)
    {
        ArgumentNullException.ThrowIfNull(effect);
        return new(Out, Failure, Forks, effect);
    }

    /// <summary>Adds an invocation to <c>fx.fork</c>.</summary>
    public HandlerResult Fork(Cid effect)
    {
        ArgumentNullException.ThrowIfNull(effect);
        return new(Out, Failure, [.. Forks, effect], JoinLink);
    }
}
