// The JavaScript reference for bench/http-vs-js.sh: @ucanto/server 11 over node:http on a loopback port, serving
// deal/offer with the definition and handler of lib/caps.js (what filecoin-api's historical dealer did: decode the
// pieces block, record the offer in an in-memory queue, answer ok {aggregate} joined to the self-issued deal/add).
// No durable store, no aggregate verification. It signs with the dealer's own key, so the .NET dealer and this
// server accept the very same request bodies.
//
//   node bench/http-server.mjs --key M… [--port 0]
//
// Prints one JSON line {"url","id","pid"} on stdout once listening; stops on SIGINT/SIGTERM.
import http from 'node:http'
import { parseArgs } from 'node:util'
import * as ed25519 from '@ucanto/principal/ed25519'
import * as Server from '@ucanto/server'
import * as CAR from '@ucanto/transport/car'
import { createReferenceDealerService } from '../lib/caps.js'

const { values } = parseArgs({
  options: {
    key: { type: 'string' },
    port: { type: 'string', default: '0' },
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

const httpServer = http.createServer(async (req, res) => {
  try {
    if (req.method !== 'POST' || req.url !== '/') {
      res.writeHead(404).end()
      return
    }
    const chunks = []
    for await (const chunk of req) chunks.push(chunk)
    const response = await server.request({ headers: req.headers, body: new Uint8Array(Buffer.concat(chunks)) })
    res.writeHead(response.status ?? 200, response.headers)
    res.end(Buffer.from(response.body))
  } catch (error) {
    res.writeHead(500).end(String(error))
  }
})
httpServer.keepAliveTimeout = 60_000

httpServer.listen(Number(values.port), '127.0.0.1', () => {
  const { port } = httpServer.address()
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}/`, id: id.did(), pid: process.pid }))
})

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`http-server.mjs: ${queue.length} offers queued, ${errors.length} handler errors`)
    httpServer.close(() => process.exit(0))
    httpServer.closeAllConnections()
  })
}
