// The dealer's own capabilities `deal/offer` and `deal/add` as @ucanto/validator definitions, and a reference
// JavaScript dealer service for them. Same shapes as the designed protocol (specs/dealer.md): modelled on the
// historical w3up `deal/queue` / `deal/add` (packages/capabilities/src/filecoin.js at 6bf91426) with `storefront`
// renamed `tenant`; derivation as w3up's utils (equalWith, checkLink, equal).
import * as Server from '@ucanto/server'
import { capability, Schema, ok, fail } from '@ucanto/validator'
import { CBOR, isLink } from '@ucanto/core'

/** w3up packages/capabilities/src/filecoin/lib.js `PieceLink`: raw, v1, fr32-sha2-256-trunc254-padded-binary-tree. */
export const PieceLink = Schema.link({ code: 0x55, version: 1, multihash: { code: 0x1011 } })

const equalWith = (child, parent) =>
  child.with === parent.with ? ok({}) : fail(`Can not derive ${child.can} with ${child.with} from ${parent.with}`)

const equal = (child, parent, constraint) =>
  parent === undefined || parent === '*' || String(child) === String(parent)
    ? ok({})
    : fail(`Constrain violation: ${child} violates imposed ${constraint} constraint ${parent}`)

const and = (result) => (result.error ? result : undefined)

const nb = Schema.struct({
  aggregate: PieceLink,
  pieces: Schema.link({ code: 0x71, version: 1 }),
  tenant: Schema.text(),
  label: Schema.text().optional(),
})

const derives = (claim, from) =>
  and(equalWith(claim, from)) ||
  and(equal(claim.nb.aggregate, from.nb.aggregate, 'nb.aggregate')) ||
  and(equal(claim.nb.pieces, from.nb.pieces, 'nb.pieces')) ||
  and(equal(claim.nb.tenant, from.nb.tenant, 'nb.tenant')) ||
  and(equal(claim.nb.label, from.nb.label, 'nb.label')) ||
  ok({})

export const dealOffer = capability({ can: 'deal/offer', with: Schema.did(), nb, derives })
export const dealAdd = capability({ can: 'deal/add', with: Schema.did(), nb, derives })

class DecodeBlockOperationFailed extends Server.Failure {
  get name() {
    return 'DecodeBlockOperationFailed'
  }
}

const findPieces = (cid, blocks) => {
  for (const block of blocks) {
    if (block.cid.equals(cid)) {
      const value = CBOR.decode(block.bytes)
      return Array.isArray(value) && value.every((l) => isLink(l)) ? value : null
    }
  }
  return null
}

/**
 * The reference dealer (what the shared protocol material's caps.mjs does, as filecoin-api's historical dealer did): records
 * each accepted offer in `offers` and answers `ok {aggregate}` joined to the self-issued `deal/add` (exp null).
 */
export const createReferenceDealerService = ({ id, offers }) => ({
  deal: {
    offer: Server.provideAdvanced({
      capability: dealOffer,
      handler: async ({ capability, invocation }) => {
        const { aggregate, pieces: piecesLink, tenant, label } = capability.nb
        const pieces = findPieces(piecesLink, invocation.iterateIPLDBlocks())
        if (!pieces) return { error: new DecodeBlockOperationFailed(`missing offer block in invocation: ${piecesLink}`) }
        offers.push({ issuer: invocation.issuer.did(), invocation: invocation.cid, aggregate, pieces, tenant, label })
        const fx = await dealAdd
          .invoke({
            issuer: id,
            audience: id,
            with: id.did(),
            nb: { aggregate, pieces: piecesLink, tenant, ...(label !== undefined ? { label } : {}) },
            expiration: Infinity,
          })
          .delegate()
        return Server.ok({ aggregate }).join(fx.link())
      },
    }),
  },
})
