"""premature-decay: the lr was cut while the loss was still falling fast."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrdoctor.findings import Hit
from lrdoctor.signals import LrChange, Signals, theil_sen

CONTINUOUS_CUT_FACTOR = 10.0
"""A continuous decay is as abrupt as a cut when the lr falls this many times within a window either side."""
TENTH = 0.1
"""A continuous decay is also read where the lr reaches this share of its peak: a per-step exponential
meant per epoch halves the lr while Adam still makes progress, and stalls it a few windows later."""
EARLY_TENTH_SHARE = 0.5
"""...when that happens within this share of the run (a schedule annealing to its end gets there late)."""
SPENT = 1e-3
"""An lr below this share of its peak is spent: a continuous decay that gets there within ``EARLY_TENTH_SHARE``
of the run, while the loss was still stuck near its start (``spent_max_drop``), left the rest of the run
nothing to learn with."""
LEARNED_SHARE = 0.25
"""A cut in the run's first window came before the loss learned when it had made less than this share of its descent
(in log-loss)."""
FALL_BEGUN_SHARE = 0.25
"""A loss whose pace before a cut was below this share of its fastest pace after it had not begun to fall."""
END_SHARE = 0.25
"""The end of the run, where a loss still falling is read: this last share of it (or a window, if longer)."""
SAME_LR = 1.05
"""Two lrs within this factor are the same lr."""
LATER_WINDOWS = 2
"""Decay again no earlier than the cut's own distance from the start, or this many windows after it."""
MIN_EVALS = 4
"""Evaluations before a cut needed to say the validation loss had stopped improving..."""
STALLED_SHARE = 0.5
"""...which it had when its lowest came within this first share of them."""
EVAL_PARTS = 3
"""A validation loss still falls at the end when the last of this many parts of its evaluations sits below the one before
by ``LATE_FALL_SHARE`` of its fall since the cut."""
LATE_FALL_SHARE = 0.1
"""A fall at the end that counts: the last part's median this share of the validation loss's fall since the cut below
the part's before (the labelled runs cut x0.1 at 5% of the run: 0.24-0.41; a Keras U-Net whose ReduceLROnPlateau cut
its lr x5 at epoch 4 and on down to 1e-6, its validation loss 0.0388 -> 0.0345 and within 0.1% over its last 8 epochs:
0.015, a run that had finished)."""
MIN_RECENT_POINTS = 4
"""The fewest logged points the pace just before a cut is read over (``recent_pace``)."""
MIN_PACE_EVALS = 2
"""Evaluations needed on each side of a cut to compare the validation loss's pace before and after it."""
SETTLED_NOISES = 1.0
"""The loss settled at a cut lr where its smoothed level came within this many noise units of its level over the run's
last ``END_SHARE`` (``cut_before_most_learning``'s decay step)."""
LATE_CUT_SHARE = 0.5
"""A cut past this share of the run is a schedule's ordinary late decay (as ``EARLY_TENTH_SHARE`` says of a continuous
one): one that slowed a loss still falling fast is worth knowing (an info, its fix kept), not a fault. Three step
decays labelled healthy, x0.3 at half and at three quarters of the run under RAdam and Adagrad, were warned at one of
the two cuts, their loss falling fast before it (the delayed decay retrained 2-6% better at one seed); the labelled
premature cuts came within the run's first sixth."""
EXPLAINS = ("plateau",)
"""A decay that came too early explains the flat loss, or the frozen held-out accuracy, after it (a word2vec CBOW whose
per-batch ExponentialLR spent its lr x0.001 in 40 steps was also told to check what its model outputs)."""


@dataclass(frozen=True, slots=True)
class Params:
    window_frac: float
    min_cut_factor: float
    min_kept_progress: float
    min_drop_share: float
    min_pace_vs_start: float
    spent_max_drop: float


