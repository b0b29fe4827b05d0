using System.CommandLine;
using System.Text.Json;
using Dealer.Store.Aws;

namespace Dealer.Service.Cli;

/// <summary>
/// <c>dealer aws init</c>: creates the AWS resources of the configured names (buckets, tables with the <c>stat</c>
/// index, the queue and its dead-letter queue) where they are missing, and prints what the dealer now runs on.
/// Idempotent; production stacks come from <c>deploy/cloudformation.yaml</c> instead.
/// </summary>
internal static class AwsCommand
{
    public static Command Create(Func<string, string?> getVariable)
    {
        var aws = new AwsCliOptions();
        var init = new Command("init",
            "Create the buckets, tables (with the stat index) and queues the dealer uses, where missing; prints them as JSON");
        aws.AddTo(init);
        init.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, async (output, _) =>
        {
            var options = aws.Bind(result).Resolve(getVariable);
            await AwsResources.InitAsync(options, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(JsonSerializer.Serialize(Describe(options))).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));

        var command = new Command("aws", "The AWS backend (--store aws)");
        command.Subcommands.Add(init);
        return command;
    }

    /// <summary>What <see cref="AwsResources.InitAsync"/> ensured for <paramref name="options"/>, as printed by <c>aws init</c>.</summary>
    public static Dictionary<string, object?> Describe(AwsStoreOptions options)
    {
        static Dictionary<string, object?> Table(string name, AwsTableDefinition definition) => new()
        {
            ["name"] = name,
            ["partitionKey"] = definition.PartitionKey,
            ["index"] = definition.StatusIndex is { } index
                ? new Dictionary<string, string> { ["name"] = index.Name, ["partitionKey"] = index.PartitionKey, ["sortKey"] = index.SortKey }
                : null,
        };

        return new Dictionary<string, object?>
        {
            ["region"] = options.Region,
            ["endpoints"] = options.UsesLocalEndpoint
                ? new Dictionary<string, string?>
                {
                    ["s3"] = options.S3Endpoint?.ToString(),
                    ["sqs"] = options.SqsEndpoint?.ToString(),
                    ["dynamodb"] = options.DynamoDbEndpoint?.ToString(),
                }
                : null,
            ["buckets"] = new[] { options.OfferBucket, options.ReceiptBucket },
            ["tables"] = new[]
            {
                Table(options.OfferTable, AwsResourceDefinitions.OfferTable),
                Table(options.DealTable, AwsResourceDefinitions.DealTable),
                Table(options.RevocationTable, AwsResourceDefinitions.RevocationTable),
                Table(options.LedgerTable, AwsResourceDefinitions.LedgerTable),
            },
            ["queue"] = new Dictionary<string, object>
            {
                ["name"] = options.QueueName,
                ["visibilityTimeoutSeconds"] = (int)Math.Ceiling(options.VisibilityTimeout.TotalSeconds),
                ["deadLetterQueue"] = options.DeadLetterQueueName,
                ["maxReceives"] = options.MaxReceives,
            },
        };
    }
}
