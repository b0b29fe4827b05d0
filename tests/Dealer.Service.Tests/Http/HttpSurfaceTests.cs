using System.Net.Http.Headers;
using System.Text.Json;
using Dealer.Service.Tests.Support;

namespace Dealer.Service.Tests.Http;

/// <summary>The HTTP surface answers bad input with 4xx statuses, never with a 500 or a hang.</summary>
public sealed class HttpSurfaceTests
{
    private static TestDealer _dealer = null!;

    [OneTimeSetUp]
    public static async Task StartAsync() => _dealer = await TestDealer.StartAsync(options => options with { MaxBodySize = 4096 });

    [OneTimeTearDown]
    public static async Task StopAsync() => await _dealer.DisposeAsync();

    private static async Task<HttpResponseMessage> PostAsync(byte[] body, string? contentType = "application/vnd.ipld.car", string? accept = "application/vnd.ipld.car")
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("accept", accept);
        }

        return await _dealer.Http.SendAsync(request);
    }

    [Test]
    public async Task Wrong_content_type_is_415_with_an_accept_header()
    {
        using var response = await PostAsync(Vectors.Read("b-deal-offer-request.car"), contentType: "application/json");

        Assert.That((int)response.StatusCode, Is.EqualTo(415));
        Assert.That(response.Headers.TryGetValues("accept", out var accept) ? accept.Single() : null, Is.EqualTo("application/vnd.ipld.car"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("The server cannot process the request because the payload format is not supported."));
    }

    [Test]
    public async Task Unacceptable_accept_header_is_406()
    {
        using var response = await PostAsync(Vectors.Read("b-deal-offer-request.car"), accept: "application/json");

        Assert.That((int)response.StatusCode, Is.EqualTo(406));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("The requested resource cannot be served in the requested content type."));
    }

    [Test]
    public async Task Garbage_body_is_400_malformed_payload()
    {
        using var response = await PostAsync([0x01, 0x02, 0x03]);

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("Bad request: Malformed payload - "));
    }

    [Test]
    public async Task Message_executing_a_missing_invocation_block_is_400()
    {
        var message = Dealer.Ucan.Messages.AgentMessage.Build([Offers.DealOffer(TestPrincipals.StorefrontSigner, [Vectors.StorefrontProof()])]);
        var car = Dealer.Ucan.Transport.Car.Encode([message.Cid], [message.Root]);

        using var response = await PostAsync(car);

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("Bad request: Malformed payload - "));
    }

    [Test]
    public async Task Body_over_the_limit_is_413()
    {
        using var response = await PostAsync(new byte[5000]);

        Assert.That((int)response.StatusCode, Is.EqualTo(413));
    }

    [Test]
    public async Task Chunked_body_over_the_limit_is_413()
    {
        // A CAR whose header declares 9,000 bytes: well-formed as far as it goes, so the body limit (4,096) and not a
        // decoding error decides the answer, however the chunks arrive.
        var body = new byte[10000];
        body[0] = 0xA8;
        body[1] = 0x46;
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ipld.car");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _dealer.Http.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(413));
    }

    [Test]
    public async Task Home_page_names_the_service_and_its_did()
    {
        using var response = await _dealer.Http.GetAsync("/");

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.StartWith("dealer "));
        Assert.That(text, Does.Contain(TestPrincipals.DealerDid));
    }

    [Test]
    public async Task Version_is_json_with_name_version_and_did()
    {
        using var response = await _dealer.Http.GetAsync("/version");

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("name").GetString(), Is.EqualTo("dealer"));
            Assert.That(json.RootElement.GetProperty("version").GetString(), Is.Not.Empty);
            Assert.That(json.RootElement.GetProperty("did").GetString(), Is.EqualTo(TestPrincipals.DealerDid));
        });
    }

    [Test]
    public async Task Unknown_receipt_is_404()
    {
        using var response = await _dealer.Http.GetAsync("/receipt/" + Vectors.DealAddJoin);

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Malformed_receipt_cid_is_400()
    {
        using var response = await _dealer.Http.GetAsync("/receipt/not-a-cid");

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Did_document_is_404_for_a_did_key_dealer()
    {
        using var response = await _dealer.Http.GetAsync("/.well-known/did.json");

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Unknown_path_is_404()
    {
        using var response = await _dealer.Http.GetAsync("/nope");

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
    }
}
