namespace Dealer.Store.Tests.Aws;

/// <summary>
/// Deletes what the AWS tests of this namespace created on the local servers. The servers are not required here:
/// each test that talks to them asks <see cref="AwsEmulator"/> for their endpoints and fails there when none answers
/// (never skipped), so that the tests that talk to no server (<see cref="AwsStoreOptionsTests"/>,
/// <see cref="CloudFormationTemplateTests"/>) run without them.
/// </summary>
[SetUpFixture]
public sealed class AwsEmulatorSetUp
{
    [OneTimeTearDown]
    public Task DeleteResourcesAsync() => AwsEmulator.DeleteCreatedResourcesAsync();
}
