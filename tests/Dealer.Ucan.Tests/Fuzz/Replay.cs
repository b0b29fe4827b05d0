namespace Dealer.Ucan.Tests.Fuzz;

/// <summary>Runs one fuzz input under a hang guard.</summary>
internal static class Replay
{
    /// <summary>Runs <paramref name="target"/> on <paramref name="input"/>, giving up after <paramref name="timeout"/>.</summary>
    /// <returns>The answer (see <see cref="FuzzTargets.Run"/>), or null and in <paramref name="finding"/> what went wrong:
    /// an exception outside the documented family, a broken invariant, or no answer in time.</returns>
    public static string? Run(FuzzTargets targets, string target, byte[] input, TimeSpan timeout, out string? finding)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        // The token only stops the dispatch's awaits; the Wait below also catches a loop that never awaits.
        var run = Task.Run(
            () => target == "dispatch" ? FuzzTargets.Dispatch(input, cancellation.Token) : targets.Run(target, input),
            CancellationToken.None);
        try
        {
            finding = run.Wait(timeout + TimeSpan.FromSeconds(1)) ? null : $"no answer within {timeout.TotalSeconds:0} s";
            return finding is null ? run.Result : null;
        }
        catch (AggregateException error) when (error.InnerException is OperationCanceledException && cancellation.IsCancellationRequested)
        {
            finding = $"no answer within {timeout.TotalSeconds:0} s";
        }
        catch (AggregateException error)
        {
            finding = $"{error.InnerException!.GetType().Name}: {error.InnerException}";
        }

        return null;
    }
}
