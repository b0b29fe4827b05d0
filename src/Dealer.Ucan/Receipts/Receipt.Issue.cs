using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Transport;

namespace Dealer.Ucan.Receipts;

public sealed partial class Receipt
{
    /// <summary>Issues and signs a receipt: <c>sig = issuer.sign(DAG-CBOR(ocm))</c> with
    /// <c>ocm = {ran, out, fx: {fork, join?}, meta, iss: issuer DID, prf}</c>.</summary>
    /// <exception cref="ArgumentException"><see cref="ReceiptOptions.RanInvocation"/> does not have the CID <see cref="ReceiptOptions.Ran"/>.</exception>
    public static Receipt Issue(ReceiptOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Issuer, nameof(options));
        ArgumentNullException.ThrowIfNull(options.Ran, nameof(options));
        ArgumentNullException.ThrowIfNull(options.Out, nameof(options));
        if (options.RanInvocation is { } invocation && invocation.Cid != options.Ran)
        {
            throw new ArgumentException($"The ran invocation {invocation.Cid} does not match ran {options.Ran}.", nameof(options));
        }

        var store = new BlockSet();
        foreach (var block in options.RanInvocation?.IterateBlocks() ?? [])
        {
            store.Add(block);
        }

        var prf = new List<object?>();
        foreach (var proof in options.Proofs ?? [])
        {
            foreach (var block in proof.IterateBlocks())
            {
                store.Add(block);
            }

            prf.Add(proof.Cid);
        }

        var fx = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["fork"] = (options.Fork ?? []).Select(static f => (object?)f).ToList(),
        };
        if (options.Join is not null)
        {
            fx["join"] = options.Join;
        }

        var outcome = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["ran"] = options.Ran,
            ["out"] = options.Out.ToIpld(),
            ["fx"] = fx,
            ["meta"] = options.Meta ?? new Dictionary<string, object?>(StringComparer.Ordinal),
            ["iss"] = options.Issuer.Did,
            ["prf"] = prf,
        };
        // The outcome is encoded once: those bytes are signed and spliced into the receipt block as they are, and the
        // view is made from the decoded form the encoder builds on the way, so nothing just written is parsed again.
        var ocm = DagCbor.EncodeAndDecode(outcome, out var decodedOutcome);
        var sig = options.Issuer.Sign(ocm).Bytes;
        var bytes = DagCbor.EncodeMap([new("ocm", ocm), new("sig", DagCbor.Encode(sig))]);
        var root = Block.Create(Cid.Hash(Multicodec.DagCbor, bytes), bytes);
        store.Add(root);
        var decoded = new Dictionary<string, object?>(2, StringComparer.Ordinal) { ["ocm"] = decodedOutcome, ["sig"] = sig };
        return View(root, store, decoded, options.RanInvocation);
    }

    /// <summary>
    /// Writes the receipt archive — our format for serving a stored receipt (e.g. <c>GET /receipt/{cid}</c>): a CARv1
    /// whose single root is the receipt block, preceded by the ran invocation's DAG and any available effect/proof
    /// DAGs, in <see cref="IterateBlocks"/> order (receipt block last).
    /// </summary>
    public byte[] Archive()
    {
        var blocks = new BlockSet();
        foreach (var block in IterateBlocks())
        {
            blocks.Add(block);
        }

        return Car.Encode([Cid], blocks);
    }

    /// <summary>Reads a receipt archive (see <see cref="Archive"/>).</summary>
    /// <exception cref="FormatException">The bytes are not a CAR or the root is not a valid receipt.</exception>
    public static Receipt Extract(ReadOnlySpan<byte> archive)
    {
        var car = Car.Decode(archive);
        return car.Roots.Count == 0
            ? throw new FormatException("Receipt archive has no root.")
            : View(car.Roots[0], car.Blocks);
    }
}
