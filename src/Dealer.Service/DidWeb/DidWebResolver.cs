using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Dealer.Service.Configuration;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Validation;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.DidWeb;

/// <summary>
/// Resolves the keys of a <c>did:web</c> the way did:web works: fetches its DID document
/// (<see cref="DidWebUrl"/>) with a timeout and a size limit, takes the <c>verificationMethod</c> keys of a document
/// whose <c>id</c> is the DID (<see cref="DidDocument"/>), and caches the answer, failures included (for
/// <see cref="DidWebOptions.NegativeTtl"/>), so that a flood of invocations from one did:web causes one fetch.
/// Concurrent resolutions of one DID share one fetch.
/// </summary>
internal sealed partial class DidWebResolver : IDisposable
{
    /// <summary>How many DIDs the cache holds at most; beyond that a DID is fetched again each time.</summary>
    public const int CacheEntries = 10_000;

    private readonly HttpClient _http;
    private readonly DidWebOptions _options;
    private readonly ILogger<DidWebResolver> _logger;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = CacheEntries });
    private readonly ConcurrentDictionary<string, Lazy<Task<DidKeyResolution>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Creates the resolver over <paramref name="http"/> (which the caller owns).</summary>
    public DidWebResolver(HttpClient http, DidWebOptions options, ILogger<DidWebResolver> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _http = http;
        _options = options;
        _logger = logger;
    }

    /// <summary>The did:key DIDs that sign for <paramref name="did"/>, or a <c>DIDKeyResolutionError</c>.</summary>
    public async ValueTask<DidKeyResolution> ResolveAsync(string did, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (_cache.TryGetValue(did, out DidKeyResolution? cached) && cached is not null)
        {
            return cached;
        }

        var fetch = _inFlight.GetOrAdd(did, key => new Lazy<Task<DidKeyResolution>>(() => FetchAndCacheAsync(key)));
        // The fetch is shared, so it runs under its own timeout, not under one caller's cancellation.
        return await fetch.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _cache.Dispose();

    private async Task<DidKeyResolution> FetchAndCacheAsync(string did)
    {
        try
        {
            DidKeyResolution resolution;
            TimeSpan ttl;
            try
            {
                var keys = await FetchAsync(did).ConfigureAwait(false);
                resolution = DidKeyResolution.Ok(keys);
                ttl = _options.CacheTtl;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or FormatException or TaskCanceledException
                or OperationCanceledException or DidWebResolutionException)
            {
                LogFailed(_logger, did, e.Message);
                resolution = DidKeyResolution.Fail(new DidKeyResolutionError(did));
                ttl = _options.NegativeTtl;
            }

            if (ttl > TimeSpan.Zero)
            {
                _cache.Set(did, resolution, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl, Size = 1 });
            }

            return resolution;
        }
        finally
        {
            _inFlight.TryRemove(did, out _);
        }
    }

    private async Task<IReadOnlyList<string>> FetchAsync(string did)
    {
        if (!DidWebUrl.TryCreate(did, out var url))
        {
            throw new DidWebResolutionException($"{did} is not a did:web this dealer can fetch.");
        }

        using var timeout = new CancellationTokenSource(_options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/did+json");
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new DidWebResolutionException($"{url} answered {(int)response.StatusCode}.");
            }

            if (response.Content.Headers.ContentLength is { } length && length > _options.MaxSize)
            {
                throw new DidWebResolutionException($"{url} announces {length} bytes, more than the {_options.MaxSize} allowed.");
            }

            var body = await ReadLimitedAsync(response.Content, url, timeout.Token).ConfigureAwait(false);
            var keys = DidDocument.KeysFromDocument(body, did);
            return keys.Count > 0 ? keys : throw new DidWebResolutionException($"The document at {url} publishes no key.");
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            throw new DidWebResolutionException($"{url} did not answer within {_options.Timeout.TotalSeconds:0.###} s.", e);
        }
    }

    private async Task<string> ReadLimitedAsync(HttpContent content, Uri url, CancellationToken cancellationToken)
    {
        // The announced length may be absent (chunked) or wrong: count what actually arrives.
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > _options.MaxSize)
                {
                    throw new DidWebResolutionException($"The document at {url} is larger than the {_options.MaxSize} bytes allowed.");
                }

                buffer.Write(chunk, 0, read);
            }

            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
            catch (DecoderFallbackException e)
            {
                throw new DidWebResolutionException($"The document at {url} is not UTF-8.", e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resolving {Did} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string did, string reason);
}
