using System.Text.Json;

namespace Dealer.Ucan.Tests.Ipld;

/// <summary>The JS-generated protocol vectors copied next to the test assembly (see Conformance/PROVENANCE.md).</summary>
internal static class VectorFiles
{
    public static string Directory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Conformance", "Vectors");

    /// <summary>Every CAR vector, by file name (for test case sources, which run before a test context exists).</summary>
    public static IEnumerable<string> CarNames() =>
        System.IO.Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Conformance", "Vectors"), "*.car")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)!;

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    public static JsonElement Json(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, name)));
        return document.RootElement.Clone();
    }
}
