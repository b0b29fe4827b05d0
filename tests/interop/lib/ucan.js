// Client-side helpers over the published JavaScript stack: connections, offers, receipt checks.
import { randomBytes } from 'node:crypto'
import * as ed25519 from '@ucanto/principal/ed25519'
import * as Client from '@ucanto/client'
import { CAR as CoreCAR, Receipt } from '@ucanto/core'
import * as CAR from '@ucanto/transport/car'
import * as HTTP from '@ucanto/transport/http'
import { Piece, Aggregate } from '@web3-storage/data-segment'
import * as Size from '@web3-storage/data-segment/piece/size'
import { CBOR } from '@ucanto/core'

/** A fresh Ed25519 principal and its ucanto private-key string. */
export const newKey = async () => {
  const signer = await ed25519.generate()
  return { signer, key: ed25519.format(signer), did: signer.did() }
}

/** A @ucanto/client connection to `url` addressed to the principal `id` (a Principal or a DID string). */
export const connect = (url, id) =>
  Client.connect({
    id: typeof id === 'string' ? { did: () => id } : id,
    codec: CAR.outbound,
    channel: HTTP.open({ url: new URL(url), method: 'POST' }),
  })

/** Aggregate size used by the tests: 2^16 bytes (fr32-expanded), like the shared vectors. */
export const AGGREGATE_SIZE = 2n ** 16n

/**
 * A real data-segment aggregate of `count` random pieces: the aggregate link, the piece links, and the DAG-CBOR
 * `nb.pieces` block (an ordered array of piece links).
 */
export const buildOffer = async (count = 3, size = AGGREGATE_SIZE) => {
  const pieces = Array.from({ length: count }, (_, i) => Piece.fromPayload(new Uint8Array(randomBytes(500 + i * 700))))
  const aggregate = Aggregate.build({ pieces, size: Size.from(size) })
  const pieceLinks = pieces.map((p) => p.link)
  const piecesBlock = await CBOR.write(pieceLinks)
  return { aggregate: aggregate.link, pieceLinks, piecesBlock }
}

/** A verifier for a dealer DID: the did:key itself, or the key `keyDid` standing for a did:web. */
export const verifierFor = (did, keyDid) => {
  if (did.startsWith('did:key:')) return ed25519.Verifier.parse(did)
  if (!keyDid) throw new Error(`a key is needed to verify receipts of ${did}`)
  return ed25519.Verifier.parse(keyDid).withDID(did)
}

/** Checks a receipt's signature and issuer; returns the verify result ({ok} or {error}). */
export const verifyReceipt = async (receipt, verifier) => {
  const issuer = receipt.issuer?.did()
  if (issuer !== verifier.did()) return { error: new Error(`receipt issuer ${issuer} is not ${verifier.did()}`) }
  return await receipt.verifySignature(verifier)
}

/** Fetches `GET /receipt/{cid}` and decodes it with @ucanto/core (root = receipt block). `null` on 404. */
export const fetchReceipt = async (url, cid) => {
  const response = await fetch(new URL(`/receipt/${cid}`, url))
  if (response.status === 404) return null
  if (response.status !== 200) throw new Error(`GET /receipt/${cid} -> ${response.status} ${await response.text()}`)
  const bytes = new Uint8Array(await response.arrayBuffer())
  const { roots, blocks } = CoreCAR.decode(bytes)
  if (roots.length !== 1) throw new Error(`expected one root, got ${roots.length}`)
  return Receipt.view({ root: roots[0].cid, blocks })
}

/** Polls until `fn()` returns a truthy value or `timeoutMs` passes. */
export const eventually = async (fn, { timeoutMs = 30_000, intervalMs = 250, what = 'condition' } = {}) => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await fn()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** The CID of the invocation a receipt answers (`ran` is a view when its blocks came along, else a link). */
export const ranCid = (receipt) => (receipt.ran.cid ? receipt.ran.cid : receipt.ran)
