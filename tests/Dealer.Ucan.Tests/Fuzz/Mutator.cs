using Dealer.Ucan.Ipld;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Transport;

namespace Dealer.Ucan.Tests.Fuzz;

/// <summary>
/// Deterministic byte mutations of valid inputs, from a seeded <see cref="Random"/>: bit flips, truncations, splices,
/// huge varints, huge CBOR lengths and swapped CBOR major types, plus, for CARs, the same mutations applied inside a
/// block that is then named by its new hash (and relinked from the message root), so they get past the CID checks.
/// </summary>
internal sealed class Mutator(int seed)
{
    /// <summary>The mutation kinds, by name.</summary>
    public static readonly IReadOnlyList<string> Kinds =
        ["bit-flip", "truncate", "splice", "huge-varint", "huge-cbor-length", "swap-major-type", "rehashed-block"];

    private readonly Random _random = new(seed);

    /// <summary>Mutates <paramref name="input"/> with a random kind; <paramref name="other"/> is the splice partner.</summary>
    public (string Kind, byte[] Bytes) Next(byte[] input, byte[] other, bool isCar)
    {
        var kind = Kinds[_random.Next(isCar ? Kinds.Count : Kinds.Count - 1)];
        return (kind, Apply(kind, input, other, isCar));
    }

    private byte[] Apply(string kind, byte[] input, byte[] other, bool isCar) => kind switch
    {
        "bit-flip" => FlipBits(input),
        "truncate" => input[.._random.Next(input.Length)],
        "splice" => [.. input.AsSpan(0, _random.Next(input.Length + 1)), .. other.AsSpan(_random.Next(other.Length + 1))],
        "huge-varint" => HugeVarint(input, isCar),
        "huge-cbor-length" => HugeCborLength(input),
        "swap-major-type" => SwapMajorType(input),
        "rehashed-block" => RehashedBlock(input),
        _ => throw new ArgumentException($"Unknown mutation {kind}.", nameof(kind)),
    };

    private byte[] FlipBits(byte[] input)
    {
        var output = (byte[])input.Clone();
        for (var flips = 1 + _random.Next(4); flips > 0 && output.Length > 0; flips--)
        {
            output[_random.Next(output.Length)] ^= (byte)(1 << _random.Next(8));
        }

        return output;
    }

    /// <summary>A varint of 2^31 and more (up to the 10-byte overlong form) in place of the CAR header length, or
    /// inserted anywhere.</summary>
    private byte[] HugeVarint(byte[] input, bool isCar)
    {
        ulong value = _random.Next(4) switch
        {
            0 => (ulong)int.MaxValue + 1,
            1 => uint.MaxValue,
            2 => (ulong)long.MaxValue,
            _ => ulong.MaxValue,
        };
        // Written by hand: the library refuses to write what does not fit 63 bits, and that is the point here.
        var varint = new List<byte>();
        for (; value >= 0x80; value >>= 7)
        {
            varint.Add((byte)(value | 0x80));
        }

        varint.Add((byte)value);
        if (_random.Next(3) == 0)
        {
            // Overlong: one more continuation byte than the value needs.
            varint[^1] |= 0x80;
            varint.Add(0);
        }

        var at = 0;
        var skip = 0;
        if (isCar && _random.Next(2) == 0 && Varint.TryRead(input, out _, out var read))
        {
            skip = read;
        }
        else
        {
            at = _random.Next(input.Length + 1);
        }

        return [.. input.AsSpan(0, at), .. varint, .. input.AsSpan(at + skip)];
    }

    /// <summary>A CBOR string, array or map head rewritten to claim 2^32 or 2^63 items (8-byte argument).</summary>
    private byte[] HugeCborLength(byte[] input)
    {
        var heads = Enumerable.Range(0, input.Length).Where(i => (input[i] >> 5) is 2 or 3 or 4 or 5).ToList();
        if (heads.Count == 0)
        {
            return input;
        }

        var at = heads[_random.Next(heads.Count)];
        var major = input[at] >> 5;
        ulong claim = _random.Next(2) == 0 ? 1UL << 32 : (ulong)long.MaxValue;
        var head = new byte[9];
        head[0] = (byte)((major << 5) | 27);
        for (var i = 0; i < 8; i++)
        {
            head[8 - i] = (byte)(claim >> (8 * i));
        }

        return [.. input.AsSpan(0, at), .. head, .. input.AsSpan(at + 1)];
    }

    private byte[] SwapMajorType(byte[] input)
    {
        var output = (byte[])input.Clone();
        if (output.Length > 0)
        {
            var at = _random.Next(output.Length);
            var major = (output[at] >> 5) ^ (1 + _random.Next(7));
            output[at] = (byte)((major << 5) | (output[at] & 0x1f));
        }

        return output;
    }

    /// <summary>One block of the CAR mutated (any other kind) and renamed by its new hash; when it is an invocation of
    /// the agent message, the message root is rebuilt to execute the new CID instead.</summary>
    private byte[] RehashedBlock(byte[] input)
    {
        CarFile car;
        try
        {
            car = Car.Decode(input);
        }
        catch (CarException)
        {
            return FlipBits(input);
        }

        var blocks = car.Blocks.ToList();
        var index = _random.Next(blocks.Count);
        var old = blocks[index];
        var mutated = Apply(Kinds[_random.Next(Kinds.Count - 1)], old.Bytes.ToArray(), old.Bytes.ToArray(), isCar: false);
        var renamed = Block.Create(Cid.Hash(old.Cid.Codec, mutated), mutated);
        blocks[index] = renamed;
        var roots = car.Roots.Select(root => root == old.Cid ? renamed.Cid : root).ToList();
        if (roots[0] != renamed.Cid && TryRelink(car, old.Cid, renamed.Cid, out var root))
        {
            blocks.RemoveAll(block => block.Cid == roots[0]);
            blocks.Add(root);
            roots[0] = root.Cid;
        }

        return Car.Encode(roots, blocks);
    }

    private static bool TryRelink(CarFile car, Cid old, Cid renamed, out Block root)
    {
        root = null!;
        try
        {
            var message = AgentMessage.FromCar(car);
            if (!message.InvocationLinks.Contains(old))
            {
                return false;
            }

            var execute = message.InvocationLinks.Select(link => (object?)(link == old ? renamed : link)).ToList();
            root = Block.Encode(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [AgentMessage.Tag] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["execute"] = execute },
            });
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
