using System.Net.Sockets;

namespace Dealer.Store.Tests.Aws;

/// <summary>
/// The AWS tests run against local servers (fauxqs for S3 and SQS, DynamoDB Local) started by
/// <c>scripts/aws-emulators.sh start</c>, whose endpoints come from the environment. Missing endpoints fail every
/// test of this namespace: they are never skipped.
/// </summary>
[SetUpFixture]
public sealed class AwsEmulatorSetUp
{
    [OneTimeSetUp]
    public async Task RequireEmulatorsAsync()
    {
        foreach (var endpoint in new[] { AwsEmulator.S3Endpoint, AwsEmulator.SqsEndpoint, AwsEmulator.DynamoDbEndpoint })
        {
            Assert.That(endpoint.IsLoopback, Is.True, $"The AWS tests only talk to loopback servers, not {endpoint}.");
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(endpoint.Host, endpoint.Port);
            }
            catch (SocketException e)
            {
                Assert.Fail($"No server answers at {endpoint} ({e.SocketErrorCode}). {AwsEmulator.HowToStart}");
            }
        }
    }

    [OneTimeTearDown]
    public Task DeleteResourcesAsync() => AwsEmulator.DeleteCreatedResourcesAsync();
}
