using System.Text;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Results;
using Dealer.Ucan.Tests.Server;
using Dealer.Ucan.Tokens;
using Dealer.Ucan.Validation;
using static Dealer.Testing.TestPrincipals;

namespace Dealer.Ucan.Tests.Validation;

public sealed class ValidatorTests
{
    private const string ClaimLine = "Claim {\"can\":\"deal/offer\"} is not authorized";

    private static ValidationOptions Options(FixedClock? clock = null) => new(DealerDid, DealerSigner.Verifier) { Clock = clock ?? new FixedClock() };

    private static Delegation StorefrontProof() => OfferFixture.Delegate(DealerSigner, StorefrontDid);

    private static async Task<Authorization> AuthorizedAsync(Delegation invocation, ValidationOptions? options = null, CapabilityDefinition? capability = null)
    {
        var result = await Validator.AccessAsync(invocation, capability ?? DealerCapabilities.DealOffer, options ?? Options(), CancellationToken.None);
        Assert.That(result.IsOk, Is.True, () => result.Error!.Message);
        return result.Ok!;
    }

    private static async Task<Failure> UnauthorizedAsync(Delegation invocation, ValidationOptions? options = null, CapabilityDefinition? capability = null)
    {
        var result = await Validator.AccessAsync(invocation, capability ?? DealerCapabilities.DealOffer, options ?? Options(), CancellationToken.None);
        Assert.That(result.IsOk, Is.False, "expected the claim to be rejected");
        Assert.That(result.Error!.Name, Is.EqualTo("Unauthorized"));
        Assert.That(result.Error.Message, Does.StartWith(ClaimLine));
        return result.Error;
    }

    [Test]
    public async Task Authorized_self_issued_capability_needs_no_proof()
    {
        var invocation = OfferFixture.Invoke(DealerSigner);
        var authorization = await AuthorizedAsync(invocation);
        Assert.Multiple(() =>
        {
            Assert.That(authorization.Proofs, Is.Empty);
            Assert.That(authorization.Capability.With, Is.EqualTo(DealerDid));
            Assert.That(authorization.Capability.Nb["tenant"], Is.EqualTo("tenant-1"));
            Assert.That(authorization.Iterate(), Is.EqualTo(new[] { invocation.Cid }));
        });
    }

    [Test]
    public async Task Authorized_delegated_capability_yields_the_path_through_the_proof()
    {
        var proof = StorefrontProof();
        var invocation = OfferFixture.Invoke(StorefrontSigner, [proof]);
        var authorization = await AuthorizedAsync(invocation);
        Assert.Multiple(() =>
        {
            Assert.That(authorization.Delegation.Cid, Is.EqualTo(invocation.Cid));
            Assert.That(authorization.Proofs, Has.Count.EqualTo(1));
            Assert.That(authorization.Proofs[0].Issuer, Is.EqualTo(DealerDid));
            Assert.That(authorization.Iterate(), Is.EqualTo(new[] { invocation.Cid, proof.Cid }));
        });
    }

    [TestCase("*", DealerDid)]
    [TestCase("deal/*", DealerDid)]
    [TestCase("*", "ucan:*")]
    [TestCase("deal/offer", "ucan:*")]
    public async Task Authorized_proof_capability_patterns_cover_the_claim(string can, string with)
    {
        var proof = OfferFixture.Delegate(DealerSigner, StorefrontDid, [new Capability(can, with)]);
        var authorization = await AuthorizedAsync(OfferFixture.Invoke(StorefrontSigner, [proof]));
        Assert.That(authorization.Proofs[0].Capability.Can, Is.EqualTo("deal/offer"));
    }

    [TestCase("store/*")]
    [TestCase("deal/o*")]
    [TestCase("deal/add")]
    public async Task Unauthorized_proof_ability_pattern_that_does_not_cover_the_claim(string can)
    {
        var proof = OfferFixture.Delegate(DealerSigner, StorefrontDid, [new Capability(can, DealerDid)]);
        var error = await UnauthorizedAsync(OfferFixture.Invoke(StorefrontSigner, [proof]));
        Assert.That(error.Message, Does.Contain("Delegated capability not found").And.Contain("Encountered unknown capabilities"));
    }

