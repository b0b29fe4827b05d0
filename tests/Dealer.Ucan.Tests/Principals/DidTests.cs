using System.Text;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Principals;

namespace Dealer.Ucan.Tests.Principals;

public sealed class DidTests
{
    private static IEnumerable<string> Roles => KeyVectors.Roles;

    private static IEnumerable<string> DidWebRoles => KeyVectors.DidWebRoles;

    [TestCaseSource(nameof(Roles))]
    public void A_did_key_encodes_to_its_multicodec_key(string role)
    {
        var vector = KeyVectors.Get(role);

        Assert.Multiple(() =>
        {
            Assert.That(Did.Encode(vector.Did), Is.EqualTo(vector.MulticodecKey));
            Assert.That(Did.Decode(vector.MulticodecKey), Is.EqualTo(vector.Did));
        });
    }

    [TestCaseSource(nameof(DidWebRoles))]
    public void A_did_web_encodes_as_did_core_bytes(string role)
    {
        var vector = KeyVectors.GetDidWeb(role);

        Assert.Multiple(() =>
        {
            Assert.That(Did.Encode(vector.Did), Is.EqualTo(vector.UcanBytes));
            Assert.That(Did.Decode(vector.UcanBytes), Is.EqualTo(vector.Did));
        });
    }

    [Test]
    public void Decoding_many_different_principals_through_the_cache_gives_each_its_own_did()
    {
        // Far more principals than the cache has slots, each decoded twice: a reused slot must never answer for other bytes.
        var dids = Enumerable.Range(0, 500).Select(static i => $"did:web:host{i}.example").ToArray();
        for (var round = 0; round < 2; round++)
        {
            foreach (var did in dids)
            {
                Assert.That(Did.Decode(Did.Encode(did)), Is.EqualTo(did));
            }
        }

        var key = KeyVectors.Get(KeyVectors.Roles.First());
        Assert.That(Did.Decode(key.MulticodecKey), Is.EqualTo(key.Did));
        Assert.That(Did.Decode(key.MulticodecKey), Is.EqualTo(key.Did));
    }

    [Test]
    public void The_brief_did_web_example_encodes_exactly()
    {
        Assert.That(
            Convert.ToHexStringLower(Did.Encode("did:web:dealer.example.com")),
            Is.EqualTo("9d1a7765623a6465616c65722e6578616d706c652e636f6d"));
    }

    [TestCase("did:web:localhost%3A8080")]
    [TestCase("did:mailto:example.com:alice")]
    [TestCase("did:web:example.com:user:alice")]
    [TestCase("did:plc:ewvi7nxzyoun6zhxrhs64oiz")]
    [TestCase("did:example:123456789abcdefghi")]
    [TestCase("did:a1:b")]
    [TestCase("did:web:a_b-c.d")]
    public void Other_dids_round_trip(string did)
    {
        var bytes = Did.Encode(did);

        Assert.Multiple(() =>
        {
            Assert.That(bytes[..2], Is.EqualTo(new byte[] { 0x9d, 0x1a }));
            Assert.That(Encoding.ASCII.GetString(bytes, 2, bytes.Length - 2), Is.EqualTo(did[4..]));
            Assert.That(Did.Decode(bytes), Is.EqualTo(did));
            Assert.That(Did.IsValid(did), Is.True);
        });
    }

