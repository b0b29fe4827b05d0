// Issue 12: today's Storacha pipeline end to end. @storacha/filecoin-api's storefront and aggregator (their services
// and event handlers, in-memory stores and queues drained by the test) drive a real `dealer serve`: filecoin/offer →
// piece/offer → buffer → aggregate → piece/accept → aggregate/offer to the dealer → the operator's verdict → the
// dealer's cron answers aggregate/accept → the storefront's cron marks the pieces accepted (or invalid) →
// filecoin/accept returns the deal's dataSource, and filecoin/info lists the deals the dealer reports over deal/info.
// Both aggregator modes: signing with the dealer's key, and with its own key as a trusted aggregator.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Delegation } from '@ucanto/core'
import * as DealerCaps from '@storacha/capabilities/filecoin/dealer'
import { DealTracker } from '@storacha/filecoin-client'
import { startDealer, runDealer, tempDir } from '../lib/dealer.js'
import { newKey, verifierFor, verifyReceipt, eventually, ranCid } from '../lib/ucan.js'
import { createUcanLog, createAggregator, createStorefront, followDealerReceipts } from '../lib/storacha.js'

const SERVE = ['--min-aggregate-size', '65536', '--cron-interval', '1']

/** `dealer delegate` of `ability` to `audience`, read back with @ucanto/core. */
const delegate = async (dealerKey, audience, ability) => {
  const temp = await tempDir()
  try {
    const out = path.join(temp.dir, 'proof.car')
    const run = await runDealer(['delegate', '--key', dealerKey.key, '--audience', audience, '--ability', ability, '--out', out])
    assert.equal(run.code, 0, run.stderr)
    const extracted = await Delegation.extract(new Uint8Array(await readFile(out)))
    assert.ok(extracted.ok, String(extracted.error))
    return extracted.ok
  } finally {
    await temp.remove()
  }
}

const resolve = async (dealer, aggregate, verdict) => {
  await eventually(async () => {
    const listed = await runDealer(['deals', 'list', '--data-dir', dealer.dataDir])
    return listed.code === 0 && listed.stdout.includes(String(aggregate))
  }, { what: `the dealer to record ${aggregate}` })
  const run = await runDealer(['deal', 'resolve', String(aggregate), '--data-dir', dealer.dataDir, ...verdict])
  assert.equal(run.code, 0, run.stderr)
}

/**
 * One pipeline against `dealer`: a fresh storefront and aggregator (signing with `aggregatorSigner`), `count` pieces
 * offered and aggregated, the aggregate offered to the dealer.
 */
const pipeline = async ({ dealer, dealerKey, aggregatorSigner, count = 2, dealerInvocationConfig }) => {
  const log = createUcanLog()
  const dealerId = verifierFor(dealer.id)
  const aggregator = createAggregator({ signer: aggregatorSigner, dealerId, dealerUrl: dealer.url, log, dealerInvocationConfig })
  const storefrontKey = await newKey()
  const dealInfoProof = await delegate(dealerKey, storefrontKey.did, 'deal/info')
  const storefront = await createStorefront({
    signer: storefrontKey.signer,
    aggregator,
    log,
    trackerId: dealerId,
    trackerUrl: dealer.url,
    // What a storefront passes when its deal tracker is this dealer (not did:web:web3.storage): the dealer as
    // audience and resource, the dealer's deal/info delegation as proof, and a connection to the dealer's URL.
    trackerInvocationConfig: { issuer: storefrontKey.signer, audience: dealerId, with: dealer.id, proofs: [dealInfoProof] },
  })
  const agent = (await newKey()).signer
  const contents = []
  for (let i = 0; i < count; i++) {
    const content = await storefront.newContent(400 + i * 300)
    await storefront.offer(agent, content)
    contents.push(content)
  }
  assert.deepEqual(contents.map((c) => storefront.status(c.piece)), contents.map(() => 'submitted'))
  const { record, offered } = await aggregator.aggregateAndOffer()
  return { log, aggregator, storefront, agent, contents, aggregate: record.aggregate, offered }
}

