using System.Security.Cryptography;
using Dealer.Ucan.Filecoin;

namespace Dealer.Ucan.Tests.Filecoin;

public sealed class PairHasherTests
{
    private static string[] Widths() => Enum.GetNames<Sha256LaneWidth>();

    [TestCaseSource(nameof(Widths))]
    public void Every_lane_width_hashes_like_the_bcl_including_partial_batches(string name)
    {
        var width = Enum.Parse<Sha256LaneWidth>(name);
        if (!PairHasher.IsSupported(width))
        {
            Assert.Ignore($"{width} is not supported on this CPU.");
        }

        var random = new Random(7);
        foreach (var count in new[] { 0, 1, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 47, 100 })
        {
            var nodes = new byte[(count + 1) * 64];
            random.NextBytes(nodes);
            var left = Enumerable.Range(0, count).Select(_ => random.Next(0, nodes.Length - 32)).ToArray();
            var right = Enumerable.Range(0, count).Select(_ => random.Next(0, nodes.Length - 32)).ToArray();
            foreach (var truncate in new[] { false, true })
            {
                var output = new byte[count * 32];
                PairHasher.HashPairs(width, nodes, left, right, output, truncate);
                for (var i = 0; i < count; i++)
                {
                    var expected = SHA256.HashData([.. nodes.AsSpan(left[i], 32), .. nodes.AsSpan(right[i], 32)]);
                    if (truncate)
                    {
                        expected[31] &= 0x3F;
                    }

                    Assert.That(output.AsSpan(i * 32, 32).ToArray(), Is.EqualTo(expected), $"{width} count {count} message {i}");
                }
            }
        }
    }

    [Test]
    public void The_best_width_is_supported()
    {
        Assert.That(PairHasher.IsSupported(PairHasher.Best), Is.True);
    }
}
