using Dealer.Ucan.Filecoin;

namespace Dealer.Ucan.Tests.Filecoin;

public sealed class AggregateVerifyTests
{
    private static readonly byte[] s_root = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Test]
    public void Empty_piece_list_is_rejected_as_no_pieces()
    {
        var verification = Aggregate.Verify(PieceLink.Create(0, 30, s_root), []);

        Assert.Multiple(() =>
        {
            Assert.That(verification.Outcome, Is.EqualTo(AggregateVerificationOutcome.NoPieces));
            Assert.That(verification.ErrorName, Is.EqualTo("NoPieces"));
        });
    }

    [Test]
    public void Offered_aggregate_with_padding_is_rejected_even_when_the_root_matches()
    {
        var pieces = new[] { PieceLink.Create(0, 10, s_root) };
        var correct = Aggregate.Compute(pieces, 20).Link;

        var verification = Aggregate.Verify(PieceLink.Create(5, 20, correct.Root), pieces);

        Assert.Multiple(() =>
        {
            Assert.That(Aggregate.Verify(correct, pieces).IsOk, Is.True);
            Assert.That(verification.Outcome, Is.EqualTo(AggregateVerificationOutcome.NonZeroPadding));
            Assert.That(verification.ErrorName, Is.EqualTo("InvalidAggregatePadding"));
        });
    }

    [Test]
    public void More_pieces_than_index_entries_is_rejected_as_too_many_pieces()
    {
        // Height 14 (512 KiB) has a 4-entry index; five 128-byte pieces fit in the data area but not in the index.
        var pieces = Enumerable.Range(0, 5).Select(_ => PieceLink.Create(0, 2, s_root)).ToArray();

        var verification = Aggregate.Verify(PieceLink.Create(0, 14, s_root), pieces);

        Assert.Multiple(() =>
        {
            Assert.That(verification.Outcome, Is.EqualTo(AggregateVerificationOutcome.TooManyPieces));
            Assert.That(verification.ErrorName, Is.EqualTo("TooManyPieces"));
            Assert.That(verification.PieceIndex, Is.EqualTo(4));
            Assert.That(() => Aggregate.Compute(pieces, 14), Throws.ArgumentException.With.Message.Contains("Too many pieces"));
            Assert.That(Aggregate.Verify(Aggregate.Compute(pieces.AsSpan(0, 4), 14).Link, pieces.AsSpan(0, 4)).IsOk, Is.True);
        });
    }

    [Test]
    public void Piece_taller_than_the_aggregate_is_rejected_as_piece_too_large()
    {
        var pieces = new[] { PieceLink.Create(0, 10, s_root), PieceLink.Create(0, 21, s_root) };

        var verification = Aggregate.Verify(PieceLink.Create(0, 20, s_root), pieces);

        Assert.Multiple(() =>
        {
            Assert.That(verification.Outcome, Is.EqualTo(AggregateVerificationOutcome.PieceTooLarge));
            Assert.That(verification.ErrorName, Is.EqualTo("PieceTooLarge"));
            Assert.That(verification.PieceIndex, Is.EqualTo(1));
        });
    }

    [Test]
    public void Piece_as_large_as_the_aggregate_overflows_into_the_index()
    {
        var verification = Aggregate.Verify(PieceLink.Create(0, 20, s_root), [PieceLink.Create(0, 20, s_root)]);

        Assert.Multiple(() =>
        {
            Assert.That(verification.Outcome, Is.EqualTo(AggregateVerificationOutcome.PiecesOverflow));
            Assert.That(verification.PieceIndex, Is.Zero);
        });
    }

    [Test]
    public void Pieces_ending_exactly_at_the_index_are_accepted()
    {
        // Height 16 (2 MiB): 16 entries = 1 KiB = 32 leaves of index. Fill the 2^16 - 32 leaves before it with
        // pieces of 2^15, 2^14, ... 2^5 leaves: the last ends exactly where the index starts.
        var pieces = Enumerable.Range(5, 11).Reverse().Select(h => PieceLink.Create(0, (byte)h, s_root)).ToArray();

        var result = Aggregate.Compute(pieces, 16);

        Assert.Multiple(() =>
        {
            Assert.That(result.DataEndOffset, Is.EqualTo(result.IndexStartOffset));
            Assert.That(Aggregate.Verify(result.Link, pieces).IsOk, Is.True);
            Assert.That(Aggregate.Verify(result.Link, [.. pieces, PieceLink.Create(0, 2, s_root)]).Outcome,
                Is.EqualTo(AggregateVerificationOutcome.PiecesOverflow));
        });
    }

    [Test]
    public void Aggregate_heights_outside_the_supported_range_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Aggregate.Compute([], 2), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => Aggregate.Compute([], 59), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => Aggregate.Compute([], 61), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => PieceLink.Create(0, 61, s_root), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void Aggregate_without_pieces_is_the_zero_subtree()
    {
        Assert.That(Aggregate.Compute([], 30).Root.ToArray(), Is.EqualTo(ZeroComm.Level(30).ToArray()));
    }

    [TestCase(3, 4UL)]
    [TestCase(14, 4UL)]
    [TestCase(15, 8UL)]
    [TestCase(29, 131_072UL)]
    [TestCase(30, 262_144UL)]
    public void Index_entry_count_follows_the_deal_size(int height, ulong entries)
    {
        Assert.That(Aggregate.IndexEntryCount((byte)height), Is.EqualTo(entries));
    }
}
