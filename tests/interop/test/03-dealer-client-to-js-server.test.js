// Issue 5, item 3: our client side talks to a JavaScript @ucanto/server. `dealer delegate` writes a delegation the
// JS stack reads; `dealer offer` (Dealer.Ucan's invocation builder, CAR transport and client) sends deal/offer to a
// JS reference dealer, which accepts it; the CLI reads and verifies the JS server's receipt.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { readFile } from 'node:fs/promises'
import { Delegation } from '@ucanto/core'
import { runDealer, tempDir } from '../lib/dealer.js'
import { startReferenceDealer } from '../lib/servers.js'
import { dealAdd } from '../lib/caps.js'
import { newKey, buildOffer } from '../lib/ucan.js'

const DID_WEB = 'did:web:reference-dealer.example.com'

/** `dealer offer …` → {code, receipt (parsed DAG-JSON line), stderr}. */
const offer = async ({ url, service, serviceKey, key, proof, offer, tenant, label }) => {
  const args = ['offer', '--url', String(url), '--service', service, '--key', key, '--proof', proof, '--aggregate', String(offer.aggregate), '--tenant', tenant]
  for (const piece of offer.pieceLinks) args.push('--piece', String(piece))
  if (label) args.push('--label', label)
  if (serviceKey) args.push('--service-key', serviceKey)
  const result = await runDealer(args)
  const line = result.stdout.trim().split('\n').filter(Boolean).pop()
  return { code: result.code, receipt: line ? JSON.parse(line) : null, stderr: result.stderr }
}

describe('dealer CLI / Dealer.Ucan client -> JS @ucanto/server', () => {
  let temp, dealerKey, storefront, stranger, keyDealer, webDealer

  before(async () => {
    temp = await tempDir()
    dealerKey = await newKey()
    storefront = await newKey()
    stranger = await newKey()
    keyDealer = await startReferenceDealer({ id: dealerKey.signer })
    webDealer = await startReferenceDealer({ id: dealerKey.signer.withDID(DID_WEB) })
  })
  after(async () => {
    await keyDealer?.close()
    await webDealer?.close()
    await temp?.remove()
  })

  const delegateTo = async (audience, extra = []) => {
    const out = path.join(temp.dir, `proof-${Math.random().toString(36).slice(2)}.car`)
    const result = await runDealer(['delegate', '--key', dealerKey.key, '--audience', audience, '--out', out, ...extra])
    assert.equal(result.code, 0, result.stderr)
    return out
  }

  test('`dealer offer` is accepted by the JS dealer, which records exactly what was sent', async () => {
    const proof = await delegateTo(storefront.did)
    const extracted = await Delegation.extract(new Uint8Array(await readFile(proof)))
    assert.ok(extracted.ok, 'the JS stack reads the archive')
    const o = await buildOffer()
    const { code, receipt, stderr } = await offer({ url: keyDealer.url, service: dealerKey.did, key: storefront.key, proof, offer: o, tenant: 'tenant-7', label: 'from .NET' })
    assert.equal(code, 0, stderr)
    assert.equal(receipt.verified, true)
    assert.equal(receipt.issuer, dealerKey.did)
    assert.equal(receipt.out.ok.aggregate['/'], String(o.aggregate))
    assert.equal(keyDealer.errors.length, 0, keyDealer.errors.map(String).join('\n'))

    const recorded = keyDealer.offers.at(-1)
    assert.equal(recorded.issuer, storefront.did)
    assert.equal(String(recorded.aggregate), String(o.aggregate))
    assert.deepEqual(recorded.pieces.map(String), o.pieceLinks.map(String))
    assert.equal(recorded.tenant, 'tenant-7')
    assert.equal(recorded.label, 'from .NET')
    assert.equal(receipt.ran['/'], String(recorded.invocation))
    // The JS server's effect is what our dealer promises for the same offer: the deterministic deal/add.
    const join = await dealAdd
      .invoke({ issuer: dealerKey.signer, audience: dealerKey.signer, with: dealerKey.did, nb: { aggregate: o.aggregate, pieces: o.piecesBlock.cid, tenant: 'tenant-7', label: 'from .NET' }, expiration: Infinity })
      .delegate()
    assert.equal(receipt.fx.join['/'], String(join.cid))
  })

  test('the request carries the two exact ucanto headers', async () => {
    const last = keyDealer.requests.at(-1)
    assert.equal(last.headers['content-type'], 'application/vnd.ipld.car')
    assert.equal(last.headers.accept, 'application/vnd.ipld.car')
  })

  test('`dealer offer` to a did:web JS dealer verifies the receipt with --service-key, and refuses another key', async () => {
    const proof = await delegateTo(storefront.did, ['--did', DID_WEB])
    const o = await buildOffer()
    const good = await offer({ url: webDealer.url, service: DID_WEB, serviceKey: dealerKey.did, key: storefront.key, proof, offer: o, tenant: 't' })
    assert.equal(good.code, 0, good.stderr)
    assert.equal(good.receipt.verified, true)
    assert.equal(good.receipt.issuer, DID_WEB)
    assert.equal(webDealer.offers.length, 1)

    const bad = await offer({ url: webDealer.url, service: DID_WEB, serviceKey: stranger.did, key: storefront.key, proof, offer: await buildOffer(), tenant: 't' })
    assert.equal(bad.code, 3, 'an unverifiable receipt is not trusted')
    assert.equal(bad.receipt.verified, false)
  })

  test('an offer the JS validator refuses: verified error receipt with its name, exit 1', async () => {
    const proof = await delegateTo(stranger.did) // issued to someone else
    const { code, receipt } = await offer({ url: keyDealer.url, service: dealerKey.did, key: storefront.key, proof, offer: await buildOffer(), tenant: 't' })
    assert.equal(code, 1)
    assert.equal(receipt.verified, true)
    assert.equal(receipt.out.error.name, 'Unauthorized')
  })

  test('the wrong service DID: the JS server answers InvalidAudience, which does not verify as the asked service', async () => {
    const proof = await delegateTo(storefront.did)
    const { code, receipt } = await offer({ url: keyDealer.url, service: stranger.did, key: storefront.key, proof, offer: await buildOffer(), tenant: 't' })
    assert.equal(code, 3)
    assert.equal(receipt.verified, false)
    assert.equal(receipt.out.error.name, 'InvalidAudience')
  })

  test('a JS server that is down: `dealer offer` fails without a receipt', async () => {
    const proof = await delegateTo(storefront.did)
    const { code, receipt } = await offer({ url: 'http://127.0.0.1:9/', service: dealerKey.did, key: storefront.key, proof, offer: await buildOffer(), tenant: 't' })
    assert.notEqual(code, 0)
    assert.equal(receipt, null)
  })
})
