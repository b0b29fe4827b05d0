namespace Dealer.Service.DidWeb;

/// <summary>A did:web document could not be fetched or used (logged; the invocation gets <c>DIDKeyResolutionError</c>).</summary>
internal sealed class DidWebResolutionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DidWebResolutionException() { }

    /// <summary>Creates the exception.</summary>
    public DidWebResolutionException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public DidWebResolutionException(string message, Exception innerException) : base(message, innerException) { }
}
