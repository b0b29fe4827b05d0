using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Dealer.Service.Tests.Support;
using Dealer.Ucan.Client;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Transport;

namespace Dealer.Service.Tests.Http;

/// <summary>
/// A well-formed request that exceeds a limit is 413 naming the limit, over real HTTP to a running dealer (default
/// limits: 8 MiB body, 1 MiB blocks, 10,000 blocks).
/// </summary>
public sealed class RequestLimitTests
{
    private static TestDealer _dealer = null!;

    [OneTimeSetUp]
    public static async Task StartAsync() => _dealer = await TestDealer.StartAsync();

    [OneTimeTearDown]
    public static async Task StopAsync() => await _dealer.DisposeAsync();

    private static async Task<(int Status, string Text)> PostAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ipld.car");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
        request.Headers.TryAddWithoutValidation("accept", "application/vnd.ipld.car");
        using var response = await _dealer.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The request a storefront sends for <paramref name="invocation"/>, with <paramref name="extra"/> blocks appended.</summary>
    private static byte[] RequestWith(Delegation invocation, IEnumerable<Block> extra)
    {
        var request = UcanClient.ToRequest([invocation]);
        var car = Car.Decode(request.Body.Span);
        return Car.Encode(car.Roots, car.Blocks.Concat(extra));
    }

    private static Delegation ValidOffer(string nonce) => Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()], nonce: nonce);

    private static Block RawBlock(byte[] bytes) => Block.Create(Cid.Hash(0x55, bytes), bytes);

    [Test]
    public async Task A_valid_offer_with_an_unreferenced_4_MiB_block_is_413_naming_the_block_size_limit()
    {
        var body = RequestWith(ValidOffer("4 MiB"), [RawBlock(new byte[4 << 20])]);
        Assert.That(body, Has.Length.LessThan(8 << 20), "under the body limit");

        var (status, text) = await PostAsync(body);

        Assert.That(status, Is.EqualTo(413));
        Assert.That(text, Does.StartWith("Payload too large: the block-size limit of 1048576 is exceeded - "));
    }

    [Test]
    public async Task A_car_of_100000_tiny_blocks_is_413_naming_the_block_count_limit_in_bounded_time()
    {
        var blocks = Enumerable.Range(0, 100_000).Select(i => RawBlock(BitConverter.GetBytes(i)));
        var body = RequestWith(ValidOffer("tiny"), blocks);
        Assert.That(body, Has.Length.LessThan(8 << 20), "under the body limit");

        var clock = Stopwatch.StartNew();
        var (status, text) = await PostAsync(body);

        Assert.That(status, Is.EqualTo(413));
        Assert.That(text, Does.StartWith("Payload too large: the block-count limit of 10000 is exceeded - "));
        // Refused at block 10,001, long before the end: far below the client's 30 s timeout even on a busy machine.
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public async Task A_declared_body_over_the_limit_is_413_naming_the_body_size_limit_before_it_is_sent()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_dealer.Url.Host, _dealer.Url.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST / HTTP/1.1\r\nHost: {_dealer.Url.Authority}\r\nContent-Type: application/vnd.ipld.car\r\nContent-Length: {(8 << 20) + 1}\r\n\r\n"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var answer = new byte[4096];
        var read = await stream.ReadAsync(answer, timeout.Token);
        var text = Encoding.ASCII.GetString(answer, 0, read);

        Assert.That(text, Does.StartWith("HTTP/1.1 413 "));
        Assert.That(text, Does.Contain("Payload too large: the body-size limit of 8388608 is exceeded - "));
    }

    /// <summary>
    /// A request for <paramref name="invocation"/> whose invocation block is re-encoded after <paramref name="change"/>
    /// (which may add blocks): hostile bytes that no view would let a client build. Signatures no longer verify, but
    /// the decoding limits are reached first.
    /// </summary>
    private static byte[] Tampered(Delegation invocation, Action<Dictionary<string, object?>, List<Block>> change)
    {
        var car = Car.Decode(UcanClient.ToRequest([invocation]).Body.Span);
        var blocks = car.Blocks.Where(block => block.Cid != invocation.Cid && block.Cid != car.Roots[0]).ToList();
        var ucan = (Dictionary<string, object?>)DagCbor.Decode(invocation.Root.Bytes)!;
        change(ucan, blocks);
        var tampered = Block.Encode(ucan);
        var message = Block.Encode(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [AgentMessage.Tag] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["execute"] = new List<object?> { tampered.Cid } },
        });
        return Car.Encode([message.Cid], [.. blocks, tampered, message]);
    }

    [Test]
    public async Task An_invocation_nested_deeper_than_the_cbor_limit_is_413_naming_the_depth_limit()
    {
        object? nested = "leaf";
        for (var i = 0; i < 70; i++)
        {
            nested = new List<object?> { nested };
        }

        var (status, text) = await PostAsync(Tampered(ValidOffer("deep"), (ucan, _) => ucan["fct"] = new List<object?> { new Dictionary<string, object?> { ["deep"] = nested } }));

        Assert.That(status, Is.EqualTo(413));
        Assert.That(text, Does.StartWith("Payload too large: the depth limit of 64 is exceeded - "));
    }

    [Test]
    public async Task A_ucan_with_more_proof_links_than_the_limit_is_413_naming_the_proofs_limit()
    {
        var links = Enumerable.Range(0, 65).Select(i => (object?)Cid.Hash(0x71, BitConverter.GetBytes(i))).ToList();

        var (status, text) = await PostAsync(Tampered(ValidOffer("proofs"), (ucan, _) => ucan["prf"] = links));

        Assert.That(status, Is.EqualTo(413));
        Assert.That(text, Does.StartWith("Payload too large: the proofs limit of 64 is exceeded - "));
    }

    [Test]
    public async Task A_chain_of_embedded_proofs_deeper_than_the_limit_is_413_naming_the_chain_length_limit()
    {
        // 33 embedded delegations, each citing the one before it as its proof.
        var proof = Vectors.StorefrontProof();
        var (status, text) = await PostAsync(Tampered(ValidOffer("chain"), (ucan, blocks) =>
        {
            var link = proof.Cid;
            for (var i = 0; i < 33; i++)
            {
                var level = (Dictionary<string, object?>)DagCbor.Decode(proof.Root.Bytes)!;
                level["prf"] = new List<object?> { link };
                level["nnc"] = i.ToString(CultureInfo.InvariantCulture);
                var block = Block.Encode(level);
                blocks.Add(block);
                link = block.Cid;
            }

            ucan["prf"] = new List<object?> { link };
        }));

        Assert.That(status, Is.EqualTo(413));
        Assert.That(text, Does.StartWith("Payload too large: the chain-length limit of 32 is exceeded - "));
    }

    [Test]
    public async Task A_valid_offer_within_every_limit_is_still_answered()
    {
        var (status, _) = await PostAsync(RequestWith(ValidOffer("within"), [RawBlock(new byte[1 << 19])]));

        Assert.That(status, Is.EqualTo(200));
    }
}
