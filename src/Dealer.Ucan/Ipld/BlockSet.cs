using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Dealer.Ucan.Ipld;

/// <summary>Blocks in insertion order, one per CID: adding a CID again keeps the first block. Not thread-safe.</summary>
public sealed class BlockSet : IBlockSource, IEnumerable<Block>
{
    // What an empty set enumerates; never added to.
    private static readonly List<Block> Empty = [];

    // Made on the first Add: most sets a delegation view makes for its attached blocks stay empty.
    private Dictionary<Cid, Block>? _index;
    private List<Block>? _order;

    /// <summary>An empty set.</summary>
    public BlockSet()
    {
    }

    /// <summary>A set of <paramref name="blocks"/>, de-duplicated in order.</summary>
    public BlockSet(IEnumerable<Block> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        foreach (var block in blocks)
        {
            Add(block);
        }
    }

    /// <summary>The number of distinct blocks.</summary>
    public int Count => _order?.Count ?? 0;

    /// <summary>Adds <paramref name="block"/> unless a block with its CID is present.</summary>
    /// <returns>Whether it was added.</returns>
    public bool Add(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _index ??= [];
        if (!_index.TryAdd(block.Cid, block))
        {
            return false;
        }

        (_order ??= []).Add(block);
        return true;
    }

    /// <summary>Whether a block with <paramref name="cid"/> is present.</summary>
    public bool Contains(Cid cid)
    {
        ArgumentNullException.ThrowIfNull(cid);
        return _index?.ContainsKey(cid) ?? false;
    }

    /// <inheritdoc />
    public bool TryGet(Cid cid, [NotNullWhen(true)] out Block? block)
    {
        ArgumentNullException.ThrowIfNull(cid);
        block = null;
        return _index?.TryGetValue(cid, out block) ?? false;
    }

    /// <summary>The blocks in insertion order.</summary>
    public List<Block>.Enumerator GetEnumerator() => (_order ?? Empty).GetEnumerator();

    IEnumerator<Block> IEnumerable<Block>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
