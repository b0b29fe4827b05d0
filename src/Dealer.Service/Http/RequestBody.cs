using Microsoft.AspNetCore.Http;

namespace Dealer.Service.Http;

/// <summary>
/// Reads a request body with a size limit, so that an oversized or broken upload gets a 4xx status instead of
/// tying up memory or surfacing as a 500.
/// </summary>
public sealed class RequestBody
{
    private RequestBody(byte[] bytes, int? status, string? error)
    {
        Bytes = bytes;
        Status = status;
        Error = error;
    }

    /// <summary>The body, when it was read.</summary>
    public byte[] Bytes { get; }

    /// <summary>The HTTP status to answer with instead, or null when the body was read.</summary>
    public int? Status { get; }

    /// <summary>The plain-text reason for <see cref="Status"/>.</summary>
    public string? Error { get; }

    /// <summary>Reads at most <paramref name="maxBytes"/> bytes of <paramref name="request"/>'s body.</summary>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return TooLarge(maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limit (set to the same size) or a malformed/aborted upload.
            return e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge(maxBytes)
                : new RequestBody([], e.StatusCode, "Bad request: " + e.Message);
        }

        return new RequestBody(buffer.ToArray(), null, null);
    }

    private static RequestBody TooLarge(long maxBytes) =>
        new([], StatusCodes.Status413PayloadTooLarge, $"Payload too large: the limit is {maxBytes} bytes");
}
