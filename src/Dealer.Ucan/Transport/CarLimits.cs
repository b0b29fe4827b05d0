namespace Dealer.Ucan.Transport;

/// <summary>Bounds applied while reading an untrusted CAR (for example a request body).</summary>
public sealed record CarLimits
{
    private readonly int _maxBlockSize = 1 << 20;
    private readonly int _maxBlocks = 10_000;
    private readonly long _maxTotalSize = 32L << 20;
    private readonly int _maxHeaderSize = 64 << 10;

    /// <summary>The defaults: 1 MiB blocks, 10,000 sections, 32 MiB in total, a 64 KiB header.</summary>
    public static CarLimits Default { get; } = new();

    /// <summary>The largest block (section data after the CID), in bytes. Default 1 MiB.</summary>
    public int MaxBlockSize
    {
        get => _maxBlockSize;
        init => _maxBlockSize = Positive(value);
    }

    /// <summary>The most sections, duplicates included. Default 10,000.</summary>
    public int MaxBlocks
    {
        get => _maxBlocks;
        init => _maxBlocks = Positive(value);
    }

    /// <summary>The largest CAR, framing included, in bytes. Default 32 MiB.</summary>
    public long MaxTotalSize
    {
        get => _maxTotalSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxTotalSize = value;
        }
    }

    /// <summary>The largest DAG-CBOR header, in bytes. Default 64 KiB.</summary>
    public int MaxHeaderSize
    {
        get => _maxHeaderSize;
        init => _maxHeaderSize = Positive(value);
    }

    private static int Positive(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        return value;
    }
}
