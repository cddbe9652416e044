// peers.mjs — the peers' side of bench/fsrs/run.sh, on the same review log as `madrasa eval fsrs`.
// Builds the same training items (cards in time order, days starting at 04:00 UTC, same-day
// reviews kept as history, items = later-day reviews), times the fsrs-rs optimiser through its
// Node binding and evaluates its parameters; replays every card through ts-fsrs's scheduler
// (first review at a fixed time, each next one at the due time, the log's ratings, fuzz off)
// REPS times, as the madrasa side does. Prints one JSON line.
import fs from 'node:fs'
import { computeParameters, FSRSBinding, FSRSBindingItem, FSRSBindingReview } from '@open-spaced-repetition/binding'
import { fsrs, createEmptyCard } from 'ts-fsrs'

const [file, repsArg] = process.argv.slice(2)
const reps = Number(repsArg || 20)
const lines = fs.readFileSync(file, 'utf8').trim().split('\n')
const head = lines[0].split(',')
const ci = head.indexOf('card_id'), ri = head.indexOf('review_rating'), ti = head.indexOf('review_time')
const cards = new Map()
for (const l of lines.slice(1)) {
  const f = l.split(',')
  const t = /^\d+$/.test(f[ti]) ? Number(f[ti]) : Date.parse(f[ti])
  if (!cards.has(f[ci])) cards.set(f[ci], [])
  cards.get(f[ci]).push([t, Number(f[ri])])
}
const day = (ms) => Math.floor((ms / 1000 - 4 * 3600) / 86400)
const items = []
for (const revs of cards.values()) {
  revs.sort((a, b) => a[0] - b[0])
  const hist = []
  revs.forEach(([t, r], i) => {
    const dt = i === 0 ? 0 : day(t) - day(revs[i - 1][0])
    hist.push(new FSRSBindingReview(r, dt))
    if (i > 0 && dt > 0) items.push([t, new FSRSBindingItem(hist.slice())])
  })
}
items.sort((a, b) => a[0] - b[0])
const train = items.map((x) => x[1])
let t0 = performance.now()
const w = await computeParameters(train, { enableShortTerm: true })
const fitSeconds = (performance.now() - t0) / 1000
const evDefault = new FSRSBinding().evaluate(train)
const evFitted = new FSRSBinding(w).evaluate(train)

const f = fsrs({ enable_fuzz: false })
let n = 0
t0 = performance.now()
for (let k = 0; k < reps; k++) {
  for (const revs of cards.values()) {
    let card = createEmptyCard(new Date(1700000000000))
    let now = new Date(1700000000000)
    for (const [, r] of revs) {
      card = f.next(card, now, r).card
      now = card.due
      n++
    }
  }
}
const schedSeconds = (performance.now() - t0) / 1000
console.log(JSON.stringify({ bench: 'peers', items: train.length, fsrs_rs_fit_seconds: fitSeconds,
  fsrs_rs_logloss_default: evDefault.logLoss, fsrs_rs_logloss_fitted: evFitted.logLoss,
  fsrs_rs_rmse_bins_fitted: evFitted.rmseBins, ts_fsrs_reviews_scheduled: n,
  ts_fsrs_schedule_seconds: schedSeconds }))