    [Test]
    public async Task Authorized_two_hop_chain()
    {
        var hop1 = OfferFixture.Delegate(DealerSigner, AgentDid);
        var hop2 = OfferFixture.Delegate(AgentSigner, StorefrontDid, proofs: [hop1]);
        var invocation = OfferFixture.Invoke(StorefrontSigner, [hop2]);
        var authorization = await AuthorizedAsync(invocation);
        Assert.That(authorization.Iterate(), Is.EqualTo(new[] { invocation.Cid, hop2.Cid, hop1.Cid }));
    }

    [Test]
    public async Task Unauthorized_no_proof_reads_like_ucanto()
    {
        var error = await UnauthorizedAsync(OfferFixture.Invoke(AgentSigner));
        var capability = "{\"can\":\"deal/offer\",\"with\":\"" + DealerDid + "\",\"nb\":{\"aggregate\":{\"/\":\"" + OfferFixture.Aggregate
            + "\"},\"pieces\":{\"/\":\"" + OfferFixture.Pieces.Cid + "\"},\"tenant\":\"tenant-1\",\"label\":\"vector-b\"}}";
        Assert.That(error.Message, Is.EqualTo(
            ClaimLine + "\n"
            + "  - Capability " + capability + " is not authorized because:\n"
            + "    - Capability can not be (self) issued by '" + AgentDid + "'\n"
            + "    - Delegated capability not found"));
    }

    [Test]
    public async Task Unauthorized_expired_proof()
    {
        var proof = OfferFixture.Delegate(DealerSigner, StorefrontDid, expiration: 1000);
        var error = await UnauthorizedAsync(OfferFixture.Invoke(StorefrontSigner, [proof]));
        Assert.That(error.Message, Does.EndWith(
            $"    - Capability can not be derived from prf:{proof.Cid} because:\n"
            + $"      - Proof {proof.Cid} has expired on Thu Jan 01 1970 00:16:40 GMT+0000 (Coordinated Universal Time)"));
    }

    [Test]
    public async Task Unauthorized_expired_invocation_when_exp_equals_now()
    {
        var invocation = OfferFixture.Invoke(DealerSigner, expiration: FixedClock.Default);
        var error = await UnauthorizedAsync(invocation);
        Assert.That(error.Message, Is.EqualTo(ClaimLine + $"\n  - Proof {invocation.Cid} has expired on Wed Jan 01 2025 00:00:00 GMT+0000 (Coordinated Universal Time)"));

        await AuthorizedAsync(invocation, Options(new FixedClock(FixedClock.Default - 1)));
    }

    [Test]
    public async Task Unauthorized_not_valid_before_until_the_second_after_nbf()
    {
        var proof = OfferFixture.Delegate(DealerSigner, StorefrontDid, notBefore: FixedClock.Default);
        var invocation = OfferFixture.Invoke(StorefrontSigner, [proof]);
        var error = await UnauthorizedAsync(invocation);
        Assert.That(error.Message, Does.EndWith($"Proof {proof.Cid} is not valid before Wed Jan 01 2025 00:00:00 GMT+0000 (Coordinated Universal Time)"));

        await AuthorizedAsync(invocation, Options(new FixedClock(FixedClock.Default + 1)));
    }

    [Test]
    public async Task Unauthorized_proof_audience_mismatch()
    {
        var proof = OfferFixture.Delegate(DealerSigner, AgentDid);
        var error = await UnauthorizedAsync(OfferFixture.Invoke(StorefrontSigner, [proof]));
        Assert.That(error.Message, Does.EndWith(
            $"    - Capability can not be derived from prf:{proof.Cid} because:\n"
            + $"      - Delegation audience is '{AgentDid}' instead of '{StorefrontDid}'"));
    }

    [Test]
    public async Task Unauthorized_escalated_caveat()
    {
        var restricted = new Dictionary<string, object?>(StringComparer.Ordinal) { ["tenant"] = "other-tenant" };
        var proof = OfferFixture.Delegate(DealerSigner, StorefrontDid, [new Capability("deal/offer", DealerDid, restricted)]);
        var error = await UnauthorizedAsync(OfferFixture.Invoke(StorefrontSigner, [proof]));
        Assert.That(error.Message, Does.EndWith(
            " from delegated capabilities:\n      - Constraint violation: Constrain violation: tenant-1 violates imposed nb.tenant constraint other-tenant"));
    }

