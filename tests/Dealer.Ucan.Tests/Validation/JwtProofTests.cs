using System.Buffers.Text;
using System.Text;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Validation;

namespace Dealer.Ucan.Tests.Validation;

public sealed class JwtProofTests
{
    private static JwtProof Read(string payloadJson)
    {
        var token = Encoding.ASCII.GetBytes($"eyJhbGciOiJFZERTQSJ9.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson))}.c2ln");
        return JwtProof.Read(Cid.Hash(Multicodec.Raw, token), token);
    }

    [Test]
    public void A_jwt_proof_reports_its_issuer_audience_and_time_bounds()
    {
        var proof = Read("""{"iss":"did:key:a","aud":"did:key:b","exp":20,"nbf":10}""");

        Assert.That((proof.Issuer, proof.Audience, proof.Expiration, proof.NotBefore), Is.EqualTo(("did:key:a", "did:key:b", (long?)20, (long?)10)));
    }

    // A fuzz finding (fuzz/README.md): an escaped lone surrogate parses as JSON but has no .NET string, and reading it
    // threw InvalidOperationException out of the validator, which the server answered as a HandlerExecutionError.
    [TestCase("""{"iss":"did:key:\ud800","aud":"did:key:b"}""", TestName = "A jwt proof with a lone surrogate in iss has an unknown issuer")]
    [TestCase("""{"iss":"did:key:a","aud":"\udfff"}""", TestName = "A jwt proof with a lone surrogate in aud has an unknown issuer")]
    [TestCase("""{"iss":""", TestName = "A jwt proof with a truncated payload has an unknown issuer")]
    public void An_unreadable_jwt_proof_has_an_unknown_issuer(string payloadJson)
    {
        var proof = Read(payloadJson);

        Assert.That((proof.Issuer, proof.Audience), Is.EqualTo(("unknown", "unknown")));
    }
}
