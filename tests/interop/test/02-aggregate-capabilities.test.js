// Issue 5, item 2 (moved to the @storacha packages by issue 12): the dealer also serves `aggregate/offer` and
// `aggregate/accept` (@storacha/capabilities 2.3), so that @storacha/filecoin-client's Dealer.aggregateOffer and
// Dealer.aggregateAccept work against it. Each answer is compared with the real dealer service of
// @storacha/filecoin-api 2.1 running in node with the same key. One test keeps the retired
// @web3-storage/filecoin-client, which storefronts deployed before the rename still run.
import { Dealer as RetiredDealer } from '@web3-storage/filecoin-client'
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import * as Client from '@ucanto/client'
import { invoke } from '@ucanto/core'
import * as CAR from '@ucanto/transport/car'
import * as DealerCaps from '@storacha/capabilities/filecoin/dealer'
import { Dealer } from '@storacha/filecoin-client'
import * as FilecoinApiDealer from '@storacha/filecoin-api/dealer/service'
import { startDealer, runDealer } from '../lib/dealer.js'
import { listen } from '../lib/servers.js'
import { newKey, connect, buildOffer, verifierFor, verifyReceipt, fetchReceipt, eventually } from '../lib/ucan.js'

const YEAR_2100 = 4102444800

/** The aggregate/accept effect filecoin-api's aggregateOffer promises: iss = aud = with = dealer, exp null. */
const expectedAccept = async (dealerSigner, aggregate, pieces) =>
  (
    await DealerCaps.aggregateAccept
      .invoke({ issuer: dealerSigner, audience: dealerSigner, with: dealerSigner.did(), nb: { aggregate, pieces }, expiration: Infinity })
      .delegate()
  ).cid

/** filecoin-api's dealer (createServer) over in-memory stores. */
const startFilecoinApiDealer = async (id) => {
  const aggregates = new Map()
  const offers = new Map()
  const server = FilecoinApiDealer.createServer({
    id,
    codec: CAR.inbound,
    errorReporter: { catch: () => {} },
    validateAuthorization: () => ({ ok: {} }),
    aggregateStore: {
      has: async ({ aggregate }) => ({ ok: aggregates.has(`${aggregate}`) }),
      put: async (record) => (aggregates.set(`${record.aggregate}`, record), { ok: {} }),
      get: async ({ aggregate }) => ({ ok: aggregates.get(`${aggregate}`) }),
    },
    offerStore: { put: async ({ key, value }) => (offers.set(key, value), { ok: {} }) },
    dealTrackerService: { connection: null, invocationConfig: {} },
  })
  return { ...(await listen(server)), offers, aggregates }
}

