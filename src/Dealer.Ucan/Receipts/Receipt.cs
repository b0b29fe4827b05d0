using System.Diagnostics.CodeAnalysis;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Results;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Receipts;

/// <summary>
/// A view of an invocation receipt (ucanto <c>receipt.js</c>):
/// <c>{ocm: {ran, out, fx: {fork, join?}, meta, iss?, prf}, sig}</c>, where <c>sig</c> is a varsig over
/// DAG-CBOR(<c>ocm</c>) and <c>iss</c> is a DID string.
/// </summary>
public sealed partial class Receipt
{
    private readonly IBlockSource _store;
    private readonly IReadOnlyDictionary<string, object?> _outcome;

    private Receipt(Block root, IBlockSource store, IReadOnlyDictionary<string, object?> outcome, Signature signature, Delegation? ran)
    {
        Root = root;
        _store = store;
        _outcome = outcome;
        Signature = signature;

        Ran = IpldReader.Link(IpldReader.Required(outcome, "ran", "receipt outcome"), "receipt 'ocm.ran'");
        Out = Result.FromIpld(IpldReader.Required(outcome, "out", "receipt outcome"));

        var fx = IpldReader.Map(IpldReader.Required(outcome, "fx", "receipt outcome"), "receipt 'ocm.fx'");
        var fork = IpldReader.List(IpldReader.Required(fx, "fork", "receipt effects"), "receipt 'ocm.fx.fork'");
        Fork = fork.Count == 0 ? [] : fork.Select((f, i) => f as Cid ?? IpldReader.Link(f, $"receipt 'ocm.fx.fork[{i}]'")).ToArray();
        Join = fx.TryGetValue("join", out var join) ? IpldReader.Link(join, "receipt 'ocm.fx.join'") : null;

        Meta = IpldReader.Map(IpldReader.Required(outcome, "meta", "receipt outcome"), "receipt 'ocm.meta'");

        if (outcome.TryGetValue("iss", out var iss))
        {
            var did = IpldReader.String(iss, "receipt 'ocm.iss'");
            Issuer = did.StartsWith("did:", StringComparison.Ordinal) && did.Length > 4
                ? did
                : throw new FormatException($"Receipt issuer 'ocm.iss' is not a DID: \"{did}\".");
        }

        var prf = IpldReader.List(IpldReader.Required(outcome, "prf", "receipt outcome"), "receipt 'ocm.prf'");
        if (prf.Count > UcanModel.MaxProofs)
        {
            throw new FormatException($"Receipt has {prf.Count} proofs, more than the limit of {UcanModel.MaxProofs}.");
        }

        Proofs = prf.Count == 0 ? [] : prf.Select((p, i) => p as Cid ?? IpldReader.Link(p, $"receipt 'ocm.prf[{i}]'")).ToArray();

        if (store.TryGet(Ran, out var ranBlock) && ranBlock.Cid.Codec == Multicodec.DagCbor)
        {
            RanInvocation = Delegation.View(ranBlock, store, ran);
        }
    }

    /// <summary>The receipt block's CID.</summary>
    public Cid Cid => Root.Cid;

    /// <summary>The receipt block.</summary>
    public Block Root { get; }

    /// <summary><c>ocm.ran</c>: the invocation this receipt answers.</summary>
    public Cid Ran { get; }

    /// <summary>The invocation, when its block is available.</summary>
    public Delegation? RanInvocation { get; }

    /// <summary><c>ocm.out</c>.</summary>
    public Result Out { get; }

    /// <summary><c>ocm.fx.fork</c>.</summary>
    public IReadOnlyList<Cid> Fork { get; }

    /// <summary><c>ocm.fx.join</c>, if any.</summary>
    public Cid? Join { get; }

    /// <summary><c>ocm.meta</c>.</summary>
    public IReadOnlyDictionary<string, object?> Meta { get; }

    /// <summary><c>ocm.iss</c>, if present.</summary>
    public string? Issuer { get; }

    /// <summary><c>ocm.prf</c>.</summary>
    public IReadOnlyList<Cid> Proofs { get; }

    /// <summary><c>sig</c>.</summary>
    public Signature Signature { get; }

