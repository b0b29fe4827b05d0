using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Dealer.Ucan.Filecoin;

namespace Dealer.Bench;

/// <summary>
/// FRC-0058 aggregate verification of vector 07: 20,000 pieces in a 32 GiB aggregate (about 94,000 SHA-256
/// compressions of 64-byte nodes). The target is well under 10 ms on one core with no per-node allocation.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class AggregateBenchmarks
{
    private PieceLink[] _pieces = [];
    private PieceLink _offered = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Vectors", "07-large-20000.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var vector = document.RootElement;
        _pieces = [.. vector.GetProperty("pieces").EnumerateArray().Select(p => PieceLink.Parse(p.GetString()!))];
        _offered = PieceLink.Parse(vector.GetProperty("offeredAggregate").GetString()!);
        if (!Aggregate.Verify(_offered, _pieces).IsOk)
        {
            throw new InvalidOperationException("Vector 07 does not verify.");
        }
    }

    /// <summary>The deal/offer check: recompute and compare with the offered aggregate.</summary>
    [Benchmark(Baseline = true)]
    public bool Verify20000Pieces() => Aggregate.Verify(_offered, _pieces).IsOk;

    /// <summary>The same computation, also returning the layout (piece offsets).</summary>
    [Benchmark]
    public int Compute20000Pieces() => Aggregate.Compute(_pieces, 30).PieceOffsets.Length;
}
