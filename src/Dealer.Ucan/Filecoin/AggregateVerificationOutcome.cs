namespace Dealer.Ucan.Filecoin;

/// <summary>The outcome of <see cref="Aggregate.Verify"/>.</summary>
public enum AggregateVerificationOutcome
{
    /// <summary>The ordered pieces build exactly the offered aggregate.</summary>
    Ok = 0,

    /// <summary>The recomputed aggregate CID differs from the offered one (root or height).</summary>
    AggregateMismatch,

    /// <summary>Placing the pieces in order runs into the index area at the end of the aggregate.</summary>
    PiecesOverflow,

    /// <summary>There are more pieces than the aggregate's index has entries.</summary>
    TooManyPieces,

    /// <summary>A piece is taller (larger) than the aggregate.</summary>
    PieceTooLarge,

    /// <summary>The offered aggregate CID has a non-zero padding; aggregates always have padding 0.</summary>
    NonZeroPadding,

    /// <summary>The piece list is empty.</summary>
    NoPieces,
}
