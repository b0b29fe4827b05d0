using System.Diagnostics;
using System.Text.Json;

namespace Dealer.Service.Tests.Support;

/// <summary>
/// A real <c>dealer serve</c> child process (the built <c>dealer.dll</c> next to the tests), with the vector dealer key
/// and small aggregate limits. Its stderr is collected so that tests can wait for a log line; <see cref="Kill"/> is a
/// SIGKILL, as a crash would be. Inherited <c>DEALER_*</c> variables are removed: the process sees only its arguments
/// and the environment given here.
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

            _errorSignal.Release();
        };
        _process.BeginErrorReadLine();
    }

    public Uri Url { get; private set; } = null!;

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

    /// <summary>Starts <c>dealer serve</c> with <paramref name="arguments"/> after the defaults, and waits for its serve line.</summary>
    public static async Task<DealerProcess> StartAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "dealer.dll"), "serve", "--listen", "http://127.0.0.1:0",
                     "--key", TestPrincipals.DealerKey, "--min-piece-size", "0", "--max-piece-size", "1048576",
                 }.Concat(arguments))
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

        var started = new DealerProcess(Process.Start(start)!);
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
