using Amazon.S3;
using Amazon.S3.Model;
using Dealer.Store.Abstractions;

namespace Dealer.Store.Aws;

/// <summary>
/// Receipts on S3 under <c>receipts/&lt;invocation CID&gt;</c>, in their own bucket so that the offer bucket Spade
/// lists holds offers only. S3 because receipt CARs carry their proof chains and have no size bound, while a
/// DynamoDB item stops at 400 KB; a put replaces the earlier receipt as <see cref="IReceiptStore"/> requires. Error
/// receipts live under <c>error-receipts/&lt;invocation CID&gt;</c>, so that a put of one never touches a final receipt
/// and they can be pruned (or expired by a lifecycle rule on the prefix) without listing the final ones.
/// </summary>
internal sealed class S3ReceiptStore : IReceiptStore
{
    private const string ContentType = "application/vnd.ipld.car";

    private readonly IAmazonS3 _s3;
    private readonly string _bucket;

    public S3ReceiptStore(IAmazonS3 s3, string bucket)
    {
        _s3 = s3;
        _bucket = bucket;
    }

    public Task<byte[]?> GetFinalAsync(string invocation, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(invocation);
        return S3Objects.GetAsync(_s3, _bucket, KeyFor(invocation), cancellationToken);
    }

    public async Task PutAsync(string invocation, ReadOnlyMemory<byte> car, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(invocation);
        // An error receipt left under the other prefix is harmless: the final one is read first, and it is pruned.
        await S3Objects.PutAsync(_s3, _bucket, KeyFor(invocation), car, ContentType, cancellationToken).ConfigureAwait(false);
    }

    public Task PutErrorAsync(string invocation, ReadOnlyMemory<byte> car, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(invocation);
        return S3Objects.PutAsync(_s3, _bucket, ErrorKeyFor(invocation), car, ContentType, cancellationToken);
    }

    public async Task<int> PruneErrorsAsync(DateTimeOffset storedBefore, CancellationToken cancellationToken = default)
    {
        var pruned = 0;
        string? token = null;
        try
        {
            do
            {
                var page = await _s3.ListObjectsV2Async(new ListObjectsV2Request
                {
                    BucketName = _bucket,
                    Prefix = AwsResourceDefinitions.ErrorReceiptKeyPrefix,
                    ContinuationToken = token,
                }, cancellationToken).ConfigureAwait(false);
                var expired = (page.S3Objects ?? []).Where(item => item.LastModified is { } modified && new DateTimeOffset(modified.ToUniversalTime()) < storedBefore).ToList();
                foreach (var item in expired)
                {
                    await _s3.DeleteObjectAsync(_bucket, item.Key, cancellationToken).ConfigureAwait(false);
                    pruned++;
                }

                token = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (token is not null);
        }
        catch (Exception e) when (AwsErrors.IsAwsFailure(e, cancellationToken))
        {
            throw AwsErrors.Store(e, $"Pruning error receipts in s3://{_bucket}");
        }

        return pruned;
    }

    public async Task<byte[]?> GetAsync(string invocation, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(invocation);
        return await S3Objects.GetAsync(_s3, _bucket, KeyFor(invocation), cancellationToken).ConfigureAwait(false)
            ?? await S3Objects.GetAsync(_s3, _bucket, ErrorKeyFor(invocation), cancellationToken).ConfigureAwait(false);
    }

    internal static string KeyFor(string invocation) => AwsResourceDefinitions.ReceiptKeyPrefix + invocation;

    internal static string ErrorKeyFor(string invocation) => AwsResourceDefinitions.ErrorReceiptKeyPrefix + invocation;
}
