using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Dealer.Ucan.Ipld.Codecs;

/// <summary>
/// The DAG-JSON encoder used for the UCAN signing input, byte-compatible with <c>@ipld/dag-json</c>
/// (cborg's JSON encoder): compact output, map keys sorted by UTF-16 code units at every depth, strings escaped
/// exactly like JavaScript's <c>JSON.stringify</c>, links as <c>{"/":"&lt;cid&gt;"}</c> and bytes as
/// <c>{"/":{"bytes":"&lt;standard base64, no padding&gt;"}}</c>.
/// </summary>
/// <remarks>
/// Accepts the plain CLR IPLD data model: null, <see cref="bool"/>, integers (any CLR integer type or
/// <see cref="BigInteger"/>), <see cref="double"/>/<see cref="float"/> (finite only), <see cref="string"/>,
/// <c>byte[]</c>/<see cref="ReadOnlyMemory{T}"/> of bytes, <see cref="Cid"/>, maps with string keys and any other
/// enumerable as a list. Decoding is not needed by the protocol and is not provided.
/// </remarks>
public static class DagJson
{
    /// <summary>The maximum nesting of lists and maps; deeper values are rejected rather than overflowing the stack.</summary>
    public const int MaxDepth = 128;

    // Builders that grew past this many characters are not kept for the next encoding on the thread.
    private const int MaxCachedCapacity = 16 * 1024;

    // One builder per thread, reused: taken out while in use, so an encoding nested in another gets its own.
    [ThreadStatic]
    private static StringBuilder? _cachedBuilder;

    /// <summary>Encodes <paramref name="value"/> as a DAG-JSON string.</summary>
    /// <exception cref="ArgumentException">The value contains something that is not IPLD data (or a NaN/infinite float,
    /// or duplicate keys after conversion).</exception>
    public static string Encode(object? value)
    {
        var builder = RentBuilder();
        try
        {
            Write(builder, value, 0);
            return builder.ToString();
        }
        finally
        {
            ReturnBuilder(builder);
        }
    }

    /// <summary>An empty builder: the thread's cached one when it is free.</summary>
    internal static StringBuilder RentBuilder()
    {
        var builder = _cachedBuilder ?? new StringBuilder(1024);
        _cachedBuilder = null;
        return builder;
    }

    /// <summary>Gives back a builder from <see cref="RentBuilder"/>; it must not be used afterwards.</summary>
    internal static void ReturnBuilder(StringBuilder builder)
    {
        if (builder.Capacity <= MaxCachedCapacity)
        {
            _cachedBuilder = builder.Clear();
        }
    }

