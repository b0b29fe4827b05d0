using Dealer.Ucan.Principals;

namespace Dealer.Ucan.Tests.Principals;

public sealed class VerifiersTests
{
    [Test]
    public void TryParse_turns_an_ed25519_did_key_into_an_ed25519_verifier()
    {
        var vector = KeyVectors.Get("storefront");

        Assert.Multiple(() =>
        {
            Assert.That(Verifiers.TryParse(vector.Did, out var verifier), Is.True);
            Assert.That(verifier, Is.TypeOf<Ed25519Verifier>());
            Assert.That(verifier!.Did, Is.EqualTo(vector.Did));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("did:web:dealer.example.com")]
    [TestCase("did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLf")]
    [TestCase("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")]
    [TestCase("did:key:z0000")]
    [TestCase("did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX#key")]
    public void TryParse_refuses_what_it_cannot_verify_without_throwing(string? did)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Verifiers.TryParse(did, out var verifier), Is.False);
            Assert.That(verifier, Is.Null);
        });
    }

    [Test]
    public void With_did_checks_with_the_key_but_reports_the_did_web()
    {
        using var signer = Ed25519Signer.Derive(KeyVectors.Get("dealer").Seed);
        var signature = signer.Sign("payload"u8);

        var dealer = Verifiers.WithDid(signer.Verifier, "did:web:dealer.example.com");

        Assert.Multiple(() =>
        {
            Assert.That(dealer.Did, Is.EqualTo("did:web:dealer.example.com"));
            Assert.That(dealer.SignatureCode, Is.EqualTo(SignatureCode.EdDsa));
            Assert.That(dealer.Verify("payload"u8, signature), Is.True);
            Assert.That(dealer.Verify("payloaD"u8, signature), Is.False);
            Assert.That(((VerifierWithDid)Verifiers.WithDid(dealer, "did:web:other.example.com")).Key, Is.SameAs(signer.Verifier));
        });
    }

    [Test]
    public void With_did_rejects_an_invalid_did()
    {
        var key = Ed25519Verifier.Parse(KeyVectors.Get("dealer").Did);

        Assert.That(() => Verifiers.WithDid(key, "dealer.example.com"), Throws.ArgumentException);
    }
}
