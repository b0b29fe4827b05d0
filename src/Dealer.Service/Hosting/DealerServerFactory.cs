using Dealer.Service.Handlers;
using Dealer.Service.Receipts;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Server;
using Dealer.Ucan.Validation;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Hosting;

/// <summary>
/// Builds the dealer's <see cref="UcanServer"/>: <c>deal/offer</c> and <c>deal/add</c> (the typed methods of the
/// <see cref="DealerCapabilities"/>), every receipt kept in the receipt store, and the revocation store consulted for
/// every delegation on a proven path.
/// </summary>
internal static partial class DealerServerFactory
{
    /// <summary>Creates the server.</summary>
    public static UcanServer Create(ISigner dealer, DealerStores stores, DealOfferHandler offer, DealReportHandler reports,
        TimeProvider clock, ILogger logger) =>
        Create(dealer, stores, offer, reports, clock, logger, aggregateOffer: null, resolveDidKey: null);

    /// <summary>
    /// Creates the server, also serving <c>aggregate/offer</c> with its <c>aggregate/accept</c> (answered by
    /// <paramref name="reports"/>, as <c>deal/add</c>) and <c>deal/info</c> when their handlers are given, resolving the keys of <c>did:web</c> issuers through <paramref name="resolveDidKey"/> (the
    /// <c>--resolve</c> table, then did:web documents: <see cref="DidWeb.DidResolver"/>), and telling every invocation
    /// run to <paramref name="onRun"/> (metrics and the request log).
    /// </summary>
    public static UcanServer Create(ISigner dealer, DealerStores stores, DealOfferHandler offer, DealReportHandler reports,
        TimeProvider clock, ILogger logger, AggregateOfferHandler? aggregateOffer,
        Func<string, CancellationToken, ValueTask<DidKeyResolution>>? resolveDidKey, DealInfoHandler? dealInfo = null,
        Action<InvocationRun>? onRun = null)
    {
        ArgumentNullException.ThrowIfNull(dealer);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(logger);
        var revocations = stores.Revocations;
        List<ServiceMethod> methods =
        [
            ServiceMethod.Provide(DealerCapabilities.DealOffer, offer.HandleAsync),
            ServiceMethod.Provide(DealerCapabilities.DealAdd, reports.AddAsync),
        ];
        if (aggregateOffer is not null)
        {
            methods.Add(ServiceMethod.Provide(DealerCapabilities.AggregateOffer, aggregateOffer.HandleAsync));
            methods.Add(ServiceMethod.Provide(DealerCapabilities.AggregateAccept, reports.AcceptAsync));
        }

        if (dealInfo is not null)
        {
            methods.Add(ServiceMethod.Provide(DealerCapabilities.DealInfo, dealInfo.HandleAsync));
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

    private static async ValueTask<AuthorizationCheck> CheckRevocationsAsync(IRevocationStore revocations, Authorization authorization,
        ILogger logger, CancellationToken cancellationToken)
    {
        var path = authorization.Iterate().Select(cid => cid.ToString()).Distinct(StringComparer.Ordinal).ToList();
        try
        {
            var revoked = await revocations.FindRevokedAsync(path, cancellationToken).ConfigureAwait(false);
            return revoked is null ? AuthorizationCheck.Allow : AuthorizationCheck.Reject(new Revoked(Cid.Parse(revoked)));
        }
        catch (StoreException e)
        {
            // Fail closed: an authorization that cannot be checked against revocations is not granted. It is refused
            // as StoreOperationFailed, not Unauthorized, so the storefront knows to retry rather than doubt its proofs.
            LogRevocationCheckFailed(logger, e);
            return AuthorizationCheck.Fail(
                new DealerFailure(DealerErrors.StoreOperationFailed, "the revocation store could not be read: " + e.Message));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A handler failed or a receipt could not be recorded")]
    private static partial void LogServerError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking revocations failed; refusing the authorization")]
    private static partial void LogRevocationCheckFailed(ILogger logger, Exception exception);
}
