namespace Dealer.Service.Cli;

/// <summary>
/// The JavaScript module <c>dealer delegate --format js</c> prints: what a storefront built on @storacha/filecoin-client
/// and @storacha/filecoin-api passes when its dealer or deal tracker is this dealer rather than the packages' default
/// (<c>did:web:web3.storage</c> at web3.storage's URLs) — the dealer as audience and resource, the delegation as
/// proof, and a connection to the dealer's URL.
/// </summary>
internal static class StorefrontSnippet
{
    /// <summary>The module for the dealer <paramref name="dealer"/> at <paramref name="url"/> with the delegation <paramref name="archive"/>.</summary>
    public static string Module(string dealer, Uri url, byte[] archive) => $$"""
        // The connection to the dealer {{dealer}}, for @storacha/filecoin-client (Dealer.aggregateOffer,
        // DealTracker.dealInfo) and filecoin-api's dealerService / dealTrackerService contexts. The packages default to
        // did:web:web3.storage; pass `invocationConfig(issuer)` as the invocation config and `{ connection }` as options.
        import { connect } from '@ucanto/client'
        import { CAR, HTTP } from '@ucanto/transport'
        import { Delegation, DID } from '@ucanto/core'

        export const dealer = DID.parse('{{dealer}}')

        export const connection = connect({
          id: dealer,
          codec: CAR.outbound,
          channel: HTTP.open({ url: new URL('{{url}}'), method: 'POST' }),
        })

        const extracted = await Delegation.extract(new Uint8Array(Buffer.from('{{Convert.ToBase64String(archive)}}', 'base64')))
        if (extracted.error) throw extracted.error
        /** The delegation from the dealer to this storefront. */
        export const proof = extracted.ok

        /** The invocation config of a storefront (or aggregator) signing with `issuer`. */
        export const invocationConfig = (issuer) => ({ issuer, audience: dealer, with: dealer.did(), proofs: [proof] })

        """;
}
