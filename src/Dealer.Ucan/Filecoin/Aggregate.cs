namespace Dealer.Ucan.Filecoin;

/// <summary>
/// FRC-0058 "Verifiable Data Aggregation": recomputes an aggregate piece CID from its ordered pieces, as
/// <c>@web3-storage/data-segment</c> <c>Aggregate.build({ pieces, size })</c> builds it, and checks an offered
/// aggregate against it.
/// </summary>
/// <remarks>
/// Spec: https://github.com/filecoin-project/FIPs/blob/master/FRCs/frc-0058.md. The aggregate is a perfect binary
/// Merkle tree (node = trunc254(SHA-256(left ‖ right))) of <c>2^height</c> 32-byte leaves. The pieces are laid out
/// in the given order, each aligned to a multiple of its own size; the data segment index (64-byte entries: root,
/// offset, size, checksum) fills the end. Only the height and root of each piece are used, never its padding.
/// See <c>specs/aggregate.md</c>.
/// </remarks>
public static class Aggregate
{
    /// <summary>The size of one data segment index entry in bytes.</summary>
    public const int IndexEntrySize = 64;

    /// <summary>The smallest aggregate height whose index (4 entries, 8 leaves) fits.</summary>
    public const int MinHeight = 3;

    /// <summary>The largest aggregate height (<see cref="PieceLink.MaxHeight"/>).</summary>
    public const int MaxHeight = PieceLink.MaxHeight;

    /// <summary>
    /// The number of index entries of an aggregate of <paramref name="height"/>:
    /// <c>max(4, 2^ceil(log2(S / 2048 / 64)))</c> with <c>S = 32·2^height</c> (data-segment <c>index.js</c>
    /// <c>maxIndexEntriesInDeal</c>); 262,144 for 32 GiB.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The height is above <see cref="MaxHeight"/>.</exception>
    public static ulong IndexEntryCount(byte height)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, (byte)MaxHeight);

        // S / 2048 / 64 = 2^(height + 5 - 17); log2Ceil of 0 or 1 is 0.
        var exponent = Math.Max(0, height - 12);
        return Math.Max(4UL, 1UL << exponent);
    }

    /// <summary>Computes the aggregate of <paramref name="pieces"/>, in this order, for an aggregate tree of
    /// <paramref name="height"/> (size <c>32·2^height</c> bytes; 30 for 32 GiB).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The height is outside [<see cref="MinHeight"/>,
    /// <see cref="MaxHeight"/>].</exception>
    /// <exception cref="ArgumentException">The pieces do not fit: too many for the index, one larger than the
    /// aggregate, or they run into the index area (the message says which piece).</exception>
    public static AggregateResult Compute(ReadOnlySpan<PieceLink> pieces, byte height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, (byte)MinHeight);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, (byte)MaxHeight);
        foreach (var piece in pieces)
        {
            ArgumentNullException.ThrowIfNull(piece, nameof(pieces));
        }

        var root = new byte[PieceLink.RootLength];
        var offsets = new ulong[pieces.Length];
        var outcome = AggregateTree.Build(pieces, height, root, offsets, out var failed, out var dataEnd);
        if (outcome != AggregateVerificationOutcome.Ok)
        {
            throw new ArgumentException(Describe(outcome, pieces, height, failed), nameof(pieces));
        }

        return new AggregateResult(PieceLink.CreateTrusted(height, root), IndexEntryCount(height), offsets, dataEnd);
    }

    /// <summary>
    /// Checks that <paramref name="offered"/> is exactly the aggregate the ordered <paramref name="pieces"/> build:
    /// same root, same height (so same size) and padding 0. The aggregate size comes from the offered height.
    /// </summary>
    public static AggregateVerification Verify(PieceLink offered, ReadOnlySpan<PieceLink> pieces)
    {
        ArgumentNullException.ThrowIfNull(offered);
        foreach (var piece in pieces)
        {
            ArgumentNullException.ThrowIfNull(piece, nameof(pieces));
        }

        if (pieces.IsEmpty)
        {
            return new AggregateVerification(
                AggregateVerificationOutcome.NoPieces, offered, null, null, "The aggregate lists no pieces.");
        }

        if (offered.Padding != 0)
        {
            return new AggregateVerification(
                AggregateVerificationOutcome.NonZeroPadding,
                offered,
                null,
                null,
                $"An aggregate piece CID has padding 0; {offered} has padding {offered.Padding}.");
        }

        var root = new byte[PieceLink.RootLength];
        var outcome = AggregateTree.Build(pieces, offered.Height, root, [], out var failed, out _);
        if (outcome != AggregateVerificationOutcome.Ok)
        {
            return new AggregateVerification(outcome, offered, null, failed, Describe(outcome, pieces, offered.Height, failed));
        }

        var computed = PieceLink.CreateTrusted(offered.Height, root);
        return computed.Root.SequenceEqual(offered.Root)
            ? new AggregateVerification(AggregateVerificationOutcome.Ok, offered, computed, null, "The pieces build the offered aggregate.")
            : new AggregateVerification(
                AggregateVerificationOutcome.AggregateMismatch,
                offered,
                computed,
                null,
                $"The pieces build {computed}, not the offered {offered}.");
    }

    private static string Describe(AggregateVerificationOutcome outcome, ReadOnlySpan<PieceLink> pieces, int height, int failed)
    {
        var size = 32UL << height;
        return outcome switch
        {
            AggregateVerificationOutcome.TooManyPieces =>
                $"Too many pieces for a {size}-byte aggregate: {pieces.Length} > {Math.Min(IndexEntryCount((byte)height), AggregateTree.MaxPieces)} index entries.",
            AggregateVerificationOutcome.PieceTooLarge =>
                $"Piece {failed} ({pieces[failed]}) of height {pieces[failed].Height} is larger than the aggregate of height {height}.",
            AggregateVerificationOutcome.PiecesOverflow =>
                $"Piece {failed} ({pieces[failed]}) runs into the {IndexEntryCount((byte)height) * IndexEntrySize}-byte index at the end of the {size}-byte aggregate.",
            _ => outcome.ToString(),
        };
    }
}
