namespace Dealer.Ucan.Ipld.Codecs;

/// <summary>
/// Bytes that are not canonical DAG-CBOR, or that exceed a <see cref="DagCborLimits"/> bound. The message names the
/// rule that failed and the byte offset where it was detected.
/// </summary>
public class DagCborException : InputFormatException
{
    /// <summary>Creates the exception with a default message.</summary>
    public DagCborException()
        : base("Invalid DAG-CBOR.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public DagCborException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the failure that caused it.</summary>
    public DagCborException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