def check(s: Signals, p: Params) -> list[Hit]:
    window = max(s.min_window_steps, round(p.window_frac * s.span_steps))
    hits: list[Hit] = []
    # a schedule annealing over much of the run (cosine, one-cycle) is not a cliff
    # (a decay that first brings the lr to a tenth of its peak in the run's second half anneals to the end: Hugging
    # Face's default linear decay to 0 over 375 steps of a LoRA fine-tune, its lr falling x21 over the 160-step window
    # either side of its half point at step 200, while its eval loss was flat, 0.395 / 0.415 / 0.389, read as a cliff)
    half, tenth = s.lr_decay_over(window), s.lr_decay_over(window, TENTH)
    early = tenth is not None and tenth.step <= s.first_step + EARLY_TENTH_SHARE * s.span_steps
    continuous = [c for c in (half, tenth) if c is not None and c.factor >= CONTINUOUS_CUT_FACTOR and early]
    found_continuous = False
    start_pace: float | None = None  # measured once a cut needs it (most runs have none that gets this far)
    for cut in [*s.lr_cuts, *continuous]:
        if found_continuous:
            break  # one finding for one continuous decay (read at its half and at its tenth)
        if cut.factor < p.min_cut_factor or cut.step + window > s.last_step:
            continue
        before = s.loss_trend(cut.step_before - window, cut.step_before + 1)
        early = cut_before_learning(s, cut, window)
        if not (before.falling and before.rate * window >= p.min_drop_share * s.descent) and not early:
            if cut not in continuous and (hit := early_cut_still_falling(s, cut, window)) is not None:
                hits.append(hit)
            continue  # not falling fast: a cut on a plateau is what decay is for
        if early and cut not in continuous and (hit := cut_before_the_fall(s, cut, window)) is not None:
            hits.append(hit)
            continue
        if start_pace is None:  # the loss's fastest early pace: over the first window, or the first after a warmup
            start_pace = max(s.loss_trend(start, start + window + 1, linear=True).rate  # (whose small lr is slow)
                             for start in {float(s.first_step), float(s.warmup_end_step or s.first_step)})
        # the pace before, in the loss's own units: near zero, log space would magnify crumbs
        pace_before = recent_pace(s, cut, window, p)
        vetoed = pace_vetoed(s, cut, window, p, pace_before < p.min_pace_vs_start * start_pace)
        hit = None if vetoed else pace_cut(s, cut, window, p, pace_before, start_pace, cut in continuous)
        if hit is None and early and cut not in continuous:
            # a cut in the first window whose noisy few points before it show no pace, or seem to keep the pace it
            # cut: the validation loss falling to the end at the cut lr says it (a neural process at Adam 3e-3 cut x0.1
            # at step 21 of 400, its validation loss falling every evaluation 0.82 -> 0.66; the same cut at 70% of the
            # run ends 59% lower), or a cut of x10 or more that left nearly all the descent to the cut lr
            hit = early_cut_still_falling(s, cut, window) or cut_before_most_learning(s, cut)
        if hit is None:
            continue
        hits.append(hit)
        found_continuous = cut in continuous
    if not hits:
        hits.extend(spent_before_learning(s, window, p))
    return hits


def own_window(s: Signals, window: int, p: Params) -> float | None:
    """The run's own ``window_frac`` of its steps (at least ``MIN_RECENT_POINTS`` logged points) where that is shorter
    than ``window``: a log too short for it to hold the 8 points a window needs (one row per epoch), whose window before
    a cut reaches back into its fast first epochs. None where the window is the run's own."""
    own = max(p.window_frac * s.span_steps, MIN_RECENT_POINTS * s.step_interval)
    return own if own < window else None


def recent_pace(s: Signals, cut: LrChange, window: int, p: Params) -> float:
    """The loss's pace before a cut, in its own units per step, over the window before it, or over the run's own window
    (``own_window``) when that is shorter and the pace there slower: a loss decelerating into the cut was not falling
    fast there, whatever the window's first epochs did (a public Keras CNN logged per epoch, 35 epochs, its loss
    1.01 -> 0.41 in epochs 2-4, then 0.35 -> 0.27 over epochs 5-9, cut x4 at epoch 10: read over epochs 2-9, a pace of
    0.094 a step it had long lost)."""
    whole = s.loss_trend(cut.step_before - window, cut.step_before + 1, linear=True).rate
    own = own_window(s, window, p)
    if own is None:
        return whole
    return min(whole, s.loss_trend(cut.step_before - own, cut.step_before + 1, linear=True).rate)


