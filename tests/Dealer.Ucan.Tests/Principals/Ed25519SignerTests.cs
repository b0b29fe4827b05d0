using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Principals;

namespace Dealer.Ucan.Tests.Principals;

public sealed class Ed25519SignerTests
{
    private static IEnumerable<string> Roles => KeyVectors.Roles;

    [TestCaseSource(nameof(Roles))]
    public void Derive_from_the_vector_seed_gives_the_vector_did_and_key_string(string role)
    {
        var vector = KeyVectors.Get(role);
        using var signer = Ed25519Signer.Derive(vector.Seed);

        Assert.Multiple(() =>
        {
            Assert.That(signer.Did, Is.EqualTo(vector.Did));
            Assert.That(signer.Verifier.Did, Is.EqualTo(vector.Did));
            Assert.That(signer.Verifier.PublicKey, Is.EqualTo(vector.PublicKey));
            Assert.That(signer.Format(), Is.EqualTo(vector.PrivateKey));
            Assert.That(signer.Encode(), Is.EqualTo(vector.PrivateKeyBytes));
            Assert.That(signer.Seed, Is.EqualTo(vector.Seed));
            Assert.That(Did.Encode(signer.Did), Is.EqualTo(vector.MulticodecKey));
        });
    }

    [TestCaseSource(nameof(Roles))]
    public void Parse_of_the_vector_key_string_gives_the_vector_principal(string role)
    {
        var vector = KeyVectors.Get(role);
        using var signer = Ed25519Signer.Parse(vector.PrivateKey);

        Assert.Multiple(() =>
        {
            Assert.That(signer.Did, Is.EqualTo(vector.Did));
            Assert.That(signer.Seed, Is.EqualTo(vector.Seed));
            Assert.That(signer.Format(), Is.EqualTo(vector.PrivateKey));
        });
    }

    [Test]
    public void Vector_key_strings_start_like_ucanto_ones()
    {
        Assert.That(KeyVectors.Roles.Select(r => KeyVectors.Get(r).PrivateKey), Has.All.StartsWith("MgCY"));
    }

    [Test]
    public void Generated_keys_round_trip_through_the_key_string()
    {
        using var generated = Ed25519Signer.Generate();
        using var parsed = Ed25519Signer.Parse(generated.Format());

        Assert.Multiple(() =>
        {
            Assert.That(generated.Did, Does.StartWith("did:key:z6Mk"));
            Assert.That(parsed.Did, Is.EqualTo(generated.Did));
            Assert.That(parsed.Seed, Is.EqualTo(generated.Seed));
        });
    }

    [Test]
    public void Generated_keys_differ()
    {
        using var a = Ed25519Signer.Generate();
        using var b = Ed25519Signer.Generate();

        Assert.That(a.Did, Is.Not.EqualTo(b.Did));
    }

    [Test]
    public void Derive_is_deterministic()
    {
        var seed = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        using var a = Ed25519Signer.Derive(seed);
        using var b = Ed25519Signer.Derive(seed);

        Assert.That(a.Did, Is.EqualTo(b.Did));
    }

    [TestCase(0)]
    [TestCase(31)]
    [TestCase(33)]
    [TestCase(64)]
    public void Derive_rejects_seeds_that_are_not_32_bytes(int length)
    {
        Assert.That(() => Ed25519Signer.Derive(new byte[length]), Throws.ArgumentException);
    }

    [Test]
    public void Parse_rejects_a_key_with_a_public_key_of_another_seed()
    {
        var bytes = KeyVectors.Get("dealer").PrivateKeyBytes;
        KeyVectors.Get("agent").PublicKey.CopyTo(bytes, 36);
        var key = Multibase.Encode(MultibaseEncoding.Base64Pad, bytes);

        Assert.That(() => Ed25519Signer.Parse(key), Throws.TypeOf<FormatException>().With.Message.Contains("does not belong"));
    }

    [Test]
    public void Parse_rejects_a_key_with_one_public_key_bit_flipped()
    {
        var bytes = KeyVectors.Get("dealer").PrivateKeyBytes;
        bytes[^1] ^= 0x01;

        Assert.That(() => Ed25519Signer.Parse(Multibase.Encode(MultibaseEncoding.Base64Pad, bytes)), Throws.TypeOf<FormatException>());
    }

