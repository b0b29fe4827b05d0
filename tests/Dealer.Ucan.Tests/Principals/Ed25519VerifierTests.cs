using Dealer.Ucan.Principals;

namespace Dealer.Ucan.Tests.Principals;

public sealed class Ed25519VerifierTests
{
    private static readonly byte[] Payload = "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCIsInVjdiI6IjAuOS4xIn0.e30"u8.ToArray();

    private static IEnumerable<string> Roles => KeyVectors.Roles;

    [TestCaseSource(nameof(Roles))]
    public void Parse_of_the_vector_did_gives_the_vector_public_key(string role)
    {
        var vector = KeyVectors.Get(role);

        var verifier = Ed25519Verifier.Parse(vector.Did);

        Assert.Multiple(() =>
        {
            Assert.That(verifier.Did, Is.EqualTo(vector.Did));
            Assert.That(verifier.PublicKey, Is.EqualTo(vector.PublicKey));
            Assert.That(verifier.Multikey, Is.EqualTo(vector.Did["did:key:".Length..]));
            Assert.That(verifier.SignatureCode, Is.EqualTo(SignatureCode.EdDsa));
            Assert.That(Ed25519Verifier.FromPublicKey(vector.PublicKey).Did, Is.EqualTo(vector.Did));
        });
    }

