using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Dealer.Store.Abstractions;
using Dealer.Store.Aws;

namespace Dealer.Store.Tests.Aws;

[TestFixture]
public sealed class AwsResourcesTests
{
    [Test]
    public async Task Init_twice_keeps_the_resources_and_their_data()
    {
        var options = AwsEmulator.UniqueOptions();
        await AwsResources.InitAsync(options);
        await using (var stores = AwsStores.Create(options))
        {
            await stores.Deals.InsertAsync(AwsTestData.Deal(1));
        }

        await AwsResources.InitAsync(options with { MaxReceives = 7, VisibilityTimeout = TimeSpan.FromSeconds(45) });

        await using var reopened = AwsStores.Create(options);
        Assert.That(await reopened.Deals.GetAsync(AwsTestData.Aggregate(1)), Is.EqualTo(AwsTestData.Deal(1)));
        using var clients = AwsClients.Create(options);
        var url = (await clients.Sqs.GetQueueUrlAsync(options.QueueName)).QueueUrl;
        var attributes = (await clients.Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = url,
            AttributeNames = [QueueAttributeName.All],
        })).Attributes!;
        Assert.That(attributes[QueueAttributeName.VisibilityTimeout], Is.EqualTo("45"));
        using var redrive = JsonDocument.Parse(attributes[QueueAttributeName.RedrivePolicy]);
        Assert.That(redrive.RootElement.GetProperty("maxReceiveCount").ToString(), Is.EqualTo("7"));
        Assert.That(redrive.RootElement.GetProperty("deadLetterTargetArn").GetString(), Does.EndWith(":" + options.DeadLetterQueueName));
    }

    [Test]
    public async Task Init_creates_every_table_with_the_defined_keys_and_the_stat_index()
    {
        var options = AwsEmulator.UniqueOptions();
        await AwsResources.InitAsync(options);
        using var clients = AwsClients.Create(options);

        foreach (var (definition, name) in AwsResources.TableNames(options))
        {
            var table = (await clients.DynamoDb.DescribeTableAsync(name)).Table;
            Assert.That(table.KeySchema!.Select(k => (k.AttributeName, k.KeyType.Value)),
                Is.EqualTo(new[] { (definition.PartitionKey, "HASH") }), name);
            if (definition.StatusIndex is { } index)
            {
                var gsi = table.GlobalSecondaryIndexes!.Single();
                Assert.That(gsi.IndexName, Is.EqualTo(index.Name));
                Assert.That(gsi.KeySchema!.Select(k => (k.AttributeName, k.KeyType.Value)),
                    Is.EqualTo(new[] { (index.PartitionKey, "HASH"), (index.SortKey, "RANGE") }));
                Assert.That(table.AttributeDefinitions!.Single(a => a.AttributeName == index.PartitionKey).AttributeType.Value,
                    Is.EqualTo(index.PartitionKeyType));
            }
            else
            {
                Assert.That(table.GlobalSecondaryIndexes, Is.Null.Or.Empty, name);
            }
        }
    }

    [Test]
    public async Task Init_refuses_a_table_that_exists_with_another_key_schema()
    {
        var options = AwsEmulator.UniqueOptions();
        using (var clients = AwsClients.Create(options))
        {
            await clients.DynamoDb.CreateTableAsync(new CreateTableRequest
            {
                TableName = options.DealTable,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
            });
        }

        var error = Assert.ThrowsAsync<StoreException>(() => AwsResources.InitAsync(options));

        Assert.That(error!.IsTransient, Is.False);
        Assert.That(error.Message, Does.Contain(options.DealTable));
    }
}
