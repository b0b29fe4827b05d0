// Issue 5, item 5: a storefront identified by did:web is accepted when the dealer can resolve its key — through a
// configured mapping (`--resolve did:web:x=did:key:y`, the resolveDIDKey of ucanto) or a `ucan/attest` session issued
// by the dealer (w3up sessions, validated as @ucanto/validator does). Each case is compared with the JS reference
// dealer (@ucanto/server 11) configured the same way.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import * as Client from '@ucanto/client'
import { UCAN } from '@storacha/capabilities'

const { attest } = UCAN
import { startDealer } from '../lib/dealer.js'
import { startReferenceDealer } from '../lib/servers.js'
import { dealOffer } from '../lib/caps.js'
import { newKey, connect, buildOffer, verifierFor, verifyReceipt } from '../lib/ucan.js'

const YEAR_2100 = 4102444800
const MAPPED = 'did:web:storefront.example.com'
const UNMAPPED = 'did:web:unknown-storefront.example.com'

describe('did:web storefronts', () => {
  let dealer, reference, dealerKey, storefrontKey, agent, stranger, ours, theirs

  before(async () => {
    dealerKey = await newKey()
    storefrontKey = await newKey()
    agent = await newKey()
    stranger = await newKey()
    dealer = await startDealer({ key: dealerKey.key, args: ['--min-aggregate-size', '65536', '--no-cron', '--resolve', `${MAPPED}=${storefrontKey.did}`] })
    reference = await startReferenceDealer({ id: dealerKey.signer, resolve: { [MAPPED]: storefrontKey.did } })
    ours = connect(dealer.url, dealerKey.signer)
    theirs = connect(reference.url, dealerKey.signer)
  })
  after(async () => {
    await dealer?.stop()
    await reference?.close()
  })

  const offerFrom = async (issuer, proofs) => {
    const offer = await buildOffer()
    const invocation = dealOffer.invoke({
      issuer,
      audience: dealerKey.signer,
      with: dealerKey.did,
      nb: { aggregate: offer.aggregate, pieces: offer.piecesBlock.cid, tenant: 'web-tenant' },
      proofs,
      expiration: YEAR_2100,
    })
    invocation.attach(offer.piecesBlock)
    const view = await invocation.buildIPLDView()
    const [[mine], [ref]] = await Promise.all([Client.execute([view], ours), Client.execute([view], theirs)])
    const verified = await verifyReceipt(mine, verifierFor(dealer.id))
    assert.ok(verified.ok, `our receipt verifies: ${verified.error?.message}`)
    return { mine, ref }
  }

  const delegationTo = (audience) => dealOffer.delegate({ issuer: dealerKey.signer, audience, with: dealerKey.did, expiration: YEAR_2100 })

  test('a did:web storefront whose key the dealer maps (--resolve) is accepted', async () => {
    const storefront = storefrontKey.signer.withDID(MAPPED)
    const { mine, ref } = await offerFrom(storefront, [await delegationTo(storefront)])
    assert.ok(ref.out.ok, JSON.stringify(ref.out.error))
    assert.ok(mine.out.ok, JSON.stringify(mine.out.error))
    assert.equal(String(mine.fx.join), String(ref.fx.join))
  })

  test('a mapped did:web signed with another key -> Unauthorized (InvalidSignature inside)', async () => {
    const impostor = stranger.signer.withDID(MAPPED)
    const { mine, ref } = await offerFrom(impostor, [await delegationTo(impostor)])
    assert.equal(ref.out.error?.name, 'Unauthorized')
    assert.equal(mine.out.error?.name, 'Unauthorized')
  })

  test('a did:web storefront nobody can resolve -> Unauthorized (DIDKeyResolutionError inside)', async () => {
    const storefront = storefrontKey.signer.withDID(UNMAPPED)
    const { mine, ref } = await offerFrom(storefront, [await delegationTo(storefront)])
    assert.equal(ref.out.error?.name, 'Unauthorized')
    assert.equal(mine.out.error?.name, 'Unauthorized')
    assert.match(ref.out.error.message, /Unable to resolve/)
    assert.match(mine.out.error.message, /Unable to resolve/)
  })

  test('a did:web storefront vouched for by a ucan/attest the dealer issued is accepted (session)', async () => {
    // The unmapped did:web storefront holds deal/offer from the dealer and re-delegates it to its agent; the dealer
    // attests that re-delegation (w3up's authorization session), so its did:web signature needs no resolution.
    const storefront = storefrontKey.signer.withDID(UNMAPPED)
    const toStorefront = await delegationTo(storefront)
    const toAgent = await dealOffer.delegate({ issuer: storefront, audience: agent.signer, with: dealerKey.did, proofs: [toStorefront], expiration: YEAR_2100 })
    const attestation = await attest.delegate({ issuer: dealerKey.signer, audience: agent.signer, with: dealerKey.did, nb: { proof: toAgent.cid }, expiration: YEAR_2100 })
    const { mine, ref } = await offerFrom(agent.signer, [toAgent, attestation])
    assert.ok(ref.out.ok, `JS reference: ${JSON.stringify(ref.out.error)}`)
    assert.ok(mine.out.ok, JSON.stringify(mine.out.error))
  })

  test('the same session without the attestation -> Unauthorized', async () => {
    const storefront = storefrontKey.signer.withDID(UNMAPPED)
    const toAgent = await dealOffer.delegate({ issuer: storefront, audience: agent.signer, with: dealerKey.did, proofs: [await delegationTo(storefront)], expiration: YEAR_2100 })
    const { mine, ref } = await offerFrom(agent.signer, [toAgent])
    assert.equal(ref.out.error?.name, 'Unauthorized')
    assert.equal(mine.out.error?.name, 'Unauthorized')
  })

  test('an attestation issued by someone other than the dealer -> Unauthorized', async () => {
    const storefront = storefrontKey.signer.withDID(UNMAPPED)
    const toAgent = await dealOffer.delegate({ issuer: storefront, audience: agent.signer, with: dealerKey.did, proofs: [await delegationTo(storefront)], expiration: YEAR_2100 })
    const forged = await attest.delegate({ issuer: stranger.signer, audience: agent.signer, with: stranger.did, nb: { proof: toAgent.cid }, expiration: YEAR_2100 })
    const { mine, ref } = await offerFrom(agent.signer, [toAgent, forged])
    assert.equal(ref.out.error?.name, 'Unauthorized')
    assert.equal(mine.out.error?.name, 'Unauthorized')
  })
})

describe('--resolve is checked at start', () => {
  test('an entry that is not did:web…=did:key… stops dealer serve with a message', async () => {
    const dealerKey = await newKey()
    await assert.rejects(startDealer({ key: dealerKey.key, args: ['--resolve', 'did:web:storefront.example.com'] }), /--resolve takes did:web:…=did:key:…/)
    await assert.rejects(startDealer({ key: dealerKey.key, args: ['--resolve', 'did:web:storefront.example.com=did:key:nonsense'] }), /is not a did:key/)
  })
})
