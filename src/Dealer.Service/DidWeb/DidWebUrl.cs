using System.Globalization;

namespace Dealer.Service.DidWeb;

/// <summary>
/// Where a <c>did:web</c> document lives (W3C did:web method, "Read (Resolve)"): <c>did:web:example.com</c> →
/// <c>https://example.com/.well-known/did.json</c>; <c>did:web:example.com:user:alice</c> →
/// <c>https://example.com/user/alice/did.json</c>; a port is percent-encoded in the host part
/// (<c>did:web:example.com%3A8443</c> → <c>https://example.com:8443/.well-known/did.json</c>).
/// </summary>
internal static class DidWebUrl
{
    private const string Prefix = "did:web:";

    /// <summary>The document URL of <paramref name="did"/>; false when it is not a did:web this dealer will fetch.</summary>
    public static bool TryCreate(string did, out Uri url)
    {
        url = null!;
        if (did is null || !did.StartsWith(Prefix, StringComparison.Ordinal) || did.Contains('#', StringComparison.Ordinal)
            || did.Contains('?', StringComparison.Ordinal) || did.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        var parts = did[Prefix.Length..].Split(':');
        var authority = Uri.UnescapeDataString(parts[0]);
        var colon = authority.LastIndexOf(':');
        var host = authority;
        var port = -1;
        if (colon >= 0 && !authority.EndsWith(']'))
        {
            if (!int.TryParse(authority.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                return false;
            }

            host = authority[..colon];
        }

        if (Uri.CheckHostName(host.Trim('[', ']')) == UriHostNameType.Unknown || host.Length == 0)
        {
            return false;
        }

        var segments = parts.Skip(1).ToList();
        if (segments.Any(segment => segment.Length == 0 || segment is "." or ".."))
        {
            return false;
        }

        var path = segments.Count == 0
            ? "/.well-known/did.json"
            : "/" + string.Join('/', segments.Select(segment => Uri.EscapeDataString(Uri.UnescapeDataString(segment)))) + "/did.json";
        var builder = new UriBuilder(Uri.UriSchemeHttps, host, port, path);
        if (!Uri.TryCreate(builder.ToString(), UriKind.Absolute, out var created) || created.Scheme != Uri.UriSchemeHttps)
        {
            return false;
        }

        url = created;
        return true;
    }
}
