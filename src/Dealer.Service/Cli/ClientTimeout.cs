using System.CommandLine;
using System.Globalization;

namespace Dealer.Service.Cli;

/// <summary>
/// The client commands' <c>--timeout</c>: how long to wait for the service before giving up with
/// <see cref="ExitCodes.Unavailable"/> and one line naming it, instead of HttpClient's silent 100 s.
/// </summary>
internal static class ClientTimeout
{
    /// <summary>The default wait, in seconds.</summary>
    public const int DefaultSeconds = 30;

    /// <summary>The environment variable of <c>--timeout</c>.</summary>
    public const string Variable = "DEALER_CLIENT_TIMEOUT";

    public static Option<string?> CreateOption() =>
        new("--timeout") { Description = $"Seconds to wait for the service's answer (default {DefaultSeconds}; env {Variable}); no answer in time is exit 3" };

    /// <summary>The flag's value, else the variable's, else the default.</summary>
    /// <exception cref="ArgumentException">Not a whole number of seconds of at least 1.</exception>
    public static TimeSpan Parse(string? flag, Func<string, string?> getVariable)
    {
        var (value, name) = flag is not null ? (flag, "--timeout") : (getVariable(Variable) is { Length: > 0 } set ? set : null, Variable);
        return value is null
            ? TimeSpan.FromSeconds(DefaultSeconds)
            : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : throw new ArgumentException($"{name}: '{value}' is not a whole number of seconds of at least 1");
    }

    /// <summary>Runs a call to <paramref name="service"/>; its timeout becomes an <see cref="HttpRequestException"/> naming the service.</summary>
    public static async Task<T> RunAsync<T>(Uri service, TimeSpan wait, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(
                $"no answer from {service.GetLeftPart(UriPartial.Authority)} within {wait.TotalSeconds:0} s (--timeout)", e);
        }
    }
}
