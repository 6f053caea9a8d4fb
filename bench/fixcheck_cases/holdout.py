"""The held-out half: its labelled cases (registered with ``fixcheck_core.case``)."""

from __future__ import annotations

from dataclasses import replace

import fixcheck_data as fd
from fixcheck_cases.tune import C6, HIGH
from fixcheck_core import (
    adding, anything, at_chance, case, dead_from, docs, early_peak, early_rise, first_dead, first_loss_above,
    first_nan, flat_late, grad_burst, healthy_shape, hmm, imputed, lr_down_by, lr_to, nan_within, never_below_start,
    overfits, rises_after_dip, shapes, spiky, still_falling,
)
from harness import (
    LN, Setup, constant_after, cosine_after, cross_entropy, cyclic, exponential, exponential_to, linear_decay_after,
    multistep, one_cycle, scaled_head, warm_restarts,
)


# shapes: CNN 12-24-24 + GAP on 14x14 images of six shapes; works at SGDm ~0.03-0.1, Adam 3e-3


@case("shapes-cnn-sgdm-lr-1-dies-to-chance", "shapes", "lr-high-chance", cf=lr_to(0.05), cf_what="lr 0.05",
      must=("lr-too-high",), may=HIGH, tol=600, shape=at_chance(C6, "ln 6"))
def _() -> Setup:
    return shapes("sgdm", 1.0)


@case("shapes-cnn-adam-exponential-100x-in-150-steps", "shapes", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=150, shape=lr_down_by(0.011, 150))
def _() -> Setup:
    return shapes("adam", 3e-3, schedule=exponential_to(0.01, 0.25), schedule_name="ExponentialLR per batch, x0.01 by step 150")


