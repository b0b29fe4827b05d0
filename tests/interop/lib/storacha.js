// The @storacha/filecoin-api pipeline on the JavaScript side of the interop tests: a storefront and an aggregator
// (the package's own services and event handlers, over in-memory stores and queues that the test drains) in front of a
// real `dealer serve`. What the deployed services share through their UCAN stream (every invocation and receipt that
// crosses a connection, which the storefront's cron and `filecoin/accept` follow from `piece/offer` to the dealer's
// `aggregate/accept`) is a `UcanLog` here, fed by the connections themselves.
import { randomBytes } from 'node:crypto'
import * as Client from '@ucanto/client'
import * as CAR from '@ucanto/transport/car'
import * as HTTP from '@ucanto/transport/http'
import * as Raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { CID } from 'multiformats/cid'
import { Piece } from '@web3-storage/data-segment'
import * as StorefrontService from '@storacha/filecoin-api/storefront/service'
import * as StorefrontEvents from '@storacha/filecoin-api/storefront/events'
import * as AggregatorService from '@storacha/filecoin-api/aggregator/service'
import * as AggregatorEvents from '@storacha/filecoin-api/aggregator/events'
import { RecordNotFound } from '@storacha/filecoin-api/errors'
import * as AggregatorCaps from '@storacha/capabilities/filecoin/aggregator'
import { Storefront } from '@storacha/filecoin-client'
import { fetchReceipt } from './ucan.js'

/** Aggregates of 2^16 bytes, as the other interop tests use (the dealer runs with `--min-aggregate-size 65536`). */
export const MAX_AGGREGATE_SIZE = 2 ** 16

const notFound = (key) => ({ error: new RecordNotFound(`no record for ${key}`) })

/** Invocations and receipts by invocation CID: the storefront's `taskStore` and `receiptStore`. */
export const createUcanLog = () => {
  const tasks = new Map()
  const receipts = new Map()
  return {
    tasks,
    receipts,
    addInvocation: (invocation) => tasks.set(String(invocation.cid), invocation),
    addReceipt: (receipt) => {
      receipts.set(String(receipt.ran.link()), receipt)
      // A receipt that carries its invocation (the dealer's archives do) also brings the task.
      if (receipt.ran.capabilities) tasks.set(String(receipt.ran.cid), receipt.ran)
    },
    taskStore: { get: async (cid) => (tasks.has(String(cid)) ? { ok: tasks.get(String(cid)) } : notFound(cid)) },
    receiptStore: { get: async (cid) => (receipts.has(String(cid)) ? { ok: receipts.get(String(cid)) } : notFound(cid)) },
  }
}

/**
 * A @ucanto/client connection to `id` over `channel` (an HTTP URL, or an in-process ucanto server) that records every
 * invocation it sends and every receipt it gets back into `log`.
 */
export const recordedConnection = (id, target, log) => {
  const inner = target instanceof URL ? HTTP.open({ url: target, method: 'POST' }) : target
  return Client.connect({
    id,
    codec: CAR.outbound,
    channel: {
      request: async (request) => {
        const message = await CAR.request.decode(request)
        for (const invocation of message.invocations) log.addInvocation(invocation)
        const response = await inner.request(request)
        const reply = await CAR.response.decode(response)
        for (const receipt of reply.receipts.values()) log.addReceipt(receipt)
        return response
      },
    },
  })
}

/** A FIFO the test drains by hand (filecoin-api's queue interface: `add(message)` → `{ok}`). */
const createQueue = () => {
  const messages = []
  return {
    add: async (message) => (messages.push(message), { ok: {} }),
    drain: () => messages.splice(0, messages.length),
  }
}

/** An in-memory store keyed by `keyOf(record)` with the operations filecoin-api's stores have. */
const createStore = (keyOf) => {
  const items = new Map()
  return {
    items,
    put: async (record) => (items.set(keyOf(record), record), { ok: {} }),
    get: async (key) => (items.has(keyOf(key)) ? { ok: items.get(keyOf(key)) } : notFound(keyOf(key))),
    has: async (key) => ({ ok: items.has(keyOf(key)) }),
    update: async (key, fields) => {
      const record = items.get(keyOf(key))
      if (!record) return notFound(keyOf(key))
      const updated = { ...record, ...fields }
      items.set(keyOf(key), updated)
      return { ok: updated }
    },
    query: async (search) => ({
      ok: {
        results: [...items.values()].filter((record) =>
          Object.entries(search).every(([field, value]) => String(record[field]) === String(value))
        ),
      },
    }),
  }
}

