using System.Buffers.Binary;
using System.Security.Cryptography;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Client;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Filecoin;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Tokens;

namespace Dealer.Load;

/// <summary>One pre-built request: the agent message CAR and the CID of the invocation it carries.</summary>
/// <param name="Body">The request body (a CARv1 agent message with one <c>deal/offer</c> invocation).</param>
/// <param name="Invocation">The invocation's CID, what the receipt's <c>ran</c> must be.</param>
internal sealed record OfferBody(byte[] Body, Cid Invocation);

/// <summary>
/// Makes distinct, valid <c>deal/offer</c> requests with the project's own library, as a storefront would send them:
/// a fresh storefront key holding a <c>deal/offer</c> delegation from the dealer's key, and for each request random
/// pieces, their real FRC-0058 aggregate (32 GiB), the pieces block attached, its own nonce, signed by the storefront.
/// Bodies are saved and loaded in a simple length-prefixed file so that several servers get the very same bytes.
/// </summary>
internal static class OfferBodies
{
    /// <summary>The height of every generated aggregate: 2^30 leaves of 32 bytes, a 32 GiB deal (the dealer's default maximum).</summary>
    public const byte AggregateHeight = 30;

    private static readonly byte[] Magic = "DLRLOAD1"u8.ToArray();

    /// <summary>Builds <paramref name="count"/> requests of <paramref name="pieceCount"/> pieces each, in parallel.</summary>
    /// <param name="dealer">The dealer's signing key (issues the storefront's delegation).</param>
    /// <param name="dealerDid">The dealer's DID (the invocations' audience and resource).</param>
    /// <param name="count">How many requests.</param>
    /// <param name="pieceCount">Pieces per aggregate (8 in the run; 23,400 makes a 1 MiB request).</param>
    /// <param name="ttl">Seconds the invocations stay valid from now.</param>
    public static OfferBody[] Generate(ISigner dealer, string dealerDid, int count, int pieceCount, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(dealer);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pieceCount, 1);

        using var storefront = Ed25519Signer.Generate();
        var proof = Delegation.Delegate(new DelegationOptions(dealer, storefront.Did, [new Capability(DealerCapabilities.DealOfferAbility, dealerDid)]));
        var expiration = DateTimeOffset.UtcNow.Add(ttl).ToUnixTimeSeconds();
        var pieceHeight = PieceHeight(pieceCount);
        var bodies = new OfferBody[count];
        Parallel.For(0, count, i =>
        {
            var pieces = new PieceLink[pieceCount];
            Span<byte> root = stackalloc byte[PieceLink.RootLength];
            for (var p = 0; p < pieceCount; p++)
            {
                RandomNumberGenerator.Fill(root);
                root[^1] &= 0x3f; // fr32: a piece root is a 254-bit field element
                pieces[p] = PieceLink.Create(0, pieceHeight, root);
            }

            var aggregate = Aggregate.Compute(pieces, AggregateHeight);
            var piecesBlock = Block.Encode(pieces.Select(piece => (object?)piece.ToCid()).ToList());
            var nb = new DealCaveats(aggregate.ToCid(), piecesBlock.Cid, Tenant: "bench", Label: null);
            var invocation = Invocation.Invoke(new DelegationOptions(storefront, dealerDid, [DealerCapabilities.DealOffer.Create(dealerDid, nb)])
            {
                Expiration = expiration,
                Nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)),
                Proofs = [proof],
                AttachedBlocks = [piecesBlock],
            });
            bodies[i] = new OfferBody(UcanClient.ToRequest([invocation]).Body.ToArray(), invocation.Cid);
        });
        return bodies;
    }

    /// <summary>
    /// The height of each piece: as large as lets all pieces fit in front of the aggregate's data segment index
    /// (16 MiB at the end of 32 GiB), at most 1 GiB each.
    /// </summary>
    public static byte PieceHeight(int pieceCount)
    {
        var room = (32UL << AggregateHeight) - (Aggregate.IndexEntryCount(AggregateHeight) * Aggregate.IndexEntrySize);
        byte height = 25;
        while (height > PieceLink.MinHeight && (ulong)pieceCount * (32UL << height) > room)
        {
            height--;
        }

        return height;
    }

    /// <summary>Writes bodies to <paramref name="path"/> (magic, count, then length-prefixed bodies).</summary>
    public static void Save(string path, IReadOnlyList<OfferBody> bodies)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        file.Write(Magic);
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(number, bodies.Count);
        file.Write(number);
        foreach (var body in bodies)
        {
            BinaryPrimitives.WriteInt32LittleEndian(number, body.Body.Length);
            file.Write(number);
            file.Write(body.Body);
        }
    }

    /// <summary>Reads bodies written by <see cref="Save"/>; the invocation CIDs are read back from each message.</summary>
    /// <exception cref="FormatException">Not a body file.</exception>
    public static OfferBody[] Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 4 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new FormatException($"{path} is not a body file written by `dealer-load generate`.");
        }

        var offset = Magic.Length;
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
        offset += 4;
        var bodies = new OfferBody[count];
        for (var i = 0; i < count; i++)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
            offset += 4;
            var body = bytes.AsSpan(offset, length).ToArray();
            offset += length;
            bodies[i] = new OfferBody(body, AgentMessage.FromCar(body).InvocationLinks.Single());
        }

        return bodies;
    }
}
