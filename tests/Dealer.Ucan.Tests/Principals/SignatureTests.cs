using Dealer.Ucan.Principals;

namespace Dealer.Ucan.Tests.Principals;

public sealed class SignatureTests
{
    // Code, JWT name, hex of varint(code) as dag-ucan's signature.js writes it.
    private static readonly object[] KnownCodes =
    [
        new object[] { SignatureCode.EdDsa, "EdDSA", "eda103" },
        new object[] { SignatureCode.Rs256, "RS256", "85a4c006" },
        new object[] { SignatureCode.Es256K, "ES256K", "e7a103" },
        new object[] { SignatureCode.Es256, "ES256", "80a4c006" },
        new object[] { SignatureCode.Es384, "ES384", "81a4c006" },
        new object[] { SignatureCode.Es512, "ES512", "82a4c006" },
        new object[] { SignatureCode.Bls12381G1, "BLS12381G1", "eaa103" },
        new object[] { SignatureCode.Bls12381G2, "BLS12381G2", "eba103" },
        new object[] { SignatureCode.Eip191, "EIP191", "91a303" },
    ];

    [TestCaseSource(nameof(KnownCodes))]
    public void Known_codes_encode_and_decode_with_their_algorithm_name(ulong code, string name, string codeHex)
    {
        var raw = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();
        var expected = Convert.FromHexString(codeHex + "40").Concat(raw).ToArray();

        var byCode = Signature.Create(code, raw);
        var byName = Signature.Create(name, raw);
        var decoded = Signature.Decode(expected);

        Assert.Multiple(() =>
        {
            Assert.That(byCode.Bytes, Is.EqualTo(expected));
            Assert.That(byName.Bytes, Is.EqualTo(expected));
            Assert.That(byCode.Algorithm, Is.EqualTo(name));
            Assert.That(decoded.Code, Is.EqualTo(code));
            Assert.That(decoded.Algorithm, Is.EqualTo(name));
            Assert.That(decoded.Raw.ToArray(), Is.EqualTo(raw));
            Assert.That(decoded, Is.EqualTo(byCode));
            Assert.That(SignatureCode.NameOf(code), Is.EqualTo(name));
            Assert.That(SignatureCode.FromName(name), Is.EqualTo(code));
        });
    }

    [Test]
    public void An_rs256_signature_of_a_2048_bit_key_has_the_brief_header()
    {
        var signature = Signature.Create(SignatureCode.Rs256, new byte[256]);

        Assert.Multiple(() =>
        {
            Assert.That(signature.Bytes[..6], Is.EqualTo(Convert.FromHexString("85a4c0068002")));
            Assert.That(signature.Bytes, Has.Length.EqualTo(262));
        });
    }

    [Test]
    public void Non_standard_signatures_carry_the_algorithm_name_after_the_raw_bytes()
    {
        var raw = new byte[] { 1, 2, 3 };

        var signature = Signature.Create("PS256", raw);
        var decoded = Signature.Decode(signature.Bytes);

        Assert.Multiple(() =>
        {
            Assert.That(signature.Bytes, Is.EqualTo(Convert.FromHexString("80a00303010203" + Convert.ToHexString("PS256"u8))));
            Assert.That(signature.Code, Is.EqualTo(SignatureCode.NonStandard));
            Assert.That(decoded.Algorithm, Is.EqualTo("PS256"));
            Assert.That(decoded.Raw.ToArray(), Is.EqualTo(raw));
            Assert.That(decoded, Is.EqualTo(signature));
        });
    }

    [Test]
    public void Non_standard_names_may_be_any_utf8()
    {
        var decoded = Signature.Decode(Signature.Create("алгоритм", [9]).Bytes);

        Assert.That(decoded.Algorithm, Is.EqualTo("алгоритм"));
    }

    [Test]
    public void Unknown_codes_decode_without_an_algorithm_name()
    {
        var decoded = Signature.Decode(Convert.FromHexString("2a0201ff"));

        Assert.Multiple(() =>
        {
            Assert.That(decoded.Code, Is.EqualTo(0x2aUL));
            Assert.That(decoded.Algorithm, Is.Null);
            Assert.That(decoded.Raw.ToArray(), Is.EqualTo(new byte[] { 0x01, 0xff }));
        });
    }

    [Test]
    public void An_empty_raw_signature_round_trips()
    {
        var signature = Signature.Create(SignatureCode.EdDsa, []);

        Assert.Multiple(() =>
        {
            Assert.That(signature.Bytes, Is.EqualTo(Convert.FromHexString("eda10300")));
            Assert.That(Signature.Decode(signature.Bytes).Raw.Length, Is.Zero);
        });
    }

    [TestCase("", TestName = "Decode rejects empty input")]
    [TestCase("eda1", TestName = "Decode rejects a truncated code varint")]
    [TestCase("eda103", TestName = "Decode rejects a missing length")]
    [TestCase("eda10340", TestName = "Decode rejects missing raw bytes")]
    [TestCase("eda1034000", TestName = "Decode rejects truncated raw bytes")]
    [TestCase("eda1030201020a", TestName = "Decode rejects trailing bytes")]
    [TestCase("eda103ffffffffffffffff7f", TestName = "Decode rejects a huge length")]
    [TestCase("eda1838000", TestName = "Decode rejects an overlong code varint")]
    [TestCase("80a0030101", TestName = "Decode rejects a non standard signature without a name")]
    [TestCase("80a0030101c328", TestName = "Decode rejects a non standard name that is not UTF-8")]
    public void Decode_is_strict(string hex)
    {
        Assert.That(() => Signature.Decode(Convert.FromHexString(hex)), Throws.InstanceOf<FormatException>());
    }

    [Test]
    public void Decode_of_a_64_byte_ed25519_signature_with_one_extra_byte_fails()
    {
        var bytes = Signature.Create(SignatureCode.EdDsa, new byte[64]).Bytes.Append((byte)0).ToArray();

        Assert.That(() => Signature.Decode(bytes), Throws.InstanceOf<FormatException>().With.Message.Contains("trailing"));
    }

    [Test]
    public void Create_with_the_non_standard_code_needs_a_name()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Signature.Create(SignatureCode.NonStandard, [1]), Throws.ArgumentException);
            Assert.That(() => Signature.Create(string.Empty, [1]), Throws.ArgumentException);
        });
    }

    [Test]
    public void Bytes_is_a_defensive_copy()
    {
        var signature = Signature.Create(SignatureCode.EdDsa, new byte[64]);

        signature.Bytes[10] = 0xff;

        Assert.That(signature.Raw.Span[6], Is.Zero);
    }

    [Test]
    public void Signatures_with_the_same_bytes_are_equal()
    {
        var a = Signature.Create(SignatureCode.EdDsa, new byte[64]);
        var b = Signature.Decode(a.Bytes);
        var c = Signature.Create(SignatureCode.EdDsa, Enumerable.Repeat((byte)1, 64).ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(b, Is.EqualTo(a));
            Assert.That(b.GetHashCode(), Is.EqualTo(a.GetHashCode()));
            Assert.That(c, Is.Not.EqualTo(a));
        });
    }
}
