using Amazon.Runtime;
using Dealer.Store.Aws;

namespace Dealer.Store.Tests.Aws;

[TestFixture]
public sealed class AwsStoreOptionsTests
{
    [Test]
    public void Unset_environment_gives_the_defined_names_and_no_endpoint()
    {
        var options = AwsStoreOptions.FromEnvironment(_ => null);

        Assert.That(options, Is.EqualTo(new AwsStoreOptions()));
        Assert.That(options.DealTable, Is.EqualTo(AwsResourceDefinitions.DealTable.BaseName));
        Assert.That(options.UsesLocalEndpoint, Is.False);
        Assert.That(options.UsePathStyle, Is.False);
    }

    [Test]
    public void One_endpoint_serves_all_services_and_per_service_endpoints_override_it()
    {
        var environment = new Dictionary<string, string>
        {
            ["DEALER_AWS_ENDPOINT"] = "http://127.0.0.1:4566",
            ["DEALER_AWS_ENDPOINT_DYNAMODB"] = "http://127.0.0.1:8000",
            ["DEALER_AWS_REGION"] = "eu-central-1",
            ["DEALER_AWS_NAME_PREFIX"] = "prod-",
            ["DEALER_DEAL_TABLE"] = "custom-deals",
            ["DEALER_QUEUE_MAX_RECEIVES"] = "3",
            ["DEALER_QUEUE_VISIBILITY_TIMEOUT"] = "90",
            ["DEALER_AWS_RETRY_MODE"] = "adaptive",
            ["DEALER_AWS_MAX_ERROR_RETRY"] = "6",
        };

        var options = AwsStoreOptions.FromEnvironment(environment.GetValueOrDefault);

        Assert.That(options.S3Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:4566")));
        Assert.That(options.SqsEndpoint, Is.EqualTo(new Uri("http://127.0.0.1:4566")));
        Assert.That(options.DynamoDbEndpoint, Is.EqualTo(new Uri("http://127.0.0.1:8000")));
        Assert.That(options.UsePathStyle, Is.True);
        Assert.That(options.Region, Is.EqualTo("eu-central-1"));
        Assert.That(options.OfferBucket, Is.EqualTo("prod-dealer-offers"));
        Assert.That(options.QueueName, Is.EqualTo("prod-dealer-queue"));
        Assert.That(options.DealTable, Is.EqualTo("custom-deals"));
        Assert.That(options.MaxReceives, Is.EqualTo(3));
        Assert.That(options.VisibilityTimeout, Is.EqualTo(TimeSpan.FromSeconds(90)));
        Assert.That(options.RetryMode, Is.EqualTo(RequestRetryMode.Adaptive));
        Assert.That(options.MaxErrorRetry, Is.EqualTo(6));
    }

    [TestCase("DEALER_QUEUE_MAX_RECEIVES", "many")]
    [TestCase("DEALER_AWS_ENDPOINT", "not a url")]
    [TestCase("DEALER_AWS_RETRY_MODE", "sometimes")]
    [TestCase("DEALER_S3_FORCE_PATH_STYLE", "maybe")]
    public void An_unparsable_variable_is_reported_by_name(string variable, string value)
    {
        var error = Assert.Throws<FormatException>(() => AwsStoreOptions.FromEnvironment(name => name == variable ? value : null));

        Assert.That(error!.Message, Does.Contain(variable));
    }

    [Test]
    public void Out_of_range_values_are_refused_before_any_client_is_built()
    {
        Assert.Throws<ArgumentException>(() => AwsStores.Create(new AwsStoreOptions { MaxReceives = 0 }));
        Assert.Throws<ArgumentException>(() => AwsStores.Create(new AwsStoreOptions { DealTable = " " }));
        Assert.Throws<ArgumentException>(() => AwsStores.Create(new AwsStoreOptions { VisibilityTimeout = TimeSpan.FromHours(13) }));
    }
}
