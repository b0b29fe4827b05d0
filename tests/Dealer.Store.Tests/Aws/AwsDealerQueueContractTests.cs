using Dealer.Store.Abstractions;
using Dealer.Store.Tests.Contracts;

namespace Dealer.Store.Tests.Aws;

/// <summary>The backend-neutral dealer-queue contract on fauxqs (SQS), with a fresh queue per test.</summary>
[TestFixture]
public sealed class AwsDealerQueueContractTests : DealerQueueContract
{
    protected override TimeSpan VisibilityTimeout => TimeSpan.FromSeconds(2);

    protected override async Task<DealerStores> OpenAsync() =>
        (await AwsEmulator.CreateStoresAsync(o => o with { VisibilityTimeout = VisibilityTimeout })).Stores;
}
