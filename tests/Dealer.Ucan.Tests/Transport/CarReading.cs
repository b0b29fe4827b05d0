using System.IO.Pipelines;
using Dealer.Ucan.Transport;

namespace Dealer.Ucan.Tests.Transport;

/// <summary>Reads a CAR in a given <see cref="CarReadMode"/>.</summary>
internal static class CarReading
{
    public static async Task<CarFile> ReadAsync(CarReadMode mode, byte[] bytes, CarLimits? limits = null)
    {
        switch (mode)
        {
            case CarReadMode.Span:
                return Car.Decode(bytes, limits);
            case CarReadMode.Stream:
                using (var stream = new MemoryStream(bytes, writable: false))
                {
                    return await Car.ReadAsync(stream, limits);
                }

            default:
                return await ReadTricklingAsync(bytes, limits, new Random(bytes.Length));
        }
    }

    /// <summary>Feeds <paramref name="bytes"/> through a pipe in random small chunks, so frames straddle reads.</summary>
    public static async Task<CarFile> ReadTricklingAsync(byte[] bytes, CarLimits? limits, Random random)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var writer = Task.Run(async () =>
        {
            var position = 0;
            while (position < bytes.Length)
            {
                var chunk = Math.Min(random.Next(1, 40), bytes.Length - position);
                await pipe.Writer.WriteAsync(bytes.AsMemory(position, chunk));
                position += chunk;
            }

            await pipe.Writer.CompleteAsync();
        });

        try
        {
            return await Car.ReadAsync(pipe.Reader, limits);
        }
        finally
        {
            await pipe.Reader.CompleteAsync();
            await writer;
        }
    }
}
