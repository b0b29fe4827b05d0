using System.Globalization;

namespace Dealer.Ucan.Server;

/// <summary>
/// Content negotiation on the <c>Accept</c> header (RFC 9110 §12.5.1): comma-separated media ranges with optional
/// <c>q</c> weights and <c>*</c> wildcards; a missing or empty header means <c>*/*</c>.
/// </summary>
internal static class AcceptHeader
{
    /// <summary>
    /// Whether <paramref name="header"/> accepts <paramref name="mediaType"/>. The most specific matching range decides;
    /// an explicit <c>q=0</c> there means "not acceptable".
    /// </summary>
    public static bool Accepts(string? header, string mediaType)
    {
        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        var category = mediaType[..slash];
        var type = mediaType[(slash + 1)..];
        if (string.IsNullOrWhiteSpace(header))
        {
            return true;
        }

        var bestSpecificity = -1;
        var bestQuality = 0.0;
        foreach (var range in header.Split(','))
        {
            var parts = range.Split(';');
            var media = parts[0].Trim();
            if (media.Length == 0)
            {
                continue;
            }

            // Like ucanto's parseMediaType, a missing half counts as a wildcard.
            var separator = media.IndexOf('/', StringComparison.Ordinal);
            var rangeCategory = separator < 0 ? media : media[..separator].Trim();
            var rangeType = separator < 0 ? "*" : media[(separator + 1)..].Trim();
            if (rangeCategory.Length == 0)
            {
                rangeCategory = "*";
            }

            if (rangeType.Length == 0)
            {
                rangeType = "*";
            }

            var specificity = Match(rangeCategory, category) && Match(rangeType, type)
                ? (rangeCategory == "*" ? 0 : 1) + (rangeType == "*" ? 0 : 2)
                : -1;
            if (specificity > bestSpecificity)
            {
                bestSpecificity = specificity;
                bestQuality = Quality(parts);
            }
            else if (specificity == bestSpecificity && specificity >= 0)
            {
                bestQuality = Math.Max(bestQuality, Quality(parts));
            }
        }

        return bestSpecificity >= 0 && bestQuality > 0;
    }

    private static bool Match(string pattern, string value) =>
        pattern == "*" || string.Equals(pattern, value, StringComparison.OrdinalIgnoreCase);

    private static double Quality(string[] parts)
    {
        foreach (var parameter in parts.AsSpan(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && parameter[..equals].Trim().Equals("q", StringComparison.OrdinalIgnoreCase))
            {
                // An unreadable weight is treated like ucanto does with NaN: as a weight that still matches.
                return double.TryParse(parameter[(equals + 1)..].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q)
                    ? q
                    : 1.0;
            }
        }

        return 1.0;
    }
}