    [Test]
    public void Parse_rejects_a_key_string_with_another_multibase_prefix()
    {
        var bytes = KeyVectors.Get("dealer").PrivateKeyBytes;

        Assert.Multiple(() =>
        {
            Assert.That(() => Ed25519Signer.Parse(Multibase.Encode(MultibaseEncoding.Base64, bytes)), Throws.TypeOf<FormatException>());
            Assert.That(() => Ed25519Signer.Parse(Multibase.Encode(MultibaseEncoding.Base58Btc, bytes)), Throws.TypeOf<FormatException>());
            Assert.That(() => Ed25519Signer.Parse(KeyVectors.Get("dealer").PrivateKey[1..]), Throws.TypeOf<FormatException>());
        });
    }

    [Test]
    public void Parse_rejects_a_key_with_the_wrong_private_tag()
    {
        var bytes = KeyVectors.Get("dealer").PrivateKeyBytes;
        bytes[1] = 0x27;

        Assert.That(() => Ed25519Signer.Parse(Multibase.Encode(MultibaseEncoding.Base64Pad, bytes)), Throws.TypeOf<FormatException>().With.Message.Contains("80 26"));
    }

    [Test]
    public void Parse_rejects_a_key_with_the_wrong_public_tag()
    {
        var bytes = KeyVectors.Get("dealer").PrivateKeyBytes;
        bytes[34] = 0xec;

        Assert.That(() => Ed25519Signer.Parse(Multibase.Encode(MultibaseEncoding.Base64Pad, bytes)), Throws.TypeOf<FormatException>().With.Message.Contains("ed 01"));
    }

    [Test]
    public void Parse_rejects_an_rsa_private_key_string()
    {
        var bytes = new byte[] { 0x85, 0x26, 0x30, 0x82, 0x01, 0x00 };

        Assert.That(() => Ed25519Signer.Parse(Multibase.Encode(MultibaseEncoding.Base64Pad, bytes)), Throws.TypeOf<FormatException>().With.Message.Contains("RSA"));
    }

    [TestCase(67)]
    [TestCase(69)]
    [TestCase(36)]
    [TestCase(2)]
    public void Parse_rejects_keys_of_the_wrong_length(int length)
    {
        var bytes = new byte[length];
        var vector = KeyVectors.Get("dealer").PrivateKeyBytes;
        vector.AsSpan(0, Math.Min(length, vector.Length)).CopyTo(bytes);

        Assert.That(() => Ed25519Signer.Parse(Multibase.Encode(MultibaseEncoding.Base64Pad, bytes)), Throws.TypeOf<FormatException>());
    }

    [TestCase("")]
    [TestCase("M")]
    [TestCase("M!!!!")]
    [TestCase("MgCY")]
    public void Parse_rejects_garbage(string key)
    {
        Assert.That(() => Ed25519Signer.Parse(key), Throws.TypeOf<FormatException>());
    }

    [Test]
    public void Signatures_are_ed25519_varsigs()
    {
        using var signer = Ed25519Signer.Derive(KeyVectors.Get("dealer").Seed);

        var signature = signer.Sign("hello"u8);

        Assert.Multiple(() =>
        {
            Assert.That(signature.Code, Is.EqualTo(SignatureCode.EdDsa));
            Assert.That(signature.Algorithm, Is.EqualTo("EdDSA"));
            Assert.That(signature.Raw.Length, Is.EqualTo(64));
            Assert.That(signature.Bytes[..4], Is.EqualTo(new byte[] { 0xed, 0xa1, 0x03, 0x40 }));
            Assert.That(signature.Bytes, Has.Length.EqualTo(68));
            Assert.That(signer.SignatureAlgorithm, Is.EqualTo("EdDSA"));
            Assert.That(signer.SignatureCode, Is.EqualTo(SignatureCode.EdDsa));
        });
    }

