using Dealer.Store.Abstractions;
using Dealer.Store.Tests.Contracts;

namespace Dealer.Store.Tests.Aws;

/// <summary>The dead-letter contract on fauxqs (SQS), with a fresh queue and dead-letter queue per test.</summary>
[TestFixture]
public sealed class AwsDeadLettersContractTests : DeadLettersContract
{
    protected override async Task<DealerStores> OpenAsync() =>
        (await AwsEmulator.CreateStoresAsync(o => o with { VisibilityTimeout = TimeSpan.FromSeconds(2), MaxReceives = 2 })).Stores;
}
