using Dealer.Ucan.Principals;

namespace Dealer.Ucan.Tests.Principals;

public sealed class SignaturePropertyTests
{
    [Test]
    public void Random_keys_verify_their_signatures_and_reject_any_single_bit_flip()
    {
        var random = new Random(0x5eed);
        var seed = new byte[32];
        for (var i = 0; i < 200; i++)
        {
            random.NextBytes(seed);
            using var signer = Ed25519Signer.Derive(seed);
            var verifier = Ed25519Verifier.Parse(signer.Did);
            var payload = new byte[random.Next(0, 300)];
            random.NextBytes(payload);

            var signature = Signature.Decode(signer.Sign(payload).Bytes);
            Assert.That(verifier.Verify(payload, signature), Is.True, $"round {i}");

            if (payload.Length > 0)
            {
                var flippedPayload = payload.ToArray();
                flippedPayload[random.Next(payload.Length)] ^= (byte)(1 << random.Next(8));
                Assert.That(verifier.Verify(flippedPayload, signature), Is.False, $"round {i}: payload bit flip");
            }

            var flippedSignature = signature.Raw.ToArray();
            flippedSignature[random.Next(flippedSignature.Length)] ^= (byte)(1 << random.Next(8));
            Assert.That(verifier.Verify(payload, Signature.Create(SignatureCode.EdDsa, flippedSignature)), Is.False, $"round {i}: signature bit flip");
        }
    }

    [Test]
    public void Random_varsig_bytes_decode_or_fail_with_a_format_exception_and_never_verify()
    {
        var random = new Random(7);
        var verifier = Ed25519Verifier.Parse(KeyVectors.Get("dealer").Did);
        const int maxLength = 80;
        var decoded = 0;
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(maxLength + 1)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length >= 4)
            {
                // Keep the Ed25519 header on half the inputs so the raw bytes reach libsodium.
                bytes[0] = 0xed;
                bytes[1] = 0xa1;
                bytes[2] = 0x03;
                bytes[3] = (byte)(bytes.Length - 4);
            }

            Signature signature;
            try
            {
                signature = Signature.Decode(bytes);
            }
            catch (FormatException)
            {
                continue;
            }

            decoded++;
            Assert.Multiple(() =>
            {
                Assert.That(signature.Bytes, Is.EqualTo(bytes));
                Assert.That(verifier.Verify("payload"u8, signature), Is.False);
            });
        }

        Assert.That(decoded, Is.GreaterThan(1000));
    }
}
