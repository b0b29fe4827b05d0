using Dealer.Store.Abstractions;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Client;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Receipts;
using Dealer.Ucan.Results;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Tracking;

/// <summary>
/// A deal tracker spoken to over UCAN: the w3filecoin <c>deal/info</c> protocol, invoked exactly as
/// @web3-storage/filecoin-client's <c>DealTracker.dealInfo</c> does (<c>nb {piece: aggregate}</c>, the JavaScript
/// default expiry of 30 seconds, no nonce) on the tracker's URL and DID, for example the deal-tracker service of
/// @web3-storage/filecoin-api. Every receipt must be signed by the tracker.
/// </summary>
/// <remarks>
/// <para>The invocation's resource is the dealer's own DID (self-issued, so no proof is needed), or, when a delegation
/// from the tracker is configured, the resource that delegation grants <c>deal/info</c> on, with the delegation as
/// proof.</para>
/// <para><c>ok {deals: {"&lt;dealID&gt;": {provider}}}</c> with at least one deal → approved with the lowest deal id
/// (the first deal made; renewals get higher ids); no deals → pending. <c>deal/info</c> has no notion of a refused
/// aggregate, so this tracker never reports a rejection. A tracker that cannot be reached, answers with an error
/// receipt, or whose receipt does not verify is a transient <see cref="StoreException"/>: the cron retries on its next
/// tick.</para>
/// </remarks>
internal sealed partial class DealInfoTracker : IDealTracker
{
    /// <summary>The ability of the deal tracker protocol.</summary>
    public const string DealInfoAbility = DealerCapabilities.DealInfoAbility;

    /// <summary>How long an invocation stays valid: the 30 s default of @ucanto/core's <c>invoke</c>.</summary>
    public static readonly TimeSpan InvocationLifetime = TimeSpan.FromSeconds(30);

    private readonly UcanClient _client;
    private readonly ISigner _dealer;
    private readonly string _trackerDid;
    private readonly Delegation? _proof;
    private readonly string _resource;
    private readonly TimeProvider _clock;
    private readonly ILogger<DealInfoTracker> _logger;

    /// <summary>Creates the tracker client.</summary>
    /// <param name="http">The HTTP client (its lifetime is the caller's).</param>
    /// <param name="url">The tracker's URL.</param>
    /// <param name="tracker">Verifies the tracker's receipts; its DID is the invocations' audience.</param>
    /// <param name="dealer">The dealer's signer (the invocations' issuer).</param>
    /// <param name="proof">A delegation of <c>deal/info</c> to the dealer, or null to invoke on the dealer's own DID.</param>
    /// <param name="clock">The clock for the invocations' expiry.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="ArgumentException">The proof is not addressed to the dealer or does not grant <c>deal/info</c>.</exception>
    public DealInfoTracker(HttpClient http, Uri url, IVerifier tracker, ISigner dealer, Delegation? proof, TimeProvider clock,
        ILogger<DealInfoTracker> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(dealer);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        _client = new UcanClient(http, url, tracker);
        _dealer = dealer;
        _trackerDid = tracker.Did;
        _proof = proof;
        _resource = proof is null ? dealer.Did : ResourceOf(proof, dealer.Did);
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The <c>with</c> of the invocations.</summary>
    public string Resource => _resource;

    /// <inheritdoc />
    public async Task<DealStatusReport> GetStatusAsync(string aggregate, CancellationToken cancellationToken = default)
    {
        var invocation = CreateInvocation(Cid.Parse(aggregate));
        Receipt receipt;
        try
        {
            receipt = await _client.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or FormatException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUnavailable(e, _trackerDid, aggregate);
            throw new StoreException($"the deal tracker {_trackerDid} could not answer deal/info for {aggregate}: {e.Message}", isTransient: true, e);
        }

        if (!receipt.Out.IsOk)
        {
            throw new StoreException(
                $"the deal tracker {_trackerDid} answered deal/info for {aggregate} with {receipt.Out.ErrorName ?? "an error"}: {receipt.Out.ErrorMessage}",
                isTransient: true);
        }

        return Read(receipt.Out, aggregate);
    }

    /// <summary>The <c>deal/info</c> invocation for <paramref name="piece"/>.</summary>
    public Delegation CreateInvocation(Cid piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        return Invocation.Invoke(new DelegationOptions(
            _dealer,
            _trackerDid,
            [DealerCapabilities.DealInfo.Create(_resource, new DealInfoCaveats(piece))])
        {
            Expiration = _clock.GetUtcNow().Add(InvocationLifetime).ToUnixTimeSeconds(),
            Proofs = _proof is null ? null : [_proof],
        });
    }

    /// <summary>The report of an ok <c>{deals: {"&lt;dealID&gt;": {provider}}}</c>.</summary>
    /// <exception cref="StoreException">The answer does not have that shape.</exception>
    internal static DealStatusReport Read(Result result, string aggregate)
    {
        if (!DealerCapabilities.DealInfo.TryReadOk(result, out var info))
        {
            throw new StoreException($"deal/info for {aggregate} answered something other than {{deals: {{\"<dealID>\": {{provider}}}}}}", isTransient: true);
        }

        return info.Deals.Count > 0
            ? DealStatusReport.Approved(info.Deals.Select(deal => new TrackedDeal(deal.DealId, deal.Provider)))
            : DealStatusReport.Pending;
    }

    private static string ResourceOf(Delegation proof, string dealer)
    {
        if (!string.Equals(proof.Audience, dealer, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The deal tracker proof is delegated to {proof.Audience}, not to this dealer ({dealer}).");
        }

        var capability = proof.Capabilities.FirstOrDefault(c => c.Can is DealInfoAbility or "deal/*" or "*")
            ?? throw new ArgumentException($"The deal tracker proof {proof.Cid} does not delegate {DealInfoAbility}.");
        return string.Equals(capability.With, "ucan:*", StringComparison.Ordinal) ? proof.Issuer : capability.With;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The deal tracker {Tracker} could not answer deal/info for {Aggregate}")]
    private partial void LogUnavailable(Exception exception, string tracker, string aggregate);
}
