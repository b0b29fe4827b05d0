using System.Reflection;
using System.Text.Json;

namespace Dealer.Service.Http;

/// <summary>The dealer's name and version, as <c>GET /</c> and <c>GET /version</c> report them.</summary>
internal static class DealerVersion
{
    /// <summary>The service name.</summary>
    public const string Name = "dealer";

    private static readonly string Informational =
        typeof(DealerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(DealerVersion).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary>The version, without the source revision.</summary>
    public static string Version => Informational.Split('+')[0];

    /// <summary>The source revision the build was made from, when the build recorded one.</summary>
    public static string? Commit => Informational.Split('+') is [_, var commit, ..] && commit.Length > 0 ? commit : null;

    /// <summary>The <c>GET /version</c> body: <c>{"name","version","did"[,"commit"]}</c>.</summary>
    public static string ToJson(string did)
    {
        var body = new Dictionary<string, string> { ["name"] = Name, ["version"] = Version, ["did"] = did };
        if (Commit is { } commit)
        {
            body["commit"] = commit;
        }

        return JsonSerializer.Serialize(body);
    }
}
