namespace Dealer.Store.Abstractions;

/// <summary>A store operation failed. Handlers turn it into a <c>StoreOperationFailed</c> error receipt.</summary>
public class StoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreException() { }

    /// <summary>Creates the exception.</summary>
    public StoreException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public StoreException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception, saying whether a retry may succeed.</summary>
    public StoreException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => IsTransient = isTransient;

    /// <summary>Whether retrying the operation later may succeed (throttling, timeouts, unreachable service).</summary>
    public bool IsTransient { get; }
}

/// <summary>A dealer-queue operation failed. Handlers turn it into a <c>QueueOperationFailed</c> error receipt.</summary>
public class QueueException : StoreException
{
    /// <summary>Creates the exception.</summary>
    public QueueException() { }

    /// <summary>Creates the exception.</summary>
    public QueueException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public QueueException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception, saying whether a retry may succeed.</summary>
    public QueueException(string message, bool isTransient, Exception? innerException = null)
        : base(message, isTransient, innerException) { }
}
