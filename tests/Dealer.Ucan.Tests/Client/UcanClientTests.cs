using System.Net;
using Dealer.Ucan.Client;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Server;
using Dealer.Ucan.Tests.Server;
using static Dealer.Testing.TestPrincipals;

namespace Dealer.Ucan.Tests.Client;

public sealed class UcanClientTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1/");

    private static Delegation Offer(string nonce) => OfferFixture.Invoke(StorefrontSigner, [OfferFixture.Delegate(DealerSigner, StorefrontDid)], nonce: nonce);

    private static (UcanClient Client, HttpClient Http) Connect(UcanServer server, Dealer.Ucan.Principals.IVerifier? service = null)
    {
        var http = new HttpClient(new InProcessHandler(server));
        return (new UcanClient(http, Endpoint, service), http);
    }

    [Test]
    public async Task Invoke_returns_the_verified_receipt_of_the_invocation()
    {
        var (client, http) = Connect(new UcanServer(ServerHarness.Options()), DealerSigner.Verifier);
        using (http)
        {
            var invocation = Offer("client");
            var receipt = await client.InvokeAsync(invocation, CancellationToken.None);
            Assert.Multiple(() =>
            {
                Assert.That(receipt.Ran, Is.EqualTo(invocation.Cid));
                Assert.That(receipt.Out.IsOk, Is.True);
                Assert.That(receipt.Join, Is.Not.Null);
            });
        }
    }

    [Test]
    public async Task Execute_returns_receipts_in_invocation_order()
    {
        var (client, http) = Connect(new UcanServer(ServerHarness.Options()));
        using (http)
        {
            var rejected = OfferFixture.Invoke(AgentSigner);
            var accepted = Offer("second");
            var receipts = await client.ExecuteAsync([rejected, accepted], CancellationToken.None);
            Assert.Multiple(() =>
            {
                Assert.That(receipts.Select(r => r.Ran), Is.EqualTo(new[] { rejected.Cid, accepted.Cid }));
                Assert.That(receipts[0].Out.ErrorName, Is.EqualTo("Unauthorized"));
                Assert.That(receipts[1].Out.IsOk, Is.True);
            });
        }
    }

    [Test]
    public async Task Receipts_not_signed_by_the_expected_service_are_refused()
    {
        var (client, http) = Connect(new UcanServer(ServerHarness.Options()), MallorySigner.Verifier);
        using (http)
        {
            Assert.That(async () => await client.InvokeAsync(Offer("mallory"), CancellationToken.None),
                Throws.InstanceOf<FormatException>().With.Message.Contains("is not signed by " + MallorySigner.Did));
        }
    }

    [Test]
    public void Non_success_status_is_an_http_request_exception_with_the_status()
    {
        var response = new ServerResponse(415, new Dictionary<string, string>(), "nope"u8.ToArray());
        Assert.That(() => UcanClient.ReadResponse(response, [Offer("x")]),
            Throws.InstanceOf<HttpRequestException>().With.Property(nameof(HttpRequestException.StatusCode)).EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task Response_without_a_receipt_for_the_invocation_is_refused()
    {
        var server = new UcanServer(ServerHarness.Options());
        var response = await server.HandleAsync(UcanClient.ToRequest([Offer("a")]), CancellationToken.None);
        Assert.That(() => UcanClient.ReadResponse(response, [Offer("b")]),
            Throws.InstanceOf<FormatException>().With.Message.Contains("has no receipt"));
    }

    [Test]
    public async Task Client_sends_exactly_the_two_ucanto_headers_over_real_http()
    {
        var port = LoopbackPorts.Unused();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var server = new UcanServer(ServerHarness.Options());

        var serving = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in context.Request.Headers.AllKeys)
            {
                headers[name!] = context.Request.Headers[name]!;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var response = await server.HandleAsync(new ServerRequest(headers, body.ToArray()), CancellationToken.None);
            context.Response.StatusCode = response.Status;
            foreach (var (name, value) in response.Headers)
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.OutputStream.WriteAsync(response.Body);
            context.Response.Close();
            return (context.Request.HttpMethod, headers);
        });

        using var http = new HttpClient();
        var client = new UcanClient(http, new Uri($"http://127.0.0.1:{port}/"), DealerSigner.Verifier);
        var receipt = await client.InvokeAsync(Offer("http"), CancellationToken.None);
        var (method, seen) = await serving;
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Out.IsOk, Is.True);
            Assert.That(method, Is.EqualTo("POST"));
            Assert.That(seen["content-type"], Is.EqualTo("application/vnd.ipld.car"));
            Assert.That(seen["accept"], Is.EqualTo("application/vnd.ipld.car"));
        });
    }
}
