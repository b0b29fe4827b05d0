using System.Runtime.InteropServices;
using Dealer.Service.Configuration;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Filecoin;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Results;

namespace Dealer.Service.Handlers;

/// <summary>
/// The checks of every <c>deal/offer</c>, in the order specs/dealer.md lists them: the pieces block is in the request
/// and decodes; it is a non-empty list of v2 piece links; the aggregate is a v2 piece link whose size
/// (<c>32 · 2^height</c>, read from its CID) is within the configured limits; the aggregate is the data-segment (FRC-0058) aggregate of exactly these pieces in this order, or, when that check is
/// turned off, at least the pieces' padded sizes fit the aggregate.
/// </summary>
internal sealed class OfferCheck
{
    private OfferCheck(IReadOnlyList<Cid> pieces, ulong paddedSize, Failure? failure)
    {
        Pieces = pieces;
        PaddedSize = paddedSize;
        Failure = failure;
    }

    /// <summary>The pieces in order (empty when the check failed).</summary>
    public IReadOnlyList<Cid> Pieces { get; }

    /// <summary>The sum of the pieces' padded sizes in bytes (at most the aggregate's size; 0 when the check failed).</summary>
    public ulong PaddedSize { get; }

    /// <summary>Why the offer is refused, or null.</summary>
    public Failure? Failure { get; }

    /// <summary>Runs the checks.</summary>
    public static OfferCheck Run(DealCaveats nb, IBlockSource blocks, DealerOptions options)
    {
        ArgumentNullException.ThrowIfNull(nb);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(options);

        if (!blocks.TryGet(nb.Pieces, out var block))
        {
            return Fail(DealerErrors.DecodeBlockOperationFailed, $"missing offer block in invocation: {nb.Pieces}");
        }

        object? value;
        try
        {
            value = block.Decode();
        }
        catch (FormatException e)
        {
            return Fail(DealerErrors.DecodeBlockOperationFailed, $"offer block {nb.Pieces} does not decode: {e.Message}");
        }

        if (value is not IReadOnlyList<object?> list)
        {
            return Fail(DealerErrors.InvalidPieces, $"offer block {nb.Pieces} must hold a list of piece links");
        }

        if (list.Count == 0)
        {
            return Fail(DealerErrors.InvalidPieces, $"offer block {nb.Pieces} lists no pieces");
        }

        var pieces = new List<PieceLink>(list.Count);
        ulong total = 0;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not Cid cid)
            {
                return Fail(DealerErrors.InvalidPieces, $"element {i} of offer block {nb.Pieces} is not a link");
            }

            PieceLink piece;
            try
            {
                piece = PieceLink.FromCid(cid);
            }
            catch (FormatException e)
            {
                return Fail(DealerErrors.InvalidPieces, $"element {i} of offer block {nb.Pieces}: {e.Message}");
            }

            pieces.Add(piece);
            // Saturating: the checks below refuse any sum beyond the aggregate's size.
            total = ulong.MaxValue - total < piece.PaddedSize ? ulong.MaxValue : total + piece.PaddedSize;
        }

        PieceLink aggregate;
        try
        {
            aggregate = PieceLink.FromCid(nb.Aggregate);
        }
        catch (FormatException e)
        {
            return Fail(DealerErrors.InvalidPieces, $"nb.aggregate: {e.Message}");
        }

        var aggregateSize = aggregate.PaddedSize;
        if (aggregateSize < (ulong)options.MinAggregateSize || aggregateSize > (ulong)options.MaxAggregateSize)
        {
            return Fail(DealerErrors.AggregateSizeOutOfRange,
                $"aggregate {nb.Aggregate} is {aggregateSize} bytes; this dealer accepts {options.MinAggregateSize} to {options.MaxAggregateSize} bytes");
        }

        if (options.VerifyAggregate)
        {
            // FRC-0058 places every piece, so it also names precisely why pieces do not fit (PieceTooLarge,
            // PiecesOverflow, TooManyPieces) where the plain size sum below could only say InvalidPieces.
            var verification = Aggregate.Verify(aggregate, CollectionsMarshal.AsSpan(pieces));
            if (!verification.IsOk)
            {
                return new OfferCheck([], 0, new DealerFailure(verification.ErrorName!, verification.Message));
            }
        }
        else
        {
            ulong sum = 0;
            for (var i = 0; i < pieces.Count; i++)
            {
                // Each size is at most the aggregate's (checked first), so the sum cannot overflow before it exceeds it.
                if (pieces[i].PaddedSize > aggregateSize || (sum += pieces[i].PaddedSize) > aggregateSize)
                {
                    return Fail(DealerErrors.InvalidPieces,
                        $"the pieces up to element {i} of offer block {nb.Pieces} take more than the aggregate's {aggregateSize} bytes");
                }
            }
        }

        // Every element was checked to be a link: the decoded list is the pieces, without a copy.
        return new OfferCheck(new CidList(list), total, null);
    }

    private static OfferCheck Fail(string name, string message) => new([], 0, new DealerFailure(name, message));

    /// <summary>A decoded list whose elements are all <see cref="Cid"/>s, read as such.</summary>
    private sealed class CidList(IReadOnlyList<object?> list) : IReadOnlyList<Cid>
    {
        public int Count => list.Count;

        public Cid this[int index] => (Cid)list[index]!;

        public IEnumerator<Cid> GetEnumerator()
        {
            for (var i = 0; i < list.Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
