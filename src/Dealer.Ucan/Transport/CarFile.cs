using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Transport;

/// <summary>A decoded CARv1: its roots and its verified, de-duplicated blocks in file order.</summary>
public sealed class CarFile
{
    /// <summary>Pairs <paramref name="roots"/> with <paramref name="blocks"/>.</summary>
    public CarFile(IReadOnlyList<Cid> roots, BlockSet blocks)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(blocks);
        Roots = roots;
        Blocks = blocks;
    }

    /// <summary>The header roots (never empty for a decoded CAR); ucanto reads the first.</summary>
    public IReadOnlyList<Cid> Roots { get; }

    /// <summary>The blocks in the order they were read, one per CID.</summary>
    public BlockSet Blocks { get; }
}
