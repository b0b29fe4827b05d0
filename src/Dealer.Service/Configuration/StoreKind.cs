namespace Dealer.Service.Configuration;

/// <summary>Which store backend the dealer runs on.</summary>
internal enum StoreKind
{
    /// <summary>SQLite and files in one data directory (the default; needs nothing but the .NET SDK).</summary>
    Embedded,

    /// <summary>S3, DynamoDB and SQS (configured by the <c>--aws-*</c> flags over the <c>DEALER_AWS_*</c>/AWS environment).</summary>
    Aws,
}
