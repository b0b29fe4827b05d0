using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Transport;

/// <summary>Bytes that are not an acceptable CARv1: bad framing or header, a block that does not match its CID, or
/// a <see cref="CarLimits"/> bound exceeded.</summary>
public class CarException : InputFormatException
{
    /// <summary>Creates the exception with a default message.</summary>
    public CarException()
        : base("Invalid CAR.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public CarException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the failure that caused it.</summary>
    public CarException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