    [TestCase("did:web:dealer.example.com")]
    [TestCase("did:key:6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX")]
    [TestCase("did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfL")]
    [TestCase("did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLXX")]
    [TestCase("did:key:z0OIl")]
    [TestCase("did:key:z")]
    [TestCase("")]
    public void Parse_rejects_what_is_not_an_ed25519_did_key(string did)
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Ed25519Verifier.Parse(did), Throws.TypeOf<FormatException>());
            Assert.That(Ed25519Verifier.TryParse(did, out var verifier), Is.False);
            Assert.That(verifier, Is.Null);
        });
    }

    [Test]
    public void Parse_rejects_an_rsa_did_key()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var did = RsaVerifier.FromRsaPublicKey(rsa.ExportRSAPublicKey()).Did;

        Assert.That(() => Ed25519Verifier.Parse(did), Throws.TypeOf<FormatException>().With.Message.Contains("0x1205"));
    }

    [Test]
    public void FromPublicKey_rejects_wrong_lengths()
    {
        Assert.That(() => Ed25519Verifier.FromPublicKey(new byte[31]), Throws.ArgumentException);
    }

    [Test]
    public void Verify_accepts_the_signature_of_its_key()
    {
        using var signer = Ed25519Signer.Derive(KeyVectors.Get("agent").Seed);

        Assert.That(signer.Verifier.Verify(Payload, signer.Sign(Payload)), Is.True);
    }

    [Test]
    public void Verify_rejects_a_modified_payload()
    {
        using var signer = Ed25519Signer.Derive(KeyVectors.Get("agent").Seed);
        var signature = signer.Sign(Payload);
        var modified = Payload.ToArray();
        modified[^1] ^= 0x20;

        Assert.That(signer.Verifier.Verify(modified, signature), Is.False);
    }

    [Test]
    public void Verify_rejects_a_modified_signature()
    {
        using var signer = Ed25519Signer.Derive(KeyVectors.Get("agent").Seed);
        var raw = signer.Sign(Payload).Raw.ToArray();
        raw[40] ^= 0x01;

        Assert.That(signer.Verifier.Verify(Payload, Signature.Create(SignatureCode.EdDsa, raw)), Is.False);
    }

    [Test]
    public void Verify_rejects_the_signature_of_another_key()
    {
        using var agent = Ed25519Signer.Derive(KeyVectors.Get("agent").Seed);
        using var dealer = Ed25519Signer.Derive(KeyVectors.Get("dealer").Seed);

        Assert.That(dealer.Verifier.Verify(Payload, agent.Sign(Payload)), Is.False);
    }

    [Test]
    public void Verify_returns_false_when_r_is_not_a_curve_point()
    {
        // The JS stack throws here (f-invalid-signature-point); Dealer answers false, the outcome is InvalidSignature either way.
        using var signer = Ed25519Signer.Derive(KeyVectors.Get("agent").Seed);
        var raw = signer.Sign(Payload).Raw.ToArray();
        raw.AsSpan(0, 32).Fill(0xff);

        Assert.That(signer.Verifier.Verify(Payload, Signature.Create(SignatureCode.EdDsa, raw)), Is.False);
    }

    [Test]
    public void Verify_returns_false_when_s_is_not_reduced()
    {
        // S + L verifies under a lax implementation; RFC 8032 §5.1.7 requires S < L.
        using var signer = Ed25519Signer.Derive(KeyVectors.Get("agent").Seed);
        var raw = signer.Sign(Payload).Raw.ToArray();
        var l = new System.Numerics.BigInteger(Convert.FromHexString("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"), isUnsigned: true);
        var s = new System.Numerics.BigInteger(raw.AsSpan(32), isUnsigned: true) + l;
        var sBytes = s.ToByteArray(isUnsigned: true);
        Assume.That(sBytes, Has.Length.LessThanOrEqualTo(32));
        raw.AsSpan(32).Clear();
        sBytes.CopyTo(raw, 32);

        Assert.That(signer.Verifier.Verify(Payload, Signature.Create(SignatureCode.EdDsa, raw)), Is.False);
    }

    [Test]
    public void Verify_returns_false_for_an_all_zero_signature()
    {
        using var signer = Ed25519Signer.Derive(KeyVectors.Get("agent").Seed);

        Assert.That(signer.Verifier.Verify(Payload, Signature.Create(SignatureCode.EdDsa, new byte[64])), Is.False);
    }

    [TestCase(SignatureCode.Rs256)]
    [TestCase(SignatureCode.Es256)]
    [TestCase(SignatureCode.Es256K)]
    [TestCase(0xd0eeUL)]
    public void Verify_returns_false_for_a_valid_signature_under_another_varsig_code(ulong code)
    {
        using var signer = Ed25519Signer.Derive(KeyVectors.Get("agent").Seed);
        var raw = signer.Sign(Payload).Raw.Span;

        Assert.That(signer.Verifier.Verify(Payload, Signature.Create(code, raw)), Is.False);
    }

    [Test]
    public void Verify_returns_false_for_a_valid_signature_under_the_non_standard_code()
    {
        using var signer = Ed25519Signer.Derive(KeyVectors.Get("agent").Seed);
        var raw = signer.Sign(Payload).Raw.Span;

        Assert.That(signer.Verifier.Verify(Payload, Signature.Create("Ed25519-custom", raw)), Is.False);
    }

    [TestCase(0)]
    [TestCase(63)]
    [TestCase(65)]
    [TestCase(128)]
    public void Verify_returns_false_for_wrong_signature_lengths(int length)
    {
        using var signer = Ed25519Signer.Derive(KeyVectors.Get("agent").Seed);
        var raw = new byte[length];
        var real = signer.Sign(Payload).Raw.Span;
        real[..Math.Min(64, length)].CopyTo(raw);

        Assert.That(signer.Verifier.Verify(Payload, Signature.Create(SignatureCode.EdDsa, raw)), Is.False);
    }

    [Test]
    public void Verify_returns_false_for_a_small_order_public_key()
    {
        // The identity point (y = 1): every signature "verifies" under a lax implementation.
        var identity = new byte[32];
        identity[0] = 0x01;
        var verifier = Ed25519Verifier.FromPublicKey(identity);
        var raw = new byte[64];
        raw[0] = 0x01;

        Assert.That(verifier.Verify(Payload, Signature.Create(SignatureCode.EdDsa, raw)), Is.False);
    }
}
