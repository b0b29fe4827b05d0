using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Tests.Multiformats;

public sealed class VarintTests
{
    [TestCase(0UL, new byte[] { 0x00 })]
    [TestCase(1UL, new byte[] { 0x01 })]
    [TestCase(127UL, new byte[] { 0x7f })]
    [TestCase(128UL, new byte[] { 0x80, 0x01 })]
    [TestCase(255UL, new byte[] { 0xff, 0x01 })]
    [TestCase(300UL, new byte[] { 0xac, 0x02 })]
    [TestCase(16384UL, new byte[] { 0x80, 0x80, 0x01 })]
    [TestCase(0x1300UL, new byte[] { 0x80, 0x26 })]
    [TestCase(0xd0edUL, new byte[] { 0xed, 0xa1, 0x03 })]
    [TestCase(9223372036854775807UL, new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f })]
    public void Spec_examples_encode_and_decode(ulong value, byte[] bytes)
    {
        Assert.That(Varint.Encode(value), Is.EqualTo(bytes));
        Assert.That(Varint.Read(bytes, out var n), Is.EqualTo(value));
        Assert.That(n, Is.EqualTo(bytes.Length));
    }

    [TestCase(new byte[] { 0x80, 0x00 }, "not minimally encoded")]
    [TestCase(new byte[] { 0xff, 0x00 }, "not minimally encoded")]
    [TestCase(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 }, "longer than 9 bytes")]
    [TestCase(new byte[] { 0x80 }, "truncated")]
    [TestCase(new byte[0], "truncated")]
    public void Rejects_invalid_forms(byte[] bytes, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Varint.Read(bytes, out _));
        Assert.That(error!.Message, Does.Contain(reason));
    }

    [Test]
    public void Values_above_63_bits_cannot_be_written() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Varint.Encode(ulong.MaxValue));

    [Test]
    public void Random_values_round_trip_with_a_fixed_seed()
    {
        var random = new Random(20261124);
        for (var i = 0; i < 10_000; i++)
        {
            var value = (ulong)random.NextInt64() >> random.Next(0, 63);
            var bytes = Varint.Encode(value);
            Assert.That(Varint.Read(bytes, out var n), Is.EqualTo(value));
            Assert.That(n, Is.EqualTo(Varint.SizeOf(value)));
        }
    }
}
