using System.Diagnostics.CodeAnalysis;

namespace Dealer.Ucan.Ipld;

/// <summary>Somewhere blocks can be looked up by CID (a CAR's blocks, a delegation's attached blocks).</summary>
public interface IBlockSource
{
    /// <summary>Finds the block with <paramref name="cid"/>.</summary>
    bool TryGet(Cid cid, [NotNullWhen(true)] out Block? block);
}