def pace_through(s: Signals, cut: LrChange, window: int, p: Params) -> float:
    """The loss's pace after a cut counted from before it, where the window is stretched (``own_window``): from the
    median of the last ``MIN_RECENT_POINTS`` losses before the cut to the median of the last as many of the window
    after it, in its own units per step. A cut that drops the loss at once (the lr's noise floor lowered) made
    progress a trend from the cut on does not see (the public Keras CNN: 0.27 -> 0.17 in the epoch of its cut, its
    validation loss from 0.1-0.2 to 0.02-0.05). ``-inf`` where the window is the run's own or too few points."""
    if own_window(s, window, p) is None:
        return -np.inf
    before = np.flatnonzero(s.steps <= cut.step_before)[-MIN_RECENT_POINTS:]
    after = np.flatnonzero((s.steps >= cut.step) & (s.steps <= cut.step + window))[-MIN_RECENT_POINTS:]
    if before.size < MIN_RECENT_POINTS or after.size < MIN_RECENT_POINTS:
        return -np.inf
    gap = float(np.median(s.steps[after]) - np.median(s.steps[before]))
    return float(np.median(s.loss[before]) - np.median(s.loss[after])) / gap if gap > 0 else -np.inf


def pace_vetoed(s: Signals, cut: LrChange, window: int, p: Params, crawling: bool) -> bool:
    """Whether a cut cost nothing whatever the pace after it: the loss was already crawling against its early pace
    (``crawling``), or the validation loss had stalled long before it, or kept its pace after it."""
    return bool(crawling  # a cut there is on time
                or held_out_stalled_before(s, cut.step)  # slower training costs nothing
                or held_out_kept_pace(s, cut, window, p))  # the cut cost the validation loss little


def pace_cut(s: Signals, cut: LrChange, window: int, p: Params, pace_before: float, start_pace: float,
             continuous: bool) -> Hit | None:
    """A cut (or a continuous decay, ``continuous``) that ``pace_vetoed`` lets pass and that took the loss's pace down
    to less than ``min_kept_progress`` of the pace before it (``pace_before``)."""
    pace_after = max(s.loss_trend(cut.step, cut.step + window, linear=True).rate, pace_through(s, cut, window, p))
    kept = pace_after / pace_before if pace_before > 0 else 1.0
    if kept >= p.min_kept_progress:
        return None
    later = min(s.last_step, cut.step + max(cut.step - s.first_step, LATER_WINDOWS * window))
    late = cut.step > s.first_step + LATE_CUT_SHARE * s.span_steps
    how = (f"decayed continuously x{cut.factor:.3g} ({cut.lr_before:.3g} -> {cut.lr_after:.3g}) around step {cut.step}"
           if continuous else f"was cut x{cut.factor:.3g} ({cut.lr_before:.3g} -> {cut.lr_after:.3g}) at step {cut.step}")
    return Hit(
        step_start=cut.step,
        step_end=cut.step + window,
        message=(
            f"The lr {how} "
            f"while the loss was falling fast ({pace_before:.3g}/step over the "
            f"{min(window, cut.step_before - s.first_step + 1)} steps before); "
            f"afterwards {pace_after:.3g}/step ({max(kept, 0.0):.0%} of that pace)."
            + (" The cut came in the run's second half, where a schedule's decay is ordinary: a later one may lower "
               "the final loss a little." if late else "")
        ),
        evidence={"lr_before": cut.lr_before, "lr_after": cut.lr_after, "cut_factor": cut.factor,
                  "pace_before": pace_before, "pace_after": pace_after, "pace_at_start": start_pace, "kept": kept, "window_steps": window},
        suggestion=(
            f"Decay later, once the loss flattens (not before step {later}), or let ReduceLROnPlateau "
            "decide; a smooth schedule such as cosine over the whole run also avoids the cliff"
            + ("; a per-step exponential decay meant per epoch decays steps-per-epoch times too fast." if continuous
               else ".")
        ),
        fix={"decay_step": later, "decay_from": cut.step},  # delay the schedule by the difference
        explains=EXPLAINS,
        severity="info" if late else None,
    )


def cut_before_learning(s: Signals, cut: LrChange, window: int) -> bool:
    """A cut within the run's first window, before the loss had made ``LEARNED_SHARE`` of its descent: the loss was at
    the start of its fall whatever a trend of the few noisy points before the cut says (a GIN at Adam 3e-3 cut x0.1 at
    step 16 of 500, its loss still 1.2 of a start of 1.7 on its way to 0.23; cut at 70% of the run instead, it ends 48%
    lower). The pace after the cut still has to collapse against the pace before."""
    if cut.step_before - window >= s.first_step or not s.descent > 0:
        return False
    return descent_made(s, cut) < LEARNED_SHARE