    [Test]
    public async Task Authorized_when_the_proof_imposes_the_same_caveat()
    {
        var restricted = new Dictionary<string, object?>(StringComparer.Ordinal) { ["tenant"] = "tenant-1", ["aggregate"] = OfferFixture.Aggregate };
        var proof = OfferFixture.Delegate(DealerSigner, StorefrontDid, [new Capability("deal/offer", DealerDid, restricted)]);
        var authorization = await AuthorizedAsync(OfferFixture.Invoke(StorefrontSigner, [proof]));
        Assert.That(authorization.Proofs[0].Capability.Nb["tenant"], Is.EqualTo("tenant-1"));
    }

    [Test]
    public async Task Unauthorized_proof_for_another_resource()
    {
        var proof = OfferFixture.Delegate(DealerSigner, StorefrontDid, [new Capability("deal/offer", AgentDid)]);
        var error = await UnauthorizedAsync(OfferFixture.Invoke(StorefrontSigner, [proof]));
        Assert.That(error.Message, Does.EndWith($"Constraint violation: Can not derive deal/offer with {DealerDid} from {AgentDid}"));
    }

    [Test]
    public async Task Unauthorized_malformed_invocation_capability()
    {
        var nb = OfferFixture.Nb(label: null, aggregate: OfferFixture.LegacyAggregate);
        var error = await UnauthorizedAsync(OfferFixture.Invoke(StorefrontSigner, [StorefrontProof()], nb: nb));
        Assert.That(error.Message, Is.EqualTo(
            ClaimLine + "\n"
            + "  - Can not derive [object Object] from delegated capabilities:\n"
            + "    - Encountered malformed 'deal/offer' capability: {\"nb\":{\"pieces\":{\"/\":\"" + OfferFixture.Pieces.Cid + "\"},\"tenant\":\"tenant-1\",\"aggregate\":{\"/\":\""
            + OfferFixture.LegacyAggregate + "\"}},\"can\":\"deal/offer\",\"with\":\"" + DealerDid + "\"}\n"
            + "      - Object contains invalid field \"aggregate\":\n"
            + "        - Expected link to be CID with 0x55 codec"));
    }

    [Test]
    public async Task Unauthorized_invalid_signature_on_proof()
    {
        // Signed with the storefront's key but claiming to be the dealer.
        var forged = OfferFixture.Delegate(StorefrontSigner.WithDid(DealerDid), StorefrontDid);
        var error = await UnauthorizedAsync(OfferFixture.Invoke(StorefrontSigner, [forged]));
        Assert.That(error.Message, Does.EndWith($"      - Proof {forged.Cid} does not has a valid signature from {DealerDid}"));
    }

    [Test]
    public async Task Unauthorized_invalid_signature_on_invocation()
    {
        var invocation = OfferFixture.Invoke(MallorySigner.WithDid(StorefrontDid), [StorefrontProof()]);
        var error = await UnauthorizedAsync(invocation);
        Assert.That(error.Message, Is.EqualTo(ClaimLine + $"\n  - Proof {invocation.Cid} does not has a valid signature from {StorefrontDid}"));
    }

    [Test]
    public async Task Unauthorized_linked_proof_unavailable()
    {
        var proof = StorefrontProof();
        var error = await UnauthorizedAsync(OfferFixture.Invoke(StorefrontSigner, proofLinks: [proof.Cid]));
        Assert.That(error.Message, Does.EndWith(
            $"    - Capability can not be derived from prf:{proof.Cid} because:\n"
            + $"      - Linked proof '{proof.Cid}' is not included and could not be resolved"));
    }

    [Test]
    public async Task Authorized_linked_proof_found_by_the_resolver()
    {
        var proof = StorefrontProof();
        var options = Options() with { ResolveProof = (cid, _) => ValueTask.FromResult<Delegation?>(cid.Equals(proof.Cid) ? proof : null) };
        var authorization = await AuthorizedAsync(OfferFixture.Invoke(StorefrontSigner, proofLinks: [proof.Cid]), options);
        Assert.That(authorization.Proofs[0].Delegation.Cid, Is.EqualTo(proof.Cid));
    }

