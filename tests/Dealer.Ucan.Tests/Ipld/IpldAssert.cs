using System.Numerics;
using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Tests.Ipld;

/// <summary>Structural comparison of IPLD data-model values (integers compared by value, whatever their CLR type).</summary>
internal static class IpldAssert
{
    public static void AreEqual(object? expected, object? actual, string path = "$")
    {
        switch (expected)
        {
            case null:
                Assert.That(actual, Is.Null, path);
                break;
            case bool or string or Cid:
                Assert.That(actual, Is.EqualTo(expected), path);
                break;
            case double d:
                Assert.That(actual, Is.TypeOf<double>(), path);
                Assert.That(BitConverter.DoubleToInt64Bits((double)actual!), Is.EqualTo(BitConverter.DoubleToInt64Bits(d)), path);
                break;
            case long or int or BigInteger:
                var value = expected is BigInteger big ? big : new BigInteger(Convert.ToInt64(expected, null));
                Assert.That(actual, value >= long.MinValue && value <= long.MaxValue ? Is.TypeOf<long>() : Is.TypeOf<BigInteger>(), path);
                Assert.That(actual is long l ? new BigInteger(l) : (BigInteger)actual!, Is.EqualTo(value), path);
                break;
            case byte[] bytes:
                Assert.That(actual, Is.TypeOf<byte[]>().And.EqualTo(bytes), path);
                break;
            case IReadOnlyDictionary<string, object?> map:
                Assert.That(actual, Is.TypeOf<Dictionary<string, object?>>(), path);
                var actualMap = (Dictionary<string, object?>)actual!;
                Assert.That(actualMap.Keys, Is.EquivalentTo(map.Keys), path);
                foreach (var (key, item) in map)
                {
                    AreEqual(item, actualMap[key], $"{path}.{key}");
                }

                break;
            case IReadOnlyList<object?> list:
                Assert.That(actual, Is.TypeOf<List<object?>>(), path);
                var actualList = (List<object?>)actual!;
                Assert.That(actualList, Has.Count.EqualTo(list.Count), path);
                for (var i = 0; i < list.Count; i++)
                {
                    AreEqual(list[i], actualList[i], $"{path}[{i}]");
                }

                break;
            default:
                Assert.Fail($"{path}: unexpected expected type {expected.GetType()}");
                break;
        }
    }
}
