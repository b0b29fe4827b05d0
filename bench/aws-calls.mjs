// AWS calls per accepted offer, from a scrape of the dealer's /metrics (the SDK's client.call.duration count by
// rpc.service and rpc.method, on the Dealer.Aws meter), and the local emulators' CPU per accepted offer.
//
//   node bench/aws-calls.mjs --metrics scrape.txt --accepted N [--label L] [--json results.jsonl]
//        [--emulator-ticks "before..." "after..." --clock-ticks 100]
//
// --emulator-ticks takes two space-separated lists of user + system CPU ticks (fauxqs, DynamoDB Local), read from
// /proc/<pid>/stat before the dealer started and after its load.
import fs from 'node:fs'

const args = process.argv.slice(2)
const opt = (name) => {
  const i = args.indexOf(name)
  return i < 0 ? undefined : args[i + 1]
}
const metrics = fs.readFileSync(opt('--metrics'), 'utf8')
const accepted = Number(opt('--accepted'))
const label = opt('--label') ?? 'dealer'
if (!(accepted > 0)) throw new Error('--accepted must be a positive number')

const labelsOf = (text) => Object.fromEntries([...text.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
const series = (name) =>
  metrics.split('\n').flatMap((line) => {
    const m = line.match(new RegExp(`^${name}\\{([^}]*)\\} ([0-9.eE+-]+)`))
    return m ? [{ labels: labelsOf(m[1]), value: Number(m[2]) }] : []
  })

const calls = {}
for (const { labels, value } of series('client_call_duration_seconds_count')) {
  calls[`${labels.rpc_service} ${labels.rpc_method}`] = value
}
const errors = {}
for (const { labels, value } of series('client_call_errors_total')) {
  errors[`${labels.rpc_service} ${labels.rpc_method} ${labels.exception_type}`] = value
}
const perOffer = Object.fromEntries(Object.entries(calls).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, +(v / accepted).toFixed(3)]))
const total = Object.values(calls).reduce((a, b) => a + b, 0)

const result = { label: `${label}-aws-calls`, accepted, totalCalls: total, callsPerOffer: +(total / accepted).toFixed(3), perOffer, errors }

const before = opt('--emulator-ticks')
if (before !== undefined) {
  const i = args.indexOf('--emulator-ticks')
  const after = args[i + 2]
  const hz = Number(opt('--clock-ticks') ?? 100)
  const [b, a] = [before, after].map((s) => s.trim().split(/\s+/).map(Number))
  const names = ['fauxqs (S3, SQS)', 'DynamoDB Local']
  result.emulatorCpuMsPerOffer = Object.fromEntries(names.map((n, k) => [n, +(((a[k] - b[k]) * 1000) / hz / accepted).toFixed(3)]))
}

console.log(`${label}: ${result.callsPerOffer} AWS calls per accepted offer (${total} calls, ${accepted} offers, request path, consumer and cron together)`)
for (const [k, v] of Object.entries(perOffer)) console.log(`  ${k.padEnd(28)} ${v.toFixed(3)} per offer (${calls[k]})`)
for (const [k, v] of Object.entries(errors)) console.log(`  errors ${k}: ${v}`)
if (result.emulatorCpuMsPerOffer) {
  for (const [k, v] of Object.entries(result.emulatorCpuMsPerOffer)) console.log(`  ${k} CPU: ${v} ms per accepted offer`)
}
const json = opt('--json')
if (json) fs.appendFileSync(json, JSON.stringify(result) + '\n')