    [TestCase("")]
    [TestCase("did")]
    [TestCase("did:")]
    [TestCase("did:web")]
    [TestCase("did:web:")]
    [TestCase("did::example.com")]
    [TestCase("did:Web:example.com")]
    [TestCase("did:we-b:example.com")]
    [TestCase("DID:web:example.com")]
    [TestCase("did:web:example.com:")]
    [TestCase("did:web:exa mple.com")]
    [TestCase("did:web:exa/mple.com")]
    [TestCase("did:web:example.com#key")]
    [TestCase("did:web:example.com?x=1")]
    [TestCase("did:web:%zz")]
    [TestCase("did:web:%4")]
    [TestCase("did:web:ünicode.example")]
    [TestCase(" did:web:example.com")]
    [TestCase("did:web:example.com\n")]
    [TestCase("https://example.com")]
    public void Encode_rejects_invalid_dids(string did)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Did.IsValid(did), Is.False);
            Assert.That(() => Did.Encode(did), Throws.TypeOf<FormatException>());
        });
    }

    [TestCase("did:key:6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX", TestName = "Encode rejects a did:key without the z prefix")]
    [TestCase("did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLf", TestName = "Encode rejects a truncated Ed25519 did:key")]
    [TestCase("did:key:z0", TestName = "Encode rejects base58 outside the alphabet")]
    [TestCase("did:key:z1", TestName = "Encode rejects a did:key without a key")]
    public void Encode_rejects_malformed_did_keys(string did)
    {
        Assert.That(() => Did.Encode(did), Throws.TypeOf<FormatException>());
    }

    [Test]
    public void Encode_rejects_a_did_key_of_an_unknown_multicodec()
    {
        var did = "did:key:z" + Multibase.EncodeRaw(MultibaseEncoding.Base58Btc, Convert.FromHexString("5501020304"));

        Assert.That(() => Did.Encode(did), Throws.TypeOf<FormatException>().With.Message.Contains("0x55"));
    }

    [Test]
    public void Other_key_types_dag_ucan_knows_round_trip()
    {
        // secp256k1 (e7 01) compressed, P-256 (80 24) compressed, BLS12-381 G2 (eb 01).
        foreach (var hex in new[] { "e701" + new string('0', 64) + "02", "8024" + "03" + new string('1', 64), "eb01" + new string('a', 192) })
        {
            var bytes = Convert.FromHexString(hex);
            var did = Did.Decode(bytes);
            Assert.Multiple(() =>
            {
                Assert.That(did, Does.StartWith("did:key:z"));
                Assert.That(Did.Encode(did), Is.EqualTo(bytes));
            });
        }
    }

    [TestCase("", TestName = "Decode rejects empty bytes")]
    [TestCase("ed01", TestName = "Decode rejects an Ed25519 key without bytes")]
    [TestCase("ed010102", TestName = "Decode rejects a short Ed25519 key")]
    [TestCase("1205", TestName = "Decode rejects an unknown multicodec")]
    [TestCase("ed", TestName = "Decode rejects a truncated varint")]
    [TestCase("9d1a", TestName = "Decode rejects an empty did core suffix")]
    [TestCase("9d1a776562", TestName = "Decode rejects a did core suffix without a method separator")]
    [TestCase("9d1a7765623a", TestName = "Decode rejects a did core suffix with an empty id")]
    [TestCase("9d1a7765623aff", TestName = "Decode rejects invalid UTF-8")]
    [TestCase("9d1a5745423a78", TestName = "Decode rejects an upper case method")]
    [TestCase("8524", TestName = "Decode rejects an empty RSA key")]
    [TestCase("8024" + "02" + "1111111111111111111111111111111111111111111111111111111111111111" + "00", TestName = "Decode rejects an uncompressed P-256 key")]
    public void Decode_rejects_garbage(string hex)
    {
        Assert.That(() => Did.Decode(Convert.FromHexString(hex)), Throws.InstanceOf<FormatException>());
    }

    [Test]
    public void Decode_rejects_a_did_key_spelled_as_did_core_bytes()
    {
        var did = KeyVectors.Get("dealer").Did;
        var bytes = new byte[] { 0x9d, 0x1a }.Concat(Encoding.ASCII.GetBytes(did[4..])).ToArray();

        Assert.That(() => Did.Decode(bytes), Throws.TypeOf<FormatException>().With.Message.Contains("did:key"));
    }

    [Test]
    public void Decode_rejects_an_ed25519_key_with_a_trailing_byte()
    {
        var bytes = KeyVectors.Get("dealer").MulticodecKey.Append((byte)0).ToArray();

        Assert.That(() => Did.Decode(bytes), Throws.TypeOf<FormatException>());
    }

    [Test]
    public void Decode_of_random_bytes_never_throws_anything_but_format_exceptions()
    {
        var random = new Random(20240611);
        var buffer = new byte[40];
        for (var i = 0; i < 2000; i++)
        {
            var slice = buffer.AsSpan(0, random.Next(buffer.Length + 1));
            random.NextBytes(slice);
            if (i % 2 == 0 && slice.Length >= 2)
            {
                // Half the inputs get a plausible prefix so the inner branches run too.
                slice[0] = i % 4 == 0 ? (byte)0x9d : (byte)0xed;
                slice[1] = i % 4 == 0 ? (byte)0x1a : (byte)0x01;
            }

            var bytes = slice.ToArray();
            try
            {
                var did = Did.Decode(bytes);
                Assert.That(Did.Encode(did), Is.EqualTo(bytes), $"non-canonical decode of {Convert.ToHexString(bytes)}");
            }
            catch (FormatException)
            {
                // Expected for most inputs.
            }
        }
    }
}