/** The aggregator's aggregate/offer: the invocation its piece/accept receipts join, and the dealer's receipt for it. */
const offerReceipt = (run) => {
  const accepts = [...run.log.receipts.values()].filter((r) => run.log.tasks.get(String(ranCid(r)))?.capabilities[0].can === 'piece/accept')
  assert.equal(accepts.length, run.contents.length, 'one piece/accept receipt per piece')
  const joins = new Set(accepts.map((r) => String(r.fx.join)))
  assert.equal(joins.size, 1, 'every piece/accept joins the same aggregate/offer')
  const [join] = joins
  return { join, receipt: run.log.receipts.get(join) }
}

for (const mode of ['dealer key', 'own key']) {
  describe(`@storacha pipeline -> dealer serve, aggregator with the ${mode}`, () => {
    let dealerKey, aggregatorKey, dealer

    before(async () => {
      dealerKey = await newKey()
      aggregatorKey = mode === 'dealer key' ? dealerKey : await newKey()
      const other = (await newKey()).did
      dealer = await startDealer({
        key: dealerKey.key,
        args: SERVE,
        // A trusted aggregator given as the operator would in a deployment's environment (comma-separated).
        env: mode === 'own key' ? { DEALER_TRUSTED_AGGREGATORS: `${other}, ${aggregatorKey.did}` } : {},
      })
    })

    after(async () => {
      await dealer?.stop()
    })

    test('approved: the pieces end accepted and filecoin/accept returns the deal; deal/info and filecoin/info list every deal', async () => {
      const run = await pipeline({ dealer, dealerKey, aggregatorSigner: aggregatorKey.signer })
      assert.ok(run.offered.ok, `aggregate/offer accepted: ${run.offered.error?.name}: ${run.offered.error?.message}`)

      // The dealer answered exactly the invocation the piece/accept receipts promised.
      const { join, receipt } = offerReceipt(run)
      assert.ok(receipt, 'the dealer answered the promised aggregate/offer')
      assert.ok((await verifyReceipt(receipt, verifierFor(dealer.id))).ok)
      assert.equal(receipt.issuer.did(), dealer.id)
      assert.ok(receipt.out.ok, receipt.out.error?.message)
      const task = run.log.tasks.get(join)
      assert.equal(task.capabilities[0].with, aggregatorKey.did)
      assert.equal(task.issuer.did(), aggregatorKey.did)
      assert.equal(task.proofs.length, 0, 'self-issued, no proofs')

      // Before the verdict the storefront's cron finds no aggregate/accept and changes nothing.
      assert.deepEqual(await run.storefront.cronTick(), { updatedCount: 0, pendingCount: run.contents.length })

      await resolve(dealer, run.aggregate, ['--approve', '--deal-id', '1001', '--provider', 'f01001'])
      const accept = await eventually(() => followDealerReceipts(dealer.url, receipt.fx.join.link(), run.log), { what: 'the aggregate/accept receipt' })
      assert.ok((await verifyReceipt(accept, verifierFor(dealer.id))).ok)
      assert.equal(run.log.tasks.get(String(ranCid(accept))).capabilities[0].can, 'aggregate/accept')

      assert.deepEqual(await run.storefront.cronTick(), { updatedCount: run.contents.length, pendingCount: 0 })
      for (const content of run.contents) {
        assert.equal(run.storefront.status(content.piece), 'accepted')
        const accepted = await run.storefront.accept(content)
        assert.ok(accepted.out.ok, `filecoin/accept: ${accepted.out.error?.message}`)
        assert.equal(String(accepted.out.ok.aggregate), String(run.aggregate))
        // filecoin-api writes these as BigInts; DAG-CBOR hands small integers back as numbers.
        assert.equal(BigInt(accepted.out.ok.aux.dataSource.dealID), 1001n)
        assert.equal(BigInt(accepted.out.ok.aux.dataType), 0n)
        assert.ok(accepted.out.ok.inclusion, 'with the inclusion proof from piece/accept')
      }

      // A renewal: deal/info reports both deals, through the JS client and through the storefront's filecoin/info.
      await resolve(dealer, run.aggregate, ['--approve', '--deal-id', '1002', '--provider', 'f01002'])
      const info = await DealTracker.dealInfo(run.storefront.context.dealTrackerService.invocationConfig, run.aggregate,
        { connection: run.storefront.context.dealTrackerService.connection })
      assert.ok((await verifyReceipt(info, verifierFor(dealer.id))).ok)
      assert.deepEqual(info.out.ok, { deals: { 1001: { provider: 'f01001' }, 1002: { provider: 'f01002' } } })
      const filecoinInfo = await run.storefront.info(run.agent, run.contents[0].piece)
      assert.ok(filecoinInfo.out.ok, `filecoin/info: ${filecoinInfo.out.error?.name}: ${filecoinInfo.out.error?.message}`)
      assert.equal(String(filecoinInfo.out.ok.aggregates[0].aggregate), String(run.aggregate))
      assert.deepEqual(
        filecoinInfo.out.ok.deals.map((d) => [d.provider, BigInt(d.aux.dataSource.dealID)]).sort(),
        [['f01001', 1001n], ['f01002', 1002n]]
      )
      assert.deepEqual(run.aggregator.errors, [])
      assert.deepEqual(run.storefront.errors, [])
    })

    test('rejected: the pieces end invalid, aggregate/accept is InvalidPiece and filecoin/accept finds no proof', async () => {
      const run = await pipeline({ dealer, dealerKey, aggregatorSigner: aggregatorKey.signer, count: 3 })
      assert.ok(run.offered.ok, run.offered.error?.message)
      const { receipt } = offerReceipt(run)

      const blamed = run.contents[1].piece
      await resolve(dealer, run.aggregate, ['--reject', '--reason', 'no provider took it', '--invalid-piece', String(blamed)])
      const accept = await eventually(() => followDealerReceipts(dealer.url, receipt.fx.join.link(), run.log), { what: 'the aggregate/accept receipt' })
      assert.ok((await verifyReceipt(accept, verifierFor(dealer.id))).ok)
      assert.equal(accept.out.error.name, 'InvalidPiece')
      assert.equal(accept.out.error.message, 'no provider took it')
      assert.equal(String(accept.out.error.aggregate), String(run.aggregate))
      assert.equal(accept.out.error.cause.length, 1)
      assert.equal(accept.out.error.cause[0].name, 'InvalidPieceCID')
      assert.equal(String(accept.out.error.cause[0].piece), String(blamed))

      assert.deepEqual(await run.storefront.cronTick(), { updatedCount: 3, pendingCount: 0 })
      for (const content of run.contents) {
        assert.equal(run.storefront.status(content.piece), 'invalid')
        const accepted = await run.storefront.accept(content)
        assert.equal(accepted.out.error?.name, 'ProofNotFound')
      }

      // deal/info knows the aggregate but reports no deal.
      const info = await DealTracker.dealInfo(run.storefront.context.dealTrackerService.invocationConfig, run.aggregate,
        { connection: run.storefront.context.dealTrackerService.connection })
      assert.deepEqual(info.out.ok, { deals: {} })
    })
  })
}

