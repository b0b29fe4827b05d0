using Dealer.Ucan.Tests.Conformance;

namespace Dealer.Ucan.Tests.Fuzz;

/// <summary>
/// A fixed-seed mutation run over the protocol vectors for every fuzz target (the CAR reader, DAG-CBOR, UCAN blocks,
/// agent messages and the whole dispatch): a fixed number of mutants each, every one answered as documented (see
/// <see cref="FuzzTargets"/>): no other exception, no hang, and from the dispatch only 200 with a receipt CAR, 400 or
/// 413.
/// </summary>
public sealed class MutationTests
{
    /// <summary>The guard against a hang, per mutant; far above the milliseconds one takes.</summary>
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(20);

    private static readonly Lazy<FuzzTargets> Targets = new(static () => new FuzzTargets(UcanVectors.Directory));

    public static IEnumerable<TestCaseData> Cases() =>
    [
        new TestCaseData("car", 1500),
        new TestCaseData("dagcbor", 3000),
        new TestCaseData("ucan", 1500),
        new TestCaseData("message", 1000),
        new TestCaseData("dispatch", 600),
        new TestCaseData("invocation", 300),
    ];

    /// <summary>Answers the mutants must include: both sides of decoding, and from the dispatch both refused bodies and
    /// receipts, from the re-signed invocations also successful ones.</summary>
    private static string[] Expected(string target) => target switch
    {
        "dispatch" => ["400", "200 Unauthorized"],
        "invocation" => [FuzzTargets.Refused, "200 ok", "200 Unauthorized"],
        _ => [FuzzTargets.Decoded, FuzzTargets.Refused],
    };

    [TestCaseSource(nameof(Cases))]
    public void Mutants_of_the_vectors_get_only_documented_answers(string target, int mutants)
    {
        var seeds = FuzzSeeds.For(target, UcanVectors.Directory);
        var isCar = target is "car" or "dispatch";
        var mutator = new Mutator(seed: 20261203);
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        var answers = new Dictionary<string, int>(StringComparer.Ordinal);
        var findings = new List<string>();
        for (var i = 0; i < mutants; i++)
        {
            var (_, input) = seeds[i % seeds.Count];
            var (kind, mutant) = mutator.Next(input, seeds[(i * 7 + 3) % seeds.Count].Bytes, isCar);
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            if (Replay.Run(Targets.Value, target, mutant, PerCase, out var finding) is { } answer)
            {
                answers[answer] = answers.GetValueOrDefault(answer) + 1;
            }
            else
            {
                findings.Add($"{kind} of {seeds[i % seeds.Count].Name} ({Convert.ToHexString(mutant)}): {finding}");
            }
        }

        TestContext.Out.WriteLine($"{target}: {string.Join(", ", answers.OrderByDescending(static a => a.Value).Select(static a => $"{a.Key} {a.Value}"))}");

        Assert.Multiple(() =>
        {
            Assert.That(findings, Is.Empty, "mutants answered outside the documented error family");
            Assert.That(kinds.Keys, Is.EquivalentTo(isCar ? Mutator.Kinds : Mutator.Kinds.SkipLast(1)), "every mutation kind ran");
            // Mutants that all die at the first check would test nothing past it.
            Assert.That(answers.Keys, Is.SupersetOf(Expected(target)), "mutants get each kind of answer");
        });
    }
}
