using System.Globalization;
using System.Numerics;
using System.Text;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Validation;

/// <summary>
/// Renders values the way the ucanto validator's messages do (JavaScript <c>JSON.stringify</c>, template literals,
/// <c>Date.prototype.toString</c> in UTC), so our failure messages read like the reference ones.
/// </summary>
internal static class JsText
{
    /// <summary>ucanto <c>indent</c>: prefixes every line.</summary>
    public static string Indent(string message, string indent = "  ") =>
        indent + message.Replace("\n", "\n" + indent, StringComparison.Ordinal);

    /// <summary>ucanto <c>li</c>: a nested bullet.</summary>
    public static string Li(string message) => Indent("- " + message);

    /// <summary>
    /// <c>JSON.stringify</c> of an IPLD value: links as <c>{"/":"cid"}</c> (CID <c>toJSON</c>), bytes in the DAG-JSON
    /// form. Map keys keep their order unless <paramref name="dagCborOrder"/> asks for the order a decoded block has.
    /// </summary>
    public static string Stringify(object? value, bool dagCborOrder = false)
    {
        var builder = new StringBuilder();
        Write(builder, value, dagCborOrder, 0);
        return builder.ToString();
    }

    /// <summary>The value as a JavaScript template literal would interpolate it (<c>`${value}`</c>).</summary>
    public static string Interpolate(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        Cid cid => cid.ToString(),
        long or int or BigInteger => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        double d => Number(d),
        byte[] bytes => string.Join(',', bytes),
        ReadOnlyMemory<byte> memory => string.Join(',', memory.ToArray()),
        IReadOnlyDictionary<string, object?> => "[object Object]",
        IEnumerable<object?> list => string.Join(',', list.Select(item => item is null ? "" : Interpolate(item))),
        _ => value.ToString() ?? "",
    };

    /// <summary>The ucanto schema <c>toString(value)</c> used in type errors.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        string or bool => Stringify(value),
        long or int or double => Interpolate(value),
        BigInteger big => big.ToString(CultureInfo.InvariantCulture) + "n",
        Cid => "CID",
        byte[] or ReadOnlyMemory<byte> => "Uint8Array",
        IReadOnlyDictionary<string, object?> => "object",
        IEnumerable<object?> => "array",
        _ => "object",
    };

    /// <summary>The value JavaScript's <c>String(undefined)</c> gives, for fields that are absent.</summary>
    public const string Undefined = "undefined";

    /// <summary><c>new Date(seconds * 1000).toString()</c> with the time zone set to UTC.</summary>
    public static string Date(long seconds)
    {
        // JavaScript dates span ±8.64e15 ms; DateTimeOffset covers years 1-9999, enough for any UCAN in practice.
        if (seconds < -62135596800L || seconds > 253402300799L)
        {
            return seconds is < -8_640_000_000_000L or > 8_640_000_000_000L
                ? "Invalid Date"
                : string.Create(CultureInfo.InvariantCulture, $"{seconds} seconds after 1970-01-01T00:00:00Z");
        }

        var date = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return date.ToString("ddd MMM dd yyyy HH:mm:ss", CultureInfo.InvariantCulture)
            + " GMT+0000 (Coordinated Universal Time)";
    }

    private static void Write(StringBuilder builder, object? value, bool dagCborOrder, int depth)
    {
        // Values come from bounded DAG-CBOR decoding; the guard only keeps a hostile in-memory value from recursing forever.
        if (depth > 128)
        {
            builder.Append("null");
            return;
        }

        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case string s:
                WriteString(builder, s);
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case long or int or short or byte or uint or ulong or BigInteger:
                builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case double d:
                builder.Append(double.IsFinite(d) ? Number(d) : "null");
                break;
            case Cid cid:
                builder.Append("{\"/\":");
                WriteString(builder, cid.ToString());
                builder.Append('}');
                break;
            case byte[] bytes:
                WriteBytes(builder, bytes);
                break;
            case ReadOnlyMemory<byte> memory:
                WriteBytes(builder, memory.ToArray());
                break;
            case IReadOnlyDictionary<string, object?> map:
                builder.Append('{');
                var first = true;
                IEnumerable<KeyValuePair<string, object?>> entries = dagCborOrder ? map.OrderBy(e => e.Key, DagCborKeyComparer.Instance) : map;
                foreach (var (key, item) in entries)
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    WriteString(builder, key);
                    builder.Append(':');
                    Write(builder, item, dagCborOrder, depth + 1);
                }

                builder.Append('}');
                break;
            case IEnumerable<object?> list:
                builder.Append('[');
                var firstItem = true;
                foreach (var item in list)
                {
                    if (!firstItem)
                    {
                        builder.Append(',');
                    }

                    firstItem = false;
                    Write(builder, item, dagCborOrder, depth + 1);
                }

                builder.Append(']');
                break;
            default:
                WriteString(builder, value.ToString() ?? "");
                break;
        }
    }

    private static void WriteBytes(StringBuilder builder, byte[] bytes)
    {
        builder.Append("{\"/\":{\"bytes\":");
        WriteString(builder, Multibase.EncodeRaw(MultibaseEncoding.Base64, bytes));
        builder.Append("}}");
    }

    private static string Number(double d) =>
        d == Math.Floor(d) && Math.Abs(d) < 1e21
            ? d.ToString("0", CultureInfo.InvariantCulture)
            : d.ToString("R", CultureInfo.InvariantCulture);

    // JSON.stringify escaping: only '"', '\' and control characters; everything else is emitted as is.
    private static void WriteString(StringBuilder builder, string s)
    {
        builder.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        // Strings decoded from DAG-CBOR are valid UTF-8, so surrogates always come in pairs.
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>DAG-CBOR map key order: shorter UTF-8 first, then bytewise.</summary>
    private sealed class DagCborKeyComparer : IComparer<string>
    {
        public static readonly DagCborKeyComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = Encoding.UTF8.GetBytes(x ?? "");
            var b = Encoding.UTF8.GetBytes(y ?? "");
            return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.AsSpan().SequenceCompareTo(b);
        }
    }
}
