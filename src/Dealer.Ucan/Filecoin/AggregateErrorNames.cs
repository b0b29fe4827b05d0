namespace Dealer.Ucan.Filecoin;

/// <summary>
/// The error names a failed <see cref="Aggregate.Verify"/> takes in a receipt (the <c>name</c> of the failure in
/// <c>out.error</c>). See <c>specs/aggregate.md</c>.
/// </summary>
public static class AggregateErrorNames
{
    /// <summary>The recomputed aggregate differs from the offered one (<see cref="AggregateVerificationOutcome.AggregateMismatch"/>).</summary>
    public const string InvalidAggregate = "InvalidAggregate";

    /// <summary>The pieces run into the index area (<see cref="AggregateVerificationOutcome.PiecesOverflow"/>).</summary>
    public const string PiecesOverflow = "PiecesOverflow";

    /// <summary>More pieces than index entries (<see cref="AggregateVerificationOutcome.TooManyPieces"/>).</summary>
    public const string TooManyPieces = "TooManyPieces";

    /// <summary>A piece larger than the aggregate (<see cref="AggregateVerificationOutcome.PieceTooLarge"/>).</summary>
    public const string PieceTooLarge = "PieceTooLarge";

    /// <summary>The offered aggregate has non-zero padding (<see cref="AggregateVerificationOutcome.NonZeroPadding"/>).</summary>
    public const string InvalidAggregatePadding = "InvalidAggregatePadding";

    /// <summary>The piece list is empty (<see cref="AggregateVerificationOutcome.NoPieces"/>).</summary>
    public const string NoPieces = "NoPieces";
}
