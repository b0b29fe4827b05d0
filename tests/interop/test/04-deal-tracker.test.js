// Issue 5, item 4: the dealer's cron asks a deal tracker over UCAN (`deal/info`, as filecoin-client's
// DealTracker.dealInfo does). The tracker here is the real deal-tracker service of @storacha/filecoin-api 2.1
// running in node on loopback, over a deal store the test seeds. An aggregate the tracker reports with deals ends
// APPROVED with a verified deal/add (and aggregate/accept) receipt at the offer's fx.join.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import * as DealerCaps from '@storacha/capabilities/filecoin/dealer'
import * as DealTrackerCaps from '@storacha/capabilities/filecoin/deal-tracker'
import { DealTracker, Dealer } from '@storacha/filecoin-client'
import { startDealer, runDealer, tempDir } from '../lib/dealer.js'
import { startDealTracker } from '../lib/servers.js'
import { dealOffer } from '../lib/caps.js'
import { writeFile } from 'node:fs/promises'
import { newKey, connect, buildOffer, verifierFor, verifyReceipt, fetchReceipt, eventually, ranCid } from '../lib/ucan.js'

const YEAR_2100 = 4102444800
const SERVE = ['--min-aggregate-size', '65536', '--cron-interval', '1']

const listDeals = async (dataDir, status) => {
  const result = await runDealer(['deals', 'list', '--data-dir', dataDir, '--status', status])
  assert.equal(result.code, 0, result.stderr)
  return result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line))
}

/** The storefront offers `offer` (a fresh one by default) to the dealer with @ucanto/client; the receipt must be ok. */
const offerAggregate = async ({ dealer, dealerKey, storefront, offer, tenant = 't' }) => {
  offer ??= await buildOffer()
  const proof = await dealOffer.delegate({ issuer: dealerKey.signer, audience: storefront.signer, with: dealerKey.did, expiration: YEAR_2100 })
  const invocation = dealOffer.invoke({
    issuer: storefront.signer,
    audience: dealerKey.signer,
    with: dealerKey.did,
    nb: { aggregate: offer.aggregate, pieces: offer.piecesBlock.cid, tenant },
    proofs: [proof],
    expiration: YEAR_2100,
  })
  invocation.attach(offer.piecesBlock)
  const offered = await invocation.execute(connect(dealer.url, dealerKey.signer))
  assert.ok(offered.out.ok, JSON.stringify(offered.out.error))
  return { offer, offered }
}

/** Resolves once the consumer has recorded `offer` in the deal-store as OFFERED. */
const untilOffered = (dealer, offer) =>
  eventually(async () => (await listDeals(dealer.dataDir, 'offered')).some((d) => d.aggregate === String(offer.aggregate)), { what: 'OFFERED' })

