using System.Diagnostics.CodeAnalysis;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Validation;

/// <summary>
/// Reads the <c>with</c> and <c>nb</c> parts of a capability, mirroring the @ucanto/core schema readers and their
/// messages (<c>packages/core/src/schema</c>). Schemas are immutable and thread-safe.
/// </summary>
public abstract class Schema
{
    private protected Schema()
    {
    }

    /// <summary>Reads a present value.</summary>
    public SchemaResult Read(object? input) => ReadCore(input, present: true);

    /// <summary>Reads a missing value (JavaScript <c>undefined</c>): only optional schemas accept it.</summary>
    public SchemaResult ReadMissing() => ReadCore(null, present: false);

    /// <summary>This schema, but a missing value is accepted as absent (a present <c>null</c> is still read).</summary>
    public Schema Optional() => this is OptionalSchema ? this : new OptionalSchema(this);

    /// <summary>Any <c>did:</c> string, or only DIDs of <paramref name="method"/> (<c>"key"</c> or <c>"did:key"</c>).</summary>
    public static Schema Did(string? method = null)
    {
        if (method is null)
        {
            return DidSchema.Any;
        }

        var name = method.StartsWith("did:", StringComparison.Ordinal) ? method[4..] : method;
        name = name.TrimEnd(':');
        return name.Length == 0 ? DidSchema.Any : new DidSchema($"did:{name}:");
    }

    /// <summary>Any string.</summary>
    public static Schema Text() => TextSchema.Instance;

    /// <summary>An integer (64-bit or larger).</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Mirrors ucanto's Schema.integer().")]
    public static Schema Integer() => IntegerSchema.Instance;

    /// <summary>A link, optionally restricted to a codec, a CID version and a multihash code.</summary>
    public static Schema Link(ulong? codec = null, int? version = null, ulong? multihashCode = null) =>
        new LinkSchema(codec, version, multihashCode, null);

    /// <summary>A link to exactly the content of <paramref name="cid"/> (same codec, version, hash and digest).</summary>
    public static Schema Link(Cid cid)
    {
        ArgumentNullException.ThrowIfNull(cid);
        return new LinkSchema(cid.Codec, cid.Version, cid.Multihash.Code, cid.Multihash.Digest.ToArray());
    }

    /// <summary>
    /// A v2 piece CID (FRC-0069): raw codec, CIDv1, multihash <c>fr32-sha2-256-trunc254-padded-binary-tree</c>, as w3up's
    /// <c>PieceLink</c>.
    /// </summary>
    public static Schema PieceLink() => LinkSchema.Piece;

    /// <summary>Exactly the string <paramref name="value"/>.</summary>
    public static Schema Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new LiteralSchema(value);
    }

    /// <summary>A value any of <paramref name="variants"/> accepts (the first that does wins).</summary>
    public static Schema Union(params Schema[] variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        return variants.Length == 1 ? variants[0] : new UnionSchema([.. variants]);
    }

    /// <summary>A map with the given fields, read in order (see <see cref="StructSchema"/>).</summary>
    public static StructSchema Struct(params (string Name, Schema Schema)[] fields) => new(fields);

    /// <summary>Reads <paramref name="input"/>; <paramref name="present"/> is false for a missing value.</summary>
    private protected abstract SchemaResult ReadCore(object? input, bool present);

    /// <summary>The ucanto <c>typeError</c> message.</summary>
    private protected static SchemaResult TypeError(string expect, object? input, bool present) =>
        SchemaResult.Fail($"Expected value of type {expect} instead got {(present ? JsText.Describe(input) : JsText.Undefined)}");

    internal static string Base32(ReadOnlySpan<byte> digest) => Multibase.EncodeRaw(MultibaseEncoding.Base32Lower, digest);
}
