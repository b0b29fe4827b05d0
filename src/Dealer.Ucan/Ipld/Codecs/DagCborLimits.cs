namespace Dealer.Ucan.Ipld.Codecs;

/// <summary>
/// Hard bounds applied while decoding untrusted DAG-CBOR, so that hostile input can exhaust neither memory nor stack.
/// </summary>
/// <remarks>
/// Independently of these values, every declared length is checked against the input that remains before anything
/// is allocated: a 10-byte input cannot announce a 4 GiB array.
/// </remarks>
public sealed record DagCborLimits
{
    /// <summary>The largest <see cref="MaxDepth"/> accepted; deeper recursion would risk the stack.</summary>
    public const int DepthCeiling = 1024;

    private readonly int _maxDepth = 64;
    private readonly int _maxCollectionLength = 1 << 20;
    private readonly int _maxStringLength = 16 << 20;
    private readonly int _maxBytesLength = 16 << 20;
    private readonly int _maxTotalItems = 1 << 20;

    /// <summary>The defaults: depth 64, 1 Mi entries per list or map, 16 MiB per string or byte string, 1 Mi items.</summary>
    public static DagCborLimits Default { get; } = new();

    /// <summary>The deepest nesting of lists and maps; the top-level list or map is depth 1. Default 64.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in 1..<see cref="DepthCeiling"/>.</exception>
    public int MaxDepth
    {
        get => _maxDepth;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, DepthCeiling);
            _maxDepth = value;
        }
    }

    /// <summary>The most entries a single list or map may declare. Default 1,048,576.</summary>
    public int MaxCollectionLength
    {
        get => _maxCollectionLength;
        init => _maxCollectionLength = Positive(value);
    }

    /// <summary>The longest text string, in UTF-8 bytes. Default 16 MiB.</summary>
    public int MaxStringLength
    {
        get => _maxStringLength;
        init => _maxStringLength = Positive(value);
    }

    /// <summary>The longest byte string. Default 16 MiB.</summary>
    public int MaxBytesLength
    {
        get => _maxBytesLength;
        init => _maxBytesLength = Positive(value);
    }

    /// <summary>The most data items (values, map keys and links each count one) in one input. Default 1,048,576.</summary>
    public int MaxTotalItems
    {
        get => _maxTotalItems;
        init => _maxTotalItems = Positive(value);
    }

    private static int Positive(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        return value;
    }
}
