using System.Globalization;
using System.Text.Json;
using Dealer.Ucan.Filecoin;

namespace Dealer.Ucan.Tests.Filecoin;

public sealed class AggregateVectorTests
{
    private static IEnumerable<string> Accepted() =>
        FilecoinVectors.AggregateVectorNames().Where(n => FilecoinVectors.Load(n).GetProperty("expect").GetString() == "accept");

    [TestCaseSource(nameof(Accepted))]
    public void Valid_vector_computes_the_library_aggregate_and_verifies(string name)
    {
        var vector = FilecoinVectors.Load(name);
        var pieces = FilecoinVectors.Pieces(vector);
        var height = (byte)vector.GetProperty("aggregateHeight").GetInt32();

        var result = Aggregate.Compute(pieces, height);
        var verification = Aggregate.Verify(PieceLink.Parse(vector.GetProperty("offeredAggregate").GetString()!), pieces);

        Assert.Multiple(() =>
        {
            Assert.That(result.ToCid().ToString(), Is.EqualTo(vector.GetProperty("correctAggregate").GetString()));
            Assert.That(Convert.ToHexStringLower(result.Root), Is.EqualTo(vector.GetProperty("aggregateRootHex").GetString()));
            Assert.That(result.Size, Is.EqualTo(ulong.Parse(vector.GetProperty("aggregateSize").GetString()!, CultureInfo.InvariantCulture)));
            Assert.That(verification.Outcome, Is.EqualTo(AggregateVerificationOutcome.Ok));
            Assert.That(verification.ErrorName, Is.Null);
            Assert.That(verification.Computed, Is.EqualTo(verification.Offered));
        });
    }

    [TestCaseSource(nameof(Accepted))]
    public void Valid_vector_layout_matches_the_library_debug_data(string name)
    {
        var vector = FilecoinVectors.Load(name);
        var debug = vector.GetProperty("debug");
        var result = Aggregate.Compute(FilecoinVectors.Pieces(vector), (byte)vector.GetProperty("aggregateHeight").GetInt32());

        Assert.Multiple(() =>
        {
            Assert.That(result.IndexEntryCount, Is.EqualTo(debug.GetProperty("indexEntryCount").GetUInt64()));
            Assert.That(result.IndexStartOffset, Is.EqualTo(Parse(debug.GetProperty("indexStartOffset"))));
            Assert.That(result.DataEndOffset, Is.EqualTo(Parse(debug.GetProperty("dataEndOffset"))));
            var i = 0;
            foreach (var info in debug.GetProperty("pieceInfo").EnumerateArray())
            {
                Assert.That(result.PieceOffsets[i++], Is.EqualTo(Parse(info.GetProperty("byteOffset"))), $"piece {i - 1}");
            }
        });
    }

    [TestCase("09-neg-swapped-order")]
    [TestCase("10-neg-wrong-root")]
    [TestCase("11-neg-wrong-height")]
    public void Negative_vector_is_rejected_as_a_mismatch_with_the_computed_aggregate(string name)
    {
        var vector = FilecoinVectors.Load(name);
        var pieces = FilecoinVectors.Pieces(vector);
        var offered = PieceLink.Parse(vector.GetProperty("offeredAggregate").GetString()!);

        var verification = Aggregate.Verify(offered, pieces);

        Assert.Multiple(() =>
        {
            Assert.That(verification.Outcome, Is.EqualTo(AggregateVerificationOutcome.AggregateMismatch));
            Assert.That(verification.ErrorName, Is.EqualTo("InvalidAggregate"));
            Assert.That(verification.Offered, Is.EqualTo(offered));
            Assert.That(verification.Computed, Is.Not.Null.And.Not.EqualTo(offered));
            Assert.That(verification.Computed!.Height, Is.EqualTo(offered.Height), "the size comes from the offered height");
            Assert.That(verification.Message, Does.Contain(offered.ToString()).And.Contain(verification.Computed.ToString()));
            // At the vector's own size the pieces build the library's aggregate.
            Assert.That(
                Aggregate.Compute(pieces, (byte)vector.GetProperty("aggregateHeight").GetInt32()).ToString(),
                Is.EqualTo(vector.GetProperty("correctAggregate").GetString()));
        });
    }

    [Test]
    public void Wrong_height_vector_keeps_the_right_root_but_is_rejected()
    {
        var vector = FilecoinVectors.Load("11-neg-wrong-height");
        var offered = PieceLink.Parse(vector.GetProperty("offeredAggregate").GetString()!);

        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexStringLower(offered.Root), Is.EqualTo(vector.GetProperty("aggregateRootHex").GetString()));
            Assert.That(offered.Height, Is.EqualTo(31));
            Assert.That(Aggregate.Verify(offered, FilecoinVectors.Pieces(vector)).IsOk, Is.False);
        });
    }

    [Test]
    public void Overflow_vector_is_rejected_as_pieces_overflow_at_the_second_piece()
    {
        var vector = FilecoinVectors.Load("12-neg-overflow");
        var pieces = FilecoinVectors.Pieces(vector);

        var verification = Aggregate.Verify(PieceLink.Parse(vector.GetProperty("offeredAggregate").GetString()!), pieces);

        Assert.Multiple(() =>
        {
            Assert.That(verification.Outcome, Is.EqualTo(AggregateVerificationOutcome.PiecesOverflow));
            Assert.That(verification.ErrorName, Is.EqualTo("PiecesOverflow"));
            Assert.That(verification.PieceIndex, Is.EqualTo(1));
            Assert.That(verification.Computed, Is.Null);
            Assert.That(() => Aggregate.Compute(pieces, 30), Throws.ArgumentException.With.Message.Contains("index"));
        });
    }

    [Test]
    public void Large_vector_of_20000_pieces_verifies_without_per_node_allocations()
    {
        var vector = FilecoinVectors.Load("07-large-20000");
        var pieces = FilecoinVectors.Pieces(vector);
        var offered = PieceLink.Parse(vector.GetProperty("offeredAggregate").GetString()!);
        Aggregate.Verify(offered, pieces); // warm up the pools

        var before = GC.GetAllocatedBytesForCurrentThread();
        var verification = Aggregate.Verify(offered, pieces);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(verification.IsOk, Is.True);
            // Release builds allocate ~200 bytes (the result objects); unoptimized Debug code a few bytes per hash
            // batch. A byte[] per node would be > 5 MB (94,000 nodes), unpooled level buffers > 5 MB.
            Assert.That(allocated, Is.LessThan(pieces.Length * 32), "pooled buffers only, no per-node objects");
        });
    }

    [Test]
    public void Zero_subtree_table_matches_the_library_for_levels_0_to_40()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(FilecoinVectors.Directory, "zero-comms.json")));
        var levels = document.RootElement.GetProperty("levels").EnumerateArray().ToArray();

        Assert.That(levels, Has.Length.EqualTo(41));
        Assert.Multiple(() =>
        {
            foreach (var level in levels)
            {
                var l = level.GetProperty("level").GetInt32();
                Assert.That(Convert.ToHexStringLower(ZeroComm.Level(l)), Is.EqualTo(level.GetProperty("hex").GetString()), $"Z[{l}]");
            }
        });
    }

    private static ulong Parse(JsonElement element) => ulong.Parse(element.GetString()!, CultureInfo.InvariantCulture);
}
