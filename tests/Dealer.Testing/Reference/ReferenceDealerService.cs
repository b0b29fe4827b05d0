using System.Collections.Concurrent;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Server;

namespace Dealer.Testing.Reference;

/// <summary>
/// The reference dealer service of lib/caps.mjs: <c>deal/offer</c> queues the offer and joins the deterministic
/// <c>deal/add</c> effect (dealer self-issued, aud dealer, with dealer, same nb, exp null, no nonce); <c>deal/add</c>
/// stores it. Both are typed methods over the declared dealer capabilities.
/// </summary>
internal sealed class ReferenceDealerService
{
    public ConcurrentQueue<DealCaveats> Queued { get; } = new();

    public ConcurrentQueue<DealCaveats> Stored { get; } = new();

    public ConcurrentQueue<Delegation> Effects { get; } = new();

    public IReadOnlyList<ServiceMethod> Methods =>
    [
        ServiceMethod.Provide(DealerCapabilities.DealOffer, OfferAsync),
        // lib/caps.mjs answers deal/add with {aggregate} alone (it knows no deal id): its own ok type and encoder.
        ServiceMethod.Provide<DealCaveats, OfferOk>(DealerCapabilities.DealAdd, ok => ok.ToIpld(), AddAsync),
    ];

    private ValueTask<HandlerResult<OfferOk>> OfferAsync(InvocationContext<DealCaveats> context, CancellationToken cancellationToken)
    {
        var nb = context.Caveats;
        if (MissingPieces(context, nb) is { } failure)
        {
            return ValueTask.FromResult<HandlerResult<OfferOk>>(failure);
        }

        Queued.Enqueue(nb);
        var effect = DealerCapabilities.DealAddInvocation(context.Id, nb);
        Effects.Enqueue(effect);
        return ValueTask.FromResult(HandlerResult<OfferOk>.Ok(new OfferOk(nb.Aggregate)).Join(effect.Cid));
    }

    private ValueTask<HandlerResult<OfferOk>> AddAsync(InvocationContext<DealCaveats> context, CancellationToken cancellationToken)
    {
        var nb = context.Caveats;
        if (MissingPieces(context, nb) is { } failure)
        {
            return ValueTask.FromResult<HandlerResult<OfferOk>>(failure);
        }

        Stored.Enqueue(nb);
        return ValueTask.FromResult(HandlerResult<OfferOk>.Ok(new OfferOk(nb.Aggregate)));
    }

    /// <summary>The reference check: the <c>nb.pieces</c> block is in the request and lists links.</summary>
    public static DecodeBlockOperationFailed? MissingPieces(InvocationContext context, DealCaveats nb) =>
        context.Blocks.TryGet(nb.Pieces, out var block) && block.Decode() is List<object?> items && items.TrueForAll(item => item is Cid)
            ? null
            : new DecodeBlockOperationFailed($"missing offer block in invocation: {nb.Pieces}");
}
