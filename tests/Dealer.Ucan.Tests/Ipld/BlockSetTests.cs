using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Tests.Ipld;

public sealed class BlockSetTests
{
    [Test]
    public void Keeps_insertion_order_and_the_first_block_per_cid()
    {
        var a = Block.Encode("a");
        var b = Block.Encode("b");
        var c = Block.Encode("c");
        var set = new BlockSet();

        Assert.That(set.Add(b), Is.True);
        Assert.That(set.Add(a), Is.True);
        Assert.That(set.Add(Block.Create(b.Cid, b.Bytes.ToArray())), Is.False);
        Assert.That(set.Add(c), Is.True);

        Assert.That(set.Select(x => x.Cid), Is.EqualTo(new[] { b.Cid, a.Cid, c.Cid }));
        Assert.That(set, Has.Count.EqualTo(3));
        Assert.That(set.TryGet(b.Cid, out var found), Is.True);
        Assert.That(found, Is.SameAs(b));
    }

    [Test]
    public void Looks_blocks_up_by_cid()
    {
        var a = Block.Encode("a");
        var missing = Block.Encode("missing");
        var set = new BlockSet([a, a]);

        Assert.Multiple(() =>
        {
            Assert.That(set, Has.Count.EqualTo(1));
            Assert.That(set.Contains(a.Cid), Is.True);
            Assert.That(set.Contains(missing.Cid), Is.False);
            Assert.That(((IBlockSource)set).TryGet(missing.Cid, out var none), Is.False);
            Assert.That(none, Is.Null);
        });
    }
}
