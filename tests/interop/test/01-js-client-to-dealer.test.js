// Issue 5, item 1: invocations built by @ucanto/client / @ucanto/core are accepted by a running `dealer serve`;
// every receipt is decoded by @ucanto/core and its signature verified against the dealer DID (did:key and did:web);
// error receipts carry the names the JavaScript validator gives. Each case is also sent to a JavaScript reference
// dealer (@ucanto/server 11 with the same key and the same deal/offer definition) and the answers are compared.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import * as Client from '@ucanto/client'
import { invoke, delegate, Delegation } from '@ucanto/core'
import { capability, Schema } from '@ucanto/validator'
import { startDealer, runDealer, tempDir } from '../lib/dealer.js'
import { startReferenceDealer } from '../lib/servers.js'
import { dealOffer, dealAdd } from '../lib/caps.js'
import { newKey, connect, buildOffer, verifierFor, verifyReceipt, fetchReceipt, ranCid } from '../lib/ucan.js'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

const MIN_SIZE = ['--min-aggregate-size', '65536', '--no-cron']
const YEAR_2100 = 4102444800

/** The deal/add effect the dealer promises: iss = aud = with = dealer, same nb, exp null, no nonce. */
const expectedDealAdd = async (dealerSigner, nb) =>
  (await dealAdd.invoke({ issuer: dealerSigner, audience: dealerSigner, with: dealerSigner.did(), nb, expiration: Infinity }).delegate()).cid