    [Test]
    public async Task Unauthorized_resolver_that_returns_another_ucan_or_throws()
    {
        var proof = StorefrontProof();
        var other = OfferFixture.Delegate(DealerSigner, StorefrontDid, expiration: OfferFixture.Year2100 - 1);
        var swapping = Options() with { ResolveProof = (_, _) => ValueTask.FromResult<Delegation?>(other) };
        var error = await UnauthorizedAsync(OfferFixture.Invoke(StorefrontSigner, proofLinks: [proof.Cid]), swapping);
        Assert.That(error.Message, Does.Contain($"Proof resolution failed with: resolved UCAN has CID {other.Cid}"));

        var throwing = Options() with { ResolveProof = (_, _) => throw new IOException("store offline") };
        error = await UnauthorizedAsync(OfferFixture.Invoke(StorefrontSigner, proofLinks: [proof.Cid]), throwing);
        Assert.That(error.Message, Does.Contain("Proof resolution failed with: store offline"));
    }

    [Test]
    public async Task Unauthorized_revoked_by_the_hook_with_the_whole_path_offered()
    {
        var proof = StorefrontProof();
        var invocation = OfferFixture.Invoke(StorefrontSigner, [proof]);
        var seen = new List<Cid>();
        var options = Options() with
        {
            ValidateAuthorization = (authorization, _) =>
            {
                seen.AddRange(authorization.Iterate());
                return ValueTask.FromResult(authorization.Iterate().Contains(proof.Cid) ? AuthorizationCheck.Reject(new Revoked(proof.Cid)) : AuthorizationCheck.Allow);
            },
        };
        var error = await UnauthorizedAsync(invocation, options);
        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Is.EqualTo(ClaimLine + $"\n  - Proof {proof.Cid} has been revoked"));
            Assert.That(seen, Is.EqualTo(new[] { invocation.Cid, proof.Cid }));
        });
    }

    [Test]
    public async Task A_check_that_cannot_be_made_stops_the_validation_with_its_own_failure()
    {
        // Not a rejection listed in Unauthorized: the failure itself is the answer, with its own name.
        var invocation = OfferFixture.Invoke(StorefrontSigner, [StorefrontProof()]);
        var checks = 0;
        var options = Options() with
        {
            ValidateAuthorization = (_, _) =>
            {
                checks++;
                return ValueTask.FromResult(AuthorizationCheck.Fail(new StoreDown("revocations unavailable")));
            },
        };

        var result = await Validator.AccessAsync(invocation, DealerCapabilities.DealOffer, options, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsOk, Is.False);
            Assert.That(result.Error, Is.InstanceOf<StoreDown>());
            Assert.That(result.Error!.Message, Is.EqualTo("revocations unavailable"));
            Assert.That(checks, Is.EqualTo(1));
        });
    }

    private sealed class StoreDown(string message) : Failure(message)
    {
        public override string Name => "StoreOperationFailed";
    }

    [Test]
    public async Task Unauthorized_did_web_issuer_without_resolver()
    {
        var proof = OfferFixture.Delegate(DealerSigner, StorefrontWebDid);
        var invocation = OfferFixture.Invoke(StorefrontSigner.WithDid(StorefrontWebDid), [proof]);
        var error = await UnauthorizedAsync(invocation);
        Assert.That(error.Message, Is.EqualTo(ClaimLine + $"\n  - Unable to resolve '{StorefrontWebDid}' key"));
    }

    [Test]
    public async Task Authorized_did_web_issuer_through_resolved_keys_tried_in_turn()
    {
        var proof = OfferFixture.Delegate(DealerSigner, StorefrontWebDid);
        var invocation = OfferFixture.Invoke(StorefrontSigner.WithDid(StorefrontWebDid), [proof]);
        var options = Options() with
        {
            ResolveDidKey = (did, _) => ValueTask.FromResult(did == StorefrontWebDid
                ? DidKeyResolution.Ok([AgentDid, StorefrontDid])
                : DidKeyResolution.Fail(new DidKeyResolutionError(did))),
        };
        var authorization = await AuthorizedAsync(invocation, options);
        Assert.That(authorization.Issuer, Is.EqualTo(StorefrontWebDid));
    }

    [Test]
    public async Task Unauthorized_did_web_issuer_resolved_to_the_wrong_keys()
    {
        var proof = OfferFixture.Delegate(DealerSigner, StorefrontWebDid);
        var invocation = OfferFixture.Invoke(StorefrontSigner.WithDid(StorefrontWebDid), [proof]);
        var options = Options() with { ResolveDidKey = (_, _) => ValueTask.FromResult(DidKeyResolution.Ok([AgentDid, DealerDid])) };
        var error = await UnauthorizedAsync(invocation, options);
        Assert.That(error.Message, Does.Contain($"Proof {invocation.Cid} issued by {StorefrontWebDid} does not has a valid signature from {AgentDid}")
            .And.Contain($"does not has a valid signature from {DealerDid}")
            .And.Contain("ℹ️ Probably issuer signed with a different key"));
    }

    [Test]
    public async Task Unauthorized_when_the_did_resolver_throws()
    {
        var invocation = OfferFixture.Invoke(StorefrontSigner.WithDid(StorefrontWebDid), [OfferFixture.Delegate(DealerSigner, StorefrontWebDid)]);
        var options = Options() with { ResolveDidKey = (_, _) => throw new HttpRequestException("dns") };
        var error = await UnauthorizedAsync(invocation, options);
        Assert.That(error.Message, Does.EndWith($"Unable to resolve '{StorefrontWebDid}' key"));
    }

    [Test]
    public async Task Authorized_did_web_authority_delegation_verified_with_the_service_key()
    {
        var dealerWeb = DealerSigner.WithDid(DealerWebDid);
        var proof = OfferFixture.Delegate(dealerWeb, StorefrontDid, [new Capability("deal/offer", DealerWebDid)]);
        var invocation = OfferFixture.Invoke(StorefrontSigner, [proof], audience: DealerWebDid, with: DealerWebDid);
        var options = new ValidationOptions(DealerWebDid, dealerWeb.Verifier) { Clock = new FixedClock() };
        var authorization = await AuthorizedAsync(invocation, options);
        Assert.That(authorization.Proofs[0].Issuer, Is.EqualTo(DealerWebDid));

        // The same delegation signed by another key under the dealer's did:web is refused.
        var forged = OfferFixture.Delegate(MallorySigner.WithDid(DealerWebDid), StorefrontDid, [new Capability("deal/offer", DealerWebDid)]);
        var error = await UnauthorizedAsync(OfferFixture.Invoke(StorefrontSigner, [forged], audience: DealerWebDid, with: DealerWebDid), options);
        Assert.That(error.Message, Does.Contain($"Proof {forged.Cid} issued by {DealerWebDid} does not has a valid signature from {DealerDid}"));
    }

    private static readonly CapabilityDefinition Echo = new("test/echo");

    private static Delegation Attest(Ed25519Signer issuer, string audience, Cid proof, string? with = null) =>
        Delegation.Delegate(new DelegationOptions(issuer, audience,
            [new Capability("ucan/attest", with ?? issuer.Did, new Dictionary<string, object?>(StringComparer.Ordinal) { ["proof"] = proof })])
        {
            Expiration = OfferFixture.Year2100,
        });

    private static Delegation Invoke(ISigner issuer, string with, IReadOnlyList<Delegation> proofs) =>
        Invocation.Invoke(new DelegationOptions(issuer, DealerDid, [new Capability("test/echo", with)]) { Expiration = OfferFixture.Year2100, Proofs = proofs });

    [Test]
    public async Task Authorized_session_attested_by_the_service_skips_the_issuer_signature()
    {
        const string account = "did:mailto:example.com:alice";

        // Nobody can check a did:mailto signature; the service's ucan/attest vouches for the delegation instead.
        var login = Delegation.Delegate(new DelegationOptions(MallorySigner.WithDid(account), AgentDid, [new Capability("test/echo", account)])
        {
            Expiration = OfferFixture.Year2100,
        });
        var attestation = Attest(DealerSigner, AgentDid, login.Cid);
        var authorization = await AuthorizedAsync(Invoke(AgentSigner, account, [login, attestation]), capability: Echo);
        Assert.That(authorization.Proofs[0].Issuer, Is.EqualTo(account));
    }

    [Test]
    public async Task Unauthorized_session_attestation_for_another_ucan_falls_back_to_key_resolution()
    {
        const string account = "did:mailto:example.com:alice";
        var login = Delegation.Delegate(new DelegationOptions(MallorySigner.WithDid(account), AgentDid, [new Capability("test/echo", account)])
        {
            Expiration = OfferFixture.Year2100,
        });
        var attestation = Attest(DealerSigner, AgentDid, OfferFixture.Pieces.Cid);
        var result = await Validator.AccessAsync(Invoke(AgentSigner, account, [login, attestation]), Echo, Options(), CancellationToken.None);
        Assert.That(result.Error!.Message, Does.Contain($"Unable to resolve '{account}' key"));
    }

    [Test]
    public async Task Unauthorized_session_attested_by_someone_else_is_an_escalation()
    {
        const string account = "did:mailto:example.com:alice";
        var login = Delegation.Delegate(new DelegationOptions(MallorySigner.WithDid(account), AgentDid, [new Capability("test/echo", account)])
        {
            Expiration = OfferFixture.Year2100,
        });
        var attestation = Attest(MallorySigner, AgentDid, login.Cid, with: DealerDid);
        var result = await Validator.AccessAsync(Invoke(AgentSigner, account, [login, attestation]), Echo, Options(), CancellationToken.None);
        Assert.That(result.Error!.Message, Does.Contain($"Delegation {login.Cid} issued by {account} has an invalid session"));
    }

    [Test]
    public async Task Authorized_session_attested_by_a_principal_the_service_designated()
    {
        const string account = "did:mailto:example.com:alice";
        var login = Delegation.Delegate(new DelegationOptions(MallorySigner.WithDid(account), AgentDid, [new Capability("test/echo", account)])
        {
            Expiration = OfferFixture.Year2100,
        });

        // The service lets StorefrontSigner attest on its behalf (a local ucan/attest proof with with = service).
        var designation = Delegation.Delegate(new DelegationOptions(DealerSigner, StorefrontDid, [new Capability("ucan/attest", DealerDid)])
        {
            Expiration = OfferFixture.Year2100,
        });
        var attestation = Attest(StorefrontSigner, AgentDid, login.Cid);
        var options = Options() with { Proofs = [designation] };
        var authorization = await AuthorizedAsync(Invoke(AgentSigner, account, [login, attestation]), options, Echo);
        Assert.That(authorization.Proofs[0].Issuer, Is.EqualTo(account));
    }

    [Test]
    public async Task Unauthorized_jwt_form_proof_is_an_invalid_signature()
    {
        var payload = $"{{\"att\":[{{\"can\":\"deal/offer\",\"with\":\"{DealerDid}\"}}],\"aud\":\"{StorefrontDid}\",\"exp\":null,\"iss\":\"{DealerDid}\",\"prf\":[]}}";
        var jwt = "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCIsInVjdiI6IjAuOS4xIn0." + Base64Url(payload) + "." + Base64Url("signature");
        var jwtBlock = Block.Create(Cid.Hash(Multicodec.Raw, Encoding.UTF8.GetBytes(jwt)), Encoding.UTF8.GetBytes(jwt));
        var invocation = OfferFixture.Invoke(StorefrontSigner, proofLinks: [jwtBlock.Cid]);
        var blocks = new BlockSet();
        foreach (var block in invocation.IterateBlocks())
        {
            blocks.Add(block);
        }

        blocks.Add(jwtBlock);
        var error = await UnauthorizedAsync(Delegation.View(invocation.Root, blocks));
        Assert.That(error.Message, Does.EndWith(
            $"    - Capability can not be derived from prf:{jwtBlock.Cid} because:\n      - Proof {jwtBlock.Cid} does not has a valid signature from {DealerDid}"));
    }

    [Test]
    public async Task Limits_chain_deeper_than_the_maximum_is_not_followed()
    {
        var hop1 = OfferFixture.Delegate(DealerSigner, AgentDid);
        var hop2 = OfferFixture.Delegate(AgentSigner, StorefrontDid, proofs: [hop1]);
        var invocation = OfferFixture.Invoke(StorefrontSigner, [hop2]);
        var error = await UnauthorizedAsync(invocation, Options() with { MaxChainDepth = 1 });
        Assert.That(error.Message, Does.Contain("because the proof chain is longer than 1 delegations"));

        await AuthorizedAsync(invocation, Options() with { MaxChainDepth = 2 });
    }

    [Test]
    public async Task Limits_proofs_beyond_the_maximum_are_not_considered()
    {
        var misaligned = OfferFixture.Delegate(DealerSigner, AgentDid);
        var good = StorefrontProof();
        var invocation = OfferFixture.Invoke(StorefrontSigner, [misaligned, good]);
        var error = await UnauthorizedAsync(invocation, Options() with { MaxProofs = 1 });
        Assert.That(error.Message, Does.Contain($"Proof {good.Cid} is not considered because the validation already looked at 1 proofs"));

        await AuthorizedAsync(invocation, Options() with { MaxProofs = 2 });
    }

    private static string Base64Url(string text) => Multibase.EncodeRaw(MultibaseEncoding.Base64Url, Encoding.UTF8.GetBytes(text));
}
