using System.Text;
using System.Text.Json;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Results;
using Dealer.Ucan.Server;
using Dealer.Ucan.Tests.Server;
using Dealer.Ucan.Validation;
using static Dealer.Testing.TestPrincipals;

namespace Dealer.Ucan.Tests.Conformance;

/// <summary>
/// Every request vector of the reference @ucanto/server 11.0.3 run through <see cref="UcanServer"/>: same outcome name,
/// same message text and, where our error shape matches, the very same receipt bytes (Ed25519 is deterministic).
/// </summary>
public sealed class DispatcherConformanceTests
{
    /// <summary>Delegation (a), which the revoking server of f-revoked treats as revoked.</summary>
    private static readonly Cid DelegationA = Cid.Parse("bafyreidiynloemtog62wd4rnm7bqyedgqhhw45ppyjwt6unav4fzanpwjm");

    /// <summary>
    /// The one case where we differ on purpose: a signature whose R is not a curve point makes @noble/ed25519 throw, so
    /// JavaScript answers HandlerExecutionError; a bad signature is an authorization failure, so we answer Unauthorized.
    /// </summary>
    private const string InvalidSignaturePoint = "invalid-signature-point";

    public static IEnumerable<TestCaseData> ReceiptCases()
    {
        foreach (var item in UcanVectors.Json("f-errors.json").GetProperty("receipts").EnumerateArray())
        {
            var name = item.GetProperty("name").GetString()!;
            yield return new TestCaseData(name).SetName($"Vector f {name}");
        }
    }

    private static JsonElement Case(string name) =>
        UcanVectors.Json("f-errors.json").GetProperty("receipts").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

    private static UcanServer ServerFor(string name, List<Exception>? errors = null)
    {
        var service = new ReferenceDealerService();
        var options = new ServerOptions(name == "dealer-did-web" ? DealerSigner.WithDid(DealerWebDid) : DealerSigner, service.Methods)
        {
            Clock = new FixedClock(),
            OnError = errors is null ? null : errors.Add,
        };
        return name switch
        {
            "did-web-resolved" => new UcanServer(options with
            {
                ResolveDidKey = (did, _) => ValueTask.FromResult(did == StorefrontWebDid
                    ? DidKeyResolution.Ok([StorefrontDid])
                    : DidKeyResolution.Fail(new DidKeyResolutionError(did))),
            }),
            "revoked" => new UcanServer(options with
            {
                ValidateAuthorization = (authorization, _) =>
                    ValueTask.FromResult(authorization.Iterate().Contains(DelegationA) ? AuthorizationCheck.Reject(new Revoked(DelegationA)) : AuthorizationCheck.Allow),
            }),
            _ => new UcanServer(options),
        };
    }