describe('deal/info deal tracker (filecoin-api deal-tracker service) -> cron -> APPROVED', () => {
  let tracker, trackerKey, dealer, dealerKey, storefront, ours

  before(async () => {
    trackerKey = await newKey()
    dealerKey = await newKey()
    storefront = await newKey()
    tracker = await startDealTracker({ id: trackerKey.signer })
    dealer = await startDealer({ key: dealerKey.key, args: [...SERVE, '--tracker-url', String(tracker.url), '--tracker-did', trackerKey.did] })
    ours = connect(dealer.url, dealerKey.signer)
  })
  after(async () => {
    await dealer?.stop()
    await tracker?.close()
  })

  const offerDeal = async () => {
    const { offer, offered } = await offerAggregate({ dealer, dealerKey, storefront, tenant: 'tenant-t' })
    return { offer, join: offered.fx.join }
  }

  test('the seeded tracker answers filecoin-client DealTracker.dealInfo itself (the reference behaviour)', async () => {
    const offer = await buildOffer()
    await tracker.addDeal(offer.aggregate, 31, 'f0310')
    const client = await newKey()
    const receipt = await DealTracker.dealInfo({ issuer: client.signer, with: client.did, audience: trackerKey.signer }, offer.aggregate, { connection: connect(tracker.url, trackerKey.signer) })
    assert.deepEqual(receipt.out.ok, { deals: { 31: { provider: 'f0310' } } })
  })

  test('pending while the tracker knows no deal; APPROVED with the lowest deal id once it reports deals', async () => {
    const { offer, join } = await offerDeal()
    // The cron asks the tracker (deal/info from the dealer, with = the dealer's DID) and, with no deals, waits.
    await eventually(() => tracker.invocations.some((i) => i.piece === String(offer.aggregate)), { what: 'a deal/info for the aggregate' })
    const asked = tracker.invocations.find((i) => i.piece === String(offer.aggregate))
    assert.equal(asked.issuer, dealerKey.did)
    assert.equal(asked.with, dealerKey.did)
    assert.equal(await fetchReceipt(dealer.url, join), null, 'no deal/add receipt before the tracker reports a deal')
    assert.equal((await listDeals(dealer.dataDir, 'offered')).filter((d) => d.aggregate === String(offer.aggregate)).length, 1)

    await tracker.addDeal(offer.aggregate, 9001, 'f09001')
    await tracker.addDeal(offer.aggregate, 77, 'f077')

    const receipt = await eventually(async () => {
      const r = await fetchReceipt(dealer.url, join)
      return r && r.out.ok ? r : null
    }, { what: `the deal/add receipt ${join}` })
    assert.ok((await verifyReceipt(receipt, verifierFor(dealer.id))).ok, 'deal/add receipt verifies')
    assert.equal(String(ranCid(receipt)), String(join))
    assert.equal(String(receipt.out.ok.aggregate), String(offer.aggregate))
    assert.equal(Number(receipt.out.ok.dataSource.dealID), 77)
    assert.equal(receipt.ran.capabilities?.[0]?.can, 'deal/add')

    const approved = await eventually(async () => (await listDeals(dealer.dataDir, 'approved')).find((d) => d.aggregate === String(offer.aggregate)), { what: 'the deal to be APPROVED' })
    assert.equal(Number(approved.dealID), 77)
    assert.equal(approved.provider, 'f077')

    // The dealer's own deal/info (issue 12) passes on every deal the tracker reports, not only the lowest.
    const proof = await DealTrackerCaps.dealInfo.delegate({ issuer: dealerKey.signer, audience: storefront.signer, with: dealerKey.did })
    const info = await DealTracker.dealInfo({ issuer: storefront.signer, with: dealerKey.did, audience: dealerKey.signer, proofs: [proof] },
      offer.aggregate, { connection: ours })
    assert.ok((await verifyReceipt(info, verifierFor(dealer.id))).ok)
    assert.deepEqual(info.out.ok, { deals: { 77: { provider: 'f077' }, 9001: { provider: 'f09001' } } })
  })

  test('an aggregate/offer ends with its aggregate/accept effect answered from the tracker (dataType 0)', async () => {
    const offer = await buildOffer()
    const offerProof = await DealerCaps.aggregateOffer.delegate({ issuer: dealerKey.signer, audience: storefront.signer, with: dealerKey.did, expiration: YEAR_2100 })
    const offered = await Dealer.aggregateOffer({ issuer: storefront.signer, with: dealerKey.did, audience: dealerKey.signer, proofs: [offerProof] }, offer.aggregate, offer.pieceLinks, { connection: ours })
    assert.ok(offered.out.ok, JSON.stringify(offered.out.error))
    await tracker.addDeal(offer.aggregate, 555, 'f0555')
    const receipt = await eventually(async () => {
      const r = await fetchReceipt(dealer.url, offered.fx.join)
      return r && r.out.ok ? r : null
    }, { what: 'the aggregate/accept receipt' })
    assert.ok((await verifyReceipt(receipt, verifierFor(dealer.id))).ok)
    assert.equal(receipt.ran.capabilities?.[0]?.can, 'aggregate/accept')
    assert.equal(Number(receipt.out.ok.dataSource.dealID), 555)
    assert.equal(Number(receipt.out.ok.dataType), 0)
  })
})

