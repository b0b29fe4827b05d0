using System.Net;
using System.Net.Sockets;

namespace Dealer.Testing;

/// <summary>Loopback ports for tests: one nothing listens on (a connection is refused), or one free to bind.</summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// A port on 127.0.0.1 that the operating system just handed out and that was released again: nothing listens
    /// on it, and it is free to bind (for servers that cannot bind port 0 themselves).
    /// </summary>
    public static int Unused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A loopback URL on which nothing listens.</summary>
    public static Uri ClosedEndpoint() => new($"http://127.0.0.1:{Unused()}");
}
