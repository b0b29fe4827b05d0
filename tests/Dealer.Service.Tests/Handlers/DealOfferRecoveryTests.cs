using Dealer.Service.Handlers;
using Dealer.Service.Hosting;
using Dealer.Service.Tests.Support;
using Dealer.Service.Tracking;
using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Dealer.Ucan.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dealer.Service.Tests.Handlers;

/// <summary>
/// An offer interrupted between the offer-store and the dealer-queue is finished by the next attempt, without a
/// second offer or message; the dispatch path is the server's own (<c>UcanServer.RunAsync</c>).
/// </summary>
public sealed class DealOfferRecoveryTests
{
    [Test]
    public async Task Queue_outage_gives_QueueOperationFailed_and_a_retry_completes_the_offer_once()
    {
        var directory = TestDealer.NewDataDirectory();
        await using var real = EmbeddedStores.Open(directory);
        var queue = new SwitchableQueue(real.Queue) { Down = true };
        var stores = new DealerStores(real.Offers, real.Deals, real.Receipts, queue, real.Revocations, real.Ledger);
        var server = Server(stores, directory);
        var invocation = Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: "recovery");
        try
        {
            var failed = await server.RunAsync(invocation, invocation.Blocks, CancellationToken.None);
            Assert.That(failed.Out.ErrorName, Is.EqualTo(DealerErrors.QueueOperationFailed));
            Assert.That(await real.Offers.FindAsync(Vectors.Aggregate), Is.Not.Null, "the offer object is written before the enqueue");

            queue.Down = false;
            var retried = await server.RunAsync(invocation, invocation.Blocks, CancellationToken.None);
            var other = Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: "recovery-2");
            var reoffered = await server.RunAsync(other, other.Blocks, CancellationToken.None);

            Assert.Multiple(() =>
            {
                Assert.That(retried.Out.IsOk, Is.True, "an error receipt is not final: the same invocation runs again");
                Assert.That(reoffered.Out.IsOk, Is.True);
                Assert.That(reoffered.Join, Is.EqualTo(retried.Join));
            });
            Assert.That(await real.Queue.ReceiveAsync(10, TimeSpan.Zero), Has.Count.EqualTo(1));
            Assert.That(await real.Offers.ListKeysAsync().ToListAsync(), Has.Count.EqualTo(1));
        }
        finally
        {
            TestDealer.TryDelete(directory);
        }
    }

    [Test]
    public async Task A_store_error_no_handler_expects_ends_as_a_HandlerExecutionError_receipt_and_nothing_is_written()
    {
        var directory = TestDealer.NewDataDirectory();
        await using var real = EmbeddedStores.Open(directory);
        var stores = new DealerStores(new FaultyOfferStore(real.Offers), real.Deals, real.Receipts, real.Queue, real.Revocations, real.Ledger);
        var server = Server(stores, directory);
        var invocation = Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: "unexpected");
        try
        {
            var failed = await server.RunAsync(invocation, invocation.Blocks, CancellationToken.None);
            var error = (IReadOnlyDictionary<string, object?>)failed.Out.Error!;
            var cause = (IReadOnlyDictionary<string, object?>)error["cause"]!;

            Assert.Multiple(() =>
            {
                Assert.That(failed.Out.ErrorName, Is.EqualTo("HandlerExecutionError"));
                Assert.That(failed.Out.ErrorMessage, Is.EqualTo("service handler {can: \"deal/offer\"} error: " + FaultyOfferStore.Message));
                Assert.That(cause["name"], Is.EqualTo(nameof(InvalidOperationException)));
            });
            Assert.That(await real.Queue.ReceiveAsync(10, TimeSpan.Zero), Is.Empty);
            Assert.That(await real.Offers.FindAsync(Vectors.Aggregate), Is.Null);
        }
        finally
        {
            TestDealer.TryDelete(directory);
        }
    }

    /// <summary>The dealer's server over <paramref name="stores"/>, dispatching as <c>dealer serve</c> does.</summary>
    private static UcanServer Server(DealerStores stores, string directory) => DealerServerFactory.Create(
        TestPrincipals.DealerSigner,
        stores,
        new DealOfferHandler(stores, TestDealer.DefaultOptions(directory), NullLogger<DealOfferHandler>.Instance),
        new DealReportHandler(new LedgerDealTracker(stores.Ledger), NullLogger<DealReportHandler>.Instance),
        TimeProvider.System,
        NullLogger.Instance);
}