/** `ok(result, what)`: a handler result's `ok`, or an error naming `party` and `what` failed. */
const okOf = (party) => (result, what) => {
  if (result.error) throw new Error(`${party} ${what}: ${result.error.name}: ${result.error.message}`)
  return result.ok
}

const errorReporter = (errors) => ({ catch: (error) => errors.push(error) })
const anyone = () => ({ ok: {} })

/**
 * The aggregator service of @storacha/filecoin-api with its event handlers, signing with `signer` and offering
 * aggregates to the dealer at `dealerUrl` (`dealerId` is the dealer's principal). `dealerInvocationConfig` is how it
 * invokes `aggregate/offer`: by default on its own DID without proofs (what its `piece/accept` effect promises).
 */
export const createAggregator = ({ signer, dealerId, dealerUrl, log, dealerInvocationConfig }) => {
  const errors = []
  const context = {
    id: signer,
    dealerId,
    pieceStore: createStore((r) => `${r.piece}/${r.group}`),
    bufferStore: createStore((r) => String(r.block ?? r)),
    aggregateStore: createStore((r) => String(r.aggregate)),
    inclusionStore: createStore((r) => `${r.piece}/${r.group}`),
    pieceQueue: createQueue(),
    bufferQueue: createQueue(),
    aggregateOfferQueue: createQueue(),
    pieceAcceptQueue: createQueue(),
    config: { maxAggregateSize: MAX_AGGREGATE_SIZE, minAggregateSize: 2 ** 10, minUtilizationFactor: 10e5 },
    errorReporter: errorReporter(errors),
    validateAuthorization: anyone,
  }
  const server = AggregatorService.createServer(context)
  context.aggregatorService = {
    connection: recordedConnection(signer, server, log),
    invocationConfig: { issuer: signer, with: signer.did(), audience: signer },
  }
  context.dealerService = {
    connection: recordedConnection(dealerId, dealerUrl, log),
    invocationConfig: dealerInvocationConfig ?? { issuer: signer, with: signer.did(), audience: dealerId },
  }

  const ok = okOf('aggregator')

  return {
    signer,
    server,
    errors,
    context,
    /**
     * Runs the aggregator's queues and store events as its deployed consumers would, until the aggregate is offered
     * to the dealer. Returns the aggregate record and the `aggregate/offer` receipt the dealer answered.
     */
    async aggregateAndOffer() {
      const pieces = context.pieceQueue.drain()
      for (const message of pieces) ok(await AggregatorEvents.handlePieceMessage(context, message), 'piece message')
      ok(await AggregatorEvents.handlePiecesInsert(context, [...context.pieceStore.items.values()]), 'pieces insert')
      ok(await AggregatorEvents.handleBufferQueueMessage(context, context.bufferQueue.drain()), 'buffer message')
      const [offer, ...more] = context.aggregateOfferQueue.drain()
      if (!offer || more.length) throw new Error(`expected one aggregate, got ${more.length + (offer ? 1 : 0)}`)
      ok(await AggregatorEvents.handleAggregateOfferMessage(context, offer), 'aggregate offer message')
      const record = context.aggregateStore.items.get(String(offer.aggregate))
      ok(await AggregatorEvents.handleAggregateInsertToPieceAcceptQueue(context, record), 'aggregate insert (piece accept)')
      for (const message of context.pieceAcceptQueue.drain()) {
        ok(await AggregatorEvents.handlePieceAcceptMessage(context, message), 'piece accept message')
        ok(await AggregatorEvents.handleInclusionInsertToUpdateState(context, message), 'inclusion insert (state)')
        ok(await AggregatorEvents.handleInclusionInsertToIssuePieceAccept(context, message), 'inclusion insert (piece/accept)')
      }
      const offered = await AggregatorEvents.handleAggregateInsertToAggregateOffer(context, record)
      return { record, offered }
    },
  }
}

/**
 * The storefront service of @storacha/filecoin-api with its event handlers. It offers pieces to `aggregator` with a
 * `piece/offer` delegation from it, and asks `deal/info` of the deal tracker at `trackerUrl` (the dealer) as
 * `trackerInvocationConfig` says.
 */
