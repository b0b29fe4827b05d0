using System.Globalization;
using System.Text.RegularExpressions;

namespace Dealer.Service.Tests.Support;

/// <summary>
/// One scrape of <c>GET /metrics</c>, parsed from the Prometheus text exposition format (samples only: comments,
/// HELP and TYPE lines are skipped). Small on purpose: enough to look samples up by name and labels.
/// </summary>
internal sealed partial class PrometheusScrape
{
    private PrometheusScrape(IReadOnlyList<Sample> samples, string text)
    {
        Samples = samples;
        Text = text;
    }

    public IReadOnlyList<Sample> Samples { get; }

    public string Text { get; }

    /// <summary>Every sample name (<c>_bucket</c>, <c>_sum</c>, <c>_count</c> of histograms included).</summary>
    public ISet<string> Names => Samples.Select(sample => sample.Name).ToHashSet(StringComparer.Ordinal);

    public static async Task<PrometheusScrape> FetchAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        Assert.That((int)response.StatusCode, Is.EqualTo(200), "GET /metrics");
        var text = await response.Content.ReadAsStringAsync();
        return Parse(text);
    }

    public static PrometheusScrape Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.That(match.Success, Is.True, $"not a sample line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(pair => pair.Groups["name"].Value, pair => Regex.Unescape(pair.Groups["value"].Value), StringComparer.Ordinal);
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add(new Sample(match.Groups["name"].Value, labels, value));
        }

        return new PrometheusScrape(samples, text);
    }

    /// <summary>The sum of the samples named <paramref name="name"/> that carry all of <paramref name="labels"/>; null when there is none.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels)
    {
        var matching = Samples.Where(sample => sample.Name == name
            && labels.All(label => sample.Labels.TryGetValue(label.Name, out var value) && value == label.Value)).ToList();
        return matching.Count == 0 ? null : matching.Sum(sample => sample.Value);
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?\s*$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex LabelPair();

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