    /// <summary>The decoded <c>ocm</c> map (the signed payload is its canonical DAG-CBOR encoding).</summary>
    public IReadOnlyDictionary<string, object?> Outcome => _outcome;

    /// <summary>
    /// Whether <c>sig</c> is <paramref name="verifier"/>'s signature over DAG-CBOR(<c>ocm</c>), re-encoded from the
    /// decoded outcome as JavaScript does; when <c>ocm.iss</c> is present it must equal the verifier's DID.
    /// </summary>
    public bool Verify(IVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        if (Issuer is not null && !string.Equals(Issuer, verifier.Did, StringComparison.Ordinal))
        {
            return false;
        }

        return verifier.Verify(DagCbor.Encode(_outcome), Signature);
    }

    /// <summary>
    /// The receipt's blocks in ucanto order: the ran invocation's DAG (if available), the DAGs of <c>fx</c>
    /// invocations and proofs that are available, then the receipt block.
    /// </summary>
    public IEnumerable<Block> IterateBlocks()
    {
        if (RanInvocation is not null)
        {
            foreach (var block in RanInvocation.IterateBlocks())
            {
                yield return block;
            }
        }

        var embedded = Fork.ToList();
        if (Join is not null)
        {
            embedded.Add(Join);
        }

        embedded.AddRange(Proofs);
        foreach (var link in embedded)
        {
            foreach (var block in IterateLinked(link))
            {
                yield return block;
            }
        }

        yield return Root;
    }

    /// <summary>Looks up a block this receipt can see.</summary>
    public bool TryGetBlock(Cid cid, [NotNullWhen(true)] out Block? block) => _store.TryGet(cid, out block);

    /// <summary>Creates a view of the receipt block <paramref name="root"/>, resolving the ran invocation from <paramref name="blocks"/>.</summary>
    /// <exception cref="FormatException">The block is not a valid receipt (or the ran invocation block is invalid).</exception>
    public static Receipt View(Block root, IBlockSource blocks)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(blocks);
        if (root.Cid.Codec != Multicodec.DagCbor)
        {
            throw new FormatException($"Receipt block {root.Cid} is not DAG-CBOR.");
        }

        return View(root, blocks, root.Decode(), null);
    }

    /// <summary>Creates a view of the receipt with CID <paramref name="root"/> found in <paramref name="blocks"/>.</summary>
    /// <exception cref="FormatException">The block is missing or invalid.</exception>
    public static Receipt View(Cid root, IBlockSource blocks)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(blocks);
        return blocks.TryGet(root, out var block)
            ? View(block, blocks)
            : throw new FormatException($"Receipt block {root} is missing.");
    }

    /// <summary>
    /// The one way a view is made, from the receipt block and its decoded value (which <see cref="Issue"/> has without
    /// decoding). <paramref name="ran"/>, when given, is a view of the ran invocation whose decoded UCANs may be reused.
    /// </summary>
    private static Receipt View(Block root, IBlockSource blocks, object? decoded, Delegation? ran)
    {
        var map = IpldReader.Map(decoded, "receipt");
        var outcome = IpldReader.Map(IpldReader.Required(map, "ocm", "receipt"), "receipt 'ocm'");
        var sigBytes = IpldReader.Bytes(IpldReader.Required(map, "sig", "receipt"), "receipt 'sig'");
        Signature signature;
        try
        {
            signature = Signature.Decode(sigBytes);
        }
        catch (FormatException e)
        {
            throw new FormatException($"Invalid receipt signature 'sig': {e.Message}", e);
        }

        try
        {
            return new Receipt(root, blocks, outcome, signature, ran);
        }
        catch (FormatException e)
        {
            throw new FormatException($"Invalid receipt {root.Cid}: {e.Message}", e);
        }
    }

    private List<Block> IterateLinked(Cid link)
    {
        if (!_store.TryGet(link, out var block))
        {
            return [];
        }

        if (block.Cid.Codec == Multicodec.DagCbor)
        {
            try
            {
                return Delegation.View(block, _store).IterateBlocks().ToList();
            }
            catch (FormatException)
            {
                // Not a UCAN we can read: carry the block itself, as it is part of what the receipt references.
            }
        }

        return [block];
    }
}
