using System.Buffers;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Transport;

/// <summary>
/// The CARv1 reading state shared by the span and the pipe readers: frames (<c>varint(length) ‖ bytes</c>) are fed
/// one at a time, the first is the header, every later one a section <c>CID ‖ block</c> that is verified against
/// its CID. Limits are checked as soon as a frame's length is known, before its bytes are awaited or copied.
/// </summary>
/// <remarks>See https://ipld.io/specs/transport/car/carv1/.</remarks>
internal sealed class CarDecoder
{
    // The longest binary CID: version, codec, hash code and digest length varints, then the digest.
    private const int MaxCidLength = (4 * Varint.MaxLength) + Multihash.MaxDigestLength;

    private static readonly DagCborLimits HeaderCborLimits = new() { MaxDepth = 4 };

    private readonly CarLimits _limits;
    private readonly BlockSet _blocks = new();
    private Cid[]? _roots;
    private int _sections;
    private long _total;
    private int _pendingLength = -1;

    public CarDecoder(CarLimits limits)
    {
        _limits = limits;
    }

    public CarFile Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length > _limits.MaxTotalSize)
        {
            throw Exceeded($"CAR of {data.Length} bytes exceeds the size limit of {_limits.MaxTotalSize} bytes.", InputLimit.CarSize, _limits.MaxTotalSize);
        }

        var position = 0;
        while (position < data.Length)
        {
            var length = ReadLength(data[position..], out var varintLength);
            position += varintLength;
            var frameLength = BeginFrame(length, varintLength);
            if (data.Length - position < frameLength)
            {
                throw Truncated(frameLength, data.Length - position);
            }

            var frame = data.Slice(position, frameLength);
            if (_roots is null)
            {
                ReadHeader(frame);
            }
            else
            {
                ReadSection(frame.ToArray());
            }

            position += frameLength;
        }

        return Finish();
    }

    /// <summary>
    /// Consumes every complete frame at the start of <paramref name="buffer"/> and returns the position up to which
    /// it was consumed; <paramref name="finished"/> says the input ended cleanly after the last frame.
    /// </summary>
    public SequencePosition Feed(ReadOnlySequence<byte> buffer, bool completed, out bool finished)
    {
        finished = false;
        Span<byte> head = stackalloc byte[Varint.MaxLength];
        while (true)
        {
            if (_pendingLength < 0)
            {
                if (buffer.IsEmpty)
                {
                    finished = completed;
                    return buffer.Start;
                }

                var available = (int)Math.Min(head.Length, buffer.Length);
                buffer.Slice(0, available).CopyTo(head);
                var end = head[..available].IndexOfAnyInRange((byte)0x00, (byte)0x7f);
                if (end < 0 && available < Varint.MaxLength && !completed)
                {
                    return buffer.Start;
                }

                // Without a terminator this reports the truncated (input ended) or over-long (nine bytes) varint.
                var length = ReadLength(end < 0 ? head[..available] : head[..(end + 1)], out var varintLength);
                _pendingLength = BeginFrame(length, varintLength);
                buffer = buffer.Slice(varintLength);
            }

            if (buffer.Length < _pendingLength)
            {
                return completed ? throw Truncated(_pendingLength, buffer.Length) : buffer.Start;
            }

            var frame = buffer.Slice(0, _pendingLength);
            if (_roots is null)
            {
                if (frame.IsSingleSegment)
                {
                    ReadHeader(frame.FirstSpan);
                }
                else
                {
                    ReadHeader(frame.ToArray());
                }
            }
            else
            {
                ReadSection(frame.ToArray());
            }

            buffer = buffer.Slice(_pendingLength);
            _pendingLength = -1;
        }
    }

    public CarFile Finish() => _roots is null
        ? throw new CarException("Invalid CAR: the input is empty (no header).")
        : new CarFile(_roots, _blocks);

    private ulong ReadLength(ReadOnlySpan<byte> source, out int varintLength)
    {
        try
        {
            return Varint.Read(source, out varintLength);
        }
        catch (FormatException e)
        {
            var what = _roots is null ? "header" : "section";
            throw new CarException($"Invalid CAR {what} length: {e.Message}", e);
        }
    }

    /// <summary>Checks a frame's declared length against the limits and counts it.</summary>
    private int BeginFrame(ulong length, int varintLength)
    {
        if (_roots is null)
        {
            if (length == 0)
            {
                throw new CarException("Invalid CAR header (zero length).");
            }

            if (length > (ulong)_limits.MaxHeaderSize)
            {
                throw Exceeded($"CAR header of {length} bytes exceeds the limit of {_limits.MaxHeaderSize} bytes.", InputLimit.CarHeaderSize, _limits.MaxHeaderSize);
            }
        }
        else
        {
            if (length == 0)
            {
                throw new CarException("Invalid CAR section (zero length).");
            }

            if (length > (ulong)_limits.MaxBlockSize + MaxCidLength)
            {
                throw Exceeded($"CAR section of {length} bytes exceeds the block size limit of {_limits.MaxBlockSize} bytes.", InputLimit.BlockSize, _limits.MaxBlockSize);
            }

            if (++_sections > _limits.MaxBlocks)
            {
                throw Exceeded($"CAR holds more than the limit of {_limits.MaxBlocks} blocks.", InputLimit.BlockCount, _limits.MaxBlocks);
            }
        }

        _total += varintLength + (long)length;
        if (_total > _limits.MaxTotalSize)
        {
            throw Exceeded($"CAR exceeds the size limit of {_limits.MaxTotalSize} bytes.", InputLimit.CarSize, _limits.MaxTotalSize);
        }

        return (int)length;
    }

    private void ReadHeader(ReadOnlySpan<byte> bytes)
    {
        object? value;
        try
        {
            value = DagCbor.Decode(bytes, HeaderCborLimits);
        }
        catch (DagCborException e)
        {
            throw new CarException($"Invalid CAR header: {e.Message}", e);
        }

        if (value is not Dictionary<string, object?> header)
        {
            throw new CarException("Invalid CAR header: expected a map.");
        }

        foreach (var key in header.Keys)
        {
            if (key is not ("roots" or "version"))
            {
                throw new CarException($"Invalid CAR header: unexpected key \"{key}\".");
            }
        }

        switch (header.GetValueOrDefault("version"))
        {
            case null when !header.ContainsKey("version"):
                throw new CarException("Invalid CAR header: missing version.");
            case 1L:
                break;
            case long version:
                throw new CarException($"Unsupported CAR version {version}; only CARv1 is supported.");
            default:
                throw new CarException("Invalid CAR header: version must be an integer.");
        }

        if (!header.TryGetValue("roots", out var rootsValue))
        {
            throw new CarException("Invalid CAR header: missing roots.");
        }

        if (rootsValue is not List<object?> list)
        {
            throw new CarException("Invalid CAR header: roots must be a list of links.");
        }

        if (list.Count == 0)
        {
            throw new CarException("Invalid CAR header: no roots (ucanto reads the first root).");
        }

        var roots = new Cid[list.Count];
        for (var i = 0; i < roots.Length; i++)
        {
            roots[i] = list[i] as Cid ?? throw new CarException("Invalid CAR header: roots must be a list of links.");
        }

        _roots = roots;
    }

    private void ReadSection(byte[] frame)
    {
        Cid cid;
        int cidLength;
        try
        {
            cid = Cid.Read(frame, out cidLength);
        }
        catch (FormatException e)
        {
            throw new CarException($"Invalid CID in CAR section {_sections}: {e.Message}", e);
        }

        var size = frame.Length - cidLength;
        if (size > _limits.MaxBlockSize)
        {
            throw Exceeded($"Block {cid} of {size} bytes exceeds the block size limit of {_limits.MaxBlockSize} bytes.", InputLimit.BlockSize, _limits.MaxBlockSize);
        }

        var code = cid.MultihashCode;
        if (code is not (Multicodec.Sha256 or Multicodec.Identity))
        {
            throw new CarException($"Block {cid} uses multihash 0x{code:x}; only sha2-256 and identity blocks can be verified.");
        }

        var data = frame.AsMemory(cidLength);
        if (!cid.HashMatches(data.Span))
        {
            throw new CarException($"Block {cid} does not match its CID (hash mismatch).");
        }

        _blocks.Add(Block.Create(cid, data));
    }

    private static CarException Exceeded(string message, string limit, long maximum) =>
        new(message) { Limit = new InputLimit(limit, maximum) };

    private static CarException Truncated(int declared, long available) =>
        new($"CAR is truncated: a frame of {declared} bytes was declared but only {available} remain.");
}