    /// <summary>Appends an integer as JavaScript writes it.</summary>
    internal static void WriteInteger(StringBuilder output, long value)
    {
        Span<char> digits = stackalloc char[20];
        value.TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture);
        output.Append(digits[..written]);
    }

    /// <summary>Encodes <paramref name="value"/> as UTF-8 DAG-JSON bytes (what JavaScript signs).</summary>
    /// <exception cref="ArgumentException">See <see cref="Encode"/>.</exception>
    public static byte[] EncodeUtf8(object? value) => Encoding.UTF8.GetBytes(Encode(value));

    /// <summary>Appends <paramref name="value"/> as DAG-JSON (see <see cref="Encode"/>) found <paramref name="depth"/>
    /// levels down in the value being encoded.</summary>
    internal static void Write(StringBuilder output, object? value, int depth)
    {
        switch (value)
        {
            case null:
                output.Append("null");
                return;
            case bool b:
                output.Append(b ? "true" : "false");
                return;
            case string s:
                WriteString(output, s);
                return;
            case Cid cid:
                // A CID string is base32 or base58 letters and digits: nothing in it needs escaping.
                output.Append("{\"/\":\"");
                cid.AppendTo(output);
                output.Append("\"}");
                return;
            case byte[] bytes:
                WriteBytes(output, bytes);
                return;
            case ReadOnlyMemory<byte> memory:
                WriteBytes(output, memory.Span);
                return;
            case Memory<byte> memory:
                WriteBytes(output, memory.Span);
                return;
            case long l:
                WriteInteger(output, l);
                return;
            case int or short or sbyte or ulong or uint or ushort or byte or BigInteger:
                output.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            case double d:
                WriteFloat(output, d);
                return;
            case float f:
                WriteFloat(output, f);
                return;
        }

        if (depth >= MaxDepth)
        {
            throw new ArgumentException($"Value is nested deeper than {MaxDepth} levels.", nameof(value));
        }

        switch (value)
        {
            case IReadOnlyDictionary<string, object?> map:
                WriteMap(output, map, map.Count, depth);
                return;
            case IDictionary<string, object?> map:
                WriteMap(output, map, map.Count, depth);
                return;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                List<KeyValuePair<string, object?>> copied = [.. pairs];
                WriteMap(output, copied, copied.Count, depth);
                return;
            case IDictionary legacy:
                var entries = new List<KeyValuePair<string, object?>>(legacy.Count);
                foreach (DictionaryEntry entry in legacy)
                {
                    entries.Add(new(entry.Key as string ?? throw new ArgumentException("Map keys must be strings.", nameof(value)), entry.Value));
                }

                WriteMap(output, entries, entries.Count, depth);
                return;
        }

        if (value is IEnumerable list)
        {
            output.Append('[');
            var first = true;
            foreach (var item in list)
            {
                if (!first)
                {
                    output.Append(',');
                }

                first = false;
                Write(output, item, depth + 1);
            }

            output.Append(']');
            return;
        }

        throw new ArgumentException($"Type {value.GetType()} is not part of the IPLD data model.", nameof(value));
    }

    private static void WriteMap(StringBuilder output, IEnumerable<KeyValuePair<string, object?>> map, int count, int depth)
    {
        var rented = ArrayPool<KeyValuePair<string, object?>>.Shared.Rent(count);
        try
        {
            var n = 0;
            foreach (var entry in map)
            {
                if (n == count)
                {
                    throw new ArgumentException("The map changed its count while being encoded.", nameof(map));
                }

                rented[n++] = entry;
            }

            var entries = rented.AsSpan(0, n);

            // JavaScript compares strings by UTF-16 code units, which is exactly string.CompareOrdinal.
            entries.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            output.Append('{');
            for (var i = 0; i < entries.Length; i++)
            {
                if (i > 0)
                {
                    if (string.Equals(entries[i - 1].Key, entries[i].Key, StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"Duplicate map key \"{entries[i].Key}\".", nameof(map));
                    }

                    output.Append(',');
                }

                WriteString(output, entries[i].Key);
                output.Append(':');
                Write(output, entries[i].Value, depth + 1);
            }

            output.Append('}');
        }
        finally
        {
            ArrayPool<KeyValuePair<string, object?>>.Shared.Return(rented, clearArray: true);
        }
    }

    private static void WriteBytes(StringBuilder output, ReadOnlySpan<byte> bytes)
    {
        output.Append("{\"/\":{\"bytes\":\"");
        output.Append(Convert.ToBase64String(bytes).TrimEnd('='));
        output.Append("\"}}");
    }

    private static void WriteFloat(StringBuilder output, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException("DAG-JSON cannot represent NaN or infinite numbers.", nameof(value));
        }

        // cborg writes String(number) and appends ".0" when the text has neither a decimal point nor an exponent.
        var text = FormatJsNumber(value);
        output.Append(text);
        if (text.IndexOfAny(['.', 'e']) < 0)
        {
            output.Append(".0");
        }
    }

    /// <summary>ECMAScript Number::toString(10) for a finite double.</summary>
    private static string FormatJsNumber(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        // "E16" is not shortest; "R" is, so split its digits and exponent and lay them out the JavaScript way.
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = roundTrip.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponentAt < 0 ? roundTrip : roundTrip[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(roundTrip[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var n = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        n -= leadingZeros;
        var k = digits.Length;
        var sign = value < 0 ? "-" : string.Empty;
        string body;
        if (k <= n && n <= 21)
        {
            body = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            body = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            body = "0." + new string('0', -n) + digits;
        }
        else
        {
            var e = n - 1;
            var exponentText = (e >= 0 ? "+" : "-") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
            body = (k == 1 ? digits : digits[..1] + "." + digits[1..]) + "e" + exponentText;
        }

        return sign + body;
    }

    /// <summary>Writes <paramref name="value"/> quoted and escaped exactly as JavaScript <c>JSON.stringify</c> does
    /// (ES2019 well-formed: lone surrogates become <c>\udxxx</c>).</summary>
    internal static void WriteString(StringBuilder output, string value)
    {
        output.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    output.Append("\\\"");
                    continue;
                case '\\':
                    output.Append("\\\\");
                    continue;
                case '\b':
                    output.Append("\\b");
                    continue;
                case '\f':
                    output.Append("\\f");
                    continue;
                case '\n':
                    output.Append("\\n");
                    continue;
                case '\r':
                    output.Append("\\r");
                    continue;
                case '\t':
                    output.Append("\\t");
                    continue;
            }

            if (c < 0x20)
            {
                AppendUnicodeEscape(output, c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                output.Append(c).Append(value[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                AppendUnicodeEscape(output, c);
            }
            else
            {
                output.Append(c);
            }
        }

        output.Append('"');
    }

    private static void AppendUnicodeEscape(StringBuilder output, char c) =>
        output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
}
