using System.Text.Json;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;

namespace Dealer.Service.Tests.Support;

/// <summary>The shared protocol vectors copied into Vectors/ (see Vectors/PROVENANCE.md).</summary>
internal static class Vectors
{
    /// <summary>The invocation of vector b.</summary>
    public const string OfferInvocation = "bafyreiaeknyfwng2q5tbxjkgff4w4jfouggtnwt6w75gzczha7ps2kxvm4";

    /// <summary>The receipt of vector d.</summary>
    public const string OfferReceipt = "bafyreidjz4uoeswsbmtf7gujdtignzueqkl7wiqvcwayirgep6j4ok2pfi";

    /// <summary>The deal/add effect of vector d (its fx.join).</summary>
    public const string DealAddJoin = "bafyreibdjhq7jleujldv4wqz6nqh7lxoge36ogsrunztv3srn6ce5ycxxm";

    /// <summary>The vector aggregate (height 11, 65536 bytes).</summary>
    public const string Aggregate = "bafkzcibcaafumrlza3a4ixhqc4hx7frcobk7p7bywiwqow5n377xo2dm2pp7udy";

    /// <summary>The vector delegation (a): dealer → storefront, deal/offer.</summary>
    public const string Delegation = "bafyreidiynloemtog62wd4rnm7bqyedgqhhw45ppyjwt6unav4fzanpwjm";

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Vectors", name));

    /// <summary>The three vector pieces, in aggregate order.</summary>
    public static IReadOnlyList<Cid> Pieces()
    {
        using var json = JsonDocument.Parse(Read("pieces.json"));
        return json.RootElement.GetProperty("pieces").EnumerateArray()
            .Select(piece => Cid.Parse(piece.GetProperty("cid").GetString()!))
            .ToList();
    }

    /// <summary>Delegation (a), extracted from its archive.</summary>
    public static Delegation StorefrontProof() => Dealer.Ucan.Delegations.Delegation.Extract(Read("a-delegation-deal-offer.car"));
}