describe('deal/info with a delegation from the tracker (--tracker-proof)', () => {
  let tracker, trackerKey, dealer, dealerKey, storefront, temp

  before(async () => {
    temp = await tempDir()
    trackerKey = await newKey()
    dealerKey = await newKey()
    storefront = await newKey()
    tracker = await startDealTracker({ id: trackerKey.signer })
    // The tracker lets the dealer ask about deals on the tracker's own resource.
    const delegation = await DealTrackerCaps.dealInfo.delegate({ issuer: trackerKey.signer, audience: dealerKey.signer, with: trackerKey.did, expiration: YEAR_2100 })
    const archive = await delegation.archive()
    assert.ok(archive.ok)
    const proofFile = path.join(temp.dir, 'tracker-proof.car')
    await writeFile(proofFile, archive.ok)
    dealer = await startDealer({
      key: dealerKey.key,
      args: [...SERVE, '--tracker-url', String(tracker.url), '--tracker-did', trackerKey.did, '--tracker-proof', proofFile],
    })
  })
  after(async () => {
    await dealer?.stop()
    await tracker?.close()
    await temp?.remove()
  })

  test('the dealer invokes deal/info on the delegated resource and the deal ends APPROVED', async () => {
    const offer = await buildOffer()
    await tracker.addDeal(offer.aggregate, 12, 'f012')
    const { offered } = await offerAggregate({ dealer, dealerKey, storefront, offer })
    const receipt = await eventually(async () => {
      const r = await fetchReceipt(dealer.url, offered.fx.join)
      return r && r.out.ok ? r : null
    }, { what: 'the deal/add receipt' })
    assert.ok((await verifyReceipt(receipt, verifierFor(dealer.id))).ok)
    assert.equal(Number(receipt.out.ok.dataSource.dealID), 12)
    const asked = tracker.invocations.find((i) => i.piece === String(offer.aggregate))
    assert.equal(asked.issuer, dealerKey.did)
    assert.equal(asked.with, trackerKey.did)
  })
})

describe('an unreachable deal tracker', () => {
  let dealer, dealerKey, storefront, trackerKey

  before(async () => {
    dealerKey = await newKey()
    storefront = await newKey()
    trackerKey = await newKey()
    dealer = await startDealer({ key: dealerKey.key, args: [...SERVE, '--tracker-url', 'http://127.0.0.1:9/', '--tracker-did', trackerKey.did] })
  })
  after(async () => {
    await dealer?.stop()
  })

  test('offers are still accepted, deals stay OFFERED, and the dealer keeps serving', async () => {
    const { offer, offered } = await offerAggregate({ dealer, dealerKey, storefront })
    await untilOffered(dealer, offer)
    await new Promise((r) => setTimeout(r, 2500)) // a few cron ticks against the dead tracker
    assert.equal(dealer.process.exitCode, null, 'still running')
    assert.equal((await fetch(dealer.url)).status, 200)
    assert.equal(await fetchReceipt(dealer.url, offered.fx.join), null)
    assert.ok((await listDeals(dealer.dataDir, 'offered')).some((d) => d.aggregate === String(offer.aggregate)))
  })
})

describe('`dealer cron tick` with the deal/info tracker (external scheduler)', () => {
  let tracker, trackerKey, dealer, dealerKey, storefront

  before(async () => {
    trackerKey = await newKey()
    dealerKey = await newKey()
    storefront = await newKey()
    tracker = await startDealTracker({ id: trackerKey.signer })
    dealer = await startDealer({ key: dealerKey.key, args: ['--min-aggregate-size', '65536', '--no-cron'] })
  })
  after(async () => {
    await dealer?.stop()
    await tracker?.close()
  })

  test('one tick asks the tracker and finishes the deal with a verified deal/add receipt', async () => {
    const { offer, offered } = await offerAggregate({ dealer, dealerKey, storefront })
    await untilOffered(dealer, offer)
    await tracker.addDeal(offer.aggregate, 4, 'f04')

    const tick = await runDealer(['cron', 'tick', '--data-dir', dealer.dataDir, '--key', dealerKey.key, '--tracker-url', String(tracker.url), '--tracker-did', trackerKey.did])
    assert.equal(tick.code, 0, tick.stderr)
    const summary = JSON.parse(tick.stdout.trim().split('\n').pop())
    assert.equal(summary.approved, 1)
    assert.equal(summary.failed, 0)

    const receipt = await fetchReceipt(dealer.url, offered.fx.join)
    assert.ok(receipt?.out.ok, 'the running server serves the receipt the tick issued')
    assert.ok((await verifyReceipt(receipt, verifierFor(dealer.id))).ok)
    assert.equal(Number(receipt.out.ok.dataSource.dealID), 4)
  })
})

describe('deal tracker settings are checked at start', () => {
  test('--tracker-url without --tracker-did: dealer serve refuses to start, saying why', async () => {
    const dealerKey = await newKey()
    await assert.rejects(startDealer({ key: dealerKey.key, args: ['--tracker-url', 'http://127.0.0.1:9/'] }), /--tracker-did/)
  })

  test('a did:web tracker without a key for it: dealer serve refuses to start', async () => {
    const dealerKey = await newKey()
    await assert.rejects(
      startDealer({ key: dealerKey.key, args: ['--tracker-url', 'http://127.0.0.1:9/', '--tracker-did', 'did:web:tracker.example.com'] }),
      /No key verifies receipts of the deal tracker did:web:tracker\.example\.com/
    )
  })
})
