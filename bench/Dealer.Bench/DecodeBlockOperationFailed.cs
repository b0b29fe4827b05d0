using Dealer.Ucan.Results;

namespace Dealer.Bench;

/// <summary>The filecoin-api failure the reference handler returns when the <c>nb.pieces</c> block is missing.</summary>
internal sealed class DecodeBlockOperationFailed(string message) : Failure(message)
{
    public override string Name => "DecodeBlockOperationFailed";
}
