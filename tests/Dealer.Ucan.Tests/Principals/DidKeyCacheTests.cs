using Dealer.Ucan.Principals;

namespace Dealer.Ucan.Tests.Principals;

/// <summary>did:key strings and their principal bytes are remembered both ways, without changing any answer.</summary>
public sealed class DidKeyCacheTests
{
    [Test]
    public void More_keys_than_the_cache_holds_still_round_trip_both_ways_twice()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => Ed25519Signer.Generate()).ToList();
        try
        {
            for (var pass = 0; pass < 2; pass++)
            {
                foreach (var key in keys)
                {
                    var bytes = Did.Encode(key.Did);
                    Assert.That(bytes, Is.EqualTo(new byte[] { 0xed, 0x01 }.Concat(key.Verifier.PublicKey).ToArray()), key.Did);
                    Assert.That(Did.Decode(bytes), Is.EqualTo(key.Did));
                }
            }
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }
    }

    [Test]
    public void Changing_the_bytes_one_call_returned_does_not_change_the_next_answer()
    {
        using var key = Ed25519Signer.Generate();
        var first = Did.Encode(key.Did);
        var expected = first.ToArray();
        first[5] ^= 0xff;

        Assert.That(Did.Encode(key.Did), Is.EqualTo(expected));
        Assert.That(Did.Decode(expected), Is.EqualTo(key.Did));
    }
}
