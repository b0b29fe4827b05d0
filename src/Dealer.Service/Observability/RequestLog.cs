using System.Diagnostics;
using System.Text;
using Dealer.Ucan.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Observability;

/// <summary>
/// One log line per <c>POST /</c>: the HTTP status, the duration and, for each invocation the request carried, its CID,
/// ability and outcome (<c>ok</c> or the error name). Never a key, a header or the body. The server tells each run
/// through <see cref="ServerOptions.OnRun"/> (<see cref="Observe"/>), which also feeds <see cref="DealerMetrics"/>; the
/// runs of one request are gathered in an async-local list that the middleware sets around the endpoint.
/// </summary>
internal sealed partial class RequestLog
{
    private static readonly AsyncLocal<Runs?> Current = new();
    private readonly DealerMetrics _metrics;
    private readonly ILogger<RequestLog> _logger;

    /// <summary>Creates the log.</summary>
    public RequestLog(DealerMetrics metrics, ILogger<RequestLog> logger)
    {
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The <see cref="ServerOptions.OnRun"/> hook: counts the run, and notes it for the request's log line.</summary>
    public void Observe(InvocationRun run)
    {
        var (ability, outcome) = _metrics.RecordInvocation(run);
        Current.Value?.Add(run.Invocation.Cid.ToString(), ability, outcome);
    }

    /// <summary>The middleware: logs every <c>POST /</c> once it is answered.</summary>
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        if (!HttpMethods.IsPost(http.Request.Method) || http.Request.Path != "/" || !_logger.IsEnabled(LogLevel.Information))
        {
            await next(http).ConfigureAwait(false);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var runs = new Runs();
        Current.Value = runs;
        try
        {
            await next(http).ConfigureAwait(false);
        }
        finally
        {
            Current.Value = null;
            var durationMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2);
            var (invocations, abilities, outcomes) = runs.Join();
            LogRequest(http.Response.StatusCode, durationMs, invocations, abilities, outcomes);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "DealerRequest", Level = LogLevel.Information,
        Message = "POST / {Status} in {DurationMs} ms: invocations [{Invocations}] abilities [{Abilities}] outcomes [{Outcomes}]")]
    private partial void LogRequest(int status, double durationMs, string invocations, string abilities, string outcomes);

    /// <summary>The runs of one request; invocations of one request run concurrently.</summary>
    private sealed class Runs
    {
        private readonly List<(string Cid, string Ability, string Outcome)> _runs = new(1);

        public void Add(string cid, string ability, string outcome)
        {
            lock (_runs)
            {
                _runs.Add((cid, ability, outcome));
            }
        }

        public (string Invocations, string Abilities, string Outcomes) Join()
        {
            lock (_runs)
            {
                if (_runs.Count == 1)
                {
                    return _runs[0];
                }

                StringBuilder cids = new(), abilities = new(), outcomes = new();
                foreach (var (cid, ability, outcome) in _runs)
                {
                    var separator = cids.Length > 0 ? "," : "";
                    cids.Append(separator).Append(cid);
                    abilities.Append(separator).Append(ability);
                    outcomes.Append(separator).Append(outcome);
                }

                return (cids.ToString(), abilities.ToString(), outcomes.ToString());
            }
        }
    }
}
