using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Dealer.Service.Tests.Support;
using Dealer.Ucan.Client;

namespace Dealer.Service.Tests.Http;

/// <summary>
/// Slow and stalled uploads over real loopback connections: memory follows the bytes received, not the bytes
/// declared; the in-flight body budget answers 503 instead of growing; trickling clients are cut off by the minimum
/// data rate and never stop others' offers from being answered.
/// </summary>
public sealed class SlowClientTests
{
    private const int DeclaredBody = 8 << 20;

    /// <summary>Opens a connection and sends the headers of a POST declaring <paramref name="declared"/> bytes, then <paramref name="first"/>.</summary>
    private static async Task<TcpClient> OpenUploadAsync(Uri url, long declared, byte[] first)
    {
        var client = new TcpClient();
        await client.ConnectAsync(url.Host, url.Port);
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"POST / HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/vnd.ipld.car\r\nAccept: application/vnd.ipld.car\r\nContent-Length: {declared}\r\n\r\n"));
        var stream = client.GetStream();
        await stream.WriteAsync(head);
        await stream.WriteAsync(first);
        return client;
    }

    private static async Task<int> SendOneByteEachAsync(IEnumerable<TcpClient> clients)
    {
        var open = 0;
        foreach (var client in clients)
        {
            try
            {
                await client.GetStream().WriteAsync(new byte[] { 0x0a });
                open++;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or SocketException)
            {
                // Closed by the server: the minimum data rate at work.
            }
        }

        return open;
    }

    private static async Task AssertOffersAnsweredAsync(Uri url, string nonce, int count)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var client = new UcanClient(http, url, TestPrincipals.DealerSigner.Verifier);
        for (var i = 0; i < count; i++)
        {
            var receipt = await client.InvokeAsync(
                Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: $"{nonce} {i}"), CancellationToken.None);
            Assert.That(receipt.Out.IsOk, Is.True, $"offer {i} while the slow clients are connected");
        }
    }

    /// <summary>A valid offer request with an unreferenced raw block of <paramref name="padding"/> bytes at its end.</summary>
    private static byte[] RequestWithPadding(string nonce, int padding)
    {
        var request = UcanClient.ToRequest([Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: nonce)]);
        var car = Dealer.Ucan.Transport.Car.Decode(request.Body.Span);
        var bytes = new byte[padding];
        bytes[0] = 1;
        var block = Dealer.Ucan.Ipld.Block.Create(Dealer.Ucan.Ipld.Cid.Hash(0x55, bytes), bytes);
        return Dealer.Ucan.Transport.Car.Encode(car.Roots, [.. car.Blocks, block]);
    }

    [Test]
    public async Task Hundreds_of_stalled_8_MiB_uploads_leave_the_dealer_process_rss_within_64_MiB_of_its_idle_size()
    {
        var dataDirectory = TestDealer.NewDataDirectory();
        await using var dealer = await DealerProcess.StartAsync(["--data-dir", dataDirectory]);
        var clients = new List<TcpClient>();
        try
        {
            await AssertOffersAnsweredAsync(dealer.Url, "warm-up", 3);
            var idle = dealer.ResidentBytes();

            for (var i = 0; i < 300; i++)
            {
                clients.Add(await OpenUploadAsync(dealer.Url, DeclaredBody, [0x0a, 0xa1]));
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.That(await SendOneByteEachAsync(clients), Is.EqualTo(clients.Count), "all 300 uploads are still open");
            await AssertOffersAnsweredAsync(dealer.Url, "meanwhile", 5);
            var loaded = dealer.ResidentBytes();

            // Before bodies streamed, each of them allocated its declared 8 MiB up front: 2.4 GB for 300.
            TestContext.Out.WriteLine($"dealer RSS idle {idle >> 20} MiB, with 300 stalled 8 MiB uploads {loaded >> 20} MiB");
            Assert.That(loaded - idle, Is.LessThan(64L << 20));
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
            TestDealer.TryDelete(dataDirectory);
        }
    }

    [Test]
    public async Task Two_hundred_trickling_uploads_do_not_stop_offers_and_are_cut_off_by_the_minimum_data_rate()
    {
        var dataDirectory = TestDealer.NewDataDirectory();
        await using var dealer = await DealerProcess.StartAsync(["--data-dir", dataDirectory]);
        var clients = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 200; i++)
            {
                clients.Add(await OpenUploadAsync(dealer.Url, DeclaredBody, [0x0a]));
            }

            // One byte per second each, for longer than the 5-second grace period of the 240 B/s minimum rate.
            var stillOpen = clients.Count;
            for (var second = 0; second < 12 && stillOpen > 0; second++)
            {
                await AssertOffersAnsweredAsync(dealer.Url, $"second {second}", 1);
                await Task.Delay(TimeSpan.FromSeconds(1));
                stillOpen = await SendOneByteEachAsync(clients);
            }

            // A few writes may still land in the socket buffer after the server has cut the connection; then they fail.
            stillOpen = await SendOneByteEachAsync(clients);
            Assert.That(stillOpen, Is.Zero, "the trickling uploads were cut off");
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
            TestDealer.TryDelete(dataDirectory);
        }
    }

    [Test]
    public async Task A_body_that_does_not_fit_the_in_flight_budget_is_503_with_retry_after()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with { MaxBodySize = 64 << 10, MaxInFlightBodyBytes = 64 << 10 });

        // One upload sends all but the last 3 KiB of a request whose last block is 60 KiB, and waits: the CAR reader
        // holds those bytes while it waits for the rest of the block.
        var holding = RequestWithPadding("holder", 60 << 10);
        using var holder = await OpenUploadAsync(dealer.Url, holding.Length, holding[..^(3 << 10)]);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        using var content = new ByteArrayContent(RequestWithPadding("refused", 8 << 10));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.ipld.car");
        using var refused = await dealer.Http.PostAsync("/", content);

        Assert.That((int)refused.StatusCode, Is.EqualTo(503), await refused.Content.ReadAsStringAsync());
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));

        // Once the holder is gone, its bytes are given back and offers are answered again.
        holder.Dispose();
        var answered = await Eventually.GetAsync(async () =>
        {
            using var body = new ByteArrayContent(RequestWithPadding(Guid.NewGuid().ToString(), 8 << 10));
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.ipld.car");
            using var response = await dealer.Http.PostAsync("/", body);
            return response.IsSuccessStatusCode ? response : null;
        });
        Assert.That((int)answered.StatusCode, Is.EqualTo(200));
    }
}
