// JavaScript services on 127.0.0.1 for the .NET dealer to talk to: a reference dealer (@ucanto/server 11 with the
// deal/offer definition of lib/caps.js) and the real deal-tracker service of @storacha/filecoin-api.
import http from 'node:http'
import * as Server from '@ucanto/server'
import * as CAR from '@ucanto/transport/car'
import { DIDResolutionError } from '@ucanto/validator'
import * as DealTrackerService from '@storacha/filecoin-api/deal-tracker/service'
import { createReferenceDealerService } from './caps.js'

/** Serves a ucanto server (anything with `request({headers, body})`) over node:http on a loopback port. */
export const listen = async (ucantoServer) => {
  const requests = []
  const httpServer = http.createServer(async (req, res) => {
    try {
      if (req.method !== 'POST' || req.url !== '/') {
        res.writeHead(404).end()
        return
      }
      const chunks = []
      for await (const chunk of req) chunks.push(chunk)
      const body = new Uint8Array(Buffer.concat(chunks))
      requests.push({ headers: { ...req.headers }, length: body.length })
      const response = await ucantoServer.request({ headers: req.headers, body })
      res.writeHead(response.status ?? 200, response.headers)
      res.end(Buffer.from(response.body))
    } catch (error) {
      res.writeHead(500).end(String(error))
    }
  })
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
  const { port } = httpServer.address()
  return {
    url: new URL(`http://127.0.0.1:${port}/`),
    requests,
    close: () => new Promise((resolve) => httpServer.close(() => resolve())),
  }
}

/**
 * A JS reference dealer: @ucanto/server 11 serving `deal/offer` (lib/caps.js). `resolve` maps did:web → did:key for
 * resolveDIDKey (validator 10 shape: an array of keys).
 */
export const startReferenceDealer = async ({ id, resolve = {} }) => {
  const offers = []
  const errors = []
  const server = Server.create({
    id,
    codec: CAR.inbound,
    service: createReferenceDealerService({ id, offers }),
    catch: (error) => errors.push(error),
    validateAuthorization: () => ({ ok: {} }),
    resolveDIDKey: (did) => (resolve[did] ? { ok: [resolve[did]] } : { error: new DIDResolutionError(did) }),
  })
  const listening = await listen(server)
  return { ...listening, offers, errors, id }
}

/**
 * The deal tracker of @storacha/filecoin-api 2.1 (`deal-tracker/service.js` createServer, on @ucanto/server 11) over an in-memory deal store that the test seeds with `addDeal`. `invocations` records every `deal/info`
 * asked (issuer, with, piece).
 */
export const startDealTracker = async ({ id }) => {
  const deals = []
  const invocations = []
  const errors = []
  const dealStore = {
    put: async (record) => {
      deals.push(record)
      return { ok: {} }
    },
    get: async ({ piece, dealId }) => {
      const found = deals.find((d) => d.piece.equals(piece) && d.dealId === dealId)
      return found ? { ok: found } : { error: { name: 'RecordNotFound', message: 'not found' } }
    },
    has: async ({ piece, dealId }) => ({ ok: deals.some((d) => d.piece.equals(piece) && d.dealId === dealId) }),
    // One result per page, with a cursor, so the service's pagination loop runs too.
    query: async ({ piece }, options = {}) => {
      const matching = deals.filter((d) => d.piece.equals(piece))
      const start = options.cursor ? Number(options.cursor) : 0
      const results = matching.slice(start, start + 1)
      const next = start + 1 < matching.length ? String(start + 1) : undefined
      return { ok: { results, ...(next ? { cursor: next } : {}) } }
    },
  }
  const server = DealTrackerService.createServer({
    id,
    dealStore,
    errorReporter: { catch: (error) => errors.push(error) },
    validateAuthorization: (auth) => {
      invocations.push({
        issuer: auth.delegation.issuer.did(),
        with: auth.capability.with,
        piece: String(auth.capability.nb.piece),
      })
      return { ok: {} }
    },
  })
  const listening = await listen(server)
  return {
    ...listening,
    id,
    deals,
    invocations,
    errors,
    /** Records a deal for `piece` as the deal tracker's spade/lotus ingestion would. */
    addDeal: (piece, dealId, provider) =>
      dealStore.put({
        piece,
        dealId,
        provider,
        expirationEpoch: 4_000_000,
        source: 'interop-test',
        insertedAt: new Date().toISOString(),
      }),
  }
}
