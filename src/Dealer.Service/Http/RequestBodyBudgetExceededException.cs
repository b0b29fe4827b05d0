namespace Dealer.Service.Http;

/// <summary>
/// The request bodies in flight already hold the whole <see cref="RequestBodyBudget"/>: this request is answered 503
/// with <c>Retry-After</c>. An <see cref="IOException"/>, like every other failure of the transport, so that the UCAN
/// server does not take it for bad input.
/// </summary>
internal sealed class RequestBodyBudgetExceededException : IOException
{
    /// <summary>Creates the exception with a default message.</summary>
    public RequestBodyBudgetExceededException()
        : base("The request bodies in flight hold the whole body budget.")
    {
    }

    /// <summary>Creates the exception for a budget of <paramref name="capacity"/> bytes.</summary>
    public RequestBodyBudgetExceededException(long capacity)
        : base($"The request bodies in flight hold the whole body budget of {capacity} bytes.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public RequestBodyBudgetExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public RequestBodyBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
