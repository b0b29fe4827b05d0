using System.IO.Pipelines;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Transport;

namespace Dealer.Ucan.Tests.Transport;

/// <summary>Pipe reading fails as soon as a declared length breaks a limit, without waiting for the bytes.</summary>
public sealed class CarPipeFailFastTests
{
    [Test, CancelAfter(10_000)]
    public async Task A_hostile_section_length_fails_before_the_body_arrives(CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        var header = DagCbor.Encode(new Dictionary<string, object?> { ["roots"] = new[] { Block.Encode(1L).Cid }, ["version"] = 1L });
        await pipe.Writer.WriteAsync(Varint.Encode((ulong)header.Length), cancellationToken);
        await pipe.Writer.WriteAsync(header, cancellationToken);
        await pipe.Writer.WriteAsync(Varint.Encode(1UL << 30), cancellationToken);

        // The writer never completes: a reader that waited for the gigabyte would hang until the test times out.
        Assert.That(async () => await Car.ReadAsync(pipe.Reader, null, cancellationToken),
            Throws.TypeOf<CarException>().With.Message.Contains("CAR section of 1073741824 bytes exceeds the block size limit"));
        await pipe.Reader.CompleteAsync();
        await pipe.Writer.CompleteAsync();
    }

    [Test, CancelAfter(10_000)]
    public async Task Reading_stops_when_cancelled(CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await pipe.Writer.WriteAsync(new byte[] { 0x3a }, cancellationToken);

        var reading = Car.ReadAsync(pipe.Reader, null, cancel.Token);
        await cancel.CancelAsync();

        Assert.That(async () => await reading, Throws.InstanceOf<OperationCanceledException>());
        await pipe.Reader.CompleteAsync();
        await pipe.Writer.CompleteAsync();
    }
}
