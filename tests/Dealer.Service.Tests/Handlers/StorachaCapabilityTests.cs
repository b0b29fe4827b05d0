using Dealer.Service.Configuration;
using Dealer.Service.Hosting;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Tokens;

namespace Dealer.Service.Tests.Handlers;

/// <summary>
/// What the @storacha pipeline needs beyond deal/offer: the self-issued aggregate/offer of a trusted aggregator,
/// deal/info with every deal of an aggregate, and InvalidPiece for a refused aggregate/accept. Over real HTTP, on the
/// embedded store and on the AWS stores.
/// </summary>
[TestFixture(nameof(StoreKind.Embedded))]
[TestFixture(nameof(StoreKind.Aws))]
public sealed class StorachaCapabilityTests
{
    private readonly StoreKind _store;

    public StorachaCapabilityTests(string store) => _store = Enum.Parse<StoreKind>(store);

    private Task<TestDealer> StartAsync(params string[] trusted) => TestDealer.StartAsync(store: _store,
        configureServices: services => services.AddInterop(new InteropOptions { TrustedAggregators = TrustedAggregators.Parse(trusted) }));

    /// <summary>aggregate/offer as filecoin-api's aggregator sends it with its own key: with = issuer, no proofs, exp null.</summary>
    private static Delegation SelfIssuedOffer(Ed25519Signer issuer, string? with = null, IReadOnlyList<Delegation>? proofs = null,
        string can = DealerCapabilities.AggregateOfferAbility)
    {
        var block = Offers.PiecesBlock(Vectors.Pieces());
        return Invocation.Invoke(new DelegationOptions(issuer, TestPrincipals.DealerDid,
            [new Capability(can, with ?? issuer.Did, new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [DealCaveats.AggregateField] = Cid.Parse(Vectors.Aggregate),
                [DealCaveats.PiecesField] = block.Cid,
            })])
        {
            Expiration = null,
            Proofs = proofs,
            AttachedBlocks = [block],
        });
    }

    private static Delegation DealInfo(Ed25519Signer issuer, Cid piece, IReadOnlyList<Delegation>? proofs, string with = TestPrincipals.DealerDid) =>
        Invocation.Invoke(new DelegationOptions(issuer, TestPrincipals.DealerDid,
            [new Capability(DealerCapabilities.DealInfoAbility, with, new Dictionary<string, object?>(StringComparer.Ordinal) { ["piece"] = piece })])
        {
            Expiration = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60,
            Proofs = proofs,
        });

    private static IReadOnlyDictionary<string, object?> Map(object? value) => (IReadOnlyDictionary<string, object?>)value!;

    [Test]
    public async Task Trusted_aggregator_self_issued_offer_is_accepted_with_its_issuer_as_tenant()
    {
        await using var dealer = await StartAsync(TestPrincipals.AggregatorSigner.Did);

        var receipt = await dealer.InvokeAsync(SelfIssuedOffer(TestPrincipals.AggregatorSigner));

        Assert.That(receipt.Out.IsOk, Is.True, receipt.Out.ErrorName);
        var pieces = Offers.PiecesBlock(Vectors.Pieces()).Cid;
        Assert.That(receipt.Join, Is.EqualTo(DealerCapabilities.AggregateAcceptInvocation(TestPrincipals.DealerSigner, new AggregateCaveats(Cid.Parse(Vectors.Aggregate), pieces)).Cid),
            "the join is the dealer's own aggregate/accept, as for a delegated offer");
        var offer = await dealer.Stores.Offers.FindAsync(Vectors.Aggregate);
        Assert.That(offer!.Tenant, Is.EqualTo(TestPrincipals.AggregatorSigner.Did));
    }

    [Test]
    public async Task Self_issued_offers_of_others_and_other_abilities_stay_UnsupportedCapability()
    {
        await using var dealer = await StartAsync(TestPrincipals.AggregatorSigner.Did);

        var stranger = await dealer.InvokeAsync(SelfIssuedOffer(TestPrincipals.StorefrontSigner));
        var accept = await dealer.InvokeAsync(SelfIssuedOffer(TestPrincipals.AggregatorSigner, can: DealerCapabilities.AggregateAcceptAbility));
        // The storefront invokes on the aggregator's DID with a delegation from the aggregator: not self-issued.
        var onBehalf = await dealer.InvokeAsync(SelfIssuedOffer(TestPrincipals.StorefrontSigner, with: TestPrincipals.AggregatorSigner.Did, proofs:
        [
            Delegation.Delegate(new DelegationOptions(TestPrincipals.AggregatorSigner, TestPrincipals.StorefrontDid,
                [new Capability(DealerCapabilities.AggregateOfferAbility, TestPrincipals.AggregatorSigner.Did)])),
        ]));

        Assert.Multiple(() =>
        {
            Assert.That(stranger.Out.ErrorName, Is.EqualTo("UnsupportedCapability"));
            Assert.That(accept.Out.ErrorName, Is.EqualTo("UnsupportedCapability"));
            Assert.That(onBehalf.Out.ErrorName, Is.EqualTo("UnsupportedCapability"));
        });
        Assert.That(await dealer.Stores.Offers.FindAsync(Vectors.Aggregate), Is.Null);
    }

    [Test]
    public async Task Deal_info_lists_every_deal_of_an_offered_aggregate_and_DealNotFound_for_others()
    {
        await using var dealer = await StartAsync(TestPrincipals.AggregatorSigner.Did);
        var aggregate = Cid.Parse(Vectors.Aggregate);
        var proof = Offers.StorefrontProof(ability: DealerCapabilities.DealInfoAbility);

        var unknown = await dealer.InvokeAsync(DealInfo(TestPrincipals.StorefrontSigner, aggregate, [proof]));
        Assert.That(unknown.Out.ErrorName, Is.EqualTo("DealNotFound"));

        Assert.That((await dealer.InvokeAsync(SelfIssuedOffer(TestPrincipals.AggregatorSigner))).Out.IsOk, Is.True);
        var pending = await dealer.InvokeAsync(DealInfo(TestPrincipals.StorefrontSigner, aggregate, [proof]));
        Assert.That(Map(Map(pending.Out.Ok)["deals"]), Is.Empty, "an offered aggregate without a deal has no deals yet");

        await dealer.Stores.Ledger.RecordAsync(new DealVerdict(Vectors.Aggregate, true, 111, "f0111", null, DateTimeOffset.UtcNow));
        await dealer.Stores.Ledger.RecordAsync(new DealVerdict(Vectors.Aggregate, true, 222, "f0222", null, DateTimeOffset.UtcNow));
        var both = await dealer.InvokeAsync(DealInfo(TestPrincipals.StorefrontSigner, aggregate, [proof]));

        Assert.That(both.Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
        var deals = Map(Map(both.Out.Ok)["deals"]);
        Assert.Multiple(() =>
        {
            Assert.That(deals.Keys, Is.EquivalentTo(new[] { "111", "222" }));
            Assert.That(Map(deals["111"])["provider"], Is.EqualTo("f0111"));
            Assert.That(Map(deals["222"])["provider"], Is.EqualTo("f0222"));
        });
    }

    [Test]
    public async Task Deal_info_needs_a_delegation_from_the_dealer_on_the_dealer()
    {
        await using var dealer = await StartAsync();
        var aggregate = Cid.Parse(Vectors.Aggregate);

        var none = await dealer.InvokeAsync(DealInfo(TestPrincipals.StorefrontSigner, aggregate, proofs: null));
        var offerOnly = await dealer.InvokeAsync(DealInfo(TestPrincipals.StorefrontSigner, aggregate, [Offers.StorefrontProof()]));
        var elsewhere = await dealer.InvokeAsync(DealInfo(TestPrincipals.StorefrontSigner, aggregate, proofs: null, with: TestPrincipals.StorefrontDid));

        Assert.Multiple(() =>
        {
            Assert.That(none.Out.ErrorName, Is.EqualTo("Unauthorized"));
            Assert.That(offerOnly.Out.ErrorName, Is.EqualTo("Unauthorized"), "a deal/offer delegation does not cover deal/info");
            Assert.That(elsewhere.Out.ErrorName, Is.EqualTo("UnsupportedCapability"));
        });
    }

    [Test]
    public async Task Refused_aggregate_accept_is_InvalidPiece_with_the_aggregate_and_a_cause_list()
    {
        await using var dealer = await StartAsync(TestPrincipals.AggregatorSigner.Did);
        var offer = await dealer.InvokeAsync(SelfIssuedOffer(TestPrincipals.AggregatorSigner));
        await Eventually.GetAsync(() => dealer.Stores.Deals.GetAsync(Vectors.Aggregate));
        var blamed = Vectors.Pieces()[1];
        await dealer.Stores.Ledger.RecordAsync(new DealVerdict(Vectors.Aggregate, false, null, null, "no provider took it", DateTimeOffset.UtcNow)
        {
            InvalidPieces = [blamed.ToString()],
        });

        var tick = await dealer.Cron.TickAsync(CancellationToken.None);

        Assert.That(tick.Rejected, Is.EqualTo(1));
        using var response = await dealer.Http.GetAsync($"/receipt/{offer.Join}");
        var receipt = Receipt.Extract(await response.Content.ReadAsByteArrayAsync());
        var error = Map(receipt.Out.Error);
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
            Assert.That(error["name"], Is.EqualTo("InvalidPiece"));
            Assert.That(error["message"], Is.EqualTo("no provider took it"));
            Assert.That(error["aggregate"], Is.EqualTo(Cid.Parse(Vectors.Aggregate)));
            var cause = Map(((IReadOnlyList<object?>)error["cause"]!).Single());
            Assert.That(cause["name"], Is.EqualTo("InvalidPieceCID"));
            Assert.That(cause["piece"], Is.EqualTo(blamed));
        });
    }
}
