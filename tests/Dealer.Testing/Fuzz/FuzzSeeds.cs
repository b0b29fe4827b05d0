using Dealer.Ucan.Messages;
using Dealer.Ucan.Transport;

namespace Dealer.Testing.Fuzz;

/// <summary>
/// Small valid inputs for each fuzz target, cut from the protocol vectors: the afl++ seeds (fuzz/run.sh) and the
/// starting points of the fixed-seed mutation test. Each reaches a different part of its target.
/// </summary>
internal static class FuzzSeeds
{
    /// <summary>The seeds of <paramref name="target"/>, named after the vector they come from.</summary>
    /// <exception cref="ArgumentException">Unknown target.</exception>
    public static IReadOnlyList<(string Name, byte[] Bytes)> For(string target, string vectorDirectory)
    {
        var vectors = new Vectors(vectorDirectory);
        var seeds = target switch
        {
            "car" => vectors.Files("a-delegation-deal-offer.car", "b-deal-offer-request.car", "d-deal-offer-response.car", "e-jwt-proof-request.car", "f-malformed-request.car"),
            "dispatch" => vectors.Files("b-deal-offer-request.car", "c-aggregate-offer-request.car", "e-jwt-proof-request.car", "f-escalation-request.car", "f-ok-two-hop-chain-request.car", "f-handler-not-found-request.car"),
            "ucan" => vectors.Files("a-delegation-deal-offer.ucan.cbor", "d-deal-add-effect.ucan.cbor")
                .Concat(vectors.Invocations("b-deal-offer-request.car", "e-jwt-proof-request.car", "f-ok-ucan-star-request.car")),
            "invocation" => vectors.Invocations("b-deal-offer-request.car", "c-aggregate-offer-request.car", "f-ok-two-hop-chain-request.car", "f-escalation-request.car"),
            "message" => vectors.Roots("b-deal-offer-request.car", "c-aggregate-offer-request.car", "d-deal-offer-response.car", "f-no-proof-response.car"),
            "dagcbor" => vectors.Files("a-delegation-deal-offer.ucan.cbor")
                .Concat(vectors.Roots("b-deal-offer-request.car", "d-deal-offer-response.car"))
                .Concat(vectors.Blocks("b-deal-offer-request.car")),
            _ => throw new ArgumentException($"Unknown fuzz target '{target}'.", nameof(target)),
        };
        return seeds.DistinctBy(static s => Convert.ToHexString(s.Bytes)).ToList();
    }

    private sealed class Vectors(string directory)
    {
        public IEnumerable<(string Name, byte[] Bytes)> Files(params string[] names) =>
            names.Select(name => (name, Read(name)));

        public IEnumerable<(string Name, byte[] Bytes)> Roots(params string[] cars) =>
            cars.Select(car => ($"{car}.root", AgentMessage.FromCar(Read(car)).Root.Bytes.ToArray()));

        public IEnumerable<(string Name, byte[] Bytes)> Invocations(params string[] cars) =>
            cars.SelectMany(car => AgentMessage.FromCar(Read(car)).Invocations.Select((invocation, i) => ($"{car}.invocation{i}", invocation.Root.Bytes.ToArray())));

        public IEnumerable<(string Name, byte[] Bytes)> Blocks(string car) =>
            Car.Decode(Read(car)).Blocks.Select((block, i) => ($"{car}.block{i}", block.Bytes.ToArray()));

        private byte[] Read(string name) => File.ReadAllBytes(Path.Combine(directory, name));
    }
}
