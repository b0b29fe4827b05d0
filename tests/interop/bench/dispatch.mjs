// Times the JavaScript reference stack on the request path that bench/Dealer.Bench/DispatchBenchmarks.cs times for
// the .NET dealer: @ucanto/server 11 (Server.create + CAR.inbound) with the reference deal/offer service of
// lib/caps.js, as the dealer of the protocol vectors (seed 01×32), handling the very bytes of vector b. The response is
// checked once against vector d byte for byte, then requests are awaited one after another (no overlap, as the .NET
// benchmark does) and reported as mean µs per request and requests/s per round. A short breakdown (decode, signature
// checks, receipt issue) shows where JavaScript spends its time.
//
//   node bench/dispatch.mjs [--warmup 1000] [--iterations 2000] [--rounds 5]
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import * as ed25519 from '@ucanto/principal/ed25519'
import * as Server from '@ucanto/server'
import * as CAR from '@ucanto/transport/car'
import { Receipt } from '@ucanto/core'
import * as UCAN from '@ipld/dag-ucan'
import { createReferenceDealerService } from '../lib/caps.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const vectors = path.resolve(here, '..', '..', '..', 'bench', 'Dealer.Bench', 'Vectors')

const { values } = parseArgs({
  options: {
    warmup: { type: 'string', default: '1000' },
    iterations: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '5' },
  },
})
const warmup = Number(values.warmup)
const iterations = Number(values.iterations)
const rounds = Number(values.rounds)

const request = {
  headers: { 'content-type': 'application/vnd.ipld.car', accept: 'application/vnd.ipld.car' },
  body: new Uint8Array(await readFile(path.join(vectors, 'b-deal-offer-request.car'))),
}
const expected = new Uint8Array(await readFile(path.join(vectors, 'd-deal-offer-response.car')))

const id = await ed25519.derive(new Uint8Array(32).fill(1))
// The handler records every offer; counting them keeps a long run from growing an array.
let offers = 0
const errors = []
const server = Server.create({
  id,
  codec: CAR.inbound,
  service: createReferenceDealerService({ id, offers: { push: () => offers++ } }),
  catch: (error) => errors.push(error),
  validateAuthorization: () => ({ ok: {} }),
})

const first = await server.request(request)
const body = new Uint8Array(first.body)
if ((first.status ?? 200) !== 200 || body.length !== expected.length || !body.every((b, i) => b === expected[i])) {
  throw new Error(`server.request on vector b answered ${first.status} with ${body.length} bytes, not vector d`)
}

/** Mean µs per call of `fn` over `n` sequential awaited calls. */
const time = async (n, fn) => {
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) await fn()
  return Number(process.hrtime.bigint() - start) / 1000 / n
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (us) => us.toFixed(1).padStart(8)

await time(warmup, () => server.request(request))
const means = []
for (let r = 0; r < rounds; r++) means.push(await time(iterations, () => server.request(request)))
const mean = means.reduce((a, b) => a + b, 0) / means.length

// The pieces, each on the same inputs the .NET breakdown uses.
const message = await CAR.request.decode(request)
const invocation = message.invocations[0]
const proof = invocation.proofs[0]
const aggregate = invocation.capabilities[0].nb.aggregate
const receipt = await Server.run(invocation, server)
const join = receipt.fx.join
const pieces = {
  'CAR decode + message/invocation view': async () => (await CAR.request.decode(request)).invocations[0].capabilities.length,
  'signature checks (invocation + proof)': async () =>
    (await UCAN.verifySignature(invocation.data, ed25519.Verifier.parse(invocation.issuer.did()))) &&
    (await UCAN.verifySignature(proof.data, ed25519.Verifier.parse(proof.issuer.did()))),
  'receipt issue + sign': () => Receipt.issue({ issuer: id, ran: invocation, result: { ok: { aggregate } }, fx: { fork: [], join } }),
}
const pieceIterations = Math.max(100, Math.floor(iterations / 2))
const breakdown = {}
for (const [name, fn] of Object.entries(pieces)) {
  await time(Math.max(100, Math.floor(warmup / 2)), fn)
  const xs = []
  for (let r = 0; r < 3; r++) xs.push(await time(pieceIterations, fn))
  breakdown[name] = median(xs)
}

console.log(`@ucanto/server 11.0.3 on ${process.version} (${process.platform}/${process.arch}), vector b -> vector d (byte-identical)`)
console.log(`warmup ${warmup}, ${rounds} rounds x ${iterations} sequential requests`)
console.log(`server.request  mean ${fmt(mean)} µs/request  (${Math.round(1e6 / mean)} requests/s)`)
console.log(`  per round (µs): ${means.map((m) => m.toFixed(1)).join(', ')}; median ${median(means).toFixed(1)}`)
console.log('pieces (median of 3 rounds, µs/op):')
for (const [name, us] of Object.entries(breakdown)) console.log(`  ${name.padEnd(40)} ${fmt(us)}`)
if (errors.length > 0 || offers === 0) throw new Error(`handler errors: ${errors.length}, offers: ${offers}`)
