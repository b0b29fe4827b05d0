using System.IO.Pipelines;

namespace Dealer.Service.Http;

/// <summary>
/// A request body as a <see cref="PipeReader"/> that charges every byte it has received to a
/// <see cref="RequestBodyBudget"/> as it arrives, and gives them all back on <see cref="DisposeAsync"/>. When the budget
/// has no room for bytes that arrived, the read fails with <see cref="RequestBodyBudgetExceededException"/>, so memory
/// follows the bytes received and stays within the bound however much is declared.
/// </summary>
internal sealed class MeteredBodyReader : PipeReader, IAsyncDisposable
{
    private readonly PipeReader _inner;
    private readonly RequestBodyBudget _budget;
    private System.Buffers.ReadOnlySequence<byte> _last;
    private long _consumed;
    private long _charged;

    public MeteredBodyReader(PipeReader inner, RequestBodyBudget budget)
    {
        _inner = inner;
        _budget = budget;
    }

    /// <summary>Bytes of the body received so far.</summary>
    public long Received => _charged;

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await _inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        Charge(result);
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!_inner.TryRead(out result))
        {
            return false;
        }

        Charge(result);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed)
    {
        _consumed += _last.Slice(_last.Start, consumed).Length;
        _inner.AdvanceTo(consumed);
    }

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _consumed += _last.Slice(_last.Start, consumed).Length;
        _inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => _inner.CancelPendingRead();

    // The host owns the request body pipe and completes it when the request ends.
    public override void Complete(Exception? exception = null)
    {
    }

    public ValueTask DisposeAsync()
    {
        _budget.Return(Interlocked.Exchange(ref _charged, 0));
        return ValueTask.CompletedTask;
    }

    private void Charge(ReadResult result)
    {
        _last = result.Buffer;
        var received = _consumed + result.Buffer.Length;
        if (received <= _charged)
        {
            return;
        }

        if (!_budget.TryTake(received - _charged))
        {
            _inner.AdvanceTo(result.Buffer.Start);
            throw new RequestBodyBudgetExceededException(_budget.Capacity);
        }

        _charged = received;
    }
}
