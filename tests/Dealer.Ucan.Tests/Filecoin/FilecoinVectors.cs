using System.Text.Json;
using Dealer.Ucan.Filecoin;

namespace Dealer.Ucan.Tests.Filecoin;

/// <summary>Loads the copied data-segment vectors (see Vectors/PROVENANCE.md).</summary>
internal static class FilecoinVectors
{
    public static string Directory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Filecoin", "Vectors");

    public static IEnumerable<string> AggregateVectorNames() =>
    [
        "01-small-2-pieces", "02-mixed-sizes", "03-many-100", "04-alignment-gaps", "05-alignment-sorted-desc",
        "06-small-aggregate-1MiB", "07-large-20000", "08-16GiB-big-pieces", "09-neg-swapped-order",
        "10-neg-wrong-root", "11-neg-wrong-height", "12-neg-overflow",
    ];

    public static JsonElement Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name + ".json")));
        return document.RootElement.Clone();
    }

    public static PieceLink[] Pieces(JsonElement vector) =>
        [.. vector.GetProperty("pieces").EnumerateArray().Select(p => PieceLink.Parse(p.GetString()!))];
}
