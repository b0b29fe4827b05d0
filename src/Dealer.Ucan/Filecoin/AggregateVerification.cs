namespace Dealer.Ucan.Filecoin;

/// <summary>The result of checking an offered aggregate against its ordered pieces (<see cref="Aggregate.Verify"/>).</summary>
public sealed class AggregateVerification
{
    internal AggregateVerification(
        AggregateVerificationOutcome outcome, PieceLink offered, PieceLink? computed, int? pieceIndex, string message)
    {
        Outcome = outcome;
        Offered = offered;
        Computed = computed;
        PieceIndex = pieceIndex;
        Message = message;
    }

    /// <summary>What the verification found.</summary>
    public AggregateVerificationOutcome Outcome { get; }

    /// <summary>Whether the offered aggregate is exactly the one the pieces build.</summary>
    public bool IsOk => Outcome == AggregateVerificationOutcome.Ok;

    /// <summary>The offered (expected) aggregate.</summary>
    public PieceLink Offered { get; }

    /// <summary>The aggregate the pieces build, when they could be placed (<see cref="AggregateVerificationOutcome.Ok"/>
    /// and <see cref="AggregateVerificationOutcome.AggregateMismatch"/>); otherwise null.</summary>
    public PieceLink? Computed { get; }

    /// <summary>The zero-based position of the offending piece for <see cref="AggregateVerificationOutcome.PiecesOverflow"/>,
    /// <see cref="AggregateVerificationOutcome.TooManyPieces"/> and <see cref="AggregateVerificationOutcome.PieceTooLarge"/>.</summary>
    public int? PieceIndex { get; }

    /// <summary>A human-readable explanation, suitable for the <c>message</c> of an error receipt.</summary>
    public string Message { get; }

    /// <summary>The receipt error name (<see cref="AggregateErrorNames"/>); null when <see cref="IsOk"/>.</summary>
    public string? ErrorName => Outcome switch
    {
        AggregateVerificationOutcome.Ok => null,
        AggregateVerificationOutcome.AggregateMismatch => AggregateErrorNames.InvalidAggregate,
        AggregateVerificationOutcome.PiecesOverflow => AggregateErrorNames.PiecesOverflow,
        AggregateVerificationOutcome.TooManyPieces => AggregateErrorNames.TooManyPieces,
        AggregateVerificationOutcome.PieceTooLarge => AggregateErrorNames.PieceTooLarge,
        AggregateVerificationOutcome.NonZeroPadding => AggregateErrorNames.InvalidAggregatePadding,
        AggregateVerificationOutcome.NoPieces => AggregateErrorNames.NoPieces,
        _ => throw new InvalidOperationException($"Unknown outcome {Outcome}."),
    };

    /// <inheritdoc />
    public override string ToString() => IsOk ? $"Ok: {Offered}" : $"{ErrorName}: {Message}";
}