def descent_made(s: Signals, cut: LrChange) -> float:
    """The share of the run's descent (in log-loss) the loss had made before ``cut``, from its initial level."""
    return max(s.initial_level - s.level_at(cut.step_before), 0.0) / s.descent


def cut_before_the_fall(s: Signals, cut: LrChange, window: int) -> Hit | None:
    """A cut before the loss had begun to fall (``cut_before_learning``, its pace before the cut not
    ``FALL_BEGUN_SHARE`` of its fastest later pace), after which the loss fell at the cut lr and is still falling
    significantly at the end of the run, the lr never raised again: the run did its learning at the cut lr (a TCN at
    Adam 3e-3 cut x0.1 at step 10 of 300 while its loss sat at ln 6, then learning slowly to 0.46; the same cut at 70%
    of the run ends 10x lower). The pace comparison does not apply: there was no pace before the cut to lose."""
    pace_before = s.loss_trend(cut.step_before - window, cut.step_before + 1, linear=True).rate
    starts = np.arange(float(cut.step), float(s.last_step - window), float(window))
    if not starts.size:
        return None
    fastest = max(s.loss_trend(a, a + window + 1, linear=True).rate for a in starts)
    if not fastest > 0 or pace_before >= FALL_BEGUN_SHARE * fastest:
        return None  # it was falling already: the pace rule reads it
    if not s.loss_trend(s.last_step - max(window, END_SHARE * s.span_steps), s.last_step + 1).falling:
        return None  # the loss settled at the cut lr: the cut cost time, not the result
    if raised_after(s, cut):
        return None  # the lr was raised again after the cut: a schedule's restart, not a cut that stayed
    learned = descent_made(s, cut)
    return held_to_the_end(
        s, cut,
        f"before the loss had begun to fall ({learned:.0%} of its descent made); it then learned at the cut lr and is "
        "still falling at the end of the run: the whole run trained at a fraction of its lr.",
        {"pace_before": pace_before, "fastest_pace_after": fastest, "descent_share_before": learned, "window_steps": window},
    )


def early_cut_still_falling(s: Signals, cut: LrChange, window: int) -> Hit | None:
    """A cut within the run's first window, whose few noisy points before it show no trend, after which the validation
    loss (``MIN_EVALS`` evaluations or more) fell along a significant Theil–Sen trend and was still falling at the end
    (its last of ``EVAL_PARTS`` parts ``LATE_FALL_SHARE`` of the fall lower than the one before), the lr never raised
    again: the run did nearly all its learning at the cut lr and had not finished (an FT-Transformer at Adam 2e-3 cut
    x0.1 at step 16 of 300 after a bumpy start, its validation loss falling steadily 0.52 -> 0.29 to the end; the same
    cut at 70% of the run ends 65% lower)."""
    if cut.step_before - window >= s.first_step:
        return None
    steps, v, _ = s.val_level
    after = steps >= cut.step
    steps, v, raw = steps[after], v[after], s.val_finite[1][after]
    if steps.size < MIN_EVALS:
        return None
    _, _, high = theil_sen(steps.astype(float), v)
    if high >= 0:
        return None  # the held-out loss did not fall significantly after the cut
    *_, second_last, last = np.array_split(v, EVAL_PARTS)
    if not float(np.median(second_last)) - float(np.median(last)) >= LATE_FALL_SHARE * float(v[0] - v.min()):
        return None  # the held-out loss had flattened by the end: the run finished at the cut lr
    if raised_after(s, cut):
        return None  # the lr was raised again after the cut: a schedule's restart, not a cut that stayed
    return held_to_the_end(
        s, cut,
        f"in the run's first {window} steps, and the validation loss was still falling at the end of the run at the cut lr "
        f"({float(raw[0]):.4g} -> {float(raw[-1]):.4g}): nearly all of the run trained at a fraction of its lr, and it "
        "had not finished.",
        {"window_steps": window},
    )


