using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Delegations;

public sealed partial class Delegation
{
    /// <summary>Issues and signs a delegation (ucanto <c>delegate</c>). Embedded proofs are linked in <c>prf</c>
    /// (followed by <see cref="DelegationOptions.ProofLinks"/>) and their blocks travel with the result.</summary>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="UcanModel.Issue"/>), or an
    /// attached block is not referenced from the capabilities or facts.</exception>
    public static Delegation Delegate(DelegationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = new BlockSet();
        var links = new List<Cid>();
        foreach (var proof in options.Proofs ?? [])
        {
            ArgumentNullException.ThrowIfNull(proof, nameof(options));
            links.Add(proof.Cid);
            foreach (var block in proof.IterateBlocks())
            {
                store.Add(block);
            }
        }

        links.AddRange(options.ProofLinks ?? []);
        var model = UcanModel.Issue(
            options.Issuer,
            options.Audience,
            options.Capabilities,
            options.Expiration,
            options.NotBefore,
            options.Nonce,
            options.Facts,
            links);
        // Encoded once; the view reads the decoded form the encoder builds on the way instead of parsing the bytes,
        // and the proofs' models are reused rather than decoded again from their blocks.
        var bytes = DagCbor.EncodeAndDecode(model.ToIpld(), out var decoded);
        var root = Block.Create(Cid.Hash(Multicodec.DagCbor, bytes), bytes);
        var delegation = ViewCore(
            root, store, new BlockSet(), 0, [], (decoded, model), options.Proofs is { Count: > 0 } proofs ? KnownViews(proofs) : null);
        foreach (var block in options.AttachedBlocks ?? [])
        {
            delegation = delegation.Attach(block);
        }

        return delegation;
    }

    /// <summary>A view that also carries <paramref name="block"/> (for example the <c>nb.pieces</c> block) in its
    /// DAG; the CID does not change.</summary>
    /// <exception cref="ArgumentException">The block's CID is not referenced from the capabilities or facts (ucanto
    /// refuses the same).</exception>
    public Delegation Attach(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (!AttachedLinks.Contains(block.Cid))
        {
            throw new ArgumentException($"Block {block.Cid} is not linked from the capabilities or facts of {Cid}.", nameof(block));
        }

        var attached = new BlockSet();
        foreach (var existing in _attached)
        {
            attached.Add(existing);
        }

        attached.Add(block);
        var underlying = _store is LayeredBlockSource layered ? layered.Underlying : _store;
        return new Delegation(Root, Model, new LayeredBlockSource(attached, underlying), attached, Proofs, UnsupportedProofs);
    }
}
