using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Messages;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Results;
using Dealer.Ucan.Tests.Tokens;
using Dealer.Ucan.Tokens;
using Dealer.Ucan.Transport;

namespace Dealer.Ucan.Tests.Messages;

public sealed class AgentMessageTests
{
    private static Delegation Invocation(string nonce) => Dealer.Ucan.Delegations.Invocation.Invoke(new DelegationOptions(
        TestPrincipals.StorefrontSigner, TestPrincipals.DealerDid, [new Capability("deal/offer", TestPrincipals.DealerDid)])
    {
        Expiration = 4102444800,
        Nonce = nonce,
    });

    private static Block Root(object? body) =>
        Block.Encode(new Dictionary<string, object?>(StringComparer.Ordinal) { [AgentMessage.Tag] = body });

    private static Dictionary<string, object?> Body(string key, object? value) => new(StringComparer.Ordinal) { [key] = value };

    [Test]
    public void A_request_round_trips_through_car_with_the_root_last()
    {
        var first = Invocation("a");
        var second = Invocation("b");
        var message = AgentMessage.Build([first, second]);
        var car = message.ToCar();
        var decoded = AgentMessage.FromCar(car);
        var parsed = Car.Decode(car);
        Assert.Multiple(() =>
        {
            Assert.That(decoded.Cid, Is.EqualTo(message.Cid));
            Assert.That(decoded.InvocationLinks, Is.EqualTo(new[] { first.Cid, second.Cid }));
            Assert.That(decoded.Invocations.Select(static i => i.Nonce), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(decoded.Receipts, Is.Empty);
            Assert.That(parsed.Blocks.Last().Cid, Is.EqualTo(message.Cid));
            Assert.That(decoded.ToCar(), Is.EqualTo(car));
        });
    }

    [Test]
    public void A_response_is_keyed_by_the_invocation_cid()
    {
        var invocation = Invocation("c");
        var receipt = Receipt.Issue(new ReceiptOptions(TestPrincipals.DealerSigner, invocation, Result.Success(Body("ok", true))));
        var message = AgentMessage.Build([receipt]);
        var body = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)message.Root.Decode()!)[AgentMessage.Tag]!;
        var report = (IReadOnlyDictionary<string, object?>)body["report"]!;
        var decoded = AgentMessage.FromCar(message.ToCar());
        Assert.Multiple(() =>
        {
            Assert.That(body.ContainsKey("execute"), Is.False);
            Assert.That(report[invocation.Cid.ToString()], Is.EqualTo(receipt.Cid));
            Assert.That(decoded.Receipts[invocation.Cid].Verify(TestPrincipals.DealerSigner.Verifier), Is.True);
            Assert.That(Car.Decode(message.ToCar()).Blocks.Select(static b => b.Cid), Is.EqualTo(new[] { invocation.Cid, receipt.Cid, message.Cid }));
        });
    }

    [Test]
    public void An_empty_message_is_an_empty_map()
    {
        var message = AgentMessage.Build(Array.Empty<Delegation>());
        var decoded = AgentMessage.FromCar(message.ToCar());
        Assert.Multiple(() =>
        {
            Assert.That(((IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)message.Root.Decode()!)[AgentMessage.Tag]!), Is.Empty);
            Assert.That(decoded.Invocations, Is.Empty);
            Assert.That(decoded.Receipts, Is.Empty);
        });
    }

    [Test]
    public void An_execute_link_to_a_missing_block_is_a_format_error_not_a_crash()
    {
        var missing = Invocation("d");
        var root = Root(Body("execute", new List<object?> { missing.Cid }));
        var error = Assert.Catch<FormatException>(() => AgentMessage.FromCar(Car.Encode([root.Cid], [root])));
        Assert.That(error!.Message, Is.EqualTo($"Invocation {missing.Cid} listed in 'execute' is not in the CAR."));
    }

    [Test]
    public void A_report_link_to_a_missing_receipt_is_a_format_error()
    {
        var invocation = Invocation("e");
        var receiptLink = Block.Encode("not here").Cid;
        var root = Root(Body("report", Body(invocation.Cid.ToString(), receiptLink)));
        var error = Assert.Catch<FormatException>(() => AgentMessage.FromCar(Car.Encode([root.Cid], [root])));
        Assert.That(error!.Message, Is.EqualTo($"Receipt {receiptLink} listed in 'report' is not in the CAR."));
    }

    [Test]
    public void A_root_that_is_not_an_agent_message_is_rejected()
    {
        var root = Block.Encode(Body("ucanto/message@6.0.0", Body("execute", new List<object?>())));
        var error = Assert.Catch<FormatException>(() => AgentMessage.FromCar(Car.Encode([root.Cid], [root])));
        Assert.That(error!.Message, Is.EqualTo("The CAR root is not an agent message: expected the single key 'ucanto/message@7.0.0', got ['ucanto/message@6.0.0']."));
    }

    [Test]
    public void A_car_whose_root_block_is_absent_is_rejected()
    {
        var root = Root(Body("execute", new List<object?>()));
        var other = Block.Encode("other");
        var error = Assert.Catch<FormatException>(() => AgentMessage.FromCar(Car.Encode([root.Cid], [other])));
        Assert.That(error!.Message, Is.EqualTo($"The CAR root {root.Cid} is not in the CAR."));
    }

    [Test]
    public void Execute_entries_that_are_not_links_are_rejected()
    {
        var root = Root(Body("execute", new List<object?> { "bafy" }));
        var error = Assert.Catch<FormatException>(() => AgentMessage.FromCar(Car.Encode([root.Cid], [root])));
        Assert.That(error!.Message, Is.EqualTo("Expected message 'execute[0]' to be a link, instead got string \"bafy\"."));
    }

    [Test]
    public void An_execute_link_to_a_block_that_is_not_a_ucan_is_rejected()
    {
        var junk = Block.Encode(Body("hello", 1L));
        var root = Root(Body("execute", new List<object?> { junk.Cid }));
        var error = Assert.Catch<FormatException>(() => AgentMessage.FromCar(Car.Encode([root.Cid], [junk, root])));
        Assert.That(error!.Message, Does.StartWith($"Invalid UCAN {junk.Cid}: Missing UCAN field 'v'."));
    }

    [Test]
    public void More_invocations_than_the_limit_are_rejected_on_read_and_on_build()
    {
        var invocation = Invocation("f");
        var root = Root(Body("execute", Enumerable.Repeat<object?>(invocation.Cid, AgentMessage.MaxInvocations + 1).ToList()));
        var blocks = invocation.IterateBlocks().Append(root);
        var error = Assert.Catch<FormatException>(() => AgentMessage.FromCar(Car.Encode([root.Cid], blocks)));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Is.EqualTo("The message has 17 invocations, more than the limit of 16."));
            Assert.That(() => AgentMessage.Build(Enumerable.Repeat(invocation, AgentMessage.MaxInvocations + 1)), Throws.ArgumentException);
        });
    }

    [Test]
    public void A_duplicated_invocation_gets_one_report_entry()
    {
        var invocation = Invocation("g");
        var first = Receipt.Issue(new ReceiptOptions(TestPrincipals.DealerSigner, invocation, Result.Success(Body("n", 1L))));
        var second = Receipt.Issue(new ReceiptOptions(TestPrincipals.DealerSigner, invocation, Result.Success(Body("n", 2L))));
        var message = AgentMessage.Build([first, second]);
        var body = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)message.Root.Decode()!)[AgentMessage.Tag]!;
        Assert.Multiple(() =>
        {
            Assert.That(((IReadOnlyDictionary<string, object?>)body["report"]!).Single().Value, Is.EqualTo(first.Cid));
            Assert.That(message.Receipts[invocation.Cid].Cid, Is.EqualTo(first.Cid));
        });
    }
}
