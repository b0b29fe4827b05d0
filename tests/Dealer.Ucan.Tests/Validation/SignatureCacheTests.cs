using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Tests.Server;
using Dealer.Ucan.Tokens;
using Dealer.Ucan.Validation;

namespace Dealer.Ucan.Tests.Validation;

/// <summary>A valid signature is verified once across validator calls; an invalid one is checked (and refused) every time.</summary>
public sealed class SignatureCacheTests
{
    private const string DealerWeb = "did:web:signature-cache.example.com";

    [Test]
    public async Task A_valid_proof_is_not_verified_again_by_a_later_invocation()
    {
        using var dealerKey = Ed25519Signer.Generate();
        using var storefront = Ed25519Signer.Generate();
        var counting = new CountingVerifier(Verifiers.WithDid(dealerKey.Verifier, DealerWeb));
        var proof = Delegation.Delegate(new DelegationOptions(
            dealerKey.WithDid(DealerWeb), storefront.Did, [new Capability("deal/offer", DealerWeb, new Dictionary<string, object?>(StringComparer.Ordinal))])
        {
            Expiration = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(),
        });
        var options = new ValidationOptions(DealerWeb, counting);

        var first = await Validator.AccessAsync(Offer(storefront, proof), DealerCapabilities.DealOffer, options, CancellationToken.None);
        var second = await Validator.AccessAsync(Offer(storefront, proof), DealerCapabilities.DealOffer, options, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.IsOk, Is.True, first.Error?.ToString());
            Assert.That(second.IsOk, Is.True, second.Error?.ToString());
            Assert.That(counting.Calls, Is.EqualTo(1), "the dealer's proof is verified by the first call only");
        });
    }

    [Test]
    public async Task An_invocation_s_own_signature_is_verified_on_every_call()
    {
        // Every invocation is new, so remembering its signature would only push the proofs out of the bounded set.
        using var key = Ed25519Signer.Generate();
        var counting = new CountingVerifier(Verifiers.WithDid(key.Verifier, DealerWeb));
        var invocation = Offer(key.WithDid(DealerWeb), proof: null);
        var options = new ValidationOptions(DealerWeb, counting);

        var first = await Validator.AccessAsync(invocation, DealerCapabilities.DealOffer, options, CancellationToken.None);
        var second = await Validator.AccessAsync(invocation, DealerCapabilities.DealOffer, options, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.IsOk, Is.True, first.Error?.ToString());
            Assert.That(second.IsOk, Is.True, second.Error?.ToString());
            Assert.That(counting.Calls, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task An_invalid_signature_is_checked_and_refused_every_time()
    {
        using var key = Ed25519Signer.Generate();
        using var impostor = Ed25519Signer.Generate();
        var counting = new CountingVerifier(Verifiers.WithDid(key.Verifier, DealerWeb));
        var invocation = Offer(impostor.WithDid(DealerWeb), proof: null);
        var options = new ValidationOptions(DealerWeb, counting);

        var first = await Validator.AccessAsync(invocation, DealerCapabilities.DealOffer, options, CancellationToken.None);
        var second = await Validator.AccessAsync(invocation, DealerCapabilities.DealOffer, options, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.IsOk, Is.False);
            Assert.That(second.IsOk, Is.False);
            Assert.That(counting.Calls, Is.EqualTo(2));
        });
    }

    private static Delegation Offer(ISigner issuer, Delegation? proof)
    {
        var pieces = Block.Encode(new List<object?>());
        var nb = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["aggregate"] = Dealer.Ucan.Filecoin.PieceLink.Create(0, 30, new byte[32]).ToCid(),
            ["pieces"] = pieces.Cid,
            ["tenant"] = "cache-" + Guid.NewGuid().ToString("N"),
        };
        return Invocation.Invoke(new DelegationOptions(issuer, DealerWeb, [new Capability("deal/offer", DealerWeb, nb)])
        {
            Proofs = proof is null ? null : [proof],
            Expiration = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(),
        });
    }

    private sealed class CountingVerifier(IVerifier inner) : IVerifier
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Did => inner.Did;

        public ulong SignatureCode => inner.SignatureCode;

        public bool Verify(ReadOnlySpan<byte> payload, Signature signature)
        {
            Interlocked.Increment(ref _calls);
            return inner.Verify(payload, signature);
        }
    }
}
