using System.Numerics;
using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Tokens;

/// <summary>Typed reads from decoded IPLD values; every mismatch is a <see cref="FormatException"/> naming the field.</summary>
internal static class IpldReader
{
    public static IReadOnlyDictionary<string, object?> Map(object? value, string context) =>
        value as IReadOnlyDictionary<string, object?>
        ?? throw new FormatException($"Expected {context} to be a map, instead got {Describe(value)}.");

    public static IReadOnlyList<object?> List(object? value, string context) =>
        value as IReadOnlyList<object?>
        ?? throw new FormatException($"Expected {context} to be a list, instead got {Describe(value)}.");

    public static string String(object? value, string context) =>
        value as string ?? throw new FormatException($"Expected {context} to be a string, instead got {Describe(value)}.");

    public static byte[] Bytes(object? value, string context) => value switch
    {
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        _ => throw new FormatException($"Expected {context} to be bytes, instead got {Describe(value)}."),
    };

    public static Cid Link(object? value, string context) =>
        value as Cid ?? throw new FormatException($"Expected {context} to be a link, instead got {Describe(value)}.");

    public static long Integer(object? value, string context) => value switch
    {
        long l => l,
        int i => i,
        BigInteger big when big >= long.MinValue && big <= long.MaxValue => (long)big,
        BigInteger => throw new FormatException($"Expected {context} to be a 64-bit integer, instead got {value}."),
        _ => throw new FormatException($"Expected {context} to be an integer, instead got {Describe(value)}."),
    };

    public static object? Get(IReadOnlyDictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var value) ? value : null;

    public static object? Required(IReadOnlyDictionary<string, object?> map, string key, string context) =>
        map.TryGetValue(key, out var value) ? value : throw new FormatException($"Missing {context} field '{key}'.");

    /// <summary>A short, bounded description of an unexpected value for error messages.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => s.Length > 64 ? $"string \"{s[..64]}…\"" : $"string \"{s}\"",
        bool b => b ? "true" : "false",
        long or int or BigInteger => $"integer {value}",
        double => "float",
        byte[] or ReadOnlyMemory<byte> => "bytes",
        Cid cid => $"link {cid}",
        IReadOnlyDictionary<string, object?> => "map",
        IReadOnlyList<object?> => "list",
        _ => value.GetType().Name,
    };
}
