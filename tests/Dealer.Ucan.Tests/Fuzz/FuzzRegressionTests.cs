using Dealer.Ucan.Tests.Conformance;

namespace Dealer.Ucan.Tests.Fuzz;

/// <summary>
/// Every input the afl++ runs (fuzz/run.sh) found crashing or hanging a target, kept under
/// <c>Fuzz/Regressions/TARGET/</c> and replayed: each must now get the documented answer (see <see cref="FuzzTargets"/>).
/// </summary>
public sealed class FuzzRegressionTests
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(20);

    private static readonly Lazy<FuzzTargets> Targets = new(static () => new FuzzTargets(UcanVectors.Directory));

    private static string Directory => Path.Combine(AppContext.BaseDirectory, "Fuzz", "Regressions");

    public static IEnumerable<TestCaseData> Cases() =>
        FuzzTargets.Names
            .Where(target => System.IO.Directory.Exists(Path.Combine(Directory, target)))
            .SelectMany(target => System.IO.Directory.GetFiles(Path.Combine(Directory, target))
                .Order(StringComparer.Ordinal)
                .Select(file => new TestCaseData(target, Path.GetFileName(file)).SetName($"Fuzz regression {target}/{Path.GetFileName(file)}")));

    [TestCaseSource(nameof(Cases))]
    public void Finding_gets_the_documented_answer(string target, string name)
    {
        var input = File.ReadAllBytes(Path.Combine(Directory, target, name));
        var answer = Replay.Run(Targets.Value, target, input, PerCase, out var finding);
        Assert.That(finding, Is.Null);
        Assert.That(answer, Is.Not.Null.And.Not.Empty);
    }
}