def cut_before_most_learning(s: Signals, cut: LrChange) -> Hit | None:
    """A cut of ``CONTINUOUS_CUT_FACTOR`` or more within the run's first window (``cut_before_learning``: less than
    ``LEARNED_SHARE`` of the descent made), the lr never raised again, after which the loss fell significantly: the run
    made nearly all its descent at a tenth of its lr or less, whatever pace the window after the cut kept (a gated
    graph network at Adam 3e-3 cut x0.1 at step 21 of 400 with 12% of its descent made, Adam's first steps at 3e-4
    still fast, its validation loss flat at 0.40-0.46 over its last 4 of 10 evaluations, lowest at the 9th; the same
    cut at 70% of the run ends lower at both seeds). Not where the run had finished at the cut lr: its validation loss
    (``MIN_EVALS`` evaluations or more after the cut) lowest within the first ``STALLED_SHARE`` of them, or, without
    one, its training loss no longer falling significantly after the first ``STALLED_SHARE`` of the steps after the cut. No labelled
    healthy run, and no public log read, cuts x10 that early."""
    if cut.factor < CONTINUOUS_CUT_FACTOR or raised_after(s, cut):
        return None
    if not s.loss_trend(cut.step, s.last_step + 1).falling:
        return None  # nothing was learned at the cut lr either: another finding's business
    steps, v, _ = s.val_level
    held_out = v[steps >= cut.step]
    if held_out.size >= MIN_EVALS:
        if int(np.argmin(held_out)) < STALLED_SHARE * held_out.size:
            return None  # the held-out loss stopped improving in the first part of the run: it finished at the cut lr
    elif not s.loss_trend(cut.step + STALLED_SHARE * (s.last_step - cut.step), s.last_step + 1).falling:
        return None  # no held-out loss, and the training loss had settled after the first part: finished at the cut lr
    learned = descent_made(s, cut)
    # where the loss settled at the cut lr: its smoothed level within ``SETTLED_NOISES`` of its level over the run's
    # last ``END_SHARE``; the full lr gets there sooner, so a decay there comes after the loss flattened (the GGNN held
    # at 3e-3 to its end retrained 5% worse than its early cut; its counterfactual cuts at 70%)
    end_level = float(np.median(s.smooth[s.ts >= s.last_step - END_SHARE * s.span_steps]))
    near = np.flatnonzero((s.ts >= cut.step) & (s.smooth <= end_level + SETTLED_NOISES * s.noise))
    settled = int(s.ts[near[0]]) if near.size else s.last_step
    return Hit(
        step_start=cut.step,
        step_end=s.last_step,
        message=(f"The lr was cut x{cut.factor:.3g} ({cut.lr_before:.3g} -> {cut.lr_after:.3g}) at step {cut.step}, "
                 f"before the loss had made a quarter of its descent ({learned:.0%} made): the run made the other "
                 f"{1 - learned:.0%} at 1/{cut.factor:.3g} of its lr."),
        evidence={"lr_before": cut.lr_before, "lr_after": cut.lr_after, "cut_factor": cut.factor,
                  "descent_share_before": learned},
        suggestion=(f"Hold the lr at {cut.lr_before:.3g} until the loss flattens (at the cut lr it had settled by "
                    f"step {settled}), then decay, or let ReduceLROnPlateau decide."),
        fix={"decay_step": settled, "decay_from": cut.step},  # delay the schedule by the difference
        explains=EXPLAINS,
    )


def raised_after(s: Signals, cut: LrChange) -> bool:
    """Whether the lr rose above the cut lr again later (a schedule's restart, not a cut that stayed)."""
    return s.has_lr and float(np.nanmax(s.lr_since(cut.step))) > cut.lr_after * SAME_LR


def held_to_the_end(s: Signals, cut: LrChange, why: str, evidence: dict[str, float]) -> Hit:
    """A cut the run should not have made at all (the loss still falls at the end at the cut lr): hold the lr to the end."""
    return Hit(
        step_start=cut.step,
        step_end=s.last_step,
        message=f"The lr was cut x{cut.factor:.3g} ({cut.lr_before:.3g} -> {cut.lr_after:.3g}) at step {cut.step}, {why}",
        evidence={"lr_before": cut.lr_before, "lr_after": cut.lr_after, "cut_factor": cut.factor, **evidence},
        suggestion=(f"Hold the lr at {cut.lr_before:.3g} until the loss flattens (the loss still falls at step "
                    f"{s.last_step}: no decay was due in this run), or let ReduceLROnPlateau decide."),
        fix={"decay_step": s.last_step, "decay_from": cut.step},  # delay the schedule by the difference
        explains=EXPLAINS,
    )


