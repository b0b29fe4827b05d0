using System.Text;
using Dealer.Ucan.Client;
using Dealer.Ucan.Server;

namespace Dealer.Ucan.Tests.Server;

public sealed class HttpNegotiationTests
{
    private const string Car = "application/vnd.ipld.car";

    private static async Task<ServerResponse> SendAsync(string? contentType, string? accept)
    {
        var server = new UcanServer(ServerHarness.Options());
        var body = UcanClient.ToRequest([OfferFixture.Invoke(TestPrincipals.DealerSigner)]).Body.ToArray();
        return await server.HandleAsync(UcanServerTests.Request(body, contentType, accept), CancellationToken.None);
    }

    [TestCase("application/json")]
    [TestCase("application/car")]
    [TestCase("application/vnd.ipld.car; charset=binary")]
    [TestCase("APPLICATION/VND.IPLD.CAR")]
    [TestCase(null)]
    public async Task Unsupported_content_type_is_415_with_the_ucanto_body(string? contentType)
    {
        var response = await SendAsync(contentType, Car);
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(415));
            Assert.That(response.Headers["accept"], Is.EqualTo(Car));
            Assert.That(Encoding.UTF8.GetString(response.Body), Is.EqualTo(UcanServer.UnsupportedMediaTypeMessage));
        });
    }

    [TestCase("application/json")]
    [TestCase("text/*")]
    [TestCase("application/vnd.ipld.car;q=0")]
    [TestCase("application/vnd.ipld.car;q=0, */*")]
    public async Task Unacceptable_accept_is_406_with_the_ucanto_body(string accept)
    {
        var response = await SendAsync(Car, accept);
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(406));
            Assert.That(response.Headers["accept"], Is.EqualTo(Car));
            Assert.That(Encoding.UTF8.GetString(response.Body), Is.EqualTo(UcanServer.NotAcceptableMessage));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("*/*")]
    [TestCase("application/*")]
    [TestCase("application/json, application/vnd.ipld.car;q=0.5")]
    [TestCase("application/json;q=0.9, */*;q=0.1")]
    [TestCase("Application/Vnd.Ipld.Car")]
    [TestCase("*")]
    public async Task Acceptable_accept_is_200_with_a_car(string? accept)
    {
        var response = await SendAsync(Car, accept);
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(200));
            Assert.That(response.Headers["content-type"], Is.EqualTo(Car));
        });
    }

    [Test]
    public async Task Header_names_are_case_insensitive_even_in_an_ordinal_dictionary()
    {
        var server = new UcanServer(ServerHarness.Options());
        var body = UcanClient.ToRequest([OfferFixture.Invoke(TestPrincipals.DealerSigner)]).Body;
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["Content-Type"] = Car, ["Accept"] = "application/json" };
        var response = await server.HandleAsync(new ServerRequest(headers, body), CancellationToken.None);
        Assert.That(response.Status, Is.EqualTo(406));
    }
}
