using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Dealer.Service.Tests.Support;

/// <summary>
/// A real <c>dealer</c> child process (the built <c>dealer.dll</c> next to the tests): <c>dealer serve</c> with the
/// vector dealer key and small aggregate limits (<see cref="StartAsync"/>), or any other long-running command
/// (<see cref="Start"/>). Its stderr is collected so that tests can wait for a log line, and goes into
/// <see cref="TestLog"/> (shown when the test fails); <see cref="KillAsync"/> is a SIGKILL, as a crash would be,
/// <see cref="TerminateAsync"/> a SIGTERM, as a scheduler stopping it would send.
/// Inherited <c>DEALER_*</c> variables are removed: the process sees only its arguments and the environment given here.
/// </summary>
internal sealed class DealerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _errors = [];
    private readonly SemaphoreSlim _errorSignal = new(0);

    private DealerProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            lock (_errors)
            {
                _errors.Add(line.Data);
            }

            // Also into the test's log, shown when the test fails.
            TestLog.Append($"[dealer {_process.Id}] {line.Data}");
            _errorSignal.Release();
        };
        _process.BeginErrorReadLine();
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>The operating system's id of the process.</summary>
    public int Id => _process.Id;

    /// <summary>The process's resident set size (VmRSS in /proc/&lt;pid&gt;/status), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(text => text.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Everything the process wrote to stderr so far.</summary>
    public string ErrorOutput
    {
        get
        {
            lock (_errors)
            {
                return string.Join('\n', _errors);
            }
        }
    }

    /// <summary>The process's standard output (a command's JSON lines).</summary>
    public StreamReader StandardOutput => _process.StandardOutput;

    /// <summary>Starts <c>dealer serve</c> with <paramref name="arguments"/> after the defaults, and waits for its serve line.</summary>
    public static async Task<DealerProcess> StartAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var started = Start(new[]
        {
            "serve", "--listen", "http://127.0.0.1:0", "--key", TestPrincipals.DealerKey, "--min-aggregate-size", "0",
            "--max-aggregate-size", "1048576",
        }.Concat(arguments), environment);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var line = await started._process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                await started._process.WaitForExitAsync(timeout.Token);
                throw new InvalidOperationException(
                    $"dealer serve exited ({started._process.ExitCode}) before printing its address: {started.ErrorOutput}");
            }

            using var json = JsonDocument.Parse(line);
            Assert.That(json.RootElement.GetProperty("id").GetString(), Is.EqualTo(TestPrincipals.DealerDid));
            started.Url = new Uri(json.RootElement.GetProperty("url").GetString()!);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <c>dealer</c> with exactly <paramref name="arguments"/> (the command first) and does not wait for it.</summary>
    public static DealerProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        Start("dealer.dll", arguments, environment);

    /// <summary>
    /// Starts the test-only consumer host (tests/Dealer.Service.TestHost: <c>dealer consume</c> whose dealer-queue
    /// pauses <paramref name="pauseAfterReceive"/> after each receive, announced on stderr) with the flags of
    /// <c>dealer consume</c>, and does not wait for it.
    /// </summary>
    public static DealerProcess StartPausingConsumer(TimeSpan pauseAfterReceive, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null) =>
        Start("Dealer.Service.TestHost.dll",
            ["--pause-after-receive", ((int)pauseAfterReceive.TotalSeconds).ToString(CultureInfo.InvariantCulture), .. arguments], environment);

    private static DealerProcess Start(string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("DEALER_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new DealerProcess(Process.Start(start)!);
    }

    /// <summary>Sends SIGTERM (what ECS and systemd send to stop a task) and returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("SIGTERM is a Unix signal.");
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.That(kill.ExitCode, Is.Zero, $"kill -TERM {_process.Id} failed");
        }

        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits until a stderr line contains <paramref name="text"/>, and returns it.</summary>
    public async Task<string> WaitForErrorLineAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_errors)
            {
                if (_errors.Find(line => line.Contains(text, StringComparison.Ordinal)) is { } found)
                {
                    return found;
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _process.HasExited)
            {
                throw new TimeoutException($"No stderr line with '{text}' from dealer {_process.Id}; it wrote:\n{ErrorOutput}");
            }

            await _errorSignal.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL on Unix) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        _errorSignal.Dispose();
    }
}