    private static async Task<ServerResponse> PostAsync(UcanServer server, string file)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["content-type"] = "application/vnd.ipld.car",
            ["accept"] = "application/vnd.ipld.car",
        };
        return await server.HandleAsync(new ServerRequest(headers, UcanVectors.Bytes(file)), CancellationToken.None);
    }

    [TestCaseSource(nameof(ReceiptCases))]
    public async Task Receipt_vector_gets_the_reference_outcome(string name)
    {
        var vector = Case(name);
        var invocation = Cid.Parse(vector.GetProperty("invocationCID").GetString()!);
        var response = await PostAsync(ServerFor(name), vector.GetProperty("requestFile").GetString()!);
        Assert.That(response.Status, Is.EqualTo(vector.GetProperty("httpStatus").GetInt32()));

        var ours = AgentMessage.FromCar(response.Body).Receipts[invocation];
        var theirs = AgentMessage.FromCar(UcanVectors.Bytes(vector.GetProperty("responseFile").GetString()!)).Receipts[invocation];
        Assert.That(ours.Verify(name == "dealer-did-web" ? DealerSigner.WithDid(DealerWebDid).Verifier : DealerSigner.Verifier), Is.True);

        if (name == InvalidSignaturePoint)
        {
            Assert.Multiple(() =>
            {
                Assert.That(theirs.Out.ErrorName, Is.EqualTo("HandlerExecutionError"));
                Assert.That(ours.Out.ErrorName, Is.EqualTo("Unauthorized"));
                Assert.That(Message(ours), Does.EndWith("does not has a valid signature from " + DealerDid));
            });
            return;
        }

        if (theirs.Out.IsOk)
        {
            var ok = (IReadOnlyDictionary<string, object?>)ours.Out.Ok!;
            Assert.Multiple(() =>
            {
                Assert.That(ours.Out.IsOk, Is.True, () => DagJson.Encode(ours.Out.Error));
                Assert.That(ok["aggregate"], Is.EqualTo(((IReadOnlyDictionary<string, object?>)theirs.Out.Ok!)["aggregate"]));
                Assert.That(ours.Join, Is.EqualTo(theirs.Join));
            });
        }
        else
        {
            Assert.Multiple(() =>
            {
                Assert.That(ours.Out.ErrorName, Is.EqualTo(theirs.Out.ErrorName));
                Assert.That(Message(ours), Is.EqualTo(Message(theirs)));
            });
        }

        // Same outcome, same signer, deterministic Ed25519: the receipt block is byte for byte the reference one.
        Assert.That(ours.Cid.ToString(), Is.EqualTo(vector.GetProperty("receiptCID").GetString()));
    }

    [Test]
    public async Task Vector_b_request_gets_vector_d_response_byte_for_byte()
    {
        var response = await PostAsync(ServerFor("b"), "b-deal-offer-request.car");
        var expected = UcanVectors.Bytes("d-deal-offer-response.car");
        var receipt = AgentMessage.FromCar(response.Body).Receipts.Values.Single();
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(200));
            Assert.That(receipt.Cid.ToString(), Is.EqualTo("bafyreidjz4uoeswsbmtf7gujdtignzueqkl7wiqvcwayirgep6j4ok2pfi"));
            Assert.That(receipt.Root.Bytes.ToArray(), Is.EqualTo(AgentMessage.FromCar(expected).Receipts.Values.Single().Root.Bytes.ToArray()));
            Assert.That(Convert.ToHexString(response.Body), Is.EqualTo(Convert.ToHexString(expected)));
        });
    }

    [Test]
    public async Task Vector_e_jwt_form_proof_is_rejected_with_the_reference_message()
    {
        var expected = UcanVectors.Json("e-jwt-ucan.json").GetProperty("usedAsProof").GetProperty("receiptOut").GetProperty("error");
        var response = await PostAsync(ServerFor("e"), "e-jwt-proof-request.car");
        var receipt = AgentMessage.FromCar(response.Body).Receipts.Values.Single();
        Assert.Multiple(() =>
        {
            Assert.That(receipt.Out.ErrorName, Is.EqualTo(expected.GetProperty("name").GetString()));
            Assert.That(Message(receipt), Is.EqualTo(expected.GetProperty("message").GetString()));
        });
    }

    public static IEnumerable<TestCaseData> HttpCases()
    {
        foreach (var item in UcanVectors.Json("f-errors.json").GetProperty("http").EnumerateArray())
        {
            var label = item.GetProperty("case").GetString()!;
            yield return new TestCaseData(label).SetName($"Vector f http {label}");
        }
    }

    [TestCaseSource(nameof(HttpCases))]
    public async Task Http_vector_gets_the_reference_status_headers_and_body(string label)
    {
        var vector = UcanVectors.Json("f-errors.json").GetProperty("http").EnumerateArray().Single(e => e.GetProperty("case").GetString() == label);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in vector.GetProperty("requestHeaders").EnumerateObject())
        {
            headers[header.Name] = header.Value.GetString()!;
        }

        // The reference request body of these cases is not saved; vector b is an equivalent one. The garbage case is
        // the literal text the generator sent.
        var body = label == "garbage body" ? Encoding.UTF8.GetBytes("not a car") : UcanVectors.Bytes("b-deal-offer-request.car");
        var response = await ServerFor("http").HandleAsync(new ServerRequest(headers, body), CancellationToken.None);

        var expectedBody = vector.GetProperty("body").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(vector.GetProperty("status").GetInt32()));
            Assert.That(response.Headers, Has.Count.EqualTo(vector.GetProperty("responseHeaders").EnumerateObject().Count()));
            foreach (var header in vector.GetProperty("responseHeaders").EnumerateObject())
            {
                Assert.That(response.Headers[header.Name], Is.EqualTo(header.Value.GetString()), header.Name);
            }

            if (expectedBody.StartsWith("<CAR", StringComparison.Ordinal))
            {
                Assert.That(AgentMessage.FromCar(response.Body).Receipts, Has.Count.EqualTo(1));
            }
            else if (expectedBody.StartsWith(UcanServer.MalformedPayloadPrefix, StringComparison.Ordinal))
            {
                // The reason after the prefix is the decoder's own wording (JavaScript's comes from cborg).
                Assert.That(Encoding.UTF8.GetString(response.Body), Does.StartWith(UcanServer.MalformedPayloadPrefix).And.Contains("truncated"));
            }
            else
            {
                Assert.That(Encoding.UTF8.GetString(response.Body), Is.EqualTo(expectedBody));
            }
        });
    }

    private static string Message(Receipt receipt) =>
        (string)((IReadOnlyDictionary<string, object?>)receipt.Out.Error!)["message"]!;
}
