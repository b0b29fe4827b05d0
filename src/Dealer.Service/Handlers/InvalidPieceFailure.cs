using Dealer.Ucan.Ipld;
using Dealer.Ucan.Results;

namespace Dealer.Service.Handlers;

/// <summary>
/// <c>InvalidPiece</c>, the failure @storacha/capabilities names for <c>aggregate/accept</c>:
/// <c>{name, message, stack, aggregate, cause: [{name: "InvalidPieceCID", message, stack, piece}]}</c>. The dealer
/// answers it when the broker refused the aggregate; <c>cause</c> lists the pieces blamed (<c>dealer deal resolve
/// --reject --invalid-piece</c>; none when the refusal names no piece).
/// </summary>
internal sealed class InvalidPieceFailure : Failure
{
    /// <summary>Creates the failure for <paramref name="aggregate"/>, blaming <paramref name="pieces"/>.</summary>
    public InvalidPieceFailure(Cid aggregate, string message, IReadOnlyList<Cid>? pieces = null)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        Aggregate = aggregate;
        Pieces = pieces ?? [];
    }

    /// <inheritdoc />
    public override string Name => DealerErrors.InvalidPiece;

    /// <summary>The refused aggregate.</summary>
    public Cid Aggregate { get; }

    /// <summary>The pieces the refusal blames.</summary>
    public IReadOnlyList<Cid> Pieces { get; }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> ToIpld()
    {
        var ipld = CreateIpld();
        ipld["aggregate"] = Aggregate;
        ipld["cause"] = Pieces.Select(piece => (object?)new PieceFailure(piece).ToIpld()).ToList();
        return ipld;
    }

    private sealed class PieceFailure(Cid piece) : Failure($"piece {piece} is not valid in the aggregate")
    {
        public override string Name => DealerErrors.InvalidPieceCid;

        public override IReadOnlyDictionary<string, object?> ToIpld()
        {
            var ipld = CreateIpld();
            ipld["piece"] = piece;
            return ipld;
        }
    }
}
