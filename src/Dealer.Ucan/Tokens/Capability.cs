using System.Diagnostics.CodeAnalysis;

namespace Dealer.Ucan.Tokens;

/// <summary>
/// One UCAN 0.9.1 capability (<c>att</c> entry): <c>{"can": ability, "with": resource URI, "nb"?: caveats}</c>.
/// </summary>
/// <remarks>
/// Read rules follow @ipld/dag-ucan <c>schema.js</c>: <c>can</c> must contain a <c>/</c> strictly inside it (then it is
/// lower-cased) or be <c>*</c>; <c>with</c> must parse as a URI; extra keys are kept in <see cref="Extensions"/> and
/// written back, so a decoded capability re-encodes to the same map.
/// </remarks>
/// <param name="Can">The ability, e.g. <c>deal/offer</c>.</param>
/// <param name="With">The resource URI, e.g. the dealer DID.</param>
/// <param name="Nb">The caveats; <see langword="null"/> when absent. An empty map is written as <c>nb: {}</c> (the
/// delegation builder drops empty caveats before signing, as ucanto does).</param>
public sealed record Capability(string Can, string With, IReadOnlyDictionary<string, object?>? Nb = null)
{
    // What WHATWG URL parsing strips from both ends: the C0 controls and space.
    private const string UrlTrimmed =
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f ";

    /// <summary>Keys other than <c>can</c>, <c>with</c> and <c>nb</c>, kept verbatim.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    /// <summary>The IPLD map form.</summary>
    public IReadOnlyDictionary<string, object?> ToIpld()
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (Extensions is not null)
        {
            foreach (var (key, value) in Extensions)
            {
                map[key] = value;
            }
        }

        map["can"] = Can;
        map["with"] = With;
        if (Nb is not null)
        {
            map["nb"] = Nb;
        }

        return map;
    }

    /// <summary>Reads a capability from its IPLD map form.</summary>
    /// <exception cref="FormatException">The value is not a valid capability.</exception>
    public static Capability FromIpld(object? value, string context = "capability")
    {
        var map = IpldReader.Map(value, context);
        var can = ReadAbility(IpldReader.Get(map, "can"), context);
        var with = ReadResource(IpldReader.Get(map, "with"), context);
        IReadOnlyDictionary<string, object?>? nb = null;
        if (map.TryGetValue("nb", out var nbValue))
        {
            nb = nbValue as IReadOnlyDictionary<string, object?> ?? IpldReader.Map(nbValue, $"{context}.nb");
        }

        Dictionary<string, object?>? extensions = null;
        foreach (var (key, item) in map)
        {
            if (key is not ("can" or "with" or "nb"))
            {
                (extensions ??= new(StringComparer.Ordinal))[key] = item;
            }
        }

        return new Capability(can, with, nb) { Extensions = extensions };
    }

    /// <summary>Applies the ability rule: lower-cased when it has a path segment, <c>*</c> as is, otherwise invalid.</summary>
    /// <exception cref="FormatException">The ability is neither <c>ns/name</c>-like nor <c>*</c>.</exception>
    [SuppressMessage("Globalization", "CA1308:Normalize strings to uppercase", Justification = "dag-ucan lower-cases abilities.")]
    public static string NormalizeAbility(string can)
    {
        ArgumentNullException.ThrowIfNull(can);
        if (can.Length > 2 && can.AsSpan(1, can.Length - 2).Contains('/'))
        {
            return can.ToLowerInvariant();
        }

        return can == "*"
            ? can
            : throw new FormatException($"Capability has invalid 'can: \"{can}\"', value must have at least one path segment.");
    }

    /// <summary>Whether <paramref name="resource"/> parses as an absolute URI (a WHATWG URL in JavaScript).</summary>
    public static bool IsValidResource(string resource)
    {
        ArgumentNullException.ThrowIfNull(resource);

        // WHATWG URL parsing strips leading/trailing C0 controls and spaces, then needs a scheme: ALPHA *(ALPHA / DIGIT
        // / "+" / "-" / ".") ":". Non-special schemes (did:, ucan:, mailto:) accept any opaque path; the special ones
        // need a valid authority, which System.Uri checks well enough.
        var text = resource.AsSpan().Trim(UrlTrimmed.AsSpan());
        var colon = text.IndexOf(':');
        if (colon < 1 || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        foreach (var c in text[..colon])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return !IsSpecialScheme(text[..colon]) || Uri.TryCreate(text.ToString(), UriKind.Absolute, out _);
    }

    // The scheme is ASCII by now, so ignoring case ordinally is the WHATWG comparison.
    private static bool IsSpecialScheme(ReadOnlySpan<char> scheme) =>
        scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
        || scheme.Equals("ws", StringComparison.OrdinalIgnoreCase) || scheme.Equals("wss", StringComparison.OrdinalIgnoreCase)
        || scheme.Equals("ftp", StringComparison.OrdinalIgnoreCase) || scheme.Equals("file", StringComparison.OrdinalIgnoreCase);

    private static string ReadAbility(object? value, string context) => value is string can
        ? NormalizeAbility(can)
        : throw new FormatException($"Capability has invalid 'can: {IpldReader.Describe(value)}' in {context}, value must be a string.");

    private static string ReadResource(object? value, string context)
    {
        if (value is not string with)
        {
            throw new FormatException($"Capability has invalid 'with: {IpldReader.Describe(value)}' in {context}, value must be a string.");
        }

        return IsValidResource(with)
            ? with
            : throw new FormatException($"Capability has invalid 'with: \"{with}\"' in {context}, value must be a valid URI string.");
    }
}
