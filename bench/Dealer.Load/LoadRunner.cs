using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Principals;

namespace Dealer.Load;

/// <summary>What one load run is asked to do.</summary>
/// <param name="Url">The dealer's URL (loopback only).</param>
/// <param name="Concurrency">Requests in flight at once, each on its own keep-alive connection.</param>
/// <param name="Duration">Stop sending new requests after this long.</param>
/// <param name="MaxRequests">Stop after this many timed requests (at most the bodies left after the warm-up).</param>
/// <param name="Warmup">Bodies sent before the timed phase (not counted).</param>
/// <param name="ServerPid">The server process whose CPU and memory are read, or null.</param>
internal sealed record LoadSettings(Uri Url, int Concurrency, TimeSpan Duration, int MaxRequests, int Warmup, int? ServerPid);

/// <summary>
/// Replays pre-built bodies over keep-alive HTTP at a fixed concurrency, then checks every receipt: present for the
/// invocation (<c>ran</c>), signed by the dealer, <c>out.ok</c>. Receipts are checked after the timed phase so that
/// the load tool's own signature checks do not take CPU from the server while it is being measured.
/// </summary>
internal static class LoadRunner
{
    private const string CarType = "application/vnd.ipld.car";

    /// <summary>True for a URL whose host is a loopback address (or <c>localhost</c>).</summary>
    public static bool IsLoopback(Uri url) =>
        url.IsLoopback && (url.HostNameType is UriHostNameType.Dns || IPAddress.TryParse(url.Host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>Runs the load and returns the report.</summary>
    /// <param name="bodies">The requests (each sent at most once).</param>
    /// <param name="dealer">Verifies the receipts' signatures (the dealer's DID).</param>
    /// <param name="settings">What to do.</param>
    /// <param name="log">Progress lines (stderr).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<LoadReport> RunAsync(IReadOnlyList<OfferBody> bodies, IVerifier dealer, LoadSettings settings, TextWriter log,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        ArgumentNullException.ThrowIfNull(settings);
        if (!IsLoopback(settings.Url))
        {
            throw new ArgumentException($"Refusing {settings.Url}: the load tool only talks to loopback addresses.");
        }

        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = settings.Concurrency,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };

        var warmup = Math.Min(settings.Warmup, bodies.Count);
        var timed = Math.Min(settings.MaxRequests, bodies.Count - warmup);
        var warm = new Phase(bodies, 0, warmup);
        if (warmup > 0)
        {
            await RunPhaseAsync(http, settings, warm, TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync($"warm-up: {warmup} requests, {warm.Failures.Count} failed").ConfigureAwait(false);
        }

        var phase = new Phase(bodies, warmup, timed);
        var before = settings.ServerPid is { } pid ? ProcessStats.Read(pid) : null;
        var client = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await RunPhaseAsync(http, settings, phase, settings.Duration, cancellationToken).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - client;
        var after = settings.ServerPid is { } pid2 ? ProcessStats.Read(pid2) : null;

        // Every receipt, the warm-up's too: decoded, for this invocation, signed by the dealer, ok.
        var (verified, failures) = Verify(phase, dealer);
        var (warmVerified, _) = Verify(warm, dealer);
        return LoadReport.Create(settings, phase.Sent, verified, failures, elapsed, phase.Latencies.AsSpan(0, phase.Sent), before, after,
            clientCpu, bodies.Skip(phase.First).Take(phase.Sent).Sum(b => (long)b.Body.Length)) with
        {
            Warmup = warm.Sent,
            WarmupVerified = warmVerified,
        };
    }

    private static (int Verified, string[] Failures) Verify(Phase phase, IVerifier dealer)
    {
        var verified = 0;
        var failures = new ConcurrentBag<string>(phase.Failures);
        Parallel.For(0, phase.Sent, i =>
        {
            if (phase.Responses[i] is not { } response)
            {
                return;
            }

            var problem = CheckReceipt(response, phase.Bodies[phase.First + i], dealer);
            if (problem is null)
            {
                Interlocked.Increment(ref verified);
            }
            else
            {
                failures.Add(problem);
            }
        });
        return (verified, [.. failures]);
    }

    /// <summary>Why the response is not a verified ok receipt for <paramref name="body"/>'s invocation, or null.</summary>
    public static string? CheckReceipt(byte[] response, OfferBody body, IVerifier dealer)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(dealer);
        try
        {
            var message = AgentMessage.FromCar(response);
            if (!message.Receipts.TryGetValue(body.Invocation, out var receipt))
            {
                return $"no receipt for {body.Invocation}";
            }

            if (receipt.Ran != body.Invocation)
            {
                return $"receipt ran {receipt.Ran}, not {body.Invocation}";
            }

            if (!receipt.Verify(dealer))
            {
                return $"receipt {receipt.Cid} is not signed by {dealer.Did}";
            }

            return receipt.Out.IsOk ? null : $"error receipt: {receipt.Out.ErrorName}";
        }
        catch (FormatException e)
        {
            return "unreadable response: " + e.Message;
        }
    }

    private static async Task RunPhaseAsync(HttpClient http, LoadSettings settings, Phase phase, TimeSpan duration, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new Task[settings.Concurrency];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
                {
                    var i = phase.Take();
                    if (i < 0)
                    {
                        return;
                    }

                    await SendAsync(http, settings.Url, phase, i, cancellationToken).ConfigureAwait(false);
                }
            }, cancellationToken);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private static async Task SendAsync(HttpClient http, Uri url, Phase phase, int i, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url);
            request.Content = new ByteArrayContent(phase.Bodies[phase.First + i].Body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(CarType);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(CarType));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            phase.Latencies[i] = Stopwatch.GetElapsedTime(start).Ticks;
            if (response.IsSuccessStatusCode)
            {
                phase.Responses[i] = bytes;
            }
            else
            {
                phase.Failures.Add($"HTTP {(int)response.StatusCode}");
            }
        }
        catch (HttpRequestException e)
        {
            phase.Latencies[i] = Stopwatch.GetElapsedTime(start).Ticks;
            phase.Failures.Add("HTTP: " + e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            phase.Latencies[i] = Stopwatch.GetElapsedTime(start).Ticks;
            phase.Failures.Add("HTTP: timed out");
        }
    }

    /// <summary>The bodies one phase sends, handed out once each, with what came back.</summary>
    private sealed class Phase(IReadOnlyList<OfferBody> bodies, int first, int count)
    {
        private int _next = -1;

        public IReadOnlyList<OfferBody> Bodies { get; } = bodies;

        public int First { get; } = first;

        public long[] Latencies { get; } = new long[count];

        public byte[]?[] Responses { get; } = new byte[]?[count];

        public ConcurrentBag<string> Failures { get; } = [];

        /// <summary>How many requests were handed out.</summary>
        public int Sent => Math.Min(Volatile.Read(ref _next) + 1, count);

        /// <summary>The next body's index in this phase, or -1 when all are taken.</summary>
        public int Take()
        {
            var i = Interlocked.Increment(ref _next);
            return i < count ? i : -1;
        }
    }
}
