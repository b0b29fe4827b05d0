using System.Diagnostics.CodeAnalysis;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Delegations;

/// <summary>
/// A view of a UCAN block together with the blocks it can reach (ucanto <c>Delegation</c>); an invocation is a
/// delegation with one capability.
/// </summary>
/// <remarks>
/// <para>Proofs whose blocks are present are viewed eagerly and recursively when the view is created, so a
/// malformed embedded proof is a <see cref="FormatException"/> up front. Limits: at most
/// <see cref="UcanModel.MaxProofs"/> proof links per UCAN and <see cref="MaxProofDepth"/> levels of embedded proofs.
/// Proof blocks that are not DAG-CBOR (a JWT-form UCAN under the raw codec) are not decoded; they are listed in
/// <see cref="UnsupportedProofs"/> so a validator can reject them as unverifiable.</para>
/// <para>Block order of <see cref="IterateBlocks"/> is ucanto's <c>exportDAG</c>: embedded proofs depth first, then
/// attached blocks, then the root.</para>
/// </remarks>
public sealed partial class Delegation
{
    /// <summary>The deepest chain of embedded proofs that is viewed; deeper input is rejected as malformed.</summary>
    public const int MaxProofDepth = 32;

    private readonly IBlockSource _store;
    private readonly BlockSet _attached;
    private readonly Dictionary<Cid, Delegation>? _proofsByCid;
    private IReadOnlyList<Cid>? _attachedLinks;

    private Delegation(Block root, UcanModel model, IBlockSource store, BlockSet attached, IReadOnlyList<Delegation> proofs, IReadOnlyList<Cid> unsupported)
    {
        Root = root;
        Model = model;
        _store = store;
        _attached = attached;
        Proofs = proofs;
        UnsupportedProofs = unsupported;
        if (proofs.Count > 0)
        {
            _proofsByCid = new Dictionary<Cid, Delegation>(proofs.Count);
            foreach (var proof in proofs)
            {
                _proofsByCid.TryAdd(proof.Cid, proof);
            }
        }
    }

    /// <summary>The CID of the UCAN block.</summary>
    public Cid Cid => Root.Cid;

    /// <summary>The UCAN block.</summary>
    public Block Root { get; }

    /// <summary>The decoded wire model.</summary>
    public UcanModel Model { get; }

    /// <summary>The issuer DID.</summary>
    public string Issuer => Model.Issuer;

    /// <summary>The audience DID.</summary>
    public string Audience => Model.Audience;

    /// <summary>The capabilities.</summary>
    public IReadOnlyList<Capability> Capabilities => Model.Capabilities;

    /// <summary>Expiry in seconds since the epoch; <see langword="null"/> = never.</summary>
    public long? Expiration => Model.Expiration;

    /// <summary>Not-before in seconds since the epoch, if set.</summary>
    public long? NotBefore => Model.NotBefore;

    /// <summary>The nonce, if set.</summary>
    public string? Nonce => Model.Nonce;

    /// <summary>The facts.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Facts => Model.Facts;

    /// <summary>All proof links (<c>prf</c>), embedded or not.</summary>
    public IReadOnlyList<Cid> ProofLinks => Model.Proofs;

    /// <summary>The embedded proofs (those whose UCAN blocks are available), in <c>prf</c> order.</summary>
    public IReadOnlyList<Delegation> Proofs { get; }

    /// <summary>Proof links whose blocks are present but not DAG-CBOR UCANs (e.g. JWT form); never verifiable here.</summary>
    public IReadOnlyList<Cid> UnsupportedProofs { get; }

    /// <summary>The signature.</summary>
    public Signature Signature => Model.Signature;

    /// <summary>
    /// Links found in the capabilities (recursively) and among the top-level values of the facts, de-duplicated,
    /// in the order ucanto collects them; blocks with these CIDs may be attached.
    /// </summary>
    public IReadOnlyList<Cid> AttachedLinks => _attachedLinks ??= CollectAttachedLinks();

