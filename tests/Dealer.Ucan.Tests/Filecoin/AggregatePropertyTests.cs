using Dealer.Ucan.Filecoin;

namespace Dealer.Ucan.Tests.Filecoin;

public sealed class AggregatePropertyTests
{
    private const int Seed = 20_580; // FRC-0058

    [Test]
    public void Random_piece_lists_match_the_full_tree_builder_for_heights_6_to_14()
    {
        var random = new Random(Seed);
        int accepted = 0, rejected = 0;
        for (var run = 0; run < 400; run++)
        {
            var height = random.Next(6, 15);
            var pieces = RandomPieces(random, height, random.Next(1, 7));

            var expected = ReferenceAggregate.FullTreeRoot(pieces, height);
            var links = pieces.Select(p => PieceLink.Create(0, (byte)p.Height, p.Root)).ToArray();
            var verification = Aggregate.Verify(PieceLink.Create(0, (byte)height, expected ?? new byte[32]), links);

            if (expected is null)
            {
                rejected++;
                Assert.That(verification.Outcome, Is.AnyOf(
                    AggregateVerificationOutcome.PiecesOverflow, AggregateVerificationOutcome.TooManyPieces), $"run {run}");
                Assert.That(() => Aggregate.Compute(links, (byte)height), Throws.ArgumentException, $"run {run}");
            }
            else
            {
                accepted++;
                Assert.That(verification.Outcome, Is.EqualTo(AggregateVerificationOutcome.Ok), $"run {run}: {verification.Message}");
                Assert.That(Aggregate.Compute(links, (byte)height).Root.ToArray(), Is.EqualTo(expected), $"run {run}");
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.GreaterThanOrEqualTo(200), "the generator must produce fitting lists");
            Assert.That(rejected, Is.GreaterThanOrEqualTo(40), "the generator must produce overflowing lists");
        });
    }

    [Test]
    public void Small_pieces_up_to_the_index_capacity_match_the_full_tree_builder()
    {
        var random = new Random(Seed + 1);
        for (var run = 0; run < 100; run++)
        {
            var height = random.Next(10, 15);
            var capacity = (int)Aggregate.IndexEntryCount((byte)height);
            var pieces = Enumerable.Range(0, random.Next(1, capacity + 1))
                .Select(_ => new ReferenceAggregate.Piece(random.Next(2, 5), RandomRoot(random)))
                .ToArray();

            var expected = ReferenceAggregate.FullTreeRoot(pieces, height);
            var links = pieces.Select(p => PieceLink.Create(1, (byte)p.Height, p.Root)).ToArray();

            Assert.That(expected, Is.Not.Null, $"run {run}");
            Assert.That(Aggregate.Compute(links, (byte)height).Root.ToArray(), Is.EqualTo(expected), $"run {run}: padding is ignored");
        }
    }

    [Test]
    public void The_recursive_reference_agrees_with_the_full_tree_builder()
    {
        var random = new Random(Seed + 2);
        for (var run = 0; run < 30; run++)
        {
            var height = random.Next(6, 13);
            var pieces = RandomPieces(random, height, random.Next(1, 5));

            Assert.That(ReferenceAggregate.RecursiveRoot(pieces, height), Is.EqualTo(ReferenceAggregate.FullTreeRoot(pieces, height)));
        }
    }

    [TestCase(31, 4)]
    [TestCase(31, 12)]
    [TestCase(32, 8)]
    [TestCase(40, 6)]
    [TestCase(58, 5)]
    public void Aggregates_of_64_GiB_and_more_match_the_recursive_reference(int height, int count)
    {
        // 31 = 64 GiB, where the JS library's 32-bit `1 << (height - level)` fails; go and check.mjs handle it.
        var random = new Random(Seed + height);
        var pieces = Enumerable.Range(0, count)
            .Select(_ => new ReferenceAggregate.Piece(random.Next(2, height - 3), RandomRoot(random)))
            .ToArray();
        var links = pieces.Select(p => PieceLink.Create(0, (byte)p.Height, p.Root)).ToArray();

        var expected = ReferenceAggregate.RecursiveRoot(pieces, height);
        var result = Aggregate.Compute(links, (byte)height);

        Assert.Multiple(() =>
        {
            Assert.That(expected, Is.Not.Null);
            Assert.That(result.Root.ToArray(), Is.EqualTo(expected));
            Assert.That(result.Height, Is.EqualTo(height));
            Assert.That(Aggregate.Verify(result.Link, links).IsOk, Is.True);
        });
    }

    [Test]
    public void Sixty_four_GiB_index_starts_16_MiB_before_the_end()
    {
        var result = Aggregate.Compute([PieceLink.Create(0, 20, new byte[32])], 31);

        Assert.Multiple(() =>
        {
            Assert.That(result.Size, Is.EqualTo(64UL << 30));
            Assert.That(result.IndexEntryCount, Is.EqualTo(524_288UL));
            Assert.That(result.IndexStartOffset, Is.EqualTo((64UL << 30) - (32UL << 20)));
        });
    }

    [Test]
    public void Reordering_pieces_changes_the_aggregate()
    {
        var random = new Random(Seed + 3);
        var pieces = Enumerable.Range(0, 6).Select(i => PieceLink.Create(0, (byte)(4 + i), RandomRoot(random))).ToArray();

        var forward = Aggregate.Compute(pieces, 16);
        var backward = Aggregate.Compute(pieces.Reverse().ToArray(), 16);

        Assert.That(backward.Link, Is.Not.EqualTo(forward.Link));
    }

    private static ReferenceAggregate.Piece[] RandomPieces(Random random, int height, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => new ReferenceAggregate.Piece(random.Next(2, height), RandomRoot(random)))];

    private static byte[] RandomRoot(Random random)
    {
        var root = new byte[32];
        random.NextBytes(root);
        root[31] &= 0x3F;
        return root;
    }
}
