using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Dealer.Store.Aws;

/// <summary>The S3 object calls shared by the offer and receipt stores, with their errors translated.</summary>
internal static class S3Objects
{
    public static async Task<byte[]?> GetAsync(IAmazonS3 s3, string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
        {
            return null;
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Reading s3://{bucket}/{key}");
        }
    }

    /// <summary>
    /// Whether the object exists. A HEAD answer has no body, so a missing bucket also reads as "missing"; the
    /// write that follows then fails with <c>NoSuchBucket</c>.
    /// </summary>
    public static async Task<bool> ExistsAsync(IAmazonS3 s3, string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Checking s3://{bucket}/{key}");
        }
    }

    /// <summary>Writes (or replaces) the object.</summary>
    public static async Task PutAsync(IAmazonS3 s3, string bucket, string key, ReadOnlyMemory<byte> body, string contentType,
        CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new MemoryStream(body.ToArray(), writable: false);
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                InputStream = stream,
                ContentType = contentType,
                AutoCloseStream = false,
            }, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Writing s3://{bucket}/{key}");
        }
    }
}
