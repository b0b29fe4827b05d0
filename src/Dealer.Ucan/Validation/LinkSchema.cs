using System.Globalization;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Validation;

/// <summary>A link with optional restrictions (ucanto <c>Schema.link()</c>); checks run in the reference order.</summary>
internal sealed class LinkSchema(ulong? codec, int? version, ulong? multihashCode, byte[]? digest) : Schema
{
    public static readonly LinkSchema Piece = new(Multicodec.Raw, 1, Multicodec.Fr32Sha256Trunc254PaddedBinaryTree, null);

    private protected override SchemaResult ReadCore(object? input, bool present)
    {
        if (!present || input is null)
        {
            return SchemaResult.Fail($"Expected link but got {(present ? "null" : JsText.Undefined)} instead");
        }

        if (input is not Cid cid)
        {
            return SchemaResult.Fail($"Expected link to be a CID instead of {JsText.Interpolate(input)}");
        }

        if (codec is { } code && cid.Codec != code)
        {
            return SchemaResult.Fail($"Expected link to be CID with 0x{code.ToString("x", CultureInfo.InvariantCulture)} codec");
        }

        if (multihashCode is { } hash && cid.MultihashCode != hash)
        {
            return SchemaResult.Fail(
                $"Expected link to be CID with 0x{hash.ToString("x", CultureInfo.InvariantCulture)} hashing algorithm");
        }

        if (version is { } v && cid.Version != v)
        {
            return SchemaResult.Fail($"Expected link to be CID version {v} instead of {cid.Version}");
        }

        if (digest is not null && !cid.Digest.SequenceEqual(digest))
        {
            return SchemaResult.Fail(
                $"Expected link with \"{Base32(digest)}\" hash digest instead of \"{Base32(cid.Multihash.Digest)}\"");
        }

        return SchemaResult.Ok(cid);
    }
}