@case("shapes-cnn-sgd-lr-5e-4-100x-low-log5", "shapes", "lr-low-sgd", cf=lr_to(0.05), cf_what="lr 0.05",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return shapes("sgd", 5e-4, log_every=5, opt_args={"momentum": 0.9})


@case("shapes-cnn-adam-nan-pixels-step1", "shapes", "nan-step0", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing pixels imputed", must=("non-finite-loss",), may=("lr-too-high",), tol=2, shape=nan_within(1, 1))
def _() -> Setup:
    return shapes("adam", 3e-3, data=fd.shape_images(nan_rows=0.05))


@case("shapes-cnn-adam-200-images-overfits", "shapes", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return shapes("adam", 3e-3, eval_every=50, data=fd.shape_images(train_rows=200))


@case("shapes-cnn-adam-lr-0p05-dead-relus", "shapes", "dead-units", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("dead-units",), may=("lr-too-high", "plateau", "exploding-gradients"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return shapes("adam", 0.05, track_zero_grads=True)


@case("shapes-cnn-adamw-resumed-without-state", "shapes", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="optimizer state kept",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=481, tol=5,
      shape=anything)
def _() -> Setup:
    return shapes("adamw", 0.01, recreate_optimizer_at=frozenset({480}))


@case("shapes-cnn-sgdm-head-x300", "shapes", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ShapeCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, C6, "ln 6"))
def _() -> Setup:
    return shapes("sgdm", 0.05, model=lambda: scaled_head(fd.ShapeCNN(), 300, bias=True))


# adding: vanilla RNN / LSTM (48 hidden) classifying the adding problem's marked sum


@case("adding-rnn-sgd-lr-3-no-clip-explodes", "adding", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=15, shape=grad_burst(30, 3000))
def _() -> Setup:
    return adding("sgd", 3.0, model=lambda: fd.SeqClassifier("rnn", gain=1.0))


@case("adding-rnn-sgd-lr-5-no-clip-explodes-log2", "adding", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=15, shape=grad_burst(30, 3000))
def _() -> Setup:
    return adding("sgd", 5.0, log_every=2, model=lambda: fd.SeqClassifier("rnn", gain=1.0))


@case("adding-lstm-adam-lr-0p3-10x-from-step-1", "adding", "lr-high-step1", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=800, shape=anything)
def _() -> Setup:
    return adding("adam", 0.3)


@case("adding-lstm-adam-lr-0p15-spikes", "adding", "lr-high-spikes", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=800, shape=spiky())
def _() -> Setup:
    return adding("adam", 0.15, opt_args={"betas": (0.9, 0.99)})


@case("adding-lstm-adam-exponential-100x-in-200-steps", "adding", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=200, shape=lr_down_by(0.011, 200))
def _() -> Setup:
    return adding("adam", 0.03, schedule=exponential_to(0.01, 0.25), schedule_name="ExponentialLR per batch, x0.01 by step 200")


@case("adding-lstm-adam-recreated-each-epoch", "adding", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=188, tol=5,
      shape=anything)
def _() -> Setup:
    return adding("adam", 3e-3, steps=1125, recreate_optimizer_at=frozenset(range(187, 1125, 187)),
                  opt_args={"betas": (0.9, 0.9999)})


@case("adding-lstm-sgdm-exponential-gamma-1p02", "adding", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=("non-finite-loss", "exploding-gradients", "plateau"), tol=800, shape=rises_after_dip())
def _() -> Setup:
    return adding("sgdm", 0.05, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("adding-lstm-adam-lr-0p05-constant-plateau", "adding", "plateau", cf=lambda s: replace(s, decay_step=400),
      cf_what="lr x0.1 from step 400", must=("plateau",), may=("lr-too-high",), fault_step=400, tol=300, shape=flat_late)
def _() -> Setup:
    return adding("adam", 0.05)


# hmm: causal transformer LM (1 layer, d 32) of HMM tokens; works at Adam 3e-3..1e-2


@case("shapes-cnn-adam-lr-0p05-no-warmup", "shapes", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "dead-units"), tol=60,
      shape=early_rise(1.3))
def _() -> Setup:
    return shapes("adam", 0.05, opt_args={"betas": (0.9, 0.9)})


@case("hmm-postln2-d64-adam-lr-0p03-no-warmup", "hmm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=50),
      cf_what="a 50-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=50, shape=early_rise(1.2))
def _() -> Setup:
    return hmm("adam", 0.03, model=lambda: fd.hmm_transformer(False, d=64, layers=2))


@case("hmm-postln2-adam-lr-0p05-no-warmup", "hmm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=50),
      cf_what="a 50-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=50, shape=early_peak(1.2))
def _() -> Setup:
    return hmm("adam", 0.05, model=lambda: fd.hmm_transformer(False, layers=2))


@case("hmm-postln2-adamw-lr-0p07-no-warmup-cosine", "hmm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=50),
      cf_what="a 50-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=50, shape=early_peak(1.2))
def _() -> Setup:
    return hmm("adamw", 0.07, model=lambda: fd.hmm_transformer(False, layers=2), schedule=cosine_after(0.0),
               schedule_name="cosine, no warmup")  # fmt: skip


@case("hmm-preln-sgd-summed-loss", "hmm", "summed-lm",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, LN(20), "ln 20"))
def _() -> Setup:
    return hmm("sgd", 0.3, loss_fn=fd.lm_summed, loss_name="cross_entropy (reduction='sum')", val_loss_fn=cross_entropy,
               mean_loss_fn=cross_entropy)


@case("hmm-preln-adam-lr-1e-4-50x-low", "hmm", "lr-low-adam", cf=lr_to(5e-3), cf_what="Adam lr 5e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return hmm("adam", 1e-4)


# docs: softmax regression of 200 word counts; works at SGDm 0.1, Adam 1e-2


@case("docs-softmax-sgd-lr-20-oscillates", "docs", "lr-high-oscillation", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=800, shape=never_below_start)
def _() -> Setup:
    return docs("sgd", 20.0, log_every=4)


@case("docs-softmax-sgdm-lr-3-diverges-after-dip", "docs", "lr-high-diverge", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=800, shape=rises_after_dip())
def _() -> Setup:
    return docs("sgdm", 3.0)


@case("docs-softmax-sgdm-softmax-by-hand-overflow", "docs", "nan-log0",
      cf=lambda s: replace(s, loss_fn=cross_entropy), cf_what="F.cross_entropy (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(20, 800))
def _() -> Setup:
    return docs("sgdm", 1.0, data=fd.doc_counts(flip=0.0), loss_fn=fd.softmax_by_hand,
                loss_name="cross_entropy by hand (exp without max)", val_loss_fn=cross_entropy, safe_loss_fn=cross_entropy)


@case("docs-softmax-adam-nan-count-step2", "docs", "nan-step1", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), tol=2, shape=nan_within(2, 3))
def _() -> Setup:
    return docs("adam", 0.01, data=fd.doc_counts(nan_rows=0.005, seed=86))


@case("docs-softmax-sgdm-warmup-cosine-peak-3", "docs", "lr-high-ramp", cf=lr_to(0.1), cf_what="peak lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=800, shape=rises_after_dip(1.15))
def _() -> Setup:
    return docs("sgdm", 3.0, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("docs-softmax-sgdm-lr-0p3-constant-plateau-log5", "docs", "plateau", cf=lambda s: replace(s, decay_step=300),
      cf_what="lr x0.1 from step 300", must=("plateau",), may=("lr-too-high",), fault_step=300, tol=300, shape=flat_late)
def _() -> Setup:
    return docs("sgdm", 0.3, log_every=5)


# held-out half: healthy look-alikes


@case("shapes-cnn-sgdm-warmup-cosine", "shapes", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(6))
def _() -> Setup:
    return shapes("sgdm", 0.05, schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine")


@case("shapes-cnn-nesterov-step-decay-log10", "shapes", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(6))
def _() -> Setup:
    return shapes("nesterov", 0.15, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("shapes-cnn-adam-sgdr", "shapes", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(6))
def _() -> Setup:
    return shapes("adam", 3e-3, schedule=warm_restarts(1 / 3), schedule_name="CosineAnnealingWarmRestarts, T_0 = 1/3")


@case("shapes-cnn-adam-finetune-pretrained", "shapes", "healthy", like=("wrong-initial-loss", "lr-too-low", "plateau"),
      shape=healthy_shape(6, fall=0.9, pretrained=True))
def _() -> Setup:
    return shapes("adam", 3e-3, model=fd.pretrained_cnn, meta={"pretrained": True}, data=fd.shape_images(seed=86))


@case("shapes-cnn-sgdm-onecycle-avg50", "shapes", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(6))
def _() -> Setup:
    return shapes("sgdm", 0.1, steps=2000, log_every=50, average=True, eval_every=200, schedule=one_cycle,
                  schedule_name="OneCycleLR")  # fmt: skip


@case("adding-lstm-adam-warmup-cosine", "adding", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(4))
def _() -> Setup:
    return adding("adam", 0.05, schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine")


@case("adding-lstm-sgd-clipped-log4", "adding", "healthy", like=("exploding-gradients", "lr-too-high", "plateau"),
      shape=healthy_shape(4, fall=0.8))
def _() -> Setup:
    return adding("sgd", 1.0, log_every=4, max_grad_norm=1.0)


@case("adding-lstm-rmsprop-cyclic", "adding", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(4))
def _() -> Setup:
    return adding("rmsprop", 0.03, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("adding-lstm-adam-constant-converged", "adding", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(4))
def _() -> Setup:
    return adding("adam", 0.02)


@case("hmm-preln-adamw-warmup-cosine", "hmm", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(20))
def _() -> Setup:
    return hmm("adamw", 5e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("hmm-postln-adam-warmup-noisy-start-log2", "hmm", "healthy", like=("missing-warmup", "lr-too-high"),
      shape=healthy_shape(20))
def _() -> Setup:
    return hmm("adam", 0.01, pre_ln=False, log_every=2, schedule=constant_after(0.1), schedule_name="linear warmup 10% + constant")


@case("hmm-preln-adam-onecycle-avg10", "hmm", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(20))
def _() -> Setup:
    return hmm("adam", 0.01, log_every=10, average=True, schedule=one_cycle, schedule_name="OneCycleLR")


@case("hmm-preln-adam-constant-converged", "hmm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(20))
def _() -> Setup:
    return hmm("adam", 3e-3)


@case("docs-softmax-sgdm-constant", "docs", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(6))
def _() -> Setup:
    return docs("sgdm", 0.1)


@case("docs-softmax-adam-step-decay-log20", "docs", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(6))
def _() -> Setup:
    return docs("adam", 0.01, steps=2000, log_every=20, schedule=multistep(0.5, gamma=0.1), schedule_name="MultiStepLR at 50%")


@case("docs-softmax-sgd-long-avg50", "docs", "healthy", like=("plateau", "lr-too-high", "lr-too-low"),
      shape=healthy_shape(6))
def _() -> Setup:
    return docs("sgdm", 0.05, steps=20000, log_every=50, average=True, eval_every=2000, schedule=cosine_after(0.0),
                schedule_name="cosine")  # fmt: skip


@case("docs-softmax-rmsprop-cyclic-exp-range", "docs", "healthy", like=("lr-too-high",), shape=healthy_shape(6))
def _() -> Setup:
    return docs("rmsprop", 3e-3, schedule=cyclic(0.1, 0.2, "exp_range"), schedule_name="CyclicLR exp_range")


# held-out half, logged once per epoch


@case("shapes-cnn-adamw-warmup-linear-avg10", "shapes", "healthy", like=("missing-warmup", "lr-too-high"),
      shape=healthy_shape(6))
def _() -> Setup:
    return shapes("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.1),
                  schedule_name="linear warmup 10% + linear decay")  # fmt: skip


@case("adding-lstm-adamw-onecycle-log5", "adding", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(4))
def _() -> Setup:
    return adding("adamw", 0.0316, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("hmm-preln-sgdm-constant-log5", "hmm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(20))
def _() -> Setup:
    return hmm("sgdm", 0.1, log_every=5)


@case("docs-softmax-adamw-warmup-cosine-log10", "docs", "healthy", like=("missing-warmup", "lr-too-high", "premature-decay"),
      shape=healthy_shape(6))
def _() -> Setup:
    return docs("adamw", 0.01, log_every=10, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("hmm-preln-rmsprop-step-decay", "hmm", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(20))
def _() -> Setup:
    return hmm("rmsprop", 3e-3, schedule=multistep(0.5, gamma=0.1), schedule_name="MultiStepLR at 50%")


@case("docs-softmax-adam-constant-log2", "docs", "healthy", like=("plateau", "lr-too-low", "lr-too-high"),
      shape=healthy_shape(6))
def _() -> Setup:
    return docs("adam", 3e-3, log_every=2)


@case("docs-softmax-sgdm-onecycle", "docs", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(6))
def _() -> Setup:
    return docs("sgdm", 0.3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("shapes-cnn-sgdm-constant-log5", "shapes", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(6))
def _() -> Setup:
    return shapes("sgdm", 0.05, log_every=5)


@case("adding-lstm-adam-step-decay-avg10", "adding", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(4))
def _() -> Setup:
    return adding("adam", 0.06, log_every=10, average=True, schedule=multistep(0.6, gamma=0.1),
                  schedule_name="MultiStepLR at 60%")  # fmt: skip


@case("shapes-cnn-sgdm-per-epoch", "shapes", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(6))
def _() -> Setup:
    return shapes("sgdm", 0.05, steps=187 * 6, log_per_epoch=True)


@case("shapes-cnn-adam-200-images-overfits-per-epoch", "shapes", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return shapes("adam", 3e-3, steps=6 * 100, data=fd.shape_images(train_rows=200), log_per_epoch=True)


@case("docs-softmax-adam-per-epoch", "docs", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(6))
def _() -> Setup:
    return docs("adam", 3e-3, steps=78 * 8, log_per_epoch=True)


@case("docs-softmax-sgd-lr-20-per-epoch", "docs", "lr-high-oscillation", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return docs("sgd", 20.0, steps=78 * 15, log_per_epoch=True)
