using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Dealer.Service.Http;

namespace Dealer.Service.Tests.Deploy;

/// <summary>
/// The release binary: the self-contained single-file <c>dealer</c> that <c>scripts/publish.sh</c> makes runs without
/// a .NET installation's help, answers <c>--version</c>, and serves. <c>scripts/test.sh</c> publishes once before the
/// tests and names the binary in <c>DEALER_PUBLISHED_BINARY</c>; without that variable this fixture publishes into a
/// temporary directory itself, once per run.
/// </summary>
[TestFixture]
public sealed class PublishedBinaryTests
{
    public const string BinaryVariable = "DEALER_PUBLISHED_BINARY";
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);

    private string _binary = null!;
    private string? _ownDirectory;
    private string _work = null!;

    [OneTimeSetUp]
    public async Task Publish()
    {
        _work = Path.Combine(Path.GetTempPath(), "dealer-published-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_work);
        if (Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } given)
        {
            _binary = given;
            Assert.That(File.Exists(_binary), Is.True, $"{BinaryVariable} names '{_binary}', which does not exist");
            return;
        }

        _ownDirectory = Path.Combine(_work, "publish");
        var (exit, output, error) = await RunAsync("bash", [Path.Combine(RepositoryRoot(), "scripts", "publish.sh"), "-o", _ownDirectory],
            PublishTimeout, workingDirectory: RepositoryRoot());
        Assert.That(exit, Is.Zero, $"scripts/publish.sh failed:\n{error}");
        _binary = output.Trim();
    }

    [OneTimeTearDown]
    public void Clean() => Support.TestDealer.TryDelete(_work);

    [Test]
    public void The_binary_is_one_self_contained_file()
    {
        var directory = Path.GetDirectoryName(_binary)!;
        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFileName(_binary), Is.EqualTo("dealer"));
            Assert.That(Directory.GetFiles(directory).Select(Path.GetFileName), Is.EqualTo(new[] { "dealer" }),
                "nothing next to it: the runtime and the SQLite library are inside");
            Assert.That(OperatingSystem.IsWindows() || File.GetUnixFileMode(_binary).HasFlag(UnixFileMode.UserExecute), Is.True);
        });
    }

    [Test]
    public async Task Version_prints_the_version_of_these_sources()
    {
        var (exit, output, error) = await RunAsync(_binary, ["--version"], TimeSpan.FromSeconds(60), isolated: true);

        Assert.That(exit, Is.Zero, error);
        Assert.That(output.Trim(), Does.StartWith(DealerVersion.Version));
    }

    [Test]
    public async Task Serve_listens_on_loopback_answers_version_and_stops_on_sigterm()
    {
        var start = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "serve", "--listen", "http://127.0.0.1:0", "--data-dir", Path.Combine(_work, "data") },
        };
        Isolate(start);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.That(line, Is.Not.Null, "serve exited before printing its address");
            using var started = JsonDocument.Parse(line!);
            var url = new Uri(started.RootElement.GetProperty("url").GetString()!);
            Assert.That(url.IsLoopback, Is.True);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var version = JsonDocument.Parse(await http.GetStringAsync(new Uri(url, "/version")));
            Assert.Multiple(() =>
            {
                Assert.That(version.RootElement.GetProperty("name").GetString(), Is.EqualTo("dealer"));
                Assert.That(version.RootElement.GetProperty("version").GetString(), Is.EqualTo(DealerVersion.Version));
                Assert.That(version.RootElement.GetProperty("did").GetString(), Is.EqualTo(started.RootElement.GetProperty("id").GetString()));
            });
            Assert.That(File.Exists(Path.Combine(_work, "data", "dealer.db")), Is.True, "the embedded store (and its native SQLite) works");

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(stop.Token);
            Assert.That(process.ExitCode, Is.Zero, await errors);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    /// <summary>No inherited <c>DEALER_*</c> settings, no .NET installation to lean on, and its own extraction directory.</summary>
    private Dictionary<string, string> Isolated() => new()
    {
        ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = Path.Combine(_work, "extract"),
        ["DOTNET_ROOT"] = Path.Combine(_work, "no-dotnet"),
    };

    private void Isolate(ProcessStartInfo start)
    {
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("DEALER_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in Isolated())
        {
            start.Environment[name] = value;
        }
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout,
        bool isolated = false, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? _work,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (isolated)
        {
            Isolate(start);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout}.");
        }

        return (process.ExitCode, await output, await error);
    }

    public static string RepositoryRoot([CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", ".."));
}
