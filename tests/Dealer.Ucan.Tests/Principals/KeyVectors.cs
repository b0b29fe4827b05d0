using System.Text.Json;

namespace Dealer.Ucan.Tests.Principals;

/// <summary>The protocol's key vectors (Conformance/Vectors/keys.json, made with @ucanto/principal 9.0.3).</summary>
internal static class KeyVectors
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Conformance", "Vectors", "keys.json"))));

    public static IEnumerable<string> Roles => ["dealer", "storefront", "agent"];

    public static IEnumerable<string> DidWebRoles => ["dealer", "storefront"];

    public static Key Get(string role)
    {
        var e = Document.Value.RootElement.GetProperty(role);
        return new Key(
            Convert.FromHexString(e.GetProperty("seedHex").GetString()!),
            e.GetProperty("did").GetString()!,
            e.GetProperty("privateKey").GetString()!,
            Convert.FromHexString(e.GetProperty("privateKeyBytesHex").GetString()!),
            Convert.FromHexString(e.GetProperty("publicKeyHex").GetString()!),
            Convert.FromHexString(e.GetProperty("didKeyMulticodecBytesHex").GetString()!));
    }

    public static DidWeb GetDidWeb(string role)
    {
        var e = Document.Value.RootElement.GetProperty("didWeb").GetProperty(role);
        return new DidWeb(
            e.GetProperty("did").GetString()!,
            e.GetProperty("key").GetString()!,
            Convert.FromHexString(e.GetProperty("ucanBytesHex").GetString()!));
    }

    internal sealed record Key(byte[] Seed, string Did, string PrivateKey, byte[] PrivateKeyBytes, byte[] PublicKey, byte[] MulticodecKey);

    internal sealed record DidWeb(string Did, string Key, byte[] UcanBytes);
}
