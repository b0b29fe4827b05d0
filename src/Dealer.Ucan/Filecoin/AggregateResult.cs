using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Filecoin;

/// <summary>An aggregate computed by <see cref="Aggregate.Compute"/>, with the layout FRC-0058 gave it.</summary>
public sealed class AggregateResult
{
    private readonly ulong[] _pieceOffsets;

    internal AggregateResult(PieceLink link, ulong indexEntryCount, ulong[] pieceOffsets, ulong dataEndOffset)
    {
        Link = link;
        IndexEntryCount = indexEntryCount;
        _pieceOffsets = pieceOffsets;
        DataEndOffset = dataEndOffset;
    }

    /// <summary>The aggregate as a piece link (padding 0).</summary>
    public PieceLink Link { get; }

    /// <summary>The height of the aggregate tree.</summary>
    public byte Height => Link.Height;

    /// <summary>The 32-byte root of the aggregate tree.</summary>
    public ReadOnlySpan<byte> Root => Link.Root;

    /// <summary>The aggregate (deal) size in padded bytes, <c>32·2^Height</c>.</summary>
    public ulong Size => Link.PaddedSize;

    /// <summary>The number of 64-byte entries of the data segment index.</summary>
    public ulong IndexEntryCount { get; }

    /// <summary>The byte offset of the index, which fills the end of the aggregate.</summary>
    public ulong IndexStartOffset => Size - (IndexEntryCount * Aggregate.IndexEntrySize);

    /// <summary>The byte offset just after the last piece.</summary>
    public ulong DataEndOffset { get; }

    /// <summary>The byte offset of each piece, in the given order.</summary>
    public ReadOnlySpan<ulong> PieceOffsets => _pieceOffsets;

    /// <summary>The aggregate's piece CID v2.</summary>
    public Cid ToCid() => Link.ToCid();

    /// <inheritdoc />
    public override string ToString() => Link.ToString();
}