describe('JS clients -> dealer serve (did:key dealer)', () => {
  let dealer, reference, dealerKey, storefront, agent, proof, ours, theirs

  before(async () => {
    dealerKey = await newKey()
    storefront = await newKey()
    agent = await newKey()
    dealer = await startDealer({ key: dealerKey.key, args: MIN_SIZE })
    reference = await startReferenceDealer({ id: dealerKey.signer })
    proof = await dealOffer.delegate({ issuer: dealerKey.signer, audience: storefront.signer, with: dealerKey.did, expiration: YEAR_2100 })
    ours = connect(dealer.url, dealer.id)
    theirs = connect(reference.url, dealerKey.did)
  })
  after(async () => {
    await dealer?.stop()
    await reference?.close()
  })

  /** Runs the same invocation against both servers; checks our receipt's signature. */
  const both = async (invocation) => {
    const view = await invocation.buildIPLDView()
    const [[mine], [ref]] = await Promise.all([Client.execute([view], ours), Client.execute([view], theirs)])
    assert.equal(String(ranCid(mine)), String(view.cid), 'receipt.ran is the invocation')
    const verified = await verifyReceipt(mine, verifierFor(dealer.id))
    assert.ok(verified.ok, `our receipt verifies: ${verified.error?.message}`)
    return { mine, ref, invocation: view }
  }

  const offerInvocation = async ({ issuer = storefront.signer, proofs = [proof], audience = dealerKey.signer, nb, attach = true, withDid = dealerKey.did } = {}) => {
    const offer = await buildOffer()
    const invocation = dealOffer.invoke({
      issuer,
      audience,
      with: withDid,
      nb: nb ?? { aggregate: offer.aggregate, pieces: offer.piecesBlock.cid, tenant: 'tenant-1', label: 'interop' },
      proofs,
      expiration: YEAR_2100,
    })
    if (attach) invocation.attach(offer.piecesBlock)
    return { invocation, offer }
  }

  test('dealer serve reports a did:key identity', () => {
    assert.equal(dealer.id, dealerKey.did)
  })

  test('deal/offer from @ucanto/client: ok {aggregate}, fx.join = deterministic deal/add, same as the JS reference', async () => {
    const { invocation, offer } = await offerInvocation()
    const { mine, ref } = await both(invocation)
    assert.equal(mine.out.error, undefined, JSON.stringify(mine.out.error))
    assert.equal(String(mine.out.ok.aggregate), String(offer.aggregate))
    const join = await expectedDealAdd(dealerKey.signer, { aggregate: offer.aggregate, pieces: offer.piecesBlock.cid, tenant: 'tenant-1', label: 'interop' })
    assert.equal(String(mine.fx.join), String(join))
    assert.deepEqual(mine.fx.fork, [])
    assert.equal(String(ref.fx.join), String(mine.fx.join), 'the JS reference promises the same effect')
    assert.equal(mine.issuer.did(), dealerKey.did)
  })

  test('the same invocation again gets the same receipt; a new one for the same aggregate the same fx.join', async () => {
    const { invocation, offer } = await offerInvocation()
    const view = await invocation.buildIPLDView()
    const [first] = await Client.execute([view], ours)
    const [again] = await Client.execute([view], ours)
    assert.ok(first.out.ok)
    assert.equal(String(again.root.cid), String(first.root.cid), 'replayed receipt')
    const second = dealOffer.invoke({
      issuer: storefront.signer,
      audience: dealerKey.signer,
      with: dealerKey.did,
      nb: { aggregate: offer.aggregate, pieces: offer.piecesBlock.cid, tenant: 'tenant-1', label: 'interop' },
      proofs: [proof],
      nonce: 'second',
      expiration: YEAR_2100,
    })
    second.attach(offer.piecesBlock)
    const other = await second.execute(ours)
    assert.ok(other.out.ok)
    assert.notEqual(String(ranCid(other)), String(view.cid))
    assert.equal(String(other.fx.join), String(first.fx.join))
  })

  test('the receipt is also served by GET /receipt/{invocation} and decodes with @ucanto/core', async () => {
    const { invocation } = await offerInvocation()
    const view = await invocation.buildIPLDView()
    const [receipt] = await Client.execute([view], ours)
    const stored = await fetchReceipt(dealer.url, view.cid)
    assert.ok(stored, 'stored receipt')
    assert.equal(String(stored.root.cid), String(receipt.root.cid))
    assert.ok((await stored.verifySignature(verifierFor(dealer.id))).ok)
  })

  test('two invocations in one request: one verified receipt each', async () => {
    const a = await offerInvocation()
    const b = await offerInvocation()
    const [ra, rb] = await Client.execute([a.invocation, b.invocation], ours)
    for (const r of [ra, rb]) {
      assert.ok(r.out.ok, JSON.stringify(r.out.error))
      assert.ok((await verifyReceipt(r, verifierFor(dealer.id))).ok)
    }
    assert.equal(String(ra.out.ok.aggregate), String(a.offer.aggregate))
    assert.equal(String(rb.out.ok.aggregate), String(b.offer.aggregate))
  })

  test('a delegation written by `dealer delegate` is read by Delegation.extract and authorizes a JS invocation', async () => {
    const temp = await tempDir()
    try {
      const out = path.join(temp.dir, 'proof.car')
      const result = await runDealer(['delegate', '--key', dealerKey.key, '--audience', agent.did, '--out', out])
      assert.equal(result.code, 0, result.stderr)
      const extracted = await Delegation.extract(new Uint8Array(await readFile(out)))
      assert.ok(extracted.ok, String(extracted.error))
      assert.equal(extracted.ok.issuer.did(), dealerKey.did)
      assert.equal(extracted.ok.audience.did(), agent.did)
      assert.equal(extracted.ok.capabilities[0].can, 'deal/offer')
      const { invocation } = await offerInvocation({ issuer: agent.signer, proofs: [extracted.ok] })
      const { mine, ref } = await both(invocation)
      assert.ok(mine.out.ok, JSON.stringify(mine.out.error))
      assert.ok(ref.out.ok, JSON.stringify(ref.out.error))
    } finally {
      await temp.remove()
    }
  })

  // --- error cases: the name our dealer gives must be the one the JS server gives
  const sameError = async (invocation, expected) => {
    const { mine, ref } = await both(invocation)
    assert.ok(mine.out.error, `expected an error receipt, got ${JSON.stringify(mine.out.ok)}`)
    assert.ok(ref.out.error, 'the JS reference fails too')
    assert.equal(ref.out.error.name, expected, `JS reference: ${ref.out.error.message}`)
    assert.equal(mine.out.error.name, expected, `ours: ${mine.out.error.message}`)
    return { mine: mine.out.error, ref: ref.out.error }
  }

  test('no proof -> Unauthorized', async () => {
    const { invocation } = await offerInvocation({ proofs: [] })
    const { mine } = await sameError(invocation, 'Unauthorized')
    assert.match(mine.message, /does not have a "deal\/offer" capability|Claim .* is not authorized/s)
  })

  test('invocation addressed to another service -> InvalidAudience', async () => {
    const { invocation } = await offerInvocation({ audience: agent.signer })
    await sameError(invocation, 'InvalidAudience')
  })

  test('expired delegation -> Unauthorized (Expired inside)', async () => {
    const expired = await dealOffer.delegate({ issuer: dealerKey.signer, audience: storefront.signer, with: dealerKey.did, expiration: 1_000_000 })
    const { invocation } = await offerInvocation({ proofs: [expired] })
    const { mine, ref } = await sameError(invocation, 'Unauthorized')
    assert.match(ref.message, /has expired/)
    assert.match(mine.message, /has expired/)
  })

  test('delegation not valid yet -> Unauthorized (NotValidBefore inside)', async () => {
    const early = await dealOffer.delegate({ issuer: dealerKey.signer, audience: storefront.signer, with: dealerKey.did, notBefore: YEAR_2100 - 10, expiration: YEAR_2100 })
    const { invocation } = await offerInvocation({ proofs: [early] })
    const { mine, ref } = await sameError(invocation, 'Unauthorized')
    assert.match(ref.message, /not valid before/)
    assert.match(mine.message, /not valid before/)
  })

  test('escalation beyond a tenant-restricted delegation -> Unauthorized (EscalatedCapability inside)', async () => {
    const restricted = await dealOffer.delegate({ issuer: dealerKey.signer, audience: storefront.signer, with: dealerKey.did, nb: { tenant: 'other-tenant' }, expiration: YEAR_2100 })
    const { invocation } = await offerInvocation({ proofs: [restricted] })
    const { mine, ref } = await sameError(invocation, 'Unauthorized')
    assert.match(ref.message, /violates imposed nb\.tenant constraint/)
    assert.match(mine.message, /violates imposed nb\.tenant constraint/)
  })

  test('delegation issued to someone else -> Unauthorized', async () => {
    const toAgent = await dealOffer.delegate({ issuer: dealerKey.signer, audience: agent.signer, with: dealerKey.did, expiration: YEAR_2100 })
    const { invocation } = await offerInvocation({ proofs: [toAgent] })
    await sameError(invocation, 'Unauthorized')
  })

  test('delegation for the dealer DID issued by a stranger -> Unauthorized', async () => {
    const forged = await delegate({ issuer: agent.signer, audience: storefront.signer, capabilities: [{ can: 'deal/offer', with: dealerKey.did }], expiration: YEAR_2100 })
    const { invocation } = await offerInvocation({ proofs: [forged] })
    await sameError(invocation, 'Unauthorized')
  })

  test('malformed caveats (aggregate is not a piece link) -> Unauthorized (MalformedCapability inside)', async () => {
    const offer = await buildOffer()
    const invocation = invoke({
      issuer: storefront.signer,
      audience: dealerKey.signer,
      capability: { can: 'deal/offer', with: dealerKey.did, nb: { aggregate: offer.piecesBlock.cid, pieces: offer.piecesBlock.cid, tenant: 't' } },
      proofs: [proof],
      expiration: YEAR_2100,
    })
    invocation.attach(offer.piecesBlock)
    const { mine, ref } = await sameError(invocation, 'Unauthorized')
    assert.match(ref.message, /Expected link to be CID with 0x55 codec/)
    assert.match(mine.message, /Expected link to be CID with 0x55 codec/)
  })

  test('unknown ability -> HandlerNotFound', async () => {
    const bogus = capability({ can: 'deal/bogus', with: Schema.did(), nb: Schema.struct({}) })
    const invocation = bogus.invoke({ issuer: storefront.signer, audience: dealerKey.signer, with: dealerKey.did, nb: {}, expiration: YEAR_2100 })
    const { mine } = await sameError(invocation, 'HandlerNotFound')
    assert.equal(mine.capability.can, 'deal/bogus')
  })

  test('pieces block missing from the request -> DecodeBlockOperationFailed', async () => {
    const { invocation } = await offerInvocation({ attach: false })
    await sameError(invocation, 'DecodeBlockOperationFailed')
  })

  test('deal/offer on a resource other than the dealer -> UnsupportedCapability (filecoin-api name)', async () => {
    // Self-issued on the storefront's own DID: authorized, but not a deal with this dealer.
    const { invocation } = await offerInvocation({ proofs: [], withDid: storefront.did })
    const mine = await invocation.execute(ours)
    assert.ok((await verifyReceipt(mine, verifierFor(dealer.id))).ok)
    assert.equal(mine.out.error?.name, 'UnsupportedCapability')
  })

  test('deal/add invoked by a storefront holding a deal/add delegation -> error, never a deal report', async () => {
    const offer = await buildOffer()
    const addProof = await dealAdd.delegate({ issuer: dealerKey.signer, audience: storefront.signer, with: dealerKey.did, expiration: YEAR_2100 })
    const invocation = dealAdd.invoke({
      issuer: storefront.signer,
      audience: dealerKey.signer,
      with: dealerKey.did,
      nb: { aggregate: offer.aggregate, pieces: offer.piecesBlock.cid, tenant: 't' },
      proofs: [addProof],
      expiration: YEAR_2100,
    })
    const receipt = await invocation.execute(ours)
    assert.ok((await verifyReceipt(receipt, verifierFor(dealer.id))).ok)
    assert.equal(receipt.out.error?.name, 'Unauthorized')
  })

  test('HTTP: wrong content-type -> 415 and a wrong Accept -> 406, as @ucanto/server answers', async () => {
    for (const [headers, status] of [
      [{ 'content-type': 'application/json', accept: 'application/vnd.ipld.car' }, 415],
      [{ 'content-type': 'application/vnd.ipld.car', accept: 'application/json' }, 406],
    ]) {
      const [mine, ref] = await Promise.all([
        fetch(dealer.url, { method: 'POST', headers, body: new Uint8Array([1, 2, 3]) }),
        fetch(reference.url, { method: 'POST', headers, body: new Uint8Array([1, 2, 3]) }),
      ])
      assert.equal(ref.status, status)
      assert.equal(mine.status, status)
      assert.equal(mine.headers.get('accept'), 'application/vnd.ipld.car')
      assert.equal(await mine.text(), await ref.text())
    }
  })

  test('HTTP: an undecodable body -> 400 "Bad request: Malformed payload - …" like @ucanto/server 11', async () => {
    const headers = { 'content-type': 'application/vnd.ipld.car', accept: 'application/vnd.ipld.car' }
    const [mine, ref] = await Promise.all([
      fetch(dealer.url, { method: 'POST', headers, body: new Uint8Array([1, 2, 3]) }),
      fetch(reference.url, { method: 'POST', headers, body: new Uint8Array([1, 2, 3]) }),
    ])
    assert.equal(ref.status, 400)
    assert.equal(mine.status, 400)
    assert.match(await mine.text(), /^Bad request: Malformed payload - /)
  })
})

