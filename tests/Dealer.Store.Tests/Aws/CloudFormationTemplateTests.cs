using System.Runtime.CompilerServices;
using Dealer.Store.Aws;

namespace Dealer.Store.Tests.Aws;

/// <summary>The Data part of <c>deploy/cloudformation.yaml</c> defines exactly the resources of <see cref="AwsResourceDefinitions"/>.</summary>
[TestFixture]
public sealed class CloudFormationTemplateTests
{
    private const string Prefix = "!Sub ${NamePrefix}";
    private Dictionary<string, Dictionary<string, object?>> _resources = null!;

    [OneTimeSetUp]
    public void ReadTemplate()
    {
        var template = CfnYaml.Parse(File.ReadAllText(TemplatePath()));
        _resources = Map(template["Resources"]).ToDictionary(r => r.Key, r => Map(r.Value));
    }

    [Test]
    public void Buckets_are_the_defined_buckets()
    {
        var names = OfType("AWS::S3::Bucket").Select(r => BaseName(Properties(r.Value)["BucketName"]));

        Assert.That(names, Is.EquivalentTo(AwsResourceDefinitions.Buckets));
    }

    [Test]
    public void Tables_have_the_defined_names_keys_and_stat_index()
    {
        var tables = OfType("AWS::DynamoDB::Table").ToDictionary(r => BaseName(Properties(r.Value)["TableName"]), r => Properties(r.Value));

        Assert.That(tables.Keys, Is.EquivalentTo(AwsResourceDefinitions.Tables.Select(t => t.BaseName)));
        foreach (var definition in AwsResourceDefinitions.Tables)
        {
            var table = tables[definition.BaseName];
            var types = List(table["AttributeDefinitions"]).Select(Map)
                .ToDictionary(a => (string)a["AttributeName"]!, a => (string?)a["AttributeType"]);
            Assert.That(table["BillingMode"], Is.EqualTo("PAY_PER_REQUEST"), definition.BaseName);
            Assert.That(KeySchema(table["KeySchema"]), Is.EqualTo(new[] { (definition.PartitionKey, "HASH") }), definition.BaseName);
            Assert.That(types[definition.PartitionKey], Is.EqualTo("S"), definition.BaseName);

            if (definition.StatusIndex is not { } index)
            {
                Assert.That(table.ContainsKey("GlobalSecondaryIndexes"), Is.False, definition.BaseName);
                Assert.That(types.Keys, Is.EqualTo(new[] { definition.PartitionKey }), definition.BaseName);
                continue;
            }

            var gsi = Map(List(table["GlobalSecondaryIndexes"]).Single());
            Assert.That(gsi["IndexName"], Is.EqualTo(index.Name));
            Assert.That(KeySchema(gsi["KeySchema"]), Is.EqualTo(new[] { (index.PartitionKey, "HASH"), (index.SortKey, "RANGE") }));
            Assert.That(Map(gsi["Projection"])["ProjectionType"], Is.EqualTo("ALL"));
            Assert.That(types, Is.EquivalentTo(new Dictionary<string, string?>
            {
                [definition.PartitionKey] = "S",
                [index.PartitionKey] = index.PartitionKeyType,
                [index.SortKey] = index.SortKeyType,
            }));
        }
    }

    [Test]
    public void The_dealer_queue_redrives_to_the_dead_letter_queue()
    {
        var queues = OfType("AWS::SQS::Queue").ToDictionary(r => BaseName(Properties(r.Value)["QueueName"]), r => (r.Key, Properties: Properties(r.Value)));

        Assert.That(queues.Keys, Is.EquivalentTo(new[] { AwsResourceDefinitions.Queue, AwsResourceDefinitions.DeadLetterQueue }));
        var redrive = Map(queues[AwsResourceDefinitions.Queue].Properties["RedrivePolicy"]);
        Assert.That(redrive["deadLetterTargetArn"], Is.EqualTo($"!GetAtt {queues[AwsResourceDefinitions.DeadLetterQueue].Key}.Arn"));
        Assert.That(redrive["maxReceiveCount"], Is.EqualTo("!Ref MaxReceives"));
        Assert.That(queues[AwsResourceDefinitions.Queue].Properties["VisibilityTimeout"], Is.EqualTo("!Ref VisibilityTimeoutSeconds"));
        Assert.That(queues[AwsResourceDefinitions.Queue].Properties.ContainsKey("FifoQueue"), Is.False);
    }

    [Test]
    public void The_processes_read_the_name_prefix_the_resources_are_named_with()
    {
        var consumer = Map(List(Properties(_resources["ConsumerTask"])["ContainerDefinitions"]).Single());
        var environment = List(consumer["Environment"]).Select(Map).ToDictionary(e => (string)e["Name"]!, e => e["Value"]);
        var api = Map(Map(Properties(_resources["ApiFunction"])["Environment"])["Variables"]);

        Assert.That(environment["DEALER_AWS_NAME_PREFIX"], Is.EqualTo("!Ref NamePrefix"));
        Assert.That(api["DEALER_AWS_NAME_PREFIX"], Is.EqualTo("!Ref NamePrefix"));
    }

    [Test]
    public void The_reader_reads_a_tag_over_a_block_as_a_mapping_from_the_tag()
    {
        var parsed = CfnYaml.Parse("Env:\n  - Name: A\n    Value: 1\n  - !If\n    - HasB\n    - Name: B\n      Value: !Ref B\n    - !Ref AWS::NoValue\n");

        var entries = List(parsed["Env"]);
        Assert.That(Map(entries[0])["Name"], Is.EqualTo("A"));
        var conditional = List(Map(entries[1])["!If"]);
        Assert.That(conditional, Has.Count.EqualTo(3));
        Assert.That(conditional[0], Is.EqualTo("HasB"));
        Assert.That(Map(conditional[1])["Value"], Is.EqualTo("!Ref B"));
        Assert.That(conditional[2], Is.EqualTo("!Ref AWS::NoValue"));
    }

    [Test]
    public void The_reader_refuses_syntax_outside_its_subset()
    {
        Assert.Throws<FormatException>(() => CfnYaml.Parse("Resources:\n  A: { Type: x }\n"));
        Assert.Throws<FormatException>(() => CfnYaml.Parse("Resources:\n  A:\n    B: 1\n   C: 2\n"));
    }

    private IEnumerable<KeyValuePair<string, Dictionary<string, object?>>> OfType(string type) =>
        _resources.Where(r => Equals(r.Value["Type"], type));

    private static Dictionary<string, object?> Properties(Dictionary<string, object?> resource) => Map(resource["Properties"]);

    private static string BaseName(object? name)
    {
        var text = name as string ?? throw new FormatException("A resource name is not a scalar.");
        Assert.That(text, Does.StartWith(Prefix), "Every name is the stage prefix followed by the defined base name.");
        return text[Prefix.Length..];
    }

    private static (string, string)[] KeySchema(object? schema) =>
        List(schema).Select(Map).Select(k => ((string)k["AttributeName"]!, (string)k["KeyType"]!)).ToArray();

    private static Dictionary<string, object?> Map(object? value) =>
        value as Dictionary<string, object?> ?? throw new FormatException("Expected a mapping.");

    private static List<object?> List(object? value) =>
        value as List<object?> ?? throw new FormatException("Expected a list.");

    // The test assembly may be built anywhere; the template is found from this source file's place in the repository.
    private static string TemplatePath([CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", "deploy", "cloudformation.yaml"));
}
