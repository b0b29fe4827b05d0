using Dealer.Ucan.Principals;

namespace Dealer.Ucan.Tests.Principals;

/// <summary>Parsed Ed25519 did:keys are reused, and the cache that keeps them stays bounded.</summary>
public sealed class VerifierCacheTests
{
    [Test]
    public void Parsing_a_did_key_again_gives_the_same_verifier_and_it_still_verifies()
    {
        using var signer = Ed25519Signer.Generate();
        var signature = signer.Sign("payload"u8);

        Assert.That(Verifiers.TryParse(signer.Did, out var first), Is.True);
        Assert.That(Verifiers.TryParse(signer.Did, out var second), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(second!.Did, Is.EqualTo(signer.Did));
            Assert.That(second.Verify("payload"u8, signature), Is.True);
            Assert.That(second.Verify("payloaD"u8, signature), Is.False);
        });
    }

    [Test]
    public void The_cache_never_holds_more_than_its_capacity()
    {
        for (var i = 0; i < Verifiers.CacheCapacity + 16; i++)
        {
            using var signer = Ed25519Signer.Generate();
            Assert.That(Verifiers.TryParse(signer.Did, out var verifier) && verifier.Did == signer.Did, Is.True);
            Assert.That(Verifiers.CachedCount, Is.LessThanOrEqualTo(Verifiers.CacheCapacity));
        }
    }

    [Test]
    public void A_refused_did_is_not_kept()
    {
        var before = Verifiers.CachedCount;
        Assert.That(Verifiers.TryParse("did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLf", out _), Is.False);
        Assert.That(Verifiers.CachedCount, Is.LessThanOrEqualTo(before));
    }
}