describe('@storacha pipeline: aggregators the dealer does not trust', () => {
  let dealerKey, dealer

  before(async () => {
    dealerKey = await newKey()
    dealer = await startDealer({ key: dealerKey.key, args: [...SERVE, '--trusted-aggregator', (await newKey()).did] })
  })

  after(async () => {
    await dealer?.stop()
  })

  test('own key, not listed: aggregate/offer is UnsupportedCapability and the pieces stay submitted', async () => {
    const aggregatorKey = await newKey()
    const run = await pipeline({ dealer, dealerKey, aggregatorSigner: aggregatorKey.signer })
    assert.equal(run.offered.error?.name, 'UnsupportedCapability')
    assert.deepEqual(await run.storefront.cronTick(), { updatedCount: 0, pendingCount: 2 })
  })

  test('own key with a delegation from the dealer: the offer is accepted, but it is not the promised invocation', async () => {
    // What a third-party aggregator could do before trusted aggregators: invoke on the dealer's DID with a
    // delegation. filecoin-api's piece/accept still promises the self-issued invocation, so the storefront's chain
    // ends at a task nobody answered and its pieces stay submitted.
    const aggregatorKey = await newKey()
    const proof = await DealerCaps.aggregateOffer.delegate({ issuer: dealerKey.signer, audience: aggregatorKey.signer, with: dealerKey.did })
    const run = await pipeline({
      dealer,
      dealerKey,
      aggregatorSigner: aggregatorKey.signer,
      dealerInvocationConfig: { issuer: aggregatorKey.signer, with: dealerKey.did, audience: verifierFor(dealer.id), proofs: [proof] },
    })
    assert.ok(run.offered.ok, run.offered.error?.message)
    const { receipt } = offerReceipt(run)
    assert.equal(receipt, undefined, 'no receipt for the promised self-issued aggregate/offer')
    assert.deepEqual(await run.storefront.cronTick(), { updatedCount: 0, pendingCount: 2 })
  })

  test('deal/info: DealNotFound for an aggregate never offered, Unauthorized without the dealer delegation', async () => {
    const storefront = await newKey()
    const proof = await delegate(dealerKey, storefront.did, 'deal/info')
    const { connect, buildOffer } = await import('../lib/ucan.js')
    const connection = connect(dealer.url, dealer.id)
    const { aggregate } = await buildOffer()
    const config = { issuer: storefront.signer, audience: verifierFor(dealer.id), with: dealer.id }

    const unknown = await DealTracker.dealInfo({ ...config, proofs: [proof] }, aggregate, { connection })
    const unproven = await DealTracker.dealInfo({ ...config, proofs: [] }, aggregate, { connection })
    // filecoin-client's default audience is did:web:web3.storage: a storefront must pass this dealer as audience.
    const defaultAudience = await DealTracker.dealInfo({ issuer: storefront.signer, with: dealer.id, proofs: [proof] }, aggregate, { connection })

    assert.ok((await verifyReceipt(unknown, verifierFor(dealer.id))).ok)
    assert.equal(unknown.out.error?.name, 'DealNotFound')
    assert.equal(unproven.out.error?.name, 'Unauthorized')
    assert.equal(defaultAudience.out.error?.name, 'InvalidAudience')
  })

  test('dealer delegate --url prints what a storefront needs: JSON, and a JS module that connects as is', async () => {
    const storefront = await newKey()
    // The module imports @ucanto/*: it must live where this package's node_modules resolve.
    const dir = await mkdtemp(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.snippet-'))
    try {
      const out = path.join(dir, 'proof.car')
      const common = ['delegate', '--key', dealerKey.key, '--audience', storefront.did, '--ability', 'deal/info', '--url', String(dealer.url), '--out', out]
      const json = await runDealer(common)
      assert.equal(json.code, 0, json.stderr)
      const printed = JSON.parse(json.stdout)
      assert.deepEqual(printed.connection, { id: dealer.id, url: String(dealer.url) })
      assert.deepEqual(new Uint8Array(Buffer.from(printed.proof, 'base64')), new Uint8Array(await readFile(out)))

      const js = await runDealer([...common, '--format', 'js'])
      assert.equal(js.code, 0, js.stderr)
      const module = path.join(dir, 'dealer.mjs')
      await writeFile(module, js.stdout)
      const snippet = await import(module)
      assert.equal(snippet.dealer.did(), dealer.id)
      assert.equal(String(snippet.proof.cid), printed.cid)

      const { buildOffer } = await import('../lib/ucan.js')
      const { aggregate } = await buildOffer()
      const info = await DealTracker.dealInfo(snippet.invocationConfig(storefront.signer), aggregate, { connection: snippet.connection })
      assert.ok((await verifyReceipt(info, verifierFor(dealer.id))).ok)
      assert.equal(info.out.error?.name, 'DealNotFound', 'authorized by the printed proof; the aggregate is unknown')

      const missingUrl = await runDealer(['delegate', '--key', dealerKey.key, '--audience', storefront.did, '--format', 'js', '--out', out])
      assert.equal(missingUrl.code, 2)
      assert.match(missingUrl.stderr, /--format js needs --url/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
