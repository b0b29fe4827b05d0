using System.Text.Json;
using Dealer.Service.Tests.Support;

namespace Dealer.Service.Tests.Cli;

public sealed class AggregateCommandTests
{
    private static string[] PieceArguments() =>
        Vectors.Pieces().SelectMany(p => new[] { "--piece", p.ToString() }).ToArray();

    [Test]
    public async Task The_vector_pieces_give_the_vector_aggregate_at_64_KiB()
    {
        var result = await DealerCli.RunAsync(["aggregate", .. PieceArguments(), "--size", "65536"]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.That(json.RootElement.GetProperty("aggregate").GetString(), Is.EqualTo(Vectors.Aggregate));
        Assert.That(json.RootElement.GetProperty("size").GetInt64(), Is.EqualTo(65536));
    }

    [Test]
    public async Task The_default_size_is_32_GiB()
    {
        var result = await DealerCli.RunAsync(["aggregate", .. PieceArguments()]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        using var json = JsonDocument.Parse(result.Output);
        // A 32 GiB aggregate is a v2 piece CID of height 30 and padding 0.
        Assert.That(json.RootElement.GetProperty("aggregate").GetString(), Does.StartWith("bafkzcibcaap"));
        Assert.That(json.RootElement.GetProperty("size").GetInt64(), Is.EqualTo(32L << 30));
    }

    [TestCase("1000", Description = "not a power of two")]
    [TestCase("128", Description = "too small for the pieces and the index")]
    public async Task Sizes_that_cannot_hold_the_pieces_are_usage_errors(string size)
    {
        var result = await DealerCli.RunAsync(["aggregate", .. PieceArguments(), "--size", size]);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.StartWith("dealer: "));
    }

    [Test]
    public async Task A_piece_that_is_not_a_v2_piece_cid_is_a_usage_error()
    {
        var result = await DealerCli.RunAsync("aggregate", "--piece", Vectors.Delegation);

        Assert.That(result.ExitCode, Is.EqualTo(2));
    }
}
