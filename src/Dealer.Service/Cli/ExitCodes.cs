namespace Dealer.Service.Cli;

/// <summary>The exit codes of the <c>dealer</c> commands.</summary>
internal static class ExitCodes
{
    /// <summary>Success (for <c>offer</c>: a verified <c>ok</c> receipt; for <c>receipt verify</c>: the receipt checks out).</summary>
    public const int Ok = 0;

    /// <summary>
    /// A definite negative answer: an error receipt (<c>offer</c>), a receipt that does not verify
    /// (<c>receipt verify</c>), an unknown receipt (<c>receipt get</c>).
    /// </summary>
    public const int Negative = 1;

    /// <summary>Bad arguments or configuration.</summary>
    public const int Usage = 2;

    /// <summary>The service or a store could not be reached, or answered something unreadable.</summary>
    public const int Unavailable = 3;
}
