namespace Dealer.Ucan.Multiformats;

/// <summary>
/// Unsigned LEB128 varints as the multiformats spec restricts them: at most 9 bytes (63 bits) and minimally
/// encoded (no trailing <c>0x80 … 0x00</c> padding).
/// </summary>
/// <remarks>See https://github.com/multiformats/unsigned-varint.</remarks>
public static class Varint
{
    /// <summary>The longest varint the spec allows, in bytes.</summary>
    public const int MaxLength = 9;

    /// <summary>The largest value a 9-byte varint holds (2^63 − 1).</summary>
    public const ulong MaxValue = long.MaxValue;

    /// <summary>The number of bytes <paramref name="value"/> takes.</summary>
    public static int SizeOf(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>Writes <paramref name="value"/> and returns the number of bytes written.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value exceeds <see cref="MaxValue"/>.</exception>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public static int Write(Span<byte> destination, ulong value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxValue);
        var size = SizeOf(value);
        if (destination.Length < size)
        {
            throw new ArgumentException("Destination too small for the varint.", nameof(destination));
        }

        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i] = (byte)value;
        return size;
    }

    /// <summary>Encodes <paramref name="value"/> into a new array.</summary>
    public static byte[] Encode(ulong value)
    {
        var bytes = new byte[SizeOf(value)];
        Write(bytes, value);
        return bytes;
    }

    /// <summary>Reads a varint from the start of <paramref name="source"/>.</summary>
    /// <exception cref="FormatException">The input is truncated, overlong or longer than 9 bytes.</exception>
    public static ulong Read(ReadOnlySpan<byte> source, out int bytesRead) =>
        TryRead(source, out var value, out bytesRead, out var error) ? value : throw new FormatException(error);

    /// <summary>Reads a varint from the start of <paramref name="source"/>, without throwing.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int bytesRead) =>
        TryRead(source, out value, out bytesRead, out _);

    private static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int bytesRead, out string? error)
    {
        value = 0;
        bytesRead = 0;
        for (var i = 0; i < MaxLength; i++)
        {
            if (i >= source.Length)
            {
                error = "Varint is truncated.";
                return false;
            }

            var b = source[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                {
                    error = "Varint is not minimally encoded.";
                    value = 0;
                    return false;
                }

                bytesRead = i + 1;
                error = null;
                return true;
            }
        }

        value = 0;
        error = "Varint is longer than 9 bytes.";
        return false;
    }

    /// <summary>
    /// Reads a varint from a stream one byte at a time. Returns null at a clean end of stream (no byte read).
    /// </summary>
    /// <exception cref="FormatException">The stream ends inside the varint, or the varint is invalid.</exception>
    public static async ValueTask<ulong?> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[MaxLength];
        var one = new byte[1];
        for (var i = 0; i < MaxLength; i++)
        {
            var n = await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return i == 0 ? null : throw new FormatException("Varint is truncated.");
            }

            buffer[i] = one[0];
            if ((one[0] & 0x80) == 0)
            {
                return Read(buffer.AsSpan(0, i + 1), out _);
            }
        }

        throw new FormatException("Varint is longer than 9 bytes.");
    }
}
