using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dealer.Service.Cli;

/// <summary>
/// JSON as the command line prints it: for terminals and scripts, not HTML, so <c>+</c>, <c>/</c> and non-ASCII stay
/// as they are (a key string <c>M…+…=</c> must be pasteable as printed).
/// </summary>
internal static class CliJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