export const createStorefront = async ({ signer, aggregator, log, trackerId, trackerUrl, trackerInvocationConfig }) => {
  const errors = []
  const contents = new Map()
  const pieceOfferProof = await AggregatorCaps.pieceOffer.delegate({
    issuer: aggregator.signer,
    audience: signer,
    with: aggregator.signer.did(),
    expiration: Infinity,
  })
  const aggregatorInvocationConfig = {
    issuer: signer,
    with: aggregator.signer.did(),
    audience: aggregator.signer,
    proofs: [pieceOfferProof],
  }
  const context = {
    id: signer,
    pieceStore: createStore((r) => String(r.piece)),
    filecoinSubmitQueue: createQueue(),
    pieceOfferQueue: createQueue(),
    taskStore: log.taskStore,
    receiptStore: log.receiptStore,
    contentStore: {
      stream: async (content) => {
        const bytes = contents.get(String(content))
        if (!bytes) return notFound(content)
        return { ok: new ReadableStream({ start: (controller) => (controller.enqueue(bytes), controller.close()) }) }
      },
    },
    aggregatorId: aggregator.signer,
    aggregatorInvocationConfig,
    dealTrackerService: {
      connection: recordedConnection(trackerId, trackerUrl, log),
      invocationConfig: trackerInvocationConfig,
    },
    errorReporter: errorReporter(errors),
    validateAuthorization: anyone,
  }
  const server = StorefrontService.createServer(context)
  const connection = recordedConnection(signer, server, log)
  context.storefrontService = { connection, invocationConfig: { issuer: signer, with: signer.did(), audience: signer } }
  context.aggregatorService = {
    connection: recordedConnection(aggregator.signer, aggregator.server, log),
    invocationConfig: aggregatorInvocationConfig,
  }

  const ok = okOf('storefront')

  return {
    signer,
    server,
    connection,
    errors,
    context,
    /** A new blob of random bytes: its raw CID (the `content`) and its piece link. */
    async newContent(size = 600) {
      const bytes = new Uint8Array(randomBytes(size))
      const content = CID.create(1, Raw.code, await sha256.digest(bytes))
      contents.set(String(content), bytes)
      return { content, piece: Piece.fromPayload(bytes).link }
    },
    /** `filecoin/offer` from `agent`, then the storefront's queues: submit, piece insert, piece/offer to the aggregator. */
    async offer(agent, { content, piece }) {
      const offered = await Storefront.filecoinOffer({ issuer: agent, with: agent.did(), audience: signer }, content, piece, { connection })
      ok(offered.out, 'filecoin/offer')
      for (const message of context.filecoinSubmitQueue.drain()) {
        ok(await StorefrontEvents.handleFilecoinSubmitMessage(context, message), 'filecoin submit message')
        ok(await StorefrontEvents.handlePieceInsert(context, context.pieceStore.items.get(String(message.piece))), 'piece insert')
      }
      for (const message of context.pieceOfferQueue.drain()) {
        ok(await StorefrontEvents.handlePieceOfferMessage(context, message), 'piece offer message')
      }
      return offered
    },
    /** The storefront's cron: follows each submitted piece's receipt chain to the dealer's aggregate/accept. */
    async cronTick() {
      return ok(await StorefrontEvents.handleCronTick(context), 'cron tick')
    },
    status: (piece) => context.pieceStore.items.get(String(piece))?.status,
    /** `filecoin/accept` on the storefront (as its piece-status event issues it), answered from the receipt chain. */
    accept: async ({ content, piece }) => await Storefront.filecoinAccept(context.storefrontService.invocationConfig, content, piece, { connection }),
    /** `filecoin/info` from `agent`, which asks the deal tracker (the dealer) for the aggregate's deals. */
    info: async (agent, piece) => await Storefront.filecoinInfo({ issuer: agent, with: agent.did(), audience: signer }, piece, { connection }),
  }
}

/**
 * Brings the dealer's receipts for `invocation` and the receipts its `fx.join` chain leads to into `log`, as the
 * dealer's UCAN stream would (`GET /receipt/{cid}`); returns the last receipt (the dealer's `aggregate/accept`).
 */
export const followDealerReceipts = async (dealerUrl, invocation, log) => {
  let last = null
  for (let cid = invocation; cid; ) {
    const receipt = await fetchReceipt(dealerUrl, cid)
    if (!receipt) break
    log.addReceipt(receipt)
    last = receipt
    cid = receipt.fx.join?.link()
  }
  return last
}
