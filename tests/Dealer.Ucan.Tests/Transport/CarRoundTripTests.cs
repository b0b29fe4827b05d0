using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Tests.Ipld;
using Dealer.Ucan.Transport;

namespace Dealer.Ucan.Tests.Transport;

public sealed class CarRoundTripTests
{
    private const int Seed = 4242;

    [Test]
    public void Writes_the_header_then_each_block_once_in_the_given_order()
    {
        var a = Block.Encode("a");
        var b = Block.Create(Cid.Hash(Multicodec.Raw, [1, 2, 3]), new byte[] { 1, 2, 3 });

        var bytes = Car.Encode([b.Cid], [a, b, a, b]);

        var header = DagCbor.Encode(new Dictionary<string, object?> { ["roots"] = new[] { b.Cid }, ["version"] = 1L });
        byte[] expected =
        [
            (byte)header.Length, .. header,
            (byte)(a.Cid.Bytes.Length + a.Bytes.Length), .. a.Cid.Bytes, .. a.Bytes.Span,
            (byte)(b.Cid.Bytes.Length + b.Bytes.Length), .. b.Cid.Bytes, .. b.Bytes.Span,
        ];
        Assert.That(bytes, Is.EqualTo(expected));
    }

    [Test]
    public void Refuses_to_write_a_car_without_roots()
    {
        Assert.That(() => Car.Encode([], [Block.Encode(1L)]), Throws.ArgumentException.With.Message.Contains("at least one root"));
    }

    [Test]
    public async Task Random_cars_round_trip_through_every_reader()
    {
        var generator = new IpldGenerator(Seed);
        for (var i = 0; i < 60; i++)
        {
            var blocks = RandomBlocks(generator);
            var roots = Enumerable.Range(0, generator.Random.Next(1, 4)).Select(_ => blocks.Count > 0 && generator.Random.Next(3) > 0
                ? blocks[generator.Random.Next(blocks.Count)].Cid
                : generator.Link()).ToList();
            var withDuplicates = blocks.Concat(blocks.Where(_ => generator.Random.Next(4) == 0)).ToList();

            var bytes = Car.Encode(roots, withDuplicates);

            foreach (var mode in Enum.GetValues<CarReadMode>())
            {
                var car = await CarReading.ReadAsync(mode, bytes);
                Assert.That(car.Roots, Is.EqualTo(roots), $"case {i} {mode}");
                Assert.That(car.Blocks.Select(b => b.Cid), Is.EqualTo(blocks.Select(b => b.Cid)), $"case {i} {mode}");
                Assert.That(car.Blocks.Select(b => b.Bytes.ToArray()), Is.EqualTo(blocks.Select(b => b.Bytes.ToArray())), $"case {i} {mode}");
                Assert.That(Car.Encode(car), Is.EqualTo(bytes), $"case {i} {mode}");
            }
        }
    }

    [Test]
    public async Task A_large_car_streams_through_a_trickling_pipe_intact()
    {
        var generator = new IpldGenerator(Seed + 1);
        var blocks = Enumerable.Range(0, 40).Select(_ => (Block)RawBlock(generator.Bytes(generator.Random.Next(1, 200_000)))).ToList();
        var bytes = Car.Encode([blocks[0].Cid], blocks);

        var car = await CarReading.ReadTricklingAsync(bytes, null, new Random(Seed));

        Assert.That(car.Blocks.Select(b => b.Cid), Is.EqualTo(blocks.Select(b => b.Cid)));
        Assert.That(Car.Encode(car), Is.EqualTo(bytes));
    }

    private static List<Block> RandomBlocks(IpldGenerator generator)
    {
        var count = generator.Random.Next(0, 12);
        var set = new BlockSet();
        for (var i = 0; i < count; i++)
        {
            set.Add(generator.Random.Next(4) switch
            {
                0 => RawBlock(generator.Bytes(generator.Random.Next(1, 3000))),
                1 => IdentityBlock(generator.Bytes(generator.Random.Next(1, 40))),
                _ => Block.Encode(generator.Value()),
            });
        }

        return [.. set];
    }

    private static Block RawBlock(byte[] data) => Block.Create(Cid.Hash(Multicodec.Raw, data), data);

    private static Block IdentityBlock(byte[] data) =>
        Block.Create(Cid.Create(Multicodec.Raw, Multihash.Create(Multicodec.Identity, data)), data);
}