    [Test]
    public void Signing_is_deterministic_as_rfc_8032_requires()
    {
        using var signer = Ed25519Signer.Derive(KeyVectors.Get("dealer").Seed);

        var first = signer.Sign("payload"u8);
        var second = signer.Sign("payload"u8);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Rfc_8032_test_1_signature_is_reproduced()
    {
        // RFC 8032 §7.1 TEST 1 (empty message).
        var seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        using var signer = Ed25519Signer.Derive(seed);

        var signature = signer.Sign(ReadOnlySpan<byte>.Empty);

        Assert.Multiple(() =>
        {
            Assert.That(signer.Verifier.PublicKey, Is.EqualTo(Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")));
            Assert.That(signature.Raw.ToArray(), Is.EqualTo(Convert.FromHexString(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")));
        });
    }

    [Test]
    public void Sign_then_verify_round_trips()
    {
        using var signer = Ed25519Signer.Derive(KeyVectors.Get("storefront").Seed);
        var payload = "eyJhbGciOiJFZERTQSJ9.eyJhdWQiOiJkaWQ6a2V5In0"u8.ToArray();

        var signature = signer.Sign(payload);

        Assert.Multiple(() =>
        {
            Assert.That(signer.Verifier.Verify(payload, signature), Is.True);
            Assert.That(Ed25519Verifier.Parse(signer.Did).Verify(payload, signature), Is.True);
        });
    }

    [Test]
    public void With_did_signs_with_the_same_key_under_the_did_web()
    {
        using var key = Ed25519Signer.Derive(KeyVectors.Get("dealer").Seed);
        var dealer = key.WithDid("did:web:dealer.example.com");

        var signature = dealer.Sign("receipt"u8);

        Assert.Multiple(() =>
        {
            Assert.That(dealer.Did, Is.EqualTo("did:web:dealer.example.com"));
            Assert.That(dealer.Verifier.Did, Is.EqualTo("did:web:dealer.example.com"));
            Assert.That(dealer.Key.Did, Is.EqualTo(KeyVectors.Get("dealer").Did));
            Assert.That(dealer.SignatureAlgorithm, Is.EqualTo("EdDSA"));
            Assert.That(dealer.SignatureCode, Is.EqualTo(SignatureCode.EdDsa));
            Assert.That(signature, Is.EqualTo(key.Sign("receipt"u8)));
            Assert.That(dealer.Verifier.Verify("receipt"u8, signature), Is.True);
            Assert.That(key.Verifier.Verify("receipt"u8, signature), Is.True);
        });
    }

    [Test]
    public void With_did_on_an_aliased_signer_re_aliases_the_key()
    {
        using var key = Ed25519Signer.Derive(KeyVectors.Get("dealer").Seed);
        ISigner first = key.WithDid("did:web:a.example.com");

        var second = first.WithDid("did:web:b.example.com");

        Assert.Multiple(() =>
        {
            Assert.That(second.Did, Is.EqualTo("did:web:b.example.com"));
            Assert.That(((SignerWithDid)second).Key, Is.SameAs(key));
            Assert.That(second.Verifier.Did, Is.EqualTo("did:web:b.example.com"));
        });
    }

    [TestCase("")]
    [TestCase("dealer.example.com")]
    [TestCase("did:web:")]
    [TestCase("did:WEB:dealer.example.com")]
    [TestCase("did:web:dealer example")]
    public void With_did_rejects_invalid_dids(string did)
    {
        using var key = Ed25519Signer.Derive(KeyVectors.Get("dealer").Seed);

        Assert.That(() => key.WithDid(did), Throws.ArgumentException);
    }

    [Test]
    public void A_disposed_signer_refuses_to_sign_but_its_verifier_still_works()
    {
        var signer = Ed25519Signer.Derive(KeyVectors.Get("agent").Seed);
        var signature = signer.Sign("before"u8);
        var verifier = signer.Verifier;

        signer.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(() => signer.Sign("after"u8), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(() => signer.Format(), Throws.TypeOf<ObjectDisposedException>());
            Assert.That(verifier.Verify("before"u8, signature), Is.True);
        });
    }

    [Test]
    public void Parse_of_the_encoded_form_and_decode_agree()
    {
        var vector = KeyVectors.Get("storefront");
        using var decoded = Ed25519Signer.Decode(vector.PrivateKeyBytes);

        Assert.That(decoded.Did, Is.EqualTo(vector.Did));
    }
}
