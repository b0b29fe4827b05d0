using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Dealer.Store.Abstractions;
using Dealer.Store.Aws;
using Dealer.Store.Tests.Contracts;

namespace Dealer.Store.Tests.Aws;

/// <summary>
/// The SDK's call metrics on the <see cref="AwsStores.MeterName"/> meter, counted on the local servers: what an offer
/// unit costs in calls, and a failed call counted as an error of its operation.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class AwsCallMetricsTests
{
    private DealerStores? _stores;

    [SetUp]
    public async Task OpenAsync() => _stores = (await AwsEmulator.CreateStoresAsync()).Stores;

    [TearDown]
    public async Task CloseAsync()
    {
        if (_stores is not null)
        {
            await _stores.DisposeAsync();
        }
    }

    [Test]
    public async Task A_new_offer_unit_costs_a_put_two_objects_a_batched_send_and_a_mark()
    {
        var stores = _stores!;
        // Resolves and caches the queue URL, which only the first call of a process looks up.
        await stores.Queue.CountAsync();
        var offer = TestData.Offer(TestData.At(10));
        using var calls = new CallCounter();

        var body = "{\"aggregate\":\"" + offer.Aggregate + "\"}";

        await stores.Committer.CommitAsync(new OfferUnit(offer, body) { ReceiptInvocation = offer.Invocation, ReceiptCar = new byte[] { 1, 2, 3 } });

        Assert.That(calls.Snapshot(), Is.EquivalentTo(new Dictionary<string, long>
        {
            ["DynamoDB PutItem"] = 1,
            ["S3 PutObject"] = 2,
            ["SQS SendMessageBatch"] = 1,
            ["DynamoDB UpdateItem"] = 1,
        }));
    }

    [Test]
    public async Task A_missing_receipt_is_one_GetObject_counted_as_an_error()
    {
        using var calls = new CallCounter();

        Assert.That(await _stores!.Receipts.GetFinalAsync(TestData.Cid()), Is.Null);

        Assert.Multiple(() =>
        {
            Assert.That(calls.Snapshot(), Is.EquivalentTo(new Dictionary<string, long> { ["S3 GetObject"] = 1 }));
            Assert.That(calls.Errors(), Is.EquivalentTo(new Dictionary<string, long> { ["S3 GetObject NoSuchKeyException"] = 1 }));
        });
    }

    /// <summary>Counts the calls (<c>client.call.duration</c> measurements) and errors recorded while it listens.</summary>
    private sealed class CallCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _calls = new();
        private readonly ConcurrentDictionary<string, long> _errors = new();

        public CallCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AwsStores.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
            {
                if (instrument.Name == "client.call.duration")
                {
                    _calls.AddOrUpdate(Key(tags), 1, (_, n) => n + 1);
                }
            });
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                if (instrument.Name == "client.call.errors")
                {
                    _errors.AddOrUpdate(Key(tags), value, (_, n) => n + value);
                }
            });
            _listener.Start();
        }

        public Dictionary<string, long> Snapshot() => new(_calls);

        public Dictionary<string, long> Errors() => new(_errors);

        public void Dispose() => _listener.Dispose();

        private static string Key(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? service = null, method = null, exception = null;
            foreach (var (name, value) in tags)
            {
                switch (name)
                {
                    case "rpc.service": service = value?.ToString(); break;
                    case "rpc.method": method = value?.ToString(); break;
                    case "exception.type": exception = value?.ToString(); break;
                }
            }

            return exception is null ? $"{service} {method}" : $"{service} {method} {exception}";
        }
    }
}
