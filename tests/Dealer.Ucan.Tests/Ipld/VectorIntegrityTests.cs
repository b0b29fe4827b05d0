using System.Security.Cryptography;

namespace Dealer.Ucan.Tests.Ipld;

/// <summary>The copied vectors are the bytes the JS generator wrote (sha256 from its MANIFEST.json).</summary>
public sealed class VectorIntegrityTests
{
    [Test]
    public void Every_copied_vector_matches_the_manifest_hash()
    {
        var hashes = VectorFiles.Json("MANIFEST.json").GetProperty("sha256").EnumerateObject().ToList();

        Assert.That(hashes, Has.Count.GreaterThan(50));
        Assert.Multiple(() =>
        {
            foreach (var entry in hashes)
            {
                var actual = Convert.ToHexStringLower(SHA256.HashData(VectorFiles.Bytes(entry.Name)));
                Assert.That(actual, Is.EqualTo(entry.Value.GetString()), entry.Name);
            }
        });
    }
}