def held_out_kept_pace(s: Signals, cut: LrChange, window: int, p: Params) -> bool:
    """Whether the validation loss, evaluated ``MIN_PACE_EVALS`` times or more in the window before a cut and as often in
    the window after it, fell after the cut at ``min_kept_progress`` or more of its pace just before it (least-squares
    slopes of its level: over the last ``MIN_PACE_EVALS`` evaluations before the cut, and from the last of them on).
    The training loss's pace over a window of a sparse log swings with where its few points fall; the held-out loss says
    what the cut cost (a DnCNN cut x3.3 at half its run, logged every 4 steps: its validation loss fell on at 41% of its
    pace, and the same log thinned to every 8th step read a training-loss collapse that the full one did not)."""
    steps, v, _ = s.val_level
    before = (steps >= cut.step - window) & (steps < cut.step)
    after = (steps >= cut.step) & (steps <= cut.step + window)
    if before.sum() < MIN_PACE_EVALS or after.sum() < MIN_PACE_EVALS:
        return False
    near = np.flatnonzero(before)[-MIN_PACE_EVALS:]  # the pace at the cut: its last evaluations before it
    pace_before = float(np.polyfit(steps[near].astype(float), v[near], 1)[0])
    last = int(near[-1])
    tail = np.append(last, np.flatnonzero(after))
    pace_after = float(np.polyfit(steps[tail].astype(float), v[tail], 1)[0])
    return pace_before < 0 and pace_after <= p.min_kept_progress * pace_before


def held_out_stalled_before(s: Signals, step: int) -> bool:
    """Whether the validation loss, evaluated at least ``MIN_EVALS`` times before ``step``, was at its
    lowest in the first ``STALLED_SHARE`` of those evaluations: it had stopped improving (overfitting, or
    converged) well before the cut, so the training loss's fast fall there was not progress a cut could waste."""
    steps, v, _ = s.val_level
    before = v[steps < step]
    return before.size >= MIN_EVALS and int(np.argmin(before)) < STALLED_SHARE * before.size


def spent_before_learning(s: Signals, window: int, p: Params) -> list[Hit]:
    """A continuous decay that spent the lr (``SPENT`` of its peak) early, while the loss was still
    near its start: no fast pace to compare, but nothing more can be learned at what is left."""
    spent = s.lr_decay_over(window, SPENT)
    if spent is None or spent.step > s.first_step + EARLY_TENTH_SHARE * s.span_steps or not s.ys.size:
        return []
    upto = s.window(s.first_step, spent.step + 1)
    if upto.size == 0 or float(s.smooth[upto].min()) < s.start_level - p.spent_max_drop:
        return []  # the loss had come far: a decay after that is convergence, or the pace rule's business
    share = (spent.step - s.first_step) / max(s.span_steps, 1)
    tenth = s.lr_decay_over(window, TENTH)
    steep = tenth.step if tenth is not None and tenth.step < spent.step else spent.step  # where it began to bite
    return [Hit(
        step_start=steep,
        step_end=s.last_step,
        message=(f"The lr decayed continuously to {SPENT:g} of its peak ({s.lr_max:.3g} -> {s.lr_at(spent.step):.3g}) by "
                 f"step {spent.step}, {share:.0%} into the run, while the loss was still near its start ("
                 f"{s.to_loss(s.start_level):.4g} -> {s.to_loss(float(s.smooth[upto].min())):.4g} at its lowest): the rest of the run "
                 "ran at an lr too small to learn anything more."),
        evidence={"lr_peak": s.lr_max, "lr_spent": s.lr_at(spent.step), "spent_share_of_run": share,
                  "start_level": s.to_loss(s.start_level), "window_steps": window},
        suggestion=("Spread the decay over the whole run (a per-step exponential decay meant per epoch decays "
                    "steps-per-epoch times too fast), or hold the lr until the loss falls."),
        fix={"decay_step": s.last_step, "decay_from": steep},  # delay the schedule by the difference
        explains=EXPLAINS,
    )]
