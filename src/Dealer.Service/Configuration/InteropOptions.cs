namespace Dealer.Service.Configuration;

/// <summary>
/// How the dealer meets the rest of the w3filecoin world: a deal tracker spoken to over UCAN <c>deal/info</c>
/// (replacing the operator ledger when <see cref="TrackerUrl"/> is set), and the keys of <c>did:web</c> principals.
/// Bound from <c>--tracker-url</c>, <c>--tracker-did</c>, <c>--tracker-proof</c> and <c>--resolve</c> (repeatable),
/// or <c>DEALER_TRACKER_URL</c>, <c>DEALER_TRACKER_DID</c>, <c>DEALER_TRACKER_PROOF</c> and <c>DEALER_RESOLVE</c>
/// (entries separated by commas or whitespace).
/// </summary>
internal sealed record InteropOptions
{
    /// <summary>The deal tracker's URL; null keeps the operator ledger.</summary>
    public Uri? TrackerUrl { get; init; }

    /// <summary>The deal tracker's DID (the <c>deal/info</c> audience; its receipts must be signed by it).</summary>
    public string? TrackerDid { get; init; }

    /// <summary>A delegation archive granting the dealer <c>deal/info</c> on the tracker, if the tracker wants one.</summary>
    public string? TrackerProofFile { get; init; }

    /// <summary>The keys that sign for <c>did:web</c> storefronts (and a <c>did:web</c> tracker).</summary>
    public DidKeyMapping DidKeys { get; init; } = DidKeyMapping.Empty;

    /// <summary>How did:web issuers missing from <see cref="DidKeys"/> are resolved from their DID documents.</summary>
    public DidWebOptions DidWeb { get; init; } = new();

    /// <summary>The aggregators whose self-issued <c>aggregate/offer</c> is accepted (<c>--trusted-aggregator</c>).</summary>
    public TrustedAggregators TrustedAggregators { get; init; } = TrustedAggregators.None;

    /// <summary>Throws <see cref="ArgumentException"/> when the settings contradict each other.</summary>
    public void Validate()
    {
        DidWeb.Validate();
        foreach (var aggregator in TrustedAggregators.Dids)
        {
            if (!DidWeb.Enabled && DidKeys.VerifierFor(aggregator) is null)
            {
                throw new ArgumentException(
                    $"No key verifies the trusted aggregator {aggregator} while did:web documents are not fetched: give a did:key, or map it with --resolve {aggregator}=did:key:….");
            }
        }

        if (TrackerUrl is null)
        {
            if (TrackerDid is not null || TrackerProofFile is not null)
            {
                throw new ArgumentException("--tracker-did and --tracker-proof need --tracker-url.");
            }

            return;
        }

        if (!TrackerUrl.IsAbsoluteUri || (TrackerUrl.Scheme != Uri.UriSchemeHttp && TrackerUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"--tracker-url must be an absolute http(s) URL, got '{TrackerUrl}'.");
        }

        if (string.IsNullOrWhiteSpace(TrackerDid))
        {
            throw new ArgumentException("--tracker-url needs --tracker-did (the DID that signs the tracker's receipts).");
        }

        if (DidKeys.VerifierFor(TrackerDid) is null)
        {
            throw new ArgumentException(
                $"No key verifies receipts of the deal tracker {TrackerDid}: give a did:key, or map it with --resolve {TrackerDid}=did:key:….");
        }

        if (TrackerProofFile is not null && !File.Exists(TrackerProofFile))
        {
            throw new ArgumentException($"--tracker-proof: '{TrackerProofFile}' does not exist.");
        }
    }
}
