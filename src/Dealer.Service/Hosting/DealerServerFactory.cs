using Dealer.Service.Capabilities;
using Dealer.Service.Configuration;
using Dealer.Service.Handlers;
using Dealer.Service.Receipts;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Results;
using Dealer.Ucan.Server;
using Dealer.Ucan.Validation;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Hosting;

/// <summary>
/// Builds the dealer's <see cref="UcanServer"/>: <c>deal/offer</c> and <c>deal/add</c>, every receipt kept in the
/// receipt store, and the revocation store consulted for every delegation on a proven path.
/// </summary>
public static partial class DealerServerFactory
{
    /// <summary>Creates the server.</summary>
    public static UcanServer Create(ISigner dealer, DealerStores stores, DealOfferHandler offer, DealAddHandler add,
        TimeProvider clock, ILogger logger) =>
        Create(dealer, stores, offer, add, clock, logger, aggregateOffer: null, aggregateAccept: null, resolveDidKey: null);

    /// <summary>
    /// Creates the server, also serving <c>aggregate/offer</c>, <c>aggregate/accept</c> and <c>deal/info</c> when their
    /// handlers are given, resolving the keys of <c>did:web</c> issuers through <paramref name="resolveDidKey"/> (the
    /// <c>--resolve</c> table, then did:web documents: <see cref="DidWeb.DidResolver"/>), and telling every invocation
    /// run to <paramref name="onRun"/> (metrics and the request log).
    /// </summary>
    public static UcanServer Create(ISigner dealer, DealerStores stores, DealOfferHandler offer, DealAddHandler add,
        TimeProvider clock, ILogger logger, AggregateOfferHandler? aggregateOffer, AggregateAcceptHandler? aggregateAccept,
        Func<string, CancellationToken, ValueTask<DidKeyResolution>>? resolveDidKey, DealInfoHandler? dealInfo = null,
        Action<InvocationRun>? onRun = null)
    {
        ArgumentNullException.ThrowIfNull(dealer);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(logger);
        var revocations = stores.Revocations;
        List<ServiceMethod> methods =
        [
            new ServiceMethod(DealCapabilities.Offer, offer.HandleAsync),
            new ServiceMethod(DealCapabilities.Add, add.HandleAsync),
        ];
        if (aggregateOffer is not null)
        {
            methods.Add(new ServiceMethod(AggregateCapabilities.Offer, aggregateOffer.HandleAsync));
        }

        if (aggregateAccept is not null)
        {
            methods.Add(new ServiceMethod(AggregateCapabilities.Accept, aggregateAccept.HandleAsync));
        }

        if (dealInfo is not null)
        {
            methods.Add(new ServiceMethod(DealInfoCapability.Info, dealInfo.HandleAsync));
        }

        return new UcanServer(new ServerOptions(dealer, methods)
        {
            Clock = clock,
            ResolveDidKey = resolveDidKey,
            Receipts = new StoreReceiptLog(stores.Receipts, dealer.Did),
            ValidateAuthorization = (authorization, cancellationToken) =>
                CheckRevocationsAsync(revocations, authorization, logger, cancellationToken),
            OnError = exception => LogServerError(logger, exception),
            OnRun = onRun,
        });
    }

    private static async ValueTask<Failure?> CheckRevocationsAsync(IRevocationStore revocations, Authorization authorization,
        ILogger logger, CancellationToken cancellationToken)
    {
        var path = authorization.Iterate().Select(cid => cid.ToString()).Distinct(StringComparer.Ordinal).ToList();
        try
        {
            var revoked = await revocations.FindRevokedAsync(path, cancellationToken).ConfigureAwait(false);
            return revoked is null ? null : new Revoked(Cid.Parse(revoked));
        }
        catch (StoreException e)
        {
            // Fail closed: an authorization that cannot be checked against revocations is not granted. It is refused
            // as StoreOperationFailed, not Unauthorized, so the storefront knows to retry rather than doubt its proofs.
            LogRevocationCheckFailed(logger, e);
            throw new InvocationFailureException(
                new DealerFailure(DealerErrors.StoreOperationFailed, "the revocation store could not be read: " + e.Message), e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A handler failed or a receipt could not be recorded")]
    private static partial void LogServerError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking revocations failed; refusing the authorization")]
    private static partial void LogRevocationCheckFailed(ILogger logger, Exception exception);
}
