using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Dealer.Service.Cli;
using Dealer.Service.Configuration;
using Dealer.Service.Tests.Support;

namespace Dealer.Service.Tests.Deploy;

/// <summary>
/// The processes of <c>deploy/cloudformation.yaml</c> run real <c>dealer</c> commands, and every process that signs
/// signs as the same dealer: the commands are parsed by the dealer's own command line, and the environment each
/// process gets is evaluated for sample parameters and bound the way the dealer binds it.
/// </summary>
[TestFixture]
public sealed partial class CloudFormationCommandTests
{
    private const string KeySecretParameter = "DealerKeySecretArn";
    private const string KeySecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dealer-prod-key-AbCdEf";

    // What each process is for, as the path of its dealer command.
    private static readonly Dictionary<string, string> Intended = new(StringComparer.Ordinal)
    {
        ["ConsumerTask/consumer"] = "consume",
        ["CronTask/cron"] = "cron tick",
        ["ApiFunction"] = "serve",
    };

    private Dictionary<string, object?> _template = null!;
    private IReadOnlyList<DeployedProcess> _processes = null!;

    [OneTimeSetUp]
    public void ReadTemplate()
    {
        _template = CfnYaml.Parse(File.ReadAllText(TemplatePath()));
        _processes = DeployedProcess.ReadAll(Map(_template["Resources"]));
    }

    [Test]
    public void Every_process_runs_the_intended_dealer_command_on_the_aws_store_and_it_parses_without_errors()
    {
        Assert.That(_processes.Select(p => p.Name), Is.EquivalentTo(Intended.Keys), "a new process needs its intended command here");
        foreach (var process in _processes)
        {
            var result = Parse(process);

            Assert.That(result.Errors.Select(e => e.Message), Is.Empty, $"{process.Name}: {string.Join(' ', process.Command)}");
            Assert.That(CommandPath(result.CommandResult), Is.EqualTo(Intended[process.Name]), process.Name);
            Assert.That(result.GetValue<string>("--store"), Is.EqualTo("aws"), process.Name);
            Assert.That(process.Variables["DEALER_AWS_NAME_PREFIX"], Is.EqualTo(new TemplateValue("!Ref NamePrefix")), process.Name);
            Assert.That(process.Variables["DEALER_AWS_REGION"], Is.EqualTo(new TemplateValue("!Ref AWS::Region")), process.Name);
        }
    }

