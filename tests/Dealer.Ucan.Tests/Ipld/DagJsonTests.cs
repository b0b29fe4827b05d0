using System.Numerics;
using System.Text;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;

namespace Dealer.Ucan.Tests.Ipld;

public sealed class DagJsonTests
{
    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(static e => e.Key, static e => e.Value, StringComparer.Ordinal);

    [Test]
    public void Control_characters_use_the_short_escapes_or_lowercase_u00xx()
    {
        var json = DagJson.Encode("\u0000\u0001\b\t\n\u000b\f\r\u001a\u001f");
        Assert.That(json, Is.EqualTo("\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001a\\u001f\""));
    }

    [Test]
    public void Quotes_and_backslashes_are_escaped_but_slash_and_html_characters_are_not()
    {
        Assert.That(DagJson.Encode("a\"b\\c/d<e>f&g+h'i"), Is.EqualTo("\"a\\\"b\\\\c/d<e>f&g+h'i\""));
    }

    [Test]
    public void Non_ascii_text_and_delete_are_written_raw()
    {
        Assert.That(DagJson.Encode("é\u007f\u2028中"), Is.EqualTo("\"é\u007f\u2028中\""));
        Assert.That(DagJson.EncodeUtf8("é"), Is.EqualTo(new byte[] { 0x22, 0xc3, 0xa9, 0x22 }));
    }

    [Test]
    public void Surrogate_pairs_are_raw_and_lone_surrogates_are_escaped_like_well_formed_json_stringify()
    {
        Assert.That(DagJson.Encode("\U0001F600"), Is.EqualTo("\"\U0001F600\""));
        Assert.That(DagJson.Encode("a\ud800b\udc00"), Is.EqualTo("\"a\\ud800b\\udc00\""));
    }

    [Test]
    public void Map_keys_are_sorted_with_prefixes_first()
    {
        var json = DagJson.Encode(Map(("b", 1L), ("aa", 2L), ("a", 3L)));
        Assert.That(json, Is.EqualTo("{\"a\":3,\"aa\":2,\"b\":1}"));
    }

    [Test]
    public void Map_keys_are_sorted_by_utf16_code_units_not_utf8_bytes()
    {
        // UTF-16: U+1F600 is D83D DE00, which sorts before E000; in UTF-8 (F0… vs EE…) it would sort after.
        var json = DagJson.Encode(Map(("\uE000", 1L), ("\U0001F600", 2L)));
        Assert.That(json, Is.EqualTo("{\"\U0001F600\":2,\"\uE000\":1}"));
    }

    [Test]
    public void Nested_maps_are_sorted_at_every_depth()
    {
        var json = DagJson.Encode(Map(("z", Map(("y", true), ("x", false))), ("m", new List<object?> { Map(("b", null), ("a", "s")) })));
        Assert.That(json, Is.EqualTo("{\"m\":[{\"a\":\"s\",\"b\":null}],\"z\":{\"x\":false,\"y\":true}}"));
    }

    [Test]
    public void The_ucan_header_comes_out_in_key_order()
    {
        var json = DagJson.Encode(Map(("alg", "EdDSA"), ("ucv", "0.9.1"), ("typ", "JWT")));
        Assert.That(json, Is.EqualTo("{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"ucv\":\"0.9.1\"}"));
    }

    [Test]
    public void Links_are_slash_maps_with_the_cid_string()
    {
        var cid = Cid.Parse("bafyreidiynloemtog62wd4rnm7bqyedgqhhw45ppyjwt6unav4fzanpwjm");
        Assert.That(DagJson.Encode(new List<object?> { cid }), Is.EqualTo("[{\"/\":\"bafyreidiynloemtog62wd4rnm7bqyedgqhhw45ppyjwt6unav4fzanpwjm\"}]"));
    }

    [Test]
    public void Bytes_are_standard_base64_without_padding()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DagJson.Encode(new byte[] { 0xfb, 0xff }), Is.EqualTo("{\"/\":{\"bytes\":\"+/8\"}}"));
            Assert.That(DagJson.Encode(new ReadOnlyMemory<byte>([1, 2, 3])), Is.EqualTo("{\"/\":{\"bytes\":\"AQID\"}}"));
            Assert.That(DagJson.Encode(Array.Empty<byte>()), Is.EqualTo("{\"/\":{\"bytes\":\"\"}}"));
        });
    }

    [Test]
    public void Integers_of_every_clr_type_are_plain_decimal()
    {
        var values = new List<object?> { 0, -1L, long.MaxValue, long.MinValue, ulong.MaxValue, (byte)7, BigInteger.Pow(2, 64) - 1, 4102444800L };
        Assert.That(
            DagJson.Encode(values),
            Is.EqualTo("[0,-1,9223372036854775807,-9223372036854775808,18446744073709551615,7,18446744073709551615,4102444800]"));
    }

    [Test]
    public void Floats_are_formatted_like_javascript_numbers_and_keep_a_decimal_point()
    {
        var values = new List<object?> { 1.5, 1.0, -0.25, 1e21, 1e-7, 0.000001, 1.2345678901234568e20, 100.0 };
        Assert.That(DagJson.Encode(values), Is.EqualTo("[1.5,1.0,-0.25,1e+21,1e-7,0.000001,123456789012345680000.0,100.0]"));
    }

    [Test]
    public void Scalars_null_and_booleans()
    {
        Assert.That(DagJson.Encode(new List<object?> { null, true, false, "" }), Is.EqualTo("[null,true,false,\"\"]"));
    }

    [Test]
    public void Values_outside_the_data_model_are_rejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => DagJson.Encode(double.NaN), Throws.ArgumentException);
            Assert.That(() => DagJson.Encode(double.PositiveInfinity), Throws.ArgumentException);
            Assert.That(() => DagJson.Encode(new object()), Throws.ArgumentException);
            Assert.That(() => DagJson.Encode(DateTime.UnixEpoch), Throws.ArgumentException);
        });
    }

    [Test]
    public void Utf8_output_matches_the_string_output()
    {
        var value = Map(("k", "ü\U0001F600"));
        Assert.That(DagJson.EncodeUtf8(value), Is.EqualTo(Encoding.UTF8.GetBytes(DagJson.Encode(value))));
    }
}