describe('JS clients -> dealer serve (did:web dealer)', () => {
  const DID_WEB = 'did:web:dealer.example.com'
  let dealer, reference, dealerKey, storefront, signer

  before(async () => {
    dealerKey = await newKey()
    storefront = await newKey()
    signer = dealerKey.signer.withDID(DID_WEB)
    dealer = await startDealer({ key: dealerKey.key, did: DID_WEB, args: MIN_SIZE })
    reference = await startReferenceDealer({ id: signer })
  })
  after(async () => {
    await dealer?.stop()
    await reference?.close()
  })

  test('dealer serve reports the did:web identity and publishes its key in did.json', async () => {
    assert.equal(dealer.id, DID_WEB)
    const response = await fetch(new URL('/.well-known/did.json', dealer.url))
    assert.equal(response.status, 200)
    const doc = await response.json()
    assert.equal(doc.id, DID_WEB)
    // The deployed dealer's resolver turns publicKeyMultibase into did:key:<value>.
    const keys = doc.verificationMethod.map((m) => `did:key:${m.publicKeyMultibase}`)
    assert.ok(keys.includes(dealerKey.did), JSON.stringify(doc))
  })

  test('deal/offer to a did:web dealer: receipt iss is the did:web and verifies with its key; fx.join as the JS reference', async () => {
    const proof = await dealOffer.delegate({ issuer: signer, audience: storefront.signer, with: DID_WEB, expiration: YEAR_2100 })
    const offer = await buildOffer()
    const nb = { aggregate: offer.aggregate, pieces: offer.piecesBlock.cid, tenant: 'tenant-web' }
    const invocation = dealOffer.invoke({ issuer: storefront.signer, audience: signer, with: DID_WEB, nb, proofs: [proof], expiration: YEAR_2100 })
    invocation.attach(offer.piecesBlock)
    const view = await invocation.buildIPLDView()
    const [[mine], [ref]] = await Promise.all([Client.execute([view], connect(dealer.url, DID_WEB)), Client.execute([view], connect(reference.url, DID_WEB))])
    assert.ok(mine.out.ok, JSON.stringify(mine.out.error))
    assert.equal(mine.issuer.did(), DID_WEB)
    assert.ok((await verifyReceipt(mine, verifierFor(DID_WEB, dealerKey.did))).ok)
    // A verifier holding another key must not accept it.
    const stranger = await newKey()
    assert.ok((await mine.verifySignature(verifierFor(DID_WEB, stranger.did))).error)
    assert.equal(String(mine.fx.join), String(ref.fx.join))
    assert.equal(String(mine.fx.join), String(await expectedDealAdd(signer, nb)))
  })

  test('an invocation addressed to the did:key of a did:web dealer -> InvalidAudience', async () => {
    const proof = await dealOffer.delegate({ issuer: signer, audience: storefront.signer, with: DID_WEB, expiration: YEAR_2100 })
    const offer = await buildOffer()
    const invocation = dealOffer.invoke({
      issuer: storefront.signer,
      audience: dealerKey.signer,
      with: DID_WEB,
      nb: { aggregate: offer.aggregate, pieces: offer.piecesBlock.cid, tenant: 't' },
      proofs: [proof],
      expiration: YEAR_2100,
    })
    invocation.attach(offer.piecesBlock)
    const view = await invocation.buildIPLDView()
    const [[mine], [ref]] = await Promise.all([Client.execute([view], connect(dealer.url, DID_WEB)), Client.execute([view], connect(reference.url, DID_WEB))])
    assert.equal(ref.out.error?.name, 'InvalidAudience')
    assert.equal(mine.out.error?.name, 'InvalidAudience')
    assert.ok((await verifyReceipt(mine, verifierFor(DID_WEB, dealerKey.did))).ok)
  })
})
