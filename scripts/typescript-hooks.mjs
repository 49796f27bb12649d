// Node module hooks (registered by scripts/load.mjs) that run the repository's TypeScript test helpers as they are:
// `.ts` files are stripped of their types by esbuild, and a relative `./x.js` import from a `.ts` file finds `./x.ts`
// (the source convention of this repository). Node 20 cannot run TypeScript by itself.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { transform } from 'esbuild'

/** Maps `./x.js` imported from a `.ts` file to `./x.ts` when only the latter exists. */
export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const source = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL)
    if (!existsSync(new URL(specifier, context.parentURL)) && existsSync(source))
      return { url: source.href, shortCircuit: true }
  }
  return nextResolve(specifier, context)
}

/** Loads a `.ts` file as an ES module, its types removed. */
export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context)
  const path = fileURLToPath(url)
  const { code } = await transform(await readFile(path, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcefile: path,
    sourcemap: 'inline',
  })
  return { format: 'module', source: code, shortCircuit: true }
}
