namespace Dealer.Service.Configuration;

/// <summary>
/// How the dealer resolves the keys of <c>did:web</c> issuers it has no <c>--resolve</c> entry for: by fetching their
/// DID document over HTTPS (<see cref="DidWeb.DidWebResolver"/>). Bound from <c>--no-resolve-did-web</c>,
/// <c>--did-web-timeout</c>, <c>--did-web-max-size</c>, <c>--did-web-cache-ttl</c>, <c>--did-web-negative-ttl</c>,
/// <c>--did-web-ca</c> and <c>--did-web-allow-private</c>, or their <c>DEALER_*</c> variables.
/// </summary>
internal sealed record DidWebOptions
{
    /// <summary>The default time one document fetch may take.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The default largest document accepted: 64 KiB (a document with a few keys is well under 2 KiB).</summary>
    public const long DefaultMaxSize = 64 << 10;

    /// <summary>The default time a resolved document's keys are reused.</summary>
    public static readonly TimeSpan DefaultCacheTtl = TimeSpan.FromMinutes(5);

    /// <summary>The default time a failed resolution is remembered before the document is fetched again.</summary>
    public static readonly TimeSpan DefaultNegativeTtl = TimeSpan.FromSeconds(30);

    /// <summary>Whether <c>did:web</c> documents are fetched at all (the <c>--resolve</c> table is always consulted first).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How long one fetch (connect, TLS, headers and body) may take.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The largest document accepted, in bytes.</summary>
    public long MaxSize { get; init; } = DefaultMaxSize;

    /// <summary>How long a resolved document's keys are reused.</summary>
    public TimeSpan CacheTtl { get; init; } = DefaultCacheTtl;

    /// <summary>How long a failed resolution is remembered (so that a flood of invocations causes one fetch).</summary>
    public TimeSpan NegativeTtl { get; init; } = DefaultNegativeTtl;

    /// <summary>A PEM or DER certificate trusted as a root in addition to the system's (an internal CA), if any.</summary>
    public string? TrustedCertificateFile { get; init; }

    /// <summary>
    /// Whether documents may be fetched from loopback, private, link-local and other non-public addresses. Off by
    /// default: anyone can make the dealer fetch a did:web, which must not reach into its own network.
    /// </summary>
    public bool AllowPrivateAddresses { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("--did-web-timeout must be at least 1 second.");
        }

        if (MaxSize <= 0)
        {
            throw new ArgumentException("--did-web-max-size must be positive.");
        }

        if (CacheTtl < TimeSpan.Zero || NegativeTtl < TimeSpan.Zero)
        {
            throw new ArgumentException("The did:web cache TTLs must not be negative.");
        }

        if (TrustedCertificateFile is not null && !File.Exists(TrustedCertificateFile))
        {
            throw new ArgumentException($"--did-web-ca: '{TrustedCertificateFile}' does not exist.");
        }
    }
}
