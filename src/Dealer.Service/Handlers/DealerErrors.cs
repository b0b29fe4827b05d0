namespace Dealer.Service.Handlers;

/// <summary>
/// The <c>name</c>s of the dealer's error receipts. The first four are the reference names of
/// @web3-storage/filecoin-api; the others are ours (see specs/dealer.md).
/// </summary>
internal static class DealerErrors
{
    /// <summary><c>with</c> is not this dealer's DID.</summary>
    public const string UnsupportedCapability = "UnsupportedCapability";

    /// <summary>The <c>nb.pieces</c> block is not in the request, or is not DAG-CBOR.</summary>
    public const string DecodeBlockOperationFailed = "DecodeBlockOperationFailed";

    /// <summary>The offer-store (or another store) could not be read or written.</summary>
    public const string StoreOperationFailed = "StoreOperationFailed";

    /// <summary>The dealer-queue refused the offer.</summary>
    public const string QueueOperationFailed = "QueueOperationFailed";

    /// <summary>The pieces block is not a non-empty list of v2 piece links whose sizes fit the aggregate.</summary>
    public const string InvalidPieces = "InvalidPieces";

    /// <summary>The aggregate was already offered with other pieces than this invocation's.</summary>
    public const string AggregateConflict = "AggregateConflict";

    /// <summary>The aggregate's size is outside the configured limits.</summary>
    public const string AggregateSizeOutOfRange = "AggregateSizeOutOfRange";

    /// <summary><c>deal/add</c>: the broker refused the aggregate.</summary>
    public const string DealRejected = "DealRejected";

    /// <summary><c>deal/add</c>: the broker has not decided yet.</summary>
    public const string DealPending = "DealPending";

    /// <summary><c>deal/add</c> invoked by anyone but the dealer itself.</summary>
    public const string Unauthorized = "Unauthorized";

    /// <summary><c>deal/info</c>: the aggregate was never offered to this dealer (the @storacha/capabilities name).</summary>
    public const string DealNotFound = "DealNotFound";

    /// <summary>
    /// <c>aggregate/accept</c>: the broker refused the aggregate (the @storacha/capabilities name; <c>aggregate</c> and a
    /// <c>cause</c> list of <c>InvalidPieceCID</c> ride along).
    /// </summary>
    public const string InvalidPiece = "InvalidPiece";

    /// <summary>One piece named in the <c>cause</c> of an <see cref="InvalidPiece"/>.</summary>
    public const string InvalidPieceCid = "InvalidPieceCID";
}
