using System.Net.Http.Headers;
using Dealer.Service.Tests.Support;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Messages;

namespace Dealer.Service.Tests.Conformance;

/// <summary>
/// Vector b (a @ucanto/client deal/offer request) replayed to our dealer started with the vector dealer key must get
/// the answer of vector d (the @ucanto/server reference): same <c>out</c>, same <c>fx.join</c>, a valid signature.
/// </summary>
public sealed class VectorReplayTests
{
    private static async Task<(int Status, byte[] Body)> PostAsync(HttpClient http, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ipld.car");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.ipld.car"));
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    [Test]
    public async Task Vector_b_gets_a_verifiable_receipt_with_the_out_and_join_of_vector_d()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with { VerifyAggregate = true });

        var (status, body) = await PostAsync(dealer.Http, Vectors.Read("b-deal-offer-request.car"));

        Assert.That(status, Is.EqualTo(200));
        var receipt = AgentMessage.FromCar(body).Receipts[Cid.Parse(Vectors.OfferInvocation)];
        var reference = AgentMessage.FromCar(Vectors.Read("d-deal-offer-response.car")).Receipts[Cid.Parse(Vectors.OfferInvocation)];
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
            Assert.That(receipt.Issuer, Is.EqualTo(TestPrincipals.DealerDid));
            Assert.That(receipt.Out.IsOk, Is.True);
            Assert.That(DagJsonOf(receipt.Out.ToIpld()), Is.EqualTo(DagJsonOf(reference.Out.ToIpld())));
            Assert.That(receipt.Join, Is.EqualTo(reference.Join));
            Assert.That(receipt.Join!.ToString(), Is.EqualTo(Vectors.DealAddJoin));
            Assert.That(receipt.Fork, Is.Empty);
        });
    }

    [Test]
    public async Task Vector_b_response_is_byte_identical_to_vector_d()
    {
        await using var dealer = await TestDealer.StartAsync();

        var (_, body) = await PostAsync(dealer.Http, Vectors.Read("b-deal-offer-request.car"));

        var receipt = AgentMessage.FromCar(body).Receipts[Cid.Parse(Vectors.OfferInvocation)];
        Assert.That(receipt.Cid.ToString(), Is.EqualTo(Vectors.OfferReceipt));
        Assert.That(body, Is.EqualTo(Vectors.Read("d-deal-offer-response.car")), "the whole response CAR");
        Assert.That(receipt.Root.Bytes.ToArray(), Is.EqualTo(AgentMessage.FromCar(Vectors.Read("d-deal-offer-response.car"))
            .Receipts[Cid.Parse(Vectors.OfferInvocation)].Root.Bytes.ToArray()));
    }

    [Test]
    public async Task Replaying_vector_b_again_returns_the_same_receipt_bytes()
    {
        await using var dealer = await TestDealer.StartAsync();
        var request = Vectors.Read("b-deal-offer-request.car");

        var first = await PostAsync(dealer.Http, request);
        var second = await PostAsync(dealer.Http, request);

        Assert.That(first.Status, Is.EqualTo(200));
        Assert.That(second.Status, Is.EqualTo(200));
        Assert.That(second.Body, Is.EqualTo(first.Body));
        var receipt = AgentMessage.FromCar(second.Body).Receipts[Cid.Parse(Vectors.OfferInvocation)];
        Assert.That(receipt.Out.IsOk, Is.True);
    }

    [Test]
    public async Task Vector_b_is_accepted_once_into_the_offer_store_and_queue()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with { RunConsumer = false });

        await PostAsync(dealer.Http, Vectors.Read("b-deal-offer-request.car"));
        await PostAsync(dealer.Http, Vectors.Read("b-deal-offer-request.car"));

        var keys = await dealer.Stores.Offers.ListKeysAsync().ToListAsync();
        Assert.That(keys, Has.Count.EqualTo(1));
        Assert.That(keys[0], Does.EndWith(" " + Vectors.Aggregate));
        var body = System.Text.Encoding.UTF8.GetString((await dealer.Stores.Offers.GetBodyAsync(keys[0]))!);
        Assert.That(body, Does.StartWith("{\"aggregate\":\"" + Vectors.Aggregate + "\",\"pieces\":[\"bafkzcibccacwven2"));
        var messages = await dealer.Stores.Queue.ReceiveAsync(10, TimeSpan.Zero);
        Assert.That(messages, Has.Count.EqualTo(1));
    }

    private static string DagJsonOf(object? value) => Dealer.Ucan.Ipld.Codecs.DagJson.Encode(value);
}
