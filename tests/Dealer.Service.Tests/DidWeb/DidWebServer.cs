using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dealer.Ucan.Principals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Tests.DidWeb;

/// <summary>
/// An HTTPS server on 127.0.0.1 (Kestrel) with a certificate issued at test time by a throwaway test CA, serving DID
/// documents under the paths did:web maps to, and the ways a document host fails: too large, never answering, 404,
/// the wrong key. It counts the requests per path, so tests can see the resolver's cache.
/// </summary>
internal sealed class DidWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    private DidWebServer(WebApplication app, string caFile, int port)
    {
        _app = app;
        CaFile = caFile;
        Port = port;
    }

    /// <summary>A PEM file holding the test CA's certificate (what <c>--did-web-ca</c> is given).</summary>
    public string CaFile { get; }

    public int Port { get; }

    /// <summary>The did:web of the document at <c>/&lt;path&gt;/did.json</c>, or at <c>/.well-known/did.json</c> for null.</summary>
    public string Did(string? path = null) => $"did:web:127.0.0.1%3A{Port}" + (path is null ? "" : ":" + path);

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    /// <summary>Starts the server; <paramref name="key"/> is the key its documents publish (<c>wrong-key</c> publishes <paramref name="otherKey"/>).</summary>
    public static async Task<DidWebServer> StartAsync(Ed25519Verifier key, Ed25519Verifier otherKey)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dealer-did-web-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var (ca, leaf) = IssueCertificates();
        var caFile = Path.Combine(directory, "test-ca.pem");
        await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(leaf)));
        var app = builder.Build();
        DidWebServer? server = null;
        app.Use(async (context, next) =>
        {
            server!._hits.AddOrUpdate(context.Request.Path.Value ?? "", 1, (_, count) => count + 1);
            await next(context);
        });
        app.MapGet("/.well-known/did.json", () => Results.Text(DidDocument.ForDidWeb(server!.Did(), key), "application/did+json"));
        app.MapGet("/large/did.json", () =>
        {
            var document = DidDocument.ForDidWeb(server!.Did("large"), key);
            // Valid JSON with the right id and key, padded past the dealer's limit.
            return Results.Text(document.TrimEnd()[..^1] + ",\"padding\":\"" + new string('x', 64 << 10) + "\"}", "application/did+json");
        });
        app.MapGet("/large-chunked/did.json", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/did+json";
            var document = DidDocument.ForDidWeb(server!.Did("large-chunked"), key);
            await context.Response.WriteAsync(document.TrimEnd()[..^1] + ",\"padding\":\"");
            for (var i = 0; i < 64; i++)
            {
                await context.Response.WriteAsync(new string('x', 1024));
                await context.Response.Body.FlushAsync();
            }

            await context.Response.WriteAsync("\"}");
        });
        app.MapGet("/silent/did.json", async (HttpContext context) =>
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, server!._stopping.Token);
            await Task.Delay(Timeout.InfiniteTimeSpan, both.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        app.MapGet("/wrong-key/did.json", () => Results.Text(DidDocument.ForDidWeb(server!.Did("wrong-key"), otherKey), "application/did+json"));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server = new DidWebServer(app, caFile, address.Port);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
        Support.TestDealer.TryDelete(Path.GetDirectoryName(CaFile)!);
    }

    /// <summary>A test CA and a server certificate it issued for 127.0.0.1, valid for a day.</summary>
    private static (X509Certificate2 Ca, X509Certificate2 Leaf) IssueCertificates()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Dealer did:web test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=127.0.0.1", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var issued = leafRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(leafKey);
        // Kestrel on Linux wants a certificate whose key it can use; a PKCS#12 round trip gives one.
        var leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (ca, leaf);
    }
}