describe('filecoin-client Dealer.aggregateOffer / aggregateAccept -> dealer serve', () => {
  let dealer, js, dealerKey, storefront, offerProof, acceptProof, ours, theirs

  before(async () => {
    dealerKey = await newKey()
    storefront = await newKey()
    dealer = await startDealer({ key: dealerKey.key, args: ['--min-aggregate-size', '65536', '--cron-interval', '1'] })
    js = await startFilecoinApiDealer(dealerKey.signer)
    offerProof = await DealerCaps.aggregateOffer.delegate({ issuer: dealerKey.signer, audience: storefront.signer, with: dealerKey.did, expiration: YEAR_2100 })
    acceptProof = await DealerCaps.aggregateAccept.delegate({ issuer: dealerKey.signer, audience: storefront.signer, with: dealerKey.did, expiration: YEAR_2100 })
    ours = connect(dealer.url, dealerKey.signer)
    theirs = connect(js.url, dealerKey.signer)
  })
  after(async () => {
    await dealer?.stop()
    await js?.close()
  })

  const storefrontConfig = (proofs) => ({ issuer: storefront.signer, with: dealerKey.did, audience: dealerKey.signer, proofs })
  const dealerConfig = () => ({ issuer: dealerKey.signer, with: dealerKey.did, audience: dealerKey.signer, proofs: [] })
  const verified = async (receipt) => {
    const result = await verifyReceipt(receipt, verifierFor(dealer.id))
    assert.ok(result.ok, `receipt verifies: ${result.error?.message}`)
    return receipt
  }

  test('aggregateOffer: ok {aggregate} joined to aggregate/accept (exp null), as filecoin-api answers', async () => {
    const offer = await buildOffer()
    const mine = await verified(await Dealer.aggregateOffer(storefrontConfig([offerProof]), offer.aggregate, offer.pieceLinks, { connection: ours }))
    const ref = await Dealer.aggregateOffer(storefrontConfig([offerProof]), offer.aggregate, offer.pieceLinks, { connection: theirs })
    assert.ok(ref.out.ok, JSON.stringify(ref.out.error))
    assert.ok(mine.out.ok, JSON.stringify(mine.out.error))
    assert.equal(String(mine.out.ok.aggregate), String(offer.aggregate))
    assert.equal(String(mine.fx.join), String(await expectedAccept(dealerKey.signer, offer.aggregate, offer.piecesBlock.cid)))
    assert.equal(String(mine.fx.join), String(ref.fx.join))
    assert.deepEqual(mine.fx.fork, [])
  })

  test('the retired @web3-storage/filecoin-client 3 Dealer.aggregateOffer gets the same answer', async () => {
    const offer = await buildOffer()
    const mine = await verified(await RetiredDealer.aggregateOffer(storefrontConfig([offerProof]), offer.aggregate, offer.pieceLinks, { connection: ours }))
    assert.ok(mine.out.ok, JSON.stringify(mine.out.error))
    assert.equal(String(mine.fx.join), String(await expectedAccept(dealerKey.signer, offer.aggregate, offer.piecesBlock.cid)))
  })

  test('aggregateOffer on a resource other than the dealer -> UnsupportedCapability, as filecoin-api', async () => {
    const offer = await buildOffer()
    const config = { issuer: storefront.signer, with: storefront.did, audience: dealerKey.signer, proofs: [] }
    const mine = await verified(await Dealer.aggregateOffer(config, offer.aggregate, offer.pieceLinks, { connection: ours }))
    const ref = await Dealer.aggregateOffer(config, offer.aggregate, offer.pieceLinks, { connection: theirs })
    assert.equal(ref.out.error?.name, 'UnsupportedCapability')
    assert.equal(mine.out.error?.name, 'UnsupportedCapability')
  })

  test('aggregate/offer without its pieces block -> DecodeBlockOperationFailed, as filecoin-api', async () => {
    const offer = await buildOffer()
    const invocation = DealerCaps.aggregateOffer.invoke({
      issuer: storefront.signer,
      audience: dealerKey.signer,
      with: dealerKey.did,
      nb: { aggregate: offer.aggregate, pieces: offer.piecesBlock.cid },
      proofs: [offerProof],
      expiration: Infinity,
    })
    const view = await invocation.buildIPLDView()
    const [[mine], [ref]] = await Promise.all([Client.execute([view], ours), Client.execute([view], theirs)])
    await verified(mine)
    assert.equal(ref.out.error?.name, 'DecodeBlockOperationFailed')
    assert.equal(mine.out.error?.name, 'DecodeBlockOperationFailed')
  })

  test('aggregate/offer without a delegation -> Unauthorized, as filecoin-api', async () => {
    const offer = await buildOffer()
    const mine = await verified(await Dealer.aggregateOffer(storefrontConfig([]), offer.aggregate, offer.pieceLinks, { connection: ours }))
    const ref = await Dealer.aggregateOffer(storefrontConfig([]), offer.aggregate, offer.pieceLinks, { connection: theirs })
    assert.equal(ref.out.error?.name, 'Unauthorized')
    assert.equal(mine.out.error?.name, 'Unauthorized')
  })

  test('aggregate/offer with malformed caveats -> Unauthorized (MalformedCapability inside), as filecoin-api', async () => {
    const offer = await buildOffer()
    const invocation = invoke({
      issuer: storefront.signer,
      audience: dealerKey.signer,
      capability: { can: 'aggregate/offer', with: dealerKey.did, nb: { aggregate: offer.piecesBlock.cid, pieces: offer.piecesBlock.cid } },
      proofs: [offerProof],
      expiration: Infinity,
    })
    invocation.attach(offer.piecesBlock)
    const view = await invocation.buildIPLDView()
    const [[mine], [ref]] = await Promise.all([Client.execute([view], ours), Client.execute([view], theirs)])
    await verified(mine)
    assert.equal(ref.out.error?.name, 'Unauthorized')
    assert.equal(mine.out.error?.name, 'Unauthorized')
    assert.match(mine.out.error.message, /Expected link to be CID with 0x55 codec/)
  })

  test('the full round: offer -> pending -> deal resolved -> aggregateAccept ok and the fx.join receipt answered', async () => {
    const offer = await buildOffer()
    const offered = await verified(await Dealer.aggregateOffer(storefrontConfig([offerProof]), offer.aggregate, offer.pieceLinks, { connection: ours }))
    assert.ok(offered.out.ok, JSON.stringify(offered.out.error))
    const join = offered.fx.join

    // Before the broker decides, aggregate/accept is an error (filecoin-api: "no deals were obtained").
    const early = await verified(await Dealer.aggregateAccept(dealerConfig(), offer.aggregate, offer.piecesBlock.cid, { connection: ours }))
    assert.ok(early.out.error, 'no early answer')
    assert.equal(early.out.error.name, 'DealPending')

    // The queue consumer must have recorded the deal before the operator can resolve it.
    const recorded = await eventually(async () => {
      const listed = await runDealer(['deals', 'list', '--data-dir', dealer.dataDir, '--status', 'offered'])
      if (listed.code !== 0) return null
      return listed.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((d) => d.aggregate === String(offer.aggregate))
    }, { what: 'the deal to be recorded as OFFERED' })
    // aggregate/offer has no tenant: the deal is made for the invoker, as filecoin-api's offer document names it.
    assert.equal(recorded.tenant, storefront.did)
    assert.equal(recorded.storefront, storefront.did)
    assert.equal(recorded.pieces, String(offer.piecesBlock.cid))
    const resolved = await runDealer(['deal', 'resolve', String(offer.aggregate), '--approve', '--deal-id', '4242', '--provider', 'f01234', '--data-dir', dealer.dataDir])
    assert.equal(resolved.code, 0, resolved.stderr)

    // Dealer.aggregateAccept, invoked as the dealer's own cron in filecoin-api does.
    const accepted = await verified(await Dealer.aggregateAccept(dealerConfig(), offer.aggregate, offer.piecesBlock.cid, { connection: ours }))
    assert.ok(accepted.out.ok, JSON.stringify(accepted.out.error))
    assert.equal(String(accepted.out.ok.aggregate), String(offer.aggregate))
    assert.equal(Number(accepted.out.ok.dataSource.dealID), 4242)
    assert.equal(Number(accepted.out.ok.dataType), 0)

    // A storefront holding an aggregate/accept delegation may ask too (filecoin-api checks only `with`).
    const asked = await verified(await Dealer.aggregateAccept(storefrontConfig([acceptProof]), offer.aggregate, offer.piecesBlock.cid, { connection: ours }))
    assert.equal(Number(asked.out.ok?.dataSource?.dealID), 4242)

    // The cron answers the effect promised in fx.join: GET /receipt/{join} is the verified aggregate/accept receipt.
    const receipt = await eventually(async () => {
      const r = await fetchReceipt(dealer.url, join)
      return r && r.out.ok ? r : null
    }, { what: `the receipt of ${join}` })
    assert.ok((await receipt.verifySignature(verifierFor(dealer.id))).ok)
    assert.equal(receipt.issuer.did(), dealer.id)
    assert.equal(String(receipt.ran.cid ?? receipt.ran), String(join))
    assert.equal(Number(receipt.out.ok.dataSource.dealID), 4242)
    assert.equal(Number(receipt.out.ok.dataType), 0)
  })

  test('aggregateAccept on a resource other than the dealer -> UnsupportedCapability, as filecoin-api', async () => {
    const offer = await buildOffer()
    const config = { issuer: storefront.signer, with: storefront.did, audience: dealerKey.signer, proofs: [] }
    const mine = await verified(await Dealer.aggregateAccept(config, offer.aggregate, offer.piecesBlock.cid, { connection: ours }))
    const ref = await Dealer.aggregateAccept(config, offer.aggregate, offer.piecesBlock.cid, { connection: theirs })
    assert.equal(ref.out.error?.name, 'UnsupportedCapability')
    assert.equal(mine.out.error?.name, 'UnsupportedCapability')
  })
})
