using System.Text.Json;
using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Tests.Conformance;

/// <summary>Reads the protocol vectors copied next to the test assembly (see Conformance/Vectors/PROVENANCE.md).</summary>
internal static class UcanVectors
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Conformance", "Vectors");

    public static byte[] Bytes(string file) => File.ReadAllBytes(Path.Combine(Directory, file));

    public static JsonElement Json(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, file)));
        return document.RootElement.Clone();
    }

    public static byte[] Hex(JsonElement element) => Convert.FromHexString(element.GetString()!);

    /// <summary>The nb.pieces block of vectors b/c/d (pieces.json).</summary>
    public static Block PiecesBlock()
    {
        var pieces = Json("pieces.json").GetProperty("piecesBlock");
        var block = Block.Create(Cid.Parse(pieces.GetProperty("cid").GetString()!), Hex(pieces.GetProperty("bytesHex")));
        Assert.That(block.Verify(), Is.True, "pieces block hashes to its CID");
        return block;
    }
}
