using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Results;
using Dealer.Ucan.Tests.Server;
using Dealer.Ucan.Validation;

namespace Dealer.Ucan.Tests.Validation;

public sealed class FailureTests
{
    private static readonly Cid Proof = Cid.Hash(Multicodec.DagCbor, [1]);

    [Test]
    public void Expired_and_not_valid_before_carry_their_timestamps_when_serialised()
    {
        var expired = new Expired(Proof, 1000).ToIpld();
        var early = new NotValidBefore(Proof, 4102444799).ToIpld();
        Assert.Multiple(() =>
        {
            Assert.That(expired["name"], Is.EqualTo("Expired"));
            Assert.That(expired["expiredAt"], Is.EqualTo(1000L));
            Assert.That(expired["message"], Is.EqualTo($"Proof {Proof} has expired on Thu Jan 01 1970 00:16:40 GMT+0000 (Coordinated Universal Time)"));
            Assert.That(early["name"], Is.EqualTo("NotValidBefore"));
            Assert.That(early["validAt"], Is.EqualTo(4102444799L));
            Assert.That(early["message"], Is.EqualTo($"Proof {Proof} is not valid before Thu Dec 31 2099 23:59:59 GMT+0000 (Coordinated Universal Time)"));
        });
    }

    [Test]
    public void Misaligned_proof_is_an_invalid_audience_with_both_audiences()
    {
        var failure = InvalidAudience.Misaligned(TestPrincipals.StorefrontDid, TestPrincipals.AgentDid);
        var ipld = failure.ToIpld();
        Assert.Multiple(() =>
        {
            Assert.That(failure.Name, Is.EqualTo("InvalidAudience"));
            Assert.That(ipld["audience"], Is.EqualTo(TestPrincipals.StorefrontDid));
            Assert.That(((IReadOnlyDictionary<string, object?>)ipld["delegation"]!)["audience"], Is.EqualTo(TestPrincipals.AgentDid));
            Assert.That(InvalidAudience.ForInvocation("did:a", "did:b").ToIpld().ContainsKey("audience"), Is.False);
        });
    }

    [Test]
    public void Hook_and_resolver_failures_have_the_ucanto_names_and_messages()
    {
        Failure[] failures =
        [
            new Revoked(Proof),
            new DidKeyResolutionError("did:web:x"),
            new UnavailableProof(Proof, "timeout"),
            new ConstraintViolation("nope"),
        ];
        Assert.Multiple(() =>
        {
            Assert.That(failures.Select(f => f.Name), Is.EqualTo(new[] { "Revoked", "DIDKeyResolutionError", "UnavailableProof", "ConstraintViolation" }));
            Assert.That(failures[0].Message, Is.EqualTo($"Proof {Proof} has been revoked"));
            Assert.That(failures[1].Message, Is.EqualTo("Unable to resolve 'did:web:x' key"));
            Assert.That(failures[2].Message, Is.EqualTo($"Linked proof '{Proof}' is not included and could not be resolved\n  - Proof resolution failed with: timeout"));
            Assert.That(failures[0].ToIpld().Keys, Is.EquivalentTo(new[] { "name", "message", "stack" }));
        });
    }

    [Test]
    public void Did_key_resolution_results_are_either_keys_or_a_failure()
    {
        var ok = DidKeyResolution.Ok([TestPrincipals.DealerDid]);
        var failed = DidKeyResolution.Fail(new DidKeyResolutionError("did:web:x"));
        Assert.Multiple(() =>
        {
            Assert.That(ok.IsOk, Is.True);
            Assert.That(ok.Keys, Is.EqualTo(new[] { TestPrincipals.DealerDid }));
            Assert.That(failed.IsOk, Is.False);
            Assert.That(failed.Error!.Name, Is.EqualTo("DIDKeyResolutionError"));
        });
    }
}
