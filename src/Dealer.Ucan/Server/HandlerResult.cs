using Dealer.Ucan.Ipld;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Results;

namespace Dealer.Ucan.Server;

/// <summary>
/// What a handler returns (ucanto <c>Server.ok(…).join(…)</c>): the outcome and the effects for the receipt's
/// <c>fx</c>. Immutable; <see cref="Join"/> and <see cref="Fork"/> return new instances.
/// </summary>
public sealed class HandlerResult
{
    private HandlerResult(Result @out, Failure? failure, IReadOnlyList<Cid> forks, Cid? join, ReceiptCommit? commit = null)
    {
        Out = @out;
        Failure = failure;
        Forks = forks;
        JoinLink = join;
        Commit = commit;
    }

    /// <summary>The outcome written to <c>out</c>.</summary>
    public Result Out { get; }

    /// <summary>The failure, when the handler returned one with <see cref="Error"/>.</summary>
    public Failure? Failure { get; }

    /// <summary><c>fx.fork</c>.</summary>
    public IReadOnlyList<Cid> Forks { get; }

    /// <summary><c>fx.join</c>, if any.</summary>
    public Cid? JoinLink { get; }

    /// <summary>
    /// What makes this result durable together with its receipt, when the handler staged its writes instead of making
    /// them (see <see cref="CommitWith"/>); null when the server records the receipt on its own.
    /// </summary>
    public ReceiptCommit? Commit { get; }

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
        return new(Out, Failure, Forks, effect, Commit);
    }

    /// <summary>Adds an invocation to <c>fx.fork</c>.</summary>
    public HandlerResult Fork(Cid effect)
    {
        ArgumentNullException.ThrowIfNull(effect);
        return new(Out, Failure, [.. Forks, effect], JoinLink, Commit);
    }

    /// <summary>
    /// Defers this result's writes to <paramref name="commit"/>, which the server calls with the signed receipt before
    /// answering: the handler's writes and the receipt become durable as one unit, and nothing is answered before.
    /// </summary>
    public HandlerResult CommitWith(ReceiptCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return new(Out, Failure, Forks, JoinLink, commit);
    }
}

/// <summary>
/// Makes a handler's staged writes durable together with <paramref name="receipt"/>, the receipt the server signed
/// for its result. Returns null when the receipt is stored with the writes (the server then answers with it and
/// records nothing more), or the result to answer instead (for example a store failure, or the answer of an offer
/// that a concurrent request registered first); the server signs and records that one as usual.
/// </summary>
public delegate ValueTask<HandlerResult?> ReceiptCommit(Receipt receipt, CancellationToken cancellationToken);