    /// <summary>Every block of this delegation's DAG (see <see cref="IterateBlocks"/>), attached ones included.</summary>
    public BlockSet Blocks
    {
        get
        {
            var set = new BlockSet();
            foreach (var block in IterateBlocks())
            {
                set.Add(block);
            }

            return set;
        }
    }

    /// <summary>Whether this UCAN is signed by <paramref name="verifier"/>, which must also be its issuer.</summary>
    public bool VerifySignature(IVerifier verifier) => Model.VerifySignature(verifier);

    /// <summary>Finds an embedded proof by CID.</summary>
    public Delegation? GetProof(Cid cid) => _proofsByCid?.GetValueOrDefault(cid);

    /// <summary>Looks up a block this delegation can see (attached blocks and the store it was viewed from), e.g.
    /// the block behind <c>nb.pieces</c>.</summary>
    public bool TryGetBlock(Cid cid, [NotNullWhen(true)] out Block? block) => _store.TryGet(cid, out block);

    /// <summary>The blocks of the DAG in ucanto order: embedded proofs depth first (each proof's own proofs before
    /// it), then attached blocks that are available, then the root.</summary>
    public IEnumerable<Block> IterateBlocks()
    {
        var visited = new HashSet<Cid>();
        foreach (var link in Model.Proofs)
        {
            foreach (var block in ExportProof(link, visited))
            {
                yield return block;
            }
        }

        foreach (var link in AttachedLinks)
        {
            if (_store.TryGet(link, out var block))
            {
                yield return block;
            }
        }

        yield return Root;
    }

