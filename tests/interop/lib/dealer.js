// Starts the .NET dealer (`dealer serve`) as a real child process on a loopback port, and runs other `dealer`
// commands. The executable is the Release build the repository's test script makes (UseArtifactsOutput puts it in
// <repo>/artifacts/bin/Dealer.Service/<configuration>/dealer.dll, Release unless CONFIGURATION says otherwise); set
// DEALER_DLL to use another build.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { existsSync } from 'node:fs'

const here = path.dirname(fileURLToPath(import.meta.url))
export const repoRoot = path.resolve(here, '..', '..', '..')

/** The path of dealer.dll. */
export const dealerDll = () =>
  process.env.DEALER_DLL ??
  path.join(repoRoot, 'artifacts', 'bin', 'Dealer.Service', (process.env.CONFIGURATION ?? 'Release').toLowerCase(), 'dealer.dll')

const assertBuilt = () => {
  const dll = dealerDll()
  if (!existsSync(dll)) {
    throw new Error(`${dll} does not exist: build the solution first (dotnet build Dealer.sln -c Release) or set DEALER_DLL`)
  }
  return dll
}

/** A fresh temporary directory; removed by the returned `remove()`. */
export const tempDir = async (prefix = 'dealer-interop-') => {
  const dir = await mkdtemp(path.join(tmpdir(), prefix))
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}

// The environment of every child: no DEALER_* variables from the caller's shell leak into a test.
const childEnv = (extra = {}) => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DEALER_')))
  return { ...env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', ...extra }
}

/**
 * Starts `dealer serve --listen http://127.0.0.1:0 --data-dir <tmp> --key <key> [--did …] [args…]`, waits for its
 * one JSON line `{"url","id"}` on stdout, and returns a handle whose `stop()` kills it and removes the data dir.
 *
 * @param {object} options
 * @param {string} options.key  ucanto private key string (M…)
 * @param {string} [options.did]  did:web identity
 * @param {string[]} [options.args]  extra serve flags
 * @param {string} [options.dataDir]  reuse a data directory (kept on stop)
 * @param {Record<string, string>} [options.env]  DEALER_* variables for the process
 * @param {number} [options.timeoutMs]
 */
export const startDealer = async ({ key, did, args = [], dataDir, env = {}, timeoutMs = 60_000 }) => {
  const dll = assertBuilt()
  const temp = dataDir ? null : await tempDir()
  const dir = dataDir ?? temp.dir
  const argv = [dll, 'serve', '--listen', 'http://127.0.0.1:0', '--data-dir', dir, '--key', key]
  if (did) argv.push('--did', did)
  argv.push(...args)
  const child = spawn('dotnet', argv, { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk) => {
    stderr += chunk
    if (process.env.DEALER_INTEROP_VERBOSE) process.stderr.write(chunk)
  })
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))

  const line = await new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`dealer serve printed no JSON line within ${timeoutMs} ms\n${stderr}`))
    }, timeoutMs)
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk) => {
      out += chunk
      const newline = out.indexOf('\n')
      if (newline >= 0) {
        clearTimeout(timer)
        resolve(out.slice(0, newline))
      }
    })
    exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`dealer serve exited (${code ?? signal}) before listening\n${stderr}`))
    })
  })
  let url, id
  try {
    ;({ url, id } = JSON.parse(line))
  } catch {
    child.kill('SIGKILL')
    throw new Error(`dealer serve printed ${JSON.stringify(line)} instead of {"url","id"}\n${stderr}`)
  }

  return {
    url: new URL(url),
    id,
    dataDir: dir,
    process: child,
    stderr: () => stderr,
    /** Stops the process (SIGTERM, then SIGKILL after 10 s) and removes its temporary data directory. */
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(timer)
      }
      await temp?.remove()
    },
  }
}

/**
 * Runs `dealer <args…>` to completion.
 * @returns {Promise<{code: number, stdout: string, stderr: string}>}
 */
export const runDealer = async (args, { timeoutMs = 60_000 } = {}) => {
  const dll = assertBuilt()
  const child = spawn('dotnet', [dll, ...args], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c))
  child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await new Promise((resolve) => child.once('exit', (c, s) => resolve(c ?? (s ? 128 : 1))))
  clearTimeout(timer)
  return { code, stdout, stderr }
}
