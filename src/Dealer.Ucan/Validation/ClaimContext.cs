using System.Collections.Concurrent;
using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Validation;

/// <summary>State of one <see cref="Validator.AccessAsync"/> call: options, the clock reading, limits and caches.</summary>
internal sealed class ClaimContext(ValidationOptions options, Cid invocation, CancellationToken cancellationToken)
{
    /// <summary>How many valid (UCAN, key) signatures are remembered across calls; the set starts over when full.</summary>
    internal const int VerifiedCapacity = 4096;

    // Valid signatures are also remembered across calls: the same delegation (a storefront's proof from the dealer)
    // comes with every request, and its CID covers its bytes and signature, so a (CID, key) pair always verifies the
    // same way. Only successes are kept, in a bounded set, so odd input cannot grow it or make a bad signature pass.
    // The invocation's own signature is not kept: every invocation is new, so it would only push the proofs out.
    private static readonly ConcurrentDictionary<(Cid Delegation, string Key), byte> Verified = new();

    // How many entries Verified has had since it last started over; ConcurrentDictionary.Count takes every lock.
    private static int _verifiedCount;

    private readonly HashSet<Cid> _proofs = [];
    private readonly Dictionary<(Cid Delegation, string Key), bool> _signatures = [];

    public ValidationOptions Options { get; } = options;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>"Now" in whole seconds, read once so every UCAN of the call is judged against the same instant.</summary>
    public long Now { get; } = options.Clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>
    /// The failure of an authorization check that could not be made (<see cref="AuthorizationCheck.Fail"/>): once set,
    /// every claim stops and it is the answer of the validation.
    /// </summary>
    public Dealer.Ucan.Results.Failure? Stopped { get; set; }

    /// <summary>How deeply <c>ucan/attest</c> session checks are nested.</summary>
    public int SessionDepth { get; set; }

    /// <summary>Counts <paramref name="proof"/> towards <see cref="ValidationOptions.MaxProofs"/>; false once over.</summary>
    public bool AdmitProof(Cid proof) => _proofs.Contains(proof) || (_proofs.Count < Options.MaxProofs && _proofs.Add(proof));

    /// <summary>
    /// Signature checks are cached per UCAN and key: paths that share a proof (diamond-shaped proof DAGs) then cost one
    /// verification each instead of one per path.
    /// </summary>
    public bool TryGetSignature(Cid delegation, string key, out bool valid)
    {
        if (_signatures.TryGetValue((delegation, key), out valid))
        {
            return true;
        }

        valid = Verified.ContainsKey((delegation, key));
        return valid;
    }

    public void SetSignature(Cid delegation, string key, bool valid)
    {
        _signatures[(delegation, key)] = valid;
        if (valid && !delegation.Equals(invocation) && Verified.TryAdd((delegation, key), 0)
            && Interlocked.Increment(ref _verifiedCount) > VerifiedCapacity)
        {
            Interlocked.Exchange(ref _verifiedCount, 0);
            Verified.Clear();
        }
    }
}
