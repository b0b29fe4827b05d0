using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Receipts;

namespace Dealer.Service.Cli;

/// <summary>How the CLI checks and prints receipts.</summary>
internal static class ReceiptOutput
{
    /// <summary>
    /// The verifier for receipts issued by <paramref name="issuer"/>: its own did:key, or for a did:web the
    /// <paramref name="key"/> (a did:key) that signs for it, as published in its DID document.
    /// </summary>
    /// <exception cref="ArgumentException">No key can be found for the issuer.</exception>
    public static IVerifier VerifierFor(string issuer, string? key)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        if (key is not null)
        {
            if (!Verifiers.TryParse(key, out var keyVerifier))
            {
                throw new ArgumentException($"'{key}' is not a did:key this dealer can verify with.");
            }

            return string.Equals(keyVerifier.Did, issuer, StringComparison.Ordinal) ? keyVerifier : Verifiers.WithDid(keyVerifier, issuer);
        }

        return Verifiers.TryParse(issuer, out var verifier)
            ? verifier
            : throw new ArgumentException($"{issuer} is not a did:key; give the did:key that signs for it.");
    }

    /// <summary>The receipt as one line of DAG-JSON: its CID, what it ran, issuer, whether it verified, out and fx.</summary>
    public static string ToJson(Receipt receipt, bool verified)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var fx = new Dictionary<string, object?>(StringComparer.Ordinal) { ["fork"] = receipt.Fork.Cast<object?>().ToList() };
        if (receipt.Join is { } join)
        {
            fx["join"] = join;
        }

        return DagJson.Encode(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["receipt"] = receipt.Cid,
            ["ran"] = receipt.Ran,
            ["issuer"] = receipt.Issuer,
            ["verified"] = verified,
            ["out"] = receipt.Out.ToIpld(),
            ["fx"] = fx,
        });
    }
}
