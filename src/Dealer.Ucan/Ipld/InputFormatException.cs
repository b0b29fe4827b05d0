namespace Dealer.Ucan.Ipld;

/// <summary>
/// Untrusted bytes that do not decode: the base of the CAR and DAG-CBOR decoding exceptions. When a bound was exceeded
/// rather than a rule broken, <see cref="Limit"/> names it.
/// </summary>
public class InputFormatException : FormatException
{
    /// <summary>Creates the exception with a default message.</summary>
    public InputFormatException()
        : base("Invalid input.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public InputFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the failure that caused it.</summary>
    public InputFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The bound that was exceeded, or null when the input is malformed.</summary>
    public InputLimit? Limit { get; init; }
}