    [Test]
    public void The_api_serves_only_the_api_on_the_port_the_Lambda_Web_Adapter_forwards_to()
    {
        var api = _processes.Single(p => p.Name == "ApiFunction");
        var result = Parse(api);
        var listen = new Uri(result.GetValue<string>("--listen")!);

        Assert.Multiple(() =>
        {
            Assert.That(result.GetValue<bool>("--no-consumer"), Is.True, "the Processor's consumer records the deals");
            Assert.That(result.GetValue<bool>("--no-cron"), Is.True, "the scheduled cron task issues deal/add");
            Assert.That(listen.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(listen.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(api.Variables["AWS_LWA_PORT"].Expression));
        });
    }

    [Test]
    public void Every_process_that_signs_gets_the_dealer_key_from_the_one_secret_and_the_consumer_gets_none()
    {
        var signing = _processes.Where(Signs).ToList();

        Assert.That(signing.Select(p => p.Name), Is.EquivalentTo(new[] { "CronTask/cron", "ApiFunction" }));
        foreach (var process in signing)
        {
            Assert.That(process.Variables["DEALER_PRIVATE_KEY"], Is.EqualTo(new TemplateValue("!Ref " + KeySecretParameter, FromSecret: true)), process.Name);
            Assert.That(process.Variables.ContainsKey("DEALER_KEY_FILE"), Is.False, process.Name);
        }

        foreach (var process in _processes.Where(p => !Signs(p)))
        {
            Assert.That(process.Variables.Keys, Has.None.EqualTo("DEALER_PRIVATE_KEY"), $"{process.Name} signs nothing and needs no key");
        }

        var parameter = Map(Map(_template["Parameters"])[KeySecretParameter]);
        Assert.That(parameter.ContainsKey("Default"), Is.False, "the key secret is required");
        Assert.That(Regex.IsMatch(KeySecretArn, "^(?:" + (string)parameter["AllowedPattern"]! + ")$"), Is.True, "a secret ARN passes the parameter's pattern");
    }

    [Test]
    public void The_task_execution_role_may_read_the_key_secret_of_the_task_definitions()
    {
        var resources = Map(_template["Resources"]);
        var withSecrets = resources.Values.Select(Map)
            .Where(r => Equals(r["Type"], "AWS::ECS::TaskDefinition"))
            .Select(r => Map(r["Properties"]))
            .Where(p => List(p["ContainerDefinitions"]).Select(Map).Any(c => c.ContainsKey("Secrets")))
            .ToList();

        Assert.That(withSecrets, Is.Not.Empty);
        foreach (var task in withSecrets)
        {
            var role = RoleName().Match((string)task["ExecutionRoleArn"]!).Groups["role"].Value;
            var statements = List(Map(resources[role])["Properties"] is { } properties ? Map(properties)["Policies"] : null)
                .Select(Map)
                .SelectMany(policy => List(Map(policy["PolicyDocument"])["Statement"]).Select(Map));
            Assert.That(statements.Any(s => Equals(s["Effect"], "Allow") && Equals(s["Action"], "secretsmanager:GetSecretValue")
                && Equals(s["Resource"], "!Ref " + KeySecretParameter)), Is.True, role);
        }
    }

    [TestCase("", "", "")]
    [TestCase("did:web:dealer.example.com", "", "")]
    [TestCase("did:web:dealer.example.com", "https://tracker.example.com", "did:key:z6Mko9hTggMwjSTEaJaPUfE6tqcy2xvU6BnNq3e3o8qVBiyH")]
    public void Every_process_that_signs_binds_to_the_same_dealer_identity_and_deal_tracker(string did, string trackerUrl, string trackerDid)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["NamePrefix"] = "prod-",
            ["AWS::Region"] = "us-east-1",
            [KeySecretParameter] = KeySecretArn,
            ["DealerDid"] = did,
            ["TrackerUrl"] = trackerUrl,
            ["TrackerDid"] = trackerDid,
            ["TrustedAggregators"] = "",
        };
        var conditions = Conditions(parameters);
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal) { [KeySecretArn] = TestPrincipals.DealerKey };

        foreach (var process in _processes.Where(Signs))
        {
            var environment = process.Variables
                .Select(v => (v.Key, Value: v.Value.Evaluate(parameters, conditions, secrets)))
                .Where(v => v.Value is not null)
                .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
            var options = DealerEnvironment.Apply(new DealerOptions(), environment.GetValueOrDefault);

            // With the key given, loading the identity reads nothing from disk and generates nothing.
            Assert.That(options.Key, Is.EqualTo(TestPrincipals.DealerKey), process.Name);
            using var identity = DealerIdentity.Load(options);
            Assert.That(identity.Did, Is.EqualTo(did.Length > 0 ? did : TestPrincipals.DealerDid), process.Name);
            Assert.That(identity.Key.Did, Is.EqualTo(TestPrincipals.DealerDid), process.Name);
            Assert.That(environment.GetValueOrDefault("DEALER_TRACKER_URL"), Is.EqualTo(trackerUrl.Length > 0 ? trackerUrl : null), process.Name);
            Assert.That(environment.GetValueOrDefault("DEALER_TRACKER_DID"), Is.EqualTo(trackerDid.Length > 0 ? trackerDid : null), process.Name);
        }
    }

    [TestCase("", new string[0])]
    [TestCase("did:key:z6Mko9hTggMwjSTEaJaPUfE6tqcy2xvU6BnNq3e3o8qVBiyH, did:web:aggregator.example.com",
        new[] { "did:key:z6Mko9hTggMwjSTEaJaPUfE6tqcy2xvU6BnNq3e3o8qVBiyH", "did:web:aggregator.example.com" })]
    public void The_api_trusts_the_aggregators_of_the_TrustedAggregators_parameter(string parameter, string[] expected)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["NamePrefix"] = "prod-",
            ["AWS::Region"] = "us-east-1",
            ["DealerDid"] = "",
            ["TrackerUrl"] = "",
            ["TrackerDid"] = "",
            ["TrustedAggregators"] = parameter,
        };
        var api = _processes.Single(p => p.Name == "ApiFunction");
        var environment = api.Variables
            .Where(v => v.Key != "DEALER_PRIVATE_KEY")
            .Select(v => (v.Key, Value: v.Value.Evaluate(parameters, Conditions(parameters), new Dictionary<string, string>())))
            .Where(v => v.Value is not null)
            .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        var interop = new InteropCliOptions();
        var command = new RootCommand();
        interop.Add(command);
        // A did:web aggregator needs its key, as an operator gives it with DEALER_RESOLVE.
        environment["DEALER_RESOLVE"] = "did:web:aggregator.example.com=" + TestPrincipals.DealerDid;

        var bound = interop.Bind(command.Parse([]), environment.GetValueOrDefault);

        Assert.That(bound.TrustedAggregators.Dids, Is.EqualTo(expected));
        Assert.That(Regex.IsMatch(parameter, "^" + AllowedPattern("TrustedAggregators") + "$"), Is.True, "the parameter's AllowedPattern admits it");
    }

    private string AllowedPattern(string parameter) =>
        (string)Map(Map(_template["Parameters"])[parameter])["AllowedPattern"]!;

    private static ParseResult Parse(DeployedProcess process) =>
        DealerCommandLine.Create(_ => null).Parse(process.Command.ToArray());

    // A command that signs (serve's receipts, cron tick's deal/add) is one that takes the dealer's key.
    private static bool Signs(DeployedProcess process) =>
        Parse(process).CommandResult.Command.Options.Any(option => option.Name == "--key");

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is CommandResult command && command.Command is not RootCommand; current = current.Parent)
        {
            names.Insert(0, command.Command.Name);
        }

        return string.Join(' ', names);
    }

    // The template's conditions are all "this parameter is not empty".
    private Dictionary<string, bool> Conditions(Dictionary<string, string> parameters) =>
        Map(_template["Conditions"]).ToDictionary(
            c => c.Key,
            c => NotEmpty().Match((string)c.Value!) is { Success: true } match
                ? parameters[match.Groups["parameter"].Value].Length > 0
                : throw new FormatException($"Unsupported condition {c.Key}: {c.Value}"),
            StringComparer.Ordinal);

    private static Dictionary<string, object?> Map(object? value) =>
        value as Dictionary<string, object?> ?? throw new FormatException("Expected a mapping.");

    private static List<object?> List(object? value) =>
        value as List<object?> ?? throw new FormatException("Expected a list.");

    [GeneratedRegex("""^!Not \[!Equals \[!Ref (?<parameter>[A-Za-z0-9]+), ""\]\]$""")]
    private static partial Regex NotEmpty();

    [GeneratedRegex(@"^!GetAtt (?<role>[A-Za-z0-9]+)\.Arn$")]
    private static partial Regex RoleName();

    // The test assembly may be built anywhere (ArtifactsPath); the template is found from this source file's place.
    private static string TemplatePath([CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", "deploy", "cloudformation.yaml"));
}
