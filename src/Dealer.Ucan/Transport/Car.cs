using System.IO.Pipelines;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Transport;

/// <summary>
/// CARv1 as ucanto frames its HTTP bodies: <c>varint(len(H)) ‖ H ‖ section*</c> with the DAG-CBOR header
/// <c>{"roots":[CID…],"version":1}</c> and sections <c>varint(len(CID)+len(data)) ‖ CID ‖ data</c>.
/// </summary>
/// <remarks>
/// Readers verify every block against its CID (sha2-256 or identity), keep the first copy of a repeated block and
/// require at least one root, since the ucanto transport reads <c>roots[0]</c>. JS <c>@ipld/car</c> itself also
/// accepts an empty root list; such a body fails in the ucanto transport instead. CARv2 is not supported.
/// See https://ipld.io/specs/transport/car/carv1/.
/// </remarks>
public static class Car
{
    /// <summary>The media type of a CAR body.</summary>
    public const string ContentType = "application/vnd.ipld.car";

    private const int StreamBufferSize = 16 * 1024;

    /// <summary>Writes a CAR with <paramref name="roots"/> and the blocks in the given order, each CID once.</summary>
    /// <exception cref="ArgumentException">There is no root, or a root is null.</exception>
    public static byte[] Encode(IReadOnlyList<Cid> roots, IEnumerable<Block> blocks)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(blocks);
        if (roots.Count == 0)
        {
            throw new ArgumentException("A CAR needs at least one root.", nameof(roots));
        }

        foreach (var root in roots)
        {
            if (root is null)
            {
                throw new ArgumentException("A CAR root cannot be null.", nameof(roots));
            }
        }

        var header = DagCbor.Encode(new Dictionary<string, object?>(2, StringComparer.Ordinal)
        {
            ["roots"] = roots,
            ["version"] = 1L,
        });
        var unique = blocks as BlockSet ?? new BlockSet(blocks);

        long size = Varint.SizeOf((ulong)header.Length) + header.Length;
        foreach (var block in unique)
        {
            var section = (long)block.Cid.Bytes.Length + block.Bytes.Length;
            size += Varint.SizeOf((ulong)section) + section;
        }

        if (size > Array.MaxLength)
        {
            throw new ArgumentException($"A CAR of {size} bytes does not fit in an array.", nameof(blocks));
        }

        var output = new byte[size];
        var position = Varint.Write(output, (ulong)header.Length);
        header.CopyTo(output.AsSpan(position));
        position += header.Length;
        foreach (var block in unique)
        {
            var cid = block.Cid.Bytes;
            position += Varint.Write(output.AsSpan(position), (ulong)(cid.Length + block.Bytes.Length));
            cid.CopyTo(output.AsSpan(position));
            position += cid.Length;
            block.Bytes.Span.CopyTo(output.AsSpan(position));
            position += block.Bytes.Length;
        }

        return output;
    }

    /// <summary>Writes <paramref name="car"/> (its roots, then its blocks in order).</summary>
    public static byte[] Encode(CarFile car)
    {
        ArgumentNullException.ThrowIfNull(car);
        return Encode(car.Roots, car.Blocks);
    }

    /// <summary>Reads a whole CAR held in memory.</summary>
    /// <exception cref="CarException">The bytes are not an acceptable CARv1 (see <see cref="CarLimits"/>).</exception>
    public static CarFile Decode(ReadOnlySpan<byte> data, CarLimits? limits = null) =>
        new CarDecoder(limits ?? CarLimits.Default).Decode(data);

    /// <summary>
    /// Reads a CAR from <paramref name="stream"/> section by section, failing as soon as a limit is exceeded. The
    /// stream is read to its end and left open.
    /// </summary>
    /// <exception cref="CarException">The bytes are not an acceptable CARv1.</exception>
    public static async Task<CarFile> ReadAsync(Stream stream, CarLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: StreamBufferSize, leaveOpen: true));
        try
        {
            return await ReadAsync(reader, limits, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads a CAR from <paramref name="reader"/> section by section until the pipe completes, failing as soon as a
    /// limit is exceeded. Only the current section is buffered; the caller completes the reader.
    /// </summary>
    /// <exception cref="CarException">The bytes are not an acceptable CARv1.</exception>
    /// <exception cref="OperationCanceledException">Cancelled, or the pending read was cancelled.</exception>
    public static async Task<CarFile> ReadAsync(PipeReader reader, CarLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var decoder = new CarDecoder(limits ?? CarLimits.Default);
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled)
            {
                throw new OperationCanceledException("The CAR read was cancelled.");
            }

            var buffer = result.Buffer;
            SequencePosition consumed;
            bool finished;
            try
            {
                consumed = decoder.Feed(buffer, result.IsCompleted, out finished);
            }
            catch
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw;
            }

            reader.AdvanceTo(consumed, buffer.End);
            if (finished)
            {
                return decoder.Finish();
            }
        }
    }
}
