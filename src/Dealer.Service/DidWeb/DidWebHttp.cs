using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Dealer.Service.Configuration;

namespace Dealer.Service.DidWeb;

/// <summary>
/// The HTTP client of <see cref="DidWebResolver"/>: HTTPS only, no redirects, no proxy, and (unless
/// <see cref="DidWebOptions.AllowPrivateAddresses"/>) connections only to public addresses, checked on the addresses
/// the name actually resolved to, so that a did:web naming an internal host (or a DNS name pointing at one) cannot
/// make the dealer probe its own network. An extra root certificate may be trusted besides the system's.
/// </summary>
internal static class DidWebHttp
{
    private static readonly byte[] Nat64Prefix = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>Creates the handler for <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The extra certificate file cannot be read.</exception>
    public static SocketsHttpHandler CreateHandler(DidWebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context, options.AllowPrivateAddresses, cancellationToken),
        };
        if (options.TrustedCertificateFile is { } file)
        {
            var root = LoadCertificate(file);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                Validate(certificate as X509Certificate2, errors, root);
        }

        return handler;
    }

    /// <summary>Whether <paramref name="address"/> is a public unicast address (not loopback, private, link-local, …).</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] >= 224                    // this network, private, multicast and reserved
                || (b[0] == 100 && (b[1] & 0xC0) == 64)                         // 100.64.0.0/10 shared (CGNAT)
                || (b[0] == 169 && b[1] == 254)                                 // link-local, cloud metadata services
                || (b[0] == 172 && (b[1] & 0xF0) == 16)                         // 172.16.0.0/12
                || (b[0] == 192 && b[1] == 168)                                 // 192.168.0.0/16
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)                      // 192.0.0.0/24 protocol assignments
                || (b[0] == 198 && (b[1] & 0xFE) == 18));                       // 198.18.0.0/15 benchmarking
        }

        var bytes = address.GetAddressBytes();
        if (bytes.AsSpan(0, 12).SequenceEqual(Nat64Prefix))
        {
            // 64:ff9b::/96 reaches the IPv4 address in its last four bytes through a NAT64 gateway.
            return IsPublic(new IPAddress(bytes.AsSpan(12)));
        }

        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (bytes[0] & 0xFE) == 0xFC                                        // fc00::/7 unique local
            || address.IsIPv6Teredo);
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate,
        CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = allowPrivate ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(
                $"{endpoint.Host} resolves to no public address; did:web documents are fetched only from public addresses unless --did-web-allow-private is set.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool Validate(X509Certificate2? certificate, SslPolicyErrors errors, X509Certificate2 root)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // Only a chain error may be cured by the extra root; a wrong name or a missing certificate never is.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static X509Certificate2 LoadCertificate(string file)
    {
        try
        {
            var bytes = File.ReadAllBytes(file);
            return X509CertificateLoader.LoadCertificate(bytes.AsSpan().StartsWith("-----BEGIN"u8)
                ? X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(bytes)).RawData
                : bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ArgumentException($"--did-web-ca: '{file}' is not a readable PEM or DER certificate: {e.Message}", e);
        }
    }
}
