using Dealer.Store.Abstractions;

namespace Dealer.Store.Tests.Contracts;

/// <summary>What every <see cref="IRevocationStore"/> must do.</summary>
public abstract class RevocationStoreContract : StoreContract
{
    private IRevocationStore Revocations => Stores.Revocations;

    [Test]
    public async Task Revoked_delegation_is_found_among_unrevoked_ones()
    {
        var revoked = TestData.Cid();
        await Revocations.RevokeAsync(revoked, "key compromised", TestData.At(0));

        var found = await Revocations.FindRevokedAsync([TestData.Cid(), revoked, TestData.Cid()]);

        Assert.That(found, Is.EqualTo(revoked));
    }

    [Test]
    public async Task First_revoked_is_in_the_order_given()
    {
        var outer = TestData.Cid();
        var inner = TestData.Cid();
        await Revocations.RevokeAsync(inner, null, TestData.At(0));
        await Revocations.RevokeAsync(outer, null, TestData.At(1));

        Assert.Multiple(async () =>
        {
            Assert.That(await Revocations.FindRevokedAsync([outer, inner]), Is.EqualTo(outer));
            Assert.That(await Revocations.FindRevokedAsync([inner, outer]), Is.EqualTo(inner));
        });
    }

    [Test]
    public async Task Nothing_is_found_when_none_is_revoked()
    {
        await Revocations.RevokeAsync(TestData.Cid(), null, TestData.At(0));

        Assert.Multiple(async () =>
        {
            Assert.That(await Revocations.FindRevokedAsync([TestData.Cid(), TestData.Cid()]), Is.Null);
            Assert.That(await Revocations.FindRevokedAsync([]), Is.Null);
        });
    }

    [Test]
    public async Task Revoking_twice_is_not_an_error()
    {
        var delegation = TestData.Cid();
        await Revocations.RevokeAsync(delegation, "first", TestData.At(0));

        await Revocations.RevokeAsync(delegation, "second", TestData.At(1));

        Assert.That(await Revocations.FindRevokedAsync([delegation]), Is.EqualTo(delegation));
    }
}
