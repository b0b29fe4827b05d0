using System.Security.Cryptography;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Principals;

namespace Dealer.Ucan.Tests.Principals;

public sealed class RsaVerifierTests
{
    private static readonly byte[] Payload = "eyJhbGciOiJSUzI1NiJ9.e30"u8.ToArray();

    private RSA _rsa = null!;

    [OneTimeSetUp]
    public void CreateKey() => _rsa = RSA.Create(2048);

    [OneTimeTearDown]
    public void DisposeKey() => _rsa.Dispose();

    [Test]
    public void A_dotnet_rs256_signature_verifies_through_the_did_key_round_trip()
    {
        var der = _rsa.ExportRSAPublicKey();
        var did = "did:key:z" + Multibase.EncodeRaw(MultibaseEncoding.Base58Btc, new byte[] { 0x85, 0x24 }.Concat(der).ToArray());
        var raw = _rsa.SignData(Payload, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var signature = Signature.Decode(Signature.Create("RS256", raw).Bytes);

        Assert.Multiple(() =>
        {
            Assert.That(did, Does.StartWith("did:key:z4MX"));
            Assert.That(Verifiers.TryParse(did, out var verifier), Is.True);
            Assert.That(verifier, Is.TypeOf<RsaVerifier>());
            Assert.That(verifier!.Did, Is.EqualTo(did));
            Assert.That(verifier.SignatureCode, Is.EqualTo(SignatureCode.Rs256));
            Assert.That(verifier.Verify(Payload, signature), Is.True);
            Assert.That(Did.Encode(did)[..2], Is.EqualTo(new byte[] { 0x85, 0x24 }));
            Assert.That(Did.Decode(Did.Encode(did)), Is.EqualTo(did));
            Assert.That(RsaVerifier.Parse(did).ExportRsaPublicKey(), Is.EqualTo(der));
            Assert.That(RsaVerifier.Parse(did).KeySize, Is.EqualTo(2048));
        });
    }

    [Test]
    public void Verify_rejects_a_modified_payload_or_signature()
    {
        var verifier = RsaVerifier.FromRsaPublicKey(_rsa.ExportRSAPublicKey());
        var raw = _rsa.SignData(Payload, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var flipped = raw.ToArray();
        flipped[100] ^= 0x04;

        Assert.Multiple(() =>
        {
            Assert.That(verifier.Verify("other"u8, Signature.Create(SignatureCode.Rs256, raw)), Is.False);
            Assert.That(verifier.Verify(Payload, Signature.Create(SignatureCode.Rs256, flipped)), Is.False);
            Assert.That(verifier.Verify(Payload, Signature.Create(SignatureCode.EdDsa, raw)), Is.False);
            Assert.That(verifier.Verify(Payload, Signature.Create(SignatureCode.Rs256, raw.AsSpan(1))), Is.False);
            Assert.That(verifier.Verify(Payload, Signature.Create(SignatureCode.Rs256, Enumerable.Repeat((byte)0xff, 256).ToArray())), Is.False);
        });
    }

    [Test]
    public void Verify_rejects_pss_and_sha512_signatures()
    {
        var verifier = RsaVerifier.FromRsaPublicKey(_rsa.ExportRSAPublicKey());
        var pss = _rsa.SignData(Payload, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        var sha512 = _rsa.SignData(Payload, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);

        Assert.Multiple(() =>
        {
            Assert.That(verifier.Verify(Payload, Signature.Create(SignatureCode.Rs256, pss)), Is.False);
            Assert.That(verifier.Verify(Payload, Signature.Create(SignatureCode.Rs256, sha512)), Is.False);
        });
    }

    [Test]
    public void Keys_below_2048_bits_are_refused()
    {
        using var small = RSA.Create(1024);
        var did = "did:key:z" + Multibase.EncodeRaw(MultibaseEncoding.Base58Btc, new byte[] { 0x85, 0x24 }.Concat(small.ExportRSAPublicKey()).ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(Verifiers.TryParse(did, out _), Is.False);
            Assert.That(() => RsaVerifier.Parse(did), Throws.TypeOf<FormatException>());
        });
    }

    [Test]
    public void Der_with_trailing_bytes_or_garbage_is_refused()
    {
        var der = _rsa.ExportRSAPublicKey();

        Assert.Multiple(() =>
        {
            Assert.That(() => RsaVerifier.FromRsaPublicKey(der.Append((byte)0).ToArray()), Throws.ArgumentException);
            Assert.That(() => RsaVerifier.FromRsaPublicKey(der.AsSpan(0, der.Length - 1)), Throws.ArgumentException);
            Assert.That(() => RsaVerifier.FromRsaPublicKey([0x30, 0x00]), Throws.ArgumentException);
            Assert.That(() => RsaVerifier.FromRsaPublicKey(_rsa.ExportSubjectPublicKeyInfo()), Throws.ArgumentException);
        });
    }

    [Test]
    public void Parse_rejects_an_ed25519_did_key()
    {
        Assert.That(() => RsaVerifier.Parse(KeyVectors.Get("dealer").Did), Throws.TypeOf<FormatException>());
    }
}
