using System.CommandLine.Parsing;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dealer.Service.Cli;

namespace Dealer.Service.Tests.Deploy;

/// <summary>
/// <c>deploy/Dockerfile</c> packages what <c>scripts/publish.sh</c> produces and runs it as its entrypoint, and
/// <c>deploy/dealer.service</c> runs a real dealer command under systemd's hardening. (Neither Docker nor systemd runs
/// here: these check the files against the script and the command line, not a built image or a started unit.)
/// </summary>
public sealed partial class DeployFilesTests
{
    private static readonly string Root = PublishedBinaryTests.RepositoryRoot();

    [Test]
    public void The_image_copies_the_published_binary_and_runs_it_as_its_entrypoint()
    {
        var lines = Instructions(File.ReadAllText(Path.Combine(Root, "deploy", "Dockerfile")));
        var published = PublishedPath();
        var copy = lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single();
        using var entrypoint = JsonDocument.Parse(lines.Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal))["ENTRYPOINT ".Length..]);
        var finalBase = lines.Last(l => l.StartsWith("FROM ", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(copy[1], Is.EqualTo(published), "the COPY source is publish.sh's default output");
            Assert.That(entrypoint.RootElement.EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { copy[2] }),
                "the entrypoint is the copied binary alone; the template gives the command");
            Assert.That(finalBase, Does.StartWith("FROM mcr.microsoft.com/dotnet/runtime-deps:"), "a self-contained binary needs only runtime-deps");
            Assert.That(lines, Has.Some.Contains("/opt/extensions/lambda-adapter"), "the API runs behind the Lambda Web Adapter");
            Assert.That(lines, Has.Some.StartsWith("ENV DOTNET_BUNDLE_EXTRACT_BASE_DIR=/tmp/"));
        });
    }

    [Test]
    public void The_systemd_unit_runs_serve_hardened_with_its_state_and_key_where_systemd_manages_them()
    {
        var unit = Unit(File.ReadAllText(Path.Combine(Root, "deploy", "dealer.service")));
        var exec = unit["ExecStart"].Single().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var parsed = DealerCommandLine.Create(_ => null).Parse(exec[1..]);
        var environment = unit["Environment"].Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

        Assert.Multiple(() =>
        {
            Assert.That(exec[0], Is.EqualTo("/usr/local/bin/dealer"));
            Assert.That(parsed.Errors.Select(e => e.Message), Is.Empty);
            Assert.That(parsed.CommandResult.Command.Name, Is.EqualTo("serve"));
            Assert.That(unit["DynamicUser"], Is.EqualTo(new[] { "yes" }));
            Assert.That(unit["StateDirectory"], Is.EqualTo(new[] { "dealer" }));
            Assert.That(environment["DEALER_DATA_DIR"], Is.EqualTo("%S/dealer"), "the data directory is the StateDirectory");
            Assert.That(unit["CacheDirectory"], Is.EqualTo(new[] { "dealer" }));
            Assert.That(environment["DOTNET_BUNDLE_EXTRACT_BASE_DIR"], Is.EqualTo("%C/dealer"), "the bundle unpacks into the CacheDirectory");
            Assert.That(environment["DEALER_LISTEN"], Does.StartWith("http://127.0.0.1:"));
            Assert.That(unit["EnvironmentFile"], Has.Count.EqualTo(1), "the key comes from an environment file");
            Assert.That(unit["ProtectSystem"], Is.EqualTo(new[] { "strict" }));
            Assert.That(unit["Restart"], Is.EqualTo(new[] { "on-failure" }));
            Assert.That(unit["NoNewPrivileges"], Is.EqualTo(new[] { "yes" }));
            Assert.That(unit.ContainsKey("MemoryDenyWriteExecute"), Is.False, "the JIT needs writable then executable memory");
        });
    }

    /// <summary>Where publish.sh puts the linux-x64 binary by default, read from the script itself.</summary>
    private static string PublishedPath()
    {
        var script = File.ReadAllText(Path.Combine(Root, "scripts", "publish.sh"));
        var rid = RidDefault().Match(script).Groups[1].Value;
        var directory = OutDefault().Match(script).Groups[1].Value.Replace("$rid", rid, StringComparison.Ordinal);
        Assert.That(rid, Is.EqualTo("linux-x64"));
        return directory + "/dealer";
    }

    /// <summary>Dockerfile instructions with comments dropped and continuation lines joined.</summary>
    private static List<string> Instructions(string dockerfile) =>
        [.. dockerfile.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    private static Dictionary<string, List<string>> Unit(string text)
    {
        var unit = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#')))
        {
            var (key, value) = (line[..line.IndexOf('=', StringComparison.Ordinal)], line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            if (!unit.TryGetValue(key, out var values))
            {
                unit[key] = values = [];
            }

            values.Add(value);
        }

        return unit;
    }

    [GeneratedRegex(@"^rid=(\S+)$", RegexOptions.Multiline)]
    private static partial Regex RidDefault();

    [GeneratedRegex(@"^out=\$\{out:-(\S+)\}$", RegexOptions.Multiline)]
    private static partial Regex OutDefault();
}
