using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Capabilities;

/// <summary>The caveats of <c>deal/info</c>: <c>{piece}</c>, the aggregate asked about.</summary>
/// <param name="Piece">The piece (here an aggregate) whose deals are asked for.</param>
public sealed record DealInfoCaveats(Cid Piece)
{
    /// <summary>The <c>nb.piece</c> key.</summary>
    public const string PieceField = "piece";

    /// <summary>The IPLD map.</summary>
    public IReadOnlyDictionary<string, object?> ToIpld() =>
        new Dictionary<string, object?>(StringComparer.Ordinal) { [PieceField] = Piece };

    /// <summary>The caveats of a map the <c>nb</c> schema accepted.</summary>
    internal static DealInfoCaveats Read(IReadOnlyDictionary<string, object?> nb) => new(CaveatFields.Link(nb, PieceField));
}
