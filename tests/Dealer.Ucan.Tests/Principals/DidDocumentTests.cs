using System.Text.Json;
using Dealer.Ucan.Principals;

namespace Dealer.Ucan.Tests.Principals;

public sealed class DidDocumentTests
{
    [Test]
    public void For_did_web_publishes_the_key_as_an_ed25519_2020_verification_method()
    {
        var key = Ed25519Verifier.Parse(KeyVectors.Get("dealer").Did);

        using var document = JsonDocument.Parse(DidDocument.ForDidWeb("did:web:dealer.example.com", key));
        var root = document.RootElement;
        var method = root.GetProperty("verificationMethod")[0];

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("@context")[0].GetString(), Is.EqualTo("https://www.w3.org/ns/did/v1"));
            Assert.That(root.GetProperty("id").GetString(), Is.EqualTo("did:web:dealer.example.com"));
            Assert.That(root.GetProperty("verificationMethod").GetArrayLength(), Is.EqualTo(1));
            Assert.That(method.GetProperty("id").GetString(), Is.EqualTo("did:web:dealer.example.com#owner"));
            Assert.That(method.GetProperty("type").GetString(), Is.EqualTo("Ed25519VerificationKey2020"));
            Assert.That(method.GetProperty("controller").GetString(), Is.EqualTo("did:web:dealer.example.com"));
            Assert.That(method.GetProperty("publicKeyMultibase").GetString(), Is.EqualTo("z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX"));
            Assert.That(root.GetProperty("authentication")[0].GetString(), Is.EqualTo("did:web:dealer.example.com#owner"));
            Assert.That(root.GetProperty("assertionMethod")[0].GetString(), Is.EqualTo("did:web:dealer.example.com#owner"));
        });
    }

    [Test]
    public void Keys_from_the_generated_document_are_the_did_key()
    {
        var vector = KeyVectors.GetDidWeb("storefront");
        var json = DidDocument.ForDidWeb(vector.Did, Ed25519Verifier.Parse(vector.Key));

        Assert.Multiple(() =>
        {
            Assert.That(DidDocument.KeysFromDocument(json), Is.EqualTo(new[] { vector.Key }));
            Assert.That(DidDocument.KeysFromDocument(json, vector.Did), Is.EqualTo(new[] { vector.Key }));
        });
    }

    [Test]
    public void Keys_from_document_keeps_order_skips_non_multibase_methods_and_duplicates()
    {
        const string json = """
            {
              "id": "did:web:up.example.com",
              "verificationMethod": [
                { "id": "#a", "publicKeyMultibase": "z6MkvRXNYcE7MMduynWTgeKbDaT1iijDSC8pZqXZc8rHPrf2" },
                { "id": "#jwk", "publicKeyJwk": { "kty": "OKP" } },
                { "id": "#b", "publicKeyMultibase": "z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX" },
                { "id": "#c", "publicKeyMultibase": "z6MkvRXNYcE7MMduynWTgeKbDaT1iijDSC8pZqXZc8rHPrf2" },
                { "id": "#d", "publicKeyMultibase": 42 },
                { "id": "#e", "publicKeyMultibase": "not a key" },
                "stray"
              ]
            }
            """;

        Assert.That(DidDocument.KeysFromDocument(json), Is.EqualTo(new[]
        {
            "did:key:z6MkvRXNYcE7MMduynWTgeKbDaT1iijDSC8pZqXZc8rHPrf2",
            "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX",
        }));
    }

    [Test]
    public void Keys_from_a_document_without_verification_methods_is_empty()
    {
        Assert.That(DidDocument.KeysFromDocument("""{"id":"did:web:x.example"}"""), Is.Empty);
    }

    [TestCase("", TestName = "Keys from document rejects empty text")]
    [TestCase("{", TestName = "Keys from document rejects truncated JSON")]
    [TestCase("[]", TestName = "Keys from document rejects a JSON array")]
    [TestCase("\"did\"", TestName = "Keys from document rejects a JSON string")]
    [TestCase("""{"verificationMethod":{}}""", TestName = "Keys from document rejects a non array verificationMethod")]
    public void Keys_from_document_rejects_malformed_documents(string json)
    {
        Assert.That(() => DidDocument.KeysFromDocument(json), Throws.TypeOf<FormatException>());
    }

    [Test]
    public void Keys_from_a_document_with_lone_surrogates_skip_the_key_and_refuse_the_id()
    {
        // A fuzz finding of the JSON readers: an escaped lone surrogate parses but has no .NET string.
        var json = """{"id":"did:web:x.example\ud800","verificationMethod":[{"publicKeyMultibase":"z6Mk\ud800"}]}""";

        Assert.Multiple(() =>
        {
            Assert.That(DidDocument.KeysFromDocument(json), Is.Empty);
            Assert.That(() => DidDocument.KeysFromDocument(json, "did:web:x.example"), Throws.TypeOf<FormatException>());
        });
    }

    [Test]
    public void Keys_from_document_with_an_expected_did_rejects_a_document_of_another_did()
    {
        var vector = KeyVectors.GetDidWeb("dealer");
        var json = DidDocument.ForDidWeb(vector.Did, Ed25519Verifier.Parse(vector.Key));

        Assert.Multiple(() =>
        {
            Assert.That(() => DidDocument.KeysFromDocument(json, "did:web:evil.example.com"), Throws.TypeOf<FormatException>());
            Assert.That(() => DidDocument.KeysFromDocument("""{"verificationMethod":[]}""", vector.Did), Throws.TypeOf<FormatException>());
        });
    }

    [TestCase("did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX")]
    [TestCase("did:web:")]
    [TestCase("dealer.example.com")]
    public void For_did_web_rejects_what_is_not_a_did_web(string did)
    {
        var key = Ed25519Verifier.Parse(KeyVectors.Get("dealer").Did);

        Assert.That(() => DidDocument.ForDidWeb(did, key), Throws.ArgumentException);
    }
}
