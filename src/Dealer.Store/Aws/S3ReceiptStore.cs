using Amazon.S3;
using Dealer.Store.Abstractions;

namespace Dealer.Store.Aws;

/// <summary>
/// Receipts on S3 under <c>receipts/&lt;invocation CID&gt;</c>, in their own bucket so that the offer bucket Spade
/// lists holds offers only. S3 because receipt CARs carry their proof chains and have no size bound, while a
/// DynamoDB item stops at 400 KB; a put replaces the earlier receipt as <see cref="IReceiptStore"/> requires.
/// </summary>
internal sealed class S3ReceiptStore : IReceiptStore
{
    private readonly IAmazonS3 _s3;
    private readonly string _bucket;

    public S3ReceiptStore(IAmazonS3 s3, string bucket)
    {
        _s3 = s3;
        _bucket = bucket;
    }

    public Task PutAsync(string invocation, ReadOnlyMemory<byte> car, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(invocation);
        return S3Objects.PutAsync(_s3, _bucket, KeyFor(invocation), car, "application/vnd.ipld.car", cancellationToken);
    }

    public Task<byte[]?> GetAsync(string invocation, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(invocation);
        return S3Objects.GetAsync(_s3, _bucket, KeyFor(invocation), cancellationToken);
    }

    internal static string KeyFor(string invocation) => AwsResourceDefinitions.ReceiptKeyPrefix + invocation;
}
