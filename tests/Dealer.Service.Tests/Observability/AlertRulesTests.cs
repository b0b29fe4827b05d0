using System.Text.RegularExpressions;
using Dealer.Service.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Dealer.Service.Tests.Observability;

/// <summary>
/// <c>deploy/alerts.yaml</c> is a Prometheus rule file whose every rule is complete, and every metric its expressions
/// name is one a real dealer exports: the names are compared with a <c>GET /metrics</c> scrape taken after an offer
/// and a refused one, not with a list kept by hand.
/// </summary>
public sealed partial class AlertRulesTests
{
    // PromQL words that look like metric names but are not.
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "inf", "nan",
    };

    private static string RulesFile
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "deploy", "alerts.yaml");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException("deploy/alerts.yaml was not found above the test directory.");
        }
    }

    [Test]
    public async Task Every_metric_an_alert_names_is_exported_by_a_running_dealer()
    {
        var rules = LoadRules();
        await using var dealer = await TestDealer.StartAsync(options => options with { MetricsRefresh = TimeSpan.FromMilliseconds(200) });
        Assert.That((await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: "alerts"))).Out.IsOk);
        Assert.That((await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [], nonce: "refused"))).Out.IsOk, Is.False);
        var scrape = await Eventually.GetAsync(async () =>
        {
            var next = await PrometheusScrape.FetchAsync(dealer.Http);
            return next.Value("dealer_deals", ("status", "offered")) is 1 ? next : null;
        });
        var exported = scrape.Names;

        var named = rules.SelectMany(rule => MetricNames(rule.Expr).Select(name => (rule.Alert, Name: name))).ToList();

        Assert.That(named.Select(pair => pair.Name), Is.SupersetOf(new[]
        {
            "dealer_deals_oldest_offered_age_seconds", "dealer_queue_dead_letters", "dealer_invocations_total", "dealer_ready",
        }), "the rules cover deal age, dead letters, errors and readiness");
        Assert.Multiple(() =>
        {
            foreach (var (alert, name) in named)
            {
                Assert.That(exported, Does.Contain(name), $"{alert} names {name}, which GET /metrics does not export");
            }
        });
    }

    [Test]
    public void Every_rule_has_a_name_an_expression_a_severity_and_a_summary_and_deal_age_escalates()
    {
        var rules = LoadRules();

        Assert.That(rules, Is.Not.Empty);
        Assert.That(rules.Select(rule => rule.Alert), Is.Unique);
        Assert.Multiple(() =>
        {
            foreach (var rule in rules)
            {
                Assert.That(rule.Severity, Is.AnyOf("info", "warning", "critical"), rule.Alert);
                Assert.That(rule.Summary, Is.Not.Empty, rule.Alert);
                Assert.That(rule.For, Does.Match("^[0-9]+[smh]$"), rule.Alert);
            }
        });

        var dealAge = rules.Where(rule => rule.Expr.Contains("dealer_deals_oldest_offered_age_seconds", StringComparison.Ordinal))
            .ToDictionary(rule => rule.Severity, rule => rule.Expr);
        Assert.Multiple(() =>
        {
            Assert.That(dealAge["info"], Does.Contain("> 48 * 3600"));
            Assert.That(dealAge["warning"], Does.Contain("> 60 * 3600"));
            Assert.That(dealAge["critical"], Does.Contain("> 72 * 3600"));
        });
    }

    [Test]
    public void Metric_names_are_read_from_an_expression_without_functions_labels_or_keywords()
    {
        var names = MetricNames("""sum(rate(a_total{outcome!="ok",x=~"b|c"}[5m])) by (le) / on(job) group_left sum(b_count offset 1h) > 0.25 and absent(c)""");

        Assert.That(names, Is.EquivalentTo(new[] { "a_total", "b_count", "c" }));
    }

    private static List<AlertRule> LoadRules()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RulesFile))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        var rules = new List<AlertRule>();
        foreach (var group in (YamlSequenceNode)root["groups"])
        {
            var groupMap = (YamlMappingNode)group;
            Assert.That(Scalar(groupMap, "name"), Is.Not.Empty);
            foreach (var rule in (YamlSequenceNode)groupMap["rules"])
            {
                var map = (YamlMappingNode)rule;
                rules.Add(new AlertRule(
                    Scalar(map, "alert"),
                    Scalar(map, "expr"),
                    Scalar(map, "for"),
                    Scalar((YamlMappingNode)map["labels"], "severity"),
                    Scalar((YamlMappingNode)map["annotations"], "summary")));
            }
        }

        return rules;
    }

    private static string Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Value: { } value } ? value : "";

    /// <summary>The metric names in a PromQL expression: identifiers left once strings, label matchers, ranges, label lists, functions and keywords are gone.</summary>
    private static List<string> MetricNames(string expr)
    {
        var stripped = StringLiteral().Replace(expr, " ");
        stripped = LabelMatchers().Replace(stripped, " ");
        stripped = Range().Replace(stripped, " ");
        stripped = LabelList().Replace(stripped, " ");
        stripped = Offset().Replace(stripped, " ");
        return Identifier().Matches(stripped)
            .Where(match => !match.Groups["call"].Success && !Keywords.Contains(match.Groups["name"].Value))
            .Select(match => match.Groups["name"].Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex LabelList();

    [GeneratedRegex(@"\boffset\s+-?[0-9a-z]+")]
    private static partial Regex Offset();

    [GeneratedRegex(@"(?<![0-9a-zA-Z_:.$])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();

    private sealed record AlertRule(string Alert, string Expr, string For, string Severity, string Summary);
}
