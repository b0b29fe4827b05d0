using System.Security.Cryptography;
using Dealer.Service.Tests.Support;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Filecoin;
using Dealer.Ucan.Ipld;

namespace Dealer.Service.Tests.Aws;

/// <summary>
/// A deal/offer for an aggregate no other test uses: two random pieces of 8 KiB and the real data-segment aggregate of
/// height 11 (64 KiB) they build, so the dealer's aggregate verification stays on.
/// </summary>
internal sealed record DistinctOffer(string Aggregate, IReadOnlyList<Cid> Pieces, Delegation Invocation)
{
    public static DistinctOffer Create()
    {
        var pieces = new[] { RandomPiece(), RandomPiece() }.Select(piece => piece.ToCid()).ToList();
        var aggregate = Dealer.Ucan.Filecoin.Aggregate.Compute(pieces.Select(PieceLink.FromCid).ToArray(), 11).Link.ToCid();
        return new DistinctOffer(aggregate.ToString(), pieces, Invoke(aggregate, pieces, Guid.NewGuid().ToString("N")));
    }

    /// <summary>Another invocation (another nonce, so another CID) offering the same aggregate.</summary>
    public Delegation Again(string nonce) => Invoke(Cid.Parse(Aggregate), Pieces, nonce);

    private static Delegation Invoke(Cid aggregate, IReadOnlyList<Cid> pieces, string nonce) =>
        Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: nonce, pieces: pieces, aggregate: aggregate);

    private static PieceLink RandomPiece()
    {
        var root = RandomNumberGenerator.GetBytes(PieceLink.RootLength);
        // Fr32: a node is a field element, so its two top bits are zero.
        root[^1] &= 0x3F;
        return PieceLink.Create(0, 8, root);
    }
}
