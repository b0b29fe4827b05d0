using System.Net;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Dealer.Store.Abstractions;

namespace Dealer.Store.Aws;

/// <summary>Turns SDK failures into <see cref="StoreException"/> and <see cref="QueueException"/>.</summary>
internal static class AwsErrors
{
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
        "TransactionConflictException", "SlowDown", "RequestTimeout", "RequestTimeoutException", "ServiceUnavailable",
        "InternalError", "InternalFailure", "InternalServerError", "KMS.ThrottlingException",
    };

    /// <summary>
    /// Whether <paramref name="exception"/> is a failure of the AWS call (to be translated) rather than a bug or
    /// the caller's cancellation (to propagate as is).
    /// </summary>
    public static bool IsAwsFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        // An SDK or HTTP timeout cancels too; only the caller's own cancellation propagates.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };

    public static StoreException Store(Exception exception, string operation) =>
        new($"{operation} failed: {Describe(exception)}", IsTransient(exception), exception);

    public static QueueException Queue(Exception exception, string operation) =>
        new($"{operation} failed: {Describe(exception)}", IsTransient(exception), exception);

    public static bool IsTransient(Exception exception) => exception switch
    {
        AmazonServiceException service => (int)service.StatusCode >= 500
            || service.StatusCode == HttpStatusCode.TooManyRequests
            || (service.ErrorCode is { } code && TransientCodes.Contains(code)),
        // Connection refused, DNS, resets: the SDK wraps some of them, and raises others as they are.
        AmazonClientException client => client.InnerException is not null && IsTransient(client.InnerException),
        HttpRequestException or IOException or TimeoutException or OperationCanceledException => true,
        _ => false,
    };

    public static bool IsConditionFailed(Exception exception) => exception is ConditionalCheckFailedException;


    private static string Describe(Exception exception) => exception switch
    {
        AmazonServiceException service => $"{service.ErrorCode ?? service.StatusCode.ToString()} ({(int)service.StatusCode}): {service.Message}",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
