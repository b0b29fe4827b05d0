using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Capabilities;

/// <summary>
/// Typed access to the fields of a caveats map that a definition's <c>nb</c> schema has accepted, so that each field
/// already has the type its schema reads (a link schema gives a <see cref="Cid"/>, a text schema a string). A field
/// of another type means a definition whose reader does not match its schema: a bug, reported as such.
/// </summary>
internal static class CaveatFields
{
    public static Cid Link(IReadOnlyDictionary<string, object?> nb, string name) =>
        nb.GetValueOrDefault(name) as Cid ?? throw Mismatch(name, "link");

    public static string Text(IReadOnlyDictionary<string, object?> nb, string name) =>
        nb.GetValueOrDefault(name) as string ?? throw Mismatch(name, "string");

    public static string? OptionalText(IReadOnlyDictionary<string, object?> nb, string name) =>
        nb.TryGetValue(name, out var value) ? value as string ?? throw Mismatch(name, "string") : null;

    private static InvalidOperationException Mismatch(string name, string type) =>
        new($"nb.{name} is not a {type}: the capability's reader does not match its schema.");
}
