using System.Diagnostics.CodeAnalysis;
using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Delegations;

/// <summary>Looks blocks up in a delegation's own attached blocks first, then in the store it was viewed from.</summary>
internal sealed class LayeredBlockSource(BlockSet own, IBlockSource underlying) : IBlockSource
{
    public IBlockSource Underlying => underlying;

    public bool TryGet(Cid cid, [NotNullWhen(true)] out Block? block) => own.TryGet(cid, out block) || underlying.TryGet(cid, out block);
}
