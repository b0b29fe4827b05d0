using Dealer.Testing.Fuzz;
using SharpFuzz;

namespace Dealer.Fuzz;

/// <summary>
/// The afl++ harness: <c>Dealer.Fuzz TARGET</c> runs TARGET under afl-fuzz (SharpFuzz's fork server, one .NET child
/// restarted after a crash), <c>Dealer.Fuzz seeds TARGET DIR</c> writes the seed inputs cut from the protocol vectors,
/// <c>Dealer.Fuzz replay TARGET FILE…</c> runs inputs once and prints what each one did.
/// </summary>
internal static class Program
{
    private static readonly string Vectors = Path.Combine(AppContext.BaseDirectory, "Vectors");

    private static int Main(string[] args)
    {
        switch (args)
        {
            case [var target] when FuzzTargets.Names.Contains(target):
                // Instrumented code must not run before the fork server has mapped the coverage area: the vectors are
                // read on the first input.
                var targets = new Lazy<FuzzTargets>(static () => new FuzzTargets(Vectors));
                Fuzzer.OutOfProcess.Run(stream =>
                {
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    targets.Value.Run(target, buffer.ToArray());
                });
                return 0;
            case ["seeds", var target, var directory] when FuzzTargets.Names.Contains(target):
                return WriteSeeds(target, directory);
            case ["replay", var target, .. var files] when FuzzTargets.Names.Contains(target) && files.Length > 0:
                return Replay(new FuzzTargets(Vectors), target, files);
            default:
                Console.Error.WriteLine($"usage: Dealer.Fuzz TARGET | seeds TARGET DIR | replay TARGET FILE...  (TARGET: {string.Join(", ", FuzzTargets.Names)})");
                return 2;
        }
    }

    private static int Replay(FuzzTargets targets, string target, string[] files)
    {
        var failed = 0;
        foreach (var file in files)
        {
            try
            {
                var answer = targets.Run(target, File.ReadAllBytes(file));
                Console.WriteLine($"ok      {answer}\t{file}");
            }
            catch (Exception error)
            {
                failed++;
                Console.WriteLine($"FINDING {file}: {error.GetType().FullName}: {error.Message}");
                Console.WriteLine(error.StackTrace);
            }
        }

        return failed == 0 ? 0 : 1;
    }

    /// <summary>Writes the target's seeds, cut from the vectors, into <paramref name="directory"/>.</summary>
    private static int WriteSeeds(string target, string directory)
    {
        Directory.CreateDirectory(directory);
        var seeds = FuzzSeeds.For(target, Vectors);
        foreach (var (name, bytes) in seeds)
        {
            File.WriteAllBytes(Path.Combine(directory, name), bytes);
        }

        Console.WriteLine($"{seeds.Count} {target} seeds in {directory}");
        return 0;
    }
}
