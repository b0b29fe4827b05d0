namespace Dealer.Ucan.Tests.Transport;

/// <summary>The three ways to read a CAR, so every test can run against each of them.</summary>
public enum CarReadMode
{
    /// <summary><c>Car.Decode</c> over the whole input.</summary>
    Span,

    /// <summary><c>Car.ReadAsync</c> over a <see cref="System.IO.MemoryStream"/>.</summary>
    Stream,

    /// <summary><c>Car.ReadAsync</c> over a pipe fed in small random chunks.</summary>
    TricklingPipe,
}
