using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Tokens;
using Dealer.Ucan.Transport;

namespace Dealer.Ucan.Messages;

/// <summary>
/// A ucanto agent message, the body of every UCAN-RPC request and response (ucanto <c>message.js</c>):
/// <c>{"ucanto/message@7.0.0": {"execute"?: [&amp;UCAN], "report"?: {"&lt;invocation CID&gt;": &amp;Receipt}}}</c>,
/// carried as the single root of a CARv1.
/// </summary>
/// <remarks>
/// <para><see cref="ToCar"/> writes ucanto's block order: each invocation's DAG (proofs, attached blocks, the
/// invocation), then each receipt's DAG (ran invocation DAG, receipt), then the message root last — so our output is
/// byte-identical to JavaScript's.</para>
/// <para>Reading is strict: any structural problem — including an <c>execute</c> link or report receipt whose block
/// is missing — is a <see cref="FormatException"/> (the HTTP layer answers 400). Limits: at most
/// <see cref="MaxInvocations"/> invocations and <see cref="MaxReceipts"/> receipts per message, plus the proof
/// limits of <see cref="Delegation"/>.</para>
/// </remarks>
public sealed class AgentMessage
{
    /// <summary>The variant tag of the current message format.</summary>
    public const string Tag = "ucanto/message@7.0.0";

    /// <summary>The most invocations a message may carry.</summary>
    public const int MaxInvocations = 16;

    /// <summary>The most receipts a message may carry.</summary>
    public const int MaxReceipts = 16;

    private readonly IReadOnlyList<Receipt> _receiptList;

    private AgentMessage(Block root, IReadOnlyList<Cid> invocationLinks, IReadOnlyList<Delegation> invocations, IReadOnlyList<Receipt> receipts)
    {
        Root = root;
        InvocationLinks = invocationLinks;
        Invocations = invocations;
        _receiptList = receipts;
        var byRan = new Dictionary<Cid, Receipt>();
        foreach (var receipt in receipts)
        {
            byRan.TryAdd(receipt.Ran, receipt);
        }

        Receipts = byRan;
    }

    /// <summary>The CID of the message root block.</summary>
    public Cid Cid => Root.Cid;

    /// <summary>The message root block.</summary>
    public Block Root { get; }

    /// <summary><c>execute</c>: the invocation links, in order (duplicates kept).</summary>
    public IReadOnlyList<Cid> InvocationLinks { get; }

    /// <summary>The invocations to execute, in <c>execute</c> order.</summary>
    public IReadOnlyList<Delegation> Invocations { get; }

    /// <summary><c>report</c>: receipts keyed by the CID of the invocation they answer.</summary>
    public IReadOnlyDictionary<Cid, Receipt> Receipts { get; }

    /// <summary>Builds a request message that executes <paramref name="invocations"/>.</summary>
    public static AgentMessage Build(IEnumerable<Delegation> invocations) => Build(invocations, []);

    /// <summary>Builds a response message that reports <paramref name="receipts"/>.</summary>
    public static AgentMessage Build(IEnumerable<Receipt> receipts) => Build([], receipts);

    /// <summary>Builds a message with both fields (either may be empty, then it is left out).</summary>
    /// <exception cref="ArgumentException">More than <see cref="MaxInvocations"/> invocations or <see cref="MaxReceipts"/> receipts.</exception>
    public static AgentMessage Build(IEnumerable<Delegation> invocations, IEnumerable<Receipt> receipts)
    {
        ArgumentNullException.ThrowIfNull(invocations);
        ArgumentNullException.ThrowIfNull(receipts);
        var invocationList = invocations.ToList();
        var receiptList = receipts.ToList();
        if (invocationList.Count > MaxInvocations || receiptList.Count > MaxReceipts)
        {
            throw new ArgumentException($"A message carries at most {MaxInvocations} invocations and {MaxReceipts} receipts.");
        }

        var body = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (invocationList.Count > 0)
        {
            body["execute"] = invocationList.Select(static i => (object?)i.Cid).ToList();
        }

        if (receiptList.Count > 0)
        {
            // One entry per invocation: a duplicate keeps the first receipt, as ucanto does.
            var report = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var receipt in receiptList)
            {
                report.TryAdd(receipt.Ran.ToString(), receipt.Cid);
            }

            body["report"] = report;
        }

