namespace Dealer.Ucan.Tests.Tokens;

/// <summary>Values of the protocol vectors the UCAN tests share (their principals are <see cref="TestPrincipals"/>).</summary>
internal static class UcanFixtures
{
    /// <summary>The aggregate piece link of the vectors (v2 piece CID, raw codec).</summary>
    public const string Aggregate = "bafkzcibcaafumrlza3a4ixhqc4hx7frcobk7p7bywiwqow5n377xo2dm2pp7udy";
}
