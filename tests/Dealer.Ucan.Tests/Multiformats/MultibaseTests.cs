using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Tests.Multiformats;

public sealed class MultibaseTests
{
    private static readonly MultibaseEncoding[] Encodings =
    [
        MultibaseEncoding.Base32Lower, MultibaseEncoding.Base58Btc, MultibaseEncoding.Base64,
        MultibaseEncoding.Base64Pad, MultibaseEncoding.Base64Url,
    ];

    // RFC 4648 §10 test vectors, with the multibase prefix.
    [TestCase(MultibaseEncoding.Base32Lower, "foobar", "bmzxw6ytboi")]
    [TestCase(MultibaseEncoding.Base32Lower, "f", "bmy")]
    [TestCase(MultibaseEncoding.Base64, "foob", "mZm9vYg")]
    [TestCase(MultibaseEncoding.Base64Pad, "foob", "MZm9vYg==")]
    [TestCase(MultibaseEncoding.Base64Url, "\u00fb\u00ff", "uw7vDvw")]
    [TestCase(MultibaseEncoding.Base58Btc, "hello world", "zStV1DL6CwTryKyV")]
    public void Known_strings_encode_and_decode(MultibaseEncoding encoding, string text, string expected)
    {
        var data = System.Text.Encoding.UTF8.GetBytes(text);

        Assert.That(Multibase.Encode(encoding, data), Is.EqualTo(expected));
        Assert.That(Multibase.Decode(expected, out var decodedWith), Is.EqualTo(data));
        Assert.That(decodedWith, Is.EqualTo(encoding));
    }

    [Test]
    public void The_dealer_key_string_is_base64pad()
    {
        // keys.json, dealer (seed 01×32): varint(0x1300) ‖ seed ‖ 0xed01 ‖ public key.
        var bytes = Multibase.Decode("MgCYBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAe0Biojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=", out var encoding);

        Assert.That(encoding, Is.EqualTo(MultibaseEncoding.Base64Pad));
        Assert.That(bytes, Has.Length.EqualTo(68));
        Assert.That(bytes[..2], Is.EqualTo(new byte[] { 0x80, 0x26 }));
        Assert.That(bytes[2..34], Is.All.EqualTo((byte)1));
    }

    [Test]
    public void Random_bytes_round_trip_in_every_encoding_with_a_fixed_seed()
    {
        var random = new Random(4242);
        foreach (var encoding in Encodings)
        {
            for (var i = 0; i < 500; i++)
            {
                var data = new byte[random.Next(0, 80)];
                random.NextBytes(data);
                var text = Multibase.Encode(encoding, data);
                Assert.That(Multibase.Decode(text), Is.EqualTo(data), $"{encoding} of {Convert.ToHexString(data)}");
            }
        }
    }

    [Test]
    public void Base32_lower_is_simplebase_rfc4648_in_lower_case_on_random_bytes()
    {
        // Lengths past 160 bytes (256 characters) take the rented buffer rather than the stack.
        var random = new Random(9);
        for (var i = 0; i < 600; i++)
        {
            var data = new byte[i < 400 ? i : random.Next(400, 4000)];
            random.NextBytes(data);
            var expected = SimpleBase.Base32.Rfc4648.Encode(data, padding: false).ToLowerInvariant();

            Assert.That(Multibase.EncodeRaw(MultibaseEncoding.Base32Lower, data), Is.EqualTo(expected), Convert.ToHexString(data));
            Assert.That(Multibase.Encode(MultibaseEncoding.Base32Lower, data), Is.EqualTo("b" + expected));
        }
    }

    [Test]
    public void Random_cids_round_trip_through_text_and_bytes()
    {
        var random = new Random(7);
        ulong[] codecs = [Multicodec.Raw, Multicodec.DagCbor, Multicodec.DagPb, Multicodec.FilCommitmentUnsealed];
        for (var i = 0; i < 1000; i++)
        {
            var data = new byte[random.Next(0, 64)];
            random.NextBytes(data);
            var cid = Cid.Hash(codecs[random.Next(codecs.Length)], data);
            Assert.That(Cid.Parse(cid.ToString()), Is.EqualTo(cid));
            Assert.That(Cid.Parse(cid.ToString(MultibaseEncoding.Base58Btc)), Is.EqualTo(cid));
            Assert.That(Cid.Read(cid.ToArray()), Is.EqualTo(cid));
        }
    }

    [TestCase("bMZXW6YTBOI", Description = "upper case under the lower-case base32 prefix")]
    [TestCase("bmzxw6ytboi1", Description = "a digit outside the base32 alphabet")]
    [TestCase("zStV1DL6CwTryKy0", Description = "0 is not in the base58btc alphabet")]
    [TestCase("mZm9vYg==", Description = "padding in unpadded base64")]
    [TestCase("MZm9vYg", Description = "missing padding in base64pad")]
    [TestCase("uw7v+", Description = "+ is not in the base64url alphabet")]
    [TestCase("Qxyz", Description = "unknown prefix")]
    [TestCase("", Description = "empty")]
    public void Malformed_text_is_a_format_exception(string text) =>
        Assert.Throws(Is.InstanceOf<FormatException>(), () => Multibase.Decode(text));
}
