namespace Dealer.Ucan.Ipld;

/// <summary>
/// A bound on untrusted input that a decoder enforces: its stable <see cref="Name"/> (what a 413 response names) and
/// its <see cref="Maximum"/>. Decoders attach it to the <see cref="InputFormatException"/> they throw when the bound is
/// exceeded, so that a server can tell "too large" (413) from "malformed" (400). specs/ucan.md lists every limit.
/// </summary>
/// <param name="Name">One of the constants of this type.</param>
/// <param name="Maximum">The bound that was exceeded.</param>
public sealed record InputLimit(string Name, long Maximum)
{
    /// <summary>The whole request body, in bytes (the HTTP host's limit).</summary>
    public const string BodySize = "body-size";

    /// <summary>The whole CAR, framing included, in bytes.</summary>
    public const string CarSize = "car-size";

    /// <summary>The CAR header, in bytes.</summary>
    public const string CarHeaderSize = "car-header-size";

    /// <summary>One block (section data after its CID), in bytes.</summary>
    public const string BlockSize = "block-size";

    /// <summary>Sections in one CAR, duplicates included.</summary>
    public const string BlockCount = "block-count";

    /// <summary>DAG-CBOR nesting of lists and maps.</summary>
    public const string Depth = "depth";

    /// <summary>Entries of one DAG-CBOR list or map.</summary>
    public const string CollectionLength = "collection-length";

    /// <summary>One DAG-CBOR text or byte string, in bytes.</summary>
    public const string StringLength = "string-length";

    /// <summary>Data items in one DAG-CBOR block.</summary>
    public const string Items = "items";

    /// <summary>Proof links of one UCAN.</summary>
    public const string Proofs = "proofs";

    /// <summary>Levels of embedded proofs below an invocation (the delegation chain as it is sent).</summary>
    public const string ChainLength = "chain-length";

    /// <summary>Invocations in one agent message.</summary>
    public const string Invocations = "invocations";

    /// <summary>The limit attached to <paramref name="error"/> or to one of its inner exceptions, if any.</summary>
    public static InputLimit? Of(Exception? error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is InputFormatException { Limit: { } limit })
            {
                return limit;
            }
        }

        return null;
    }
}
