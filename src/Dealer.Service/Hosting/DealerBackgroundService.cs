using Microsoft.Extensions.Hosting;

namespace Dealer.Service.Hosting;

/// <summary>
/// A <see cref="BackgroundService"/> that only stopping the host cancels. .NET starts each background service as a
/// thread-pool task linked to the host's start token; when another part fails to start (the port in use), that token
/// is cancelled, a service whose task had not begun yet ends cancelled before the host has begun to stop, and the host
/// reports that as a crash of the service with a stack trace. The dealer stops a host whose start failed
/// (<see cref="DealerHost"/>), which cancels these services quietly.
/// </summary>
internal abstract class DealerBackgroundService : BackgroundService
{
    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken) => base.StartAsync(CancellationToken.None);
}
