using System.Buffers.Binary;

namespace Dealer.Ucan.Ipld.Codecs;

/// <summary>
/// Words, in the terms of the DAG-CBOR rules, why System.Formats.Cbor rejected an item as malformed CBOR.
/// </summary>
/// <remarks>
/// This is diagnosis, not validation: it runs only after the library has refused the item, and it reads nothing but
/// that item's head (initial byte and argument), which the library does not expose once it has refused it. That is
/// what lets the error name the declared length that exceeds the input, or tell a stray break code from a truncation.
/// </remarks>
internal static class DagCborMalformation
{
    /// <summary>Describes the failure of the item whose head starts at <paramref name="offset"/>.</summary>
    /// <param name="data">The whole input.</param>
    /// <param name="offset">Where the rejected item starts.</param>
    /// <param name="libraryError">The library's exception, quoted when the head alone does not explain it.</param>
    /// <returns>The message and the byte offset it refers to: the item's start, or for a truncated item the first
    /// byte that is missing part of it.</returns>
    public static (string Message, int Offset) Describe(ReadOnlySpan<byte> data, int offset, Exception libraryError)
    {
        if (offset >= data.Length)
        {
            return ("Unexpected end of data", offset);
        }

        var initial = data[offset];
        var major = initial >> 5;
        var info = initial & 0x1f;
        if (initial == 0xff)
        {
            return ("Unexpected break code: indefinite-length items are not allowed in DAG-CBOR", offset);
        }

        switch (info)
        {
            case >= 28 and <= 30:
                return (major == 7
                    ? $"Reserved additional information {info} in a simple value"
                    : $"Reserved additional information {info}", offset);
            case 31:
                return (major switch
                {
                    2 => "Indefinite-length byte strings are not allowed in DAG-CBOR",
                    3 => "Indefinite-length text strings are not allowed in DAG-CBOR",
                    4 => "Indefinite-length lists are not allowed in DAG-CBOR",
                    5 => "Indefinite-length maps are not allowed in DAG-CBOR",
                    _ => "Indefinite-length encoding is not allowed for this major type",
                }, offset);
        }

        // Additional information 24..27 is followed by a 1, 2, 4 or 8-byte argument (for major type 7, the float).
        var argumentLength = info < 24 ? 0 : 1 << (info - 24);
        var afterHead = data[(offset + 1)..];
        if (afterHead.Length < argumentLength)
        {
            return ("Unexpected end of data", offset + 1);
        }

        var argument = argumentLength switch
        {
            0 => (ulong)info,
            1 => afterHead[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(afterHead),
            4 => BinaryPrimitives.ReadUInt32BigEndian(afterHead),
            _ => BinaryPrimitives.ReadUInt64BigEndian(afterHead),
        };
        var remaining = (ulong)(afterHead.Length - argumentLength);
        var (what, minBytesPerEntry) = major switch
        {
            2 => ("byte string", 1UL),
            3 => ("text string", 1UL),
            4 => ("list", 1UL),
            5 => ("map", 2UL),
            _ => (null, 1UL),
        };

        if (what is null)
        {
            return ($"Malformed CBOR: {libraryError.Message}", offset);
        }

        // A too-long head is named first, as it is for items the library accepts.
        if (1 + argumentLength != DagCborReader.MinimalHeadLength(argument))
        {
            return ($"Integer or length {argument} is not minimally encoded", offset);
        }

        // Dividing keeps the product from overflowing for lengths near 2^64.
        return argument > remaining / minBytesPerEntry
            ? ($"Declared {what} length {argument} exceeds the remaining {remaining} byte(s) of input", offset)
            : ($"Malformed CBOR: {libraryError.Message}", offset);
    }
}
