using System.Text.RegularExpressions;

namespace Dealer.Service.Tests.Deploy;

/// <summary>
/// One dealer process of <c>deploy/cloudformation.yaml</c>: a container of an ECS task definition or the image of a
/// Lambda function, with the arguments it gives the dealer image and the environment variables it sets (secrets
/// included).
/// </summary>
internal sealed partial record DeployedProcess(string Name, IReadOnlyList<string> Command, IReadOnlyDictionary<string, TemplateValue> Variables)
{
    private const string NoValue = "!Ref AWS::NoValue";

    /// <summary>Every process of the template's <paramref name="resources"/>, named <c>Resource/container</c> or <c>Resource</c>.</summary>
    public static IReadOnlyList<DeployedProcess> ReadAll(Dictionary<string, object?> resources)
    {
        var processes = new List<DeployedProcess>();
        foreach (var (name, value) in resources)
        {
            var resource = Map(value);
            switch (resource["Type"])
            {
                case "AWS::ECS::TaskDefinition":
                    processes.AddRange(List(Map(resource["Properties"])["ContainerDefinitions"]).Select(Map)
                        .Select(container => FromContainer(name, container)));
                    break;
                case "AWS::Lambda::Function":
                    processes.Add(FromFunction(name, Map(resource["Properties"])));
                    break;
            }
        }

        return processes;
    }

    private static DeployedProcess FromContainer(string resource, Dictionary<string, object?> container)
    {
        var variables = new Dictionary<string, TemplateValue>(StringComparer.Ordinal);
        foreach (var entry in container.TryGetValue("Environment", out var environment) ? List(environment).Select(Map) : [])
        {
            if (entry.TryGetValue("!If", out var conditional))
            {
                // - !If [Condition, {Name, Value}, !Ref AWS::NoValue]
                var parts = List(conditional);
                if (parts.Count != 3 || !Equals(parts[2], NoValue))
                {
                    throw new FormatException($"{resource}: a conditional variable's alternative must be AWS::NoValue.");
                }

                var variable = Map(parts[1]);
                variables.Add(Text(variable["Name"]), new TemplateValue(Text(variable["Value"]), Text(parts[0])));
            }
            else
            {
                variables.Add(Text(entry["Name"]), new TemplateValue(Text(entry["Value"])));
            }
        }

        foreach (var secret in container.TryGetValue("Secrets", out var secrets) ? List(secrets).Select(Map) : [])
        {
            variables.Add(Text(secret["Name"]), new TemplateValue(Text(secret["ValueFrom"]), FromSecret: true));
        }

        return new DeployedProcess($"{resource}/{Text(container["Name"])}", Arguments(container["Command"]), variables);
    }

    private static DeployedProcess FromFunction(string resource, Dictionary<string, object?> properties)
    {
        var variables = new Dictionary<string, TemplateValue>(StringComparer.Ordinal);
        foreach (var (name, value) in Map(Map(properties["Environment"])["Variables"]))
        {
            var text = Text(value);
            if (DynamicSecret().Match(text) is { Success: true } secret)
            {
                variables.Add(name, new TemplateValue("!Ref " + secret.Groups["parameter"].Value, FromSecret: true));
            }
            else if (ConditionalValue().Match(text) is { Success: true } conditional)
            {
                variables.Add(name, new TemplateValue(conditional.Groups["value"].Value, conditional.Groups["condition"].Value));
            }
            else
            {
                variables.Add(name, new TemplateValue(text));
            }
        }

        return new DeployedProcess(resource, Arguments(Map(properties["ImageConfig"])["Command"]), variables);
    }

    private static List<string> Arguments(object? command)
    {
        var arguments = List(command).Select(Text).ToList();
        if (arguments.Find(argument => argument.StartsWith('!')) is { } expression)
        {
            throw new FormatException($"A command is fixed by the dealer's command line, not computed: {expression}");
        }

        return arguments;
    }

    private static string Text(object? value) => value as string ?? throw new FormatException("Expected a scalar.");

    private static Dictionary<string, object?> Map(object? value) =>
        value as Dictionary<string, object?> ?? throw new FormatException("Expected a mapping.");

    private static List<object?> List(object? value) =>
        value as List<object?> ?? throw new FormatException("Expected a list.");

    // !Sub "{{resolve:secretsmanager:${Parameter}:SecretString}}": the whole secret string, resolved at deploy time.
    [GeneratedRegex(@"^!Sub \{\{resolve:secretsmanager:\$\{(?<parameter>[A-Za-z0-9]+)\}:SecretString\}\}$")]
    private static partial Regex DynamicSecret();

    // !If [Condition, !Ref Parameter, !Ref AWS::NoValue]
    [GeneratedRegex(@"^!If \[(?<condition>[A-Za-z0-9]+), (?<value>!Ref [A-Za-z0-9:]+), !Ref AWS::NoValue\]$")]
    private static partial Regex ConditionalValue();
}
