using BenchmarkDotNet.Attributes;
using Dealer.Ucan.Principals;

namespace Dealer.Bench;

/// <summary>
/// The floor under the request path: one Ed25519 signature and one verification (libsodium through NSec) of a
/// UCAN-sized signing input. A <c>deal/offer</c> request costs two of each.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SignatureBenchmarks
{
    private readonly byte[] _payload = new byte[400];
    private Ed25519Signer _signer = null!;
    private Signature _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(25519).NextBytes(_payload);
        _signer = Ed25519Signer.Derive(Enumerable.Repeat((byte)1, 32).ToArray());
        _signature = _signer.Sign(_payload);
        if (!_signer.Verifier.Verify(_payload, _signature))
        {
            throw new InvalidOperationException("The signature does not verify.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _signer.Dispose();

    [Benchmark]
    public Signature Ed25519Sign() => _signer.Sign(_payload);

    [Benchmark]
    public bool Ed25519Verify() => _signer.Verifier.Verify(_payload, _signature);
}
