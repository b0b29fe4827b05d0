using Dealer.Ucan.Ipld;
using Dealer.Ucan.Tokens;
using Dealer.Ucan.Transport;

namespace Dealer.Ucan.Delegations;

public sealed partial class Delegation
{
    /// <summary>The key of the archive root variant, <c>ucan@0.9.1</c>.</summary>
    public const string ArchiveVariant = "ucan@" + UcanModel.CurrentVersion;

    /// <summary>
    /// Writes the delegation archive (ucanto <c>Delegation.archive</c>, the <c>--proof</c> file format): a CARv1
    /// whose single root is the DAG-CBOR block <c>{"ucan@0.9.1": CID}</c>, written last after the DAG's blocks.
    /// </summary>
    public byte[] Archive()
    {
        var blocks = Blocks;
        var variant = Block.Encode(new Dictionary<string, object?>(StringComparer.Ordinal) { [ArchiveVariant] = Cid });
        blocks.Add(variant);
        return Car.Encode([variant.Cid], blocks);
    }

    /// <summary>Reads a delegation archive (see <see cref="Archive"/>).</summary>
    /// <exception cref="FormatException">The bytes are not a CAR, the root is not a <c>ucan@0.9.1</c> variant, or
    /// the UCAN is missing or invalid.</exception>
    public static Delegation Extract(ReadOnlySpan<byte> archive) => Extract(Car.Decode(archive));

    /// <summary>Reads a delegation archive that was already parsed as a CAR.</summary>
    /// <exception cref="FormatException">See <see cref="Extract(ReadOnlySpan{byte})"/>.</exception>
    public static Delegation Extract(CarFile car)
    {
        ArgumentNullException.ThrowIfNull(car);
        if (car.Roots.Count == 0)
        {
            throw new FormatException("CAR archive does not contain a root block.");
        }

        var rootCid = car.Roots[0];
        if (!car.Blocks.TryGet(rootCid, out var root))
        {
            throw new FormatException($"CAR archive root {rootCid} is not in the archive.");
        }

        var variant = IpldReader.Map(root.Decode(), "delegation archive root");
        if (variant.Count != 1 || !variant.TryGetValue(ArchiveVariant, out var link))
        {
            throw new FormatException($"Delegation archive root must be a map with the single key '{ArchiveVariant}'.");
        }

        var ucan = IpldReader.Link(link, $"'{ArchiveVariant}'");
        return View(ucan, car.Blocks);
    }
}
