using System.Collections.Concurrent;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Server;
using Dealer.Ucan.Tokens;

namespace Dealer.Ucan.Tests.Server;

/// <summary>
/// The reference dealer service of lib/caps.mjs: <c>deal/offer</c> queues the offer and joins the deterministic
/// <c>deal/add</c> effect (dealer self-issued, aud dealer, with dealer, same nb, exp null, no nonce); <c>deal/add</c>
/// stores it.
/// </summary>
internal sealed class ReferenceDealerService
{
    public ConcurrentQueue<IReadOnlyDictionary<string, object?>> Queued { get; } = new();

    public ConcurrentQueue<IReadOnlyDictionary<string, object?>> Stored { get; } = new();

    public ConcurrentQueue<Delegation> Effects { get; } = new();

    public IReadOnlyList<ServiceMethod> Methods => [new(DealCapabilities.Offer, OfferAsync), new(DealCapabilities.Add, AddAsync)];

    public static Delegation DealAddEffect(Dealer.Ucan.Principals.ISigner id, IReadOnlyDictionary<string, object?> nb) =>
        Invocation.Invoke(new DelegationOptions(id, id.Did, [new Capability("deal/add", id.Did, Caveats(nb))]) { Expiration = null });

    private ValueTask<HandlerResult> OfferAsync(InvocationContext context, CancellationToken cancellationToken)
    {
        var nb = context.Capability.Nb;
        if (!HasPieces(context, nb, out var failure))
        {
            return ValueTask.FromResult(failure);
        }

        Queued.Enqueue(Caveats(nb));
        var effect = DealAddEffect(context.Id, nb);
        Effects.Enqueue(effect);
        return ValueTask.FromResult(HandlerResult.Ok(Aggregate(nb)).Join(effect.Cid));
    }

    private ValueTask<HandlerResult> AddAsync(InvocationContext context, CancellationToken cancellationToken)
    {
        var nb = context.Capability.Nb;
        if (!HasPieces(context, nb, out var failure))
        {
            return ValueTask.FromResult(failure);
        }

        Stored.Enqueue(Caveats(nb));
        return ValueTask.FromResult(HandlerResult.Ok(Aggregate(nb)));
    }

    private static bool HasPieces(InvocationContext context, IReadOnlyDictionary<string, object?> nb, out HandlerResult failure)
    {
        var link = (Cid)nb["pieces"]!;
        if (context.Blocks.TryGet(link, out var block) && block.Decode() is List<object?> items && items.All(item => item is Cid))
        {
            failure = null!;
            return true;
        }

        failure = HandlerResult.Error(new DecodeBlockOperationFailed($"missing offer block in invocation: {link}"));
        return false;
    }

    private static Dictionary<string, object?> Aggregate(IReadOnlyDictionary<string, object?> nb) =>
        new(StringComparer.Ordinal) { ["aggregate"] = nb["aggregate"] };

    private static Dictionary<string, object?> Caveats(IReadOnlyDictionary<string, object?> nb)
    {
        var caveats = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["aggregate"] = nb["aggregate"],
            ["pieces"] = nb["pieces"],
            ["tenant"] = nb["tenant"],
        };
        if (nb.TryGetValue("label", out var label))
        {
            caveats["label"] = label;
        }

        return caveats;
    }
}