        var root = Block.Encode(new Dictionary<string, object?>(StringComparer.Ordinal) { [Tag] = body });
        return new AgentMessage(root, invocationList.Select(static i => i.Cid).ToList(), invocationList, receiptList);
    }

    /// <summary>The message's blocks in ucanto order, the root last.</summary>
    public IEnumerable<Block> IterateBlocks()
    {
        foreach (var invocation in Invocations)
        {
            foreach (var block in invocation.IterateBlocks())
            {
                yield return block;
            }
        }

        foreach (var receipt in _receiptList)
        {
            foreach (var block in receipt.IterateBlocks())
            {
                yield return block;
            }
        }

        yield return Root;
    }

    /// <summary>Encodes the message as a CARv1 with the message block as its single root.</summary>
    public byte[] ToCar()
    {
        var blocks = new BlockSet();
        foreach (var block in IterateBlocks())
        {
            blocks.Add(block);
        }

        return Car.Encode([Cid], blocks);
    }

    /// <summary>Decodes a message from CAR bytes.</summary>
    /// <exception cref="FormatException">The bytes are not a CAR or not a valid agent message.</exception>
    public static AgentMessage FromCar(ReadOnlySpan<byte> car) => FromCar(Car.Decode(car));

    /// <summary>Reads the agent message rooted at the CAR's first root.</summary>
    /// <exception cref="FormatException">The root is missing or not an agent message, an <c>execute</c> invocation or a
    /// reported receipt is missing or invalid, or a limit is exceeded.</exception>
    public static AgentMessage FromCar(CarFile car)
    {
        ArgumentNullException.ThrowIfNull(car);
        if (car.Roots.Count == 0)
        {
            throw new FormatException("The CAR has no root.");
        }

        var rootCid = car.Roots[0];
        if (!car.Blocks.TryGet(rootCid, out var root))
        {
            throw new FormatException($"The CAR root {rootCid} is not in the CAR.");
        }

        if (root.Cid.Codec != Multicodec.DagCbor)
        {
            throw new FormatException($"The CAR root {rootCid} is not DAG-CBOR.");
        }

        var variant = IpldReader.Map(root.Decode(), "agent message");
        if (variant.Count != 1 || !variant.TryGetValue(Tag, out var bodyValue))
        {
            var keys = string.Join(", ", variant.Keys.Take(4).Select(static k => $"'{k}'"));
            throw new FormatException($"The CAR root is not an agent message: expected the single key '{Tag}', got [{keys}].");
        }

        var body = IpldReader.Map(bodyValue, $"'{Tag}'");
        var links = new List<Cid>();
        var invocations = new List<Delegation>();
        if (body.TryGetValue("execute", out var executeValue))
        {
            var execute = IpldReader.List(executeValue, "message 'execute'");
            if (execute.Count > MaxInvocations)
            {
                throw new InputFormatException($"The message has {execute.Count} invocations, more than the limit of {MaxInvocations}.")
                {
                    Limit = new InputLimit(InputLimit.Invocations, MaxInvocations),
                };
            }

            for (var i = 0; i < execute.Count; i++)
            {
                var link = IpldReader.Link(execute[i], $"message 'execute[{i}]'");
                if (!car.Blocks.TryGet(link, out var block))
                {
                    throw new FormatException($"Invocation {link} listed in 'execute' is not in the CAR.");
                }

                links.Add(link);
                invocations.Add(Delegation.View(block, car.Blocks));
            }
        }

        var receipts = new List<Receipt>();
        if (body.TryGetValue("report", out var reportValue))
        {
            var report = IpldReader.Map(reportValue, "message 'report'");
            if (report.Count > MaxReceipts)
            {
                throw new FormatException($"The message has {report.Count} receipts, more than the limit of {MaxReceipts}.");
            }

            foreach (var (key, value) in report)
            {
                var link = IpldReader.Link(value, $"message 'report[\"{key}\"]'");
                if (!Cid.TryParse(key, out _))
                {
                    throw new FormatException($"The report key \"{key}\" is not a CID.");
                }

                if (!car.Blocks.TryGet(link, out var block))
                {
                    throw new FormatException($"Receipt {link} listed in 'report' is not in the CAR.");
                }

                receipts.Add(Receipt.View(block, car.Blocks));
            }
        }

        return new AgentMessage(root, links, invocations, receipts);
    }
}