    /// <summary>Creates a view of <paramref name="root"/>, resolving embedded proofs from <paramref name="blocks"/>.</summary>
    /// <exception cref="FormatException">The root or an embedded proof is not a valid DAG-CBOR UCAN, or the limits are exceeded.</exception>
    public static Delegation View(Block root, IBlockSource blocks)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(blocks);
        return ViewCore(root, blocks, new BlockSet(), 0, [], null, null);
    }

    /// <summary>
    /// <see cref="View(Block, IBlockSource)"/> for a DAG of which <paramref name="known"/> (when given) is already a
    /// view, e.g. over other blocks: UCAN blocks of its tree are not decoded again (the same bytes always decode to
    /// the same model); everything else, proofs resolved from <paramref name="blocks"/> and the limits, is as for any view.
    /// </summary>
    internal static Delegation View(Block root, IBlockSource blocks, Delegation? known) =>
        ViewCore(root, blocks, new BlockSet(), 0, [], null, known is null ? null : KnownViews([known]));

    /// <summary>Creates a view of the UCAN with CID <paramref name="root"/> found in <paramref name="blocks"/>.</summary>
    /// <exception cref="FormatException">The block is missing or invalid.</exception>
    public static Delegation View(Cid root, IBlockSource blocks)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(blocks);
        return blocks.TryGet(root, out var block)
            ? View(block, blocks)
            : throw new FormatException($"UCAN block {root} is missing.");
    }

    private IEnumerable<Block> ExportProof(Cid link, HashSet<Cid> visited)
    {
        // Skipping an already exported proof keeps shared sub-DAGs linear; its blocks were all yielded before.
        if (!visited.Add(link) || !_store.TryGet(link, out var block))
        {
            yield break;
        }

        if (_proofsByCid is not null && _proofsByCid.TryGetValue(link, out var proof))
        {
            foreach (var inner in proof.Model.Proofs)
            {
                foreach (var innerBlock in proof.ExportProof(inner, visited))
                {
                    yield return innerBlock;
                }
            }
        }

        yield return block;
    }

    private List<Cid> CollectAttachedLinks()
    {
        var links = new List<Cid>();
        foreach (var capability in Model.Capabilities)
        {
            if (capability.Extensions is null)
            {
                // {can, with, nb?}: the two strings hold no links, so the walk of the whole map is the walk of nb.
                IpldLinks.Collect(capability.Nb, links, 1);
            }
            else
            {
                IpldLinks.Collect(capability.ToIpld(), links);
            }
        }

        foreach (var fact in Model.Facts)
        {
            // ucanto looks only at the top-level values of a fact here.
            foreach (var key in IpldLinks.SortedKeys(fact.Keys))
            {
                if (fact[key] is Cid cid)
                {
                    links.Add(cid);
                }
            }
        }

        if (links.Count < 2)
        {
            return links;
        }

        var seen = new HashSet<Cid>(links.Count);
        var unique = new List<Cid>(links.Count);
        foreach (var link in links)
        {
            if (seen.Add(link))
            {
                unique.Add(link);
            }
        }

        return unique;
    }

    private static Dictionary<Cid, Delegation> KnownViews(IEnumerable<Delegation> delegations)
    {
        var known = new Dictionary<Cid, Delegation>();
        var pending = new Stack<Delegation>(delegations);
        while (pending.TryPop(out var next))
        {
            if (known.TryAdd(next.Cid, next))
            {
                foreach (var proof in next.Proofs)
                {
                    pending.Push(proof);
                }
            }
        }

        return known;
    }

    /// <summary>
    /// The one way a view is made. The model is read from <paramref name="issued"/>'s value, the decoded form of
    /// <paramref name="root"/>, when the caller has it (a UCAN just issued and encoded); otherwise it is taken from the
    /// view in <paramref name="known"/> of a block with the same bytes, or else the block is decoded.
    /// </summary>
    private static Delegation ViewCore(
        Block root,
        IBlockSource store,
        BlockSet attached,
        int depth,
        Dictionary<Cid, Delegation> memo,
        (object? Value, UcanModel Model)? issued,
        Dictionary<Cid, Delegation>? known)
    {
        if (memo.TryGetValue(root.Cid, out var viewed))
        {
            return viewed;
        }

        if (root.Cid.Codec != Multicodec.DagCbor)
        {
            throw new FormatException($"UCAN block {root.Cid} is not DAG-CBOR (codec 0x{root.Cid.Codec:x}); only the IPLD representation is supported.");
        }

        UcanModel model;
        if (known is not null && known.TryGetValue(root.Cid, out var same) && same.Root.Bytes.Span.SequenceEqual(root.Bytes.Span))
        {
            model = same.Model;
        }
        else
        {
            try
            {
                model = issued is { } fresh ? UcanModel.FromIpld(fresh.Value, fresh.Model) : UcanModel.Decode(root.Bytes);
            }
            catch (FormatException e)
            {
                throw new FormatException($"Invalid UCAN {root.Cid}: {e.Message}", e);
            }
        }

        List<Delegation>? proofs = null;
        List<Cid>? unsupported = null;
        foreach (var link in model.Proofs)
        {
            if (!store.TryGet(link, out var block))
            {
                continue;
            }

            if (block.Cid.Codec != Multicodec.DagCbor)
            {
                (unsupported ??= []).Add(link);
                continue;
            }

            if (depth + 1 > MaxProofDepth)
            {
                throw new InputFormatException($"Embedded proofs are nested deeper than {MaxProofDepth} levels.")
                {
                    Limit = new InputLimit(InputLimit.ChainLength, MaxProofDepth),
                };
            }

            (proofs ??= new List<Delegation>(model.Proofs.Count)).Add(ViewCore(block, store, new BlockSet(), depth + 1, memo, null, known));
        }

        var view = new Delegation(root, model, attached.Count == 0 ? store : new LayeredBlockSource(attached, store), attached,
            (IReadOnlyList<Delegation>?)proofs ?? [], (IReadOnlyList<Cid>?)unsupported ?? []);
        memo[root.Cid] = view;
        return view;
    }
}
