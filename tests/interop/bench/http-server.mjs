// The JavaScript reference for bench/http-vs-js.sh: @ucanto/server 11 over node:http on a loopback port, serving
// deal/offer with the definition and handler of lib/caps.js (what filecoin-api's historical dealer did: decode the
// pieces block, record the offer in an in-memory queue, answer ok {aggregate} joined to the self-issued deal/add).
// No durable store, no aggregate verification. It signs with the dealer's own key, so the .NET dealer and this
// server accept the very same request bodies.
//
//   node bench/http-server.mjs --key M…
//
// Prints one JSON line {"url","id","pid"} on stdout once listening; stops on SIGINT/SIGTERM.
import { parseArgs } from 'node:util'
import * as ed25519 from '@ucanto/principal/ed25519'
import * as Server from '@ucanto/server'
import * as CAR from '@ucanto/transport/car'
import { createReferenceDealerService } from '../lib/caps.js'
import { listen } from '../lib/servers.js'

const { values } = parseArgs({
  options: {
    key: { type: 'string' },
  },
})
if (!values.key) {
  console.error('http-server.mjs: --key (the dealer key, M…) is required')
  process.exit(2)
}

const id = ed25519.parse(values.key.trim())
// The in-memory queue of accepted offers (kept, as the reference keeps its queue; a bounded run fills it).
const queue = []
const errors = []
const server = Server.create({
  id,
  codec: CAR.inbound,
  service: createReferenceDealerService({ id, offers: queue }),
  catch: (error) => errors.push(error),
  validateAuthorization: () => ({ ok: {} }),
})

// lib/servers.js's loopback node:http adapter (it also notes each request's headers and length, a negligible cost).
const listening = await listen(server)
console.log(JSON.stringify({ url: listening.url.href, id: id.did(), pid: process.pid }))

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`http-server.mjs: ${queue.length} offers queued, ${errors.length} handler errors`)
    listening.close().then(() => process.exit(0))
    setTimeout(() => process.exit(0), 2000).unref()
  })
}
