using Dealer.Ucan.Results;

namespace Dealer.Testing.Reference;

/// <summary>The filecoin-api failure the reference handlers return when the <c>nb.pieces</c> block is missing.</summary>
internal sealed class DecodeBlockOperationFailed(string message) : Failure(message)
{
    public override string Name => "DecodeBlockOperationFailed";
}
