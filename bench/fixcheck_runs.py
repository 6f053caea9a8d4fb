#!/usr/bin/env python
"""Faulty runs paired with their counterfactuals: the labelled runs of ``bench/fix_check.py``.

Each faulty run is a real small PyTorch model trained on the CPU with one fault injected, and its
*counterfactual* is the same ``Setup`` with the fault removed (the working lr, the clipping, the
optimizer created once, the mean loss ...). The pair is the label: a fault counts only when the
counterfactual's final held-out (validation) loss is at least 5% lower than the faulty run's, averaged
over two seeds, and lower at each seed (the pair compared seed by seed: same init, same batches). A fault
that the counterfactual does not beat is labelled healthy ("harmless" in its note). The healthy
look-alikes (warm restarts, warmup, fine-tunes, cyclic and one-cycle schedules, converged constant-lr
runs, step decay, averaged logging every 50 steps, long runs) have no counterfactual; their curves must
look healthy (finite, the loss down, the validation loss not rising at the end).

One hundred and twenty-eight model families (``bench/fixcheck_data.py``), split by family into thirty-two halves, fixed here:

  tune     spiral (ReLU MLP, tabular), arith (char RNN/LSTM LM), sensor (autoencoder and count-regression
           MLP), marker (post-/pre-LN transformer classifier)     -> bench/out/fixcheck/tune/
  holdout  shapes (CNN on images), adding (RNN/LSTM sequence classifier), hmm (causal transformer LM),
           docs (softmax regression)                              -> bench/out/fixcheck/holdout/
  fresh    signals (1-D CNN on multi-frequency signals), ratings (matrix factorisation / two-tower, MSE),
           tabres (residual MLP with BatchNorm or LayerNorm on a wide table), mixer (MLP-Mixer on patch
           layouts)                                               -> bench/out/fixcheck/fresh/
  fresh2   graph (2-layer GCN, node classification on a stochastic block model graph), contrast (MLP encoder of
           two noisy views, InfoNCE), forecast (dilated causal TCN, GRU or RNN on multi-seasonal series, Huber),
           multilabel (EmbeddingBag MLP tagging documents, BCE with logits over 24 tags)
                                                                  -> bench/out/fixcheck/fresh2/
  fresh3   segment (two-level U-Net, per-pixel 3-class segmentation of rectangles and discs), seq2seq (GRU,
           LSTM or vanilla RNN encoder-decoder reversing token sequences, teacher forcing), points (DeepSets /
           PointNet set classifier of 2-D point clouds, max pooling), distill (student MLP distilled from a
           fixed random teacher: KL at temperature 4 plus cross-entropy)
                                                                  -> bench/out/fixcheck/fresh3/
  fresh4   vae (MLP variational autoencoder of blob-and-bar images, negative ELBO), mlm (BERT-style post-/pre-LN
           transformer encoder, cross-entropy on 15% masked tokens), detect (CNN detecting the one object of an
           image: class cross-entropy plus smooth-L1 box regression), sgns (skip-gram embeddings with negative
           sampling, BCE with logits)                             -> bench/out/fixcheck/fresh4/
  fresh5   flow (RealNVP affine-coupling normalizing flow of a 4-D lifted two-moons density, negative log-likelihood:
           below 0 when trained), diffuse (DDPM noise-prediction MLP of 8-D points on a curved surface, noise MSE),
           triplet (MLP embedding, TripletMarginLoss on triplets of 8 classes), mobile (MobileNet-like depthwise-
           separable CNN with BatchNorm on colour textures, label smoothing 0.1)
                                                                  -> bench/out/fixcheck/fresh5/
  fresh6   ctc (conv + bidirectional GRU, or a vanilla RNN, emitting per-frame tokens of synthetic utterances, nn.CTCLoss),
           mdn (mixture density network of 5 Gaussians on Bishop's inverse sine problem, negative log-likelihood: below 0
           when trained), rank (MLP scorer of 16 documents per query, ListNet listwise softmax cross-entropy or RankNet
           pairwise loss), mil (gated-attention multiple-instance learning of bags of instances, BCE with logits)
                                                                  -> bench/out/fixcheck/fresh6/
  fresh7   pinn (physics-informed tanh MLP solving u'' = f on [0, 1] through autograd's second derivative, residual plus
           boundary loss: ends near 1e-4), survival (DeepSurv-like ReLU MLP, Cox negative log partial likelihood per event
           over risk sets of 64 censored patients), moe (mixture of 6 MLP experts behind a shared stem, softmax or top-2
           gate, cross-entropy over 10 classes plus a Switch load-balancing loss), sae (sparse autoencoder of superposed
           sparse features: ReLU latents, squared error plus an L1 penalty)
                                                                  -> bench/out/fixcheck/fresh7/
  fresh8   crf (BiGRU-CRF / BiLSTM-CRF tagger of BIO-tagged token sequences, learnable transitions, CRF negative
           log-likelihood per sequence by the forward algorithm), pixelcnn (autoregressive PixelCNN of binary 12x12 images:
           masked convolutions, type A then B, per-pixel BCE with logits), siren (coordinate MLP with sine activations,
           omega_0 = 30, or random Fourier features, fitting a 64x64 image from its pixel coordinates, MSE on unseen
           pixels), multitask (shared trunk, classification and regression heads weighted by learned log-variances,
           Kendall et al.'s uncertainty weighting: the loss can go below 0)
                                                                  -> bench/out/fixcheck/fresh8/
  fresh9   kge (TransE knowledge-graph embeddings of a synthetic graph of 300 entities and 10 relations, margin ranking
           loss over 4 corrupted triples drawn afresh a positive one), quantile (ReLU MLP predicting 5 quantiles of a
           heteroscedastic, skewed target, pinball loss), convgru (ConvGRU, or a vanilla conv RNN, predicting the next
           10x10 frame of clips of bouncing Gaussian blobs, MSE), node (latent neural ODE: a tanh vector field integrated
           by a fixed-step RK4 solver, backpropagated through, fitting damped pendulum trajectories from their first state)
                                                                  -> bench/out/fixcheck/fresh9/
  fresh10  pointer (pointer network: LSTM, GRU or vanilla RNN encoder and decoder, additive attention pointing at the input
           positions, sorting 8 random numbers, cross-entropy over the positions, teacher forcing), ordinal (ReLU MLP with
           CORAL's ordered thresholds, BCE with logits over the 5 "class > k" of 6 ordered classes), gin (Graph Isomorphism
           Network on dense adjacency batches: sum aggregation, sum pooling, regressing a weighted count of the bonds, rings
           and paths of molecule-like graphs, MSE), ctr (Deep & Cross network, or wide & deep, of a click log of 8 hashed
           categorical fields and 2 dense features, BCE with logits on 11% clicks)
                                                                  -> bench/out/fixcheck/fresh10/
  fresh11  capsule (capsule network with dynamic routing, 3 iterations, classifying 12x12 glyph images, margin loss, some
           runs with a reconstruction decoder), vqvae (VQ-VAE of 1-D signals: conv encoder, 32 unit-normalised codes,
           straight-through estimator, reconstruction MSE + codebook + 0.25 x commitment loss; held out: the reconstruction
           MSE), tcn (temporal convolutional network: residual blocks of dilated causal Conv1d, weight norm on some runs,
           classifying 3-channel series into 6 classes, cross-entropy), fasttext (fastText: EmbeddingBag mean of words and
           hashed bigrams, a linear head, cross-entropy over 8 topics; SGD at fastText's high lr, Adagrad)
                                                                  -> bench/out/fixcheck/fresh11/
  fresh12  gpt (tiny decoder-only causal transformer LM, pre-LN or post-LN, 2 layers, d 32, 2 heads, learned positions,
           tied or untied head, on Dyck-2 bracket sequences, next-token cross-entropy; AdamW with warmup + cosine),
           deepsets (Deep Sets: a per-point phi MLP, sum or mean pooling, a rho MLP, regressing the number of a set's
           points inside the unit circle or its spread, MSE or Huber), mixup (BatchNorm CNN of 12x12 texture patches
           trained with mixup, Beta(0.4, 0.4), and label smoothing 0.1; held out: the cross-entropy of clean patches),
           fqi (fitted Q-iteration of a grid world: a DQN-style Q MLP, a target network refreshed every 50 steps, a
           smooth L1 TD loss on a fixed replay buffer; held out: the MSE of Q against Q* by value iteration)
                                                                  -> bench/out/fixcheck/fresh12/
  fresh13  ftt (FT-Transformer: a token per numeric and categorical column plus [CLS], 2 pre-LN or post-LN blocks, d 32,
           4 heads, rtdl's head, regressing a standardised target, MSE or Huber), dkt (deep knowledge tracing: an LSTM
           or GRU over (skill, right/wrong) answer embeddings predicting each next answer of simulated students, BCE),
           dncnn (DnCNN: a residual denoising CNN with BatchNorm, or without, predicting the Gaussian noise of 16x16
           grey patches, MSE), nam (neural additive model: a ReLU or ExU MLP per feature, summed into the logit of a
           loan default, BCE; Adagrad and NAdam among its optimizers)
                                                                  -> bench/out/fixcheck/fresh13/
  fresh14  lora (LoRA: low-rank adapters and a new head on a frozen ReLU MLP pretrained in code, fine-tuned to 6 classes
           of a shifted task, cross-entropy), hyper (a hypernetwork generating every weight of a 1-16-16-1 tanh MLP
           from a damped sinusoid's description, MSE at 24 query points), perceiver (Perceiver: 8 latents
           cross-attending to the irregular samples of a waveform, a latent self-attention block, pre-LN, naming
           the shape, cross-entropy), koopman (Koopman autoencoder: an encoder, a linear map K applied 0-10
           times and a decoder predicting a damped pendulum's trajectory, MSE); Adamax, Adadelta, ASGD, RAdam, NAdam
           and Adagrad among their optimizers                     -> bench/out/fixcheck/fresh14/
  fresh15  ssm (S4D state-space model: diagonal complex linear recurrences run as FFT convolutions, naming the symbols
           of two events 70-95 steps apart, cross-entropy), gat (graph attention network: 2 GAT layers over a random
           geometric graph, dot-product link scores, BCE over edges and non-edges), nca (neural cellular automaton:
           Sobel perception and a per-cell MLP, 8 updates repairing a damaged pattern, MSE), ebm (energy-based model of
           the plane trained by noise-contrastive estimation against Gaussian noise, BCE); Adadelta, ASGD, Adagrad,
           NAdam, RAdam and SGD with Nesterov momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh15/
  fresh16  trees (an ensemble of soft oblivious decision trees, NODE-like, on tabular rules, cross-entropy), egnn
           (E(n)-equivariant graph network regressing the energy of 8-particle systems, MSE), memnet (end-to-end memory
           network, 3 hops, answering bAbI-like "where is" questions, cross-entropy), wavenet (gated dilated causal
           convolutions predicting the next mu-law sample of synthetic audio, cross-entropy per sample); Adagrad,
           Adadelta, Adamax, ASGD, NAdam, RAdam and SGD with Nesterov momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh16/
  fresh17  cnp (conditional neural process of 1-D functions: an encoder MLP of the context pairs, mean-aggregated, a
           decoder MLP giving a mean and a scale, Gaussian negative log-likelihood: below 0 when trained well), deq
           (deep equilibrium model: the fixed point of z = tanh(W z + U x + b) by forward iterations, the gradient
           through the last 4, classifying tabular rows into 5 spiral sectors, cross-entropy), bnn (Bayes-by-backprop
           MLP with mean-field Gaussian weights, negative ELBO: mse + KL / N; held out: the mse of the weights' means),
           slots (slot-attention autoencoder of 10x10 scenes of 2 coloured blobs, 3 slots, GRU updates, a spatial-
           broadcast decoder, MSE); Adagrad, Adadelta, Adamax, ASGD, NAdam, RAdam and SGD with Nesterov momentum among
           their optimizers                                       -> bench/out/fixcheck/fresh17/
  fresh18  mae (masked autoencoder: 3x3 patches of 12x12 images, 75% masked, pre-LN transformer encoder and decoder
           blocks, MSE of the masked patches), hnn (Hamiltonian neural network: a tanh MLP H(q, p) whose symplectic
           gradient, by autograd, is fitted to a pendulum's measured time derivatives, MSE), nbeats (N-BEATS: 3 generic
           blocks with backcast and forecast residual links forecasting seasonal series with a trend, MSE), negbin
           (negative-binomial count regression of overdispersed event counts: a ReLU MLP to a log-mean with a log
           exposure offset and a log-dispersion, negative log-likelihood); Adagrad, Adamax, ASGD, NAdam, RAdam and SGD
           with Nesterov momentum among their optimizers          -> bench/out/fixcheck/fresh18/
  fresh19  fno (1-D Fourier neural operator: spectral convolutions keeping 8 modes plus pointwise paths, mapping an
           initial condition to the solution of advection-diffusion on 64 points, MSE), kan (Kolmogorov-Arnold network:
           radial-basis functions plus a SiLU base path on every edge, regressing a symbolic function of 5 inputs,
           MSE), qat (binarized CNN trained by the straight-through estimator, latent float weights, sign x mean |w| in
           the forward, classifying 8 glyphs, cross-entropy), lstmlm (word-level LSTM LM trained with truncated BPTT,
           the state carried and detached between chunks, on text from a probabilistic grammar, cross-entropy per
           word); Adagrad, Adamax, ASGD, NAdam, RAdam and SGD with and without momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh19/
  fresh20  made (MADE: a masked autoregressive MLP 16-64-64-16 of 16-bit binary vectors from a mixture of Bernoulli
           prototypes, NLL in nats per vector), espcn (ESPCN super-resolution CNN: three convolutions on the 8x8 grid and
           PixelShuffle(2) to 16x16 grey textures and shapes, L1), sage (GraphSAGE, mean aggregation, 2 layers, node
           classification on a stochastic block model graph, minibatches of nodes with sampled neighbourhoods, cross-
           entropy), vit (tiny Vision Transformer: 4x4 patches, [CLS], learned positions, 2 pre-LN blocks of 4 heads,
           classifying 6 pattern classes, cross-entropy); Adagrad, Adamax, ASGD, NAdam, RAdam and SGD with and without
           momentum among their optimizers                        -> bench/out/fixcheck/fresh20/
  fresh21  nerf (a 2-D NeRF-like field: positional encoding, ReLU MLP, softplus density, 1-D images of three discs
           rendered by alpha-compositing 16 samples a ray, MSE), cvae (conditional VAE of 8x8 glyphs given their class,
           negative ELBO), seg1d (1-D U-Net with skip connections labelling each time step as flat, burst or chirp,
           cross-entropy per step), gru4rec (GRU4Rec: a GRU over sessions of item ids, full softmax over 300 items);
           Adagrad, Adamax, ASGD, NAdam, RAdam, RMSprop and SGD with and without (Nesterov) momentum among their
           optimizers                                             -> bench/out/fixcheck/fresh21/
  fresh22  convnext (tiny ConvNeXt: patchify stem, depthwise 7x7 conv, LayerNorm, GELU inverted bottleneck, layer scale,
           16x16 noisy textures of 6 classes, cross-entropy), simsiam (SimSiam on pairs of augmented views of vectors:
           BatchNorm MLP encoder, projection, predictor, symmetric negative cosine with a stop-gradient, a loss down to
           -1), ncf (neural collaborative filtering: user and item embeddings through a ReLU MLP, binary cross-entropy on
           clicks and 4 sampled negatives each), lstmae (LSTM sequence autoencoder of 4-channel series, MSE); Adagrad,
           Adamax, NAdam, RAdam, RMSprop and SGD with and without (Nesterov) momentum among their
           optimizers                                             -> bench/out/fixcheck/fresh22/
  fresh23  arcface (metric learning: an embedding MLP with ArcFace's additive angular margin, s = 30, m = 0.3, over 20
           synthetic identities, a loss far above ln 20 at step 1), lista (LISTA: 5 unrolled ISTA layers recovering
           sparse codes from noisy measurements, MSE), tpp (an intensity-free neural temporal point process: a GRU over
           the log intervals to a mixture of 3 log-normals, NLL per event, below 0 when trained), gumbel (a categorical
           VAE with straight-through Gumbel-softmax latents of 8x8 binary bar images, negative ELBO); Adagrad, Adamax,
           NAdam, RAdam, RMSprop and SGD with and without (Nesterov) momentum among their
           optimizers                                             -> bench/out/fixcheck/fresh23/
  fresh24  snn (a spiking network of leaky integrate-and-fire neurons trained through a fast-sigmoid surrogate gradient,
           classifying rate- and latency-coded spike trains of 5 classes over 20 steps, cross-entropy), maml (MAML:
           a 1-40-40-1 ReLU MLP adapted to each sinusoid by an inner SGD step on 10 support points, second order, MSE at
           10 query points of new tasks), tabnet (a TabNet-like classifier: sparsemax attentive feature masks over 3
           decision steps, GLU feature transformers with (ghost) BatchNorm, cross-entropy on tabular rules), ntm (a
           Neural Turing Machine: an LSTM controller with content and location addressing of a 16 x 8 memory, copying
           random bit sequences, BCE per bit); Adagrad, Adamax, NAdam, RAdam, RMSprop and SGD with and without
           (Nesterov) momentum among their optimizers              -> bench/out/fixcheck/fresh24/
  fresh25  bandit (REINFORCE with a learned baseline: a policy MLP over 8 arms of a contextual bandit, the pulled arm's
           regret as the loss, its gradient the score function's; held out: the policy's expected regret on new
           contexts), dual (a CLIP-style dual encoder: image and text towers, L2-normalised, a learned temperature,
           symmetric InfoNCE over the batch), svdd (Deep SVDD: a bias-free ReLU MLP pulling normal points' codes to a
           fixed centre, one-class, the mean squared distance), sinkhorn (a set decoder predicting 16 points of a shape
           from its description, the entropic optimal-transport cost by 30 log-domain Sinkhorn iterations); Adagrad,
           Adamax, NAdam, RAdam, RMSprop and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh25/
  fresh26  deeponet (DeepONet: a branch MLP of an input function at 20 sensors and a trunk MLP of the query point, their
           dot product, learning the solution operator of an ODE on random input functions, MSE), addt (a tiny
           encoder-decoder transformer, nn.Transformer with cross-attention, adding 2-digit numbers, teacher forcing,
           cross-entropy per digit), deepar (a DeepAR-like forecaster: an LSTM emitting a Student-t per step, negative
           log-likelihood of synthetic seasonal series), dkl (deep kernel learning: an MLP feature extractor under an
           exact RBF-kernel GP, the negative marginal log-likelihood per point of a minibatch; held out: the predictive
           mean's MSE); Adagrad, Adamax, NAdam, RAdam, RMSprop and SGD with and without (Nesterov) momentum among their
           optimizers                                             -> bench/out/fixcheck/fresh26/
  fresh27  relnet (a Relation Network: a g-MLP over every pair of a sort-of-CLEVR scene's 6 objects with the question,
           summed, an f-MLP to 10 answers, cross-entropy), grud (GRU-D: input and hidden-state decay from the time since
           each variable's last observation, a GRU cell over the imputed values and the mask, classifying irregularly
           sampled series with missing values, cross-entropy), linattn (a causal linear-attention LM, elu + 1 feature map,
           recalling the values bound to repeated keys, next-token cross-entropy), tasnet (a Conv-TasNet-like separator:
           conv encoder, TCN mask estimator, transposed-conv decoder, negative SI-SNR with permutation-invariant training
           over 2 sources); Adagrad, Adamax, NAdam, RAdam, RMSprop and SGD with and without (Nesterov) momentum among
           their optimizers                                       -> bench/out/fixcheck/fresh27/
  fresh28  stn (a spatial transformer network: a localisation MLP predicting an affine transform, the identity at init,
           affine_grid and grid_sample, then a small CNN classifying turned, scaled and moved 16x16 glyphs of 8 classes,
           cross-entropy), dann (domain-adversarial training: a feature MLP, a label head on a labelled source domain, a
           domain classifier behind a gradient-reversal layer, the label cross-entropy plus 0.3 x the domain BCE; held
           out: the label cross-entropy on the turned and shifted target domain), protonet (a prototypical network: an
           embedding MLP, prototypes the support means, squared Euclidean distances, 5-way 5-shot episodes, cross-entropy
           over the ways; held out on episodes of unseen classes), kws (keyword spotting: a CRNN, a Conv2d over frequency
           and time and a GRU, classifying synthetic spectrograms of formant tracks into 10 keywords, silence and unknown,
           cross-entropy); Adagrad, Adamax, NAdam, RAdam, RMSprop, AdamW and SGD with and without momentum among
           their optimizers                                       -> bench/out/fixcheck/fresh28/
  fresh29  vrnn (a variational RNN (Chung et al.): a GRU state, a prior net, an encoder and a decoder giving Gaussian latents
           and a Gaussian over each point of 2-D trajectories (spirals, bouncing balls, smooth random walks), the negative
           ELBO per step: below 0 when trained), han (a hierarchical attention network: word GRU + attention, sentence GRU
           + attention, classifying synthetic documents by the keyword pair that co-occurs within a sentence, cross-
           entropy), stgcn (an STGCN-like forecaster: temporal convs around a graph convolution over a ring-with-chords road
           graph, the next 3 steps at every node from the last 12, MSE), density (a crowd-counting fully convolutional net
           regressing the density map of Gaussian heads on clutter, pixel MSE of the map x20); Adagrad, NAdam, RAdam,
           RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh29/
  fresh30  gae (a graph autoencoder (Kipf & Welling): graph convolutions over the observed edges of stochastic block
           models, an inner-product decoder, BCE over held-back edges and sampled non-edges), cpc (contrastive predictive
           coding: a strided conv encoder and a GRU context over 1-D sequences, InfoNCE over the codes of 32 sequences 1-3
           steps ahead), inception (an InceptionTime-like classifier: Inception modules with BatchNorm and a residual
           shortcut, 2-channel series by their hidden pattern, cross-entropy), focal (a ReLU MLP on an imbalanced binary
           task, 7% positives, the sigmoid focal loss with alpha 0.25 and gamma 2: ~0.12 at init, not ln 2); Adagrad,
           NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh30/
  fresh31  caption (image captioning of synthetic scenes of 1-3 coloured shapes: a CNN encoder with BatchNorm and a GRU
           decoder, teacher forcing, cross-entropy per caption token over 11), barlow (Barlow Twins: a ReLU MLP encoder and a
           BatchNorm projector on two augmented views, the loss of the batch-standardised cross-correlation: ~5.2 at init),
           textcnn (a Kim-style CNN sentence classifier: Conv1d of widths 3/4/5, max over time, dropout, sentences classed
           by a planted trigram, cross-entropy), siamese (a siamese ReLU MLP on pairs of noisy class prototypes, the
           contrastive margin loss of Hadsell et al.: ~0.16 at init, not ln 2); Adagrad, NAdam, RAdam, RMSprop, AdamW
           and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh31/

``fresh`` is a third half added after the rules were tuned on ``tune`` and reported on ``holdout``: it is held
out from all tuning. Nobody tuning the rules looks at lrdoctor's findings on it; it is measured once
(``bench/fix_check.py --half fresh``), and a change of the rules made after looking at that measurement makes
it a tuning half like the others. ``fresh2``, a fourth half made the same way, is held out the same way
(``bench/fix_check.py --half fresh2``, once), and so is ``fresh3``, a fifth (built by a helper that never ran
lrdoctor's analysis on its runs), ``fresh4``, a sixth, ``fresh5``, a seventh, ``fresh6``, an eighth, ``fresh7``, a
ninth, ``fresh8``, a tenth, ``fresh9``, an eleventh, ``fresh10``, a twelfth, ``fresh11``, a thirteenth,
``fresh12``, a fourteenth, ``fresh13``, a fifteenth, ``fresh14``, a sixteenth, ``fresh15``, a seventeenth,
``fresh16``, an eighteenth, ``fresh17``, a nineteenth, ``fresh18``, a twentieth, ``fresh19``, a twenty-first,
``fresh20``, a twenty-second, ``fresh21``, a twenty-third, ``fresh22``, a twenty-fourth, ``fresh23``, a
twenty-fifth, ``fresh24``, a twenty-sixth, ``fresh25``, a twenty-seventh, ``fresh26``, a twenty-eighth,
``fresh27``, a twenty-ninth, ``fresh28``, a thirtieth, ``fresh29``, a thirty-first, ``fresh30``, a thirty-second,
and ``fresh31``, a thirty-third (all twenty-eight built the same way).

Runs logged one row per epoch (Keras ``CSVLogger`` style: ``epoch,loss,val_loss,accuracy,val_accuracy``,
no step column) go to ``<half>-epoch/``. Each folder gets a ``labels.toml`` in the schema of
``sample_logs/labels.toml`` (plus the rule ``dead-units``), so ``bench/detection.py --samples <folder>``
scores it. Every training is cached as JSON under ``bench/out/fixcheck/cache/`` keyed by the run, the
role (run, counterfactual, lr-grid point, fix) and its values, and invalidated when the scenario's code,
the data module or the harness changes.

    python bench/fixcheck_runs.py --jobs 2              # every half: logs, counterfactuals, lr grids
    python bench/fixcheck_runs.py --half tune --only spiral
    python bench/fixcheck_runs.py --half fresh          # trains and labels only (no lrdoctor analysis)
    python bench/fixcheck_runs.py --half fresh2 --jobs 2  # the same for the fourth half
    python bench/fixcheck_runs.py --half fresh3 --jobs 2  # and for the fifth
    python bench/fixcheck_runs.py --half fresh4 --jobs 2  # and for the sixth
    python bench/fixcheck_runs.py --half fresh5 --jobs 2  # and for the seventh
    python bench/fixcheck_runs.py --half fresh6 --jobs 2  # and for the eighth
    python bench/fixcheck_runs.py --half fresh7 --jobs 2  # and for the ninth
    python bench/fixcheck_runs.py --half fresh8 --jobs 2  # and for the tenth
    python bench/fixcheck_runs.py --half fresh9 --jobs 2  # and for the eleventh
    python bench/fixcheck_runs.py --half fresh10 --jobs 2  # and for the twelfth
    python bench/fixcheck_runs.py --half fresh11 --jobs 2  # and for the thirteenth
    python bench/fixcheck_runs.py --half fresh12 --jobs 2  # and for the fourteenth
    python bench/fixcheck_runs.py --half fresh13 --jobs 2  # and for the fifteenth
    python bench/fixcheck_runs.py --half fresh14 --jobs 2  # and for the sixteenth
    python bench/fixcheck_runs.py --half fresh15 --jobs 2  # and for the seventeenth
    python bench/fixcheck_runs.py --half fresh16 --jobs 2  # and for the eighteenth
    python bench/fixcheck_runs.py --half fresh17 --jobs 2  # and for the nineteenth
    python bench/fixcheck_runs.py --half fresh18 --jobs 2  # and for the twentieth
    python bench/fixcheck_runs.py --half fresh19 --jobs 2  # and for the twenty-first
    python bench/fixcheck_runs.py --half fresh20 --jobs 2  # and for the twenty-second
    python bench/fixcheck_runs.py --half fresh21 --jobs 2  # and for the twenty-third
    python bench/fixcheck_runs.py --half fresh22 --jobs 2  # and for the twenty-fourth
    python bench/fixcheck_runs.py --half fresh23 --jobs 2  # and for the twenty-fifth
    python bench/fixcheck_runs.py --half fresh24 --jobs 2  # and for the twenty-sixth
    python bench/fixcheck_runs.py --half fresh25 --jobs 2  # and for the twenty-seventh
    python bench/fixcheck_runs.py --half fresh26 --jobs 2  # and for the twenty-eighth
    python bench/fixcheck_runs.py --half fresh27 --jobs 2  # and for the twenty-ninth
    python bench/fixcheck_runs.py --half fresh28 --jobs 2  # and for the thirtieth
    python bench/fixcheck_runs.py --half fresh29 --jobs 2  # and for the thirty-first
    python bench/fixcheck_runs.py --half fresh30 --jobs 2  # and for the thirty-second
    python bench/fixcheck_runs.py --half fresh31 --jobs 2  # and for the thirty-third
    python bench/fixcheck_runs.py --list                # the runs, their family, kind and half
    python bench/fix_check.py --half holdout --jobs 2   # the bench (generates what is missing first)
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import inspect
import json
import math
import sys
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor
from torch.nn import functional as F
from torch.optim import SGD, Adam, AdamW, Optimizer, RMSprop

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sample_logs"))  # the training harness
sys.path.insert(0, str(ROOT / "bench"))
import fixcheck_data as fd  # noqa: E402
from harness import (  # noqa: E402
    LN, SMOOTHED, Label, Setup, Trained, constant_after, cosine_after, cross_entropy, cyclic, exponential, exponential_to,
    lambda_lr, linear_decay_after, mlp, multistep, one_cycle, scaled_head, smoothed_ce, train, warm_restarts,
)  # fmt: skip
from labels_file import label_entry, write_labels  # noqa: E402

OUT = ROOT / "bench" / "out" / "fixcheck"
CACHE = OUT / "cache"
HALVES: dict[str, tuple[str, ...]] = {
    "tune": ("spiral", "arith", "sensor", "marker"),
    "holdout": ("shapes", "adding", "hmm", "docs"),
    "fresh": ("signals", "ratings", "tabres", "mixer"),
    "fresh2": ("graph", "contrast", "forecast", "multilabel"),
    "fresh3": ("segment", "seq2seq", "points", "distill"),
    "fresh4": ("vae", "mlm", "detect", "sgns"),
    "fresh5": ("flow", "diffuse", "triplet", "mobile"),
    "fresh6": ("ctc", "mdn", "rank", "mil"),
    "fresh7": ("pinn", "survival", "moe", "sae"),
    "fresh8": ("crf", "pixelcnn", "siren", "multitask"),
    "fresh9": ("kge", "quantile", "convgru", "node"),
    "fresh10": ("pointer", "ordinal", "gin", "ctr"),
    "fresh11": ("capsule", "vqvae", "tcn", "fasttext"),
    "fresh12": ("gpt", "deepsets", "mixup", "fqi"),
    "fresh13": ("ftt", "dkt", "dncnn", "nam"),
    "fresh14": ("lora", "hyper", "perceiver", "koopman"),
    "fresh15": ("ssm", "gat", "nca", "ebm"),
    "fresh16": ("trees", "egnn", "memnet", "wavenet"),
    "fresh17": ("cnp", "deq", "bnn", "slots"),
    "fresh18": ("mae", "hnn", "nbeats", "negbin"),
    "fresh19": ("fno", "kan", "qat", "lstmlm"),
    "fresh20": ("made", "espcn", "sage", "vit"),
    "fresh21": ("nerf", "cvae", "seg1d", "gru4rec"),
    "fresh22": ("convnext", "simsiam", "ncf", "lstmae"),
    "fresh23": ("arcface", "lista", "tpp", "gumbel"),
    "fresh24": ("snn", "maml", "tabnet", "ntm"),
    "fresh25": ("bandit", "dual", "svdd", "sinkhorn"),
    "fresh26": ("deeponet", "addt", "deepar", "dkl"),
    "fresh27": ("relnet", "grud", "linattn", "tasnet"),
    "fresh28": ("stn", "dann", "protonet", "kws"),
    "fresh29": ("vrnn", "han", "stgcn", "density"),
    "fresh30": ("gae", "cpc", "inception", "focal"),
    "fresh31": ("caption", "barlow", "textcnn", "siamese"),
}
HALF_OF = {family: half for half, families in HALVES.items() for family in families}
SEEDS = (0, 1)
HEALTHY_MARGIN = 0.1
"""A healthy run's lr is near its best: neither neighbour of the lr grid ends with a held-out loss this share lower."""
CONFIRM_RATIO = 0.95
"""A fault counts when the counterfactual's mean held-out loss is at most this times the faulty run's."""
GRID = tuple(10 ** (k / 2 - 2) for k in range(9))
"""The lr grid: factors on the run's lr, 9 log-spaced over 4 decades (1 is the run itself)."""
LR_KINDS = ("lr-high", "lr-low", "lr-growth", "plateau", "missing-warmup", "premature-decay")
"""Kinds whose lr grid is trained with the runs (any other run's grid is trained when an lr fix needs it)."""

LABELS_HEADER = """\
# Labels of the fix-check runs: written by bench/fixcheck_runs.py beside the logs it trains; do not edit by hand.
# Same schema as sample_logs/labels.toml. A faulty run is labelled with its rules only where its counterfactual
# (the same run with the fault removed) ends with a held-out loss at least 5% lower over two seeds, and lower at
# each seed; the comment above each run gives both. "dead-units" is the rule issue 15 adds.
"""


# --------------------------------------------------------------------------- cases


ShapeCheck = Callable[[Trained], tuple[bool, str]]
CHECKS: set[str] = set()


def check_fn(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a function as a check on the curves (not part of what a run computes)."""
    CHECKS.add(fn.__name__)
    return fn


@dataclass(frozen=True)
class Case:
    """One labelled run: its faulty (or healthy) Setup, the counterfactual, the expected rules and a check
    that the construction shows on the curves."""

    name: str
    family: str
    kind: str  # "healthy" or the fault kind
    make: Callable[[], Setup]
    counterfactual: Callable[[Setup], Setup] | None = None
    cf_what: str = ""  # what the counterfactual changes, for the note
    early_stop_cf: bool = False  # the counterfactual stops at the best evaluation (same trajectory until then)
    must_fire: tuple[str, ...] = ()
    may_fire: tuple[str, ...] = ()
    lookalike_for: tuple[str, ...] = ()
    fault_step: int | Callable[[Trained], int | None] | None = None
    tolerance_steps: int | None = None
    shape: ShapeCheck | None = None

    @property
    def half(self) -> str:
        return HALF_OF[self.family]

    @property
    def healthy(self) -> bool:
        return self.kind == "healthy"

    def setup(self) -> Setup:
        """The run as recorded (seed 0)."""
        s = self.make()
        folder = OUT / (self.half + ("-epoch" if s.log_per_epoch else ""))
        tags = {"set": f"fixcheck-{self.half}", "family": self.family} | dict(s.tags)
        return replace(s, name=self.name, out=folder, tags=tags, shuffle_offset=3000)

    @property
    def folder(self) -> Path:
        out = self.setup().out
        assert out is not None
        return out

    @property
    def path(self) -> Path:
        return self.folder / f"{self.name}.csv"

    @property
    def grid_wanted(self) -> bool:
        return self.kind.startswith(LR_KINDS)

    def fingerprint(self) -> str:
        """Changes when the scenario's code changes: its function, the functions and classes of this module
        and of the data module that it uses (followed through their own code), or the harness. Read once a
        process (the code does not change while it runs; a cached training is checked against it many times)."""
        found = FINGERPRINTS.get(self.name)
        if found is None:
            found = FINGERPRINTS[self.name] = hashlib.sha1((code_of(self.make) + HARNESS_TEXT).encode()).hexdigest()[:12]
        return found


CASES: dict[str, Case] = {}
FINGERPRINTS: dict[str, str] = {}
"""Each case's fingerprint, by name, once computed in this process."""
HARNESS_TEXT = (ROOT / "sample_logs" / "harness.py").read_text()
NOT_CODE = {"_", "case", "Case", "code_of", "first_nan", "losses", "head", "tail", "fmt", "finite"}
"""Names whose code does not change what a run computes: the registry, and (with ``CHECKS``) the checks on the
curves, which run on the cached curves of the recorded run."""


@functools.cache
def source_of(obj: Any) -> str:
    """``inspect.getsource``, once per object: for a class it parses the whole module, 11,000 lines here."""
    return inspect.getsource(obj)


def code_of(fn: Callable[..., Any]) -> str:
    """The source of ``fn`` and of every function or class of this module and ``fixcheck_data`` it names,
    recursively (what a scenario's runs depend on, beyond the harness)."""
    import re

    scopes = (vars(fd), globals())
    seen: dict[str, str] = {}
    todo = [source_of(fn)]
    while todo:
        src = todo.pop()
        for name in set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", src)):
            if name in seen or name in NOT_CODE or name in CHECKS:
                continue
            obj = next((scope[name] for scope in scopes if name in scope), None)
            obj = inspect.unwrap(obj) if callable(obj) else obj  # lru_cache'd data sets
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and getattr(obj, "__module__", "") in (fd.__name__, __name__):
                seen[name] = source_of(obj)
                todo.append(seen[name])
    return source_of(fn) + "".join(seen[k] for k in sorted(seen))


def case(name: str, family: str, kind: str, *, cf: Callable[[Setup], Setup] | None = None, cf_what: str = "",
         early_stop_cf: bool = False, must: tuple[str, ...] = (), may: tuple[str, ...] = (),
         like: tuple[str, ...] = (), fault_step: int | Callable[[Trained], int | None] | None = 1,
         tol: int | None = None, shape: ShapeCheck | None = None) -> Callable[[Callable[[], Setup]], Callable[[], Setup]]:  # fmt: skip
    """Register the function below as the Setup of run ``name`` (a fault of ``kind``, or "healthy")."""

    def register(make: Callable[[], Setup]) -> Callable[[], Setup]:
        assert name not in CASES and "." not in name, name  # a dot would split the labels.toml key
        assert family in HALF_OF, family
        healthy = kind == "healthy"
        assert healthy == (cf is None and not early_stop_cf), name
        CASES[name] = Case(name, family, kind, make, cf, cf_what, early_stop_cf, must, may, like,
                           None if healthy else fault_step, None if healthy else tol, shape)  # fmt: skip
        return make

    return register


def cases_of(half: str | None = None, only: str | None = None) -> list[Case]:
    return [c for c in CASES.values() if (half in (None, "all", c.half)) and (only is None or only in c.name)]


# --------------------------------------------------------------------------- checks on the curves


def losses(t: Trained) -> np.ndarray:
    return np.array(t.losses, dtype=float)


def tail(t: Trained, frac: float = 0.1) -> float:
    x = losses(t)
    return float(np.nanmedian(x[-max(3, int(frac * len(x))) :]))


def head(t: Trained, n: int = 10) -> float:
    return float(np.nanmedian(losses(t)[:n]))


def signed_times(x: float, factor: float) -> float:
    """``x`` times ``factor`` for a loss at or above 0; for one below 0 (a negative log-likelihood can be) ``x``
    moved by the same share of its size the same way, x (2 - factor): "10% above the best" stays above it."""
    return x * factor if x >= 0 else x * (2 - factor)


def first_nan(t: Trained) -> int | None:
    bad = np.flatnonzero(~np.isfinite(losses(t)))
    return int(bad[0]) + 1 if len(bad) else None


@check_fn
def healthy_shape(classes: int | None = None, fall: float = 0.6, pretrained: bool = False) -> ShapeCheck:
    """Finite, the loss (median of the last 10%) under ``fall`` x the loss of step 1, the last evaluation
    within 10% of the best; for C classes a first loss within 30% of ln C (a fine-tune: below it)."""

    def check(t: Trained) -> tuple[bool, str]:
        vals = [v for _, v in sorted(t.val_losses.items())]
        best, last = min(vals), vals[-1]
        ok = first_nan(t) is None and tail(t) < fall * t.losses[0] and last <= signed_times(best, 1.1)
        note = f"loss {t.losses[0]:.3f} at step 1 -> {tail(t):.3f}; val loss best {best:.4g}, last {last:.4g}"
        if classes:
            ratio = t.losses[0] / LN(classes)
            ok &= ratio < 1.0 if pretrained else abs(ratio - 1) < 0.3
            note += f"; first loss {t.losses[0]:.3f} (ln {classes} = {LN(classes):.3f})"
        return bool(ok), note

    return check


@check_fn
def at_chance(level: float, what: str) -> ShapeCheck:
    """An early blow-up that leaves the model at chance: the last half of the losses has a median within
    8% of ``level`` (ln C, or the unigram entropy of an LM), after a loss above it or a gradient burst."""

    def check(t: Trained) -> tuple[bool, str]:
        x = losses(t)
        late = float(np.nanmedian(x[len(x) // 2 :]))
        g = np.array(t.grad_norms)
        burst = float(np.nanmax(g[: len(g) // 5]) / np.nanmedian(g[: 5]))
        ok = abs(late / level - 1) < 0.08
        return ok, f"loss {head(t):.3f} -> max {np.nanmax(x):.3g}; median of the last half {late:.3f} vs {what} {level:.3f}; grad norm burst x{burst:.0f}"

    return check


@check_fn
def nan_within(lo: int, hi: int) -> ShapeCheck:
    """The first non-finite loss at a step in [lo, hi]."""

    def check(t: Trained) -> tuple[bool, str]:
        bad = first_nan(t)
        return bad is not None and lo <= bad <= hi, f"first non-finite loss at step {bad}; loss at step 1 {t.losses[0]:.3f}"

    return check


@check_fn
def rises_after_dip(factor: float = 1.25) -> ShapeCheck:
    """The running median of the loss ends ``factor`` above its minimum (or gave back half the descent)."""

    def check(t: Trained) -> tuple[bool, str]:
        x = losses(t)
        w = max(5, len(x) // 40)
        smooth = np.array([np.nanmedian(x[max(0, i - w) : i + w + 1]) if np.isfinite(x[max(0, i - w) : i + w + 1]).any()
                           else np.nan for i in range(0, len(x), max(1, w // 2))])  # fmt: skip
        if not np.isfinite(smooth).any():
            return False, "no finite loss"
        low = int(np.nanargmin(smooth))
        start, best, end = smooth[0], smooth[low], smooth[-1]
        ok = np.isfinite(end) and (end > signed_times(best, factor) or end - best > 0.5 * (start - best))
        return bool(ok), f"running-median loss {start:.3f} -> best {best:.3f} at {low / len(smooth):.0%} of the run -> {end:.3f} at the end"

    return check


@check_fn
def spiky(min_spikes: int = 3, above: float = 2.0) -> ShapeCheck:
    """At least ``min_spikes`` separate excursions of the loss above ``above`` x its running median after the
    first 10% of the run."""

    def check(t: Trained) -> tuple[bool, str]:
        x = losses(t)
        w = max(10, len(x) // 50)
        med = np.array([np.nanmedian(x[max(0, i - w) : i + w + 1]) for i in range(len(x))])
        hot = (x > above * med) & (np.arange(len(x)) > len(x) // 10)
        starts = int(np.sum(hot[1:] & ~hot[:-1]))
        return starts >= min_spikes, f"{starts} excursions above {above}x the running median; loss {head(t):.3f} -> {tail(t):.3f}"

    return check


@check_fn
def never_below_start(t: Trained) -> tuple[bool, str]:
    """Steady oscillation at a constant lr that never gets below its start: the median of the last 70%
    above the loss of step 1, with point-to-point swings of at least 5% of it."""
    x = losses(t)
    late = x[int(0.3 * len(x)) :]
    swing = float(np.nanmedian(np.abs(np.diff(late))))
    ok = np.nanmedian(late) >= x[0] and swing > 0.05 * np.nanmedian(late)
    return bool(ok), f"loss {x[0]:.3f} at step 1, median {np.nanmedian(late):.3f} over the last 70%, median swing {swing:.3f}"


@check_fn
def grad_burst(lo: float, hi: float, within: int = 12) -> ShapeCheck:
    """The gradient norm jumps ``lo``-``hi`` x its value at step 1 within the first ``within`` steps and the loss
    stays above its value before the jump."""

    def check(t: Trained) -> tuple[bool, str]:
        g = np.array(t.grad_norms)
        base = float(g[0])
        peak = int(np.nanargmax(g[:within]))
        jump = float(g[peak] / base)
        x = losses(t)
        ok = lo <= jump <= hi and tail(t) > x[max(0, peak - 1)] * 0.9
        return bool(ok), f"grad norm {base:.3g} -> {g[peak]:.3g} at step {peak + 1} (x{jump:.0f}); loss {x[max(0, peak - 1)]:.3f} before, {tail(t):.3f} at the end"

    return check


@check_fn
def first_loss_above(ratio: float, expected: float, what: str) -> ShapeCheck:
    def check(t: Trained) -> tuple[bool, str]:
        r = t.losses[0] / expected
        return r > ratio, f"loss at step 1 {t.losses[0]:.4g} = {r:.0f} x {what} {expected:.3f}; {tail(t):.3f} at the end"

    return check


@check_fn
def dead_from(t: Trained) -> tuple[bool, str]:
    """Every weight tensor's gradient exactly zero over the last half of the run (only biases move)."""
    z = np.array(t.zero_weight_grads)
    n = t.weight_tensors
    all_dead = z == n
    from_step = next((i for i in range(len(z)) if all_dead[i:].all()), None)
    ok = from_step is not None and from_step < len(z) // 2
    return ok, (f"all {n} weight gradients exactly zero from step {from_step + 1 if from_step is not None else None} on; "
                f"loss {head(t):.3f} -> {tail(t):.3f}")  # fmt: skip


def dead_weight_tensors(log: Path) -> list[str]:
    """The weight tensors (not biases: ``bias``, ``bias_ih_l0`` ...) whose logged gradient norm is exactly 0.0, or
    6 orders of magnitude below its finite peak before (issue 15's definition of dead units), at every value logged
    in the last half of its logged values: their units died or saturated, whatever did it (a blow-up, a summed
    loss), so dead-units' report is true of the run and it may fire there (it must only where dead units are the
    fault)."""
    if not log.is_file():
        return []
    import pandas as pd

    table = pd.read_csv(log)
    dead = []
    for column in (c for c in table.columns if c.startswith("grad_norm/")):
        name = column.removeprefix("grad_norm/")
        if name.rsplit(".", 1)[-1].startswith("bias"):
            continue
        norms = table[column].dropna().to_numpy()
        if norms.size < 4:
            continue
        early, late = norms[: norms.size // 2], norms[norms.size // 2 :]
        peak = early[np.isfinite(early)].max(initial=0.0)
        if ((late == 0) | (late <= peak * 1e-6)).all():
            dead.append(name)
    return dead


def first_dead(t: Trained) -> int | None:
    """The step from which every weight gradient is exactly zero (dead-units' fault: where the units died)."""
    z = np.array(t.zero_weight_grads)
    all_dead = z == t.weight_tensors
    return next((i + 1 for i in range(len(z)) if all_dead[i:].all()), None)


@check_fn
def still_falling(t: Trained) -> tuple[bool, str]:
    """lr too low: the loss still falls over the last quarter and has not halved its distance... (slow)."""
    x = losses(t)
    q = len(x) // 4
    a, b = float(np.nanmedian(x[-2 * q : -q])), float(np.nanmedian(x[-q:]))
    return b < a, f"loss {head(t):.3f} -> {a:.3f} (third quarter) -> {b:.3f} (last quarter)"


@check_fn
def early_peak(factor: float, frac: float = 0.15) -> ShapeCheck:
    """The loss peaks above ``factor`` x its first value within the first ``frac`` of the run, then settles."""

    def check(t: Trained) -> tuple[bool, str]:
        x = losses(t)
        k = max(5, int(frac * len(x)))
        peak = int(np.nanargmax(x[:k]))
        ok = x[peak] > factor * x[0]
        return bool(ok), f"loss {x[0]:.3f} at step 1, {x[peak]:.3f} at step {peak + 1}, {tail(t):.3f} at the end"

    return check


@check_fn
def early_rise(factor: float, frac: float = 0.15) -> ShapeCheck:
    """An unstable start: within the first ``frac`` of the run the loss climbs ``factor`` x above its lowest
    value so far."""

    def check(t: Trained) -> tuple[bool, str]:
        x = losses(t)[: max(5, int(frac * len(t.losses)))]
        low = np.minimum.accumulate(x)
        i = int(np.nanargmax(x / low))
        return bool(x[i] / low[i] >= factor), (f"loss {x[0]:.3f} at step 1; at step {i + 1} {x[i]:.3f}, {x[i] / low[i]:.1f}x "
                                               f"its lowest so far; {tail(t):.3f} at the end")  # fmt: skip

    return check


@check_fn
def lr_down_by(factor: float, within: int) -> ShapeCheck:
    def check(t: Trained) -> tuple[bool, str]:
        drop = float(t.lrs[: within].min() / t.lrs.max())
        return drop <= factor, f"lr down to {drop:.2g} of its peak by step {within}; loss {head(t):.3f} -> {tail(t):.3f}"

    return check


@check_fn
def flat_late(t: Trained) -> tuple[bool, str]:
    """A plateau: the last 50% of the losses falls by less than 5% (median of its first and last tenth)."""
    x = losses(t)
    half = x[len(x) // 2 :]
    k = max(5, len(half) // 10)
    a, b = float(np.nanmedian(half[:k])), float(np.nanmedian(half[-k:]))
    return b > signed_times(a, 0.95), f"loss {head(t):.3f} -> {a:.4g} at mid-run -> {b:.4g} at the end"


@check_fn
def overfits(t: Trained) -> tuple[bool, str]:
    vals = sorted(t.val_losses.items())
    best_i = int(np.argmin([v for _, v in vals]))
    best_step, best = vals[best_i][0] + 1, vals[best_i][1]
    last = vals[-1][1]
    return last > signed_times(best, 1.1), f"val loss best {best:.3f} at step {best_step} ({len(vals)} evaluations), {last:.3f} at the end; train loss {tail(t):.3f} at the end"


@check_fn
def anything(t: Trained) -> tuple[bool, str]:
    return True, f"loss {head(t):.3f} -> {tail(t):.3f}"


# --------------------------------------------------------------------------- the families' setups


def opt(name: str) -> tuple[type[Optimizer], dict[str, Any]]:
    return {
        "sgd": (SGD, {}), "sgdm": (SGD, {"momentum": 0.9}), "nesterov": (SGD, {"momentum": 0.9, "nesterov": True}),
        "adam": (Adam, {}), "adamw": (AdamW, {"weight_decay": 0.01}), "rmsprop": (RMSprop, {}),
    }[name]  # fmt: skip


def setup(data: fd.Data, model: Callable[[], Any], optimizer: str, lr: float, steps: int, **knobs: Any) -> Setup:
    o, args = opt(optimizer)
    return Setup(name="", data=data, model=model, optimizer=o, opt_args=args | knobs.pop("opt_args", {}), lr=lr,
                 steps=steps, **knobs)  # fmt: skip


def spiral(optimizer: str, lr: float, steps: int = 1500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 150)
    return setup(knobs.pop("data", None) or fd.spiral_arms(), knobs.pop("model", None) or (lambda: mlp([12, 64, 64, 5])),
                 optimizer, lr, steps, **knobs)  # fmt: skip


def arith(optimizer: str, lr: float, steps: int = 700, kind: str = "lstm", **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 100)
    return setup(fd.arithmetic(), knobs.pop("model", None) or (lambda: fd.arith_rnn(kind, 48)), optimizer, lr, steps, **knobs)


def sensor(optimizer: str, lr: float, steps: int = 1500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 150)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse")
    return setup(fd.sensor_traces(), knobs.pop("model", None) or fd.sensor_ae, optimizer, lr, steps, **knobs)


def marker(optimizer: str, lr: float, steps: int = 500, pre_ln: bool = False, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    return setup(knobs.pop("data", None) or fd.marker_majority(), knobs.pop("model", None)
                 or (lambda: fd.marker_transformer(pre_ln)), optimizer, lr, steps, **knobs)  # fmt: skip


def shapes(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    return setup(knobs.pop("data", None) or fd.shape_images(), knobs.pop("model", None) or fd.ShapeCNN, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def adding(optimizer: str, lr: float, steps: int = 800, kind: str = "lstm", **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 100)
    return setup(fd.adding_problem(), knobs.pop("model", None) or (lambda: fd.SeqClassifier(kind)), optimizer, lr,
                 steps, **knobs)  # fmt: skip


def hmm(optimizer: str, lr: float, steps: int = 500, pre_ln: bool = True, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    return setup(fd.hmm_tokens(), knobs.pop("model", None) or (lambda: fd.hmm_transformer(pre_ln)), optimizer, lr,
                 steps, **knobs)  # fmt: skip


def docs(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    return setup(knobs.pop("data", None) or fd.doc_counts(), fd.softmax_regression, optimizer, lr, steps, **knobs)


def imputed(data: fd.Data) -> fd.Data:
    """The data with its missing values (NaN) replaced by 0, the mean of a standardised feature."""
    return replace(data, x=torch.nan_to_num(data.x, nan=0.0))


def lr_to(lr: float) -> Callable[[Setup], Setup]:
    return lambda s: replace(s, lr=lr)


# --------------------------------------------------------------------------- the tuning half

HIGH = ("exploding-gradients", "plateau", "dead-units", "non-finite-loss")
C5, C4, C6 = LN(5), LN(4), LN(6)

# spiral: ReLU MLP 12-64-64-5 on spiral arms; works at Adam 1e-3..3e-3, SGD momentum 0.03


@case("spiral-mlp-adam-lr-0p1-dies-to-chance", "spiral", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=1500, shape=at_chance(C5, "ln 5"))
def _() -> Setup:
    return spiral("adam", 0.1)


@case("spiral-mlp-sgdm-lr-3e-4-100x-low-log10", "spiral", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=1500, shape=still_falling)
def _() -> Setup:
    return spiral("sgdm", 3e-4, log_every=10)


@case("spiral-mlp-adam-exponential-100x-in-300-steps", "spiral", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=1, tol=300, shape=lr_down_by(0.011, 300))
def _() -> Setup:
    return spiral("adam", 3e-3, schedule=exponential_to(0.01, 0.2), schedule_name="ExponentialLR per batch, x0.01 by step 300")


@case("spiral-mlp-adam-nan-features-step1", "spiral", "nan-step0", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), tol=2, shape=nan_within(1, 1))
def _() -> Setup:
    return spiral("adam", 3e-3, data=fd.spiral_arms(nan_rows=0.03))


@case("spiral-mlp-rmsprop-recreated-each-epoch", "spiral", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return spiral("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 1500, 93)))


@case("spiral-mlp-sgdm-lr-1-dead-relus", "spiral", "dead-units", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("dead-units",), may=("lr-too-high", "plateau", "exploding-gradients"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return spiral("sgdm", 1.0, track_zero_grads=True)


@case("spiral-mlp-sgdm-head-x200", "spiral", "last-layer-init",
      cf=lambda s: replace(s, model=lambda: mlp([12, 64, 64, 5])), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, C5, "ln 5"))
def _() -> Setup:
    return spiral("sgdm", 0.03, model=lambda: scaled_head(mlp([12, 64, 64, 5]), 200, bias=True))


@case("spiral-mlp-adam-lr-0p01-constant-plateau", "spiral", "plateau", cf=lambda s: replace(s, decay_step=500),
      cf_what="lr x0.1 from step 500", must=("plateau",), may=("lr-too-high",), fault_step=500, tol=400, shape=flat_late)
def _() -> Setup:
    return spiral("adam", 0.01)


# arith: character LSTM / vanilla RNN LM (48 hidden) on "a+b=c;" strings; LSTM works at Adam 3e-3, SGD ~1


@case("sensor-trace-rnn-sgd-lr-3-no-clip-explodes", "sensor", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=15,
      shape=grad_burst(30, 3000))
def _() -> Setup:
    return setup(fd.trace_starts(), lambda: fd.TraceRNN(gain=1.0), "sgd", 3.0, 600, eval_every=60)


@case("arith-lstm-sgd-summed-loss", "arith", "summed-lm",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, LN(13), "ln 13"))
def _() -> Setup:
    return arith("sgd", 1.0, loss_fn=fd.lm_summed, loss_name="cross_entropy (reduction='sum')", val_loss_fn=cross_entropy,
                 mean_loss_fn=cross_entropy)


@case("arith-lstm-adam-lr-0p3-30x-from-step-1", "arith", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=700, shape=anything)
def _() -> Setup:
    return arith("adam", 0.3)


@case("arith-lstm-sgd-lr-30-oscillates", "arith", "lr-high-oscillation", cf=lr_to(1.0), cf_what="lr 1.0",
      must=("lr-too-high",), may=HIGH, tol=700, shape=never_below_start)
def _() -> Setup:
    return arith("sgd", 30.0, log_every=2)


@case("arith-lstm-adam-recreated-each-epoch", "arith", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return arith("adam", 0.01, recreate_optimizer_at=frozenset(range(93, 700, 93)))


@case("arith-lstm-adam-resumed-without-state-x3", "arith", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="optimizer state kept",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=421, tol=5,
      shape=anything)
def _() -> Setup:
    return arith("adam", 0.01, recreate_optimizer_at=frozenset({420, 560, 630}), opt_args={"betas": (0.9, 0.999)})


# sensor: ReLU autoencoder 24-64-4-64-24 (MSE); count-regression MLP (Poisson). AE works at Adam 3e-3..1e-2, SGDm 0.1


@case("sensor-ae-sgdm-exponential-gamma-1p01-nan", "sensor", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(100, 1500))
def _() -> Setup:
    return sensor("sgdm", 0.01, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("sensor-ae-adam-gaussian-nll-by-hand-log0", "sensor", "nan-log0",
      cf=lambda s: replace(s, loss_fn=fd.gaussian_nll_safe), cf_what="variance kept positive (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(5, 1500))
def _() -> Setup:
    return sensor("adam", 3e-3, model=fd.sensor_ae_var, loss_fn=fd.gaussian_nll_by_hand,
                  loss_name="gaussian_nll by hand (log of a ReLU variance)", val_loss_fn=fd.mean_mse,
                  safe_loss_fn=fd.gaussian_nll_safe)  # fmt: skip


@case("sensor-ae-sgdm-lr-0p6-diverges-after-dip", "sensor", "lr-high-diverge", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=1500, shape=rises_after_dip())
def _() -> Setup:
    return sensor("sgdm", 0.6)


@case("sensor-ae-adam-last-hidden-dead-at-init", "sensor", "dead-units",
      cf=lambda s: replace(s, model=fd.sensor_ae), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return sensor("adam", 3e-3, model=lambda: fd.sensor_ae(dead_bias=-3.0, layer=4), track_zero_grads=True)


# marker: post-LN transformer classifier (1 layer, d 32); works at Adam 3e-3, SGDm 0.1


@case("marker-postln-adam-lr-0p03-no-warmup", "marker", "missing-warmup", cf=lambda s: replace(s, warmup_steps=50),
      cf_what="a 50-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=50, shape=early_rise(1.5))
def _() -> Setup:
    return marker("adam", 0.03)


@case("marker-postln2-adam-lr-0p02-spikes", "marker", "lr-high-spikes", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=spiky())
def _() -> Setup:
    return marker("adam", 0.02, model=lambda: fd.marker_transformer(False, 2))


@case("marker-postln-adamw-warmup-cosine-peak-0p1", "marker", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=500, shape=rises_after_dip(1.15))
def _() -> Setup:
    return marker("adamw", 0.1, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("marker-postln-adam-500-rows-overfits", "marker", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return marker("adam", 3e-3, steps=600, eval_every=60, data=fd.marker_majority(train_rows=500))


@case("marker-postln-adam-lr-1e-4-30x-low", "marker", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return marker("adam", 1e-4)


# tuning half: healthy look-alikes


@case("spiral-mlp-sgdm-warmup-cosine-log10", "spiral", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("sgdm", 0.05, log_every=10, schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine")


@case("spiral-mlp-adam-constant-converged-avg50", "spiral", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("adam", 1e-3, steps=4000, log_every=50, average=True, eval_every=400)


@case("spiral-mlp-adamw-sgdr", "spiral", "healthy", like=("optimizer-reset", "lr-too-high", "premature-decay"),
      shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("adamw", 3e-3, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("spiral-mlp-sgdm-cyclic-triangular2", "spiral", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("sgdm", 0.06, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("spiral-mlp-sgdm-multistep-long-avg50", "spiral", "healthy", like=("premature-decay", "plateau", "lr-too-high"),
      shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("sgdm", 0.03, steps=15000, log_every=50, average=True, eval_every=1500, data=fd.spiral_arms(30000),
                  schedule=multistep(0.5, 0.8, gamma=0.1), schedule_name="MultiStepLR at 50% and 80%")


@case("arith-lstm-adam-warmup-cosine", "arith", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(13))
def _() -> Setup:
    return arith("adam", 5e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("arith-lstm-adamw-onecycle-log5", "arith", "healthy", like=("lr-too-high", "missing-warmup", "lr-too-low"),
      shape=healthy_shape(13))
def _() -> Setup:
    return arith("adamw", 8e-3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("arith-rnn-sgd-clipped", "arith", "healthy", like=("exploding-gradients", "lr-too-high", "plateau"),
      shape=healthy_shape(13, fall=0.7))
def _() -> Setup:
    return arith("sgd", 0.5, kind="rnn", max_grad_norm=1.0)


@case("arith-lstm-rmsprop-step-decay-log5", "arith", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(13, fall=0.75))
def _() -> Setup:
    return arith("rmsprop", 3e-3, log_every=5, schedule=multistep(0.6, gamma=0.2), schedule_name="MultiStepLR at 60%")


@case("sensor-ae-adam-warmup-constant", "sensor", "healthy", like=("missing-warmup", "lr-too-high", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return sensor("adam", 5e-3, schedule=constant_after(0.1), schedule_name="linear warmup 10% + constant")


@case("sensor-ae-sgdm-exponential-per-epoch", "sensor", "healthy", like=("premature-decay", "lr-too-low", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return sensor("sgdm", 0.3, schedule=exponential(0.9), per_epoch=True, schedule_name="ExponentialLR(0.9) per epoch")


@case("sensor-ae-adam-onecycle-avg50", "sensor", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape())
def _() -> Setup:
    return sensor("adam", 0.01, steps=3000, log_every=50, average=True, eval_every=300, schedule=one_cycle,
                  schedule_name="OneCycleLR")  # fmt: skip


@case("sensor-counts-adam-safe-poisson", "sensor", "healthy", like=("non-finite-loss", "plateau"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return setup(fd.event_counts(), fd.count_mlp, "adam", 3e-3, 1000, loss_fn=fd.poisson_safe,
                 loss_name="poisson_nll (log guarded)", eval_every=100, schedule=cosine_after(0.0),
                 schedule_name="cosine")  # fmt: skip


@case("sensor-ae-adamw-sgdr-log5", "sensor", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return sensor("adamw", 0.015, log_every=5, schedule=warm_restarts(0.2), schedule_name="CosineAnnealingWarmRestarts, T_0 = 20%")


@case("spiral-mlp-rmsprop-constant-log20", "spiral", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("rmsprop", 1e-3, log_every=20, eval_every=300)


@case("arith-lstm-sgd-clipped-constant", "arith", "healthy", like=("exploding-gradients", "plateau", "lr-too-low"),
      shape=healthy_shape(13, fall=0.75))
def _() -> Setup:
    return arith("sgd", 1.0, max_grad_norm=1.0)


@case("marker-postln-adamw-warmup-cosine-avg10", "marker", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(4))
def _() -> Setup:
    return marker("adamw", 3e-3, log_every=10, average=True, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("marker-preln-adamw-warmup-cosine", "marker", "healthy", like=("missing-warmup", "lr-too-high"),
      shape=healthy_shape(4))
def _() -> Setup:
    return marker("adamw", 3e-3, pre_ln=True, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("marker-postln-adam-warmup-linear-log5", "marker", "healthy", like=("missing-warmup", "lr-too-high", "premature-decay"),
      shape=healthy_shape(4))
def _() -> Setup:
    return marker("adam", 3e-3, log_every=5, schedule=linear_decay_after(0.1), schedule_name="linear warmup 10% + linear decay")


@case("marker-postln-sgdm-cyclic", "marker", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(4))
def _() -> Setup:
    return marker("sgdm", 0.1, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("marker-preln-adam-constant", "marker", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(4))
def _() -> Setup:
    return marker("adam", 2e-3, pre_ln=True)


# tuning half, logged once per epoch (Keras CSVLogger style)


@case("spiral-mlp-nesterov-onecycle-log5", "spiral", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("nesterov", 0.05, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("sensor-ae-rmsprop-cosine-log10", "sensor", "healthy", like=("premature-decay", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return sensor("rmsprop", 3e-3, log_every=10, schedule=cosine_after(0.0), schedule_name="cosine")


@case("spiral-mlp-adam-per-epoch", "spiral", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(5, fall=0.65))
def _() -> Setup:
    return spiral("adam", 2e-3, steps=93 * 20, log_per_epoch=True)


@case("marker-postln-adam-500-rows-overfits-per-epoch", "marker", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return marker("adam", 3e-3, steps=15 * 40, data=fd.marker_majority(train_rows=500), log_per_epoch=True)


@case("sensor-ae-sgdm-step-decay-per-epoch", "sensor", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return sensor("sgdm", 0.3, steps=93 * 20, log_per_epoch=True, schedule=multistep(0.6, gamma=0.1),
                  schedule_name="MultiStepLR at 60%")  # fmt: skip


# --------------------------------------------------------------------------- the held-out half

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


# --------------------------------------------------------------------------- the fresh half (held out from all tuning)


@check_fn
def explodes(lo: float, within: int = 12) -> ShapeCheck:
    """The gradient norm jumps at least ``lo`` x its value at step 1 within the first ``within`` steps (on to inf
    or NaN, or not), and the loss never settles back below its value before the jump."""

    def check(t: Trained) -> tuple[bool, str]:
        g = np.array(t.grad_norms[:within], dtype=float)
        g = np.where(np.isnan(g), np.inf, g)
        peak = int(np.argmax(g))
        jump = float(g[peak] / g[0])
        x = losses(t)
        before = x[max(0, peak - 1)]
        bad = first_nan(t)
        ok = jump >= lo and (bad is not None or tail(t) > 0.9 * before)
        return bool(ok), (f"grad norm {g[0]:.3g} -> {g[peak]:.3g} at step {peak + 1} (x{jump:.3g}); loss {before:.3f} before; "
                          f"first non-finite loss at step {bad}")  # fmt: skip

    return check


def on_plateau(factor: float = 0.3, patience: int = 1) -> Callable[[Optimizer, Setup], Any]:
    """ReduceLROnPlateau on the validation loss: the lr times ``factor`` after ``patience`` evaluations without a new best."""
    return lambda o, s: torch.optim.lr_scheduler.ReduceLROnPlateau(o, factor=factor, patience=patience)


def without_missing(data: fd.Data) -> fd.Data:
    """The data without its training rows whose target is missing (NaN)."""
    ok = torch.isfinite(data.y)
    return replace(data, x=data.x[ok], y=data.y[ok])


def signals(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    return setup(knobs.pop("data", None) or fd.freq_signals(), knobs.pop("model", None) or fd.SignalCNN, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def ratings(optimizer: str, lr: float, steps: int = 1500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 150)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse")
    return setup(knobs.pop("data", None) or fd.user_item_ratings(), knobs.pop("model", None) or fd.FactorModel,
                 optimizer, lr, steps, **knobs)  # fmt: skip


def tabres(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    return setup(knobs.pop("data", None) or fd.wide_tabular(), knobs.pop("model", None) or fd.ResNormMLP, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def mixer(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    return setup(knobs.pop("data", None) or fd.patch_layouts(), knobs.pop("model", None) or fd.TinyMixer, optimizer, lr,
                 steps, **knobs)  # fmt: skip


# signals: 1-D CNN (max-pooled) on 64-sample signals of two frequencies (5 classes); works at SGDm 0.01, Adam 1e-3..3e-3


@case("signals-cnn-sgdm-lr-0p2-dies-to-chance", "signals", "lr-high-chance", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=600, shape=at_chance(C5, "ln 5"))
def _() -> Setup:
    return signals("sgdm", 0.2)


@case("signals-cnn-sgdm-lr-0p07-diverges-after-dip", "signals", "lr-high-diverge", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return signals("sgdm", 0.07)


@case("signals-cnn-adam-lr-0p03-spikes-log2", "signals", "lr-high-spikes", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=spiky())
def _() -> Setup:
    return signals("adam", 0.03, log_every=2)


@case("signals-cnn-nesterov-exponential-gamma-1p01", "signals", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return signals("nesterov", 0.005, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("signals-cnn-sgdm-warmup-cosine-peak-0p3", "signals", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip(1.15))
def _() -> Setup:
    return signals("sgdm", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("signals-cnn-adam-lr-0p07-no-warmup", "signals", "missing-warmup", cf=lambda s: replace(s, warmup_steps=100),
      cf_what="a 100-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "dead-units"), tol=100,
      shape=early_peak(1.2))
def _() -> Setup:
    return signals("adam", 0.07)


@case("signals-cnn-adam-last-conv-dead-at-init", "signals", "dead-units",
      cf=lambda s: replace(s, model=fd.SignalCNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return signals("adam", 1e-3, model=lambda: fd.SignalCNN(dead_bias=-4.0), track_zero_grads=True)


@case("signals-cnn-sgdm-head-x200", "signals", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SignalCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, C5, "ln 5"))
def _() -> Setup:
    return signals("sgdm", 0.01, model=lambda: scaled_head(fd.SignalCNN(), 200, bias=True))


@case("signals-cnn-adam-exponential-100x-in-120-steps", "signals", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=120, shape=lr_down_by(0.011, 120))
def _() -> Setup:
    return signals("adam", 3e-3, schedule=exponential_to(0.01, 0.2), schedule_name="ExponentialLR per batch, x0.01 by step 120")


@case("signals-cnn-adam-300-signals-overfits", "signals", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return signals("adam", 3e-3, eval_every=30, data=fd.freq_signals(train_rows=300))


# ratings: matrix factorisation (dim 16) of user-item ratings, MSE; works at Adam 3e-3, SGDm 0.2


@case("ratings-mf-adam-lr-1e-4-30x-low", "ratings", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=1500, shape=still_falling)
def _() -> Setup:
    return ratings("adam", 1e-4)


@case("ratings-mf-adam-lr-0p03-constant-plateau", "ratings", "plateau", cf=lambda s: replace(s, decay_step=500),
      cf_what="lr x0.1 from step 500", must=("plateau",), may=("lr-too-high", "overfitting"), fault_step=500, tol=400,
      shape=flat_late)
def _() -> Setup:
    return ratings("adam", 0.03)


@case("ratings-mf-sgdm-multistep-x0p1-at-5pct", "ratings", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=76, tol=150, shape=lr_down_by(0.11, 80))
def _() -> Setup:
    return ratings("sgdm", 0.3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ratings-mf-adam-resumed-without-state-x2", "ratings", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="optimizer state kept",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=601, tol=5,
      shape=anything)
def _() -> Setup:
    return ratings("adam", 3e-3, recreate_optimizer_at=frozenset({600, 1100}))


@case("ratings-mf-rmsprop-recreated-each-epoch", "ratings", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=157, tol=5,
      shape=anything)
def _() -> Setup:
    return ratings("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(156, 1500, 156)))


@case("ratings-mf-adam-nan-rating-mid-run", "ratings", "nan-midrun", cf=lambda s: replace(s, data=without_missing(s.data)),
      cf_what="the missing ratings dropped", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(2, 1500))
def _() -> Setup:
    return ratings("adam", 3e-3, data=fd.user_item_ratings(nan_rows=2))


@case("ratings-mf-adam-msle-by-hand-log-of-negative", "ratings", "nan-log0",
      cf=lambda s: replace(s, loss_fn=fd.msle_safe), cf_what="the prediction kept positive (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(10, 1500))
def _() -> Setup:
    return ratings("adam", 0.01, loss_fn=fd.msle_by_hand, loss_name="msle by hand (log of the raw prediction)",
                   val_loss_fn=F.mse_loss, safe_loss_fn=fd.msle_safe)  # fmt: skip


@case("ratings-mf-dim64-adam-overfits", "ratings", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ratings("adam", 0.01, eval_every=100, model=lambda: fd.FactorModel(dim=64))


# tabres: residual MLP (BatchNorm, or LayerNorm) on a 64-column table (4 classes); works at Adam 3e-3, SGDm 0.1


@case("tabres-bn-sgd-lr-10-oscillates-log2", "tabres", "lr-high-oscillation", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=600, shape=never_below_start)
def _() -> Setup:
    return tabres("sgd", 10.0, log_every=2)


@case("tabres-bn-adam-lr-0p3-100x-from-step-1", "tabres", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return tabres("adam", 0.3)


@case("tabres-nonorm-sgd-lr-0p5-no-clip-explodes", "tabres", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss", "wrong-initial-loss"), tol=15,
      shape=explodes(30))
def _() -> Setup:
    return tabres("sgd", 0.5, model=lambda: fd.ResNormMLP(norm="none", blocks=4, branch_gain=3.0))


@case("tabres-bn-adam-nan-features-early", "tabres", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 5))
def _() -> Setup:
    return tabres("adam", 3e-3, data=fd.wide_tabular(nan_rows=0.02))


@case("tabres-bn-sgd-lr-1e-3-100x-low-log5", "tabres", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return tabres("sgd", 1e-3, log_every=5)


@case("tabres-bn-sgdm-multistep-x0p1-at-8pct", "tabres", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=49, tol=100, shape=lr_down_by(0.11, 50))
def _() -> Setup:
    return tabres("sgdm", 0.1, schedule=multistep(0.08, gamma=0.1), schedule_name="MultiStepLR at 8%")


@case("tabres-bn-adam-lr-0p03-constant-plateau", "tabres", "plateau", cf=lambda s: replace(s, decay_step=250),
      cf_what="lr x0.1 from step 250", must=("plateau",), may=("lr-too-high", "overfitting"), fault_step=250, tol=200,
      shape=flat_late)
def _() -> Setup:
    return tabres("adam", 0.03)


@case("tabres-ln-adam-lr-0p1-no-warmup", "tabres", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=early_peak(1.2))
def _() -> Setup:
    return tabres("adam", 0.1, model=lambda: fd.ResNormMLP(norm="layer"))


# mixer: a tiny MLP-Mixer on 16x16 patch layouts (6 classes); works at Adam 3e-3..1e-2, SGD ~1


@case("mixer-sgd-lr-3-no-clip-explodes", "mixer", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=15, shape=explodes(30))
def _() -> Setup:
    return mixer("sgd", 3.0)


@case("mixer-sgd-summed-loss", "mixer", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, C6, "ln 6"))
def _() -> Setup:
    return mixer("sgd", 0.3, loss_fn=fd.lm_summed, loss_name="cross_entropy (reduction='sum')", val_loss_fn=cross_entropy,
                 mean_loss_fn=cross_entropy)  # fmt: skip


@case("mixer-postln-adamw-lr-0p03-no-warmup", "mixer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=early_rise(1.3))
def _() -> Setup:
    return mixer("adamw", 0.03, model=lambda: fd.TinyMixer(post_ln=True))


@case("mixer-sgd-lr-0p01-100x-low-log4", "mixer", "lr-low-sgd", cf=lr_to(1.0), cf_what="lr 1.0",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return mixer("sgd", 0.01, log_every=4)


# fresh half: healthy look-alikes


@case("signals-cnn-adamw-warmup-cosine", "signals", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(5))
def _() -> Setup:
    return signals("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("signals-cnn-nesterov-step-decay-log10", "signals", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(5))
def _() -> Setup:
    return signals("nesterov", 0.01, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("signals-cnn-sgdm-reduce-on-plateau-log5", "signals", "healthy", like=("premature-decay", "plateau", "lr-too-high"),
      shape=healthy_shape(5))
def _() -> Setup:
    return signals("sgdm", 0.01, log_every=5, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("signals-cnn-adam-constant-converged-avg20", "signals", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(5))
def _() -> Setup:
    return signals("adam", 1e-3, steps=1000, log_every=20, average=True, eval_every=100)


@case("signals-cnn-rmsprop-onecycle", "signals", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(5))
def _() -> Setup:
    return signals("rmsprop", 1e-3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ratings-mf-adam-constant-converged-avg50", "ratings", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return ratings("adam", 1e-3, steps=4000, log_every=50, average=True, eval_every=400)


@case("ratings-mf-sgdm-onecycle", "ratings", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return ratings("sgdm", 0.3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ratings-mf-adamw-warmup-linear-log5", "ratings", "healthy", like=("missing-warmup", "lr-too-high", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ratings("adamw", 5e-3, log_every=5, schedule=linear_decay_after(0.1), schedule_name="linear warmup 10% + linear decay")


@case("ratings-mf-adam-sgdr-log2", "ratings", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return ratings("adam", 0.01, log_every=2, schedule=warm_restarts(1 / 3), schedule_name="CosineAnnealingWarmRestarts, T_0 = 1/3")


@case("ratings-twotower-adam-warmup-cosine", "ratings", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return ratings("adam", 0.01, model=fd.TwoTower, schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine")


@case("tabres-bn-sgdm-warmup-cosine", "tabres", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(4))
def _() -> Setup:
    return tabres("sgdm", 0.1, schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine")


@case("tabres-bn-adam-onecycle-log5", "tabres", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(4))
def _() -> Setup:
    return tabres("adam", 0.01, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("tabres-ln-adamw-cyclic", "tabres", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(4))
def _() -> Setup:
    return tabres("adamw", 3e-3, model=lambda: fd.ResNormMLP(norm="layer"), schedule=cyclic(0.1, 0.25),
                  schedule_name="CyclicLR triangular")  # fmt: skip


@case("tabres-bn-sgdm-constant-log20", "tabres", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(4))
def _() -> Setup:
    return tabres("sgdm", 0.03, log_every=20, eval_every=100)


@case("tabres-bn-rmsprop-step-decay", "tabres", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(4))
def _() -> Setup:
    return tabres("rmsprop", 1e-3, schedule=multistep(0.6, gamma=0.1), schedule_name="MultiStepLR at 60%")


@case("mixer-adamw-warmup-cosine", "mixer", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(6))
def _() -> Setup:
    return mixer("adamw", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("mixer-sgd-constant-log10", "mixer", "healthy", like=("plateau", "lr-too-low", "lr-too-high"), shape=healthy_shape(6))
def _() -> Setup:
    return mixer("sgd", 1.0, log_every=10)


@case("mixer-adam-sgdr", "mixer", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(6))
def _() -> Setup:
    return mixer("adam", 0.01, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("mixer-nesterov-cyclic-triangular2", "mixer", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(6))
def _() -> Setup:
    return mixer("nesterov", 0.3, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("mixer-adam-finetune-pretrained", "mixer", "healthy", like=("wrong-initial-loss", "lr-too-low", "plateau"),
      shape=healthy_shape(6, fall=0.9, pretrained=True))
def _() -> Setup:
    return mixer("adam", 1e-3, model=fd.pretrained_mixer, meta={"pretrained": True},
                 data=fd.patch_layouts(seed=96, noise=1.1, distractors=0.9))  # fmt: skip


# fresh half, logged once per epoch


@case("tabres-bn-adam-300-rows-overfits-per-epoch", "tabres", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return tabres("adam", 3e-3, steps=4 * 40, data=fd.wide_tabular(train_rows=300), log_per_epoch=True)


@case("signals-cnn-sgdm-per-epoch", "signals", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(5))
def _() -> Setup:
    return signals("sgdm", 0.01, steps=250 * 4, log_per_epoch=True, data=fd.freq_signals(n=8000))


@case("mixer-adam-step-decay-per-epoch", "mixer", "healthy", like=("overfitting", "premature-decay"), shape=healthy_shape(6))
def _() -> Setup:
    return mixer("adam", 0.01, steps=156 * 4, log_per_epoch=True, schedule=multistep(0.5, gamma=0.1), per_epoch=True,
                 schedule_name="MultiStepLR at 50%, per epoch")  # fmt: skip


@case("ratings-mf-adam-per-epoch", "ratings", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ratings("adam", 3e-3, steps=156 * 10, log_per_epoch=True)


@case("tabres-bn-sgd-lr-10-per-epoch", "tabres", "lr-high-oscillation", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return tabres("sgd", 10.0, steps=250 * 3, log_per_epoch=True)


# --------------------------------------------------------------------------- the second fresh half (fresh2, held out from all tuning)


def graph(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    return setup(knobs.pop("data", None) or fd.graph_nodes(), knobs.pop("model", None) or fd.GraphConvNet, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def contrast(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.info_nce)
    knobs.setdefault("loss_name", f"InfoNCE (temperature {fd.TEMPERATURE})")
    knobs.setdefault("val_loss_fn", fd.held_out_info_nce)
    return setup(knobs.pop("data", None) or fd.paired_views(), knobs.pop("model", None) or fd.PairEncoder, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def forecast(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.huber)
    knobs.setdefault("loss_name", "huber")
    return setup(knobs.pop("data", None) or fd.seasonal_windows(), knobs.pop("model", None) or fd.CausalTCN, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def multilabel(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.bce_logits)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits")
    knobs.setdefault("meta", {"num_labels": 24})
    return setup(knobs.pop("data", None) or fd.tagged_docs(), knobs.pop("model", None) or fd.TagBagMLP, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def without_missing_targets(data: fd.Data) -> fd.Data:
    """The data without its training rows that have a missing (NaN) value in their target."""
    ok = torch.isfinite(data.y).reshape(len(data.y), -1).all(1)
    return replace(data, x=data.x[ok], y=data.y[ok])


LN64, LN2 = LN(64), LN(2)

# graph: 2-layer GCN (hidden 32) on a 2000-node stochastic block model graph (5 blocks); works at Adam 3e-3, SGDm 0.03


@case("graph-gcn-adam-lr-0p5-150x-from-step-1", "graph", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return graph("adam", 0.5)


@case("graph-gcn-sgd-lr-3-30x-from-step-1-log2", "graph", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return graph("sgd", 3.0, log_every=2)


@case("graph-gcn-sgd-lr-3e-3-100x-low-log5", "graph", "lr-low-sgd", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return graph("sgd", 3e-3, log_every=5)


@case("graph-gcn-sgdm-multistep-x0p1-at-5pct", "graph", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return graph("sgdm", 0.03, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("graph-gcn4-adam-lr-0p1-no-warmup", "graph", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "dead-units"), tol=60,
      shape=early_peak(1.2))
def _() -> Setup:
    return graph("adam", 0.1, model=lambda: fd.GraphConvNet(hidden_layers=2))


@case("graph-gcn-sgd-summed-loss", "graph", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, C5, "ln 5"))
def _() -> Setup:
    return graph("sgd", 0.1, loss_fn=fd.lm_summed, loss_name="cross_entropy (reduction='sum')", val_loss_fn=cross_entropy,
                 mean_loss_fn=cross_entropy)  # fmt: skip


@case("graph-gcn-adam-first-layer-dead-at-init", "graph", "dead-units",
      cf=lambda s: replace(s, model=fd.GraphConvNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return graph("adam", 3e-3, model=lambda: fd.GraphConvNet(dead_bias=-6.0), track_zero_grads=True)


@case("graph-gcn-adam-60-labelled-nodes-overfits", "graph", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return graph("adam", 3e-3, eval_every=30, data=fd.graph_nodes(train_rows=60))


@case("graph-gcn-rmsprop-recreated-each-epoch", "graph", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return graph("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(31, 600, 31)))


# contrast: MLP encoder of two noisy views of an item, symmetric InfoNCE over the batch (64); works at Adam 3e-3, SGDm 0.3


@case("contrast-mlp-adam-lr-1e-4-30x-low", "contrast", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return contrast("adam", 1e-4)


@case("contrast-mlp-adam-lr-0p1-30x-from-step-1", "contrast", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=800, shape=anything)
def _() -> Setup:
    return contrast("adam", 0.1)


@case("contrast-mlp4-adamw-lr-0p03-no-warmup", "contrast", "missing-warmup", cf=lambda s: replace(s, warmup_steps=80),
      cf_what="an 80-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "dead-units"), tol=80,
      shape=early_rise(1.2))
def _() -> Setup:
    return contrast("adamw", 0.03, model=lambda: fd.PairEncoder(layers=4))


@case("contrast-mlp-sgdm-summed-loss", "contrast", "summed",
      cf=lambda s: replace(s, loss_fn=fd.info_nce, loss_name="InfoNCE"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, LN64, "ln 64"))
def _() -> Setup:
    return contrast("sgdm", 0.3, loss_fn=fd.info_nce_summed, loss_name="InfoNCE (reduction='sum')", mean_loss_fn=fd.info_nce)


@case("contrast-mlp-adam-infonce-by-hand-overflow", "contrast", "nan-overflow",
      cf=lambda s: replace(s, loss_fn=fd.info_nce_first_view), cf_what="log-sum-exp (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(2, 800))
def _() -> Setup:
    return contrast("adam", 0.03, model=lambda: fd.PairEncoder(normalize=False), loss_fn=fd.info_nce_by_hand,
                    loss_name="InfoNCE by hand (exp without max, unnormalised embeddings)",
                    safe_loss_fn=fd.info_nce_first_view)  # fmt: skip


@case("contrast-mlp-adam-300-items-overfits", "contrast", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return contrast("adam", 3e-3, eval_every=40, data=fd.paired_views(train_rows=300))


# forecast: causal dilated TCN (or a GRU / vanilla RNN) forecasting 8 values of multi-seasonal series, Huber loss;
# works at Adam 3e-3..0.03, SGD 0.3


@case("forecast-rnn-sgd-lr-3-no-clip-explodes", "forecast", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=15, shape=explodes(10))
def _() -> Setup:
    return forecast("sgd", 3.0, model=lambda: fd.SeriesRNN("rnn", gain=1.0))


@case("forecast-rnn-sgd-lr-6-no-clip-explodes-log2", "forecast", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=15, shape=explodes(30))
def _() -> Setup:
    return forecast("sgd", 6.0, log_every=2, model=lambda: fd.SeriesRNN("rnn", gain=1.2))


@case("forecast-tcn-sgd-lr-3e-3-100x-low-log4", "forecast", "lr-low-sgd", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return forecast("sgd", 3e-3, log_every=4)


@case("forecast-tcn-sgdm-lr-0p7-diverges-after-dip", "forecast", "lr-high-diverge", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return forecast("sgdm", 0.7)


@case("forecast-tcn-sgdm-exponential-gamma-1p02-nan", "forecast", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(20, 600))
def _() -> Setup:
    return forecast("sgdm", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("forecast-tcn-adam-exponential-100x-in-120-steps", "forecast", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=120, shape=lr_down_by(0.011, 120))
def _() -> Setup:
    return forecast("adam", 1e-3, schedule=exponential_to(0.01, 0.2), schedule_name="ExponentialLR per batch, x0.01 by step 120")


@case("forecast-tcn-rmsprop-resumed-without-state-x2", "forecast", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="optimizer state kept",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=201, tol=5,
      shape=anything)
def _() -> Setup:
    return forecast("rmsprop", 3e-3, recreate_optimizer_at=frozenset({200, 400}))


@case("forecast-tcn-adam-gap-in-target-mid-run", "forecast", "nan-midrun",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the windows with a gap dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(2, 600))
def _() -> Setup:
    return forecast("adam", 3e-3, data=fd.seasonal_windows(nan_rows=2))


@case("forecast-tcn-adam-lr-0p03-constant-plateau", "forecast", "plateau", cf=lambda s: replace(s, decay_step=200),
      cf_what="lr x0.1 from step 200", must=("plateau",), may=("lr-too-high", "overfitting"), fault_step=200, tol=200,
      shape=flat_late)
def _() -> Setup:
    return forecast("adam", 0.03)


@case("forecast-tcn-sgdm-lr-0p3-constant-plateau-log5", "forecast", "plateau", cf=lambda s: replace(s, decay_step=200),
      cf_what="lr x0.1 from step 200", must=("plateau",), may=("lr-too-high", "overfitting"), fault_step=200, tol=200,
      shape=flat_late)
def _() -> Setup:
    return forecast("sgdm", 0.3, log_every=5)


@case("forecast-tcn-rmsprop-lr-0p01-recreated-each-epoch", "forecast", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=188, tol=5,
      shape=anything)
def _() -> Setup:
    return forecast("rmsprop", 0.01, recreate_optimizer_at=frozenset(range(187, 600, 187)))


# multilabel: EmbeddingBag + ReLU MLP tagging documents with 24 tags, BCE with logits; works at Adam 0.01, SGDm 1


@case("multilabel-bag-adamw-warmup-cosine-peak-1", "multilabel", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=800, shape=rises_after_dip(1.15))
def _() -> Setup:
    return multilabel("adamw", 1.0, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("multilabel-bag-adam-lr-0p2-20x-from-step-1-log2", "multilabel", "lr-high-step1", cf=lr_to(0.01),
      cf_what="Adam lr 0.01", must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return multilabel("adam", 0.2, log_every=2)


@case("multilabel-bag-adam-exponential-100x-in-150-steps", "multilabel", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=150, shape=lr_down_by(0.011, 160))
def _() -> Setup:
    return multilabel("adam", 0.01, schedule=exponential_to(0.01, 0.2), schedule_name="ExponentialLR per batch, x0.01 by step 160")


@case("multilabel-bag-sgdm-head-x300", "multilabel", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TagBagMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, LN2, "ln 2"))
def _() -> Setup:
    return multilabel("sgdm", 1.0, model=lambda: scaled_head(fd.TagBagMLP(), 300, bias=True))


@case("multilabel-bag-adam-bce-by-hand-log0", "multilabel", "nan-log0",
      cf=lambda s: replace(s, loss_fn=fd.bce_logits), cf_what="binary_cross_entropy_with_logits (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(5, 800))
def _() -> Setup:
    return multilabel("adam", 0.05, loss_fn=fd.bce_by_hand, loss_name="binary cross-entropy by hand (log of sigmoid)",
                      val_loss_fn=fd.bce_logits, safe_loss_fn=fd.bce_logits)  # fmt: skip


@case("multilabel-bag-adam-lr-1-dead-relus", "multilabel", "dead-units", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("dead-units",), may=("lr-too-high", "plateau", "exploding-gradients"), fault_step=first_dead, tol=100,
      shape=dead_from)
def _() -> Setup:
    return multilabel("adam", 1.0, track_zero_grads=True)


@case("multilabel-bag-rmsprop-recreated-each-epoch", "multilabel", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return multilabel("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 800, 93)))


# fresh2 half: healthy look-alikes


@case("graph-gcn-adamw-warmup-cosine", "graph", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(5))
def _() -> Setup:
    return graph("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("graph-gcn-sgdm-step-decay-log10", "graph", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(5))
def _() -> Setup:
    return graph("sgdm", 0.03, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("graph-gcn-adam-reduce-on-plateau-log5", "graph", "healthy", like=("premature-decay", "plateau", "lr-too-high"),
      shape=healthy_shape(5))
def _() -> Setup:
    return graph("adam", 3e-3, log_every=5, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("graph-gcn-sgdm-constant-converged-avg20", "graph", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(5))
def _() -> Setup:
    return graph("sgdm", 0.01, steps=1000, log_every=20, average=True, eval_every=100)


@case("graph-gcn-rmsprop-onecycle", "graph", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(5))
def _() -> Setup:
    return graph("rmsprop", 3e-3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("contrast-mlp-adam-warmup-cosine", "contrast", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return contrast("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("contrast-mlp-sgdm-cosine-log10", "contrast", "healthy", like=("premature-decay", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return contrast("sgdm", 0.03, log_every=10, schedule=cosine_after(0.0), schedule_name="cosine")


@case("contrast-mlp-adamw-sgdr-log2", "contrast", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return contrast("adamw", 3e-3, log_every=2, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("contrast-mlp-adam-constant-long-avg50", "contrast", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return contrast("adam", 1e-3, steps=2500, log_every=50, average=True, eval_every=250)


@case("contrast-mlp-rmsprop-cyclic-triangular2", "contrast", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape())
def _() -> Setup:
    return contrast("rmsprop", 3e-3, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("forecast-gru-adam-warmup-cosine", "forecast", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return forecast("adam", 0.01, model=fd.SeriesRNN, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("forecast-rnn-sgd-clipped-log4", "forecast", "healthy", like=("exploding-gradients", "lr-too-high", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return forecast("sgd", 0.1, log_every=4, max_grad_norm=1.0, model=lambda: fd.SeriesRNN("rnn", gain=1.0))


@case("forecast-tcn-sgdm-onecycle-log5", "forecast", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return forecast("sgdm", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("forecast-tcn-adam-constant-converged-avg50", "forecast", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return forecast("adam", 3e-3, steps=2000, log_every=50, average=True, eval_every=200)


@case("forecast-tcn-rmsprop-step-decay", "forecast", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return forecast("rmsprop", 1e-3, schedule=multistep(0.6, gamma=0.1), schedule_name="MultiStepLR at 60%")


@case("multilabel-bag-adam-warmup-linear-log5", "multilabel", "healthy",
      like=("missing-warmup", "lr-too-high", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return multilabel("adam", 0.03, log_every=5, schedule=linear_decay_after(0.1), schedule_name="linear warmup 10% + linear decay")


@case("multilabel-bag-sgdm-onecycle", "multilabel", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return multilabel("sgdm", 10.0, schedule=one_cycle, schedule_name="OneCycleLR")


@case("multilabel-bag-adam-finetune-pretrained", "multilabel", "healthy", like=("wrong-initial-loss", "lr-too-low", "plateau"),
      shape=healthy_shape(fall=0.95))
def _() -> Setup:
    return multilabel("adam", 1e-3, model=fd.pretrained_tagger, meta={"num_labels": 24, "pretrained": True},
                      data=fd.tagged_docs(seed=105, topical=0.2))  # fmt: skip


@case("multilabel-bag-adam-constant-long-avg50", "multilabel", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return multilabel("adam", 3e-3, steps=3000, log_every=50, average=True, eval_every=300)


@case("multilabel-bag-adamw-cyclic-log20", "multilabel", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape())
def _() -> Setup:
    return multilabel("adamw", 0.01, log_every=20, eval_every=100, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


# fresh2 half, logged once per epoch


@case("multilabel-bag-adam-300-docs-overfits-per-epoch", "multilabel", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return multilabel("adam", 0.01, steps=4 * 40, data=fd.tagged_docs(train_rows=300), log_per_epoch=True)


@case("graph-gcn-adam-step-decay-per-epoch", "graph", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape(5))
def _() -> Setup:
    return graph("adam", 3e-3, steps=31 * 20, log_per_epoch=True, schedule=multistep(0.5, gamma=0.1), per_epoch=True,
                 schedule_name="MultiStepLR at 50%, per epoch")  # fmt: skip


@case("contrast-mlp-adam-per-epoch", "contrast", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return contrast("adam", 3e-3, steps=93 * 10, log_per_epoch=True)


@case("forecast-tcn-sgd-per-epoch", "forecast", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return forecast("sgd", 0.3, steps=187 * 4, log_per_epoch=True)


@case("graph-gcn-sgd-lr-3-per-epoch", "graph", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return graph("sgd", 3.0, steps=31 * 20, log_per_epoch=True)


# --------------------------------------------------------------------------- the third fresh half (fresh3, held out from all tuning)


def segment(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_name", "cross_entropy (per pixel)")
    return setup(knobs.pop("data", None) or fd.shape_masks(), knobs.pop("model", None) or fd.TinyUNet, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def seq2seq(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_name", "cross_entropy (per target token)")
    return setup(knobs.pop("data", None) or fd.reversal_pairs(), knobs.pop("model", None) or fd.Seq2Seq, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def points(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    return setup(knobs.pop("data", None) or fd.point_clouds(), knobs.pop("model", None) or fd.DeepSets, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def distill(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.kd_loss)
    knobs.setdefault("loss_name", f"distillation: 0.7 T^2 KL(teacher || student) at T = {fd.KD_T:g} + 0.3 cross_entropy")
    knobs.setdefault("meta", {"num_classes": fd.KD_CLASSES, "temperature": fd.KD_T})
    return setup(knobs.pop("data", None) or fd.teacher_table(), knobs.pop("model", None) or fd.student_mlp, optimizer, lr,
                 steps, **knobs)  # fmt: skip


LN3, LN8 = LN(3), LN(fd.REV_VOCAB)
KD0 = fd.uniform_kd_loss()
"""The distillation loss of a student that knows nothing (equal logits): the distillation family's chance level."""

# segment: a two-level U-Net (width 8) segmenting 12x12 images of rectangles and discs per pixel (3 classes);
# works at Adam 3e-3..0.01, SGDm 0.1


@case("segment-unet-sgdm-lr-1-10x-from-step-1", "segment", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return segment("sgdm", 1.0)


@case("segment-unet-adam-lr-1e-4-30x-low", "segment", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return segment("adam", 1e-4)


@case("segment-unet-sgdm-multistep-x0p1-at-5pct", "segment", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return segment("sgdm", 0.1, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("segment-unet-adam-head-x300", "segment", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TinyUNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, LN3, "ln 3"))
def _() -> Setup:
    return segment("adam", 3e-3, model=lambda: scaled_head(fd.TinyUNet(), 300, bias=True))


@case("segment-unet3-sgd-summed-loss", "segment", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (per pixel)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, LN3, "ln 3"))
def _() -> Setup:
    return segment("sgd", 0.1, model=lambda: fd.TinyUNet(depth=3), loss_fn=fd.pixel_ce_summed,
                   loss_name="cross_entropy per pixel (reduction='sum')", val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("segment-unet-adam-decoder-dead-at-init", "segment", "dead-units",
      cf=lambda s: replace(s, model=fd.TinyUNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return segment("adam", 3e-3, model=lambda: fd.TinyUNet(dead_bias=-6.0), track_zero_grads=True)


@case("segment-unet16-adam-60-images-overfits", "segment", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return segment("adam", 3e-3, steps=300, eval_every=20, data=fd.shape_masks(train_rows=60),
                   model=lambda: fd.TinyUNet(width=16))  # fmt: skip


@case("segment-unet-rmsprop-lr-0p01-recreated-each-epoch", "segment", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=126, tol=5,
      shape=anything)
def _() -> Setup:
    return segment("rmsprop", 0.01, recreate_optimizer_at=frozenset(range(125, 400, 125)))


@case("segment-unet-adam-nan-pixel-early", "segment", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 40))
def _() -> Setup:
    return segment("adam", 3e-3, data=fd.shape_masks(nan_rows=0.01))


# seq2seq: a GRU encoder-decoder (hidden 48, teacher forcing) reversing 7 tokens of 8; works at Adam 3e-3,
# RMSprop 3e-3, SGD 1, SGDm 0.1-1


@case("seq2seq-rnn-sgd-lr-10-no-clip-explodes", "seq2seq", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=15, shape=explodes(10, 20))
def _() -> Setup:
    return seq2seq("sgd", 10.0, model=lambda: fd.Seq2Seq("rnn"))


@case("seq2seq-gru-adam-lr-0p1-30x-from-step-1", "seq2seq", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return seq2seq("adam", 0.1)


@case("seq2seq-gru-sgd-summed-loss", "seq2seq", "summed-lm",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, LN8, "ln 8"))
def _() -> Setup:
    return seq2seq("sgd", 1.0, loss_fn=fd.lm_summed, loss_name="cross_entropy (reduction='sum')", val_loss_fn=cross_entropy,
                   mean_loss_fn=cross_entropy)  # fmt: skip


@case("seq2seq-gru-adam-exponential-100x-in-100-steps", "seq2seq", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 100))
def _() -> Setup:
    return seq2seq("adam", 3e-3, schedule=exponential_to(0.01, 0.2), schedule_name="ExponentialLR per batch, x0.01 by step 100")


@case("seq2seq-gru-rmsprop-lr-0p01-resumed-without-state-x2", "seq2seq", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="optimizer state kept",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=167, tol=5,
      shape=anything)
def _() -> Setup:
    return seq2seq("rmsprop", 0.01, recreate_optimizer_at=frozenset({166, 333}))


@case("seq2seq-gru-sgd-lr-0p03-30x-low-log5", "seq2seq", "lr-low-sgd", cf=lr_to(1.0), cf_what="lr 1.0",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return seq2seq("sgd", 0.03, log_every=5)


@case("seq2seq-gru-sgdm-warmup-cosine-peak-3", "seq2seq", "lr-high-ramp", cf=lr_to(1.0), cf_what="peak lr 1.0",
      must=("lr-too-high",), may=HIGH, tol=500, shape=rises_after_dip(1.15))
def _() -> Setup:
    return seq2seq("sgdm", 3.0, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("seq2seq-lstm-adam-lr-1e-4-30x-low-log2", "seq2seq", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return seq2seq("adam", 1e-4, log_every=2, model=lambda: fd.Seq2Seq("lstm"))


# points: a DeepSets / PointNet set classifier (per-point MLP 2-32-64, max pooling, MLP 64-32-4) of 32-point 2-D
# clouds of four shapes; works at Adam / AdamW / RMSprop 3e-3, SGDm 0.1


@case("points-deepsets-adam-lr-0p1-dies-to-chance", "points", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=at_chance(C4, "ln 4"))
def _() -> Setup:
    return points("adam", 0.1)


@case("points-deepsets-adamw-lr-0p3-dies-to-chance-log4", "points", "lr-high-chance", cf=lr_to(3e-3),
      cf_what="AdamW lr 3e-3", must=("lr-too-high",), may=HIGH, tol=600, shape=at_chance(C4, "ln 4"))
def _() -> Setup:
    return points("adamw", 0.3, log_every=4)


@case("points-deepsets-adam-pooled-mlp-dead-at-init", "points", "dead-units",
      cf=lambda s: replace(s, model=fd.DeepSets), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return points("adam", 3e-3, model=fd.dead_pooled_deepsets, track_zero_grads=True)


@case("points-deepsets-sgdm-head-x300", "points", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DeepSets), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients", "non-finite-loss"),
      tol=20, shape=first_loss_above(20, C4, "ln 4"))
def _() -> Setup:
    return points("sgdm", 0.1, model=lambda: scaled_head(fd.DeepSets(), 300, bias=True))


@case("points-deepsets64-adamw-100-clouds-overfits", "points", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return points("adamw", 3e-3, eval_every=20, data=fd.point_clouds(train_rows=100), model=lambda: fd.DeepSets(width=64))


@case("points-deepsets-adam-lr-1e-4-30x-low", "points", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return points("adam", 1e-4)


@case("points-deepsets-rmsprop-lr-0p01-recreated-each-epoch", "points", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=126, tol=5,
      shape=anything)
def _() -> Setup:
    return points("rmsprop", 0.01, recreate_optimizer_at=frozenset(range(125, 600, 125)))


@case("points-deepsets-nesterov-exponential-gamma-1p01", "points", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return points("nesterov", 0.01, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("points-deepsets-adam-lr-0p03-no-warmup", "points", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "dead-units"), tol=60,
      shape=early_rise(1.2))
def _() -> Setup:
    return points("adam", 0.03)


# distill: a student ReLU MLP 20-48-48-5 distilled from a fixed random teacher's logits (KL at T = 4, plus
# cross-entropy with the hard label); works at Adam 3e-3, SGDm 0.1


@case("distill-mlp-adam-lr-0p3-dies-to-chance", "distill", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=at_chance(KD0, "the loss of equal logits"))
def _() -> Setup:
    return distill("adam", 0.3)


@case("distill-mlp-sgdm-lr-0p3-diverges-after-dip", "distill", "lr-high-diverge", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return distill("sgdm", 0.3)


@case("distill-mlp-sgd-lr-3-oscillates-log2", "distill", "lr-high-oscillation", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=never_below_start)
def _() -> Setup:
    return distill("sgd", 3.0, log_every=2)


@case("distill-mlp-sgd-lr-3e-3-100x-low-log5", "distill", "lr-low-sgd", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return distill("sgd", 3e-3, log_every=5)


@case("distill-mlp-sgdm-multistep-x0p1-at-5pct", "distill", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return distill("sgdm", 0.1, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("distill-mlp-sgdm-summed-loss", "distill", "summed",
      cf=lambda s: replace(s, loss_fn=fd.kd_loss, loss_name="distillation loss (batch mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, KD0, "the loss of equal logits"))
def _() -> Setup:
    return distill("sgdm", 0.1, loss_fn=fd.kd_loss_summed, loss_name="distillation loss (reduction='sum')",
                   val_loss_fn=fd.kd_loss, mean_loss_fn=fd.kd_loss)  # fmt: skip


@case("distill-mlp-sgdm-exponential-gamma-1p02", "distill", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return distill("sgdm", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("distill-mlp8-sgd-lr-0p5-no-clip-explodes", "distill", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=explodes(10, 20))
def _() -> Setup:
    return distill("sgd", 0.5, model=lambda: fd.student_mlp(layers=8))


@case("distill-mlp-adam-nan-teacher-logits-mid-run", "distill", "nan-midrun",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the rows with NaN teacher logits dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(2, 600))
def _() -> Setup:
    return distill("adam", 3e-3, data=fd.teacher_table(nan_rows=3))


@case("distill-mlp-adam-lr-0p03-constant-plateau", "distill", "plateau", cf=lambda s: replace(s, decay_step=400),
      cf_what="lr x0.1 from step 400", must=("plateau",), may=("lr-too-high", "overfitting"), fault_step=400, tol=400,
      shape=flat_late)
def _() -> Setup:
    return distill("adam", 0.03, steps=2400, eval_every=240)


# fresh3 half: healthy look-alikes


@case("segment-unet-adamw-warmup-cosine", "segment", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(3))
def _() -> Setup:
    return segment("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("segment-unet-sgdm-step-decay-log10", "segment", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(3))
def _() -> Setup:
    return segment("sgdm", 0.1, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("segment-unet-adam-reduce-on-plateau-log5", "segment", "healthy", like=("premature-decay", "plateau", "lr-too-high"),
      shape=healthy_shape(3))
def _() -> Setup:
    return segment("adam", 0.01, log_every=5, schedule=on_plateau(), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("segment-unet-sgdm-onecycle", "segment", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(3))
def _() -> Setup:
    return segment("sgdm", 0.3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("segment-unet-adam-constant-long-avg50", "segment", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(3))
def _() -> Setup:
    return segment("adam", 3e-3, steps=1000, log_every=50, average=True, eval_every=100)


@case("seq2seq-gru-adam-warmup-cosine", "seq2seq", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(8))
def _() -> Setup:
    return seq2seq("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("seq2seq-gru-sgdm-warmup-cosine-log5", "seq2seq", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(8))
def _() -> Setup:
    return seq2seq("sgdm", 1.0, log_every=5, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("seq2seq-rnn-sgd-clipped-log4", "seq2seq", "healthy", like=("exploding-gradients", "lr-too-high", "plateau"),
      shape=healthy_shape(8))
def _() -> Setup:
    return seq2seq("sgd", 0.3, log_every=4, max_grad_norm=1.0, model=lambda: fd.Seq2Seq("rnn"))


@case("seq2seq-gru-adamw-onecycle-log2", "seq2seq", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(8))
def _() -> Setup:
    return seq2seq("adamw", 0.01, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("seq2seq-gru-rmsprop-step-decay", "seq2seq", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(8))
def _() -> Setup:
    return seq2seq("rmsprop", 3e-3, schedule=multistep(0.6, gamma=0.1), schedule_name="MultiStepLR at 60%")


@case("seq2seq-gru-adam-sgdr-log10", "seq2seq", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(8))
def _() -> Setup:
    return seq2seq("adam", 0.01, log_every=10, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("points-deepsets-adamw-warmup-cosine", "points", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(4))
def _() -> Setup:
    return points("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("points-deepsets-sgdm-cyclic-triangular2", "points", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(4))
def _() -> Setup:
    return points("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("points-deepsets-adam-constant-long-avg50", "points", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(4))
def _() -> Setup:
    return points("adam", 3e-3, steps=2000, log_every=50, average=True, eval_every=200)


@case("points-deepsets-nesterov-step-decay-log10", "points", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(4))
def _() -> Setup:
    return points("nesterov", 0.1, log_every=10, schedule=multistep(0.6, 0.8, gamma=0.2), schedule_name="MultiStepLR")


@case("points-deepsets-rmsprop-onecycle", "points", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(4))
def _() -> Setup:
    return points("rmsprop", 1e-3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("points-deepsets-adam-warmup-linear-decay-log2", "points", "healthy", like=("missing-warmup", "lr-too-high", "premature-decay"),
      shape=healthy_shape(4))
def _() -> Setup:
    return points("adam", 0.01, log_every=2, schedule=linear_decay_after(0.05), schedule_name="linear warmup 5% + linear decay")


@case("distill-mlp-adam-warmup-linear-log5", "distill", "healthy", like=("missing-warmup", "lr-too-high", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return distill("adam", 0.01, log_every=5, schedule=linear_decay_after(0.1), schedule_name="linear warmup 10% + linear decay")


@case("distill-mlp-sgdm-cosine-log10", "distill", "healthy", like=("premature-decay", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return distill("sgdm", 0.1, log_every=10, schedule=cosine_after(0.0), schedule_name="cosine")


@case("distill-mlp-adamw-sgdr-log2", "distill", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return distill("adamw", 0.01, log_every=2, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("distill-mlp-adam-constant-long-avg50", "distill", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return distill("adam", 1e-3, steps=2500, log_every=50, average=True, eval_every=250)


@case("distill-mlp-rmsprop-cyclic-log20", "distill", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return distill("rmsprop", 0.01, log_every=20, eval_every=100, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("distill-mlp-sgdm-exponential-per-epoch-decay", "distill", "healthy", like=("premature-decay", "lr-too-low", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return distill("sgdm", 0.1, steps=93 * 8, schedule=exponential(0.8), per_epoch=True,
                   schedule_name="ExponentialLR(gamma=0.8) per epoch")  # fmt: skip


# fresh3 half, logged once per epoch


@case("points-deepsets64-adamw-100-clouds-overfits-per-epoch", "points", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return points("adamw", 3e-3, steps=3 * 200, data=fd.point_clouds(train_rows=100), model=lambda: fd.DeepSets(width=64),
                  log_per_epoch=True)  # fmt: skip


@case("segment-unet-adam-step-decay-per-epoch", "segment", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape(3))
def _() -> Setup:
    return segment("adam", 3e-3, steps=125 * 5, log_per_epoch=True, schedule=multistep(0.6, gamma=0.1), per_epoch=True,
                   schedule_name="MultiStepLR at 60%, per epoch")  # fmt: skip


@case("distill-mlp-adam-per-epoch", "distill", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return distill("adam", 3e-3, steps=93 * 8, log_per_epoch=True)


@case("seq2seq-gru-adamw-cosine-per-epoch", "seq2seq", "healthy", like=("overfitting", "plateau", "premature-decay"),
      shape=healthy_shape(8))
def _() -> Setup:
    return seq2seq("adamw", 0.01, steps=93 * 8, data=fd.reversal_pairs(n=3000), log_per_epoch=True, schedule=cosine_after(0.0),
                   schedule_name="cosine")  # fmt: skip


@case("distill-mlp-adam-lr-0p3-per-epoch", "distill", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return distill("adam", 0.3, steps=93 * 8, log_per_epoch=True)


# --------------------------------------------------------------------------- the fourth fresh half (fresh4, held out from all tuning)


def vae(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.neg_elbo)
    knobs.setdefault("loss_name", "negative ELBO: BCE with logits summed over the pixels + KL to N(0, I), per image")
    knobs.setdefault("meta", {"latent_dim": fd.VAE_LATENT})
    return setup(knobs.pop("data", None) or fd.blob_images(), knobs.pop("model", None) or fd.MLPVAE, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def mlm(optimizer: str, lr: float, steps: int = 600, pre_ln: bool = False, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_name", "cross_entropy on the masked positions (ignore_index=-100)")
    knobs.setdefault("meta", {"mask_rate": 0.15})
    return setup(knobs.pop("data", None) or fd.mirrored_tokens(), knobs.pop("model", None) or (lambda: fd.MaskedLM(pre_ln)),
                 optimizer, lr, steps, **knobs)  # fmt: skip


def detect(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", fd.box_loss)
    knobs.setdefault("loss_name", "cross_entropy (class) + smooth_l1 (box)")
    knobs.setdefault("meta", {"num_classes": fd.DET_CLASSES})
    return setup(knobs.pop("data", None) or fd.object_boxes(), knobs.pop("model", None) or fd.BoxNet, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def sgns(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.sgns_loss)
    knobs.setdefault("loss_name", "negative sampling: BCE with logits summed over 1 positive + 5 negatives, per centre word")
    knobs.setdefault("meta", {"vocab_size": fd.SG_VOCAB, "negatives": fd.SG_NEG})
    return setup(knobs.pop("data", None) or fd.skipgram_pairs(), knobs.pop("model", None) or fd.SkipGram, optimizer, lr,
                 steps, **knobs)  # fmt: skip


VAE0 = fd.mean_image_loss()
"""The VAE loss of a model that ignores its input (the training mean image, KL 0): where a collapsed VAE sits."""
DET0 = fd.prior_box_loss()
"""The detection loss of a model that ignores the image (class prior, mean box): the detection family's chance level."""
SG0, LN24 = (1 + fd.SG_NEG) * LN(2), LN(fd.MLM_VOCAB)
"""Negative sampling's loss at zero logits (6 ln 2), and ln 24 for the masked LM."""

# vae: an MLP VAE (144-128-2x8, 8-128-144) of 12x12 blob-and-bar images; works at Adam 3e-3..0.01, SGDm 0.01, SGD 0.03


@case("vae-mlp-sgdm-lr-0p1-collapses-to-mean-image", "vae", "lr-high-chance", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=600, shape=at_chance(VAE0, "the loss of the mean image"))
def _() -> Setup:
    return vae("sgdm", 0.1)


@case("vae-mlp-adam-lr-0p3-100x-from-step-1-log2", "vae", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return vae("adam", 0.3, log_every=2)


@case("vae-mlp-adam-lr-1e-5-300x-low", "vae", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return vae("adam", 1e-5)


@case("vae-mlp-sgd-lr-1e-3-30x-low-log5", "vae", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return vae("sgd", 1e-3, log_every=5)


@case("vae-mlp-sgdm-exponential-gamma-1p005", "vae", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return vae("sgdm", 0.01, schedule=exponential(1.005), schedule_name="ExponentialLR(gamma=1.005) per batch")


@case("vae-mlp-adam-nan-pixel-early", "vae", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 40))
def _() -> Setup:
    return vae("adam", 3e-3, data=fd.blob_images(nan_rows=0.01))


@case("vae-mlp-adam-hidden-layers-dead-at-init", "vae", "dead-units",
      cf=lambda s: replace(s, model=fd.MLPVAE), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return vae("adam", 3e-3, model=lambda: fd.MLPVAE(dead_bias=-6.0), track_zero_grads=True)


@case("vae-mlp-rmsprop-lr-0p01-recreated-each-epoch", "vae", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=126, tol=5,
      shape=anything)
def _() -> Setup:
    return vae("rmsprop", 0.01, recreate_optimizer_at=frozenset(range(125, 600, 125)))


@case("vae-mlp-sgdm-multistep-x0p1-at-5pct", "vae", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return vae("sgdm", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("vae-mlp3-sgd-lr-0p3-no-clip-explodes", "vae", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=explodes(10, 20))
def _() -> Setup:
    return vae("sgd", 0.3, model=lambda: fd.MLPVAE(depth=3))


# mlm: a BERT-style post-LN encoder (2 blocks, d 32) predicting the masked tokens of mirrored sequences; works at
# Adam 3e-3..0.01, SGDm 0.1, SGD 1


@case("mlm-postln-adam-lr-0p02-no-warmup", "mlm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=150),
      cf_what="a 150-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=150,
      shape=early_rise(1.2))
def _() -> Setup:
    return mlm("adam", 0.02)


@case("mlm-postln-adam-lr-1e-4-30x-low", "mlm", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return mlm("adam", 1e-4)


@case("mlm-postln-sgd-summed-token-loss", "mlm", "summed-lm",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy on the masked positions"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20, shape=first_loss_above(20, LN24, "ln 24"))
def _() -> Setup:
    return mlm("sgd", 1.0, loss_fn=fd.lm_summed, loss_name="cross_entropy on the masked positions (reduction='sum')",
               val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("mlm-postln-adamw-warmup-constant-peak-0p05", "mlm", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip(1.15))
def _() -> Setup:
    return mlm("adamw", 0.05, schedule=constant_after(0.2), schedule_name="linear warmup 20% + constant")


@case("mlm-postln-adam-exponential-100x-in-60-steps", "mlm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 60))
def _() -> Setup:
    return mlm("adam", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 60")


@case("mlm-postln-rmsprop-lr-3e-3-recreated-each-epoch", "mlm", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=251, tol=5,
      shape=anything)
def _() -> Setup:
    return mlm("rmsprop", 3e-3, steps=750, recreate_optimizer_at=frozenset({250, 500}))


@case("mlm-postln-adam-head-x300", "mlm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MaskedLM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, LN24, "ln 24"))
def _() -> Setup:
    return mlm("adam", 3e-3, model=lambda: scaled_head(fd.MaskedLM(), 300, bias=True))


@case("mlm-postln-sgd-lr-0p01-100x-low-log4", "mlm", "lr-low-sgd", cf=lr_to(1.0), cf_what="lr 1.0",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return mlm("sgd", 0.01, log_every=4)


# detect: a CNN (conv 16, conv 32, fc 64) giving 3 class logits and a box for the one object of a 16x16 image;
# works at Adam / AdamW 3e-3..0.01, SGDm 0.1, SGD 0.1 (clipped: 1)


@case("detect-cnn-adam-lr-0p1-dies-to-chance", "detect", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=500, shape=at_chance(DET0, "the loss of the class prior and mean box"))
def _() -> Setup:
    return detect("adam", 0.1)


@case("detect-cnn-sgdm-lr-1-10x-from-step-1", "detect", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return detect("sgdm", 1.0)


@case("detect-cnn-sgd-lr-1e-3-100x-low-log4", "detect", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return detect("sgd", 1e-3, log_every=4)


@case("detect-cnn-adam-head-x300", "detect", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BoxNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, DET0, "the loss of the class prior and mean box"))
def _() -> Setup:
    return detect("adam", 3e-3, model=lambda: scaled_head(fd.BoxNet(), 300, bias=True))


@case("detect-cnn-sgdm-summed-loss", "detect", "summed",
      cf=lambda s: replace(s, loss_fn=fd.box_loss, loss_name="cross_entropy + smooth_l1 (batch mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, DET0, "the loss of the class prior and mean box"))
def _() -> Setup:
    return detect("sgdm", 0.03, loss_fn=fd.box_loss_summed, loss_name="cross_entropy + smooth_l1 (reduction='sum')",
                  val_loss_fn=fd.box_loss, mean_loss_fn=fd.box_loss)  # fmt: skip


@case("detect-cnn-adam-fc-dead-at-init", "detect", "dead-units",
      cf=lambda s: replace(s, model=fd.BoxNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return detect("adam", 3e-3, model=lambda: fd.BoxNet(dead_bias=-6.0), track_zero_grads=True)


@case("detect-cnn32-adam-100-images-overfits", "detect", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return detect("adam", 3e-3, steps=400, eval_every=20, data=fd.object_boxes(train_rows=100),
                  model=lambda: fd.BoxNet(width=32, hidden=128))  # fmt: skip


@case("detect-cnn-adam-nan-boxes-mid-run", "detect", "nan-midrun",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the rows with a NaN box dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(2, 500))
def _() -> Setup:
    return detect("adam", 3e-3, data=fd.object_boxes(nan_boxes=3))


@case("detect-cnn-nesterov-multistep-x0p1-at-5pct", "detect", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=26, tol=100, shape=lr_down_by(0.11, 30))
def _() -> Setup:
    return detect("nesterov", 0.1, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("detect-cnn-rmsprop-lr-0p01-recreated-each-epoch", "detect", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=126, tol=5,
      shape=anything)
def _() -> Setup:
    return detect("rmsprop", 0.01, recreate_optimizer_at=frozenset(range(125, 500, 125)))


# sgns: skip-gram embeddings (200 words, dim 32) with 5 negatives per pair; works at Adam / RMSprop 0.01, SGD 3-10,
# SGDm 1


@case("sgns-adam-lr-0p3-never-below-start-log2", "sgns", "lr-high-oscillation", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=600, shape=never_below_start)
def _() -> Setup:
    return sgns("adam", 0.3, log_every=2)


@case("sgns-sgd-lr-30-diverges-after-dip", "sgns", "lr-high-diverge", cf=lr_to(3.0), cf_what="lr 3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return sgns("sgd", 30.0)


@case("sgns-sgd-lr-0p3-10x-low", "sgns", "lr-low-sgd", cf=lr_to(3.0), cf_what="lr 3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return sgns("sgd", 0.3)


@case("sgns-adam-exponential-gamma-1p005-log5", "sgns", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return sgns("adam", 0.01, log_every=5, schedule=exponential(1.005), schedule_name="ExponentialLR(gamma=1.005) per batch")


@case("sgns-sgd-summed-loss", "sgns", "summed",
      cf=lambda s: replace(s, loss_fn=fd.sgns_loss, loss_name="negative sampling loss (batch mean)"),
      cf_what="reduction='mean' over the rows", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, SG0, "6 ln 2"))
def _() -> Setup:
    return sgns("sgd", 3.0, loss_fn=fd.sgns_loss_summed, loss_name="negative sampling loss (reduction='sum')",
                val_loss_fn=fd.sgns_loss, mean_loss_fn=fd.sgns_loss)  # fmt: skip


@case("sgns-adam-dim64-3000-pairs-overfits", "sgns", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return sgns("adam", 0.01, steps=1000, eval_every=20, data=fd.skipgram_pairs(n=3000), model=lambda: fd.SkipGram(dim=64))


@case("sgns-adam-lr-0p03-constant-plateau", "sgns", "plateau", cf=lambda s: replace(s, decay_step=400),
      cf_what="lr x0.1 from step 400", must=("plateau",), may=("lr-too-high", "overfitting"), fault_step=400, tol=400,
      shape=flat_late)
def _() -> Setup:
    return sgns("adam", 0.03, steps=2400, eval_every=240)


@case("sgns-rmsprop-lr-0p01-recreated-each-epoch", "sgns", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=313, tol=5,
      shape=anything)
def _() -> Setup:
    return sgns("rmsprop", 0.01, steps=1250, eval_every=125, recreate_optimizer_at=frozenset(range(312, 1250, 312)))


@case("sgns-sgd-lr-60-no-clip-explodes-log2", "sgns", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=explodes(10, 20))
def _() -> Setup:
    return sgns("sgd", 60.0, log_every=2)


@case("sgns-adam-exponential-100x-in-60-steps", "sgns", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 60))
def _() -> Setup:
    return sgns("adam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 60")


# fresh4 half: healthy look-alikes


@case("vae-mlp-adamw-warmup-cosine", "vae", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return vae("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("vae-mlp-adam-kl-annealing-log2", "vae", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return vae("adam", 3e-3, log_every=2, loss_fn=fd.kl_annealed(150)(), val_loss_fn=fd.neg_elbo,
               loss_name="BCE summed over the pixels + beta KL, beta 0 -> 1 over 150 steps (KL annealing)")  # fmt: skip


@case("vae-mlp-sgdm-onecycle-log5", "vae", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return vae("sgdm", 0.03, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("vae-mlp-adam-constant-long-avg50", "vae", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return vae("adam", 3e-3, steps=2000, log_every=50, average=True, eval_every=200)


@case("vae-mlp-rmsprop-step-decay-log10", "vae", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return vae("rmsprop", 1e-3, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("mlm-postln-adamw-warmup-linear-decay", "mlm", "healthy", like=("missing-warmup", "lr-too-high", "premature-decay"),
      shape=healthy_shape(24))
def _() -> Setup:
    return mlm("adamw", 3e-3, schedule=linear_decay_after(0.1), schedule_name="linear warmup 10% + linear decay")


@case("mlm-preln-adam-constant-log5", "mlm", "healthy", like=("missing-warmup", "plateau", "lr-too-low"),
      shape=healthy_shape(24))
def _() -> Setup:
    return mlm("adam", 3e-3, pre_ln=True, log_every=5)


@case("mlm-postln-sgdm-cosine-log10", "mlm", "healthy", like=("premature-decay", "lr-too-low"), shape=healthy_shape(24))
def _() -> Setup:
    return mlm("sgdm", 0.1, log_every=10, schedule=cosine_after(0.0), schedule_name="cosine")


@case("mlm-postln-adamw-sgdr-log2", "mlm", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(24))
def _() -> Setup:
    return mlm("adamw", 3e-3, log_every=2, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("mlm-preln-rmsprop-warmup-cosine-log20", "mlm", "healthy", like=("missing-warmup", "lr-too-high", "premature-decay"),
      shape=healthy_shape(24))
def _() -> Setup:
    return mlm("rmsprop", 1e-3, pre_ln=True, log_every=20, schedule=cosine_after(0.1),
               schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("detect-cnn-adamw-warmup-cosine", "detect", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return detect("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("detect-cnn-sgdm-step-decay-log10", "detect", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return detect("sgdm", 0.1, log_every=10, schedule=multistep(0.6, 0.8, gamma=0.2), schedule_name="MultiStepLR")


@case("detect-cnn-adam-onecycle-log2", "detect", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return detect("adam", 0.01, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("detect-cnn-sgd-clipped-cyclic", "detect", "healthy", like=("exploding-gradients", "lr-too-high", "optimizer-reset"),
      shape=healthy_shape())
def _() -> Setup:
    return detect("sgd", 1.0, max_grad_norm=1.0, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("detect-cnn-adam-constant-long-avg50", "detect", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return detect("adam", 3e-3, steps=1200, log_every=50, average=True, eval_every=100)


@case("sgns-sgd-linear-decay-to-zero", "sgns", "healthy", like=("premature-decay", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return sgns("sgd", 10.0, schedule=linear_decay_after(0.0), schedule_name="linear decay to 0 (word2vec's alpha)")


@case("sgns-adam-warmup-cosine-log4", "sgns", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return sgns("adam", 0.01, log_every=4, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("sgns-adamw-constant-long-avg50", "sgns", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return sgns("adamw", 0.01, steps=2500, log_every=50, average=True, eval_every=250)


@case("sgns-rmsprop-cyclic-log10", "sgns", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return sgns("rmsprop", 0.01, log_every=10, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("sgns-sgdm-step-decay", "sgns", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return sgns("sgdm", 1.0, schedule=multistep(0.6, gamma=0.1), schedule_name="MultiStepLR at 60%")


@case("sgns-adam-sgdr-log20", "sgns", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return sgns("adam", 0.01, log_every=20, eval_every=100, schedule=warm_restarts(0.25),
                schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


# fresh4 half, logged once per epoch


@case("detect-cnn32-adam-100-images-overfits-per-epoch", "detect", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return detect("adam", 3e-3, steps=3 * 150, data=fd.object_boxes(train_rows=100), model=lambda: fd.BoxNet(width=32, hidden=128),
                  log_per_epoch=True)  # fmt: skip


@case("vae-mlp-adam-per-epoch", "vae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return vae("adam", 3e-3, steps=125 * 6, log_per_epoch=True)


@case("mlm-postln-adamw-warmup-cosine-per-epoch", "mlm", "healthy", like=("overfitting", "plateau", "premature-decay"),
      shape=healthy_shape(24))
def _() -> Setup:
    return mlm("adamw", 3e-3, steps=250 * 3, log_per_epoch=True, schedule=cosine_after(0.1),
               schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("sgns-adam-step-decay-per-epoch", "sgns", "healthy", like=("overfitting", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return sgns("adam", 0.01, steps=312 * 4, log_per_epoch=True, schedule=multistep(0.5, gamma=0.1), per_epoch=True,
                schedule_name="MultiStepLR at 50%, per epoch")  # fmt: skip


@case("detect-cnn-adam-lr-0p1-per-epoch", "detect", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return detect("adam", 0.1, steps=125 * 5, log_per_epoch=True)



# --------------------------------------------------------------------------- the fifth fresh half (fresh5, held out from all tuning)


def flow(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.flow_nll)
    knobs.setdefault("loss_name", "negative log-likelihood per point (nats): -log N(z; 0, I) - log|det dz/dx|")
    knobs.setdefault("meta", {"data_dim": fd.FLOW_DIM, "couplings": 6})
    return setup(knobs.pop("data", None) or fd.lifted_moons(), knobs.pop("model", None) or fd.RealNVP, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def diffuse(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.noise_mse)
    knobs.setdefault("loss_name", "mse of the predicted noise (DDPM, random timestep of 100)")
    knobs.setdefault("meta", {"data_dim": fd.DIFF_DIM, "timesteps": fd.DIFF_T})
    return setup(knobs.pop("data", None) or fd.manifold_points(), knobs.pop("model", None) or fd.Denoiser, optimizer, lr,
                 steps, **knobs)  # fmt: skip


def triplet(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.triplet_loss)
    knobs.setdefault("loss_name", f"TripletMarginLoss(margin={fd.TRIPLET_MARGIN:g})")
    knobs.setdefault("meta", {"margin": fd.TRIPLET_MARGIN, "embedding_dim": 16})
    return setup(knobs.pop("data", None) or fd.class_triplets(), knobs.pop("model", None) or fd.TripletEmbed, optimizer,
                 lr, steps, **knobs)  # fmt: skip


def mobile(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", smoothed_ce)
    knobs.setdefault("loss_name", SMOOTHED)
    return setup(knobs.pop("data", None) or fd.pattern_images(), knobs.pop("model", None) or fd.TinyMobileNet, optimizer,
                 lr, steps, **knobs)  # fmt: skip


FLOW0 = fd.gaussian_fit_nll()
"""The flow's held-out NLL of the best diagonal Gaussian (4.74 nats): where a flow that learned nothing sits."""
NOISE0, C6S = 1.0, LN(fd.MOBILE_CLASSES)
"""The noise MSE of a denoiser that predicts 0 (the noise's variance), and ln 6 for the MobileNet classifier."""

# flow: a RealNVP (6 affine couplings, MLPs 4-48-48-8) of a 4-D lifted two-moons density; works at Adam 3e-3..0.01
# (batch 128; with a decaying schedule up to 0.03), RMSprop 1e-3..3e-3, SGD 0.03 (slowly); its NLL ends near -1.2
# to -1.7 nats


@case("flow-realnvp-adam-lr-0p3-100x-from-step-1", "flow", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return flow("adam", 0.3)


@case("flow-realnvp-adam-lr-3e-5-100x-low", "flow", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return flow("adam", 3e-5)


@case("flow-realnvp-sgd-lr-3e-4-100x-low-log5", "flow", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return flow("sgd", 3e-4, log_every=5)


@case("flow-realnvp-adam-exponential-gamma-1p01", "flow", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return flow("adam", 1e-3, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("flow-realnvp-adam-nan-coordinate-early", "flow", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 40))
def _() -> Setup:
    return flow("adam", 3e-3, data=fd.lifted_moons(nan_rows=0.005))


@case("flow-realnvp-adam-couplings-dead-at-init", "flow", "dead-units",
      cf=lambda s: replace(s, model=fd.RealNVP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return flow("adam", 3e-3, model=lambda: fd.RealNVP(dead_bias=-6.0), track_zero_grads=True)


@case("flow-realnvp-adam-coupling-heads-x30", "flow", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RealNVP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, FLOW0, "the NLL of the best diagonal Gaussian"))
def _() -> Setup:
    return flow("adam", 3e-3, model=lambda: fd.RealNVP(head_scale=30.0))


@case("flow-realnvp-adam-multistep-x0p1-at-5pct", "flow", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return flow("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("flow-realnvp-rmsprop-lr-1e-3-recreated-each-epoch", "flow", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=24, tol=5,
      shape=anything)
def _() -> Setup:
    return flow("rmsprop", 1e-3, recreate_optimizer_at=frozenset(range(23, 600, 23)))


@case("flow-realnvp-sgd-summed-nll", "flow", "summed",
      cf=lambda s: replace(s, loss_fn=fd.flow_nll, loss_name="negative log-likelihood per point (batch mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, FLOW0, "the NLL of the best diagonal Gaussian"))
def _() -> Setup:
    return flow("sgd", 0.03, loss_fn=fd.flow_nll_summed, loss_name="negative log-likelihood (reduction='sum')",
                val_loss_fn=fd.flow_nll, mean_loss_fn=fd.flow_nll)  # fmt: skip


@case("flow-realnvp-adam-lr-0p03-no-warmup", "flow", "missing-warmup", cf=lambda s: replace(s, warmup_steps=100),
      cf_what="a 100-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=100,
      shape=anything)
def _() -> Setup:
    return flow("adam", 0.03)


# diffuse: a DDPM noise-prediction MLP (8 + 16 -> 128 x3 -> 8) of 8-D points on a curved surface; works at Adam
# 1e-3..3e-3, SGDm 0.03..0.3, SGD 1; the noise MSE ends near 0.14


@case("diffuse-mlp-sgd-lr-3-predicts-zero-noise", "diffuse", "lr-high-chance", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=at_chance(NOISE0, "the noise's variance"))
def _() -> Setup:
    return diffuse("sgd", 3.0)


@case("diffuse-mlp-adam-lr-1-300x-from-step-1-log2", "diffuse", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return diffuse("adam", 1.0, log_every=2)


@case("diffuse-mlp-sgdm-lr-1-diverges-after-dip", "diffuse", "lr-high-diverge", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip(1.15))
def _() -> Setup:
    return diffuse("sgdm", 1.0)


@case("diffuse-mlp-sgdm-lr-3e-3-10x-low-log4", "diffuse", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return diffuse("sgdm", 3e-3, log_every=4)


@case("diffuse-mlp-sgdm-summed-noise-mse", "diffuse", "summed",
      cf=lambda s: replace(s, loss_fn=fd.noise_mse, loss_name="mse of the predicted noise (batch mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, NOISE0, "the noise's variance"))
def _() -> Setup:
    return diffuse("sgdm", 0.03, loss_fn=fd.noise_mse_summed, loss_name="mse of the predicted noise (reduction='sum')",
                   val_loss_fn=fd.noise_mse, mean_loss_fn=fd.noise_mse)  # fmt: skip


@case("diffuse-mlp-adam-nan-points-mid-run", "diffuse", "nan-midrun",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the rows with a NaN dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(2, 600))
def _() -> Setup:
    return diffuse("adam", 3e-3, data=fd.manifold_points(nan_count=2))


@case("diffuse-mlp-adam-lr-0p01-constant-plateau", "diffuse", "plateau", cf=lambda s: replace(s, decay_step=300),
      cf_what="lr x0.1 from step 300", must=("plateau",), may=("lr-too-high",), fault_step=300, tol=300, shape=flat_late)
def _() -> Setup:
    return diffuse("adam", 0.01)


@case("diffuse-mlp-adam-exponential-100x-in-60-steps", "diffuse", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 60))
def _() -> Setup:
    return diffuse("adam", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 60")


@case("diffuse-mlp-rmsprop-lr-3e-3-recreated-each-epoch", "diffuse", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=63, tol=5,
      shape=anything)
def _() -> Setup:
    return diffuse("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(62, 600, 62)))


@case("diffuse-mlp-adam-head-x300", "diffuse", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Denoiser), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, NOISE0, "the noise's variance"))
def _() -> Setup:
    return diffuse("adam", 3e-3, model=lambda: scaled_head(fd.Denoiser(), 300, bias=True))


@case("diffuse-mlp-adam-last-hidden-dead-at-init", "diffuse", "dead-units",
      cf=lambda s: replace(s, model=fd.Denoiser), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return diffuse("adam", 3e-3, model=lambda: fd.Denoiser(dead_bias=-6.0), track_zero_grads=True)


# triplet: an MLP embedding (24-64-64-16) of triplets of 8 classes, TripletMarginLoss(margin 1); works at Adam
# 1e-3..0.01, RMSprop 3e-3, SGDm 0.03, SGD 0.1..1; the held-out loss ends near 0.13, the training loss often at
# exactly 0


@case("triplet-mlp-adam-lr-0p3-collapses-to-margin", "triplet", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600,
      shape=at_chance(fd.TRIPLET_MARGIN, "the margin (all embeddings equal)"))
def _() -> Setup:
    return triplet("adam", 0.3)


@case("triplet-mlp-adamw-warmup-cosine-peak-0p3", "triplet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip(1.15))
def _() -> Setup:
    return triplet("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("triplet-mlp-rmsprop-lr-0p1-never-below-start-log2", "triplet", "lr-high-oscillation", cf=lr_to(3e-3),
      cf_what="RMSprop lr 3e-3", must=("lr-too-high",), may=HIGH, tol=600, shape=never_below_start)
def _() -> Setup:
    return triplet("rmsprop", 0.1, log_every=2)


@case("triplet-mlp-adam-exponential-gamma-1p01-log5", "triplet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=rises_after_dip())
def _() -> Setup:
    return triplet("adam", 3e-3, log_every=5, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("triplet-mlp-sgd-lr-1e-3-100x-low", "triplet", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return triplet("sgd", 1e-3)


@case("triplet-mlp-sgd-summed-loss", "triplet", "summed",
      cf=lambda s: replace(s, loss_fn=fd.triplet_loss, loss_name="TripletMarginLoss (batch mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, fd.TRIPLET_MARGIN, "the margin"))
def _() -> Setup:
    return triplet("sgd", 0.1, loss_fn=fd.triplet_loss_summed, loss_name="TripletMarginLoss(reduction='sum')",
                   val_loss_fn=fd.triplet_loss, mean_loss_fn=fd.triplet_loss)  # fmt: skip


@case("triplet-mlp-adam-last-hidden-dead-at-init", "triplet", "dead-units",
      cf=lambda s: replace(s, model=fd.TripletEmbed), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return triplet("adam", 3e-3, model=lambda: fd.TripletEmbed(dead_bias=-6.0), track_zero_grads=True)


@case("triplet-mlp128-adam-300-triplets-overfits", "triplet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return triplet("adam", 3e-3, eval_every=20, data=fd.class_triplets(train_rows=300), model=lambda: fd.TripletEmbed(hidden=128))


@case("triplet-mlp-sgdm-multistep-x0p1-at-5pct", "triplet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return triplet("sgdm", 0.03, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("triplet-mlp4-sgd-lr-3-no-clip-explodes", "triplet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=explodes(10, 20))
def _() -> Setup:
    return triplet("sgd", 3.0, model=lambda: fd.TripletEmbed(layers=4))


@case("triplet-mlp-adam-head-x300-log2", "triplet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TripletEmbed), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, fd.TRIPLET_MARGIN, "the margin"))
def _() -> Setup:
    return triplet("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.TripletEmbed(), 300, bias=True))


# mobile: a MobileNet-like CNN (3x3 stem, three depthwise-separable blocks, BatchNorm, Hardswish) on 16x16 colour
# textures (6 classes), label smoothing 0.1; works at Adam 3e-3..0.01, SGDm 0.1; the loss ends near 0.7


@case("mobile-cnn-sgdm-lr-3-30x-from-step-1", "mobile", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return mobile("sgdm", 3.0)


@case("mobile-cnn-adamw-warmup-constant-peak-1", "mobile", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return mobile("adamw", 1.0, schedule=constant_after(0.2), schedule_name="linear warmup 20% + constant")


@case("mobile-cnn-adam-lr-1e-4-100x-low", "mobile", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return mobile("adam", 1e-4)


@case("mobile-cnn-sgdm-lr-1e-3-100x-low-log5", "mobile", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return mobile("sgdm", 1e-3, log_every=5)


@case("mobile-cnn-rmsprop-lr-3e-3-recreated-each-epoch", "mobile", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=63, tol=5,
      shape=anything)
def _() -> Setup:
    return mobile("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(62, 500, 62)))


@case("mobile-cnn-adam-600-images-overfits", "mobile", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return mobile("adam", 3e-3, steps=400, eval_every=20, data=fd.pattern_images(train_rows=600))


@case("mobile-cnn-adamw-exponential-100x-in-50-steps", "mobile", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 50))
def _() -> Setup:
    return mobile("adamw", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 50")


@case("mobile-cnn-adam-head-x300", "mobile", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TinyMobileNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(20, C6S, "ln 6"))
def _() -> Setup:
    return mobile("adam", 3e-3, model=lambda: scaled_head(fd.TinyMobileNet(), 300, bias=True))


@case("mobile-cnn-sgdm-summed-loss", "mobile", "summed",
      cf=lambda s: replace(s, loss_fn=smoothed_ce, loss_name=SMOOTHED), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, C6S, "ln 6"))
def _() -> Setup:
    return mobile("sgdm", 0.1, loss_fn=fd.smoothed_ce_summed, loss_name="cross_entropy (label_smoothing=0.1, reduction='sum')",
                  val_loss_fn=smoothed_ce, mean_loss_fn=smoothed_ce)  # fmt: skip


@case("mobile-cnn-relu6-adam-last-bn-dead-at-init", "mobile", "dead-units",
      cf=lambda s: replace(s, model=lambda: fd.TinyMobileNet(act=torch.nn.ReLU6)), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mobile("adam", 3e-3, model=lambda: fd.TinyMobileNet(act=torch.nn.ReLU6, dead_bias=-20.0), track_zero_grads=True)


# fresh5 half: healthy look-alikes


@case("flow-realnvp-adamw-warmup-cosine", "flow", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return flow("adamw", 0.03, schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine")


@case("flow-realnvp-adam-onecycle-log5", "flow", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return flow("adam", 0.01, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("flow-realnvp-rmsprop-step-decay-log10", "flow", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return flow("rmsprop", 3e-3, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("flow-realnvp-adam-sgdr-log2", "flow", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return flow("adam", 3e-3, log_every=2, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("flow-realnvp-adam-constant-long-avg50", "flow", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return flow("adam", 0.01, steps=1800, log_every=50, average=True, eval_every=180)


@case("diffuse-mlp-adamw-warmup-cosine", "diffuse", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return diffuse("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("diffuse-mlp-adam-constant-converged-avg20", "diffuse", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return diffuse("adam", 1e-3, steps=1500, log_every=20, average=True, eval_every=150)


@case("diffuse-mlp-sgdm-step-decay-log10", "diffuse", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return diffuse("sgdm", 0.1, log_every=10, schedule=multistep(0.6, 0.8, gamma=0.2), schedule_name="MultiStepLR")


@case("diffuse-mlp-adam-cyclic-log4", "diffuse", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return diffuse("adam", 3e-3, log_every=4, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("diffuse-mlp-rmsprop-resumed-with-state", "diffuse", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return diffuse("rmsprop", 1e-3, recreate_optimizer_at=frozenset({200, 400}), keep_optimizer_state=True)


@case("triplet-mlp-adamw-warmup-cosine-log2", "triplet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return triplet("adamw", 0.01, log_every=2, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("triplet-mlp-adam-constant-long-avg50", "triplet", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return triplet("adam", 1e-3, steps=1200, log_every=50, average=True, eval_every=120)


@case("triplet-mlp-sgdm-onecycle", "triplet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return triplet("sgdm", 0.1, schedule=one_cycle, schedule_name="OneCycleLR")


@case("triplet-mlp-rmsprop-step-decay-log5", "triplet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return triplet("rmsprop", 3e-3, log_every=5, schedule=multistep(0.5, gamma=0.1), schedule_name="MultiStepLR at 50%")


@case("triplet-mlp-sgd-sgdr-log20", "triplet", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return triplet("sgd", 1.0, log_every=20, eval_every=100, schedule=warm_restarts(0.25),
                   schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("mobile-cnn-adamw-warmup-cosine", "mobile", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(6))
def _() -> Setup:
    return mobile("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("mobile-cnn-sgdm-onecycle-log5", "mobile", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(6))
def _() -> Setup:
    return mobile("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("mobile-cnn-adam-finetune-lr-1e-4", "mobile", "healthy", like=("lr-too-low", "plateau"),
      shape=healthy_shape(6, fall=0.95, pretrained=True))
def _() -> Setup:
    return mobile("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_mobile, meta={"pretrained": True})


@case("mobile-cnn-sgdm-step-decay-log10", "mobile", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(6))
def _() -> Setup:
    return mobile("sgdm", 0.1, log_every=10, schedule=multistep(0.6, 0.8, gamma=0.2), schedule_name="MultiStepLR")


@case("mobile-cnn-adam-constant-long-avg25", "mobile", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(6))
def _() -> Setup:
    return mobile("adam", 3e-3, steps=1000, log_every=25, average=True, eval_every=100)


# fresh5 half, logged once per epoch


@case("mobile-cnn-adam-600-images-overfits-per-epoch", "mobile", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return mobile("adam", 3e-3, steps=18 * 22, data=fd.pattern_images(train_rows=600, batch_size=32), log_per_epoch=True)


@case("flow-realnvp-adam-cosine-per-epoch", "flow", "healthy", like=("overfitting", "plateau", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return flow("adam", 3e-3, steps=23 * 26, log_per_epoch=True, schedule=cosine_after(0.0), per_epoch=True,
                schedule_name="cosine, per epoch")  # fmt: skip


@case("diffuse-mlp-adam-per-epoch", "diffuse", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return diffuse("adam", 1e-3, steps=62 * 10, log_per_epoch=True)


@case("triplet-mlp-adam-step-decay-per-epoch", "triplet", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape(fall=0.5))
def _() -> Setup:
    return triplet("adam", 3e-3, steps=62 * 10, log_per_epoch=True, schedule=multistep(0.5, gamma=0.1), per_epoch=True,
                   schedule_name="MultiStepLR at 50%, per epoch")  # fmt: skip


@case("mobile-cnn-sgdm-lr-3-per-epoch", "mobile", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return mobile("sgdm", 3.0, steps=62 * 8, log_per_epoch=True)


# --------------------------------------------------------------------------- the sixth fresh half (fresh6, held out from all tuning)


MORE_OPTIMIZERS: dict[str, tuple[type[Optimizer], dict[str, Any]]] = {
    "adagrad": (torch.optim.Adagrad, {}), "nadam": (torch.optim.NAdam, {}), "radam": (torch.optim.RAdam, {}),
    "adamax": (torch.optim.Adamax, {}), "adadelta": (torch.optim.Adadelta, {}), "asgd": (torch.optim.ASGD, {}),
}  # fmt: skip
"""Optimizers the sixth half uses beyond ``opt``'s (Adamax, Adadelta and ASGD: fresh14's)."""


def setup_more(data: fd.Data, model: Callable[[], Any], optimizer: str, lr: float, steps: int, **knobs: Any) -> Setup:
    """``setup``, with Adagrad, NAdam and RAdam as well."""
    if optimizer not in MORE_OPTIMIZERS:
        return setup(data, model, optimizer, lr, steps, **knobs)
    o, args = MORE_OPTIMIZERS[optimizer]
    return Setup(name="", data=data, model=model, optimizer=o, opt_args=args | knobs.pop("opt_args", {}), lr=lr,
                 steps=steps, **knobs)  # fmt: skip


def polynomial_decay(power: float) -> Callable[[Optimizer, Setup], Any]:
    """PolynomialLR to 0 over the run (per batch)."""
    return lambda o, s: torch.optim.lr_scheduler.PolynomialLR(o, total_iters=s.steps, power=power)


def ctc_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.ctc_mean)
    knobs.setdefault("loss_name", "nn.CTCLoss(blank=0, reduction='mean') of log_softmax over the blank + 6 tokens")
    knobs.setdefault("meta", {"vocab_size": fd.CTC_TOKENS + 1, "blank": 0, "frames": fd.CTC_FRAMES})
    return setup_more(knobs.pop("data", None) or fd.ctc_utterances(), knobs.pop("model", None) or fd.CTCNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def mdn_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.mdn_nll)
    knobs.setdefault("loss_name", "mixture density negative log-likelihood per point (nats, logsumexp)")
    knobs.setdefault("meta", {"mixture_components": fd.MDN_K})
    return setup_more(knobs.pop("data", None) or fd.inverse_sine(), knobs.pop("model", None) or fd.MixtureDensityNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def rank_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.listnet)
    knobs.setdefault("loss_name", "ListNet listwise softmax cross-entropy per query")
    knobs.setdefault("meta", {"docs_per_query": fd.RANK_DOCS})
    return setup_more(knobs.pop("data", None) or fd.ranked_queries(), knobs.pop("model", None) or fd.RankScorer,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def mil_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.bag_bce)
    knobs.setdefault("loss_name", "BCEWithLogitsLoss of the bag label")
    knobs.setdefault("meta", {"max_instances": fd.MIL_INSTANCES, "pooling": "gated attention"})
    return setup_more(knobs.pop("data", None) or fd.instance_bags(), knobs.pop("model", None) or fd.AttentionMIL,
                      optimizer, lr, steps, **knobs)  # fmt: skip


CTC0 = fd.uniform_ctc_loss()
"""The held-out CTC loss of uniform outputs (~11.1): where an untrained CTC model starts."""
NLL0, LN16 = fd.unit_gaussian_nll(), LN(fd.RANK_DOCS)
"""The NLL of a unit Gaussian for the MDN's standardised target (~1.39), and ln 16 for the ranker at equal scores."""

# ctc: conv + bidirectional GRU (32) CTC model of 24-frame utterances of 2-5 of 6 tokens; works at Adam 3e-3..0.01,
# RMSprop 3e-3, SGDm 0.1; the held-out CTC loss ends near 0.2 (Adam 1e-3 sits on the blank plateau near 2.3 first)


@case("ctc-bigru-adam-lr-0p3-100x-from-step-1", "ctc", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ctc_family("adam", 0.3)


@case("ctc-bigru-sgdm-lr-1-diverges-after-dip", "ctc", "lr-high-diverge", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=rises_after_dip(1.15))
def _() -> Setup:
    return ctc_family("sgdm", 1.0)


@case("ctc-rnn-sgd-lr-1-no-clip-explodes", "ctc", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=early_peak(5.0))
def _() -> Setup:
    return ctc_family("sgd", 1.0, model=lambda: fd.CTCNet("rnn", gain=1.0))


@case("ctc-bigru-adam-truncated-utterances-inf", "ctc", "nan-infeasible",
      cf=lambda s: replace(s, loss_fn=fd.ctc_mean_safe), cf_what="zero_infinity=True (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 400))
def _() -> Setup:
    return ctc_family("adam", 3e-3, data=fd.ctc_utterances(truncated=3), safe_loss_fn=fd.ctc_mean_safe)


@case("ctc-bigru-sgdm-summed-ctc", "ctc", "summed",
      cf=lambda s: replace(s, loss_fn=fd.ctc_mean, loss_name="nn.CTCLoss(blank=0, reduction='mean')"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, CTC0, "the CTC loss of uniform outputs"))
def _() -> Setup:
    return ctc_family("sgdm", 0.1, loss_fn=fd.ctc_summed, loss_name="nn.CTCLoss(blank=0, reduction='sum')",
                      val_loss_fn=fd.ctc_mean, mean_loss_fn=fd.ctc_mean)  # fmt: skip


@case("ctc-bigru-adam-lr-3e-5-100x-low", "ctc", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ctc_family("adam", 3e-5)


@case("ctc-bigru-rmsprop-lr-3e-3-recreated-each-epoch", "ctc", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=126, tol=5,
      shape=anything)
def _() -> Setup:
    return ctc_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(125, 400, 125)))


@case("ctc-bigru-adam-multistep-x0p1-at-5pct", "ctc", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return ctc_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ctc-bigru-adam-head-x100-log2", "ctc", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CTCNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, CTC0, "the CTC loss of uniform outputs"))
def _() -> Setup:
    return ctc_family("adam", 3e-3, log_every=2, model=lambda: scaled_head(fd.CTCNet(), 100, bias=True))


@case("ctc-bigru-adam-lr-0p05-no-warmup", "ctc", "missing-warmup", cf=lambda s: replace(s, warmup_steps=80),
      cf_what="an 80-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=80,
      shape=anything)
def _() -> Setup:
    return ctc_family("adam", 0.05)


@case("ctc-bigru-adamw-warmup-constant-peak-0p3", "ctc", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=rises_after_dip(1.15))
def _() -> Setup:
    return ctc_family("adamw", 0.3, schedule=constant_after(0.2), schedule_name="linear warmup 20% + constant")


# mdn: a tanh MLP (2-64-64) giving a 5-component Gaussian mixture of Bishop's inverse sine problem; works at Adam
# 1e-3..3e-3, RMSprop 1e-3, SGDm 3e-3 (slowly); its held-out NLL ends near -0.4 nats


@case("mdn-tanh-adam-lr-0p05-spikes", "mdn", "lr-high-spikes", cf=lr_to(2e-3), cf_what="Adam lr 2e-3",
      must=("lr-too-high",), may=HIGH, tol=800, shape=spiky())
def _() -> Setup:
    return mdn_family("adam", 0.05)


@case("mdn-tanh-adam-lr-1e-5-100x-low", "mdn", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return mdn_family("adam", 1e-5)


@case("mdn-tanh-sgdm-lr-1e-4-30x-low-log5", "mdn", "lr-low-sgd", cf=lr_to(3e-3), cf_what="lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return mdn_family("sgdm", 1e-4, log_every=5)


@case("mdn-relu-adam-hidden-dead-at-init", "mdn", "dead-units",
      cf=lambda s: replace(s, model=lambda: fd.MixtureDensityNet(act=torch.nn.ReLU)), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mdn_family("adam", 2e-3, model=lambda: fd.MixtureDensityNet(act=torch.nn.ReLU, dead_bias=-6.0),
                      track_zero_grads=True)  # fmt: skip


@case("mdn-tanh-adam-head-x30", "mdn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MixtureDensityNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(3, NLL0, "the NLL of a unit Gaussian"))
def _() -> Setup:
    return mdn_family("adam", 2e-3, model=lambda: scaled_head(fd.MixtureDensityNet(), 30, bias=True))


@case("mdn-tanh-nadam-exponential-100x-in-80-steps", "mdn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 80))
def _() -> Setup:
    return mdn_family("nadam", 2e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 80")


@case("mdn-tanh-rmsprop-lr-1e-3-recreated-each-epoch", "mdn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return mdn_family("rmsprop", 1e-3, recreate_optimizer_at=frozenset(range(31, 800, 31)))


@case("mdn-tanh-adam-exponential-gamma-1p01-log2", "mdn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return mdn_family("adam", 1e-3, log_every=2, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("mdn-tanh128-adam-300-points-overfits", "mdn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return mdn_family("adam", 3e-3, steps=1500, eval_every=50, data=fd.inverse_sine(train_rows=300, batch_size=32),
                      model=lambda: fd.MixtureDensityNet(hidden=128))  # fmt: skip


# rank: a ReLU MLP scorer (12-64-64-1) of 16 documents per query, ListNet (or RankNet) loss; works at Adam 3e-3..0.01,
# SGDm 0.1, Adagrad 0.03; the held-out listwise loss ends near 1.75 (ln 16 = 2.77 at equal scores, 1.39 a perfect
# ranking)


@case("rank-mlp-adam-lr-0p3-100x-from-step-1", "rank", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=800, shape=anything)
def _() -> Setup:
    return rank_family("adam", 0.3)


@case("rank-mlp-sgd-lr-30-300x-blows-up-log2", "rank", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return rank_family("sgd", 30.0, log_every=2)


@case("rank-mlp-adagrad-lr-1e-3-30x-low", "rank", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return rank_family("adagrad", 1e-3)


@case("rank-mlp-adam-lr-1e-5-300x-low-log4", "rank", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return rank_family("adam", 1e-5, log_every=4)


@case("rank-mlp-sgdm-summed-listnet", "rank", "summed",
      cf=lambda s: replace(s, loss_fn=fd.listnet, loss_name="ListNet softmax cross-entropy (mean over queries)"),
      cf_what="reduction='mean' over the queries", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LN16, "ln 16"))
def _() -> Setup:
    return rank_family("sgdm", 0.1, loss_fn=fd.listnet_summed, loss_name="ListNet softmax cross-entropy (reduction='sum')",
                       val_loss_fn=fd.listnet, mean_loss_fn=fd.listnet)  # fmt: skip


@case("rank-mlp-adam-head-x300", "rank", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RankScorer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN16, "ln 16"))
def _() -> Setup:
    return rank_family("adam", 3e-3, model=lambda: scaled_head(fd.RankScorer(), 300, bias=True))


@case("rank-mlp-rmsprop-lr-3e-3-recreated-each-epoch", "rank", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return rank_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 800, 93)))


@case("rank-mlp-nesterov-multistep-x0p1-at-5pct", "rank", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=41, tol=100, shape=lr_down_by(0.11, 45))
def _() -> Setup:
    return rank_family("nesterov", 0.1, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("rank-ranknet-adam-lr-0p1-30x-from-step-1", "rank", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=800, shape=anything)
def _() -> Setup:
    return rank_family("adam", 0.1, loss_fn=fd.ranknet, loss_name="RankNet pairwise logistic loss (mean over pairs)")


@case("rank-mlp-adam-nan-feature-early", "rank", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 40))
def _() -> Setup:
    return rank_family("adam", 3e-3, data=fd.ranked_queries(nan_rows=0.01))


# mil: gated-attention MIL (instance MLP 10-48-48, attention 32) of bags of 6-16 instances, BCE with logits; works at
# Adam 3e-3, SGDm 0.03; the held-out loss ends near 0.33 (ln 2 at chance)


@case("mil-attn-adam-lr-0p1-30x-from-step-1", "mil", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=800, shape=anything)
def _() -> Setup:
    return mil_family("adam", 0.1)


@case("mil-attn-sgdm-lr-1e-3-30x-low-log4", "mil", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return mil_family("sgdm", 1e-3, log_every=4)


@case("mil-attn-rmsprop-lr-3e-3-recreated-each-epoch", "mil", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return mil_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 800, 93)))


@case("mil-attn-adam-encoder-dead-at-init", "mil", "dead-units",
      cf=lambda s: replace(s, model=fd.AttentionMIL), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mil_family("adam", 3e-3, model=lambda: fd.AttentionMIL(dead_bias=-6.0), track_zero_grads=True)


@case("mil-attn-adam-head-x300", "mil", "last-layer-init",
      cf=lambda s: replace(s, model=fd.AttentionMIL), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN2, "ln 2"))
def _() -> Setup:
    return mil_family("adam", 3e-3, model=lambda: scaled_head(fd.AttentionMIL(), 300, bias=True))


@case("mil-attn-sgdm-exponential-gamma-1p02-nan", "mil", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(20, 800))
def _() -> Setup:
    return mil_family("sgdm", 0.03, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("mil-attn128-adam-200-bags-overfits", "mil", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return mil_family("adam", 3e-3, eval_every=20, data=fd.instance_bags(train_rows=200),
                      model=lambda: fd.AttentionMIL(hidden=128))  # fmt: skip


@case("mil-attn-adamw-exponential-100x-in-80-steps", "mil", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 80))
def _() -> Setup:
    return mil_family("adamw", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 80")


@case("mil-attn-adam-lr-0p03-no-warmup", "mil", "missing-warmup", cf=lambda s: replace(s, warmup_steps=100),
      cf_what="a 100-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=100,
      shape=anything)
def _() -> Setup:
    return mil_family("adam", 0.03)


@case("mil-attn-nadam-warmup-cosine-peak-0p3", "mil", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=800, shape=rises_after_dip(1.15))
def _() -> Setup:
    return mil_family("nadam", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


# fresh6 half: healthy look-alikes


@case("ctc-bigru-adam-lr-1e-3-3x-low-blank-plateau", "ctc", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return ctc_family("adam", 1e-3, steps=600, eval_every=60)


@case("ctc-bigru-adamw-warmup-cosine", "ctc", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ctc_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ctc-bigru-sgdm-clipped-onecycle-log5", "ctc", "healthy", like=("lr-too-high", "missing-warmup", "exploding-gradients"),
      shape=healthy_shape())
def _() -> Setup:
    return ctc_family("sgdm", 0.3, log_every=5, max_grad_norm=5.0, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ctc-bigru-rmsprop-reduce-on-plateau-log4", "ctc", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return ctc_family("rmsprop", 0.01, log_every=4, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("ctc-bigru-adam-constant-long-avg25", "ctc", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return ctc_family("adam", 3e-3, steps=1000, log_every=25, average=True, eval_every=100)


@case("mdn-tanh-adam-constant-below-zero-avg50", "mdn", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return mdn_family("adam", 1e-3, steps=2000, log_every=50, average=True, eval_every=200)


@case("mdn-tanh-adamw-sgdr-log4", "mdn", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return mdn_family("adamw", 2e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("mdn-tanh-rmsprop-step-decay-log10", "mdn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return mdn_family("rmsprop", 1e-3, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("mdn-tanh-radam-constant", "mdn", "healthy", like=("missing-warmup", "lr-too-high", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return mdn_family("radam", 1e-3, steps=1200, eval_every=120)


@case("mdn-tanh-adam-cyclic-log2", "mdn", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return mdn_family("adam", 3e-3, log_every=2, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("rank-mlp-adamw-warmup-cosine", "rank", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return rank_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("rank-mlp-adam-finetune-lr-1e-4", "rank", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return rank_family("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_ranker, meta={"pretrained": True})


@case("rank-mlp-sgdm-polynomial-decay-log5", "rank", "healthy", like=("premature-decay", "lr-too-low"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return rank_family("sgdm", 0.1, log_every=5, schedule=polynomial_decay(2.0), schedule_name="PolynomialLR(power=2) to 0")


@case("rank-ranknet-adam-constant-long-avg50", "rank", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return rank_family("adam", 3e-3, steps=2000, log_every=50, average=True, eval_every=200, loss_fn=fd.ranknet,
                       loss_name="RankNet pairwise logistic loss (mean over pairs)")  # fmt: skip


@case("rank-mlp-adagrad-constant-log10", "rank", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return rank_family("adagrad", 0.03, log_every=10)


@case("rank-mlp-nesterov-sgdr-log4", "rank", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return rank_family("nesterov", 0.1, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("mil-attn-adamw-warmup-cosine", "mil", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return mil_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("mil-attn-sgdm-onecycle-log5", "mil", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return mil_family("sgdm", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("mil-attn-adam-constant-long-avg50", "mil", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return mil_family("adam", 1e-3, steps=2000, log_every=50, average=True, eval_every=200)


@case("mil-attn-rmsprop-resumed-with-state", "mil", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return mil_family("rmsprop", 1e-3, recreate_optimizer_at=frozenset({300, 600}), keep_optimizer_state=True)


@case("mil-attn-sgdm-step-decay-log10", "mil", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return mil_family("sgdm", 0.03, log_every=10, schedule=multistep(0.6, 0.8, gamma=0.2), schedule_name="MultiStepLR")


# fresh6 half, logged once per epoch


@case("mdn-tanh128-adam-300-points-overfits-per-epoch", "mdn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return mdn_family("adam", 3e-3, steps=9 * 120, data=fd.inverse_sine(train_rows=300, batch_size=32),
                      model=lambda: fd.MixtureDensityNet(hidden=128), log_per_epoch=True)  # fmt: skip


@case("mil-attn-adam-lr-0p1-per-epoch", "mil", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return mil_family("adam", 0.1, steps=93 * 8, log_per_epoch=True)


@case("ctc-bigru-adam-per-epoch", "ctc", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ctc_family("adam", 3e-3, steps=125 * 8, log_per_epoch=True)


@case("rank-mlp-adam-step-decay-per-epoch", "rank", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return rank_family("adam", 3e-3, steps=93 * 8, log_per_epoch=True, schedule=multistep(0.5, gamma=0.1), per_epoch=True,
                       schedule_name="MultiStepLR at 50%, per epoch")  # fmt: skip


@case("mdn-tanh-adam-cosine-per-epoch", "mdn", "healthy", like=("overfitting", "plateau", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return mdn_family("adam", 1e-3, steps=31 * 30, log_per_epoch=True, schedule=cosine_after(0.0), per_epoch=True,
                      schedule_name="cosine, per epoch")  # fmt: skip



# --------------------------------------------------------------------------- the seventh fresh half (fresh7, held out from all tuning)


def pinn_family(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.pinn_loss)
    knobs.setdefault("loss_name", "physics-informed loss: mean squared residual (u'' - f) / pi^2 + boundary u(0)^2 + u(1)^2")
    knobs.setdefault("meta", {"pde": "u'' = f on [0, 1], u(0) = u(1) = 0", "collocation_points": 2048})
    return setup_more(knobs.pop("data", None) or fd.collocation(), knobs.pop("model", None) or fd.PINN, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def survival_family(optimizer: str, lr: float, steps: int = 640, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 64)
    knobs.setdefault("loss_fn", fd.cox_nll)
    knobs.setdefault("loss_name", "Cox negative log partial likelihood per event (risk sets of 64, logcumsumexp)")
    knobs.setdefault("meta", {"censored_share": 0.54, "risk_set": fd.SURV_GROUP})
    return setup_more(knobs.pop("data", None) or fd.survival_cohort(), knobs.pop("model", None) or fd.CoxMLP, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def moe_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.moe_loss)
    knobs.setdefault("loss_name", "cross_entropy + 0.01 x load-balancing loss (Switch)")
    knobs.setdefault("meta", {"num_classes": fd.MOE_CLASSES, "experts": fd.MOE_EXPERTS})
    return setup_more(knobs.pop("data", None) or fd.cluster_classes(), knobs.pop("model", None) or fd.MixtureOfExperts,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def sae_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.sae_loss)
    knobs.setdefault("loss_name", "sparse autoencoder: squared error summed over 24 dims + 0.03 x L1 of the 96 latents")
    knobs.setdefault("meta", {"latents": fd.SAE_LATENTS, "l1_coefficient": fd.SAE_L1})
    return setup_more(knobs.pop("data", None) or fd.sparse_features(), knobs.pop("model", None) or fd.SparseAutoencoder,
                      optimizer, lr, steps, **knobs)  # fmt: skip


PINN0, COX0, SAE0, LN10 = 4.37, fd.cox_at_zero(), fd.sae_zero_loss(), LN(fd.MOE_CLASSES)
"""Where the untrained models start: the PINN's held-out loss (~4.4: the residual of u = 0 over pi^2), the Cox loss
at equal scores (~3.6), the SAE's loss of a zero reconstruction (~2.9), and ln 10 for the mixture of experts."""

# pinn: a tanh MLP (1-32-32-32-1) solving u'' = f on [0, 1] with u(0) = u(1) = 0 through autograd's second derivative
# at 2048 collocation points plus the boundary values; works at Adam 1e-3..1e-2, SGDm 0.01, RMSprop 3e-4; the held-out
# loss (the residual and boundary terms at 512 other points) falls from ~4.4 to ~1e-4


@case("pinn-tanh-adam-lr-0p3-100x-from-step-1", "pinn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return pinn_family("adam", 0.3)


@case("pinn-tanh-sgdm-lr-0p1-no-clip-explodes", "pinn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return pinn_family("sgdm", 0.1)


@case("pinn-tanh-adam-lr-3e-5-100x-low", "pinn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return pinn_family("adam", 3e-5)


@case("pinn-tanh-sgdm-lr-3e-4-30x-low-log4", "pinn", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return pinn_family("sgdm", 3e-4, log_every=4)


@case("pinn-tanh-sgdm-summed-residual", "pinn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.pinn_loss, loss_name="mean squared residual + boundary terms"),
      cf_what="the residual's mean over the points", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, PINN0, "the held-out loss of u = 0"))
def _() -> Setup:
    return pinn_family("sgdm", 0.01, loss_fn=fd.pinn_loss_summed, loss_name="squared residual summed over the points + boundary terms",
                       val_loss_fn=fd.pinn_loss, mean_loss_fn=fd.pinn_loss)  # fmt: skip


@case("pinn-tanh-adam-head-x300", "pinn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PINN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PINN0, "the held-out loss of u = 0"))
def _() -> Setup:
    return pinn_family("adam", 3e-3, model=lambda: scaled_head(fd.PINN(), 300, bias=True))


@case("pinn-tanh-adam-relative-residual-div0", "pinn", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.pinn_loss, loss_name="mean squared residual + boundary terms"),
      cf_what="the residual not divided by f", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan,
      tol=2, shape=nan_within(1, 40))
def _() -> Setup:
    return pinn_family("adam", 3e-3, data=fd.collocation(endpoints=True), loss_fn=fd.pinn_loss_relative,
                       loss_name="relative residual ((u'' - f) / f)^2 + boundary terms", val_loss_fn=fd.pinn_loss,
                       safe_loss_fn=fd.pinn_loss)  # fmt: skip


@case("pinn-tanh-adam-lr-3e-3-recreated-each-epoch", "pinn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=33, tol=5,
      shape=anything)
def _() -> Setup:
    return pinn_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(32, 600, 32)))


@case("pinn-tanh-adam-multistep-x0p1-at-5pct", "pinn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return pinn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("pinn-tanh-adam-exponential-gamma-1p01", "pinn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return pinn_family("adam", 3e-3, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("pinn-tanh-adam-lr-0p03-constant-plateau", "pinn", "plateau", cf=lambda s: replace(s, decay_step=300),
      cf_what="lr x0.1 from step 300", must=("plateau",), may=("lr-too-high",), fault_step=300, tol=250, shape=flat_late)
def _() -> Setup:
    return pinn_family("adam", 0.03)


@case("pinn-tanh-adam-lr-0p05-no-warmup", "pinn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=100),
      cf_what="a 100-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=100,
      shape=anything)
def _() -> Setup:
    return pinn_family("adam", 0.05, schedule=cosine_after(0.0), schedule_name="cosine, no warmup")


# survival: a ReLU MLP (12-64-64-1) scoring log-risk, Cox partial likelihood over risk sets of 64 patients; works at
# Adam 3e-3, RMSprop 3e-3, Adagrad 0.03-0.1, SGDm 0.01-0.03; the held-out loss falls from ~3.6 (equal scores) to ~2.58


@case("survival-mlp-adam-lr-0p3-100x-from-step-1", "survival", "lr-high-step1", cf=lr_to(3e-3),
      cf_what="Adam lr 3e-3", must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=640, shape=anything)
def _() -> Setup:
    return survival_family("adam", 0.3)


@case("survival-mlp-sgdm-lr-0p3-diverges-after-dip", "survival", "lr-high-diverge", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=640, shape=anything)
def _() -> Setup:
    return survival_family("sgdm", 0.3)


@case("survival-mlp-adam-lr-1e-5-300x-low", "survival", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=640, shape=still_falling)
def _() -> Setup:
    return survival_family("adam", 1e-5)


@case("survival-mlp-adagrad-lr-1e-3-50x-low-log5", "survival", "lr-low-adagrad", cf=lr_to(0.05),
      cf_what="Adagrad lr 0.05", must=("lr-too-low",), may=("plateau",), tol=640, shape=still_falling)
def _() -> Setup:
    return survival_family("adagrad", 1e-3, log_every=5)


@case("survival-mlp-sgdm-summed-cox", "survival", "summed",
      cf=lambda s: replace(s, loss_fn=fd.cox_nll, loss_name="Cox negative log partial likelihood per event"),
      cf_what="the loss divided by the event count", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, COX0, "the Cox loss at equal scores"))
def _() -> Setup:
    return survival_family("sgdm", 0.02, loss_fn=fd.cox_nll_summed, loss_name="Cox negative log partial likelihood summed over the events",
                           val_loss_fn=fd.cox_nll, mean_loss_fn=fd.cox_nll)  # fmt: skip


@case("survival-mlp-adam-head-x300", "survival", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CoxMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, COX0, "the Cox loss at equal scores"))
def _() -> Setup:
    return survival_family("adam", 3e-3, model=lambda: scaled_head(fd.CoxMLP(), 300, bias=True))


@case("survival-mlp-adam-missing-covariate-nan", "survival", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 64))
def _() -> Setup:
    return survival_family("adam", 3e-3, data=fd.survival_cohort(nan_rows=0.005))


@case("survival-mlp-rmsprop-lr-3e-3-recreated-each-epoch", "survival", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=65, tol=5,
      shape=anything)
def _() -> Setup:
    return survival_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(64, 640, 64)))


@case("survival-mlp-adam-hidden-dead-at-init", "survival", "dead-units",
      cf=lambda s: replace(s, model=fd.CoxMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return survival_family("adam", 3e-3, model=lambda: fd.CoxMLP(dead_bias=-6.0), track_zero_grads=True)


@case("survival-mlp128-adam-320-patients-overfits", "survival", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return survival_family("adam", 3e-3, steps=1500, eval_every=50, data=fd.survival_cohort(train_rows=320),
                           model=lambda: fd.CoxMLP(hidden=128))  # fmt: skip


@case("survival-mlp-adamw-exponential-100x-in-60-steps", "survival", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 60))
def _() -> Setup:
    return survival_family("adamw", 3e-3, schedule=exponential_to(0.01, 0.09375),
                           schedule_name="ExponentialLR per batch, x0.01 by step 60")  # fmt: skip


@case("survival-mlp-sgdm-cyclic-peak-0p3", "survival", "lr-high-cyclic", cf=lr_to(0.03),
      cf_what="peak lr 0.03 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=640, shape=anything)
def _() -> Setup:
    return survival_family("sgdm", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


# moe: a mixture of 6 ReLU MLP experts behind a shared ReLU stem and a softmax (or top-2) gate, cross-entropy plus 0.01 x
# the Switch load-balancing loss, 10 classes of 4 interleaved clusters each; works at Adam 3e-3..1e-2, RMSprop 3e-3,
# SGDm 0.1; the held-out loss falls from ln 10 to ~0.31


@case("moe-softmax-adam-lr-0p1-to-chance", "moe", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return moe_family("adam", 0.1, steps=600)


@case("moe-top2-sgd-lr-10-blows-up-log2", "moe", "lr-high-step1", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return moe_family("sgd", 10.0, steps=600, log_every=2, model=lambda: fd.MixtureOfExperts(top_k=2))


@case("moe-softmax-adam-lr-3e-5-100x-low", "moe", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return moe_family("adam", 3e-5, steps=600)


@case("moe-top2-rmsprop-lr-1e-4-30x-low-log4", "moe", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return moe_family("rmsprop", 1e-4, steps=600, log_every=4, model=lambda: fd.MixtureOfExperts(top_k=2))


@case("moe-softmax-sgdm-summed-ce", "moe", "summed",
      cf=lambda s: replace(s, loss_fn=fd.moe_loss, loss_name="cross_entropy + 0.01 x load-balancing loss"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, LN10, "ln 10"))
def _() -> Setup:
    return moe_family("sgdm", 0.1, steps=600, loss_fn=fd.moe_loss_summed,
                      loss_name="cross_entropy (reduction='sum') + 0.01 x load-balancing loss", val_loss_fn=fd.moe_loss,
                      mean_loss_fn=fd.moe_loss)  # fmt: skip


@case("moe-top2-adam-expert-heads-x300", "moe", "last-layer-init",
      cf=lambda s: replace(s, model=lambda: fd.MixtureOfExperts(top_k=2)), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN10, "ln 10"))
def _() -> Setup:
    return moe_family("adam", 3e-3, steps=600, model=lambda: fd.scaled_experts(fd.MixtureOfExperts(top_k=2), 300))


@case("moe-softmax-sgdm-exponential-gamma-1p02-nan", "moe", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(20, 600))
def _() -> Setup:
    return moe_family("sgdm", 0.05, steps=600, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("moe-softmax-adam-lr-0p01-recreated-each-epoch", "moe", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return moe_family("adam", 0.01, steps=600, recreate_optimizer_at=frozenset(range(93, 600, 93)))


@case("moe-softmax-adamw-multistep-x0p1-at-5pct", "moe", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return moe_family("adamw", 3e-3, steps=600, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("moe-top2-adam-lr-0p03-no-warmup", "moe", "missing-warmup", cf=lambda s: replace(s, warmup_steps=100),
      cf_what="a 100-step linear warmup", must=("missing-warmup",), may=("lr-too-high", "plateau"), tol=100,
      shape=anything)
def _() -> Setup:
    return moe_family("adam", 0.03, steps=600, model=lambda: fd.MixtureOfExperts(top_k=2))


@case("moe-softmax-nadam-warmup-cosine-peak-0p3", "moe", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return moe_family("nadam", 0.3, steps=600, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("moe-softmax-adam-500-rows-overfits", "moe", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return moe_family("adam", 3e-3, steps=1200, eval_every=40, data=fd.cluster_classes(train_rows=500))


# sae: a sparse autoencoder (24 -> 96 ReLU latents -> 24, the decoder bias subtracted first) of rows made of ~2.6 of 64
# superposed feature directions, squared error plus 0.03 x L1 of the latents; works at Adam 0.01, RMSprop 3e-3, SGDm
# 0.1; the held-out loss falls from ~3.3 to ~0.09


@case("sae-relu-adam-lr-0p1-latents-die", "sae", "dead-units-lr", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("dead-units",), may=("lr-too-high", "plateau", "exploding-gradients"), fault_step=first_dead, tol=200,
      shape=anything)
def _() -> Setup:
    return sae_family("adam", 0.1, track_zero_grads=True)


@case("sae-relu-adam-encoder-dead-at-init", "sae", "dead-units",
      cf=lambda s: replace(s, model=fd.SparseAutoencoder), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return sae_family("adam", 0.01, model=lambda: fd.SparseAutoencoder(dead_bias=-3.0), track_zero_grads=True)


@case("sae-relu-sgdm-lr-1-10x-nan", "sae", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return sae_family("sgdm", 1.0)


@case("sae-relu-adam-lr-1e-4-100x-low", "sae", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return sae_family("adam", 1e-4)


@case("sae-relu-rmsprop-lr-1e-4-30x-low-log5", "sae", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return sae_family("rmsprop", 1e-4, log_every=5)


@case("sae-relu-sgdm-summed-loss", "sae", "summed",
      cf=lambda s: replace(s, loss_fn=fd.sae_loss, loss_name="squared error + 0.03 x L1 (batch means)"),
      cf_what="reduction='mean' over the batch", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, SAE0, "the loss of a zero reconstruction"))
def _() -> Setup:
    return sae_family("sgdm", 0.1, loss_fn=fd.sae_loss_summed, loss_name="squared error + 0.03 x L1, summed over the batch",
                      val_loss_fn=fd.sae_loss, mean_loss_fn=fd.sae_loss)  # fmt: skip


@case("sae-relu-adam-decoder-x300", "sae", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SparseAutoencoder), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients", "dead-units"),
      tol=20, shape=first_loss_above(10, SAE0, "the loss of a zero reconstruction"))
def _() -> Setup:
    return sae_family("adam", 0.01, model=lambda: scaled_head(fd.SparseAutoencoder(), 300, bias=True))


@case("sae-relu-adam-lr-0p01-recreated-each-epoch", "sae", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return sae_family("adam", 0.01, recreate_optimizer_at=frozenset(range(93, 800, 93)))


@case("sae-relu-adam-resumed-without-state", "sae", "optimizer-reset-resume",
      cf=lambda s: replace(s, keep_optimizer_state=True), cf_what="the optimizer state restored at the resume",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=401, tol=5,
      shape=anything)
def _() -> Setup:
    return sae_family("adam", 0.01, recreate_optimizer_at=frozenset({400}))


@case("sae-relu-nadam-exponential-100x-in-80-steps", "sae", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 80))
def _() -> Setup:
    return sae_family("nadam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 80")


@case("sae-relu-adam-exponential-gamma-1p01-log2", "sae", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return sae_family("adam", 3e-3, log_every=2, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("sae-relu-sgdm-lr-0p3-3x-oscillates", "sae", "lr-high-oscillating", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return sae_family("sgdm", 0.3)


# fresh7 half: healthy look-alikes


@case("pinn-tanh-adamw-warmup-cosine", "pinn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return pinn_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("pinn-tanh-adam-sgdr-log4", "pinn", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return pinn_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("pinn-tanh-sgdm-step-decay-log10", "pinn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return pinn_family("sgdm", 0.01, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("survival-mlp-adam-warmup-cosine", "survival", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return survival_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("survival-mlp-adagrad-constant-log4", "survival", "healthy", like=("lr-too-low", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return survival_family("adagrad", 0.05, log_every=4)


@case("survival-mlp-sgdm-step-decay-log10", "survival", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return survival_family("sgdm", 0.03, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("survival-mlp-rmsprop-resumed-with-state", "survival", "healthy", like=("optimizer-reset",),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return survival_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset({320}), keep_optimizer_state=True)


@case("survival-mlp-adam-constant-long-avg50", "survival", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return survival_family("adam", 1e-3, steps=1600, log_every=50, average=True, eval_every=160)


@case("moe-softmax-adamw-warmup-cosine", "moe", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.MOE_CLASSES))
def _() -> Setup:
    return moe_family("adamw", 0.01, steps=600, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("moe-top2-sgdm-onecycle-log5", "moe", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.MOE_CLASSES))
def _() -> Setup:
    return moe_family("sgdm", 0.1, steps=600, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR",
                      model=lambda: fd.MixtureOfExperts(top_k=2))  # fmt: skip


@case("moe-softmax-rmsprop-reduce-on-plateau-log4", "moe", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.MOE_CLASSES))
def _() -> Setup:
    return moe_family("rmsprop", 3e-3, steps=600, log_every=4, eval_every=40, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("moe-top2-adam-cyclic-log2", "moe", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(fd.MOE_CLASSES))
def _() -> Setup:
    return moe_family("adam", 0.01, steps=600, log_every=2, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular",
                      model=lambda: fd.MixtureOfExperts(top_k=2))  # fmt: skip


@case("moe-softmax-adam-constant-long-avg50", "moe", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fd.MOE_CLASSES))
def _() -> Setup:
    return moe_family("adam", 1e-3, steps=1500, log_every=50, average=True, eval_every=150)


@case("sae-relu-adam-warmup-cosine", "sae", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return sae_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("sae-relu-sgdm-step-decay-log10", "sae", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return sae_family("sgdm", 0.3, log_every=10, schedule=multistep(0.6, 0.85, gamma=0.3), schedule_name="MultiStepLR")


@case("sae-relu-rmsprop-constant-long-avg50", "sae", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return sae_family("rmsprop", 3e-3, steps=2000, log_every=50, average=True, eval_every=200)


@case("sae-relu-adamw-sgdr-log4", "sae", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return sae_family("adamw", 0.03, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("sae-relu-adam-resumed-with-state", "sae", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return sae_family("adam", 0.01, recreate_optimizer_at=frozenset({400}), keep_optimizer_state=True)


# fresh7 half, logged once per epoch


@case("survival-mlp128-adam-320-patients-overfits-per-epoch", "survival", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return survival_family("adam", 3e-3, steps=5 * 300, data=fd.survival_cohort(train_rows=320),
                           model=lambda: fd.CoxMLP(hidden=128), log_per_epoch=True)  # fmt: skip


@case("moe-softmax-adam-lr-0p1-per-epoch", "moe", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return moe_family("adam", 0.1, steps=93 * 7, log_per_epoch=True)


@case("pinn-tanh-adamw-warmup-cosine-per-epoch", "pinn", "healthy", like=("overfitting", "plateau", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return pinn_family("adamw", 0.01, steps=32 * 20, log_per_epoch=True, schedule=cosine_after(0.1),
                       schedule_name="linear warmup 10% + cosine, per batch")  # fmt: skip


@case("moe-top2-adam-step-decay-per-epoch", "moe", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape(fd.MOE_CLASSES))
def _() -> Setup:
    return moe_family("adam", 3e-3, steps=93 * 7, log_per_epoch=True, schedule=multistep(0.6, gamma=0.1), per_epoch=True,
                      schedule_name="MultiStepLR at 60%, per epoch", model=lambda: fd.MixtureOfExperts(top_k=2))  # fmt: skip


@case("sae-relu-sgdm-per-epoch", "sae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return sae_family("sgdm", 0.1, steps=93 * 10, log_per_epoch=True)


# --------------------------------------------------------------------------- the eighth fresh half (fresh8, held out from all tuning)


def crf_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.crf_nll)
    knobs.setdefault("loss_name", "linear-chain CRF negative log-likelihood per sequence (forward algorithm, logsumexp; batch mean)")
    knobs.setdefault("meta", {"num_tags": fd.CRF_TAGS, "tag_scheme": "BIO", "sequence_length": fd.CRF_LENGTH})
    return setup_more(knobs.pop("data", None) or fd.tagged_sequences(), knobs.pop("model", None) or fd.RNNCRF, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def pixelcnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.pixel_bce)
    knobs.setdefault("loss_name", "binary cross-entropy with logits per pixel (nats, mean over the 144 pixels of each image)")
    knobs.setdefault("meta", {"image_size": "12x12", "masked_convolutions": "type A, then type B", "autoregressive": True})
    return setup_more(knobs.pop("data", None) or fd.binary_images(), knobs.pop("model", None) or fd.PixelCNN, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def siren_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the pixel value (the image standardised)")
    knobs.setdefault("meta", {"representation": "SIREN, omega_0 = 30", "image": "64x64", "held_out": "unseen pixel coordinates"})
    return setup_more(knobs.pop("data", None) or fd.coordinate_image(), knobs.pop("model", None) or fd.Siren, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def multitask_family(optimizer: str, lr: float, steps: int = 1500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 150)
    knobs.setdefault("loss_fn", fd.mtl_loss)
    knobs.setdefault("loss_name", "uncertainty-weighted multi-task loss exp(-s_c) CE + s_c/2 + exp(-s_r) MSE/2 + s_r/2 "
                                  "(learned log-variances s = log sigma^2, Kendall et al.; it can go below 0)")
    knobs.setdefault("meta", {"tasks": "6-class classification + regression", "classes": fd.MTL_CLASSES,
                              "task_weighting": "learned homoscedastic uncertainty"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.two_task_table(), knobs.pop("model", None) or fd.UncertaintyMTL,
                      optimizer, lr, steps, **knobs)  # fmt: skip


FOURIER = {"representation": "random Fourier features (64, scale 2) + ReLU MLP", "image": "64x64",
           "held_out": "unseen pixel coordinates"}  # fmt: skip
CRF0, PIX0, SIREN0, MTL0 = fd.crf_uniform_nll(), LN2, 1.0, fd.mtl_at_zero()
"""Where the untrained models start: the CRF loss of all-zero scores (16 ln 5 ~ 25.8), ln 2 per pixel for the PixelCNN,
the image's variance (1, standardised) for the coordinate MLPs, and ln 6 + mean(y^2) / 2 (~2.4) for the multi-task
loss."""

# crf: a BiGRU-CRF tagger (embeddings 16, GRU 24 a direction, a linear head of emissions, learnable 5 x 5 transitions)
# of 16-token BIO-tagged sequences; works at Adam 0.01-0.03, RMSprop 0.01, SGDm 0.03-0.1; the held-out CRF loss falls
# from ~25 (16 ln 5) to ~3.3 per sequence


@case("crf-bigru-adam-lr-1-100x-from-step-1", "crf", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return crf_family("adam", 1.0)


@case("crf-bigru-sgdm-lr-0p3-10x-blows-up-log2", "crf", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crf_family("sgdm", 0.3, log_every=2)


@case("crf-rnn-sgd-lr-0p5-no-clip-explodes", "crf", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return crf_family("sgd", 0.5, model=lambda: fd.RNNCRF("rnn", gain=1.0))


@case("crf-bigru-adam-lr-1e-4-100x-low", "crf", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return crf_family("adam", 1e-4)


@case("crf-bigru-sgdm-lr-1e-3-30x-low-log4", "crf", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return crf_family("sgdm", 1e-3, log_every=4)


@case("crf-bigru-sgdm-summed-crf", "crf", "summed",
      cf=lambda s: replace(s, loss_fn=fd.crf_nll, loss_name="CRF negative log-likelihood per sequence (batch mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, CRF0, "the CRF loss of all-zero scores"))
def _() -> Setup:
    return crf_family("sgdm", 0.03, loss_fn=fd.crf_nll_summed,
                      loss_name="CRF negative log-likelihood summed over the batch (reduction='sum', torchcrf's default)",
                      val_loss_fn=fd.crf_nll, mean_loss_fn=fd.crf_nll)  # fmt: skip


@case("crf-bigru-adam-head-x300", "crf", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RNNCRF), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CRF0, "the CRF loss of all-zero scores"))
def _() -> Setup:
    return crf_family("adam", 0.01, model=lambda: scaled_head(fd.RNNCRF(), 300, bias=True))


@case("crf-bigru-adam-lr-0p01-recreated-each-epoch", "crf", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return crf_family("adam", 0.01, recreate_optimizer_at=frozenset(range(93, 400, 93)))


@case("crf-bigru-adamw-exponential-100x-in-40-steps", "crf", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 45))
def _() -> Setup:
    return crf_family("adamw", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 40")


@case("crf-bigru-sgdm-exponential-gamma-1p02", "crf", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crf_family("sgdm", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("crf-bigru-adamw-warmup-cosine-peak-1", "crf", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return crf_family("adamw", 1.0, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("crf-bigru-sgdm-lr-0p1-constant-plateau", "crf", "plateau", cf=lambda s: replace(s, decay_step=200),
      cf_what="lr x0.1 from step 200", must=("plateau",), may=("lr-too-high",), fault_step=200, tol=150, shape=flat_late)
def _() -> Setup:
    return crf_family("sgdm", 0.1)


@case("crf-bilstm64-adam-300-sequences-overfits", "crf", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return crf_family("adam", 0.01, steps=600, eval_every=30, data=fd.tagged_sequences(train_rows=300),
                      model=lambda: fd.RNNCRF("lstm", hidden=64))  # fmt: skip


# pixelcnn: a PixelCNN (5x5 type-A masked conv, two residual 3x3 type-B masked convs, 16 channels, a per-pixel ReLU layer
# and a linear head) of binary 12x12 images of random shapes; works at Adam 3e-3-0.03, SGDm 0.3-1, RMSprop 3e-3,
# Adagrad 0.03; the held-out loss falls from ln 2 to ~0.185 nats per pixel (the pixels' marginal entropy is ~0.42)


@case("pixelcnn-adam-lr-0p3-100x-blows-up", "pixelcnn", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return pixelcnn_family("adam", 0.3)


@case("pixelcnn-sgdm-lr-30-100x-blows-up-log2", "pixelcnn", "lr-high-step1", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return pixelcnn_family("sgdm", 30.0, log_every=2)


@case("pixelcnn-adam-lr-3e-5-100x-low", "pixelcnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return pixelcnn_family("adam", 3e-5)


@case("pixelcnn-adagrad-lr-1e-3-30x-low-log4", "pixelcnn", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return pixelcnn_family("adagrad", 1e-3, log_every=4)


@case("pixelcnn-sgdm-summed-bce", "pixelcnn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.pixel_bce, loss_name="binary cross-entropy with logits per pixel (mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, PIX0, "ln 2"))
def _() -> Setup:
    return pixelcnn_family("sgdm", 0.1, loss_fn=fd.pixel_bce_summed,
                           loss_name="binary cross-entropy with logits (reduction='sum' over the pixels and the batch)",
                           val_loss_fn=fd.pixel_bce, mean_loss_fn=fd.pixel_bce)  # fmt: skip


@case("pixelcnn-sgdm-head-x300", "pixelcnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PixelCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PIX0, "ln 2"))
def _() -> Setup:
    return pixelcnn_family("sgdm", 0.3, model=lambda: scaled_head(fd.PixelCNN(), 300, bias=True))


@case("pixelcnn-adam-corrupt-images-nan", "pixelcnn", "nan-early", cf=lambda s: replace(s, data=without_missing_targets(s.data)),
      cf_what="the corrupt images dropped", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 93))
def _() -> Setup:
    return pixelcnn_family("adam", 3e-3, data=fd.binary_images(nan_rows=0.01))


@case("pixelcnn-adam-pixel-layer-dead-at-init", "pixelcnn", "dead-units",
      cf=lambda s: replace(s, model=fd.PixelCNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return pixelcnn_family("adam", 3e-3, model=lambda: fd.PixelCNN(dead_bias=-6.0), track_zero_grads=True)


@case("pixelcnn-sgdm-lr-10-dead-relus", "pixelcnn", "dead-units-lr", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("dead-units",), may=("lr-too-high", "plateau", "exploding-gradients"), fault_step=first_dead, tol=100,
      shape=dead_from)
def _() -> Setup:
    return pixelcnn_family("sgdm", 10.0, track_zero_grads=True)


@case("pixelcnn-adam-multistep-x0p1-at-5pct", "pixelcnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return pixelcnn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("pixelcnn-adamw-exponential-100x-in-40-steps", "pixelcnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 45))
def _() -> Setup:
    return pixelcnn_family("adamw", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 40")


@case("pixelcnn-rmsprop-lr-3e-3-recreated-each-epoch", "pixelcnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return pixelcnn_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 400, 93)))


@case("pixelcnn32-adam-100-images-overfits", "pixelcnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return pixelcnn_family("adam", 3e-3, steps=500, eval_every=25, data=fd.binary_images(train_rows=100),
                           model=lambda: fd.PixelCNN(channels=32))  # fmt: skip


# siren: a SIREN coordinate MLP (three sine layers of 64, omega_0 = 30, SIREN's init; or random Fourier features and a ReLU
# MLP) fitting a 64x64 synthetic image from half its pixels, MSE; SIREN works at Adam 1e-4-3e-4, RMSprop 1e-4, Adagrad
# 3e-3, SGDm 1e-3, is unstable at Adam 3e-3 and falls to the image's variance (1) from Adam 0.01 or SGDm 3e-3 on; the
# held-out loss on the other pixels falls from ~1.1 to ~0.011


@case("siren-adam-lr-0p03-100x-to-chance", "siren", "lr-high-chance", cf=lr_to(3e-4), cf_what="Adam lr 3e-4",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=800, shape=anything)
def _() -> Setup:
    return siren_family("adam", 0.03)


@case("siren-adam-lr-3e-3-10x-unstable", "siren", "lr-high-oscillating", cf=lr_to(3e-4), cf_what="Adam lr 3e-4",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return siren_family("adam", 3e-3)


@case("siren-adam-lr-3e-6-100x-low", "siren", "lr-low-adam", cf=lr_to(3e-4), cf_what="Adam lr 3e-4",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return siren_family("adam", 3e-6)


@case("siren-rmsprop-lr-3e-6-30x-low-log5", "siren", "lr-low-rmsprop", cf=lr_to(1e-4), cf_what="RMSprop lr 1e-4",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return siren_family("rmsprop", 3e-6, log_every=5)


@case("siren-sgdm-summed-mse", "siren", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (reduction='mean')"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, SIREN0, "the image's variance"))
def _() -> Setup:
    return siren_family("sgdm", 1e-3, loss_fn=fd.mse_summed, loss_name="squared error summed over the batch (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("siren-adam-head-x300", "siren", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Siren), cf_what="the default (SIREN) init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SIREN0, "the image's variance"))
def _() -> Setup:
    return siren_family("adam", 3e-4, model=lambda: scaled_head(fd.Siren(), 300, bias=True))


@case("siren-adam-recreated-each-epoch", "siren", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=17, tol=5,
      shape=anything)
def _() -> Setup:
    return siren_family("adam", 3e-4, recreate_optimizer_at=frozenset(range(16, 800, 16)))


@case("siren-adam-multistep-x0p1-at-5pct", "siren", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=41, tol=100, shape=lr_down_by(0.11, 45))
def _() -> Setup:
    return siren_family("adam", 3e-4, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("siren-adam-exponential-gamma-1p01", "siren", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return siren_family("adam", 3e-4, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("siren-adam-noisy-image-overfits", "siren", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return siren_family("adam", 3e-4, eval_every=40, data=fd.coordinate_image(noise=0.3),
                        meta={"representation": "SIREN, omega_0 = 30", "image": "64x64 with Gaussian noise 0.3",
                              "held_out": "unseen pixel coordinates"})  # fmt: skip


@case("siren-fourier-adam-hidden-dead-at-init", "siren", "dead-units",
      cf=lambda s: replace(s, model=fd.FourierMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return siren_family("adam", 1e-3, model=lambda: fd.FourierMLP(dead_bias=-6.0), track_zero_grads=True, meta=FOURIER)


@case("siren-adamw-warmup-cosine-peak-0p01", "siren", "lr-high-ramp", cf=lr_to(3e-4), cf_what="peak lr 3e-4",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return siren_family("adamw", 0.01, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


# multitask: a shared ReLU trunk (16-64-64) with a 6-class classification head and a regression head, the two losses
# weighted by learned log-variances (Kendall et al.); works at Adam 3e-3-0.01, RMSprop 3e-3, SGDm 0.03 (noisily); the
# held-out loss falls from ~2.4 to ~0.55 (an overfitting run's training loss goes far below 0)


@case("multitask-mlp-adam-lr-0p3-100x-from-step-1", "multitask", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=1500, shape=anything)
def _() -> Setup:
    return multitask_family("adam", 0.3)


@case("multitask-mlp-sgdm-lr-1-trunk-dies", "multitask", "dead-units-lr", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("dead-units",), may=("lr-too-high", "plateau", "exploding-gradients"), fault_step=first_dead, tol=100,
      shape=dead_from)
def _() -> Setup:
    return multitask_family("sgdm", 1.0, track_zero_grads=True)


@case("multitask-mlp-adam-lr-3e-5-100x-low", "multitask", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=1500, shape=still_falling)
def _() -> Setup:
    return multitask_family("adam", 3e-5)


@case("multitask-mlp-rmsprop-lr-3e-5-100x-low-log4", "multitask", "lr-low-rmsprop", cf=lr_to(3e-3),
      cf_what="RMSprop lr 3e-3", must=("lr-too-low",), may=("plateau",), tol=1500, shape=still_falling)
def _() -> Setup:
    return multitask_family("rmsprop", 3e-5, log_every=4)


@case("multitask-mlp-sgdm-summed-losses", "multitask", "summed",
      cf=lambda s: replace(s, loss_fn=fd.mtl_loss, loss_name="uncertainty-weighted CE + MSE (batch means)"),
      cf_what="reduction='mean' for both tasks", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, MTL0, "ln 6 + 1/2"))
def _() -> Setup:
    return multitask_family("sgdm", 0.03, loss_fn=fd.mtl_loss_summed,
                            loss_name="uncertainty-weighted CE + MSE, each summed over the batch (reduction='sum')",
                            val_loss_fn=fd.mtl_loss, mean_loss_fn=fd.mtl_loss)  # fmt: skip


@case("multitask-mlp-adam-class-head-x300", "multitask", "last-layer-init",
      cf=lambda s: replace(s, model=fd.UncertaintyMTL), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MTL0, "ln 6 + 1/2"))
def _() -> Setup:
    return multitask_family("adam", 3e-3, model=lambda: scaled_head(fd.UncertaintyMTL(), 300, bias=True))


@case("multitask-mlp-adam-missing-targets-nan", "multitask", "nan-early",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the rows without a target dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 187))
def _() -> Setup:
    return multitask_family("adam", 3e-3, data=fd.two_task_table(missing=0.01))


@case("multitask-mlp-adam-trunk-dead-at-init", "multitask", "dead-units",
      cf=lambda s: replace(s, model=fd.UncertaintyMTL), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return multitask_family("adam", 3e-3, model=lambda: fd.UncertaintyMTL(dead_bias=-6.0), track_zero_grads=True)


@case("multitask-mlp-adam-multistep-x0p1-at-5pct", "multitask", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=76, tol=100, shape=lr_down_by(0.11, 80))
def _() -> Setup:
    return multitask_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("multitask-mlp-sgdm-exponential-gamma-1p02-nan", "multitask", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(20, 1500))
def _() -> Setup:
    return multitask_family("sgdm", 0.03, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("multitask-mlp-adamw-warmup-cosine-peak-0p3", "multitask", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=1500, shape=anything)
def _() -> Setup:
    return multitask_family("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("multitask-mlp128-adam-400-rows-overfits", "multitask", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return multitask_family("adam", 3e-3, eval_every=50, data=fd.two_task_table(train_rows=400),
                            model=lambda: fd.UncertaintyMTL(hidden=128))  # fmt: skip


# fresh8 half: healthy look-alikes


@case("crf-bigru-adamw-warmup-cosine", "crf", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return crf_family("adamw", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("crf-bigru-sgdm-onecycle-log5", "crf", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return crf_family("sgdm", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("crf-bigru-adam-sgdr-log4", "crf", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return crf_family("adam", 0.03, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("crf-bigru-rmsprop-step-decay-log10", "crf", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return crf_family("rmsprop", 0.01, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("crf-bilstm-adam-constant-long-avg25", "crf", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return crf_family("adam", 3e-3, steps=1000, log_every=25, average=True, eval_every=100, model=lambda: fd.RNNCRF("lstm"))


@case("pixelcnn-adamw-warmup-cosine", "pixelcnn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return pixelcnn_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("pixelcnn-sgdm-step-decay-log10", "pixelcnn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return pixelcnn_family("sgdm", 0.3, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")


@case("pixelcnn-rmsprop-reduce-on-plateau-log4", "pixelcnn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return pixelcnn_family("rmsprop", 3e-3, log_every=4, schedule=on_plateau(0.3, 1),
                           schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("pixelcnn-adam-constant-long-avg50", "pixelcnn", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return pixelcnn_family("adam", 3e-3, steps=1500, log_every=50, average=True, eval_every=150)


@case("pixelcnn-adam-finetune-lr-1e-4", "pixelcnn", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return pixelcnn_family("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_pixelcnn,
                           meta={"image_size": "12x12", "pretrained": True})  # fmt: skip


@case("siren-adamw-warmup-cosine", "siren", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return siren_family("adamw", 3e-4, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("siren-adam-constant-long-avg50", "siren", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return siren_family("adam", 1e-4, steps=2500, log_every=50, average=True, eval_every=250)


@case("siren-adam-sgdr-log4", "siren", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return siren_family("adam", 3e-4, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("siren-fourier-sgdm-step-decay-log10", "siren", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return siren_family("sgdm", 0.1, log_every=10, model=fd.FourierMLP, meta=FOURIER,
                        schedule=multistep(0.5, 0.75, gamma=0.2), schedule_name="MultiStepLR")  # fmt: skip


@case("siren-adagrad-constant-log4", "siren", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return siren_family("adagrad", 3e-3, log_every=4)


@case("multitask-mlp-adamw-warmup-cosine", "multitask", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return multitask_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("multitask-mlp-sgdm-onecycle-log5", "multitask", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape())
def _() -> Setup:
    return multitask_family("sgdm", 0.03, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("multitask-mlp-rmsprop-reduce-on-plateau-log4", "multitask", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return multitask_family("rmsprop", 3e-3, log_every=4, schedule=on_plateau(0.3, 1),
                            schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("multitask-mlp-adam-constant-long-avg50", "multitask", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return multitask_family("adam", 3e-3, steps=3000, log_every=50, average=True, eval_every=300)


# fresh8 half, logged once per epoch


@case("crf-bilstm64-adam-300-sequences-overfits-per-epoch", "crf", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return crf_family("adam", 0.01, steps=9 * 60, data=fd.tagged_sequences(train_rows=300),
                      model=lambda: fd.RNNCRF("lstm", hidden=64), log_per_epoch=True)  # fmt: skip


@case("multitask-mlp-adam-lr-0p3-per-epoch", "multitask", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return multitask_family("adam", 0.3, steps=187 * 8, log_per_epoch=True)


@case("pixelcnn-adam-per-epoch", "pixelcnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return pixelcnn_family("adam", 3e-3, steps=93 * 6, log_per_epoch=True)


@case("siren-adam-cosine-per-epoch", "siren", "healthy", like=("overfitting", "plateau", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return siren_family("adam", 3e-4, steps=16 * 50, log_per_epoch=True, schedule=cosine_after(0.0), per_epoch=True,
                        schedule_name="cosine, per epoch")  # fmt: skip


@case("multitask-mlp-adam-step-decay-per-epoch", "multitask", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return multitask_family("adam", 3e-3, steps=187 * 8, log_per_epoch=True, schedule=multistep(0.75, gamma=0.1),
                            per_epoch=True, schedule_name="MultiStepLR at 75%, per epoch")  # fmt: skip


# --------------------------------------------------------------------------- the ninth fresh half (fresh9, held out from all tuning)


def kge_family(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.margin_ranking)
    knobs.setdefault("loss_name", "margin ranking loss max(0, 1 + d(h + r, t) - d(corrupted triple)), 4 corrupted triples "
                                  "a positive one (mean)")
    knobs.setdefault("meta", {"model": "TransE (L2)", "entities": fd.KGE_ENTITIES, "relations": fd.KGE_RELATIONS,
                              "negatives_per_triple": fd.KGE_NEGATIVES, "margin": fd.KGE_MARGIN})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.kg_triples(), knobs.pop("model", None) or fd.TransE, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def quantile_family(optimizer: str, lr: float, steps: int = 1500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 150)
    knobs.setdefault("loss_fn", fd.pinball)
    knobs.setdefault("loss_name", "pinball (quantile) loss over the quantiles 0.05, 0.25, 0.5, 0.75, 0.95 (mean)")
    knobs.setdefault("meta", {"quantiles": list(fd.QUANTILES), "target": "standardised, heteroscedastic, skewed"})
    return setup_more(knobs.pop("data", None) or fd.heteroscedastic_table(), knobs.pop("model", None) or fd.QuantileMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def convgru_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the next frame's pixels (values 0-1), 5 frames a clip")
    knobs.setdefault("meta", {"model": "ConvGRU, 8 channels", "frame_size": "10x10", "frames": 5})
    return setup_more(knobs.pop("data", None) or fd.moving_blobs(), knobs.pop("model", None) or fd.ConvRecurrentPredictor,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def node_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the 9 observed states of each trajectory, predicted from the first")
    knobs.setdefault("meta", {"model": "latent neural ODE, tanh vector field", "solver": "RK4, fixed step 0.5, backpropagated",
                              "system": "damped pendulum"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.pendulum_trajectories(), knobs.pop("model", None) or fd.LatentODE,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def nan_in_features(data: fd.Data, share: float) -> fd.Data:
    """The data with one feature (the 6th) missing (NaN) in ``share`` of its training rows: values nobody imputed."""
    g = torch.Generator().manual_seed(176)
    x = data.x.clone()
    x[torch.rand(len(x), generator=g) < share, 5] = float("nan")
    return replace(data, x=x)


CONVRNN = {"model": "conv vanilla RNN (tanh), 8 channels", "frame_size": "10x10", "frames": 5}
KGE0, QR0, FRAME0, NODE0 = fd.KGE_MARGIN, fd.pinball_at_zero(), fd.frames_at_zero(), fd.trajectories_at_zero()
"""Where the untrained models start: about the margin (1) for TransE (a corrupted triple as far as the true one), the
pinball loss of predicting 0 (~0.40), the mean square of the next frame's pixels (~0.079) and of the states (~0.46)."""
QR_CONST, FRAME_CONST = fd.pinball_at_constant(), fd.frames_variance()
"""What a model that ignores its input reaches: the pinball loss of the marginal quantiles (~0.25), the pixels' variance
(~0.060)."""

# kge: TransE (L2 distance, 32 dimensions) of a synthetic knowledge graph of 300 entities and 10 relations, 4 corrupted
# triples drawn afresh a positive one, margin 1; works at Adam 0.1, RMSprop 0.03, SGD 30 (the mean loss's gradient on an
# embedding row is tiny); the held-out ranking loss (fixed corruptions) falls from ~1 to ~0.16


@case("kge-transe-adam-lr-3-30x-from-step-1", "kge", "lr-high-step1", cf=lr_to(0.1), cf_what="Adam lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return kge_family("adam", 3.0)


@case("kge-transe-sgd-lr-1000-30x-noisy-log2", "kge", "lr-high-step1", cf=lr_to(30.0), cf_what="lr 30",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return kge_family("sgd", 1000.0, log_every=2)


@case("kge-transe-adam-lr-1e-3-100x-low", "kge", "lr-low-adam", cf=lr_to(0.1), cf_what="Adam lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return kge_family("adam", 1e-3)


@case("kge-transe-sgd-lr-1-30x-low-log4", "kge", "lr-low-sgd", cf=lr_to(30.0), cf_what="lr 30",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return kge_family("sgd", 1.0, log_every=4)


@case("kge-transe-sgd-summed-margin", "kge", "summed",
      cf=lambda s: replace(s, loss_fn=fd.margin_ranking, loss_name="margin ranking loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, KGE0, "the margin"))
def _() -> Setup:
    return kge_family("sgd", 30.0, loss_fn=fd.margin_ranking_summed,
                      loss_name="margin ranking loss summed over the batch and the corrupted triples (reduction='sum')",
                      val_loss_fn=fd.margin_ranking, mean_loss_fn=fd.margin_ranking)  # fmt: skip


@case("kge-transe-adam-recreated-each-epoch", "kge", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=38, tol=5,
      shape=anything)
def _() -> Setup:
    return kge_family("adam", 0.1, recreate_optimizer_at=frozenset(range(37, 600, 37)))


@case("kge-transe-adam-multistep-x0p1-at-5pct", "kge", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return kge_family("adam", 0.1, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("kge-transe-rmsprop-exponential-100x-in-60-steps", "kge", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 65))
def _() -> Setup:
    return kge_family("rmsprop", 0.03, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 60")


@case("kge-transe-sgd-exponential-gamma-1p01", "kge", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return kge_family("sgd", 30.0, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("kge-transe-adamw-warmup-cosine-peak-3", "kge", "lr-high-ramp", cf=lr_to(0.1), cf_what="peak lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return kge_family("adamw", 3.0, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("kge-transe-adam-lr-0p1-constant-plateau", "kge", "plateau", cf=lambda s: replace(s, decay_step=600),
      cf_what="lr x0.1 from step 600", must=("plateau",), may=("lr-too-high",), fault_step=600, tol=450, shape=flat_late)
def _() -> Setup:
    return kge_family("adam", 0.1, steps=1200, eval_every=120)


@case("kge-transe128-adam-400-triples-overfits", "kge", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return kge_family("adam", 0.1, eval_every=30, data=fd.kg_triples(train_rows=400), model=lambda: fd.TransE(dim=128))


# quantile: a ReLU MLP 8-64-64-5 predicting 5 quantiles of a heteroscedastic, skewed target, pinball loss; works at Adam
# 1e-3-0.01, SGDm 0.1; the held-out loss falls from ~0.40 (all quantiles 0) to ~0.097 (the marginal quantiles: ~0.25)


@case("quantile-mlp-adam-lr-1-dies-to-constant", "quantile", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=1500,
      shape=at_chance(QR_CONST, "the pinball loss of the marginal quantiles"))
def _() -> Setup:
    return quantile_family("adam", 1.0)


@case("quantile-mlp-adam-lr-1e-5-300x-low", "quantile", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=1500, shape=still_falling)
def _() -> Setup:
    return quantile_family("adam", 1e-5)


@case("quantile-mlp-sgd-lr-3e-3-100x-low-log5", "quantile", "lr-low-sgd", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=1500, shape=still_falling)
def _() -> Setup:
    return quantile_family("sgd", 3e-3, log_every=5)


@case("quantile-mlp-sgdm-summed-pinball", "quantile", "summed",
      cf=lambda s: replace(s, loss_fn=fd.pinball, loss_name="pinball loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, QR0, "the pinball loss of all quantiles at 0"))
def _() -> Setup:
    return quantile_family("sgdm", 0.1, loss_fn=fd.pinball_summed,
                           loss_name="pinball loss summed over the batch and the 5 quantiles (reduction='sum')",
                           val_loss_fn=fd.pinball, mean_loss_fn=fd.pinball)  # fmt: skip


@case("quantile-mlp-adam-head-x300", "quantile", "last-layer-init",
      cf=lambda s: replace(s, model=fd.QuantileMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, QR0, "the pinball loss of all quantiles at 0"))
def _() -> Setup:
    return quantile_family("adam", 3e-3, model=lambda: scaled_head(fd.QuantileMLP(), 300, bias=True))


@case("quantile-mlp-adam-missing-targets-nan", "quantile", "nan-early",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the rows without a target dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 93))
def _() -> Setup:
    return quantile_family("adam", 3e-3, data=fd.heteroscedastic_table(missing=0.01))


@case("quantile-mlp-adam-nan-features-nan", "quantile", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 93))
def _() -> Setup:
    return quantile_family("adam", 3e-3, data=nan_in_features(fd.heteroscedastic_table(), 0.01))


@case("quantile-mlp-adam-hidden-dead-at-init", "quantile", "dead-units",
      cf=lambda s: replace(s, model=fd.QuantileMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return quantile_family("adam", 3e-3, model=lambda: fd.QuantileMLP(dead_bias=-6.0), track_zero_grads=True)


@case("quantile-mlp-sgdm-lr-3-30x-from-step-1", "quantile", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=1500, shape=anything)
def _() -> Setup:
    return quantile_family("sgdm", 3.0)


@case("quantile-mlp-rmsprop-recreated-each-epoch", "quantile", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return quantile_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 1500, 93)))


@case("quantile-mlp-adam-multistep-x0p1-at-3pct", "quantile", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=46, tol=100, shape=lr_down_by(0.11, 50))
def _() -> Setup:
    return quantile_family("adam", 1e-3, schedule=multistep(0.03, gamma=0.1), schedule_name="MultiStepLR at 3%")


@case("quantile-mlp-sgdm-exponential-gamma-1p01", "quantile", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=1500, shape=anything)
def _() -> Setup:
    return quantile_family("sgdm", 0.1, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("quantile-mlp-adamw-warmup-cosine-peak-0p3", "quantile", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=1500, shape=anything)
def _() -> Setup:
    return quantile_family("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("quantile-mlp256-adam-500-rows-overfits", "quantile", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return quantile_family("adam", 3e-3, eval_every=50, data=fd.heteroscedastic_table(train_rows=500),
                           model=lambda: fd.QuantileMLP(hidden=256))  # fmt: skip


# convgru: a ConvGRU (8 channels, 3x3 convolutions) with a per-pixel ReLU layer and a linear head predicting the next
# 10x10 frame of clips of two bouncing Gaussian blobs, MSE; works at Adam 3e-3-0.01, SGDm 0.3; the held-out loss falls
# from ~0.08 (all black) to ~0.0066 (the pixels' variance: ~0.060)


@case("convgru-adam-lr-0p3-30x-blows-up", "convgru", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return convgru_family("adam", 0.3)


@case("convrnn-sgd-lr-1-no-clip-explodes", "convgru", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return convgru_family("sgd", 1.0, model=lambda: fd.ConvRecurrentPredictor("rnn", gain=2.0), meta=CONVRNN)


@case("convgru-adam-lr-1e-5-300x-low", "convgru", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return convgru_family("adam", 1e-5)


@case("convgru-sgdm-lr-3e-3-100x-low-log4", "convgru", "lr-low-sgd", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return convgru_family("sgdm", 3e-3, log_every=4)


@case("convgru-sgdm-summed-mse", "convgru", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (reduction='mean')"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, FRAME0, "the mean square of the pixels"))
def _() -> Setup:
    return convgru_family("sgdm", 0.3, loss_fn=fd.frame_mse_summed,
                          loss_name="squared error summed over the pixels, frames and clips (reduction='sum')",
                          val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("convgru-adam-head-x300", "convgru", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ConvRecurrentPredictor), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FRAME0, "the mean square of the pixels"))
def _() -> Setup:
    return convgru_family("adam", 0.01, model=lambda: scaled_head(fd.ConvRecurrentPredictor(), 300, bias=True))


@case("convgru-adam-corrupt-frames-nan", "convgru", "nan-early",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the corrupt clips dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return convgru_family("adam", 0.01, data=fd.moving_blobs(nan_rows=0.01))


@case("convgru-adam-pixel-layer-dead-at-init", "convgru", "dead-units",
      cf=lambda s: replace(s, model=fd.ConvRecurrentPredictor), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return convgru_family("adam", 0.01, model=lambda: fd.ConvRecurrentPredictor(dead_bias=-6.0), track_zero_grads=True)


@case("convgru-adam-lr-0p08-no-warmup", "convgru", "missing-warmup", cf=lambda s: replace(s, warmup_steps=50),
      cf_what="a 50-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=50, shape=early_rise(1.3))
def _() -> Setup:
    return convgru_family("adam", 0.08)


@case("convgru-adamw-exponential-100x-in-30-steps", "convgru", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 35))
def _() -> Setup:
    return convgru_family("adamw", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 30")


@case("convgru-adam-cyclic-peak-0p3", "convgru", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return convgru_family("adam", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("convgru-sgdm-exponential-gamma-1p03-nan", "convgru", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 300))
def _() -> Setup:
    return convgru_family("sgdm", 0.3, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


# node: a latent neural ODE (a linear encoder of the first observation into 8 dimensions, a tanh vector field 8-64-8,
# one RK4 step of 0.5 between observations, backpropagated through, a linear decoder) of damped pendulum trajectories
# observed at 9 times; works at Adam 3e-3-0.01, RMSprop 1e-3, SGDm 0.03, SGD 0.1; the held-out loss falls from ~0.69 to
# ~0.005 (the observation noise: 0.0025)


@case("node-adam-lr-0p1-30x-from-step-1", "node", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return node_family("adam", 0.1)


@case("node-sgd-lr-3-state-overflows-nan", "node", "lr-high-nan", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return node_family("sgd", 3.0)


@case("node-adam-lr-3e-5-100x-low", "node", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return node_family("adam", 3e-5)


@case("node-sgdm-lr-3e-4-100x-low-log4", "node", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return node_family("sgdm", 3e-4, log_every=4)


@case("node-sgdm-summed-mse", "node", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (reduction='mean')"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, NODE0, "the mean square of the states"))
def _() -> Setup:
    return node_family("sgdm", 0.03, loss_fn=fd.trajectory_mse_summed,
                       loss_name="squared error summed over the states, times and trajectories (reduction='sum')",
                       val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("node-adam-decoder-x300", "node", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LatentODE), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, NODE0, "the mean square of the states"))
def _() -> Setup:
    return node_family("adam", 3e-3, model=lambda: scaled_head(fd.LatentODE(), 300, bias=True))


@case("node-adam-gap-in-trajectories-nan", "node", "nan-early",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the trajectories with a gap dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 62))
def _() -> Setup:
    return node_family("adam", 3e-3, data=fd.pendulum_trajectories(nan_rows=0.01))


@case("node-adam-multistep-x0p1-at-5pct", "node", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return node_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("node-sgdm-exponential-gamma-1p02", "node", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return node_family("sgdm", 0.01, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("node-adamw-warmup-cosine-peak-0p3", "node", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return node_family("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("node-adam-lr-0p03-no-warmup", "node", "missing-warmup", cf=lambda s: replace(s, warmup_steps=40),
      cf_what="a 40-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=40, shape=early_rise(1.5))
def _() -> Setup:
    return node_family("adam", 0.03)


# fresh9 half: healthy look-alikes


@case("kge-transe-adamw-warmup-cosine", "kge", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return kge_family("adamw", 0.3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("kge-transe-adam-sgdr-log4", "kge", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return kge_family("adam", 0.1, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("kge-transe-sgd-step-decay-log10", "kge", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return kge_family("sgd", 100.0, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("kge-transe-rmsprop-reduce-on-plateau-log4", "kge", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return kge_family("rmsprop", 0.03, log_every=4, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("kge-transe-adam-constant-long-avg50", "kge", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return kge_family("adam", 0.03, steps=1500, log_every=50, average=True, eval_every=150)


@case("quantile-mlp-adamw-warmup-cosine", "quantile", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return quantile_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("quantile-mlp-sgdm-onecycle-log5", "quantile", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return quantile_family("sgdm", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("quantile-mlp-adam-reduce-on-plateau-log4", "quantile", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return quantile_family("adam", 3e-3, log_every=4, schedule=on_plateau(0.3, 1),
                           schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("quantile-mlp-adam-constant-long-avg50", "quantile", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return quantile_family("adam", 3e-3, steps=3000, log_every=50, average=True, eval_every=300)


@case("quantile-mlp-adam-finetune-lr-1e-4", "quantile", "healthy", like=("lr-too-low", "plateau"),
      shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return quantile_family("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_quantile,
                           meta={"quantiles": list(fd.QUANTILES), "pretrained": True})  # fmt: skip


@case("quantile-mlp-rmsprop-cyclic-log2", "quantile", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape())
def _() -> Setup:
    return quantile_family("rmsprop", 3e-3, log_every=2, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("convgru-adamw-warmup-cosine", "convgru", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return convgru_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("convgru-adam-sgdr-log4", "convgru", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return convgru_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25),
                          schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("convgru-sgdm-step-decay-log10", "convgru", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return convgru_family("sgdm", 1.0, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("convgru-sgdm-onecycle-log5", "convgru", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return convgru_family("sgdm", 1.0, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("convrnn-adam-constant-long-avg50", "convgru", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return convgru_family("adam", 3e-3, steps=800, log_every=50, average=True, eval_every=80,
                          model=lambda: fd.ConvRecurrentPredictor("rnn"), meta=CONVRNN)  # fmt: skip


@case("node-adamw-warmup-cosine", "node", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return node_family("adamw", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("node-adam-sgdr-log4", "node", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return node_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("node-rmsprop-reduce-on-plateau-log4", "node", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return node_family("rmsprop", 1e-3, log_every=4, schedule=on_plateau(0.3, 1),
                       schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("node-sgd-constant-log4", "node", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return node_family("sgd", 0.1, log_every=4)


@case("node-softplus-adam-constant-long-avg50", "node", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return node_family("adam", 0.01, steps=1000, log_every=50, average=True, eval_every=100,
                       model=lambda: fd.LatentODE(act="softplus"))  # fmt: skip


# fresh9 half, logged once per epoch


@case("quantile-mlp256-adam-300-rows-overfits-per-epoch", "quantile", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return quantile_family("adam", 3e-3, steps=4 * 300, data=fd.heteroscedastic_table(train_rows=300),
                           model=lambda: fd.QuantileMLP(hidden=256), log_per_epoch=True)  # fmt: skip


@case("node-adam-lr-0p1-per-epoch", "node", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return node_family("adam", 0.1, steps=62 * 8, log_per_epoch=True)


@case("kge-transe-adam-per-epoch", "kge", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return kge_family("adam", 0.1, steps=37 * 16, log_per_epoch=True)


@case("convgru-adam-cosine-per-epoch", "convgru", "healthy", like=("overfitting", "plateau", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return convgru_family("adam", 0.01, steps=100 * 5, log_per_epoch=True, schedule=cosine_after(0.0), per_epoch=True,
                          schedule_name="cosine, per epoch")  # fmt: skip


@case("quantile-mlp-adam-step-decay-per-epoch", "quantile", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return quantile_family("adam", 3e-3, steps=93 * 10, log_per_epoch=True, schedule=multistep(0.6, gamma=0.1),
                           per_epoch=True, schedule_name="MultiStepLR at 60%, per epoch")  # fmt: skip


# --------------------------------------------------------------------------- the tenth fresh half (fresh10, held out from all tuning)


def pointer_family(optimizer: str, lr: float, steps: int = 600, kind: str = "lstm", **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_name", "cross_entropy over the 8 input positions, each output step (teacher forcing)")
    knobs.setdefault("meta", {"model": f"pointer network, {kind.upper()} encoder and decoder, additive attention",
                              "sequence_length": fd.PTR_LENGTH})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sort_sequences(), knobs.pop("model", None)
                      or (lambda: fd.PointerNet(kind)), optimizer, lr, steps, **knobs)  # fmt: skip


def ordinal_family(optimizer: str, lr: float, steps: int = 1200, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 120)
    knobs.setdefault("loss_fn", fd.coral_loss)
    knobs.setdefault("loss_name", "CORAL: binary_cross_entropy_with_logits over the 5 'class > k' thresholds (mean)")
    knobs.setdefault("meta", {"ordered_classes": fd.ORD_CLASSES, "thresholds": fd.ORD_CLASSES - 1})
    return setup_more(knobs.pop("data", None) or fd.ordinal_table(), knobs.pop("model", None) or fd.OrdinalMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def gin_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the standardised graph target")
    knobs.setdefault("meta", {"model": "GIN-0, 3 layers, sum aggregation, sum pooling", "max_nodes": fd.GIN_NODES})
    return setup_more(knobs.pop("data", None) or fd.molecule_graphs(), knobs.pop("model", None) or fd.GIN, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def ctr_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.clicks_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the clicks (mean)")
    knobs.setdefault("meta", {"model": "Deep & Cross network (DCN-v2), 2 cross layers", "hash_buckets": fd.CTR_BUCKETS,
                              "fields": len(fd.CTR_FIELDS), "click_rate": 0.11})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.click_logs(), knobs.pop("model", None) or fd.DeepCross, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def without_corrupt_inputs(data: fd.Data) -> fd.Data:
    """The data without its training rows that have a non-finite (NaN) value in their input."""
    ok = torch.isfinite(data.x).reshape(len(data.x), -1).all(1)
    return replace(data, x=data.x[ok], y=data.y[ok])


PTR_CHANCE = LN(fd.PTR_LENGTH)
ORD_CONST, GIN0 = fd.coral_at_constant(), fd.graph_targets_at_zero()
"""What a model that ignores its input reaches: the CORAL loss of the training rates of "class > k" (~0.54), the mean
square of the standardised graph target (~1.01, where an untrained GIN's mean prediction is). A pointer network at
chance scores every input position alike: ln 8."""
WIDE = {"model": "wide & deep (a linear weight per hashed bucket plus a ReLU MLP)", "hash_buckets": fd.CTR_BUCKETS,
        "fields": len(fd.CTR_FIELDS), "click_rate": 0.11}  # fmt: skip
GIN_EPS = {"model": "GIN-eps (eps learned), 3 layers, sum aggregation, sum pooling", "max_nodes": fd.GIN_NODES}

# pointer: a pointer network (LSTM encoder and decoder, 32 units, additive attention over the encoder states) sorting 8
# random numbers, cross-entropy over the 8 input positions at each of the 8 output steps (teacher forcing); works at Adam
# 0.01-0.03, SGDm 0.1-0.3, SGD 1; the held-out loss falls from ln 8 (2.08) to ~0.17. Its first gradients are tiny (every
# position scores alike): SGD at 0.1 never leaves ln 8


@case("pointer-lstm-adam-lr-0p3-30x-from-step-1", "pointer", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return pointer_family("adam", 0.3)


@case("pointer-lstm-sgd-lr-10-stuck-at-chance", "pointer", "lr-high-chance", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=600, shape=at_chance(PTR_CHANCE, "ln 8"))
def _() -> Setup:
    return pointer_family("sgd", 10.0)


@case("pointer-lstm-adam-lr-1e-4-100x-low", "pointer", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return pointer_family("adam", 1e-4)


@case("pointer-lstm-sgdm-lr-0p03-3x-low-log4", "pointer", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return pointer_family("sgdm", 0.03, log_every=4)


@case("pointer-lstm-sgdm-summed-ce", "pointer", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (reduction='mean')"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, PTR_CHANCE, "ln 8"))
def _() -> Setup:
    return pointer_family("sgdm", 0.1, loss_fn=fd.pointer_ce_summed,
                          loss_name="cross_entropy over the input positions summed over the steps and sequences "
                                    "(reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("pointer-lstm-adam-head-x1000", "pointer", "last-layer-init",
      cf=lambda s: replace(s, model=fd.PointerNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, PTR_CHANCE, "ln 8"))
def _() -> Setup:
    return pointer_family("adam", 0.01, model=lambda: scaled_head(fd.PointerNet(), 1000, bias=True))


@case("pointer-rnn-sgd-lr-3-no-clip-explodes", "pointer", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return pointer_family("sgd", 3.0, kind="rnn", model=lambda: fd.PointerNet("rnn", gain=2.0))


@case("pointer-lstm-adam-lr-0p05-no-warmup", "pointer", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=early_rise(1.3))
def _() -> Setup:
    return pointer_family("adam", 0.05)


@case("pointer-lstm-adam-lr-0p03-recreated-each-epoch", "pointer", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=63, tol=5,
      shape=anything)
def _() -> Setup:
    return pointer_family("adam", 0.03, recreate_optimizer_at=frozenset(range(62, 600, 62)))


@case("pointer-lstm-adam-multistep-x0p1-at-5pct", "pointer", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return pointer_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("pointer-gru-adamw-warmup-cosine-peak-0p3", "pointer", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return pointer_family("adamw", 0.3, kind="gru", schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("pointer-lstm-adam-corrupt-numbers-nan", "pointer", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)), cf_what="the corrupt sequences dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 62))
def _() -> Setup:
    return pointer_family("adam", 0.01, data=fd.sort_sequences(nan_rows=0.01))


@case("pointer-lstm128-adam-300-sequences-overfits", "pointer", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return pointer_family("adam", 0.01, eval_every=30, data=fd.sort_sequences(train_rows=300),
                          model=lambda: fd.PointerNet(hidden=128))  # fmt: skip


# ordinal: a ReLU MLP 10-64-64-1 with CORAL's 5 ordered thresholds (6 classes), binary cross-entropy with logits of
# "class > k"; works at Adam 3e-3-0.03, SGDm 0.1-0.3, SGD 1; the held-out loss falls from ~0.75 to ~0.23 (the rates of
# "class > k" predicted for every row: ~0.54)


@case("ordinal-mlp-adam-lr-0p3-dies-to-constant", "ordinal", "lr-high-chance", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=1200,
      shape=at_chance(ORD_CONST, "the CORAL loss of the constant rates"))
def _() -> Setup:
    return ordinal_family("adam", 0.3)


@case("ordinal-mlp-adam-lr-1e-4-100x-low", "ordinal", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=1200, shape=still_falling)
def _() -> Setup:
    return ordinal_family("adam", 1e-4)


@case("ordinal-mlp-sgd-lr-0p01-100x-low-log5", "ordinal", "lr-low-sgd", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-low",), may=("plateau",), tol=1200, shape=still_falling)
def _() -> Setup:
    return ordinal_family("sgd", 0.01, log_every=5)


@case("ordinal-mlp-sgdm-summed-coral", "ordinal", "summed",
      cf=lambda s: replace(s, loss_fn=fd.coral_loss, loss_name="CORAL loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, LN2, "ln 2 (a logit of 0 on each threshold)"))
def _() -> Setup:
    return ordinal_family("sgdm", 0.1, loss_fn=fd.coral_loss_summed,
                          loss_name="CORAL loss summed over the batch and the 5 thresholds (reduction='sum')",
                          val_loss_fn=fd.coral_loss, mean_loss_fn=fd.coral_loss)  # fmt: skip


@case("ordinal-mlp-adam-head-x300", "ordinal", "last-layer-init",
      cf=lambda s: replace(s, model=fd.OrdinalMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN2, "ln 2 (a logit of 0 on each threshold)"))
def _() -> Setup:
    return ordinal_family("adam", 3e-3, model=lambda: scaled_head(fd.OrdinalMLP(), 300, bias=True))


@case("ordinal-mlp-adam-coral-by-hand-log0", "ordinal", "nan-log0",
      cf=lambda s: replace(s, loss_fn=fd.coral_loss), cf_what="binary_cross_entropy_with_logits (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(5, 1200))
def _() -> Setup:
    return ordinal_family("adam", 0.03, loss_fn=fd.coral_loss_by_hand,
                          loss_name="CORAL loss by hand (log of sigmoid and of 1 - sigmoid)", val_loss_fn=fd.coral_loss,
                          safe_loss_fn=fd.coral_loss)  # fmt: skip


@case("ordinal-mlp-adam-hidden-dead-at-init", "ordinal", "dead-units",
      cf=lambda s: replace(s, model=fd.OrdinalMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ordinal_family("adam", 3e-3, model=lambda: fd.OrdinalMLP(dead_bias=-6.0), track_zero_grads=True)


@case("ordinal-mlp-adam-exponential-100x-in-120-steps", "ordinal", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 125))
def _() -> Setup:
    return ordinal_family("adam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 120")


@case("ordinal-mlp-sgdm-exponential-gamma-1p01", "ordinal", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=1200, shape=anything)
def _() -> Setup:
    return ordinal_family("sgdm", 0.1, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("ordinal-mlp-sgd-lr-30-oscillates-log2", "ordinal", "lr-high-oscillation", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=1200, shape=never_below_start)
def _() -> Setup:
    return ordinal_family("sgd", 30.0, log_every=2)


@case("ordinal-mlp-adam-missing-feature-nan", "ordinal", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 93))
def _() -> Setup:
    return ordinal_family("adam", 0.01, data=fd.ordinal_table(nan_rows=0.01))


@case("ordinal-mlp512-sgdm-400-rows-overfits", "ordinal", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ordinal_family("sgdm", 0.1, eval_every=50, data=fd.ordinal_table(train_rows=400),
                          model=lambda: fd.OrdinalMLP(hidden=512))  # fmt: skip


@case("ordinal-mlp-sgd-lr-3-constant-plateau", "ordinal", "plateau", cf=lambda s: replace(s, decay_step=1200),
      cf_what="lr x0.1 from step 1200", must=("plateau",), may=("lr-too-high",), fault_step=1200, tol=900, shape=flat_late)
def _() -> Setup:
    return ordinal_family("sgd", 3.0, steps=2400, eval_every=240, data=fd.ordinal_table(n=40000))


# gin: a GIN-0 (3 layers of 32, sum aggregation, sum pooling, a ReLU readout) regressing a weighted count of the bonds,
# rings and paths of molecule-like graphs of 6-14 atoms (standardised, noise 0.1), MSE; works at Adam 3e-3-0.01, SGDm
# 1e-3, SGD 0.01; the held-out loss falls from ~1.7 to ~0.12 (the mean prediction: ~1.01). Sum aggregation makes it
# fragile: Adam 0.03 or SGD 0.1 leave it at the mean, SGD 1 overflows


@case("gin-adam-lr-0p1-30x-from-step-1", "gin", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return gin_family("adam", 0.1)


@case("gin-sgd-lr-0p1-dies-to-mean", "gin", "lr-high-chance", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=500, shape=at_chance(GIN0, "the loss of the mean prediction"))
def _() -> Setup:
    return gin_family("sgd", 0.1)


@case("gin-sgd-lr-1-sum-overflows-nan", "gin", "lr-high-nan", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=500, shape=nan_within(1, 500))
def _() -> Setup:
    return gin_family("sgd", 1.0)


@case("gin-adam-lr-3e-5-100x-low", "gin", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return gin_family("adam", 3e-5)


@case("gin-sgd-summed-mse", "gin", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (reduction='mean')"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, GIN0, "the mean square of the target"))
def _() -> Setup:
    return gin_family("sgd", 0.01, loss_fn=fd.graph_mse_summed,
                      loss_name="squared error summed over the graphs of the batch (reduction='sum')",
                      val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("gin-adam-head-x300", "gin", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GIN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GIN0, "the mean square of the target"))
def _() -> Setup:
    return gin_family("adam", 3e-3, model=lambda: scaled_head(fd.GIN(), 300, bias=True))


@case("gin-adam-readout-dead-at-init", "gin", "dead-units",
      cf=lambda s: replace(s, model=fd.GIN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gin_family("adam", 3e-3, model=lambda: fd.GIN(dead_bias=-20.0), track_zero_grads=True)


@case("gin-sgdm-lr-0p05-dead-relus", "gin", "dead-units-lr", cf=lr_to(1e-3), cf_what="lr 1e-3",
      must=("dead-units",), may=("lr-too-high", "plateau", "exploding-gradients"), fault_step=first_dead, tol=100,
      shape=dead_from)
def _() -> Setup:
    return gin_family("sgdm", 0.05, track_zero_grads=True)


@case("gin-adam-lr-0p03-no-warmup", "gin", "missing-warmup", cf=lambda s: replace(s, warmup_steps=50),
      cf_what="a 50-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=50, shape=early_rise(1.3))
def _() -> Setup:
    return gin_family("adam", 0.03)


@case("gin-adam-multistep-x0p1-at-3pct", "gin", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return gin_family("adam", 3e-3, schedule=multistep(0.03, gamma=0.1), schedule_name="MultiStepLR at 3%")


@case("gin-rmsprop-lr-3e-3-recreated-each-epoch", "gin", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return gin_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 500, 93)))


@case("gin-adam-missing-targets-nan", "gin", "nan-early",
      cf=lambda s: replace(s, data=without_missing_targets(s.data)), cf_what="the graphs without a target dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 93))
def _() -> Setup:
    return gin_family("adam", 3e-3, data=fd.molecule_graphs(nan_rows=0.01))


# ctr: a Deep & Cross network (DCN-v2: 8-dimensional embeddings of 2048 hashed buckets, 2 cross layers beside a ReLU MLP
# of 64) predicting the clicks (11%) of a synthetic click log of 60,000 rows, BCE with logits; works at Adam 3e-3-0.01,
# SGDm 0.3, SGD 3; the held-out loss falls from ln 2 to ~0.31 (the clicks' entropy: ~0.40, the true click
# probabilities' loss: ~0.24)


@case("ctr-dcn-adam-lr-0p3-30x-from-step-1", "ctr", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=800, shape=anything)
def _() -> Setup:
    return ctr_family("adam", 0.3)


@case("ctr-dcn-adam-lr-3e-5-300x-low", "ctr", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return ctr_family("adam", 3e-5)


@case("ctr-wide-sgd-lr-1e-3-3000x-low-log5", "ctr", "lr-low-sgd", cf=lr_to(3.0), cf_what="lr 3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return ctr_family("sgd", 1e-3, log_every=5, model=lambda: fd.DeepCross("wide"), meta=WIDE)


@case("ctr-dcn-sgdm-summed-bce", "ctr", "summed",
      cf=lambda s: replace(s, loss_fn=fd.clicks_bce, loss_name="binary_cross_entropy_with_logits (mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, LN2, "ln 2"))
def _() -> Setup:
    return ctr_family("sgdm", 0.3, loss_fn=fd.clicks_bce_summed,
                      loss_name="binary_cross_entropy_with_logits summed over the batch (reduction='sum')",
                      val_loss_fn=fd.clicks_bce, mean_loss_fn=fd.clicks_bce)  # fmt: skip


@case("ctr-dcn-adam-head-x1000", "ctr", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DeepCross), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN2, "ln 2"))
def _() -> Setup:
    return ctr_family("adam", 0.01, model=lambda: scaled_head(fd.DeepCross(), 1000, bias=True))


@case("ctr-dcn-adam-missing-price-nan", "ctr", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 100))
def _() -> Setup:
    return ctr_family("adam", 0.01, data=fd.click_logs(nan_rows=0.01))


@case("ctr-dcn-rmsprop-resumed-without-state", "ctr", "optimizer-reset-resume",
      cf=lambda s: replace(s, keep_optimizer_state=True), cf_what="the optimizer state restored at the resume",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=401, tol=5,
      shape=anything)
def _() -> Setup:
    return ctr_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset({400}))


@case("ctr-dcn-adam-multistep-x0p1-at-5pct", "ctr", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=41, tol=100, shape=lr_down_by(0.11, 45))
def _() -> Setup:
    return ctr_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ctr-dcn-adamw-exponential-100x-in-80-steps", "ctr", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 85))
def _() -> Setup:
    return ctr_family("adamw", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 80")


@case("ctr-dcn-adam-cyclic-peak-0p3", "ctr", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return ctr_family("adam", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("ctr-dcn-sgdm-exponential-gamma-1p03-nan", "ctr", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 800))
def _() -> Setup:
    return ctr_family("sgdm", 0.3, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("ctr-dcn-adamw-warmup-cosine-peak-0p3", "ctr", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return ctr_family("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("ctr-dcn32-adam-3000-rows-overfits", "ctr", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ctr_family("adam", 0.01, eval_every=40, data=fd.click_logs(train_rows=3000), model=lambda: fd.DeepCross(dim=32))


# fresh10 half: healthy look-alikes


@case("pointer-lstm-adamw-warmup-cosine", "pointer", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.PTR_LENGTH))
def _() -> Setup:
    return pointer_family("adamw", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("pointer-gru-adam-sgdr-log4", "pointer", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(fd.PTR_LENGTH))
def _() -> Setup:
    return pointer_family("adam", 0.01, kind="gru", log_every=4, schedule=warm_restarts(0.25),
                          schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("pointer-lstm-sgdm-step-decay-log10", "pointer", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.PTR_LENGTH))
def _() -> Setup:
    return pointer_family("sgdm", 0.3, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("pointer-lstm-sgdm-onecycle-log5", "pointer", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.PTR_LENGTH))
def _() -> Setup:
    return pointer_family("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("pointer-gru-adam-constant-long-avg50", "pointer", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fd.PTR_LENGTH))
def _() -> Setup:
    return pointer_family("adam", 0.01, kind="gru", steps=1500, log_every=50, average=True, eval_every=150)


@case("ordinal-mlp-adamw-warmup-cosine", "ordinal", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ordinal_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ordinal-mlp-sgdm-onecycle-log5", "ordinal", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return ordinal_family("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ordinal-mlp-adam-reduce-on-plateau-log4", "ordinal", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return ordinal_family("adam", 0.01, log_every=4, schedule=on_plateau(0.3, 1),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("ordinal-mlp-adam-finetune-lr-1e-4", "ordinal", "healthy", like=("lr-too-low", "plateau"),
      shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return ordinal_family("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_ordinal,
                          meta={"ordered_classes": fd.ORD_CLASSES, "pretrained": True})  # fmt: skip


@case("ordinal-mlp-rmsprop-cyclic-log2", "ordinal", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape())
def _() -> Setup:
    return ordinal_family("rmsprop", 0.01, log_every=2, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("ordinal-mlp-sgd-constant-log20", "ordinal", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ordinal_family("sgd", 1.0, log_every=20)


@case("gin-adamw-warmup-cosine", "gin", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return gin_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("gin-adam-sgdr-log4", "gin", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return gin_family("adam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("gin-rmsprop-reduce-on-plateau-log4", "gin", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return gin_family("rmsprop", 1e-3, log_every=4, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("gin-sgdm-step-decay-log10", "gin", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return gin_family("sgdm", 3e-3, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("gin-eps-adamw-linear-decay-long-avg20", "gin", "healthy", like=("plateau", "lr-too-low", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return gin_family("adamw", 0.01, steps=1500, log_every=20, average=True, eval_every=150, model=lambda: fd.GIN(learn_eps=True),
                      meta=GIN_EPS, schedule=linear_decay_after(0.05), schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("ctr-dcn-adamw-warmup-cosine", "ctr", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ctr_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ctr-dcn-sgd-step-decay-log10", "ctr", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ctr_family("sgd", 3.0, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("ctr-dcn-rmsprop-resumed-with-state", "ctr", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return ctr_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset({300, 600}), keep_optimizer_state=True)


@case("ctr-dcn-sgdm-onecycle-log5", "ctr", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return ctr_family("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ctr-wide-adam-constant-long-avg50", "ctr", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return ctr_family("adam", 3e-3, steps=2000, log_every=50, average=True, eval_every=200,
                      model=lambda: fd.DeepCross("wide"), meta=WIDE)  # fmt: skip


# fresh10 half, logged once per epoch


@case("ctr-dcn32-adam-4000-rows-overfits-per-epoch", "ctr", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ctr_family("adam", 0.01, steps=31 * 12, data=fd.click_logs(train_rows=4000), model=lambda: fd.DeepCross(dim=32),
                      log_per_epoch=True)  # fmt: skip


@case("gin-adam-lr-0p3-per-epoch", "gin", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return gin_family("adam", 0.3, steps=93 * 6, log_per_epoch=True)


@case("pointer-lstm-adam-per-epoch", "pointer", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return pointer_family("adam", 0.01, steps=62 * 10, log_per_epoch=True)


@case("ctr-wide-adam-per-epoch", "ctr", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ctr_family("adam", 3e-3, steps=469 * 3, log_per_epoch=True, model=lambda: fd.DeepCross("wide"), meta=WIDE)


@case("ordinal-mlp-adam-step-decay-per-epoch", "ordinal", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ordinal_family("adam", 0.01, steps=93 * 10, log_per_epoch=True, schedule=multistep(0.6, gamma=0.1),
                          per_epoch=True, schedule_name="MultiStepLR at 60%, per epoch")  # fmt: skip


# --------------------------------------------------------------------------- the eleventh fresh half (fresh11, held out from all tuning)


def capsule_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", fd.margin_loss)
    knobs.setdefault("loss_name", "margin loss (m+ 0.9, m- 0.1, lambda 0.5) of the class capsules' lengths")
    knobs.setdefault("meta", {"model": "capsule network, dynamic routing (3 iterations)", "classes": fd.GLYPH_CLASSES})
    return setup_more(knobs.pop("data", None) or fd.glyph_images(), knobs.pop("model", None) or fd.CapsNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def vqvae_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", fd.vq_loss)
    knobs.setdefault("val_loss_fn", fd.vq_recon_mse)
    knobs.setdefault("loss_name", "VQ-VAE loss: reconstruction mse + codebook loss + 0.25 x commitment loss")
    knobs.setdefault("meta", {"model": "VQ-VAE, conv encoder and decoder, 32 codes, straight-through", "beta": fd.VQ_BETA,
                              "val_loss": "reconstruction mse"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.motif_signals(), knobs.pop("model", None) or fd.VQVAE, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def tcn_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_name", "nn.CrossEntropyLoss()")
    knobs.setdefault("meta", {"model": "TCN, 4 residual blocks of dilated causal Conv1d (1, 2, 4, 8)", "channels": 16,
                              "sequence_length": fd.TCN_STEPS})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.event_series(), knobs.pop("model", None) or fd.TCN, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def fasttext_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_name", "softmax cross-entropy over the 8 topics")
    knobs.setdefault("meta", {"model": "fastText: EmbeddingBag(mode='mean') of words and hashed bigrams, linear head",
                              "vocab_size": fd.FT_VOCAB, "hash_buckets": fd.FT_BUCKETS, "dim": 16})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.topic_documents(), knobs.pop("model", None) or fd.FastText, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def without_empty_documents(data: fd.Data) -> fd.Data:
    """The data without its training documents that have no word at all."""
    ok = (data.x != 0).any(1)
    return replace(data, x=data.x[ok], y=data.y[ok])


MARGIN0, VQ0 = 0.81, fd.signals_at_zero()
MARGIN_CONST = fd.margin_at_constant()
LN6 = LN(fd.TCN_CLASSES)
"""The margin loss with every capsule length 0 (0.81, about where an untrained capsule network starts) and of the best
constant lengths (~0.46, what one that ignores its input reaches); the reconstruction MSE of predicting 0 for every
sample (~0.36). A TCN at chance: ln 6; fastText at chance: ln 8 (``LN8``)."""
CAPS_RECON = {"model": "capsule network, dynamic routing (3 iterations), reconstruction decoder", "classes": fd.GLYPH_CLASSES,
              "reconstruction_weight": round(fd.CAPS_RECON_WEIGHT, 5)}  # fmt: skip
TCN48 = {"model": "TCN, 4 residual blocks of dilated causal Conv1d (1, 2, 4, 8)", "channels": 48,
         "sequence_length": fd.TCN_STEPS}
TCN_WN = {"model": "TCN, weight-normalised dilated causal Conv1d (1, 2, 4, 8), residual", "channels": 16,
          "sequence_length": fd.TCN_STEPS}  # fmt: skip

# capsule: a capsule network (5x5 conv of 16, 6 primary capsule types of 4 dimensions at 3x3 positions, 6 class capsules
# of 8 dimensions, 3 routing iterations) classifying 12x12 glyphs, margin loss; works at Adam 3e-3-0.01, RMSprop 3e-3,
# SGDm 0.1, SGD 1-3; the held-out margin loss falls from ~0.8 to ~0.04


@case("capsule-adam-lr-0p3-30x-from-step-1", "capsule", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return capsule_family("adam", 0.3)


@case("capsule-sgd-lr-30-oscillates-log2", "capsule", "lr-high-oscillation", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=300, shape=never_below_start)
def _() -> Setup:
    return capsule_family("sgd", 30.0, log_every=2)


@case("capsule-adam-lr-1e-5-300x-low", "capsule", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return capsule_family("adam", 1e-5)


@case("capsule-sgdm-lr-3e-3-30x-low-log4", "capsule", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return capsule_family("sgdm", 3e-3, log_every=4)


@case("capsule-sgdm-summed-margin", "capsule", "summed",
      cf=lambda s: replace(s, loss_fn=fd.margin_loss, loss_name="margin loss (mean over the batch)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, MARGIN0, "the margin loss at zero lengths"))
def _() -> Setup:
    return capsule_family("sgdm", 0.1, loss_fn=fd.margin_loss_summed,
                          loss_name="margin loss summed over the classes and the batch (reduction='sum')",
                          val_loss_fn=fd.margin_loss, mean_loss_fn=fd.margin_loss)  # fmt: skip


@case("capsule-adam-lr-0p1-no-warmup", "capsule", "missing-warmup", cf=lambda s: replace(s, warmup_steps=30),
      cf_what="a 30-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=30, shape=early_rise(1.3))
def _() -> Setup:
    return capsule_family("adam", 0.1)


@case("capsule-adam-lr-0p03-recreated-each-epoch", "capsule", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=47, tol=5,
      shape=anything)
def _() -> Setup:
    return capsule_family("adam", 0.03, recreate_optimizer_at=frozenset(range(46, 300, 46)))


@case("capsule-adam-multistep-x0p1-at-5pct", "capsule", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return capsule_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("capsule-adam-missing-pixels-nan", "capsule", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing pixels imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 46))
def _() -> Setup:
    return capsule_family("adam", 3e-3, data=fd.glyph_images(nan_rows=0.01))


@case("capsule-nadam-warmup-cosine-peak-0p3", "capsule", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return capsule_family("nadam", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("capsule-recon-rmsprop-resumed-without-state", "capsule", "optimizer-reset-resume",
      cf=lambda s: replace(s, keep_optimizer_state=True), cf_what="the optimizer state restored at the resume",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=151, tol=5,
      shape=anything)
def _() -> Setup:
    return capsule_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset({150}), model=lambda: fd.CapsNet(recon=True),
                          meta=CAPS_RECON)  # fmt: skip


@case("capsule-adam-exponential-100x-in-30-steps", "capsule", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 32))
def _() -> Setup:
    return capsule_family("adam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 30")


# vqvae: a VQ-VAE of 64-sample signals (two stride-2 convolutions of 32, 16 latents of 16 dimensions, unit-normalised,
# snapped to the nearest of 32 codes, straight-through, two transposed convolutions and a linear head), reconstruction
# MSE + codebook loss + 0.25 x commitment loss; works at Adam 1e-3-0.01, RMSprop 1e-3-0.01, SGDm 0.03-0.1, SGD 0.3 (slowly);
# the held-out reconstruction MSE falls from ~0.36 (the signals' mean square) to ~0.02. At Adam 0.03 some runs collapse
# onto one code and stay at the mean (0.36); SGD 1 diverges


@case("vqvae-adam-lr-0p3-30x-from-step-1", "vqvae", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return vqvae_family("adam", 0.3)


@case("vqvae-sgd-lr-1-diverges", "vqvae", "lr-high-diverge", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return vqvae_family("sgd", 1.0)


@case("vqvae-adam-lr-1e-5-1000x-low", "vqvae", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return vqvae_family("adam", 1e-5)


@case("vqvae-sgdm-lr-1e-3-30x-low-log5", "vqvae", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return vqvae_family("sgdm", 1e-3, log_every=5)


@case("vqvae-sgdm-summed-mse", "vqvae", "summed",
      cf=lambda s: replace(s, loss_fn=fd.vq_loss, loss_name="VQ-VAE loss (mse, mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, VQ0, "the signals' mean square"))
def _() -> Setup:
    return vqvae_family("sgdm", 0.03, loss_fn=fd.vq_loss_summed,
                        loss_name="VQ-VAE loss, squared error summed over the samples and the batch (reduction='sum')",
                        mean_loss_fn=fd.vq_loss)  # fmt: skip


@case("vqvae-adam-head-x300", "vqvae", "last-layer-init",
      cf=lambda s: replace(s, model=fd.VQVAE), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, VQ0, "the signals' mean square"))
def _() -> Setup:
    return vqvae_family("adam", 0.01, model=lambda: scaled_head(fd.VQVAE(), 300, bias=True))


@case("vqvae-adam-multistep-x0p1-at-5pct", "vqvae", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return vqvae_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("vqvae-adam-exponential-100x-in-30-steps", "vqvae", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 32))
def _() -> Setup:
    return vqvae_family("adam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 30")


@case("vqvae-adam-dropped-samples-nan", "vqvae", "nan-early",
      cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)), cf_what="the signals with a dropped sample removed",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 62))
def _() -> Setup:
    return vqvae_family("adam", 0.01, data=fd.motif_signals(nan_rows=0.01))


@case("vqvae-sgdm-exponential-gamma-1p01", "vqvae", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return vqvae_family("sgdm", 0.1, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("vqvae-adam-lr-0p05-no-warmup", "vqvae", "missing-warmup", cf=lambda s: replace(s, warmup_steps=30),
      cf_what="a 30-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=30, shape=early_rise(1.3))
def _() -> Setup:
    return vqvae_family("adam", 0.05)


@case("vqvae-adamw-cyclic-peak-0p3", "vqvae", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return vqvae_family("adamw", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


# tcn: a TCN (a 1x1 input convolution to 16 channels, 4 residual blocks of two causal dilated convolutions, kernel 3,
# dilations 1-8, the last step's features through a ReLU readout of 16 and a linear head) classifying 48-step series of
# 3 channels into 6 classes, cross-entropy; works at Adam / AdamW 3e-3-0.01, NAdam 1.6e-3, RMSprop 1e-3, SGDm 0.03; the
# held-out loss falls from ln 6 to ~0.01-0.05 (noisily: a few confident mistakes). Its runs often wait at ln 3 (the lead
# learnt, not the period) before a sudden drop; SGDm 0.1 may blow up to chance, Adam 0.1 stays there


@case("tcn-adam-lr-0p1-stuck-at-chance", "tcn", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=at_chance(LN6, "ln 6"))
def _() -> Setup:
    return tcn_family("adam", 0.1, loss_name="CrossEntropyLoss")


@case("tcn-sgd-lr-3-overflows-nan", "tcn", "lr-high-nan", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=300, shape=nan_within(1, 300))
def _() -> Setup:
    return tcn_family("sgd", 3.0)


@case("tcn-sgdm-lr-0p1-diverges-after-dip", "tcn", "lr-high-diverge", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=300, shape=rises_after_dip())
def _() -> Setup:
    return tcn_family("sgdm", 0.1, loss_name="categorical cross-entropy")


@case("tcn-adam-lr-3e-5-100x-low", "tcn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return tcn_family("adam", 3e-5, loss_name="F.cross_entropy")


@case("tcn-rmsprop-lr-1e-5-100x-low-log5", "tcn", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return tcn_family("rmsprop", 1e-5, log_every=5)


@case("tcn-sgdm-summed-ce", "tcn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="nn.CrossEntropyLoss()"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN6, "ln 6"))
def _() -> Setup:
    return tcn_family("sgdm", 0.03, loss_fn=fd.tcn_ce_summed, loss_name="nn.CrossEntropyLoss(reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("tcn-adam-head-x1000", "tcn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TCN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN6, "ln 6"))
def _() -> Setup:
    return tcn_family("adam", 3e-3, model=lambda: scaled_head(fd.TCN(), 1000, bias=True), loss_name="xent")


@case("tcn-sgd-lr-0p3-gain-3-no-clip-explodes", "tcn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return tcn_family("sgd", 0.3, model=lambda: fd.TCN(gain=3.0))


@case("tcn-adam-readout-dead-at-init", "tcn", "dead-units",
      cf=lambda s: replace(s, model=fd.TCN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return tcn_family("adam", 3e-3, model=lambda: fd.TCN(dead_bias=-10.0), track_zero_grads=True)


@case("tcn-sgdm-lr-0p3-dead-relus", "tcn", "dead-units-lr", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("dead-units",), may=("lr-too-high", "plateau", "exploding-gradients"), fault_step=first_dead, tol=100,
      shape=dead_from)
def _() -> Setup:
    return tcn_family("sgdm", 0.3, track_zero_grads=True)


@case("tcn-adam-multistep-x0p1-at-3pct", "tcn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=10, tol=100, shape=lr_down_by(0.11, 12))
def _() -> Setup:
    return tcn_family("adam", 3e-3, schedule=multistep(0.03, gamma=0.1), schedule_name="MultiStepLR at 3%")


@case("tcn-adam-dropped-reading-nan", "tcn", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing readings imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 62))
def _() -> Setup:
    return tcn_family("adam", 3e-3, data=fd.event_series(nan_rows=0.01), loss_name="ce")


@case("tcn-wide-adam-200-series-overfits", "tcn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return tcn_family("adam", 3e-3, steps=400, eval_every=20, data=fd.event_series(train_rows=200),
                      model=lambda: fd.TCN(channels=48), meta=TCN48)  # fmt: skip


@case("fasttext-sgd-lr-20-constant-plateau", "fasttext", "plateau", cf=lambda s: replace(s, decay_step=450),
      cf_what="lr x0.1 from step 450", must=("plateau",), may=("lr-too-high",), fault_step=450, tol=300, shape=flat_late)
def _() -> Setup:
    return fasttext_family("sgd", 20.0, steps=900, eval_every=90, data=fd.topic_documents(n=60000))


# fasttext: a fastText classifier (the mean of 16-dimensional embeddings of the words and hashed bigrams, a linear head)
# of documents of 8 topics, cross-entropy; works at SGD 10-20 (fastText's own lr range; 30 blows up), SGDm 1-3, Adam
# 3e-3-0.03, Adagrad 0.1-1, RMSprop 0.01; the held-out loss falls from ln 8 to ~0.14 (3% of the training labels are
# flipped). Two topics of a pair differ only in their bigrams


@case("fasttext-sgd-lr-30-blows-up", "fasttext", "lr-high-step1", cf=lr_to(10.0), cf_what="lr 10",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return fasttext_family("sgd", 30.0)


@case("fasttext-sgd-lr-100-nan", "fasttext", "lr-high-nan", cf=lr_to(10.0), cf_what="lr 10",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=500, shape=nan_within(1, 500))
def _() -> Setup:
    return fasttext_family("sgd", 100.0)


@case("fasttext-adagrad-lr-3e-3-100x-low", "fasttext", "lr-low-adagrad", cf=lr_to(0.3), cf_what="Adagrad lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return fasttext_family("adagrad", 3e-3)


@case("fasttext-adam-lr-1e-4-100x-low", "fasttext", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return fasttext_family("adam", 1e-4)


@case("fasttext-sgd-lr-1-10x-low-log5", "fasttext", "lr-low-sgd", cf=lr_to(10.0), cf_what="lr 10",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return fasttext_family("sgd", 1.0, log_every=5)


@case("fasttext-sgd-summed-ce", "fasttext", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="softmax cross-entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN8, "ln 8"))
def _() -> Setup:
    return fasttext_family("sgd", 10.0, loss_fn=fd.topic_ce_summed, loss_name="softmax cross-entropy summed over the batch",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("fasttext-adam-head-x1000", "fasttext", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FastText), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN8, "ln 8"))
def _() -> Setup:
    return fasttext_family("adam", 0.01, model=lambda: scaled_head(fd.FastText(), 1000, bias=True))


@case("fasttext-adam-softmax-by-hand-log0", "fasttext", "nan-log0",
      cf=lambda s: replace(s, loss_fn=cross_entropy), cf_what="F.cross_entropy (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(5, 500))
def _() -> Setup:
    return fasttext_family("adam", 0.5, loss_fn=fd.topic_ce_by_hand, loss_name="-log(softmax(logits)[label]) by hand",
                           val_loss_fn=cross_entropy, safe_loss_fn=cross_entropy)  # fmt: skip


@case("fasttext-byhand-adam-empty-documents-nan", "fasttext", "nan-early",
      cf=lambda s: replace(s, data=without_empty_documents(s.data)), cf_what="the empty documents dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 125))
def _() -> Setup:
    return fasttext_family("adam", 0.01, data=fd.topic_documents(empty_rows=0.005), model=fd.FastTextByHand)


@case("fasttext-adam-multistep-x0p1-at-5pct", "fasttext", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=26, tol=100, shape=lr_down_by(0.11, 30))
def _() -> Setup:
    return fasttext_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("fasttext-adamw-exponential-100x-in-50-steps", "fasttext", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 52))
def _() -> Setup:
    return fasttext_family("adamw", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 50")


@case("fasttext-sgd-exponential-gamma-1p02-nan", "fasttext", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 500))
def _() -> Setup:
    return fasttext_family("sgd", 10.0, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("fasttext-adam-cyclic-peak-1", "fasttext", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return fasttext_family("adam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("fasttext-adagrad-lr-1-recreated-each-epoch", "fasttext", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=126, tol=5,
      shape=anything)
def _() -> Setup:
    return fasttext_family("adagrad", 1.0, recreate_optimizer_at=frozenset(range(125, 500, 125)))


@case("fasttext-nadam-warmup-cosine-peak-3", "fasttext", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return fasttext_family("nadam", 3.0, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


# fresh11 half: healthy look-alikes


@case("capsule-adamw-warmup-cosine", "capsule", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return capsule_family("adamw", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("capsule-recon-adam-sgdr-log4", "capsule", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return capsule_family("adam", 0.03, log_every=4, schedule=warm_restarts(0.25), model=lambda: fd.CapsNet(recon=True),
                          meta=CAPS_RECON, schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("capsule-sgdm-onecycle-log5", "capsule", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return capsule_family("sgdm", 2.0, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("capsule-adam-finetune-lr-1e-4", "capsule", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return capsule_family("adam", 1e-4, steps=200, eval_every=20, model=fd.pretrained_capsnet,
                          meta={"model": "capsule network, dynamic routing (3 iterations)", "pretrained": True})  # fmt: skip


@case("capsule-rmsprop-constant-long-avg50", "capsule", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return capsule_family("rmsprop", 3e-3, steps=1000, log_every=50, average=True, eval_every=100)


@case("vqvae-adamw-warmup-cosine", "vqvae", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return vqvae_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("vqvae-adam-reduce-on-plateau-log4", "vqvae", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return vqvae_family("adam", 0.01, log_every=4, schedule=on_plateau(0.3, 1),
                        schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("vqvae-adam-finetune-lr-1e-4", "vqvae", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return vqvae_family("adam", 1e-4, steps=200, eval_every=20, model=fd.pretrained_vqvae,
                        meta={"model": "VQ-VAE, conv encoder and decoder, 32 codes", "pretrained": True})  # fmt: skip


@case("vqvae-rmsprop-cyclic-log2", "vqvae", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return vqvae_family("rmsprop", 0.01, log_every=2, schedule=cyclic(0.1, 0.25), schedule_name="CyclicLR triangular")


@case("vqvae-sgdm-step-decay-log10", "vqvae", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return vqvae_family("sgdm", 0.1, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("vqvae-adam-constant-long-avg50", "vqvae", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return vqvae_family("adam", 0.01, steps=1000, log_every=50, average=True, eval_every=100)


@case("tcn-adamw-warmup-cosine", "tcn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.TCN_CLASSES))
def _() -> Setup:
    return tcn_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine",
                      loss_name="CrossEntropyLoss", data=fd.event_series(n_val=1500))  # fmt: skip


@case("tcn-wn-adam-sgdr-log4", "tcn", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.TCN_CLASSES))
def _() -> Setup:
    return tcn_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), model=lambda: fd.TCN(weight_norm=True),
                      meta=TCN_WN, schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("tcn-adam-reduce-on-plateau-log4", "tcn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.TCN_CLASSES))
def _() -> Setup:
    return tcn_family("adam", 0.01, log_every=4, schedule=on_plateau(0.3, 1), loss_name="softmax cross-entropy",
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("tcn-adam-step-decay-log10", "tcn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.TCN_CLASSES))
def _() -> Setup:
    return tcn_family("adam", 0.01, log_every=10, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("tcn-nadam-constant-long-avg20", "tcn", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fd.TCN_CLASSES))
def _() -> Setup:
    return tcn_family("nadam", 1.6e-3, steps=1000, log_every=20, average=True, eval_every=100, loss_name="cross_entropy")


@case("fasttext-sgd-linear-decay", "fasttext", "healthy", like=("premature-decay", "lr-too-high"),
      shape=healthy_shape(fd.FT_TOPICS))
def _() -> Setup:
    return fasttext_family("sgd", 20.0, schedule=linear_decay_after(0.0), schedule_name="linear decay to 0 (fastText's)")


@case("fasttext-adagrad-constant-log10", "fasttext", "healthy", like=("lr-too-low", "plateau"),
      shape=healthy_shape(fd.FT_TOPICS))
def _() -> Setup:
    return fasttext_family("adagrad", 0.3, log_every=10)


@case("fasttext-adamw-warmup-cosine", "fasttext", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.FT_TOPICS))
def _() -> Setup:
    return fasttext_family("adamw", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("fasttext-sgdm-onecycle-log5", "fasttext", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.FT_TOPICS))
def _() -> Setup:
    return fasttext_family("sgdm", 3.0, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("fasttext-rmsprop-reduce-on-plateau-log4", "fasttext", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.FT_TOPICS))
def _() -> Setup:
    return fasttext_family("rmsprop", 0.01, log_every=4, schedule=on_plateau(0.3, 1),
                           schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("fasttext-unigram-adam-constant-long-avg50", "fasttext", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fd.FT_TOPICS))
def _() -> Setup:
    return fasttext_family("adam", 3e-3, steps=2000, log_every=50, average=True, eval_every=200,
                           model=lambda: fd.FastText(bigrams=False))  # fmt: skip


# fresh11 half, logged once per epoch


@case("tcn-wide-adam-640-series-overfits-per-epoch", "tcn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return tcn_family("adam", 3e-3, steps=10 * 38, data=fd.event_series(train_rows=640), model=lambda: fd.TCN(channels=48),
                      meta=TCN48, log_per_epoch=True)  # fmt: skip


@case("tcn-adam-lr-0p3-per-epoch", "tcn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return tcn_family("adam", 0.3, steps=62 * 5, log_per_epoch=True)


@case("capsule-rmsprop-per-epoch", "capsule", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return capsule_family("rmsprop", 3e-3, steps=46 * 8, log_per_epoch=True)


@case("vqvae-adam-per-epoch", "vqvae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return vqvae_family("adam", 0.01, steps=62 * 5, log_per_epoch=True)


@case("fasttext-sgd-linear-decay-per-epoch", "fasttext", "healthy", like=("overfitting", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return fasttext_family("sgd", 20.0, steps=125 * 6, log_per_epoch=True, schedule=linear_decay_after(0.0),
                           schedule_name="linear decay to 0 (fastText's)")  # fmt: skip


# --------------------------------------------------------------------------- the twelfth fresh half (fresh12, held out from all tuning)


def gpt_family(optimizer: str, lr: float, steps: int = 250, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 25)
    knobs.setdefault("loss_name", "next-token cross-entropy")
    knobs.setdefault("meta", {"model": "GPT: decoder-only causal transformer, pre-LN, 2 layers, d 32, 2 heads, tied head",
                              "vocab_size": fd.DYCK_VOCAB, "context": fd.DYCK_LENGTH})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dyck_sequences(), knobs.pop("model", None) or fd.TinyGPT, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def deepsets_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse")
    knobs.setdefault("meta", {"model": "Deep Sets: phi MLP per point, sum pooling, rho MLP", "max_set_size": fd.SET_MAX,
                              "target": "points inside the unit circle"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.point_sets(), knobs.pop("model", None) or fd.DeepSets, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def mixup_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", fd.mixup_ce)
    knobs.setdefault("val_loss_fn", fd.plain_ce)
    knobs.setdefault("loss_name", "mixup cross-entropy (Beta(0.4, 0.4), label_smoothing=0.1)")
    knobs.setdefault("meta", {"model": "BatchNorm CNN (2 conv stages), mixup alpha 0.4, label smoothing 0.1",
                              "classes": fd.TEX_CLASSES, "val_loss": "cross-entropy of clean images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.texture_images(), knobs.pop("model", None) or fd.MixupCNN, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def fqi_family(optimizer: str, lr: float, steps: int = 800, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 80)
    knobs.setdefault("loss_fn", fd.td_huber)
    knobs.setdefault("val_loss_fn", fd.q_mse)
    knobs.setdefault("loss_name", "smooth_l1 TD loss (target network)")
    knobs.setdefault("meta", {"model": "DQN-style Q MLP, target network refreshed every 50 steps, fixed replay buffer",
                              "gamma": fd.GRID_GAMMA, "val_loss": "mse of Q against Q* (value iteration)"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.replay_buffer(), knobs.pop("model", None) or fd.FittedQ, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def without_empty_sets(data: fd.Data) -> fd.Data:
    """The data without its training sets that have no point at all."""
    ok = data.x[..., 2].sum(1) > 0
    return replace(data, x=data.x[ok], y=data.y[ok])


SETS0 = fd.sets_at_zero()
"""Deep Sets predicting 0 for every set: the count's mean square (~29). A GPT starts at ln 5 (the process's own
entropy ~0.80), the mixup CNN at ln 8 (``LN8``); a Q network's TD loss starts at ~0.04 (Q* has a mean square of ~0.15)."""
GPT_POST = {"model": "GPT: decoder-only causal transformer, post-LN, 2 layers, d 32, 2 heads, tied head",
            "vocab_size": fd.DYCK_VOCAB, "context": fd.DYCK_LENGTH}  # fmt: skip
GPT_UNTIED = {"model": "GPT: decoder-only causal transformer, pre-LN, 2 layers, d 32, 2 heads, untied head",
              "vocab_size": fd.DYCK_VOCAB, "context": fd.DYCK_LENGTH}  # fmt: skip
SETS_MEAN = {"model": "Deep Sets: phi MLP per point, mean pooling, rho MLP", "max_set_size": fd.SET_MAX,
             "target": "RMS spread of the set"}  # fmt: skip
DQN_DOUBLE = {"model": "double DQN-style Q MLP, target network refreshed every 50 steps, fixed replay buffer",
              "gamma": fd.GRID_GAMMA, "val_loss": "mse of Q against Q* (value iteration)"}  # fmt: skip


def spread_sets(**kw: Any) -> fd.Data:
    return fd.point_sets(target="spread", **kw)


def mean_pooled() -> fd.DeepSets:
    return fd.DeepSets(pooling="mean")


# gpt: a tiny GPT (pre-LN, 2 layers, d 32, 2 heads, learned positions, tied head) on Dyck-2 sequences of 24 brackets,
# next-token cross-entropy; works at AdamW 3e-3-0.03 with warmup + cosine, Adam 3e-3-0.01 constant, SGDm 0.1 (slowly);
# the held-out loss falls from ln 5 to ~0.84 (the process's entropy ~0.80). Adam 0.03-0.05 constant ends at ~1.1;
# SGDm 1 overflows to NaN by step ~16; post-LN trains at Adam 0.01 without a warmup; 64-96 training sequences overfit


@case("gpt-adam-lr-0p05-15x-from-step-1", "gpt", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=250, shape=anything)
def _() -> Setup:
    return gpt_family("adam", 0.05)


@case("gpt-sgdm-lr-1-overflows-nan", "gpt", "lr-high-nan", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=250, shape=nan_within(1, 250))
def _() -> Setup:
    return gpt_family("sgdm", 1.0)


@case("gpt-adamw-warmup-cosine-peak-0p3", "gpt", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return gpt_family("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("gpt-adamw-lr-1e-5-1000x-low", "gpt", "lr-low-adam", cf=lr_to(0.01), cf_what="AdamW lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return gpt_family("adamw", 1e-5)


@case("gpt-sgdm-lr-3e-3-30x-low-log3", "gpt", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return gpt_family("sgdm", 3e-3, log_every=3)


@case("gpt-sgdm-summed-ce", "gpt", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="next-token cross-entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN(fd.DYCK_VOCAB), "ln 5"))
def _() -> Setup:
    return gpt_family("sgdm", 0.1, loss_fn=fd.lm_ce_summed,
                      loss_name="next-token cross-entropy summed over the positions and the batch (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("gpt-untied-adam-head-x1000", "gpt", "last-layer-init",
      cf=lambda s: replace(s, model=lambda: fd.TinyGPT(tied=False)), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN(fd.DYCK_VOCAB), "ln 5"))
def _() -> Setup:
    return gpt_family("adam", 3e-3, model=lambda: scaled_head(fd.TinyGPT(tied=False), 1000, bias=True), meta=GPT_UNTIED)


@case("gpt-sgdm-exponential-gamma-1p03-nan", "gpt", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 250))
def _() -> Setup:
    return gpt_family("sgdm", 0.1, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("gpt-adamw-lr-0p01-recreated-each-epoch", "gpt", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=84, tol=5,
      shape=anything)
def _() -> Setup:
    return gpt_family("adamw", 0.01, data=fd.dyck_sequences(train_rows=2000),
                      recreate_optimizer_at=frozenset(range(83, 250, 83)))  # fmt: skip


@case("gpt-adam-multistep-x0p1-at-5pct", "gpt", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=13, tol=100, shape=lr_down_by(0.11, 15))
def _() -> Setup:
    return gpt_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("gpt-adamw-exponential-100x-in-25-steps", "gpt", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 27))
def _() -> Setup:
    return gpt_family("adamw", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 25")


@case("gpt-adam-64-sequences-overfits", "gpt", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gpt_family("adam", 3e-3, steps=500, eval_every=20, data=fd.dyck_sequences(train_rows=64, batch_size=16))


# deepsets: Deep Sets (phi 2-64-64 ReLU per point, masked, sum pooling, rho 64 ReLU, a linear head) regressing the number
# of a set's points inside the unit circle (0-24, mean ~3.8), MSE; works at Adam 3e-3-0.01, SGDm 1e-3; the held-out MSE
# falls from ~29 (predicting 0) to ~0.2-0.4. Sum pooling makes the gradients large (~50 at step 1): SGDm 0.01 is near
# the edge. Some runs regress the set's spread with mean pooling instead (MSE from ~1.3 to ~0.04)


@case("deepsets-adam-lr-0p3-30x-from-step-1", "deepsets", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return deepsets_family("adam", 0.3)


@case("deepsets-sgd-lr-0p1-overflows-nan", "deepsets", "lr-high-nan", cf=lr_to(1e-3), cf_what="lr 1e-3",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=500, shape=nan_within(1, 500))
def _() -> Setup:
    return deepsets_family("sgd", 0.1)


@case("deepsets-sgdm-lr-0p01-spikes-log2", "deepsets", "lr-high-spikes", cf=lr_to(1e-3), cf_what="lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=500, shape=spiky())
def _() -> Setup:
    return deepsets_family("sgdm", 0.01, log_every=2)


@case("deepsets-adamw-cyclic-peak-1", "deepsets", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return deepsets_family("adamw", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("deepsets-adam-lr-1e-5-1000x-low", "deepsets", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return deepsets_family("adam", 1e-5)


@case("deepsets-mean-sgdm-lr-1e-3-30x-low-log5", "deepsets", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return deepsets_family("sgdm", 1e-3, log_every=5, data=spread_sets(), model=mean_pooled, meta=SETS_MEAN)


@case("deepsets-sgdm-summed-mse", "deepsets", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SETS0, "the count's mean square"))
def _() -> Setup:
    return deepsets_family("sgdm", 1e-3, loss_fn=fd.set_mse_summed, loss_name="mse summed over the batch (reduction='sum')",
                           val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("deepsets-adam-head-x300", "deepsets", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DeepSets), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SETS0, "the count's mean square"))
def _() -> Setup:
    return deepsets_family("adam", 3e-3, model=lambda: scaled_head(fd.DeepSets(), 300, bias=True))


@case("deepsets-mean-adam-empty-sets-nan", "deepsets", "nan-early",
      cf=lambda s: replace(s, data=without_empty_sets(s.data)), cf_what="the empty sets dropped",
      must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2, shape=nan_within(1, 93))
def _() -> Setup:
    return deepsets_family("adam", 3e-3, data=spread_sets(empty_rows=0.003), model=mean_pooled, meta=SETS_MEAN)


@case("deepsets-adam-rho-dead-at-init", "deepsets", "dead-units",
      cf=lambda s: replace(s, model=fd.DeepSets), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return deepsets_family("adam", 3e-3, model=lambda: fd.DeepSets(dead_bias=-100.0), track_zero_grads=True)


@case("deepsets-adam-multistep-x0p1-at-4pct", "deepsets", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return deepsets_family("adam", 0.01, schedule=multistep(0.04, gamma=0.1), schedule_name="MultiStepLR at 4%")


@case("deepsets-rmsprop-recreated-each-epoch", "deepsets", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=94, tol=5,
      shape=anything)
def _() -> Setup:
    return deepsets_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset(range(93, 500, 93)))


@case("deepsets-sgdm-lr-0p01-no-clip-explodes", "deepsets", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return deepsets_family("sgdm", 0.02)


@case("deepsets-huber-adam-exponential-gamma-1p02", "deepsets", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return deepsets_family("adam", 3e-3, loss_fn=fd.set_huber, loss_name="huber (delta 1)", val_loss_fn=F.mse_loss,
                           schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


@case("deepsets-sgdm-exponential-gamma-1p03-nan", "deepsets", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 500))
def _() -> Setup:
    return deepsets_family("sgdm", 1e-3, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


# mixup: a BatchNorm CNN (conv 8 - BN - ReLU - pool, conv 16 - BN - ReLU - pool, fc 64, head 8) of 12x12 texture
# patches trained with mixup (Beta(0.4, 0.4), the batch mixed with itself rolled by one) and label smoothing 0.1: the
# training loss cannot go below ~0.8; held out on the plain cross-entropy of clean patches (~0.3). Works at Adam
# 1e-3-0.01, SGDm 0.1; Adam 0.1 ends at ~1.5. BatchNorm's running statistics come from mixed batches, so the clean
# validation loss jitters by ~10-20% from one evaluation to the next at a constant lr


@case("mixup-sgdm-lr-10-blows-up", "mixup", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return mixup_family("sgdm", 10.0)


@case("mixup-sgd-lr-3-oscillates-log2", "mixup", "lr-high-oscillation", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return mixup_family("sgd", 3.0, log_every=2)


@case("mixup-adam-warmup-cosine-peak-0p3", "mixup", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return mixup_family("adam", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("mixup-adam-lr-1e-5-300x-low", "mixup", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return mixup_family("adam", 1e-5)


@case("mixup-sgdm-lr-1e-3-100x-low-log4", "mixup", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return mixup_family("sgdm", 1e-3, log_every=4)


@case("mixup-sgdm-summed-ce", "mixup", "summed",
      cf=lambda s: replace(s, loss_fn=fd.mixup_ce, loss_name="mixup cross-entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN8, "ln 8"))
def _() -> Setup:
    return mixup_family("sgdm", 0.1, loss_fn=fd.mixup_ce_summed, loss_name="mixup cross-entropy summed over the batch",
                        mean_loss_fn=fd.mixup_ce)  # fmt: skip


@case("mixup-adam-head-x1000", "mixup", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MixupCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN8, "ln 8"))
def _() -> Setup:
    return mixup_family("adam", 3e-3, model=lambda: scaled_head(fd.MixupCNN(), 1000, bias=True))


@case("mixup-adam-missing-pixels-nan", "mixup", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing pixels imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 125))
def _() -> Setup:
    return mixup_family("adam", 3e-3, data=fd.texture_images(nan_rows=0.01))


@case("mixup-adam-multistep-x0p1-at-5pct", "mixup", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return mixup_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("mixup-sgdm-exponential-100x-in-30-steps", "mixup", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 32))
def _() -> Setup:
    return mixup_family("sgdm", 0.1, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 30")


@case("mixup-adam-fc-dead-at-init", "mixup", "dead-units",
      cf=lambda s: replace(s, model=fd.MixupCNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mixup_family("adam", 3e-3, model=lambda: fd.MixupCNN(dead_bias=-20.0), track_zero_grads=True)


@case("mixup-adam-lr-0p1-no-warmup", "mixup", "missing-warmup", cf=lambda s: replace(s, warmup_steps=30),
      cf_what="a 30-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=30, shape=early_rise(1.1))
def _() -> Setup:
    return mixup_family("adam", 0.05)


# fqi: fitted Q-iteration of a 6x6 grid world (walls, a goal +1, a pit -1, -0.04 a step, 20% slip, gamma 0.9) on a fixed
# replay buffer of 20000 transitions: a DQN-style ReLU MLP 38-64-64-4, a target network refreshed every 50 steps, the
# smooth L1 TD loss (it jumps at each refresh); held out on the MSE of Q against Q* by value iteration, from ~0.15 (Q = 0)
# to ~0.001-0.002. Works at Adam 1e-3-3e-3, SGDm 0.1; at a constant lr the Q error jitters across the target refreshes


@case("fqi-adam-lr-0p3-300x-from-step-1", "fqi", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=800, shape=anything)
def _() -> Setup:
    return fqi_family("adam", 0.3)


@case("fqi-sgd-lr-30-blows-up", "fqi", "lr-high-diverge", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return fqi_family("sgd", 30.0)


@case("fqi-sgdm-lr-1-oscillates-log4", "fqi", "lr-high-oscillation", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return fqi_family("sgdm", 1.0, log_every=4)


@case("fqi-adam-lr-1e-6-1000x-low", "fqi", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return fqi_family("adam", 1e-6)


@case("fqi-rmsprop-lr-1e-5-100x-low-log8", "fqi", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=800, shape=still_falling)
def _() -> Setup:
    return fqi_family("rmsprop", 1e-5, log_every=8)


@case("fqi-sgdm-summed-huber", "fqi", "summed",
      cf=lambda s: replace(s, loss_fn=fd.td_huber, loss_name="smooth_l1 TD loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, 0.04, "the TD loss of an untrained network (~0.04)"))
def _() -> Setup:
    return fqi_family("sgdm", 0.1, loss_fn=fd.td_huber_summed, loss_name="smooth_l1 TD loss summed over the batch",
                      mean_loss_fn=fd.td_huber)  # fmt: skip


@case("fqi-adam-head-x1000", "fqi", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FittedQ), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, 0.04, "the TD loss of an untrained network (~0.04)"))
def _() -> Setup:
    return fqi_family("adam", 1e-3, model=lambda: scaled_head(fd.FittedQ(), 1000, bias=True))


@case("fqi-adam-nan-rewards", "fqi", "nan-early", cf=lambda s: replace(s, data=without_missing_targets(s.data)),
      cf_what="the transitions with a NaN reward dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 312))
def _() -> Setup:
    return fqi_family("adam", 1e-3, data=fd.replay_buffer(nan_rows=0.002))


@case("fqi-adam-multistep-x0p1-at-5pct", "fqi", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=41, tol=100, shape=lr_down_by(0.11, 45))
def _() -> Setup:
    return fqi_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("fqi-adam-exponential-100x-in-80-steps", "fqi", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 82))
def _() -> Setup:
    return fqi_family("adam", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 80")


@case("fqi-rmsprop-recreated-each-epoch", "fqi", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=79, tol=5,
      shape=anything)
def _() -> Setup:
    return fqi_family("rmsprop", 1e-3, data=fd.replay_buffer(train_rows=5000), recreate_optimizer_at=frozenset(range(78, 800, 78)))


@case("fqi-adam-exponential-gamma-1p01", "fqi", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=800, shape=anything)
def _() -> Setup:
    return fqi_family("adam", 1e-3, schedule=exponential(1.01), schedule_name="ExponentialLR(gamma=1.01) per batch")


@case("fqi-adam-layer2-dead-at-init", "fqi", "dead-units",
      cf=lambda s: replace(s, model=fd.FittedQ), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return fqi_family("adam", 1e-3, model=lambda: fd.FittedQ(dead_bias=-10.0), track_zero_grads=True)


# fresh12 half: healthy look-alikes


@case("gpt-adamw-warmup-cosine", "gpt", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.DYCK_VOCAB))
def _() -> Setup:
    return gpt_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("gpt-postln-adamw-warmup-cosine-log3", "gpt", "healthy", like=("missing-warmup", "lr-too-high"),
      shape=healthy_shape(fd.DYCK_VOCAB))
def _() -> Setup:
    return gpt_family("adamw", 3e-3, log_every=3, model=lambda: fd.TinyGPT(pre_ln=False), meta=GPT_POST,
                      schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")  # fmt: skip


@case("gpt-adam-finetune-lr-1e-4", "gpt", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return gpt_family("adam", 1e-4, steps=200, eval_every=20, model=fd.pretrained_gpt,
                      meta={"model": "GPT: decoder-only causal transformer, pre-LN, 2 layers, d 32, 2 heads, tied head",
                            "pretrained": True})  # fmt: skip


@case("gpt-adamw-sgdr-log5", "gpt", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.DYCK_VOCAB))
def _() -> Setup:
    return gpt_family("adamw", 0.01, log_every=5, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("gpt-adam-constant-long-avg25", "gpt", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return gpt_family("adam", 3e-3, steps=750, log_every=25, average=True, eval_every=75)


@case("gpt-untied-sgdm-onecycle-log2", "gpt", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.DYCK_VOCAB))
def _() -> Setup:
    return gpt_family("sgdm", 0.3, log_every=2, model=lambda: fd.TinyGPT(tied=False), meta=GPT_UNTIED, schedule=one_cycle,
                      schedule_name="OneCycleLR")  # fmt: skip


@case("deepsets-adam-reduce-on-plateau-log4", "deepsets", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return deepsets_family("adam", 0.01, log_every=4, schedule=on_plateau(0.3, 1),
                           schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("deepsets-mean-sgdm-onecycle-log5", "deepsets", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape())
def _() -> Setup:
    return deepsets_family("sgdm", 0.3, log_every=5, data=spread_sets(), model=mean_pooled, meta=SETS_MEAN,
                           schedule=one_cycle, schedule_name="OneCycleLR")  # fmt: skip


@case("deepsets-mean-huber-adam-step-decay-log10", "deepsets", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return deepsets_family("adam", 0.01, log_every=10, data=spread_sets(), model=mean_pooled, meta=SETS_MEAN,
                           loss_fn=fd.set_huber, loss_name="huber (delta 1)", val_loss_fn=F.mse_loss,
                           schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")  # fmt: skip


@case("deepsets-adagrad-constant-long-avg50", "deepsets", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return deepsets_family("adagrad", 0.03, steps=2000, log_every=50, average=True, eval_every=200)


@case("deepsets-rmsprop-resumed-with-state", "deepsets", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return deepsets_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("mixup-adamw-warmup-cosine", "mixup", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.TEX_CLASSES))
def _() -> Setup:
    return mixup_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("mixup-sgdm-onecycle-log5", "mixup", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.TEX_CLASSES))
def _() -> Setup:
    return mixup_family("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("mixup-nesterov-warmup-cosine-log10", "mixup", "healthy", like=("premature-decay", "lr-too-high"),
      shape=healthy_shape(fd.TEX_CLASSES))
def _() -> Setup:
    return mixup_family("nesterov", 0.1, log_every=10, schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine")


@case("mixup-adam-finetune-lr-1e-4", "mixup", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return mixup_family("adam", 1e-4, steps=200, eval_every=20, model=fd.pretrained_mixup_cnn,
                        meta={"model": "BatchNorm CNN (2 conv stages), mixup alpha 0.4, label smoothing 0.1", "pretrained": True})  # fmt: skip


@case("fqi-double-adamw-warmup-cosine", "fqi", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return fqi_family("adamw", 3e-3, model=lambda: fd.FittedQ(double=True), meta=DQN_DOUBLE,
                      schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("fqi-sgdm-onecycle-log10", "fqi", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return fqi_family("sgdm", 1.0, log_every=10, schedule=one_cycle, schedule_name="OneCycleLR")


@case("fqi-rmsprop-reduce-on-plateau-log4", "fqi", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return fqi_family("rmsprop", 1e-3, log_every=4, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


# fresh12 half, logged once per epoch


@case("gpt-adam-96-sequences-overfits-per-epoch", "gpt", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gpt_family("adam", 3e-3, steps=3 * 120, data=fd.dyck_sequences(train_rows=96, batch_size=32), log_per_epoch=True)


@case("mixup-sgdm-lr-3-per-epoch", "mixup", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return mixup_family("sgdm", 3.0, steps=125 * 3, log_per_epoch=True)


@case("gpt-adamw-warmup-cosine-per-epoch", "gpt", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return gpt_family("adamw", 0.01, steps=125 * 3, log_per_epoch=True, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("mixup-adam-per-epoch", "mixup", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return mixup_family("adam", 3e-3, steps=125 * 3, log_per_epoch=True)


@case("fqi-adam-cosine-per-epoch", "fqi", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return fqi_family("adam", 3e-3, steps=312 * 4, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("deepsets-mean-adam-cosine-per-epoch", "deepsets", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return deepsets_family("adam", 0.01, steps=93 * 6, data=spread_sets(), model=mean_pooled, meta=SETS_MEAN,
                           log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip



# --------------------------------------------------------------------------- the thirteenth fresh half (fresh13, held out from all tuning)


def ftt_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse")
    knobs.setdefault("meta", {"model": "FT-Transformer: feature tokens + [CLS], 2 pre-LN blocks, d 32, 4 heads",
                              "numeric_columns": fd.FTT_NUMERIC, "categorical_columns": len(fd.FTT_CARDS)})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.mixed_table(), knobs.pop("model", None) or fd.FTTransformer, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def dkt_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", fd.answers_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the next answers (mean)")
    knobs.setdefault("meta", {"model": "deep knowledge tracing: answer embedding, LSTM 48, ReLU layer, a logit per skill",
                              "skills": fd.DKT_SKILLS, "sequence_length": fd.DKT_LENGTH})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.student_answers(), knobs.pop("model", None) or fd.KnowledgeTracer,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dncnn_family(optimizer: str, lr: float, steps: int = 200, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 20)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the predicted noise")
    knobs.setdefault("meta", {"model": "DnCNN: 5 conv layers of 16 channels, BatchNorm, residual learning (predicts the noise)",
                              "patch": f"{fd.DN_SIZE}x{fd.DN_SIZE}", "noise_std": "0.1-0.3"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.noisy_patches(), knobs.pop("model", None) or fd.DnCNN, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def nam_family(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.loan_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits (mean)")
    knobs.setdefault("meta", {"model": "neural additive model: a ReLU MLP 1-32-32-1 per feature, summed",
                              "features": fd.NAM_FEATURES, "default_rate": 0.38})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.loan_rows(), knobs.pop("model", None) or fd.NAM, optimizer, lr, steps,
                      **knobs)  # fmt: skip


DN0, LOAN0 = fd.noise_at_zero(), fd.loan_at_rate()
"""A DnCNN that predicts no noise scores the noise's mean square (~0.043); an untrained one starts near 0.15. An
FT-Transformer that predicts 0 scores ~1 (the target is standardised); a knowledge tracer and a NAM start near ln 2, and
the rate of right answers (~0.64) or of defaults (``LOAN0``, ~0.67) is what ignoring the input reaches."""
FTT_POST = {"model": "FT-Transformer: feature tokens + [CLS], 2 post-LN blocks, d 32, 4 heads",
            "numeric_columns": fd.FTT_NUMERIC, "categorical_columns": len(fd.FTT_CARDS)}  # fmt: skip
DKT_GRU = {"model": "deep knowledge tracing: answer embedding, GRU 48, ReLU layer, a logit per skill",
           "skills": fd.DKT_SKILLS, "sequence_length": fd.DKT_LENGTH}  # fmt: skip
DN_PLAIN = {"model": "DnCNN without BatchNorm: 5 conv layers of 16 channels, residual learning (predicts the noise)",
            "patch": f"{fd.DN_SIZE}x{fd.DN_SIZE}", "noise_std": "0.1-0.3"}  # fmt: skip
NAM_EXU = {"model": "neural additive model: an ExU MLP 1-32-32-1 per feature (exp-centred units, ReLU-1), summed",
           "features": fd.NAM_FEATURES, "default_rate": 0.38}  # fmt: skip


def post_ln_ftt() -> fd.FTTransformer:
    return fd.FTTransformer(pre_ln=False)


def gru_tracer() -> fd.KnowledgeTracer:
    return fd.KnowledgeTracer(kind="gru")


def plain_dncnn() -> fd.DnCNN:
    return fd.DnCNN(bn=False)


def exu_nam() -> fd.NAM:
    return fd.NAM(exu=True)


# ftt: an FT-Transformer (a token per column: numeric x w + b, categorical embeddings, a [CLS] token; 2 pre-LN blocks of
# width 32 with 4 heads, rtdl's head: LayerNorm, ReLU, linear) regressing a standardised target of 6 numeric and 3
# categorical columns, MSE; works at Adam 1e-3-3e-3; the held-out MSE falls from ~1 to ~0.1. SGD is left out: at SGDm
# 0.03 its trainings run 5-10x slower on the CPU (subnormal floats)


@case("ftt-adam-lr-0p1-100x-from-step-1", "ftt", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return ftt_family("adam", 0.1)


@case("ftt-adamw-warmup-cosine-peak-0p1", "ftt", "lr-high-ramp", cf=lr_to(2e-3), cf_what="peak lr 2e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return ftt_family("adamw", 0.1, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("ftt-adam-lr-1e-6-1000x-low", "ftt", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return ftt_family("adam", 1e-6)


@case("ftt-adam-head-x300", "ftt", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FTTransformer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, 1.0, "the target's variance"))
def _() -> Setup:
    return ftt_family("adam", 1e-3, model=lambda: scaled_head(fd.FTTransformer(), 300, bias=True))


@case("ftt-postln-adam-lr-0p01-no-warmup", "ftt", "missing-warmup", cf=lambda s: replace(s, warmup_steps=30),
      cf_what="a 30-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=30, shape=early_rise(1.1))
def _() -> Setup:
    return ftt_family("adam", 0.01, model=post_ln_ftt, meta=FTT_POST)


@case("ftt-adam-multistep-x0p1-at-5pct", "ftt", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return ftt_family("adam", 2e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ftt-rmsprop-recreated-each-epoch", "ftt", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=79, tol=5,
      shape=anything)
def _() -> Setup:
    return ftt_family("rmsprop", 1e-3, recreate_optimizer_at=frozenset(range(78, 300, 78)))


@case("ftt-huber-adam-exponential-gamma-1p02", "ftt", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return ftt_family("adam", 1e-3, loss_fn=fd.table_huber, loss_name="huber (delta 1)", val_loss_fn=F.mse_loss,
                      schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")  # fmt: skip


# dkt: deep knowledge tracing (an embedding of each (skill, right/wrong) answer, an LSTM of 48, a ReLU layer of 64, a logit
# per skill, the next question's taken) of simulated students (12 skills with prerequisites, mastery that grows with
# practice, guessing and slips), BCE over the next answers; works at Adam 3e-3-0.01, SGDm 0.3; the held-out loss falls
# from ln 2 to ~0.55 (the rate of right answers alone scores ~0.64)


@case("dkt-adam-lr-0p3-100x-from-step-1", "dkt", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return dkt_family("adam", 0.3)


@case("dkt-sgdm-lr-30-diverges", "dkt", "lr-high-diverge", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return dkt_family("sgdm", 30.0)


@case("dkt-sgd-lr-30-oscillates-log2", "dkt", "lr-high-oscillation", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return dkt_family("sgd", 30.0, log_every=2)


@case("dkt-adam-lr-1e-5-300x-low", "dkt", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return dkt_family("adam", 1e-5)


@case("dkt-rmsprop-lr-1e-5-300x-low-log4", "dkt", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return dkt_family("rmsprop", 1e-5, log_every=4)


@case("dkt-sgdm-summed-bce", "dkt", "summed",
      cf=lambda s: replace(s, loss_fn=fd.answers_bce, loss_name="binary_cross_entropy_with_logits (mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN(2), "ln 2"))
def _() -> Setup:
    return dkt_family("sgdm", 0.3, loss_fn=fd.answers_bce_summed,
                      loss_name="binary_cross_entropy_with_logits summed over students and questions (reduction='sum')",
                      val_loss_fn=fd.answers_bce, mean_loss_fn=fd.answers_bce)  # fmt: skip


@case("dkt-adam-head-x1000", "dkt", "last-layer-init",
      cf=lambda s: replace(s, model=fd.KnowledgeTracer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN(2), "ln 2"))
def _() -> Setup:
    return dkt_family("adam", 3e-3, model=lambda: scaled_head(fd.KnowledgeTracer(), 1000, bias=True))


@case("dkt-adam-missing-answers-nan", "dkt", "nan-early", cf=lambda s: replace(s, data=without_missing_targets(s.data)),
      cf_what="the students with a missing answer dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 93))
def _() -> Setup:
    return dkt_family("adam", 3e-3, data=fd.student_answers(nan_rows=0.005))


@case("dkt-gru-adam-multistep-x0p1-at-5pct", "dkt", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return dkt_family("adam", 3e-3, model=gru_tracer, meta=DKT_GRU, schedule=multistep(0.05, gamma=0.1),
                      schedule_name="MultiStepLR at 5%")  # fmt: skip


@case("dkt-sgdm-exponential-100x-in-30-steps", "dkt", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 32))
def _() -> Setup:
    return dkt_family("sgdm", 0.3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 30")


@case("dkt-adam-fc-dead-at-init", "dkt", "dead-units",
      cf=lambda s: replace(s, model=fd.KnowledgeTracer), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dkt_family("adam", 3e-3, model=lambda: fd.KnowledgeTracer(dead_bias=-30.0), track_zero_grads=True)


@case("dkt-adam-exponential-gamma-1p025", "dkt", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return dkt_family("adam", 3e-3, schedule=exponential(1.025), schedule_name="ExponentialLR(gamma=1.025) per batch")


@case("dkt-adam-96-students-overfits", "dkt", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return dkt_family("adam", 0.01, steps=500, eval_every=25, data=fd.student_answers(train_rows=96, batch_size=16))


# dncnn: DnCNN (a 3x3 conv of 16 and a ReLU, 3 blocks of conv - BatchNorm - ReLU, a last conv to one channel) predicting
# the noise of 16x16 grey patches (shading and soft shapes, Gaussian noise of std 0.1-0.3), MSE; works at Adam 3e-3-0.01,
# SGDm 0.03; the held-out MSE falls from ~0.15 (untrained) to ~0.005 (predicting no noise scores ~0.043). SGD 0.3 NaNs


@case("dncnn-adam-lr-0p1-collapses", "dncnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=200, shape=anything)
def _() -> Setup:
    return dncnn_family("adam", 0.1)


@case("dncnn-sgd-lr-1-overflows-nan", "dncnn", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=200, shape=nan_within(1, 200))
def _() -> Setup:
    return dncnn_family("sgd", 1.0)


@case("dncnn-sgdm-warmup-cosine-peak-1", "dncnn", "lr-high-ramp", cf=lr_to(0.03), cf_what="peak lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=200, shape=anything)
def _() -> Setup:
    return dncnn_family("sgdm", 1.0, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("dncnn-adamw-cyclic-peak-0p3-log2", "dncnn", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=200, shape=anything)
def _() -> Setup:
    return dncnn_family("adamw", 0.3, log_every=2, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("dncnn-adam-lr-1e-6-3000x-low", "dncnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=200, shape=still_falling)
def _() -> Setup:
    return dncnn_family("adam", 1e-6)


@case("dncnn-sgdm-lr-1e-4-300x-low-log2", "dncnn", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=200, shape=still_falling)
def _() -> Setup:
    return dncnn_family("sgdm", 1e-4, log_every=2)


@case("dncnn-adam-summed-mse", "dncnn", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse of the predicted noise (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, DN0, "the noise's mean square"))
def _() -> Setup:
    return dncnn_family("sgdm", 0.03, loss_fn=fd.patch_noise_mse_summed, loss_name="mse summed over the pixels and the batch (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("dncnn-adam-last-conv-x300", "dncnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DnCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DN0, "the noise's mean square"))
def _() -> Setup:
    return dncnn_family("adam", 3e-3, model=lambda: fd.DnCNN(gain=300.0))


@case("dncnn-adam-dead-pixels-nan", "dncnn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the patches with a dead pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 93))
def _() -> Setup:
    return dncnn_family("adam", 3e-3, data=fd.noisy_patches(nan_rows=0.005))


@case("dncnn-adam-multistep-x0p1-at-5pct", "dncnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=11, tol=100, shape=lr_down_by(0.11, 15))
def _() -> Setup:
    return dncnn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("dncnn-adam-first-conv-dead-at-init", "dncnn", "dead-units",
      cf=lambda s: replace(s, model=fd.DnCNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dncnn_family("adam", 3e-3, model=lambda: fd.DnCNN(dead_bias=-100.0), track_zero_grads=True)


@case("dncnn-rmsprop-recreated-each-epoch", "dncnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=47, tol=5,
      shape=anything)
def _() -> Setup:
    return dncnn_family("rmsprop", 1e-3, data=fd.noisy_patches(train_rows=1500), recreate_optimizer_at=frozenset(range(46, 200, 46)))


@case("dncnn-plain-sgdm-lr-0p1-no-clip-explodes", "dncnn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return dncnn_family("sgdm", 0.1, model=plain_dncnn, meta=DN_PLAIN)


@case("dncnn-sgdm-exponential-gamma-1p05-nan", "dncnn", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 200))
def _() -> Setup:
    return dncnn_family("sgdm", 0.01, schedule=exponential(1.05), schedule_name="ExponentialLR(gamma=1.05) per batch")


# nam: a neural additive model (a ReLU MLP 1-32-32-1 per feature, the 8 side by side, summed into a logit) of loan
# defaults whose log-odds are additive in 8 features, BCE; works at Adam 1e-3-0.01, SGDm 0.1; the held-out loss falls
# from ~0.8 to ~0.48 (the default rate alone scores ~0.67). Fast: 600 steps in about a second


@case("nam-adam-lr-1-300x-from-step-1", "nam", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return nam_family("adam", 1.0)


@case("nam-sgd-lr-3-oscillates-log3", "nam", "lr-high-oscillation", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return nam_family("sgd", 3.0, log_every=3)


@case("nam-nadam-warmup-cosine-peak-1", "nam", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return nam_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("nam-adagrad-cyclic-peak-10", "nam", "lr-high-cyclic", cf=lr_to(0.1),
      cf_what="peak lr 0.1 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return nam_family("adagrad", 10.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("nam-adam-lr-1e-5-300x-low", "nam", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return nam_family("adam", 1e-5)


@case("nam-adagrad-lr-1e-3-100x-low-log5", "nam", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return nam_family("adagrad", 1e-3, log_every=5)


@case("nam-sgdm-summed-bce", "nam", "summed",
      cf=lambda s: replace(s, loss_fn=fd.loan_bce, loss_name="binary_cross_entropy_with_logits (mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN(2), "ln 2"))
def _() -> Setup:
    return nam_family("sgdm", 0.1, loss_fn=fd.loan_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the batch",
                      val_loss_fn=fd.loan_bce, mean_loss_fn=fd.loan_bce)  # fmt: skip


@case("nam-adam-last-layers-x100", "nam", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NAM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN(2), "ln 2"))
def _() -> Setup:
    return nam_family("adam", 3e-3, model=lambda: fd.NAM(gain=100.0))


@case("nam-adam-missing-feature-nan", "nam", "nan-early", cf=lambda s: replace(s, data=imputed(s.data)),
      cf_what="missing values imputed", must=("non-finite-loss",), may=("lr-too-high",), fault_step=first_nan, tol=2,
      shape=nan_within(1, 93))
def _() -> Setup:
    return nam_family("adam", 3e-3, data=fd.loan_rows(nan_rows=0.003))


@case("nam-adam-exponential-100x-in-60-steps", "nam", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 62))
def _() -> Setup:
    return nam_family("adam", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 60")


@case("nam-adam-layer2-dead-at-init", "nam", "dead-units",
      cf=lambda s: replace(s, model=fd.NAM), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return nam_family("adam", 3e-3, model=lambda: fd.NAM(dead_bias=-1000.0), track_zero_grads=True)


@case("nam-rmsprop-recreated-each-epoch", "nam", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return nam_family("rmsprop", 3e-3, data=fd.loan_rows(train_rows=2000), recreate_optimizer_at=frozenset(range(31, 600, 31)))


@case("nam-exu-adam-300-rows-overfits", "nam", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return nam_family("adam", 0.01, steps=1200, eval_every=40, model=exu_nam, meta=NAM_EXU,
                      data=fd.loan_rows(train_rows=300, batch_size=32))  # fmt: skip


# fresh13 half: healthy look-alikes


@case("ftt-adamw-warmup-cosine", "ftt", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ftt_family("adamw", 6e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ftt-adamw-onecycle-log5", "ftt", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return ftt_family("adamw", 0.01, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ftt-adam-reduce-on-plateau-log4", "ftt", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ftt_family("adam", 1e-3, log_every=4, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("ftt-adam-constant-long-avg20", "ftt", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return ftt_family("adam", 1e-3, steps=600, log_every=20, average=True, eval_every=60)


@case("dkt-adam-warmup-cosine", "dkt", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dkt_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("dkt-gru-nadam-constant-log2", "dkt", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dkt_family("nadam", 3e-3, log_every=2, model=gru_tracer, meta=DKT_GRU)


@case("dkt-adam-finetune-lr-1e-4", "dkt", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return dkt_family("adam", 1e-4, steps=200, eval_every=20, model=fd.pretrained_tracer,
                      meta={"model": "deep knowledge tracing: answer embedding, LSTM 48, ReLU layer, a logit per skill",
                            "pretrained": True})  # fmt: skip


@case("dkt-sgdm-onecycle-log5", "dkt", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dkt_family("sgdm", 1.0, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("dkt-adam-sgdr-log5", "dkt", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dkt_family("adam", 0.01, log_every=5, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("dkt-rmsprop-resumed-with-state", "dkt", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dkt_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset({150}), keep_optimizer_state=True)


@case("dncnn-adam-warmup-cosine", "dncnn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return dncnn_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("dncnn-sgdm-step-decay-log4", "dncnn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dncnn_family("sgdm", 0.03, log_every=4, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("dncnn-adam-finetune-lr-1e-4", "dncnn", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return dncnn_family("adam", 1e-4, steps=150, eval_every=15, model=fd.pretrained_dncnn,
                        meta={"model": "DnCNN: 5 conv layers of 16 channels, BatchNorm, residual learning (predicts the noise)",
                              "pretrained": True})  # fmt: skip


@case("dncnn-adamw-constant-long-avg10", "dncnn", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return dncnn_family("adamw", 3e-3, steps=400, log_every=10, average=True, eval_every=40)


@case("dncnn-plain-adam-onecycle-log2", "dncnn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return dncnn_family("adam", 0.01, log_every=2, model=plain_dncnn, meta=DN_PLAIN, schedule=one_cycle,
                        schedule_name="OneCycleLR")  # fmt: skip


@case("nam-adam-warmup-cosine", "nam", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nam_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("nam-exu-adam-constant", "nam", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nam_family("adam", 3e-3, model=exu_nam, meta=NAM_EXU)


@case("nam-adagrad-constant-long-avg50", "nam", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nam_family("adagrad", 0.1, steps=2000, log_every=50, average=True, eval_every=200)


@case("nam-sgdm-onecycle-log5", "nam", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nam_family("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("nam-nadam-reduce-on-plateau-log4", "nam", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nam_family("nadam", 3e-3, log_every=4, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("nam-adam-cyclic-triangular2", "nam", "healthy", like=("lr-too-high",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nam_family("adam", 0.01, schedule=cyclic(0.1, 0.25, mode="triangular2"), schedule_name="CyclicLR triangular2")


# fresh13 half, logged once per epoch


@case("dkt-adam-96-students-overfits-per-epoch", "dkt", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return dkt_family("adam", 0.01, steps=3 * 150, data=fd.student_answers(train_rows=96, batch_size=32), log_per_epoch=True)


@case("nam-sgd-lr-10-per-epoch", "nam", "lr-high-step1", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return nam_family("sgd", 10.0, steps=93 * 5, log_per_epoch=True)


@case("ftt-adamw-warmup-cosine-per-epoch", "ftt", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ftt_family("adamw", 6e-3, steps=78 * 4, log_per_epoch=True, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("dncnn-adam-per-epoch", "dncnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dncnn_family("adam", 0.01, steps=93 * 3, log_per_epoch=True)


@case("nam-adam-cosine-per-epoch", "nam", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nam_family("adam", 0.01, steps=93 * 6, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dkt-adam-cosine-per-epoch", "dkt", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.85))
def _() -> Setup:
    return dkt_family("adam", 0.01, steps=93 * 3, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


# --------------------------------------------------------------------------- the fourteenth fresh half (fresh14, held out from all tuning)


def lora_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy")
    knobs.setdefault("meta", {"model": "LoRA (rank 4, alpha 8) on a frozen pretrained ReLU MLP 16-64-64, a new head",
                              "classes": fd.LORA_CLASSES, "pretrained": True, "trainable": "LoRA adapters and the head"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.shifted_task(), knobs.pop("model", None) or fd.LoRAClassifier,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def hyper_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse")
    knobs.setdefault("meta", {"model": "hypernetwork: ReLU MLP 6-64-64 generating a 1-16-16-1 tanh MLP's weights",
                              "queries": fd.HYPER_QUERIES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.function_tasks(), knobs.pop("model", None) or fd.HyperNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def perceiver_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_name", "cross_entropy")
    knobs.setdefault("meta", {"model": "Perceiver: 8 latents, cross-attention + latent self-attention, pre-LN, d 32, 2 heads",
                              "classes": fd.PERC_CLASSES, "samples": fd.PERC_POINTS})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.irregular_waves(), knobs.pop("model", None) or fd.Perceiver, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def koopman_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the predicted trajectory")
    knobs.setdefault("meta", {"model": "Koopman autoencoder: encoder 2-64-64-8, linear K, decoder 8-64-2",
                              "horizon": fd.KOOP_HORIZON, "latent": fd.KOOP_LATENT})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.koopman_trajectories(), knobs.pop("model", None) or fd.KoopmanAE,
                      optimizer, lr, steps, **knobs)  # fmt: skip


HYPER0, KOOP0 = fd.functions_at_zero(), 1.0
"""A hypernetwork whose nets predict 0 scores the values' mean square (~0.74), the untrained one starts near it; a
Koopman autoencoder that predicts 0 scores 1 (each coordinate standardised). A LoRA fine-tune starts near ln 6 (its new
head), a Perceiver at ln 5."""
LN6L, LN5P = LN(fd.LORA_CLASSES), LN(fd.PERC_CLASSES)
LORA_R16 = {"model": "LoRA (rank 16, alpha 32) on a frozen pretrained ReLU MLP 16-64-64, a new head",
            "classes": fd.LORA_CLASSES, "pretrained": True, "trainable": "LoRA adapters and the head"}  # fmt: skip


def lora_rank16() -> fd.LoRAClassifier:
    return fd.LoRAClassifier(rank=16, alpha=32.0)


# lora: LoRA adapters (rank 4, alpha 8; B zero at init) on the two layers of a ReLU MLP 16-64-64 pretrained (in code, 600
# Adam steps) on 8 classes of a teacher's tanh features, fine-tuned with a new head to 6 classes of the features moved by
# a rank-2 shift (3% of the labels random), cross-entropy; only the adapters and the head train. Works at Adam 3e-3-0.01,
# NAdam 3e-3, Adamax 0.01, Adadelta 1, SGDm 0.03; the held-out loss falls from ln 6 to ~0.7. Adam 0.1 and SGD 3 die to
# chance (~1.73), SGDm 0.1 climbs back to it after a dip, SGD 1 overflows to NaN; 200 training rows overfit at once


@case("lora-adam-lr-0p1-dies-to-chance", "lora", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=at_chance(LN6L, "ln 6"))
def _() -> Setup:
    return lora_family("adam", 0.1)


@case("lora-sgdm-lr-0p1-diverges-after-dip", "lora", "lr-high-diverge", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=rises_after_dip())
def _() -> Setup:
    return lora_family("sgdm", 0.1)


@case("lora-adamax-warmup-cosine-peak-1", "lora", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lora_family("adamax", 1.0, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("lora-nadam-exponential-gamma-1p02", "lora", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lora_family("nadam", 3e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("lora-adam-lr-1e-5-300x-low", "lora", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lora_family("adam", 1e-5)


@case("lora-adadelta-lr-0p01-100x-low-log4", "lora", "lr-low-adadelta", cf=lr_to(1.0), cf_what="Adadelta lr 1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lora_family("adadelta", 0.01, log_every=4)


@case("lora-sgdm-summed-ce", "lora", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN6L, "ln 6"))
def _() -> Setup:
    return lora_family("sgdm", 0.03, loss_fn=fd.lora_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("lora-adam-adapters-b-random-init", "lora", "adapter-init",
      cf=lambda s: replace(s, model=fd.LoRAClassifier), cf_what="the adapters' B at zero (LoRA's init)",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN6L, "ln 6"))
def _() -> Setup:
    return lora_family("adam", 3e-3, model=lambda: fd.LoRAClassifier(b_std=2.0))


@case("lora-r16-adam-lr-0p3-ce-by-hand-log0", "lora", "nan-log0",
      cf=lambda s: replace(s, loss_fn=cross_entropy), cf_what="F.cross_entropy (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(2, 400))
def _() -> Setup:
    return lora_family("adam", 0.3, model=lora_rank16, meta=LORA_R16, loss_fn=fd.lora_ce_by_hand,
                       loss_name="-log(softmax(logits)[label]) by hand", val_loss_fn=cross_entropy, safe_loss_fn=cross_entropy)  # fmt: skip


@case("lora-adam-multistep-x0p1-at-5pct", "lora", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return lora_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("lora-adam-200-rows-overfits", "lora", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return lora_family("adam", 0.01, steps=600, eval_every=20, data=fd.shifted_task(train_rows=200, batch_size=32))


# hyper: a hypernetwork (ReLU MLP 6-64-64 and a linear head) generating every weight of a 1-16-16-1 tanh MLP from the
# description of a damped sinusoid (amplitude, frequency, phase, damping, offset), the generated net evaluated at 24 query
# points, MSE; works at Adam 3e-3, RAdam 3e-3, SGDm 0.03; the held-out MSE falls from ~0.74 (predicting 0) to ~0.02-0.03.
# Adam 0.1 ends back at ~0.75 (every function the same net), SGD 1 overflows to NaN; ASGD reaches only ~0.25 at 0.1


@case("hyper-adam-lr-0p1-collapses-to-mean", "hyper", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return hyper_family("adam", 0.1)


@case("hyper-sgd-lr-1-overflows-nan", "hyper", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=500, shape=nan_within(1, 500))
def _() -> Setup:
    return hyper_family("sgd", 1.0)


@case("hyper-rmsprop-lr-0p01-10x-log2", "hyper", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return hyper_family("rmsprop", 0.01, log_every=2)


@case("hyper-radam-cyclic-peak-0p3", "hyper", "lr-high-cyclic", cf=lr_to(3e-3),
      cf_what="peak lr 3e-3 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return hyper_family("radam", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("hyper-adam-lr-1e-6-3000x-low", "hyper", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return hyper_family("adam", 1e-6)


@case("hyper-asgd-lr-1e-3-100x-low-log3", "hyper", "lr-low-asgd", cf=lr_to(0.1), cf_what="ASGD lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return hyper_family("asgd", 1e-3, log_every=3)


@case("hyper-sgdm-summed-mse", "hyper", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, HYPER0, "the values' mean square"))
def _() -> Setup:
    return hyper_family("sgdm", 0.03, loss_fn=fd.function_mse_summed, loss_name="mse summed over the points and the batch (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("hyper-adam-head-x300", "hyper", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HyperNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HYPER0, "the values' mean square"))
def _() -> Setup:
    return hyper_family("adam", 3e-3, model=lambda: scaled_head(fd.HyperNet(), 300, bias=True))


@case("hyper-adam-body-dead-at-init", "hyper", "dead-units",
      cf=lambda s: replace(s, model=fd.HyperNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return hyper_family("adam", 3e-3, model=lambda: fd.HyperNet(dead_bias=-100.0), track_zero_grads=True)


@case("hyper-adam-exponential-100x-in-50-steps", "hyper", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 52))
def _() -> Setup:
    return hyper_family("adam", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 50")


@case("hyper-adam-missing-description-nan", "hyper", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the functions with a missing description dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 125))
def _() -> Setup:
    return hyper_family("adam", 3e-3, data=fd.function_tasks(nan_rows=0.004))


# perceiver: a Perceiver (8 latents cross-attending to 40 tokens of a series' irregular samples, value + Fourier features
# of the time, then a latent self-attention block, pre-LN, d 32, 2 heads; the latents averaged, a ReLU layer and a head)
# naming the shape of a noisy periodic waveform (sine, square, triangle, sawtooth, pulses), cross-entropy; works at
# Adam / AdamW 3e-3, SGDm 0.03; the held-out loss falls from ln 5 to ~0.65-0.7 (noisy waveforms are confusable). Adam
# 0.1 stays at chance; Adam 0.03 without a warmup spikes early (and may stay at chance), with one it ends near 1.1; post-LN
# ends near 1.0 at Adam 5e-3-0.01, with or without a warmup (left out). About 3 s a training: the slowest of the half


@case("perceiver-adam-lr-0p1-stuck-at-chance", "perceiver", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=at_chance(LN5P, "ln 5"))
def _() -> Setup:
    return perceiver_family("adam", 0.1)


@case("perceiver-adamw-warmup-cosine-peak-0p3", "perceiver", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return perceiver_family("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("perceiver-sgd-lr-3-blows-up-log2", "perceiver", "lr-high-diverge", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return perceiver_family("sgd", 3.0, log_every=2)


@case("perceiver-adamw-exponential-gamma-1p025", "perceiver", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return perceiver_family("adamw", 1e-3, schedule=exponential(1.025), schedule_name="ExponentialLR(gamma=1.025) per batch")


@case("perceiver-adam-lr-1e-6-3000x-low", "perceiver", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return perceiver_family("adam", 1e-6)


@case("perceiver-sgdm-summed-ce", "perceiver", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN5P, "ln 5"))
def _() -> Setup:
    return perceiver_family("sgdm", 0.03, loss_fn=fd.waves_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                            val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("perceiver-adam-head-x1000", "perceiver", "last-layer-init",
      cf=lambda s: replace(s, model=fd.Perceiver), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN5P, "ln 5"))
def _() -> Setup:
    return perceiver_family("adam", 3e-3, model=lambda: scaled_head(fd.Perceiver(), 1000, bias=True))


@case("perceiver-adam-lr-0p03-no-warmup", "perceiver", "missing-warmup", cf=lambda s: replace(s, warmup_steps=30),
      cf_what="a 30-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=30, shape=early_rise(1.1))
def _() -> Setup:
    return perceiver_family("adam", 0.03)


@case("perceiver-adam-multistep-x0p1-at-5pct", "perceiver", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return perceiver_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("perceiver-adam-fc-dead-at-init", "perceiver", "dead-units",
      cf=lambda s: replace(s, model=fd.Perceiver), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return perceiver_family("adam", 3e-3, model=lambda: fd.Perceiver(dead_bias=-30.0), track_zero_grads=True)


@case("perceiver-adamw-lr-0p01-recreated-each-epoch", "perceiver", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return perceiver_family("adamw", 0.01, data=fd.irregular_waves(train_rows=2000), recreate_optimizer_at=frozenset(range(31, 300, 31)))


# koopman: a Koopman autoencoder (an encoder MLP 2-64-64-8 of a pendulum's first state, a linear map K applied 0-10 times,
# a decoder 8-64-2) reproducing the damped pendulum's standardised trajectory of 10 steps from its first state, MSE;
# works at Adam 3e-3-0.03, SGDm 0.01-0.03, Adagrad 0.03; the held-out MSE falls from ~1 to ~0.001 (lower the higher the
# lr, with a decay to finish). Adam 0.1 ends ~40x worse; SGDm 0.1 overflows to NaN (K's powers)


@case("koopman-adam-lr-0p1-30x-from-step-1", "koopman", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return koopman_family("adam", 0.1)


@case("koopman-sgd-lr-0p3-overflows-nan", "koopman", "lr-high-nan", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=500, shape=nan_within(1, 500))
def _() -> Setup:
    return koopman_family("sgd", 0.3)


@case("koopman-adamax-onecycle-peak-1", "koopman", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return koopman_family("adamax", 1.0, schedule=one_cycle, schedule_name="OneCycleLR")


@case("koopman-sgdm-exponential-gamma-1p03-nan", "koopman", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 500))
def _() -> Setup:
    return koopman_family("sgdm", 0.01, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("koopman-adam-lr-1e-6-3000x-low", "koopman", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return koopman_family("adam", 1e-6)


@case("koopman-adagrad-lr-1e-3-30x-low-log5", "koopman", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return koopman_family("adagrad", 1e-3, log_every=5)


@case("koopman-sgdm-summed-mse", "koopman", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, KOOP0, "the trajectories' mean square"))
def _() -> Setup:
    return koopman_family("sgdm", 0.01, loss_fn=fd.koopman_mse_summed, loss_name="mse summed over the states, steps and batch (reduction='sum')",
                          val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("koopman-adam-head-x300", "koopman", "last-layer-init",
      cf=lambda s: replace(s, model=fd.KoopmanAE), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, KOOP0, "the trajectories' mean square"))
def _() -> Setup:
    return koopman_family("adam", 3e-3, model=lambda: scaled_head(fd.KoopmanAE(), 300, bias=True))


@case("koopman-sgdm-lr-0p05-no-clip-explodes", "koopman", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return koopman_family("sgdm", 0.05)


@case("koopman-adam-missing-states-nan", "koopman", "nan-early", cf=lambda s: replace(s, data=without_missing_targets(s.data)),
      cf_what="the trajectories with a missing state dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 46))
def _() -> Setup:
    return koopman_family("adam", 3e-3, data=fd.koopman_trajectories(nan_rows=0.005))


@case("koopman-adam-decoder-dead-at-init", "koopman", "dead-units",
      cf=lambda s: replace(s, model=fd.KoopmanAE), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return koopman_family("adam", 3e-3, model=lambda: fd.KoopmanAE(dead_bias=-100.0), track_zero_grads=True)


@case("koopman-adam-exponential-100x-in-50-steps", "koopman", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 52))
def _() -> Setup:
    return koopman_family("adam", 3e-3, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 50")


@case("koopman-adam-lr-0p01-recreated-each-epoch", "koopman", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=47, tol=5,
      shape=anything)
def _() -> Setup:
    return koopman_family("adam", 0.01, recreate_optimizer_at=frozenset(range(46, 500, 46)))


# fresh14 half: healthy look-alikes


@case("lora-adamw-warmup-cosine", "lora", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.LORA_CLASSES))
def _() -> Setup:
    return lora_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("lora-sgdm-onecycle-log5", "lora", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.LORA_CLASSES))
def _() -> Setup:
    return lora_family("sgdm", 0.05, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("lora-nadam-reduce-on-plateau-log4", "lora", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.LORA_CLASSES))
def _() -> Setup:
    return lora_family("nadam", 3e-3, log_every=4, schedule=on_plateau(0.3, 1),
                       schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("lora-adam-constant-long-avg20", "lora", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return lora_family("adam", 3e-3, steps=1200, log_every=20, average=True, eval_every=120)


@case("lora-rmsprop-resumed-with-state", "lora", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.LORA_CLASSES))
def _() -> Setup:
    return lora_family("rmsprop", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("lora-adadelta-constant-log3", "lora", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.LORA_CLASSES))
def _() -> Setup:
    return lora_family("adadelta", 1.0, log_every=3)


@case("hyper-adam-warmup-cosine", "hyper", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return hyper_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("hyper-adam-step-decay-log4", "hyper", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return hyper_family("adam", 3e-3, log_every=4, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("hyper-adam-sgdr-log5", "hyper", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return hyper_family("adam", 3e-3, log_every=5, schedule=warm_restarts(0.25),
                        schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("hyper-radam-constant-log2", "hyper", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return hyper_family("radam", 0.01, log_every=2)


@case("hyper-adam-constant-long-avg25", "hyper", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return hyper_family("adam", 3e-3, steps=1500, log_every=25, average=True, eval_every=150)


@case("perceiver-adamw-warmup-cosine", "perceiver", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.PERC_CLASSES))
def _() -> Setup:
    return perceiver_family("adamw", 6e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("perceiver-sgdm-onecycle-log5", "perceiver", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.PERC_CLASSES))
def _() -> Setup:
    return perceiver_family("sgdm", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("perceiver-adam-cyclic-triangular2", "perceiver", "healthy", like=("lr-too-high",), shape=healthy_shape(fd.PERC_CLASSES))
def _() -> Setup:
    return perceiver_family("adam", 0.01, schedule=cyclic(0.1, 0.25, mode="triangular2"), schedule_name="CyclicLR triangular2")


@case("perceiver-adam-finetune-lr-1e-4", "perceiver", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return perceiver_family("adam", 1e-4, steps=150, eval_every=15, model=fd.pretrained_perceiver,
                            meta={"model": "Perceiver: 8 latents, cross-attention + latent self-attention, pre-LN, d 32, 2 heads",
                                  "pretrained": True})  # fmt: skip


@case("perceiver-nadam-reduce-on-plateau-log4", "perceiver", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.PERC_CLASSES))
def _() -> Setup:
    return perceiver_family("nadam", 3e-3, log_every=4, schedule=on_plateau(0.3, 1),
                            schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("koopman-adam-warmup-cosine", "koopman", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return koopman_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("koopman-adam-step-decay-log4", "koopman", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return koopman_family("adam", 0.01, log_every=4, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("koopman-adam-sgdr-log5", "koopman", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return koopman_family("adam", 0.01, log_every=5, schedule=warm_restarts(0.25),
                          schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("koopman-adagrad-cosine-long-avg50", "koopman", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return koopman_family("adagrad", 0.03, steps=2000, log_every=50, average=True, eval_every=200, schedule=cosine_after(0.0),
                          schedule_name="cosine")  # fmt: skip


@case("koopman-rmsprop-resumed-with-state", "koopman", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return koopman_family("rmsprop", 1e-3, recreate_optimizer_at=frozenset({250}), keep_optimizer_state=True)


@case("koopman-nadam-constant-log2", "koopman", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return koopman_family("nadam", 3e-3, log_every=2)


# fresh14 half, logged once per epoch


@case("perceiver-adam-64-series-overfits-per-epoch", "perceiver", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return perceiver_family("adam", 0.01, steps=8 * 40, data=fd.irregular_waves(train_rows=64, batch_size=8), log_per_epoch=True)


@case("lora-adam-288-rows-overfits-per-epoch", "lora", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return lora_family("adam", 0.01, steps=9 * 30, data=fd.shifted_task(train_rows=288, batch_size=32), log_per_epoch=True)


@case("koopman-adam-lr-0p1-per-epoch", "koopman", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return koopman_family("adam", 0.1, steps=46 * 8, log_per_epoch=True)


@case("lora-adam-cosine-per-epoch", "lora", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return lora_family("adam", 0.01, steps=62 * 6, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("hyper-adam-per-epoch", "hyper", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return hyper_family("adam", 3e-3, steps=125 * 5, log_per_epoch=True)


@case("perceiver-adamw-warmup-cosine-per-epoch", "perceiver", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return perceiver_family("adamw", 6e-3, steps=62 * 4, log_per_epoch=True, schedule=cosine_after(0.1),
                            schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("koopman-adam-cosine-per-epoch", "koopman", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return koopman_family("adam", 0.03, steps=46 * 8, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


# --------------------------------------------------------------------------- the fifteenth fresh half (fresh15, held out from all tuning)


def ssm_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_name", "cross_entropy")
    knobs.setdefault("meta", {"model": "S4D state-space model: 2 pre-LN blocks of width 32, 16 complex modes a channel",
                              "classes": fd.SSM_CLASSES, "sequence_length": fd.SSM_LENGTH})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.distant_events(), knobs.pop("model", None) or fd.SSMClassifier,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def gat_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.links_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits of the links (mean)")
    knobs.setdefault("meta", {"model": "GAT: 2 graph attention layers (4 heads of 16, 1 of 32), dot-product link scores",
                              "nodes": fd.GAT_NODES, "negatives_per_edge": 1})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.graph_links(), knobs.pop("model", None) or fd.GATLinkPredictor,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def nca_family(optimizer: str, lr: float, steps: int = 250, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 25)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the repaired pattern")
    knobs.setdefault("meta", {"model": "neural cellular automaton: Sobel perception, per-cell MLP 24-32-8, 8 updates",
                              "grid": f"{fd.NCA_SIZE}x{fd.NCA_SIZE}", "channels": fd.NCA_CHANNELS})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.damaged_patterns(), knobs.pop("model", None) or fd.NeuralCA,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def ebm_family(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_fn", fd.nce_bce)
    knobs.setdefault("loss_name", "noise-contrastive estimation: binary_cross_entropy_with_logits, data vs noise (mean)")
    knobs.setdefault("meta", {"model": "energy-based model: energy MLP 2-64-64-1 (SiLU) and a learned log-normaliser",
                              "noise": "N(0, 2^2 I)", "noise_ratio": 1})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nce_points(), knobs.pop("model", None) or fd.EnergyModel, optimizer,
                      lr, steps, **knobs)  # fmt: skip


LN9S, NCA0 = LN(fd.SSM_CLASSES), fd.damage_at_identity()
"""An untrained state-space classifier starts near ln 9; a cellular automaton that never changes the damaged pattern
scores ``NCA0`` (~0.06), the untrained one starts a little below it. A link predictor and an energy model start near
ln 2 (the energy model's log-normaliser starts at about -log q of a typical point)."""
EBM_RELU = {"model": "energy-based model: energy MLP 2-64-64-1 (ReLU) and a learned log-normaliser", "noise": "N(0, 2^2 I)",
            "noise_ratio": 1}  # fmt: skip


def relu_energy() -> fd.EnergyModel:
    return fd.EnergyModel(relu=True)


# ssm: an S4D state-space model (a linear encoding, 2 pre-LN blocks x + W GELU(S4D(LN x)) of width 32 with 16 complex
# diagonal modes a channel, run as an FFT convolution; the last step's features, a ReLU layer and a head) naming the
# symbols of two events 70-95 steps apart in noisy 4-channel series (9 classes), cross-entropy; works at Adam 3e-3, and
# at a peak of 0.015 with a warmup + cosine or one-cycle: the loss sits near ln 9 for ~100 steps, then the held-out loss
# falls to ~0.05-0.3. Constant Adam 0.01 stays at chance at one seed of two, RMSprop 0.01 and Adam 0.03 at both; SGDm
# stays at chance over 300 steps (0.1) or overflows (1), so no run uses SGD. About 6-7 s a training: the slowest of the
# half


@case("ssm-adam-lr-0p03-stuck-at-chance", "ssm", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=at_chance(LN9S, "ln 9"))
def _() -> Setup:
    return ssm_family("adam", 0.03)


@case("ssm-rmsprop-lr-0p01-10x-log3", "ssm", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return ssm_family("rmsprop", 0.01, log_every=3)


@case("ssm-adamw-warmup-cosine-peak-0p1", "ssm", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return ssm_family("adamw", 0.1, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("ssm-nadam-exponential-gamma-1p02", "ssm", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return ssm_family("nadam", 2e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("ssm-adam-lr-3e-4-10x-low", "ssm", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return ssm_family("adam", 3e-4)


@case("ssm-adam-head-x1000", "ssm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SSMClassifier), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN9S, "ln 9"))
def _() -> Setup:
    return ssm_family("adam", 3e-3, model=lambda: scaled_head(fd.SSMClassifier(), 1000, bias=True))


@case("ssm-adam-missing-samples-nan", "ssm", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing sample dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 125))
def _() -> Setup:
    return ssm_family("adam", 3e-3, data=fd.distant_events(nan_rows=0.005))


@case("ssm-adam-multistep-x0p1-at-5pct", "ssm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return ssm_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ssm-adam-fc-dead-at-init", "ssm", "dead-units",
      cf=lambda s: replace(s, model=fd.SSMClassifier), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ssm_family("adam", 3e-3, model=lambda: fd.SSMClassifier(dead_bias=-30.0), track_zero_grads=True)


@case("ssm-adam-lr-3e-3-recreated-each-epoch", "ssm", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return ssm_family("adam", 3e-3, data=fd.distant_events(train_rows=1000), recreate_optimizer_at=frozenset(range(31, 300, 31)))


# gat: a graph attention network (2 GAT layers over a 400-node graph's training edges: 4 heads of 16 then 1 of 32, ELU;
# a ReLU layer and a linear head to a 32-d node embedding) scoring node pairs by the dot product of their embeddings,
# link prediction on a random geometric graph whose node features are noisy functions of the latent positions, BCE over
# the edges and as many non-edges; works at Adam 3e-3-0.01, SGDm 0.03, Adagrad 0.1; the held-out loss falls from ln 2 to
# ~0.3-0.35. Adam 0.03 ends near 0.41, Adam 0.3 at chance; SGDm 0.3-1 overflows to NaN; 256-320 training pairs overfit


@case("gat-adam-lr-0p3-30x-from-step-1", "gat", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gat_family("adam", 0.3)


@case("gat-sgdm-lr-1-overflows-nan", "gat", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return gat_family("sgdm", 1.0)


@case("gat-rmsprop-lr-0p03-30x-log2", "gat", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gat_family("rmsprop", 0.03, log_every=2)


@case("gat-adam-cyclic-peak-0p3", "gat", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gat_family("adam", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("gat-adam-lr-1e-5-1000x-low", "gat", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gat_family("adam", 1e-5)


@case("gat-adagrad-lr-1e-3-100x-low-log5", "gat", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gat_family("adagrad", 1e-3, log_every=5)


@case("gat-sgdm-lr-1e-3-30x-low-log3", "gat", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gat_family("sgdm", 1e-3, log_every=3)


@case("gat-sgdm-summed-bce", "gat", "summed",
      cf=lambda s: replace(s, loss_fn=fd.links_bce, loss_name="binary_cross_entropy_with_logits (mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN(2), "ln 2"))
def _() -> Setup:
    return gat_family("sgdm", 0.1, loss_fn=fd.links_bce_summed, loss_name="binary_cross_entropy_with_logits summed over the pairs (reduction='sum')",
                      val_loss_fn=fd.links_bce, mean_loss_fn=fd.links_bce)  # fmt: skip


@case("gat-adam-head-x300", "gat", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GATLinkPredictor), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN(2), "ln 2"))
def _() -> Setup:
    return gat_family("adam", 0.01, model=lambda: scaled_head(fd.GATLinkPredictor(), 300, bias=True))


@case("gat-adam-lr-0p1-bce-by-hand-log0", "gat", "nan-log0",
      cf=lambda s: replace(s, loss_fn=fd.links_bce), cf_what="F.binary_cross_entropy_with_logits (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(2, 400))
def _() -> Setup:
    return gat_family("adam", 0.1, loss_fn=fd.links_bce_by_hand, loss_name="-(y log sigmoid + (1 - y) log(1 - sigmoid)) by hand",
                      val_loss_fn=fd.links_bce, safe_loss_fn=fd.links_bce)  # fmt: skip


@case("gat-adam-exponential-100x-in-40-steps", "gat", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 42))
def _() -> Setup:
    return gat_family("adam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 40")


@case("gat-adam-fc-dead-at-init", "gat", "dead-units",
      cf=lambda s: replace(s, model=fd.GATLinkPredictor), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gat_family("adam", 0.01, model=lambda: fd.GATLinkPredictor(dead_bias=-30.0), track_zero_grads=True)


@case("gat-adam-320-pairs-overfits", "gat", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gat_family("adam", 0.01, steps=600, eval_every=20, data=fd.graph_links(train_rows=320, batch_size=32))


@case("gat-adamw-lr-0p01-recreated-each-epoch", "gat", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=36, tol=5,
      shape=anything)
def _() -> Setup:
    return gat_family("adamw", 0.01, recreate_optimizer_at=frozenset(range(35, 400, 35)))


# nca: a neural cellular automaton (a 12x12 grid of 8-channel cells, the first the visible grey level; 8 synchronous
# updates, each perceiving the channels through fixed identity and Sobel filters and adding a per-cell ReLU MLP
# 24-32-8's output) repairing patterns with a 5x5 hole and light noise, MSE of the visible channel against the intact
# pattern; works at Adam 0.01, and at 0.03 with a warmup + cosine; the held-out MSE falls from ~0.055 to ~0.028-0.033
# (leaving the damage scores ~0.059). Constant Adam 0.03 ends near 0.038; plain SGD overflows to NaN already at 0.03 and
# SGDm 0.03 at one seed of two (the 8 updates unrolled), so its SGD runs use 3e-3-0.01. About 5 s a training


@case("nca-adam-lr-0p3-30x-from-step-1", "nca", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=250, shape=anything)
def _() -> Setup:
    return nca_family("adam", 0.3)


@case("nca-sgd-lr-1-overflows-nan", "nca", "lr-high-nan", cf=lr_to(3e-3), cf_what="lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=250, shape=nan_within(1, 250))
def _() -> Setup:
    return nca_family("sgd", 1.0)


@case("nca-adamw-warmup-cosine-peak-0p3", "nca", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=250, shape=anything)
def _() -> Setup:
    return nca_family("adamw", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("nca-sgdm-exponential-gamma-1p03-nan", "nca", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 250))
def _() -> Setup:
    return nca_family("sgdm", 0.01, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("nca-adam-lr-1e-3-10x-low", "nca", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=250, shape=still_falling)
def _() -> Setup:
    return nca_family("adam", 1e-3)


@case("nca-sgdm-summed-mse", "nca", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, NCA0, "the damage's mean square"))
def _() -> Setup:
    return nca_family("sgdm", 0.01, loss_fn=fd.pattern_mse_summed, loss_name="mse summed over the pixels and the batch (reduction='sum')",
                      val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("nca-adam-head-x300", "nca", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NeuralCA), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, NCA0, "the damage's mean square"))
def _() -> Setup:
    return nca_family("adam", 0.01, model=lambda: scaled_head(fd.NeuralCA(), 300, bias=True))


@case("nca-sgdm-lr-0p1-no-clip-explodes", "nca", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return nca_family("sgdm", 0.1)


@case("nca-adam-lr-0p03-no-warmup", "nca", "missing-warmup", cf=lambda s: replace(s, warmup_steps=25),
      cf_what="a 25-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=25, shape=early_rise(1.1))
def _() -> Setup:
    return nca_family("adam", 0.03)


@case("nca-adam-multistep-x0p1-at-5pct", "nca", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=14, tol=100, shape=lr_down_by(0.11, 18))
def _() -> Setup:
    return nca_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


# ebm: an energy-based model of the plane (an energy MLP 2-64-64-1, SiLU, and a learned log-normaliser) trained by
# noise-contrastive estimation against Gaussian noise of std 2 (a point's logit: -E - log Z - log q), the data 8 tight
# Gaussians on a circle and a thin ring, BCE of data against noise; works at Adam 0.01-0.03, SGDm 0.1-0.3, Adagrad 0.5;
# the held-out loss falls from ~0.9 to ~0.40 in 600 steps (~0.21 in 2000); 200 training points overfit. Fast: 600 steps
# in about a second


@case("ebm-adam-lr-1-100x-from-step-1", "ebm", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return ebm_family("adam", 1.0)


@case("ebm-sgd-lr-30-oscillates-log3", "ebm", "lr-high-oscillation", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return ebm_family("sgd", 30.0, log_every=3)


@case("ebm-nadam-warmup-cosine-peak-1", "ebm", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return ebm_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("ebm-adam-lr-1e-5-1000x-low", "ebm", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return ebm_family("adam", 1e-5)


@case("ebm-asgd-lr-1e-3-1000x-low-log5", "ebm", "lr-low-asgd", cf=lr_to(1.0), cf_what="ASGD lr 1",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return ebm_family("asgd", 1e-3, log_every=5)


@case("ebm-sgdm-summed-bce", "ebm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.nce_bce, loss_name="noise-contrastive estimation: binary_cross_entropy_with_logits (mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN(2), "ln 2"))
def _() -> Setup:
    return ebm_family("sgdm", 0.1, loss_fn=fd.nce_bce_summed, loss_name="noise-contrastive estimation: BCE with logits summed over the points",
                      val_loss_fn=fd.nce_bce, mean_loss_fn=fd.nce_bce)  # fmt: skip


@case("ebm-adam-head-x300", "ebm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.EnergyModel), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN(2), "ln 2"))
def _() -> Setup:
    return ebm_family("adam", 0.01, model=lambda: scaled_head(fd.EnergyModel(), 300, bias=True))


@case("ebm-adam-missing-coordinate-nan", "ebm", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the points with a missing coordinate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 46))
def _() -> Setup:
    return ebm_family("adam", 0.01, data=fd.nce_points(nan_rows=0.003))


@case("ebm-sgdm-multistep-x0p1-at-5pct", "ebm", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return ebm_family("sgdm", 0.1, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ebm-relu-adam-layer2-dead-at-init", "ebm", "dead-units",
      cf=lambda s: replace(s, model=relu_energy), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ebm_family("adam", 0.01, model=lambda: fd.EnergyModel(relu=True, dead_bias=-30.0), meta=EBM_RELU, track_zero_grads=True)


@case("ebm-adam-200-points-overfits", "ebm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ebm_family("adam", 0.01, steps=1500, eval_every=50, data=fd.nce_points(train_rows=200, batch_size=32))


@case("ebm-adam-lr-0p03-recreated-each-epoch", "ebm", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=47, tol=5,
      shape=anything)
def _() -> Setup:
    return ebm_family("adam", 0.03, recreate_optimizer_at=frozenset(range(46, 600, 46)))


# fresh15 half: healthy look-alikes


@case("ssm-adamw-warmup-cosine", "ssm", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.SSM_CLASSES))
def _() -> Setup:
    return ssm_family("adamw", 0.015, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ssm-nadam-onecycle-log4", "ssm", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.SSM_CLASSES))
def _() -> Setup:
    return ssm_family("nadam", 0.015, log_every=4, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ssm-adam-step-decay-log4", "ssm", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.SSM_CLASSES))
def _() -> Setup:
    return ssm_family("adam", 3e-3, log_every=4, schedule=multistep(0.6, 0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("ssm-adamw-warmup-cosine-long-avg10", "ssm", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return ssm_family("adamw", 0.015, steps=500, log_every=10, average=True, eval_every=50, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("ssm-adam-resumed-with-state", "ssm", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.SSM_CLASSES))
def _() -> Setup:
    return ssm_family("adam", 3e-3, recreate_optimizer_at=frozenset({150}), keep_optimizer_state=True)


@case("gat-adamw-warmup-cosine", "gat", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return gat_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("gat-nesterov-onecycle-log5", "gat", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return gat_family("nesterov", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("gat-adam-sgdr-log5", "gat", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return gat_family("adam", 0.01, log_every=5, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("gat-nadam-constant-log2", "gat", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return gat_family("nadam", 3e-3, log_every=2)


@case("gat-adam-constant-long-avg20", "gat", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return gat_family("adam", 3e-3, steps=1000, log_every=20, average=True, eval_every=100)


@case("gat-radam-reduce-on-plateau-log4", "gat", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return gat_family("radam", 0.01, log_every=4, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("nca-adam-warmup-cosine", "nca", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nca_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("nca-adam-cyclic-triangular2", "nca", "healthy", like=("lr-too-high",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nca_family("adam", 0.03, schedule=cyclic(0.1, 0.25, mode="triangular2"), schedule_name="CyclicLR triangular2")


@case("nca-adam-step-decay-log4", "nca", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nca_family("adam", 0.01, log_every=4, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("nca-rmsprop-resumed-with-state", "nca", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nca_family("rmsprop", 1e-3, recreate_optimizer_at=frozenset({125}), keep_optimizer_state=True)


@case("nca-adamw-onecycle-log5", "nca", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nca_family("adamw", 0.02, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ebm-adam-warmup-cosine", "ebm", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ebm_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ebm-sgdm-onecycle-log5", "ebm", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return ebm_family("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ebm-adagrad-constant-long-avg50", "ebm", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return ebm_family("adagrad", 0.5, steps=2000, log_every=50, average=True, eval_every=200)


@case("ebm-adadelta-constant-log3", "ebm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return ebm_family("adadelta", 1.0, log_every=3)


@case("ebm-adam-finetune-lr-1e-4", "ebm", "healthy", like=("lr-too-low", "plateau"), shape=healthy_shape(fall=1.4))
def _() -> Setup:
    return ebm_family("adam", 1e-4, steps=300, eval_every=30, model=fd.pretrained_energy,
                      meta={"model": "energy-based model: energy MLP 2-64-64-1 (SiLU) and a learned log-normaliser",
                            "pretrained": True})  # fmt: skip


@case("ebm-radam-constant-log2", "ebm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return ebm_family("radam", 0.01, log_every=2)


# fresh15 half, logged once per epoch


@case("gat-adam-256-pairs-overfits-per-epoch", "gat", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gat_family("adam", 0.01, steps=8 * 40, data=fd.graph_links(train_rows=256, batch_size=32), log_per_epoch=True)


@case("ebm-sgd-lr-30-per-epoch", "ebm", "lr-high-oscillation", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return ebm_family("sgd", 30.0, steps=46 * 10, log_per_epoch=True)


@case("ssm-adam-cosine-per-epoch", "ssm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ssm_family("adam", 3e-3, steps=125 * 3, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gat-adamw-warmup-cosine-per-epoch", "gat", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return gat_family("adamw", 0.01, steps=35 * 12, log_per_epoch=True, schedule=cosine_after(0.1),
                      schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("nca-adam-per-epoch", "nca", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return nca_family("adam", 0.01, steps=50 * 6, log_per_epoch=True, data=fd.damaged_patterns(train_rows=800))


@case("ebm-adam-cosine-per-epoch", "ebm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ebm_family("adam", 0.01, steps=46 * 12, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("nca-adam-lr-0p3-per-epoch", "nca", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return nca_family("adam", 0.3, steps=50 * 6, log_per_epoch=True, data=fd.damaged_patterns(train_rows=800))


# --------------------------------------------------------------------------- the sixteenth fresh half (fresh16, held out from all tuning)


def trees_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_name", "cross_entropy")
    knobs.setdefault("meta", {"model": "soft oblivious decision trees (NODE-like): 16 trees of depth 4, a ReLU layer and a head",
                              "classes": fd.TREE_CLASSES, "features": fd.TREE_FEATURES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tabular_rules(), knobs.pop("model", None) or fd.SoftTrees, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def egnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the standardised energy")
    knobs.setdefault("meta", {"model": "EGNN: 2 E(n)-equivariant layers of width 32 on the complete graph, mean readout",
                              "particles": fd.EGNN_PARTICLES, "dimensions": 3})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.particle_energies(), knobs.pop("model", None) or fd.EGNNRegressor,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def memnet_family(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 60)
    knobs.setdefault("loss_name", "cross_entropy")
    knobs.setdefault("meta", {"model": "end-to-end memory network: 3 hops, adjacent weight tying, width 32",
                              "classes": fd.MEM_PLACES, "memories": fd.MEM_SENTENCES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.babi_stories(), knobs.pop("model", None) or fd.MemN2N, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def wavenet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy per sample")
    knobs.setdefault("meta", {"model": "WaveNet: 4 gated dilated causal conv blocks (dilations 1-8), 24 channels",
                              "classes": fd.WAVE_LEVELS, "sequence_length": fd.WAVE_LENGTH})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.audio_clips(), knobs.pop("model", None) or fd.WaveNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


LN3T, LN6M, WAVE0 = LN(fd.TREE_CLASSES), LN(fd.MEM_PLACES), fd.wave_unigram_entropy()
"""An untrained soft-tree ensemble starts near ln 3, a memory network near ln 6, a WaveNet near ln 16 and one stuck at
chance ends at the levels' entropy ``WAVE0`` (~2.64); an untrained EGNN starts near the targets' variance, 1."""


def without_empty_stories(data: fd.Data) -> fd.Data:
    """The data without its training stories that have no sentence (all padding)."""
    ok = (data.x[:, : fd.MEM_SENTENCES, 0] > 0).any(1)
    return replace(data, x=data.x[ok], y=data.y[ok])


# trees: an ensemble of 16 soft oblivious decision trees of depth 4 (NODE-like: per level a softmax choice of a feature,
# a learned threshold and temperature; leaf responses of 4 weighted by the product of the soft choices), a ReLU layer
# of 64 and a head, naming the class of tabular rows set by axis-aligned rules (3 classes, 5% label noise),
# cross-entropy; works at Adam 0.03-0.1 (held-out loss ~0.43-0.48 after 500 steps, noisy), SGDm 0.1 (~0.64); Adam 0.3
# and SGDm 1 stay at chance (ln 3). About 3 s a training


@case("trees-adam-lr-1-30x-from-step-1", "trees", "lr-high-step1", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return trees_family("adam", 1.0)


@case("trees-sgdm-lr-1-stuck-at-chance", "trees", "lr-high-chance", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=500, shape=at_chance(LN3T, "ln 3"))
def _() -> Setup:
    return trees_family("sgdm", 1.0)


@case("trees-rmsprop-lr-0p3-30x-log4", "trees", "lr-high-step1", cf=lr_to(0.01), cf_what="RMSprop lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return trees_family("rmsprop", 0.3, log_every=4)


@case("trees-adamax-cyclic-peak-3", "trees", "lr-high-cyclic", cf=lr_to(0.1), cf_what="peak lr 0.1 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return trees_family("adamax", 3.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("trees-adam-lr-3e-4-100x-low", "trees", "lr-low-adam", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return trees_family("adam", 3e-4)


@case("trees-sgdm-summed-ce", "trees", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN3T, "ln 3"))
def _() -> Setup:
    return trees_family("sgdm", 0.1, loss_fn=fd.trees_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("trees-adam-missing-feature-nan", "trees", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 94))
def _() -> Setup:
    return trees_family("adam", 0.03, data=fd.tabular_rules(nan_rows=0.003))


@case("trees-adam-multistep-x0p1-at-5pct", "trees", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=26, tol=100, shape=lr_down_by(0.11, 30))
def _() -> Setup:
    return trees_family("adam", 0.03, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("trees-adam-fc-dead-at-init", "trees", "dead-units",
      cf=lambda s: replace(s, model=fd.SoftTrees), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return trees_family("adam", 0.03, model=lambda: fd.SoftTrees(dead_bias=-30.0), track_zero_grads=True)


@case("trees-nadam-warmup-cosine-peak-3", "trees", "lr-high-ramp", cf=lr_to(0.03), cf_what="peak lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return trees_family("nadam", 3.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


# egnn: an E(n)-equivariant graph network (the particle types embedded to 32; 2 EGNN layers on the complete graph:
# SiLU edge MLPs of the features and squared distances, equivariant position updates, residual feature updates; the
# mean of the particles' features, a ReLU layer of 64 and a head) regressing the standardised energy of 8-particle
# systems (Gaussian pair bumps by type and a harmonic pull to the centre), MSE; works at Adam 3e-3-0.01 (the held-out
# MSE falls from ~0.85 to ~0.006-0.01 in 400 steps, after a slow first half), SGDm 0.01 (~0.38); Adam 0.03 blows up
# early (0.067 at the end); SGDm 0.1 overflows to NaN. About 4-5 s a training


@case("egnn-sgdm-lr-0p3-overflows-nan", "egnn", "lr-high-nan", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return egnn_family("sgdm", 0.3)


@case("egnn-adam-lr-0p3-100x-from-step-1", "egnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return egnn_family("adam", 0.3)


@case("egnn-radam-warmup-cosine-peak-0p3", "egnn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return egnn_family("radam", 0.3, schedule=cosine_after(0.3), schedule_name="linear warmup 30% + cosine")


@case("egnn-adam-lr-1e-4-30x-low", "egnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return egnn_family("adam", 1e-4)


@case("egnn-sgdm-lr-1e-3-10x-low-log3", "egnn", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return egnn_family("sgdm", 1e-3, log_every=3)


@case("egnn-sgdm-summed-mse", "egnn", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(15, 1.0, "the targets' variance"))
def _() -> Setup:
    return egnn_family("sgdm", 0.01, loss_fn=fd.energy_mse_summed, loss_name="mse summed over the batch (reduction='sum')",
                       val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("egnn-adam-head-x300", "egnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.EGNNRegressor), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, 1.0, "the targets' variance"))
def _() -> Setup:
    return egnn_family("adam", 3e-3, model=lambda: scaled_head(fd.EGNNRegressor(), 300, bias=True))


@case("egnn-adam-exponential-100x-in-40-steps", "egnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 42))
def _() -> Setup:
    return egnn_family("adam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 40")


@case("egnn-adam-missing-coordinate-nan", "egnn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the systems with a missing coordinate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 125))
def _() -> Setup:
    return egnn_family("adam", 3e-3, data=fd.particle_energies(nan_rows=0.003))


@case("egnn-sgdm-exponential-gamma-1p03-nan", "egnn", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 400))
def _() -> Setup:
    return egnn_family("sgdm", 0.01, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("egnn-adam-fc-dead-at-init", "egnn", "dead-units",
      cf=lambda s: replace(s, model=fd.EGNNRegressor), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return egnn_family("adam", 3e-3, model=lambda: fd.EGNNRegressor(dead_bias=-30.0), track_zero_grads=True)


@case("egnn-sgdm-lr-0p1-no-clip-explodes", "egnn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return egnn_family("sgdm", 0.1)


@case("egnn-adam-lr-0p01-recreated-each-epoch", "egnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return egnn_family("adam", 0.01, data=fd.particle_energies(train_rows=1000), recreate_optimizer_at=frozenset(range(31, 400, 31)))


# memnet: an end-to-end memory network (3 hops, adjacent weight tying, width 32, position encoding and learned temporal
# encoding; a ReLU layer of 64 and a head) answering "where is <person>?" over bAbI-like stories of 4-10 moves (6
# places), cross-entropy; works at Adam 3e-3-0.01 (the held-out loss sits near ln 6 for ~100 steps, then falls to
# ~0.03), SGDm 0.1 (~0.07); Adam 0.03 ends near 0.15, Adam 0.3 at chance; plain SGD 30 overflows. About 3 s a training


@case("memnet-adam-lr-0p3-stuck-at-chance", "memnet", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=at_chance(LN6M, "ln 6"))
def _() -> Setup:
    return memnet_family("adam", 0.3)


@case("memnet-sgd-lr-30-overflows-nan", "memnet", "lr-high-nan", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=600, shape=nan_within(1, 600))
def _() -> Setup:
    return memnet_family("sgd", 30.0)


@case("memnet-rmsprop-lr-0p03-10x-log2", "memnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return memnet_family("rmsprop", 0.03, log_every=2)


@case("memnet-nadam-exponential-gamma-1p02", "memnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return memnet_family("nadam", 2e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("memnet-adam-lr-1e-4-30x-low", "memnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return memnet_family("adam", 1e-4)


@case("memnet-adagrad-lr-1e-3-100x-low-log5", "memnet", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return memnet_family("adagrad", 1e-3, log_every=5)


@case("memnet-sgdm-summed-ce", "memnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, LN6M, "ln 6"))
def _() -> Setup:
    return memnet_family("sgdm", 0.1, loss_fn=fd.memnet_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("memnet-adam-head-x1000", "memnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MemN2N), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN6M, "ln 6"))
def _() -> Setup:
    return memnet_family("adam", 3e-3, model=lambda: scaled_head(fd.MemN2N(), 1000, bias=True))


@case("memnet-adam-multistep-x0p1-at-5pct", "memnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return memnet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("memnet-adam-empty-stories-nan", "memnet", "nan-early", cf=lambda s: replace(s, data=without_empty_stories(s.data)),
      cf_what="the stories without a sentence dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 188))
def _() -> Setup:
    return memnet_family("adam", 3e-3, data=fd.babi_stories(empty_rows=0.002))


@case("memnet-adamw-lr-0p01-recreated-each-epoch", "memnet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=48, tol=5,
      shape=anything)
def _() -> Setup:
    return memnet_family("adamw", 0.01, data=fd.babi_stories(train_rows=1500), recreate_optimizer_at=frozenset(range(47, 600, 47)))


@case("memnet-rmsprop-lr-3e-3-recreated-each-epoch", "memnet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=48, tol=5,
      shape=anything)
def _() -> Setup:
    return memnet_family("rmsprop", 3e-3, data=fd.babi_stories(train_rows=1500), recreate_optimizer_at=frozenset(range(47, 600, 47)))


@case("memnet-adam-200-stories-overfits", "memnet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return memnet_family("adam", 0.01, steps=1000, eval_every=50, data=fd.babi_stories(train_rows=200, batch_size=16))


# wavenet: a small WaveNet (the 16 mu-law levels embedded to 24 channels, 4 residual blocks of gated dilated causal
# convolutions, dilations 1-8, 1x1 residual and skip convolutions; a ReLU layer of 64 and a head at each sample)
# predicting each next level of synthetic audio clips (1-3 sinusoids under an envelope, noise), cross-entropy per
# sample; works at Adam 3e-3-0.01 and SGDm 0.3 (the held-out loss falls from ln 16 to ~1.38-1.40 in 400 steps: the
# noise floor is near); Adam 0.03 ends near 1.47, Adam 0.3 at the levels' entropy (2.64); plain SGD 30 overflows. About
# 4-5 s a training


@case("wavenet-adam-lr-0p3-stuck-at-chance", "wavenet", "lr-high-chance", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=at_chance(WAVE0, "the levels' entropy"))
def _() -> Setup:
    return wavenet_family("adam", 0.3)


@case("wavenet-sgd-lr-30-overflows-nan", "wavenet", "lr-high-nan", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return wavenet_family("sgd", 30.0)


@case("wavenet-nadam-warmup-cosine-peak-1", "wavenet", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return wavenet_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("wavenet-adamw-cyclic-peak-0p3", "wavenet", "lr-high-cyclic", cf=lr_to(0.01),
      cf_what="peak lr 0.01 (the same cycle)", must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return wavenet_family("adamw", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("wavenet-adam-lr-1e-4-100x-low", "wavenet", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return wavenet_family("adam", 1e-4)


@case("wavenet-asgd-lr-1e-3-1000x-low-log5", "wavenet", "lr-low-asgd", cf=lr_to(1.0), cf_what="ASGD lr 1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return wavenet_family("asgd", 1e-3, log_every=5)


@case("wavenet-sgdm-summed-ce", "wavenet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy per sample (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN(fd.WAVE_LEVELS), "ln 16"))
def _() -> Setup:
    return wavenet_family("sgdm", 0.3, loss_fn=fd.wave_ce_summed, loss_name="cross_entropy summed over the samples and the batch (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("wavenet-adam-head-x1000", "wavenet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.WaveNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN(fd.WAVE_LEVELS), "ln 16"))
def _() -> Setup:
    return wavenet_family("adam", 0.01, model=lambda: scaled_head(fd.WaveNet(), 1000, bias=True))


@case("wavenet-adam-exponential-1000x-in-40-steps", "wavenet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return wavenet_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("wavenet-adam-64-clips-overfits", "wavenet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return wavenet_family("adam", 0.01, steps=800, eval_every=40, data=fd.audio_clips(train_rows=64, batch_size=16))


@case("wavenet-adam-fc-dead-at-init", "wavenet", "dead-units",
      cf=lambda s: replace(s, model=fd.WaveNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return wavenet_family("adam", 0.01, model=lambda: fd.WaveNet(dead_bias=-30.0), track_zero_grads=True)


# fresh16 half: healthy look-alikes


@case("trees-adamw-warmup-cosine", "trees", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.TREE_CLASSES))
def _() -> Setup:
    return trees_family("adamw", 0.1, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("trees-nadam-onecycle-log5", "trees", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.TREE_CLASSES))
def _() -> Setup:
    return trees_family("nadam", 0.03, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("trees-adam-sgdr-log4", "trees", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.TREE_CLASSES))
def _() -> Setup:
    return trees_family("adam", 0.03, log_every=4, schedule=warm_restarts(0.25),
                        schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("trees-adam-step-decay-log2", "trees", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.TREE_CLASSES))
def _() -> Setup:
    return trees_family("adam", 0.03, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("trees-nesterov-warmup-cosine-log3", "trees", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.TREE_CLASSES))
def _() -> Setup:
    return trees_family("nesterov", 0.3, log_every=3, schedule=cosine_after(0.05), schedule_name="linear warmup 5% + cosine")


@case("egnn-adamw-warmup-cosine", "egnn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return egnn_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("egnn-nesterov-onecycle-log5", "egnn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return egnn_family("nesterov", 0.03, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("egnn-adamax-constant-log2", "egnn", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return egnn_family("adamax", 0.03, log_every=2)


@case("memnet-adamw-warmup-cosine", "memnet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.MEM_PLACES))
def _() -> Setup:
    return memnet_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("memnet-adam-sgdr-log5", "memnet", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.MEM_PLACES))
def _() -> Setup:
    return memnet_family("adam", 0.01, log_every=5, schedule=warm_restarts(0.25),
                         schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("memnet-nesterov-step-decay-log4", "memnet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.MEM_PLACES))
def _() -> Setup:
    return memnet_family("nesterov", 0.1, log_every=4, schedule=multistep(0.6, 0.8, gamma=0.3), schedule_name="MultiStepLR")


@case("memnet-adagrad-constant-log2", "memnet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.MEM_PLACES))
def _() -> Setup:
    return memnet_family("adagrad", 0.1, log_every=2)


@case("memnet-radam-cosine-log3", "memnet", "healthy", like=("plateau", "lr-too-low", "premature-decay"),
      shape=healthy_shape(fd.MEM_PLACES))
def _() -> Setup:
    return memnet_family("radam", 0.03, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("wavenet-adam-warmup-cosine", "wavenet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.WAVE_LEVELS))
def _() -> Setup:
    return wavenet_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("wavenet-sgdm-onecycle-log5", "wavenet", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.WAVE_LEVELS))
def _() -> Setup:
    return wavenet_family("sgdm", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("wavenet-adam-constant-long-avg20", "wavenet", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return wavenet_family("adam", 3e-3, steps=600, log_every=20, average=True, eval_every=60)


@case("wavenet-rmsprop-step-decay-log2", "wavenet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.WAVE_LEVELS))
def _() -> Setup:
    return wavenet_family("rmsprop", 3e-3, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("wavenet-adam-resumed-with-state", "wavenet", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.WAVE_LEVELS))
def _() -> Setup:
    return wavenet_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("wavenet-nadam-reduce-on-plateau-log4", "wavenet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.WAVE_LEVELS))
def _() -> Setup:
    return wavenet_family("nadam", 0.01, log_every=4, schedule=on_plateau(0.3, 1),
                          schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("wavenet-adam-sgdr-log4", "wavenet", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.WAVE_LEVELS))
def _() -> Setup:
    return wavenet_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25),
                          schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("wavenet-adadelta-constant-log3", "wavenet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.WAVE_LEVELS))
def _() -> Setup:
    return wavenet_family("adadelta", 1.0, log_every=3)


# fresh16 half, logged once per epoch


@case("trees-adam-300-rows-overfits-per-epoch", "trees", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return trees_family("adam", 0.03, steps=10 * 60, data=fd.tabular_rules(train_rows=300, batch_size=32), log_per_epoch=True)


@case("memnet-adam-lr-0p3-per-epoch", "memnet", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return memnet_family("adam", 0.3, steps=47 * 10, log_per_epoch=True, data=fd.babi_stories(train_rows=1500))


@case("trees-adamw-cosine-per-epoch", "trees", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return trees_family("adamw", 0.1, steps=94 * 6, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("egnn-adam-cosine-per-epoch", "egnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return egnn_family("adam", 0.01, steps=32 * 12, log_per_epoch=True, data=fd.particle_energies(train_rows=1000),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("egnn-adamw-warmup-cosine-per-epoch", "egnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return egnn_family("adamw", 0.01, steps=63 * 6, log_per_epoch=True, data=fd.particle_energies(train_rows=2000),
                       schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("memnet-adam-cosine-per-epoch", "memnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return memnet_family("adam", 0.03, steps=47 * 10, log_per_epoch=True, data=fd.babi_stories(train_rows=1500),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("wavenet-adam-cosine-per-epoch", "wavenet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return wavenet_family("adam", 0.01, steps=60 * 7, log_per_epoch=True, data=fd.audio_clips(train_rows=960),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


# --------------------------------------------------------------------------- the seventeenth fresh half (fresh17, held out from all tuning)


def cnp_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.cnp_nll)
    knobs.setdefault("loss_name", "gaussian negative log-likelihood of the targets (std 0.05 + 0.95 softplus), mean")
    knobs.setdefault("meta", {"model": "conditional neural process: encoder MLP 2-64-64-64, mean aggregation, decoder MLP to a mean and a scale",
                              "context_points": fd.CNP_CONTEXT, "target_points": fd.CNP_TARGETS})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cnp_functions(), knobs.pop("model", None) or fd.CNP, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def deq_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy")
    knobs.setdefault("meta", {"model": "deep equilibrium model: z = tanh(W z + U x + b), width 48, 18 solver iterations + 4 with gradient",
                              "classes": fd.DEQ_CLASSES, "features": fd.DEQ_FEATURES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.twisted_sectors(), knobs.pop("model", None) or fd.DEQClassifier,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def bnn_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", fd.bnn_elbo)
    knobs.setdefault("val_loss_fn", fd.bnn_mse)
    knobs.setdefault("loss_name", "negative ELBO per row: mse of a weight sample + KL(q || N(0, 1)) / 10000; held out: mse of the weights' means")
    knobs.setdefault("meta", {"model": "Bayes-by-backprop MLP 4-64-64-1, mean-field Gaussian weights", "features": fd.BNN_FEATURES,
                              "kl_divided_by": fd.BNN_ROWS})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.smooth_regression(), knobs.pop("model", None) or fd.BayesMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def slots_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the reconstruction")
    knobs.setdefault("meta", {"model": "slot-attention autoencoder: 3 slots of 24, 3 iterations, GRU update, spatial-broadcast decoder",
                              "image_size": fd.SLOT_SIZE, "slots": fd.SLOT_COUNT})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.blob_scenes(), knobs.pop("model", None) or fd.SlotAutoencoder,
                      optimizer, lr, steps, **knobs)  # fmt: skip


LN5D = LN(fd.DEQ_CLASSES)
"""An untrained deep equilibrium classifier starts near ln 5 (and one stuck at chance ends there); an untrained neural
process starts near a negative log-likelihood of 1 a target, a Bayesian MLP near 1 + its KL / N (~2.8), a slot
autoencoder near 0.14."""


# cnp: a conditional neural process (an encoder MLP of the 10 context (x, y) pairs, their mean, a decoder MLP of the mean
# and a target x giving a mean and a scale) of 1-D functions (a sinusoid plus 0-2 Gaussian bumps, noise 0.05), Gaussian
# negative log-likelihood at 20 targets; works at Adam 3e-3 (the held-out NLL falls from ~0.95 to ~0.2 in 400 steps,
# still falling, noisy), Adam 0.01 (~0.25-0.3), SGDm 0.1 (~0.4-0.55); Adam 0.03 stays near the NLL of a prediction that
# ignores the context (~0.84); SGDm 1 ends near 60. About 3 s a training


@case("cnp-adam-lr-0p03-stuck-at-prior", "cnp", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cnp_family("adam", 0.03)


@case("cnp-sgdm-lr-1-10x-from-step-1", "cnp", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cnp_family("sgdm", 1.0)


@case("cnp-rmsprop-lr-0p03-30x-log3", "cnp", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cnp_family("rmsprop", 0.03, log_every=3)


@case("cnp-adamw-warmup-cosine-peak-0p3", "cnp", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cnp_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("cnp-adam-lr-1e-5-300x-low", "cnp", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cnp_family("adam", 1e-5)


@case("cnp-sgdm-lr-1e-3-100x-low-log4", "cnp", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cnp_family("sgdm", 1e-3, log_every=4)


@case("cnp-sgdm-summed-nll", "cnp", "summed",
      cf=lambda s: replace(s, loss_fn=fd.cnp_nll, loss_name="gaussian negative log-likelihood (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, 1.0, "an untrained NLL a target, ~1"))
def _() -> Setup:
    return cnp_family("sgdm", 0.03, loss_fn=fd.cnp_nll_summed, loss_name="gaussian negative log-likelihood summed over the targets and the batch (reduction='sum')",
                      val_loss_fn=fd.cnp_nll, mean_loss_fn=fd.cnp_nll)  # fmt: skip


@case("cnp-adam-head-x1000", "cnp", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CNP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, 1.0, "an untrained NLL a target, ~1"))
def _() -> Setup:
    return cnp_family("adam", 3e-3, model=lambda: scaled_head(fd.CNP(), 1000, bias=True))


@case("cnp-adam-nll-by-hand-log0", "cnp", "nan-log0",
      cf=lambda s: replace(s, loss_fn=fd.cnp_nll), cf_what="a softplus scale kept above 0.05 (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 400))
def _() -> Setup:
    return cnp_family("adam", 3e-3, loss_fn=fd.cnp_nll_by_hand, loss_name="gaussian nll by hand (log of a ReLU variance)",
                      val_loss_fn=fd.cnp_nll, safe_loss_fn=fd.cnp_nll)  # fmt: skip


@case("cnp-adam-multistep-x0p1-at-5pct", "cnp", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return cnp_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("cnp-adam-fc-dead-at-init", "cnp", "dead-units",
      cf=lambda s: replace(s, model=fd.CNP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return cnp_family("adam", 3e-3, model=lambda: fd.CNP(dead_bias=-30.0), track_zero_grads=True)


@case("cnp-adamw-lr-0p01-recreated-each-epoch", "cnp", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return cnp_family("adamw", 0.01, data=fd.cnp_functions(train_rows=1000), recreate_optimizer_at=frozenset(range(31, 400, 31)))


# deq: a deep equilibrium classifier (the fixed point of z = tanh(W z + U x + b), width 48, by 18 iterations without a
# graph and 4 with one; a ReLU layer of 64 and a head) naming the spiral sector (5) of tabular rows, cross-entropy; works
# at Adam 3e-3-0.01 (the held-out loss falls from ln 5 to ~0.27-0.31 in 400 steps), SGDm 0.1 (~0.3); Adam 0.03 ends
# near 0.43, Adam 0.3 near 1 (after a first loss of ~20); SGDm 1 overflows. About 2-3 s a training


@case("deq-adam-lr-0p3-100x-from-step-1", "deq", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return deq_family("adam", 0.3)


@case("deq-sgdm-lr-1-overflows-nan", "deq", "lr-high-nan", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return deq_family("sgdm", 1.0)


@case("deq-adam-lr-0p1-30x-from-step-1", "deq", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return deq_family("adam", 0.1)


@case("deq-adamax-cyclic-peak-1", "deq", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deq_family("adamax", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("deq-nadam-exponential-gamma-1p02", "deq", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deq_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("deq-sgdm-lr-1e-3-100x-low-log3", "deq", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deq_family("sgdm", 1e-3, log_every=3)


@case("deq-adagrad-lr-1e-3-100x-low-log5", "deq", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deq_family("adagrad", 1e-3, log_every=5)


@case("deq-sgdm-summed-ce", "deq", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, LN5D, "ln 5"))
def _() -> Setup:
    return deq_family("sgdm", 0.03, loss_fn=fd.deq_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("deq-adam-head-x300", "deq", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DEQClassifier), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, LN5D, "ln 5"))
def _() -> Setup:
    return deq_family("adam", 3e-3, model=lambda: scaled_head(fd.DEQClassifier(), 300, bias=True))


@case("deq-adam-missing-feature-nan", "deq", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 39))
def _() -> Setup:
    return deq_family("adam", 3e-3, data=fd.twisted_sectors(nan_rows=0.003))


@case("deq-adam-exponential-100x-in-40-steps", "deq", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(0.01, 1.0)), cf_what="the same x0.01 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.011, 42))
def _() -> Setup:
    return deq_family("adam", 0.01, schedule=exponential_to(0.01, 0.1), schedule_name="ExponentialLR per batch, x0.01 by step 40")


@case("deq-adam-fc-dead-at-init", "deq", "dead-units",
      cf=lambda s: replace(s, model=fd.DEQClassifier), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return deq_family("adam", 3e-3, model=lambda: fd.DEQClassifier(dead_bias=-30.0), track_zero_grads=True)


@case("deq-adam-300-rows-overfits", "deq", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return deq_family("adam", 0.01, steps=800, eval_every=40, data=fd.twisted_sectors(train_rows=300, batch_size=32))


# bnn: a Bayes-by-backprop MLP 4-64-64-1 (mean-field Gaussian weights sampled by the reparameterisation trick, a N(0, 1)
# prior) regressing a smooth function of 4 features (noise 0.1), the loss the negative ELBO per row (the squared error
# plus KL / 10000; held out: the mse of the weights' means); works at Adam 3e-3 (held-out mse ~0.035 after 500 steps),
# SGDm 0.03 (~0.033); Adam 0.1-0.3 end near 0.9; SGDm 0.3 overflows (at seed 0). About 3 s a training


@case("bnn-adam-lr-0p3-100x-from-step-1", "bnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return bnn_family("adam", 0.3)


@case("bnn-sgdm-lr-0p3-overflows-nan", "bnn", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=500, shape=nan_within(1, 500))
def _() -> Setup:
    return bnn_family("sgdm", 0.3)


@case("bnn-rmsprop-lr-0p1-100x-log2", "bnn", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return bnn_family("rmsprop", 0.1, log_every=2)


@case("bnn-nadam-warmup-cosine-peak-1", "bnn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return bnn_family("nadam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("bnn-adam-lr-1e-5-300x-low", "bnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return bnn_family("adam", 1e-5)


@case("bnn-asgd-lr-1e-3-30x-low-log5", "bnn", "lr-low-asgd", cf=lr_to(0.03), cf_what="ASGD lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return bnn_family("asgd", 1e-3, log_every=5)


@case("bnn-sgdm-summed-elbo", "bnn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.bnn_elbo, loss_name="negative ELBO per row (mean squared error + KL / N)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, 2.0, "an untrained negative ELBO per row, ~2"))
def _() -> Setup:
    return bnn_family("sgdm", 0.01, loss_fn=fd.bnn_elbo_summed, loss_name="squared error summed over the batch (reduction='sum') + KL / N",
                      mean_loss_fn=fd.bnn_elbo)  # fmt: skip


@case("bnn-adam-missing-feature-nan", "bnn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 156))
def _() -> Setup:
    return bnn_family("adam", 3e-3, data=fd.smooth_regression(nan_rows=0.003))


@case("bnn-sgdm-exponential-gamma-1p03-nan", "bnn", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 500))
def _() -> Setup:
    return bnn_family("sgdm", 0.01, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("bnn-adam-multistep-x0p1-at-5pct", "bnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=26, tol=100, shape=lr_down_by(0.11, 30))
def _() -> Setup:
    return bnn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("bnn-adam-200-rows-overfits", "bnn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return bnn_family("adam", 0.01, steps=1000, eval_every=50, data=fd.smooth_regression(train_rows=200, batch_size=16))


# slots: a slot-attention autoencoder (a conv encoder and a position embedding, 3 slots of 24 started from learned
# embeddings, 3 iterations of slot attention with a GRU update, a spatial-broadcast decoder per slot and pixel whose
# masks are a softmax over the slots) of 10x10 scenes of 2 coloured blobs, MSE of the reconstruction; the loss sits
# near 0.055 (the background and the mean colour) for ~100 steps, then falls: Adam 3e-3 ~0.037 after 300 steps, Adam
# 0.01 ~0.04 without a warmup and ~0.03 with a 100-step one; Adam 0.03 stays at 0.057. About 5-7 s a training


@case("slots-adam-lr-0p1-30x-from-step-1", "slots", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return slots_family("adam", 0.1)


@case("slots-adamw-warmup-cosine-peak-0p3", "slots", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return slots_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("slots-adam-lr-1e-4-30x-low", "slots", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return slots_family("adam", 1e-4)


@case("slots-sgdm-summed-mse", "slots", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, 0.14, "an untrained reconstruction mse"))
def _() -> Setup:
    return slots_family("sgdm", 0.3, loss_fn=fd.slots_mse_summed, loss_name="squared error summed over the pixels, the channels and the batch (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("slots-adam-head-x300", "slots", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SlotAutoencoder), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, 0.14, "an untrained reconstruction mse"))
def _() -> Setup:
    return slots_family("adam", 3e-3, model=lambda: scaled_head(fd.SlotAutoencoder(), 300, bias=True))


@case("slots-adam-exponential-1000x-in-30-steps", "slots", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 32))
def _() -> Setup:
    return slots_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 30")


@case("slots-adam-fc-dead-at-init", "slots", "dead-units",
      cf=lambda s: replace(s, model=fd.SlotAutoencoder), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return slots_family("adam", 3e-3, model=lambda: fd.SlotAutoencoder(dead_bias=-30.0), track_zero_grads=True)


@case("cnp-rmsprop-lr-3e-3-recreated-each-epoch", "cnp", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return cnp_family("rmsprop", 3e-3, data=fd.cnp_functions(train_rows=1000), recreate_optimizer_at=frozenset(range(31, 400, 31)))


@case("deq-sgdm-lr-0p5-no-clip-explodes", "deq", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return deq_family("sgdm", 0.5)


@case("slots-adam-lr-0p01-no-warmup", "slots", "missing-warmup", cf=lambda s: replace(s, warmup_steps=100),
      cf_what="a 100-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=100, shape=anything)
def _() -> Setup:
    return slots_family("adam", 0.01)


# fresh17 half: healthy look-alikes


@case("cnp-adamw-warmup-cosine", "cnp", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return cnp_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("cnp-nadam-onecycle-log5", "cnp", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("nadam", 3e-3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("cnp-adam-sgdr-log4", "cnp", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("cnp-adam-step-decay-log2", "cnp", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("adam", 0.01, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("cnp-adamax-constant-log3", "cnp", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("adamax", 0.01, log_every=3)


@case("cnp-adam-resumed-with-state", "cnp", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("deq-adamw-warmup-cosine", "deq", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.DEQ_CLASSES))
def _() -> Setup:
    return deq_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("deq-nesterov-onecycle-log5", "deq", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.DEQ_CLASSES))
def _() -> Setup:
    return deq_family("nesterov", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("deq-adam-resumed-with-state", "deq", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.DEQ_CLASSES))
def _() -> Setup:
    return deq_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("deq-sgdm-cyclic-triangular2", "deq", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fd.DEQ_CLASSES))
def _() -> Setup:
    return deq_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("deq-adagrad-constant-log2", "deq", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.DEQ_CLASSES))
def _() -> Setup:
    return deq_family("adagrad", 0.1, log_every=2)


@case("bnn-adam-warmup-cosine", "bnn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return bnn_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("bnn-sgdm-onecycle-log5", "bnn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return bnn_family("sgdm", 0.1, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("bnn-adam-constant-long-avg20", "bnn", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return bnn_family("adam", 3e-3, steps=1000, log_every=20, average=True, eval_every=100)


@case("bnn-rmsprop-step-decay-log2", "bnn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.8))
def _() -> Setup:
    return bnn_family("rmsprop", 3e-3, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("slots-adam-warmup-cosine", "slots", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return slots_family("adam", 0.01, schedule=cosine_after(0.15), schedule_name="linear warmup 15% + cosine")


@case("slots-adamw-warmup-constant-log2", "slots", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return slots_family("adamw", 0.01, log_every=2, schedule=constant_after(0.15), schedule_name="linear warmup 15%, then constant")


@case("slots-adam-warmup-step-decay-log4", "slots", "healthy", like=("premature-decay", "missing-warmup"),
      shape=healthy_shape())
def _() -> Setup:
    return slots_family("adam", 0.01, log_every=4, schedule=linear_decay_after(0.15), schedule_name="linear warmup 15% + linear decay")


@case("bnn-adamax-cosine-log3", "bnn", "healthy", like=("plateau", "lr-too-low", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return bnn_family("adamax", 0.01, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("cnp-adam-onecycle-log2", "cnp", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("adam", 0.01, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


# fresh17 half, logged once per epoch


@case("cnp-adam-160-tasks-overfits-per-epoch", "cnp", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return cnp_family("adam", 3e-3, steps=10 * 60, data=fd.cnp_functions(train_rows=160, batch_size=16), log_per_epoch=True)


@case("deq-adam-lr-0p3-per-epoch", "deq", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return deq_family("adam", 0.3, steps=20 * 20, log_per_epoch=True, data=fd.twisted_sectors(train_rows=2560))


@case("cnp-adam-cosine-per-epoch", "cnp", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("adam", 0.01, steps=62 * 8, log_per_epoch=True, data=fd.cnp_functions(train_rows=2000),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("cnp-radam-per-epoch", "cnp", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return cnp_family("radam", 0.01, steps=62 * 8, log_per_epoch=True, data=fd.cnp_functions(train_rows=2000))


@case("deq-adamw-warmup-cosine-per-epoch", "deq", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return deq_family("adamw", 0.01, steps=20 * 20, log_per_epoch=True, data=fd.twisted_sectors(train_rows=2560),
                      schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("bnn-adam-cosine-per-epoch", "bnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return bnn_family("adam", 0.01, steps=62 * 8, log_per_epoch=True, data=fd.smooth_regression(train_rows=4000),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("bnn-nadam-per-epoch", "bnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return bnn_family("nadam", 3e-3, steps=62 * 8, log_per_epoch=True, data=fd.smooth_regression(train_rows=4000))


# --------------------------------------------------------------------------- the eighteenth fresh half (fresh18, held out from all tuning)


def mae_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", fd.mae_mse)
    knobs.setdefault("loss_name", "mse of the masked patches' pixels")
    knobs.setdefault("meta", {"model": "masked autoencoder: 3x3 patches of 12x12 images, 75% masked, pre-LN encoder and decoder blocks of 32",
                              "patches": fd.MAE_PATCHES, "visible_patches": fd.MAE_VISIBLE})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.masked_images(), knobs.pop("model", None) or fd.MaskedAutoencoder,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def hnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the symplectic gradient (dH/dp, -dH/dq) against the measured (dq/dt, dp/dt)")
    knobs.setdefault("meta", {"model": "Hamiltonian neural network: tanh MLP 2-64-64-1 giving H(q, p), its symplectic gradient by autograd",
                              "system": "pendulum"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.pendulum_states(), knobs.pop("model", None) or fd.HamiltonianNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def nbeats_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the 8-step forecast")
    knobs.setdefault("meta", {"model": "N-BEATS generic: 3 blocks of 3 ReLU layers of 64, backcast and forecast residual links",
                              "lookback": fd.NBEATS_BACK, "horizon": fd.NBEATS_HORIZON})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nbeats_series(), knobs.pop("model", None) or fd.NBeats,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def negbin_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.negbin_nll)
    knobs.setdefault("loss_name", "negative binomial negative log-likelihood of the counts (log link, exposure offset), mean")
    knobs.setdefault("meta", {"model": "ReLU MLP 6-64-64-64 to a log-mean and a log-dispersion", "features": fd.NB_FEATURES,
                              "offset": "log exposure"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.overdispersed_counts(), knobs.pop("model", None) or fd.NegBinMLP,
                      optimizer, lr, steps, **knobs)  # fmt: skip


MAE0, HNN0, NB0 = 1.0, fd.hnn_at_zero(), fd.negbin_at_constant()
"""What a model that ignores its input reaches: a masked autoencoder predicting the mean pixel (standardised: ~1.0), a
Hamiltonian network predicting no motion (~2.1), a negative-binomial regression of a constant rate per exposure (~2.3).
An untrained N-BEATS starts near the mean square of the horizon (~0.6)."""


# mae: a masked autoencoder (3x3 patches of 12x12 images of gratings and a disc, 12 of 16 patches masked, a pre-LN
# transformer block encoding the 4 visible ones, a decoder block with mask tokens, a ReLU layer and a head to the pixels),
# mse of the masked patches; works at Adam 3e-3 (the held-out mse falls from ~1.0 to ~0.44-0.49 in 300 steps, still
# falling), Adam 0.01 (~0.66-0.68, ~0.54-0.58 with a 100-step warmup), SGDm 0.03 (~0.8); Adam 0.03 stays at the mse of
# the mean (~1.01); SGDm 0.3-1 overflows. About 3-6 s a training


@case("mae-adam-lr-0p03-stuck-at-mean", "mae", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return mae_family("adam", 0.03)


@case("mae-sgdm-lr-1-overflows-nan", "mae", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=300, shape=nan_within(1, 300))
def _() -> Setup:
    return mae_family("sgdm", 1.0)


@case("mae-rmsprop-lr-0p03-30x-log3", "mae", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return mae_family("rmsprop", 0.03, log_every=3)


@case("mae-adamw-warmup-cosine-peak-0p3", "mae", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return mae_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("mae-adam-lr-1e-4-30x-low", "mae", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return mae_family("adam", 1e-4)


@case("mae-sgdm-summed-sse", "mae", "summed",
      cf=lambda s: replace(s, loss_fn=fd.mae_mse, loss_name="mse of the masked patches (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, MAE0, "an untrained mse of the masked pixels"))
def _() -> Setup:
    return mae_family("sgdm", 0.03, loss_fn=fd.mae_sse_summed, loss_name="squared error of the masked pixels summed over the pixels, the patches and the batch (reduction='sum')",
                      val_loss_fn=fd.mae_mse, mean_loss_fn=fd.mae_mse)  # fmt: skip


@case("mae-adam-head-x300", "mae", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MaskedAutoencoder), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MAE0, "an untrained mse of the masked pixels"))
def _() -> Setup:
    return mae_family("adam", 3e-3, model=lambda: scaled_head(fd.MaskedAutoencoder(), 300, bias=True))


@case("mae-adam-missing-pixel-nan", "mae", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 125))
def _() -> Setup:
    return mae_family("adam", 3e-3, data=fd.masked_images(nan_rows=0.003))


@case("mae-adam-multistep-x0p1-at-5pct", "mae", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return mae_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("mae-adam-fc-dead-at-init", "mae", "dead-units",
      cf=lambda s: replace(s, model=fd.MaskedAutoencoder), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return mae_family("adam", 3e-3, model=lambda: fd.MaskedAutoencoder(dead_bias=-30.0), track_zero_grads=True)


@case("mae-adam-lr-0p01-no-warmup", "mae", "missing-warmup", cf=lambda s: replace(s, warmup_steps=100),
      cf_what="a 100-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=100, shape=anything)
def _() -> Setup:
    return mae_family("adam", 0.01)


# hnn: a Hamiltonian neural network (a tanh MLP 2-64-64-1 giving H(q, p), its symplectic gradient (dH/dp, -dH/dq) by
# autograd) fitted to the measured time derivatives of a pendulum's states, mse; works at Adam 3e-3-0.01 (the held-out
# mse falls from ~2.4 to ~0.0045 in 400 steps), SGDm 0.1 (~0.004-0.005); Adam 0.1 ends near 0.015 at one seed and at the
# mse of predicting no motion (~2.15) at the other; SGDm 0.5-1 blows up and stays there. About 0.5-1.5 s a training


@case("hnn-adam-lr-0p1-30x-from-step-1", "hnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return hnn_family("adam", 0.1)


@case("hnn-sgdm-lr-1-stuck-at-no-motion", "hnn", "lr-high-chance", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hnn_family("sgdm", 1.0)


@case("hnn-rmsprop-lr-0p1-100x-log2", "hnn", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hnn_family("rmsprop", 0.1, log_every=2)


@case("hnn-nadam-exponential-gamma-1p02", "hnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return hnn_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("hnn-sgdm-lr-1e-4-1000x-low-log3", "hnn", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hnn_family("sgdm", 1e-4, log_every=3)


@case("hnn-adagrad-lr-1e-3-30x-low-log5", "hnn", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return hnn_family("adagrad", 1e-3, log_every=5)


@case("hnn-sgdm-summed-mse", "hnn", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, HNN0, "the mse of predicting no motion"))
def _() -> Setup:
    return hnn_family("sgdm", 0.01, loss_fn=fd.hnn_mse_summed, loss_name="squared error summed over both derivatives and the batch (reduction='sum')",
                      val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("hnn-adam-head-x1000", "hnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HamiltonianNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, HNN0, "the mse of predicting no motion"))
def _() -> Setup:
    return hnn_family("adam", 3e-3, model=lambda: scaled_head(fd.HamiltonianNet(), 1000, bias=True))


@case("hnn-adam-missing-momentum-nan", "hnn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the states with a missing coordinate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 62))
def _() -> Setup:
    return hnn_family("adam", 3e-3, data=fd.pendulum_states(nan_rows=0.003))


@case("hnn-adam-exponential-1000x-in-40-steps", "hnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return hnn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("hnn-sgdm-lr-0p5-no-clip-explodes", "hnn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1.0",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return hnn_family("sgdm", 0.5)


@case("hnn-adam-lr-0p01-recreated-each-epoch", "hnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=16, tol=5,
      shape=anything)
def _() -> Setup:
    return hnn_family("adam", 0.01, data=fd.pendulum_states(train_rows=1000), recreate_optimizer_at=frozenset(range(15, 400, 15)))


@case("mae-adamw-lr-0p01-recreated-each-epoch", "mae", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return mae_family("adamw", 0.01, data=fd.masked_images(train_rows=1000), recreate_optimizer_at=frozenset(range(31, 300, 31)))


# nbeats: N-BEATS (3 generic blocks of 3 ReLU layers of 64, a linear expansion to 8 coefficients, backcast and forecast
# layers, double residual links) forecasting 8 steps of seasonal series with a trend from 24, mse; works at Adam 1e-3-0.01
# (the held-out mse falls from ~0.6 to ~0.021 in 400 steps), SGDm 0.1 (~0.022-0.024); SGDm 0.01 is slow (~0.055); Adam
# 0.1 ends near 0.5; SGDm 1 overflows. About 1-5 s a training


@case("nbeats-sgdm-lr-1-overflows-nan", "nbeats", "lr-high-nan", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return nbeats_family("sgdm", 1.0)


@case("nbeats-adam-lr-0p1-30x-from-step-1", "nbeats", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nbeats_family("adam", 0.1)


@case("nbeats-adamax-cyclic-peak-1", "nbeats", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nbeats_family("adamax", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("nbeats-adam-warmup-cosine-peak-0p3", "nbeats", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nbeats_family("adam", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("nbeats-sgdm-lr-1e-3-100x-low-log4", "nbeats", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nbeats_family("sgdm", 1e-3, log_every=4)


@case("nbeats-asgd-lr-1e-3-100x-low-log5", "nbeats", "lr-low-asgd", cf=lr_to(0.1), cf_what="ASGD lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nbeats_family("asgd", 1e-3, log_every=5)


@case("nbeats-sgdm-summed-mse", "nbeats", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, 0.6, "an untrained forecast mse"))
def _() -> Setup:
    return nbeats_family("sgdm", 0.01, loss_fn=fd.nbeats_mse_summed, loss_name="squared error summed over the horizon and the batch (reduction='sum')",
                         val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("nbeats-adam-head-x300", "nbeats", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NBeats), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, 0.6, "an untrained forecast mse"))
def _() -> Setup:
    return nbeats_family("adam", 3e-3, model=lambda: scaled_head(fd.NBeats(), 300, bias=True))


@case("nbeats-sgdm-exponential-gamma-1p03-nan", "nbeats", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 400))
def _() -> Setup:
    return nbeats_family("sgdm", 0.01, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("nbeats-adam-multistep-x0p1-at-5pct", "nbeats", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return nbeats_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("nbeats-adam-relu-dead-at-init", "nbeats", "dead-units",
      cf=lambda s: replace(s, model=fd.NBeats), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return nbeats_family("adam", 3e-3, model=lambda: fd.NBeats(dead_bias=-30.0), track_zero_grads=True)


@case("nbeats-adam-64-noisy-windows-overfits", "nbeats", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return nbeats_family("adam", 3e-3, steps=1000, eval_every=50, data=fd.noisy_nbeats_series(64))


# negbin: a negative-binomial count regression (a ReLU MLP 6-64-64-64 to a log-mean, the log exposure added, and a
# log-dispersion) of overdispersed event counts, negative log-likelihood; works at Adam 1e-3-3e-3 (the held-out NLL falls
# from ~2.27 to ~1.84-1.91 in 400 steps; a constant rate reaches ~2.31), SGDm 0.03 (~1.85-1.88, noisy); Adam 0.1 ends
# near 1.91-2.27; SGDm 1 overflows (NaN). About 1-1.5 s a training


@case("negbin-adam-lr-0p1-30x-from-step-1", "negbin", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return negbin_family("adam", 0.1)


@case("negbin-sgdm-lr-1-overflows-nan-log2", "negbin", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return negbin_family("sgdm", 1.0, log_every=2)


@case("negbin-adamw-warmup-cosine-peak-1", "negbin", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return negbin_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("negbin-adam-lr-1e-4-30x-low", "negbin", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return negbin_family("adam", 1e-4)


@case("negbin-sgdm-lr-1e-4-300x-low-log2", "negbin", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return negbin_family("sgdm", 1e-4, log_every=2)


@case("negbin-sgdm-summed-nll", "negbin", "summed",
      cf=lambda s: replace(s, loss_fn=fd.negbin_nll, loss_name="negative binomial NLL (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, NB0, "an untrained NLL a row"))
def _() -> Setup:
    return negbin_family("sgdm", 0.01, loss_fn=fd.negbin_nll_summed, loss_name="negative binomial NLL summed over the batch (reduction='sum')",
                         val_loss_fn=fd.negbin_nll, mean_loss_fn=fd.negbin_nll)  # fmt: skip


@case("negbin-adam-nll-by-hand-log0", "negbin", "nan-log0",
      cf=lambda s: replace(s, loss_fn=fd.negbin_nll), cf_what="an exp link (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 400))
def _() -> Setup:
    return negbin_family("adam", 3e-3, loss_fn=fd.negbin_nll_by_hand, loss_name="negative binomial nll by hand (mean = relu(raw), log(mu))",
                         val_loss_fn=fd.negbin_nll, safe_loss_fn=fd.negbin_nll)  # fmt: skip


@case("negbin-adam-exponential-1000x-in-20-steps", "negbin", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 22))
def _() -> Setup:
    return negbin_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.05), schedule_name="ExponentialLR per batch, x0.001 by step 20")


@case("negbin-adam-fc-dead-at-init", "negbin", "dead-units",
      cf=lambda s: replace(s, model=fd.NegBinMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return negbin_family("adam", 3e-3, model=lambda: fd.NegBinMLP(dead_bias=-30.0), track_zero_grads=True)


@case("negbin-adam-300-rows-overfits", "negbin", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return negbin_family("adam", 0.01, steps=1000, eval_every=50, data=fd.overdispersed_counts(train_rows=300, batch_size=16))


# fresh18 half: healthy look-alikes


@case("mae-adamw-warmup-cosine", "mae", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return mae_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("mae-adam-warmup-constant-log2", "mae", "healthy", like=("lr-too-high", "missing-warmup", "plateau"),
      shape=healthy_shape())
def _() -> Setup:
    return mae_family("adam", 3e-3, log_every=2, schedule=constant_after(0.1), schedule_name="linear warmup 10%, then constant")


@case("mae-adam-resumed-with-state", "mae", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return mae_family("adam", 3e-3, recreate_optimizer_at=frozenset({150}), keep_optimizer_state=True)


@case("mae-nadam-onecycle-log5", "mae", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return mae_family("nadam", 3e-3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("hnn-adam-sgdr-log4", "hnn", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("hnn-sgdm-cyclic-triangular2", "hnn", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("sgdm", 0.3, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("hnn-adamax-constant-log3", "hnn", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("adamax", 0.01, log_every=3)


@case("hnn-adam-step-decay-log2", "hnn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("adam", 0.01, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("hnn-nesterov-onecycle-log5", "hnn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("nesterov", 0.3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("hnn-adam-linear-decay-long-avg20", "hnn", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("adam", 0.01, steps=1000, log_every=20, average=True, eval_every=100, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("nbeats-adamw-warmup-cosine", "nbeats", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return nbeats_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("nbeats-adam-plateau-log5", "nbeats", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return nbeats_family("adam", 3e-3, log_every=5, schedule=on_plateau(0.3, 1),
                         schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("nbeats-sgdm-onecycle-log2", "nbeats", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return nbeats_family("sgdm", 0.3, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("nbeats-adam-resumed-with-state", "nbeats", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return nbeats_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("negbin-adam-warmup-cosine", "negbin", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return negbin_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("negbin-adagrad-constant-log2", "negbin", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return negbin_family("adagrad", 0.03, log_every=2)


@case("negbin-adam-step-decay-log3", "negbin", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return negbin_family("adam", 3e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("negbin-rmsprop-cosine-log4", "negbin", "healthy", like=("plateau", "lr-too-low", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return negbin_family("rmsprop", 1e-3, log_every=4, schedule=cosine_after(0.0), schedule_name="cosine")


@case("negbin-adam-constant-long-avg20", "negbin", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return negbin_family("adam", 1e-3, steps=1000, log_every=20, average=True, eval_every=100)


# fresh18 half, logged once per epoch


@case("mae-adam-96-images-overfits-per-epoch", "mae", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return mae_family("adam", 3e-3, steps=6 * 100, data=fd.masked_images(train_rows=96, batch_size=16), log_per_epoch=True)


@case("hnn-adam-lr-0p1-per-epoch", "hnn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return hnn_family("adam", 0.1, steps=31 * 15, log_per_epoch=True, data=fd.pendulum_states(train_rows=2000))


@case("mae-adam-cosine-per-epoch", "mae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return mae_family("adam", 3e-3, steps=62 * 6, log_per_epoch=True, data=fd.masked_images(train_rows=2000),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("hnn-adamw-warmup-cosine-per-epoch", "hnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("adamw", 0.03, steps=31 * 15, log_per_epoch=True, data=fd.pendulum_states(train_rows=2000),
                      schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("hnn-radam-cosine-per-epoch", "hnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return hnn_family("radam", 0.1, steps=31 * 15, log_per_epoch=True, data=fd.pendulum_states(train_rows=2000),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("nbeats-adam-cosine-per-epoch", "nbeats", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return nbeats_family("adam", 3e-3, steps=46 * 10, log_per_epoch=True, data=fd.nbeats_series(train_rows=3000),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("nbeats-nadam-per-epoch", "nbeats", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return nbeats_family("nadam", 3e-3, steps=46 * 10, log_per_epoch=True, data=fd.nbeats_series(train_rows=3000))


@case("negbin-adam-cosine-per-epoch", "negbin", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return negbin_family("adam", 3e-3, steps=62 * 8, log_per_epoch=True, data=fd.overdispersed_counts(train_rows=4000),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


# --------------------------------------------------------------------------- the nineteenth fresh half (fresh19, held out from all tuning)


def fno_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the solution on the grid")
    knobs.setdefault("meta", {"model": "1-D Fourier neural operator: lift to 32 channels, 3 Fourier layers of 8 modes, ReLU projection of 64",
                              "grid": fd.FNO_GRID, "modes": fd.FNO_MODES, "pde": "advection-diffusion"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.advection_solutions(), knobs.pop("model", None) or fd.FourierOperator,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def kan_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse")
    knobs.setdefault("meta", {"model": "Kolmogorov-Arnold network 5-16-16-1: 8 Gaussian radial basis functions per edge plus a SiLU base path",
                              "features": fd.KAN_FEATURES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.kan_regression(), knobs.pop("model", None) or fd.KANet, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def qat_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("meta", {"model": "binarized CNN (straight-through estimator): float conv 16, binary conv 32, binary fc 64, float head",
                              "quantization": "binary weights, sign x mean |w|"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.bar_glyphs(), knobs.pop("model", None) or fd.BinaryCNN, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def lstmlm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy per token")
    knobs.setdefault("meta", {"model": "word-level LSTM LM: embedding 32, LSTM 64, ReLU fc 64; truncated BPTT, the state carried and detached",
                              "vocab_size": len(fd.LM_VOCAB), "bptt": 20})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.grammar_stream(), knobs.pop("model", None) or fd.LSTMLanguageModel,
                      optimizer, lr, steps, **knobs)  # fmt: skip


FNO0, LMU, QAT8 = fd.fno_at_zero(), fd.lm_unigram_entropy(), LN(fd.QAT_CLASSES)
"""What a model that ignores its input reaches: a Fourier neural operator predicting a flat solution (~0.44), an LSTM LM
predicting the word frequencies (their entropy, ~3.54 nats), the binarized CNN at chance (ln 8). An untrained
Kolmogorov-Arnold network starts near the variance of its standardised target (~1.0)."""


# fno: a 1-D Fourier neural operator (a lift to 32 channels, 3 Fourier layers keeping 8 modes plus pointwise paths, GELU,
# a ReLU projection and a head) mapping an initial condition, the advection speed and the diffusivity to the solution of
# 1-D advection-diffusion at t = 0.3 on a periodic grid of 64 points, mse; works at Adam 3e-3 (the held-out mse falls
# from ~0.44 to ~0.0013-0.0022 in 400 steps; at 0.01 it ends noisier, ~0.004), Adam 0.01 with a decaying schedule, SGDm
# 0.03 (~0.014-0.02); Adam 0.1 ends near 0.36-0.44; SGDm 1 overflows (NaN). About 3-8 s a training


@case("fno-adam-lr-0p1-30x-from-step-1", "fno", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return fno_family("adam", 0.1)


@case("fno-sgdm-lr-1-overflows-nan", "fno", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=300, shape=nan_within(1, 300))
def _() -> Setup:
    return fno_family("sgdm", 1.0)


@case("fno-adamw-warmup-cosine-peak-0p3", "fno", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return fno_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("fno-adam-lr-1e-4-30x-low", "fno", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return fno_family("adam", 1e-4)


@case("fno-sgdm-summed-mse", "fno", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, FNO0, "the mse of a flat solution"))
def _() -> Setup:
    return fno_family("sgdm", 0.03, loss_fn=fd.fno_mse_summed, loss_name="squared error summed over the grid and the batch (reduction='sum')",
                      val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("fno-adam-head-x300", "fno", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FourierOperator), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FNO0, "the mse of a flat solution"))
def _() -> Setup:
    return fno_family("adam", 3e-3, model=lambda: scaled_head(fd.FourierOperator(), 300, bias=True))


@case("fno-adam-relative-l2-by-hand-flat-field", "fno", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.fno_relative_l2), cf_what="the relative error of the batch as a whole (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 100))
def _() -> Setup:
    return fno_family("adam", 3e-3, data=fd.advection_solutions(flat_rows=0.01), loss_fn=fd.fno_relative_l2_by_hand,
                      loss_name="relative L2 error by hand, ||out - y|| / ||y|| per field, mean", val_loss_fn=F.mse_loss,
                      safe_loss_fn=fd.fno_relative_l2)  # fmt: skip


@case("fno-adam-multistep-x0p1-at-5pct", "fno", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return fno_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("fno-adam-fc-dead-at-init", "fno", "dead-units",
      cf=lambda s: replace(s, model=fd.FourierOperator), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return fno_family("adam", 3e-3, model=lambda: fd.FourierOperator(dead_bias=-30.0), track_zero_grads=True)


@case("fno-adam-64-noisy-fields-overfits", "fno", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return fno_family("adam", 3e-3, steps=1000, eval_every=50, data=fd.advection_solutions(train_rows=64, noise=0.3, batch_size=16))


@case("fno-adamw-lr-3e-3-recreated-each-epoch", "fno", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return fno_family("adamw", 3e-3, data=fd.advection_solutions(train_rows=1000), recreate_optimizer_at=frozenset(range(31, 400, 31)))


@case("fno-adam-lr-0p01-no-warmup", "fno", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return fno_family("adam", 0.01)


# kan: a Kolmogorov-Arnold network 5-16-16-1 (each edge a combination of 8 Gaussian radial basis functions on [-2, 2]
# plus a SiLU base path) regressing a standardised symbolic function of 5 inputs, mse; works at Adam 3e-3-0.01 (the
# held-out mse falls from ~1.0 to ~0.008-0.011 in 400 steps, ~0.004-0.006 at 0.01-0.03 with a decaying schedule),
# SGDm 0.03 (~0.015-0.02); Adam 0.1 ends near 0.04-0.54; SGDm 0.3-1 overflows (NaN). About 1 s a training


@case("kan-adam-lr-0p1-30x-log2", "kan", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return kan_family("adam", 0.1, log_every=2)


@case("kan-sgdm-lr-1-overflows-nan", "kan", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return kan_family("sgdm", 1.0)


@case("kan-rmsprop-lr-0p1-100x-log3", "kan", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return kan_family("rmsprop", 0.1, log_every=3)


@case("kan-nadam-exponential-gamma-1p02", "kan", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return kan_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("kan-sgdm-lr-1e-3-30x-low-log3", "kan", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return kan_family("sgdm", 1e-3, log_every=3)


@case("kan-adagrad-lr-1e-3-30x-low-log5", "kan", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return kan_family("adagrad", 1e-3, log_every=5)


@case("kan-sgdm-summed-mse", "kan", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, 1.0, "the variance of the standardised target"))
def _() -> Setup:
    return kan_family("sgdm", 0.03, loss_fn=fd.kan_mse_summed, loss_name="squared error summed over the batch (reduction='sum')",
                      val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("kan-adam-head-x300", "kan", "last-layer-init",
      cf=lambda s: replace(s, model=fd.KANet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, 1.0, "the variance of the standardised target"))
def _() -> Setup:
    return kan_family("adam", 0.01, model=lambda: scaled_head(fd.KANet(), 300, bias=True))


@case("kan-adam-missing-input-nan", "kan", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing input dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 62))
def _() -> Setup:
    return kan_family("adam", 0.01, data=fd.kan_regression(nan_rows=0.003))


@case("kan-sgdm-exponential-gamma-1p03-nan", "kan", "lr-growth-nan",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=20,
      shape=nan_within(10, 400))
def _() -> Setup:
    return kan_family("sgdm", 0.01, schedule=exponential(1.03), schedule_name="ExponentialLR(gamma=1.03) per batch")


@case("kan-adam-exponential-1000x-in-40-steps", "kan", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return kan_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("kan-adam-200-noisy-rows-overfits", "kan", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return kan_family("adam", 0.01, steps=1000, eval_every=50, data=fd.kan_regression(train_rows=200, noise=0.3, batch_size=16))


@case("kan-adam-lr-0p01-recreated-each-epoch", "kan", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=16, tol=5,
      shape=anything)
def _() -> Setup:
    return kan_family("adam", 0.01, data=fd.kan_regression(train_rows=1000), recreate_optimizer_at=frozenset(range(15, 400, 15)))


# qat: a binarized CNN trained by the straight-through estimator (a float 3x3 convolution of 16, a binarized one of 32,
# BatchNorm, a binarized ReLU layer of 64, a float head; sign(w) x mean |w| in the forward, latent float weights) on
# 12x12 images of 8 glyphs with noise, cross-entropy; works at Adam 3e-3-0.01 (the held-out loss falls from ln 8 to
# ~0.52-0.54 in 400 steps, ~0.42 at 0.01 with a decaying schedule), SGDm 0.03 (~0.46-0.53); Adam 0.1 and SGDm 0.3 end
# near 1.6-2.1. About 3-4 s a training


@case("qat-adam-lr-0p1-near-chance", "qat", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return qat_family("adam", 0.1)


@case("qat-sgdm-lr-0p3-10x-log2", "qat", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return qat_family("sgdm", 0.3, log_every=2)


@case("qat-adamax-cyclic-peak-1", "qat", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return qat_family("adamax", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("qat-sgdm-lr-1e-3-30x-low", "qat", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return qat_family("sgdm", 1e-3)


@case("qat-asgd-lr-3e-3-100x-low-log4", "qat", "lr-low-asgd", cf=lr_to(0.3), cf_what="ASGD lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return qat_family("asgd", 3e-3, log_every=4)


@case("qat-sgdm-summed-ce", "qat", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, QAT8, "ln 8"))
def _() -> Setup:
    return qat_family("sgdm", 0.03, loss_fn=fd.qat_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("qat-adam-head-x300", "qat", "last-layer-init",
      cf=lambda s: replace(s, model=fd.BinaryCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, QAT8, "ln 8"))
def _() -> Setup:
    return qat_family("adam", 3e-3, model=lambda: scaled_head(fd.BinaryCNN(), 300, bias=True))


@case("qat-adam-missing-pixel-nan", "qat", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 125))
def _() -> Setup:
    return qat_family("adam", 3e-3, data=fd.bar_glyphs(nan_rows=0.003))


@case("qat-adam-multistep-x0p1-at-5pct", "qat", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return qat_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("qat-adam-fc-dead-at-init", "qat", "dead-units",
      cf=lambda s: replace(s, model=fd.BinaryCNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return qat_family("adam", 3e-3, model=lambda: fd.BinaryCNN(dead_bias=-30.0), track_zero_grads=True)


# lstmlm: a word-level LSTM language model (an embedding of 32, an LSTM of 64, a ReLU layer of 64, a head to 41 words)
# trained with truncated backpropagation through time (16 streams of the text in chunks of 20 words, read in order; the
# state each chunk leaves starts the next, detached) on text from a probabilistic grammar with number agreement, cross-
# entropy per word; works at Adam 3e-3-0.01 and SGD 1 (the held-out loss falls from ln 41 to ~2.01-2.06 in 400 steps:
# the grammar's own entropy is near 2); SGD 10 and Adam 1 stay near the word frequencies' entropy (~3.54). About 2-6 s a
# training


@case("lstmlm-adam-lr-1-from-step-1", "lstmlm", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return lstmlm_family("adam", 1.0)


@case("lstmlm-sgd-lr-30-stuck-at-unigram", "lstmlm", "lr-high-chance", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lstmlm_family("sgd", 30.0)


@case("lstmlm-adamw-warmup-cosine-peak-1", "lstmlm", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lstmlm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lstmlm-sgd-warmup-cosine-peak-30", "lstmlm", "lr-high-ramp", cf=lr_to(1.0), cf_what="peak lr 1",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return lstmlm_family("sgd", 30.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lstmlm-rmsprop-lr-0p1-100x-log4", "lstmlm", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return lstmlm_family("rmsprop", 0.1, log_every=4)


@case("lstmlm-adam-lr-1e-4-30x-low", "lstmlm", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return lstmlm_family("adam", 1e-4)


@case("lstmlm-sgd-lr-0p03-30x-low-log2", "lstmlm", "lr-low-sgd", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return lstmlm_family("sgd", 0.03, log_every=2)


@case("lstmlm-sgd-summed-ce", "lstmlm", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy per token (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, LN(len(fd.LM_VOCAB)), "ln 41"))
def _() -> Setup:
    return lstmlm_family("sgd", 1.0, loss_fn=fd.lm_ce_summed, loss_name="cross_entropy summed over the tokens and the batch (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("lstmlm-sgd-exponential-1000x-in-40-steps", "lstmlm", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return lstmlm_family("sgd", 1.0, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("lstmlm-adam-fc-dead-at-init", "lstmlm", "dead-units",
      cf=lambda s: replace(s, model=fd.LSTMLanguageModel), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return lstmlm_family("adam", 3e-3, model=lambda: fd.LSTMLanguageModel(dead_bias=-30.0), track_zero_grads=True)


@case("lstmlm-sgd-lr-10-no-clip-explodes", "lstmlm", "exploding",
      cf=lambda s: replace(s, max_grad_norm=0.25), cf_what="gradients clipped at 0.25",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return lstmlm_family("sgd", 10.0)


# fresh19 half: healthy look-alikes


@case("fno-adamw-warmup-cosine", "fno", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return fno_family("adamw", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("fno-adam-step-decay-log2", "fno", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return fno_family("adam", 0.01, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("fno-nadam-onecycle-log5", "fno", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return fno_family("nadam", 0.01, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("fno-adam-cosine-resumed-with-state", "fno", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return fno_family("adam", 0.03, schedule=cosine_after(0.0), schedule_name="cosine", recreate_optimizer_at=frozenset({200}),
                      keep_optimizer_state=True)  # fmt: skip


@case("fno-rmsprop-cosine-log4", "fno", "healthy", like=("plateau", "lr-too-low", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return fno_family("rmsprop", 3e-3, log_every=4, schedule=cosine_after(0.0), schedule_name="cosine")


@case("kan-adam-warmup-cosine", "kan", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return kan_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("kan-adagrad-cosine-log2", "kan", "healthy", like=("plateau", "lr-too-low", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return kan_family("adagrad", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("kan-sgdm-cyclic-triangular2", "kan", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return kan_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("kan-adam-sgdr-log4", "kan", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return kan_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25),
                      schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("kan-adamax-constant-log3", "kan", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return kan_family("adamax", 0.03, log_every=3)


@case("kan-adam-linear-decay-long-avg20", "kan", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return kan_family("adam", 0.03, steps=1000, log_every=20, average=True, eval_every=100, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("qat-adam-warmup-cosine", "qat", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.QAT_CLASSES))
def _() -> Setup:
    return qat_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("qat-sgdm-onecycle-log2", "qat", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.QAT_CLASSES))
def _() -> Setup:
    return qat_family("sgdm", 0.1, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("qat-adam-plateau-log5", "qat", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.QAT_CLASSES))
def _() -> Setup:
    return qat_family("adam", 3e-3, log_every=5, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("qat-adam-resumed-with-state", "qat", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.QAT_CLASSES))
def _() -> Setup:
    return qat_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("lstmlm-adam-warmup-cosine", "lstmlm", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(len(fd.LM_VOCAB)))
def _() -> Setup:
    return lstmlm_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("lstmlm-sgd-constant-log2", "lstmlm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(len(fd.LM_VOCAB)))
def _() -> Setup:
    return lstmlm_family("sgd", 1.0, log_every=2)


@case("lstmlm-adam-step-decay-log3", "lstmlm", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(len(fd.LM_VOCAB)))
def _() -> Setup:
    return lstmlm_family("adam", 3e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("lstmlm-sgd-plateau-x0p25", "lstmlm", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(len(fd.LM_VOCAB)))
def _() -> Setup:
    return lstmlm_family("sgd", 1.0, schedule=on_plateau(0.25, 0), schedule_name="ReduceLROnPlateau(factor=0.25, patience=0)")


@case("lstmlm-adam-resumed-with-state", "lstmlm", "healthy", like=("optimizer-reset",), shape=healthy_shape(len(fd.LM_VOCAB)))
def _() -> Setup:
    return lstmlm_family("adam", 3e-3, recreate_optimizer_at=frozenset({150}), keep_optimizer_state=True)


# fresh19 half, logged once per epoch


@case("fno-adam-lr-0p1-per-epoch", "fno", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return fno_family("adam", 0.1, steps=62 * 5, log_per_epoch=True, data=fd.advection_solutions(train_rows=2000))


@case("lstmlm-adam-short-text-overfits-per-epoch", "lstmlm", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return lstmlm_family("adam", 0.01, steps=5 * 100, log_per_epoch=True, data=fd.short_grammar_stream(1600))


@case("fno-adam-cosine-per-epoch", "fno", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return fno_family("adam", 0.03, steps=62 * 5, log_per_epoch=True, data=fd.advection_solutions(train_rows=2000),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("kan-radam-cosine-per-epoch", "kan", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return kan_family("radam", 0.1, steps=31 * 13, log_per_epoch=True, data=fd.kan_regression(train_rows=2000),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("kan-adamw-warmup-cosine-per-epoch", "kan", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return kan_family("adamw", 0.03, steps=31 * 13, log_per_epoch=True, data=fd.kan_regression(train_rows=2000),
                      schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("qat-adam-cosine-per-epoch", "qat", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.QAT_CLASSES))
def _() -> Setup:
    return qat_family("adam", 0.01, steps=62 * 6, log_per_epoch=True, data=fd.bar_glyphs(train_rows=2000),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("qat-nadam-per-epoch", "qat", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.QAT_CLASSES))
def _() -> Setup:
    return qat_family("nadam", 3e-3, steps=62 * 6, log_per_epoch=True, data=fd.bar_glyphs(train_rows=2000))


@case("lstmlm-adam-per-epoch", "lstmlm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(len(fd.LM_VOCAB)))
def _() -> Setup:
    return lstmlm_family("adam", 3e-3, steps=100 * 3, log_per_epoch=True)


# --------------------------------------------------------------------------- the twentieth fresh half (fresh20, held out from all tuning)


def made_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.made_nll)
    knobs.setdefault("loss_name", "negative log-likelihood in nats per vector (the sum of 16 bits' BCE with logits, mean over the batch)")
    knobs.setdefault("meta", {"model": "MADE 16-64-64-16: masked ReLU MLP, natural ordering of the bits",
                              "bits": fd.MADE_BITS, "data": "mixture of 8 Bernoulli prototypes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.made_bits(), knobs.pop("model", None) or fd.MADENet, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def espcn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.l1_loss)
    knobs.setdefault("loss_name", "l1 (mean absolute error of the 16x16 image)")
    knobs.setdefault("meta", {"model": "ESPCN: conv 5x5 32, conv 3x3 16, conv 3x3 to 4 channels, PixelShuffle(2)",
                              "upscale": fd.SR_SCALE, "image": fd.SR_SIZE})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sr_textures(), knobs.pop("model", None) or fd.ESPCNet, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def sage_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("meta", {"model": "GraphSAGE, mean aggregation, 2 layers of 16, sampled neighbourhoods (fan-out 5, 5)",
                              "nodes": fd.SAGE_NODES, "communities": fd.SAGE_BLOCKS})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sage_nodes(), knobs.pop("model", None) or fd.SAGENet, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def vit_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("meta", {"model": "tiny ViT: 4x4 patches, d 32, 2 pre-LN blocks of 4 heads, [CLS], learned positions",
                              "image": fd.VIT_SIZE, "patch": fd.VIT_PATCH})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.vit_images(), knobs.pop("model", None) or fd.TinyViT, optimizer, lr,
                      steps, **knobs)  # fmt: skip


MADE_START, MADE_MARGINALS, SR_BLACK, SAGE5, VIT6 = 16 * LN(2), fd.made_at_marginals(), fd.espcn_at_zero(), LN(5), LN(6)
"""Where the families start and what a model that ignores its input reaches: a MADE starts at 16 ln 2 (~11.09 nats) and
its bits' own frequencies give ~10.8; an ESPCN predicting black images scores the mean brightness (~0.5); GraphSAGE and
the ViT at chance, ln 5 and ln 6."""


# made: a MADE 16-64-64-16 (masked ReLU MLP, natural ordering) of 16-bit vectors from a mixture of 8 Bernoulli prototypes,
# NLL in nats per vector; works at Adam 0.01-0.03 and SGDm 0.1 (the held-out NLL falls from 11.1 to ~8.8-8.9 in 400
# steps; the bits' own frequencies give 10.8); Adam 0.3 and SGDm 1 stay near 10.7-10.9, SGDm 10 ends above its start


@case("made-adam-lr-0p3-stuck-at-marginals", "made", "lr-high-chance", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return made_family("adam", 0.3)


@case("made-sgdm-lr-10-100x-log2", "made", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return made_family("sgdm", 10.0, log_every=2)


@case("made-adamw-warmup-cosine-peak-1", "made", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return made_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("made-nadam-exponential-gamma-1p02", "made", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return made_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("made-adam-lr-1e-4-100x-low", "made", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return made_family("adam", 1e-4)


@case("made-adagrad-lr-1e-3-100x-low-log5", "made", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return made_family("adagrad", 1e-3, log_every=5)


@case("made-sgdm-summed-nll", "made", "summed",
      cf=lambda s: replace(s, loss_fn=fd.made_nll, loss_name="nll per vector (mean over the batch)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(30, MADE_START, "16 ln 2"))
def _() -> Setup:
    return made_family("sgdm", 0.1, loss_fn=fd.made_nll_summed, loss_name="BCE with logits summed over the bits and the batch (reduction='sum')",
                       val_loss_fn=fd.made_nll, mean_loss_fn=fd.made_nll)  # fmt: skip


@case("made-adam-head-x300", "made", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MADENet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MADE_START, "16 ln 2"))
def _() -> Setup:
    return made_family("adam", 0.01, model=lambda: scaled_head(fd.MADENet(), 300, bias=True))


@case("made-adam-multistep-x0p1-at-5pct", "made", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return made_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("made-adam-missing-bit-nan", "made", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the vectors with a missing bit dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 200))
def _() -> Setup:
    return made_family("adam", 0.01, data=fd.made_bits(nan_rows=0.003))


@case("made-adam-fc-dead-at-init", "made", "dead-units",
      cf=lambda s: replace(s, model=fd.MADENet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return made_family("adam", 0.01, model=lambda: fd.MADENet(dead_bias=-30.0), track_zero_grads=True)


@case("made-adam-200-vectors-overfits", "made", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return made_family("adam", 0.01, steps=1000, eval_every=50, data=fd.made_bits(train_rows=200, batch_size=16))


# espcn: an ESPCN (conv 5x5 of 32, ReLU, conv 3x3 of 16, ReLU, conv 3x3 to 4 channels, PixelShuffle(2)) upscaling 8x8
# grey images of textures and shapes (2x2 average pooling plus noise) to 16x16, L1; works at Adam 3e-3 (the held-out L1
# falls from ~0.46 to ~0.095 in 400 steps) and SGDm 0.03-0.3 (~0.096-0.098); Adam 0.03-0.3 and SGDm 1 collapse to a
# blurred constant (~0.173)


@case("espcn-adam-lr-0p1-collapses-log2", "espcn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return espcn_family("adam", 0.1, log_every=2)


@case("espcn-sgdm-lr-10-300x", "espcn", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return espcn_family("sgdm", 10.0)


@case("espcn-rmsprop-lr-0p03-30x-log3", "espcn", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return espcn_family("rmsprop", 0.03, log_every=3)


@case("espcn-adamax-cyclic-peak-0p3", "espcn", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return espcn_family("adamax", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("espcn-adam-lr-1e-4-30x-low", "espcn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return espcn_family("adam", 1e-4)


@case("espcn-sgdm-lr-1e-3-30x-low-log3", "espcn", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return espcn_family("sgdm", 1e-3, log_every=3)


@case("espcn-sgdm-summed-l1", "espcn", "summed",
      cf=lambda s: replace(s, loss_fn=F.l1_loss, loss_name="l1 (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(100, SR_BLACK, "the l1 of a black image"))
def _() -> Setup:
    return espcn_family("sgdm", 0.03, loss_fn=fd.espcn_l1_summed, loss_name="absolute error summed over the pixels and the batch (reduction='sum')",
                        val_loss_fn=F.l1_loss, mean_loss_fn=F.l1_loss)  # fmt: skip


@case("espcn-adam-head-x300", "espcn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ESPCNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SR_BLACK, "the l1 of a black image"))
def _() -> Setup:
    return espcn_family("adam", 3e-3, model=lambda: fd.ESPCNet(head_scale=300.0))


@case("espcn-adam-exponential-1000x-in-40-steps", "espcn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return espcn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("espcn-adam-relative-l1-by-hand-black-images", "espcn", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.espcn_relative_l1), cf_what="the relative error of the batch as a whole (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 150))
def _() -> Setup:
    return espcn_family("adam", 3e-3, data=fd.sr_textures(flat_rows=0.01), loss_fn=fd.espcn_relative_l1_by_hand,
                        loss_name="relative L1 error by hand, mean |out - y| / mean |y| per image, mean", val_loss_fn=F.l1_loss,
                        safe_loss_fn=fd.espcn_relative_l1)  # fmt: skip


@case("espcn-adam-mid-dead-at-init", "espcn", "dead-units",
      cf=lambda s: replace(s, model=fd.ESPCNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return espcn_family("adam", 3e-3, model=lambda: fd.ESPCNet(dead_bias=-30.0), track_zero_grads=True)


@case("espcn-adam-lr-0p01-recreated-each-epoch", "espcn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=32, tol=5,
      shape=anything)
def _() -> Setup:
    return espcn_family("adam", 0.01, data=fd.sr_textures(train_rows=1000), recreate_optimizer_at=frozenset(range(31, 400, 31)))


@case("espcn-adam-lr-0p03-no-warmup", "espcn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return espcn_family("adam", 0.03)


# sage: GraphSAGE (mean aggregation, 2 layers of 16, a head) classifying the nodes of a stochastic block model graph of
# 1000 nodes in 5 communities from noisy features, trained on minibatches of 32 labelled nodes with sampled neighbourhoods
# (fan-out 5, 5), cross-entropy; works at Adam 3e-3-0.01 (the held-out loss falls from ln 5 to ~0.42-0.45 in 400 steps),
# SGD 1 is noisy (~0.55-0.6); Adam 0.3 and SGDm 1 stay at chance


@case("sage-adam-lr-0p3-near-chance", "sage", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sage_family("adam", 0.3)


@case("sage-sgdm-lr-1-near-chance-log2", "sage", "lr-high-chance", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sage_family("sgdm", 1.0, log_every=2)


@case("sage-sgd-warmup-cosine-peak-30", "sage", "lr-high-ramp", cf=lr_to(1.0), cf_what="peak lr 1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sage_family("sgd", 30.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("sage-rmsprop-lr-0p1-100x-log4", "sage", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sage_family("rmsprop", 0.1, log_every=4)


@case("sage-adam-lr-1e-4-30x-low", "sage", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sage_family("adam", 1e-4)


@case("sage-asgd-lr-0p03-10x-low-log4", "sage", "lr-low-asgd", cf=lr_to(0.3), cf_what="ASGD lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sage_family("asgd", 0.03, log_every=4)


@case("sage-sgd-summed-ce", "sage", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SAGE5, "ln 5"))
def _() -> Setup:
    return sage_family("sgd", 0.3, loss_fn=fd.sage_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("sage-adam-head-x300", "sage", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SAGENet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SAGE5, "ln 5"))
def _() -> Setup:
    return sage_family("adam", 3e-3, model=lambda: scaled_head(fd.SAGENet(), 300, bias=True))


@case("sage-adam-multistep-x0p1-at-5pct", "sage", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return sage_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("sage-adam-nan-feature-nodes", "sage", "nan-early", cf=lambda s: replace(s, model=fd.SAGENet),
      cf_what="the graph's features without the missing values", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return sage_family("adam", 3e-3, model=lambda: fd.SAGENet(nan_nodes=0.002))


@case("sage-adam-lr-0p03-recreated-each-epoch", "sage", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=19, tol=5,
      shape=anything)
def _() -> Setup:
    return sage_family("adam", 0.03, recreate_optimizer_at=frozenset(range(18, 400, 18)))


@case("sage-adam-layer2-dead-at-init", "sage", "dead-units",
      cf=lambda s: replace(s, model=fd.SAGENet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return sage_family("adam", 3e-3, model=lambda: fd.SAGENet(dead_bias=-30.0), track_zero_grads=True)


@case("sage-adam-60-noisy-nodes-overfits", "sage", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return sage_family("adam", 0.01, steps=1000, eval_every=50, data=fd.sage_nodes(train_rows=60, flip=0.3, batch_size=16),
                       model=lambda: fd.SAGENet(hidden=64))  # fmt: skip


# vit: a tiny Vision Transformer (4x4 patches of 16x16 images embedded to 32, [CLS], learned positions, 2 pre-LN blocks of
# 4 heads with a GELU MLP, a linear head) classifying noisy images of 6 classes (gratings at 4 angles, a blob, a plus),
# cross-entropy; works at Adam 3e-3 (the held-out loss falls from ln 6 to ~0.25 in 400 steps); about 5-10 s a training


@case("vit-adam-lr-0p1-near-chance", "vit", "lr-high-chance", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return vit_family("adam", 0.1)


@case("vit-sgdm-lr-0p3-10x-log2", "vit", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return vit_family("sgdm", 0.3, log_every=2)


@case("vit-sgdm-lr-3-overflows-nan", "vit", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return vit_family("sgdm", 3.0)


@case("vit-adamw-warmup-cosine-peak-0p3", "vit", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return vit_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("vit-rmsprop-lr-0p03-30x-log4", "vit", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return vit_family("rmsprop", 0.03, log_every=4)


@case("vit-adam-lr-1e-4-30x-low", "vit", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vit_family("adam", 1e-4)


@case("vit-sgdm-lr-1e-3-30x-low-log3", "vit", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vit_family("sgdm", 1e-3, log_every=3)


@case("vit-sgd-summed-ce", "vit", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, VIT6, "ln 6"))
def _() -> Setup:
    return vit_family("sgd", 0.1, loss_fn=fd.vit_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("vit-adam-head-x300", "vit", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TinyViT), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, VIT6, "ln 6"))
def _() -> Setup:
    return vit_family("adam", 3e-3, model=lambda: scaled_head(fd.TinyViT(), 300, bias=True))


@case("vit-adam-exponential-1000x-in-40-steps", "vit", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return vit_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("vit-adam-missing-pixel-nan", "vit", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 187))
def _() -> Setup:
    return vit_family("adam", 3e-3, data=fd.vit_images(nan_rows=0.003))


@case("vit-adam-lr-0p01-no-warmup", "vit", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return vit_family("adam", 0.01)


@case("vit-sgd-lr-3-no-clip-explodes", "vit", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return vit_family("sgd", 3.0)


# fresh20 half: healthy look-alikes


@case("made-adam-warmup-cosine", "made", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return made_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("made-adamax-constant-log3", "made", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return made_family("adamax", 0.01, log_every=3)


@case("made-sgdm-cyclic-triangular2", "made", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return made_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("made-rmsprop-cosine-log4", "made", "healthy", like=("plateau", "lr-too-low", "premature-decay"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return made_family("rmsprop", 3e-3, log_every=4, schedule=cosine_after(0.0), schedule_name="cosine")


@case("made-adam-resumed-with-state", "made", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return made_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("espcn-adam-warmup-cosine", "espcn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return espcn_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("espcn-adam-step-decay-log2", "espcn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return espcn_family("adam", 3e-3, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("espcn-nadam-onecycle-log5", "espcn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return espcn_family("nadam", 3e-3, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("espcn-adagrad-cosine-log2", "espcn", "healthy", like=("plateau", "lr-too-low", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return espcn_family("adagrad", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("espcn-sgdm-sgdr-log4", "espcn", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return espcn_family("sgdm", 0.1, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("sage-adamw-warmup-cosine", "sage", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.SAGE_BLOCKS))
def _() -> Setup:
    return sage_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("sage-adamax-constant-log2", "sage", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.SAGE_BLOCKS))
def _() -> Setup:
    return sage_family("adamax", 0.01, log_every=2)


@case("sage-adam-plateau-log5", "sage", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.SAGE_BLOCKS))
def _() -> Setup:
    return sage_family("adam", 3e-3, log_every=5, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("sage-adam-resumed-with-state", "sage", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.SAGE_BLOCKS))
def _() -> Setup:
    return sage_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("sage-rmsprop-cosine-log3", "sage", "healthy", like=("plateau", "lr-too-low", "premature-decay"),
      shape=healthy_shape(fd.SAGE_BLOCKS))
def _() -> Setup:
    return sage_family("rmsprop", 3e-3, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("vit-adamw-warmup-cosine", "vit", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.VIT_CLASSES))
def _() -> Setup:
    return vit_family("adamw", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("vit-adam-linear-decay-long-avg20", "vit", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fd.VIT_CLASSES))
def _() -> Setup:
    return vit_family("adam", 3e-3, steps=800, log_every=20, average=True, eval_every=80, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("vit-sgdm-onecycle-log2", "vit", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.VIT_CLASSES))
def _() -> Setup:
    return vit_family("sgdm", 0.1, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("vit-adam-step-decay-log3", "vit", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.VIT_CLASSES))
def _() -> Setup:
    return vit_family("adam", 3e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("vit-adam-cosine-resumed-with-state", "vit", "healthy", like=("optimizer-reset",), shape=healthy_shape(fd.VIT_CLASSES))
def _() -> Setup:
    return vit_family("adam", 3e-3, schedule=cosine_after(0.0), schedule_name="cosine", recreate_optimizer_at=frozenset({200}),
                      keep_optimizer_state=True)  # fmt: skip


# fresh20 half, logged once per epoch


@case("espcn-adam-lr-0p1-per-epoch", "espcn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return espcn_family("adam", 0.1, steps=46 * 9, log_per_epoch=True, data=fd.sr_textures(train_rows=1500))


@case("vit-adam-256-noisy-images-overfits-per-epoch", "vit", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return vit_family("adam", 3e-3, steps=8 * 80, log_per_epoch=True, data=fd.vit_images(train_rows=256, flip=0.2))


@case("made-adam-cosine-per-epoch", "made", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return made_family("adam", 0.01, steps=62 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("made-nadam-per-epoch", "made", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.9))
def _() -> Setup:
    return made_family("nadam", 3e-3, steps=62 * 7, log_per_epoch=True)


@case("espcn-adam-cosine-per-epoch", "espcn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return espcn_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.sr_textures(train_rows=1500),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("espcn-radam-per-epoch", "espcn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return espcn_family("radam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.sr_textures(train_rows=1500))


@case("sage-adam-cosine-per-epoch", "sage", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SAGE_BLOCKS))
def _() -> Setup:
    return sage_family("adam", 0.01, steps=18 * 22, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("sage-radam-per-epoch", "sage", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SAGE_BLOCKS))
def _() -> Setup:
    return sage_family("radam", 0.01, steps=18 * 22, log_per_epoch=True)


@case("vit-adamw-warmup-cosine-per-epoch", "vit", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.VIT_CLASSES))
def _() -> Setup:
    return vit_family("adamw", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.vit_images(train_rows=1500),
                      schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("vit-adam-cosine-per-epoch", "vit", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.VIT_CLASSES))
def _() -> Setup:
    return vit_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.vit_images(train_rows=1500),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


# --------------------------------------------------------------------------- the twenty-first fresh half (fresh21, held out from all tuning)


def nerf_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the rendered pixels (mean over the rays)")
    knobs.setdefault("meta", {"model": "2-D NeRF-like field: positional encoding (4 frequencies), ReLU MLP 18-64-64-2, softplus density, 16 samples a ray, alpha-compositing",
                              "pixels": fd.NERF_PIXELS, "views": fd.NERF_VIEWS, "samples": fd.NERF_SAMPLES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.nerf_views(), knobs.pop("model", None) or fd.TinyNeRF2D, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def cvae_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.cvae_loss)
    knobs.setdefault("loss_name", "negative ELBO: BCE with logits summed over the 64 pixels + KL to N(0, I), mean over the batch")
    knobs.setdefault("meta", {"model": "conditional VAE: encoder 70-64-(2 x 4), decoder (4 + 6)-64-64-64, class one-hot conditioning",
                              "latent_dim": fd.CVAE_LATENT, "classes": fd.CVAE_CLASSES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cvae_glyphs(), knobs.pop("model", None) or fd.GlyphCVAE, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def seg1d_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy per time step")
    knobs.setdefault("meta", {"model": "1-D U-Net: 2 poolings, skip connections, widths 16-32-32, per-step head",
                              "length": fd.SEG_LENGTH, "classes": fd.SEG_CLASSES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.seg_signals(), knobs.pop("model", None) or fd.UNet1D, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def gru4rec_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.rec_ce)
    knobs.setdefault("loss_name", "cross_entropy of the next item, full softmax over 300 items")
    knobs.setdefault("meta", {"model": "GRU4Rec: item embedding 32, GRU 64, linear head to 300 items",
                              "items": fd.REC_ITEMS, "session_length": fd.REC_LENGTH})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.rec_sessions(), knobs.pop("model", None) or fd.GRU4Rec, optimizer, lr,
                      steps, **knobs)  # fmt: skip


NERF0, CVAE_START, SEG3, REC300 = fd.nerf_at_zero(), 64 * LN(2), LN(3), LN(300)
"""Where the families start and what a model that ignores its input reaches: a NeRF rendering nothing scores the mean
square of the exact pixels; a conditional VAE starts near 64 ln 2 (~44.4); the U-Net and GRU4Rec at chance, ln 3 and
ln 300."""


# nerf: a 2-D NeRF-like field (positional encoding of 4 frequencies, a ReLU MLP 18-64-64-2, softplus density and sigmoid
# intensity) rendering 1-D images of 32 pixels of three discs from 8 views by alpha-compositing 16 samples a ray, MSE of
# the pixels against the exact renders, validated on 8 views halfway between; works at Adam 3e-3-0.03 (the held-out
# MSE falls from ~0.15 to ~0.02 in 400 steps) and SGDm 0.3


@case("nerf-adam-lr-0p3-log2", "nerf", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return nerf_family("adam", 0.3, log_every=2)


@case("nerf-sgdm-lr-30-100x", "nerf", "lr-high-step1", cf=lr_to(0.3), cf_what="lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nerf_family("sgdm", 30.0)


@case("nerf-adamw-warmup-cosine-peak-1", "nerf", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return nerf_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("nerf-adam-lr-1e-4-100x-low", "nerf", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nerf_family("adam", 1e-4)


@case("nerf-asgd-lr-0p03-10x-low-log4", "nerf", "lr-low-asgd", cf=lr_to(0.3), cf_what="ASGD lr 0.3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return nerf_family("asgd", 0.03, log_every=4)


@case("nerf-sgdm-summed-mse", "nerf", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NERF0, "the mse of rendering nothing"))
def _() -> Setup:
    return nerf_family("sgdm", 0.3, loss_fn=fd.nerf_mse_summed, loss_name="squared error summed over the rays of the batch (reduction='sum')",
                       val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("nerf-adam-multistep-x0p1-at-5pct", "nerf", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return nerf_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("nerf-adam-exponential-1000x-in-40-steps", "nerf", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return nerf_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("nerf-adam-relative-se-by-hand-empty-rays", "nerf", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.nerf_relative_se), cf_what="the relative error of the batch as a whole (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 50))
def _() -> Setup:
    return nerf_family("adam", 0.01, loss_fn=fd.nerf_relative_se_by_hand, val_loss_fn=F.mse_loss, safe_loss_fn=fd.nerf_relative_se,
                       loss_name="relative squared error by hand, (out - y)^2 / y^2 per ray, mean")  # fmt: skip


@case("nerf-adam-missing-origin-nan", "nerf", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rays with a missing origin dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return nerf_family("adam", 0.01, data=fd.nerf_views(nan_rays=0.01))


@case("nerf-adam-fc-dead-at-init", "nerf", "dead-units",
      cf=lambda s: replace(s, model=fd.TinyNeRF2D), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return nerf_family("adam", 0.01, model=lambda: fd.TinyNeRF2D(dead_bias=-30.0), track_zero_grads=True)


@case("nerf-adam-lr-0p03-recreated-each-epoch", "nerf", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return nerf_family("adam", 0.03, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("nerf-adam-lr-0p1-no-warmup", "nerf", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return nerf_family("adam", 0.1)


# cvae: a conditional VAE (encoder 70-64 to a 4-d Gaussian, decoder (4 + 6)-64-64 to 64 Bernoulli logits, conditioned on
# the class one-hot) of 8x8 binary glyphs of 6 classes, the negative ELBO per glyph (BCE summed over the pixels + KL,
# mean over the batch; it starts near 64 ln 2 = 44.4); works at Adam 0.01 (the held-out loss falls to ~22 in 400 steps,
# still falling) and 3e-3 (~25); Adam 0.03-0.1 and SGDm 0.03-0.3 sit at ~29-34 (the class's mean glyph), SGDm 1 NaN


@case("cvae-adam-lr-0p3-log2", "cvae", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cvae_family("adam", 0.3, log_every=2)


@case("cvae-sgdm-lr-1-overflows-nan", "cvae", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=first_nan, tol=400, shape=nan_within(1, 400))
def _() -> Setup:
    return cvae_family("sgdm", 1.0)


@case("cvae-radam-warmup-cosine-peak-1", "cvae", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cvae_family("radam", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("cvae-adam-exponential-gamma-1p02", "cvae", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cvae_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("cvae-adam-lr-1e-4-100x-low", "cvae", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cvae_family("adam", 1e-4)


@case("cvae-adagrad-lr-1e-3-100x-low-log5", "cvae", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cvae_family("adagrad", 1e-3, log_every=5)


@case("cvae-sgdm-summed-elbo", "cvae", "summed",
      cf=lambda s: replace(s, loss_fn=fd.cvae_loss, loss_name="negative ELBO per glyph (mean over the batch)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(20, CVAE_START, "64 ln 2"))
def _() -> Setup:
    return cvae_family("sgdm", 0.03, loss_fn=fd.cvae_loss_summed, loss_name="negative ELBO summed over the batch (reduction='sum')",
                       val_loss_fn=fd.cvae_loss, mean_loss_fn=fd.cvae_loss)  # fmt: skip


@case("cvae-adam-head-x300", "cvae", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GlyphCVAE), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CVAE_START, "64 ln 2"))
def _() -> Setup:
    return cvae_family("adam", 0.01, model=lambda: scaled_head(fd.GlyphCVAE(), 300, bias=True))


@case("cvae-adam-multistep-x0p1-at-5pct", "cvae", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return cvae_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("cvae-adam-class-balanced-by-hand", "cvae", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.cvae_class_balanced), cf_what="the classes present in the batch only (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 100))
def _() -> Setup:
    return cvae_family("adam", 0.01, data=fd.cvae_glyphs(batch_size=16), loss_fn=fd.cvae_class_balanced_by_hand,
                       val_loss_fn=fd.cvae_loss, safe_loss_fn=fd.cvae_class_balanced,
                       loss_name="class-balanced negative ELBO by hand: each class's summed loss / its count in the batch, mean over the 6 classes")  # fmt: skip


@case("cvae-adam-missing-pixel-nan", "cvae", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the glyphs with a missing pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return cvae_family("adam", 0.01, data=fd.cvae_glyphs(nan_rows=0.003))


@case("cvae-adam-200-noisy-glyphs-overfits", "cvae", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return cvae_family("adam", 0.01, steps=1000, eval_every=50, data=fd.cvae_glyphs(train_rows=200, flip=0.3, batch_size=16),
                       model=lambda: fd.GlyphCVAE(hidden=256))  # fmt: skip


# seg1d: a 1-D U-Net (widths 16-32-32, two poolings, skip connections, a per-step head) labelling each of 64 time steps
# of noisy signals as a flat stretch, a burst or a chirp, cross-entropy per step (ln 3 at init); works at Adam 0.01 (the
# held-out loss falls to ~0.31 in 400 steps) and SGDm 0.1 (~0.31); about 2.5-6 s a training


@case("seg1d-adam-lr-0p3-log2", "seg1d", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return seg1d_family("adam", 0.3, log_every=2)


@case("seg1d-sgdm-lr-10-100x", "seg1d", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return seg1d_family("sgdm", 10.0)


@case("seg1d-sgd-warmup-cosine-peak-30", "seg1d", "lr-high-ramp", cf=lr_to(0.3), cf_what="peak lr 0.3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return seg1d_family("sgd", 30.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("seg1d-nadam-cyclic-peak-0p3", "seg1d", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return seg1d_family("nadam", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("seg1d-adam-lr-1e-4-100x-low", "seg1d", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return seg1d_family("adam", 1e-4)


@case("seg1d-sgdm-lr-1e-3-100x-low-log3", "seg1d", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return seg1d_family("sgdm", 1e-3, log_every=3)


@case("seg1d-sgd-summed-ce", "seg1d", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SEG3, "ln 3"))
def _() -> Setup:
    return seg1d_family("sgd", 0.1, loss_fn=fd.seg_ce_summed, loss_name="cross_entropy summed over the steps and the batch (reduction='sum')",
                        val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("seg1d-adam-head-x300", "seg1d", "last-layer-init",
      cf=lambda s: replace(s, model=fd.UNet1D), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SEG3, "ln 3"))
def _() -> Setup:
    return seg1d_family("adam", 0.01, model=lambda: scaled_head(fd.UNet1D(), 300, bias=True))


@case("seg1d-adam-exponential-1000x-in-40-steps", "seg1d", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return seg1d_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("seg1d-adam-missing-sample-nan", "seg1d", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the signals with a missing sample dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return seg1d_family("adam", 0.01, data=fd.seg_signals(nan_rows=0.003))


@case("seg1d-adam-fc-dead-at-init", "seg1d", "dead-units",
      cf=lambda s: replace(s, model=fd.UNet1D), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return seg1d_family("adam", 0.01, model=lambda: fd.UNet1D(dead_bias=-30.0), track_zero_grads=True)


@case("seg1d-adam-lr-0p05-no-warmup", "seg1d", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return seg1d_family("adam", 0.05)


# gru4rec: GRU4Rec (item embeddings of 32, a GRU of 64, a linear head to a full softmax over 300 items) predicting the
# next click of sessions from a Markov chain over 300 items in 10 clusters, cross-entropy per click (ln 300 = 5.70 at
# init); works at Adam 3e-3 (the held-out loss falls to ~2.22 in 400 steps) and SGD 10 (~2.3); about 4-6 s a training


@case("gru4rec-adam-lr-0p1-log2", "gru4rec", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gru4rec_family("adam", 0.1, log_every=2)


@case("gru4rec-adamw-warmup-cosine-peak-0p3", "gru4rec", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gru4rec_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gru4rec-rmsprop-lr-0p1-100x-log4", "gru4rec", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gru4rec_family("rmsprop", 0.1, log_every=4)


@case("gru4rec-nadam-exponential-gamma-1p02", "gru4rec", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gru4rec_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("gru4rec-adam-lr-1e-4-30x-low", "gru4rec", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gru4rec_family("adam", 1e-4)


@case("gru4rec-sgdm-lr-1e-3-1000x-low-log3", "gru4rec", "lr-low-sgd", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gru4rec_family("sgdm", 1e-3, log_every=3)


@case("gru4rec-sgdm-summed-ce", "gru4rec", "summed",
      cf=lambda s: replace(s, loss_fn=fd.rec_ce, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, REC300, "ln 300"))
def _() -> Setup:
    return gru4rec_family("sgdm", 0.3, loss_fn=fd.rec_ce_summed, loss_name="cross_entropy summed over the clicks and the batch (reduction='sum')",
                          val_loss_fn=fd.rec_ce, mean_loss_fn=fd.rec_ce)  # fmt: skip


@case("gru4rec-adam-head-x300", "gru4rec", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GRU4Rec), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, REC300, "ln 300"))
def _() -> Setup:
    return gru4rec_family("adam", 3e-3, model=lambda: scaled_head(fd.GRU4Rec(), 300, bias=True))


@case("gru4rec-adam-multistep-x0p1-at-5pct", "gru4rec", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return gru4rec_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("gru4rec-adam-session-mean-by-hand-empty-sessions", "gru4rec", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.rec_ce), cf_what="the mean over every click with a target (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 100))
def _() -> Setup:
    return gru4rec_family("adam", 3e-3, data=fd.rec_sessions(empty_rows=0.01), loss_fn=fd.rec_session_mean_by_hand,
                          val_loss_fn=fd.rec_ce, safe_loss_fn=fd.rec_ce,
                          loss_name="each session's mean loss by hand (summed over its clicks / their count), mean over the sessions")  # fmt: skip


@case("gru4rec-adam-300-sessions-overfits", "gru4rec", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gru4rec_family("adam", 0.01, steps=1000, eval_every=50, data=fd.rec_sessions(train_rows=300, batch_size=16))


@case("gru4rec-sgd-lr-100-no-clip-explodes", "gru4rec", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return gru4rec_family("sgd", 100.0)


# fresh21 half: healthy look-alikes


@case("nerf-adam-warmup-cosine", "nerf", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return nerf_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("nerf-sgdm-onecycle-log2", "nerf", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return nerf_family("sgdm", 0.3, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("nerf-adamax-constant-log3", "nerf", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return nerf_family("adamax", 0.01, log_every=3)


@case("nerf-adam-resumed-with-state", "nerf", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return nerf_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("cvae-adam-warmup-cosine", "cvae", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return cvae_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("cvae-adagrad-cosine-log2", "cvae", "healthy", like=("plateau", "lr-too-low", "premature-decay"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return cvae_family("adagrad", 0.1, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("cvae-nadam-onecycle-log5", "cvae", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return cvae_family("nadam", 0.01, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("cvae-adam-resumed-with-state", "cvae", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return cvae_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("seg1d-adamw-warmup-cosine", "seg1d", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.SEG_CLASSES))
def _() -> Setup:
    return seg1d_family("adamw", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("seg1d-adam-step-decay-log2", "seg1d", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.SEG_CLASSES))
def _() -> Setup:
    return seg1d_family("adam", 0.01, log_every=2, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("seg1d-nesterov-sgdr-log4", "seg1d", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.SEG_CLASSES))
def _() -> Setup:
    return seg1d_family("sgdm", 0.1, log_every=4, opt_args={"nesterov": True}, schedule=warm_restarts(0.25),
                        schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")  # fmt: skip


@case("seg1d-adam-plateau-log5", "seg1d", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.SEG_CLASSES))
def _() -> Setup:
    return seg1d_family("adam", 0.01, log_every=5, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("gru4rec-adam-warmup-cosine", "gru4rec", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fd.REC_ITEMS))
def _() -> Setup:
    return gru4rec_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("gru4rec-adam-linear-decay-avg10", "gru4rec", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fd.REC_ITEMS))
def _() -> Setup:
    return gru4rec_family("adam", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("gru4rec-adamax-constant-log3", "gru4rec", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fd.REC_ITEMS))
def _() -> Setup:
    return gru4rec_family("adamax", 0.01, log_every=3)


@case("gru4rec-sgd-cyclic-triangular2", "gru4rec", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape(fd.REC_ITEMS))
def _() -> Setup:
    return gru4rec_family("sgd", 10.0, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


# fresh21 half, logged once per epoch


@case("nerf-adam-lr-0p3-per-epoch", "nerf", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return nerf_family("adam", 0.3, steps=8 * 50, log_per_epoch=True)


@case("seg1d-adam-256-noisy-signals-overfits-per-epoch", "seg1d", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return seg1d_family("adam", 0.01, steps=8 * 80, log_per_epoch=True, data=fd.seg_signals(train_rows=256, flip=0.3),
                        model=lambda: fd.UNet1D(width=32))  # fmt: skip


@case("nerf-adam-cosine-per-epoch", "nerf", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return nerf_family("adam", 0.01, steps=8 * 50, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("nerf-adamw-warmup-cosine-per-epoch", "nerf", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return nerf_family("adamw", 0.01, steps=8 * 50, log_per_epoch=True, schedule=cosine_after(0.1),
                       schedule_name="linear warmup 10% + cosine")  # fmt: skip


@case("cvae-adam-cosine-per-epoch", "cvae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return cvae_family("adam", 0.01, steps=93 * 5, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("cvae-adamax-per-epoch", "cvae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.7))
def _() -> Setup:
    return cvae_family("adamax", 0.01, steps=93 * 5, log_per_epoch=True)


@case("seg1d-adam-cosine-per-epoch", "seg1d", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SEG_CLASSES))
def _() -> Setup:
    return seg1d_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.seg_signals(train_rows=1500),
                        schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("gru4rec-adam-cosine-per-epoch", "gru4rec", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.REC_ITEMS))
def _() -> Setup:
    return gru4rec_family("adam", 3e-3, steps=62 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gru4rec-nadam-per-epoch", "gru4rec", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.REC_ITEMS))
def _() -> Setup:
    return gru4rec_family("nadam", 3e-3, steps=62 * 7, log_per_epoch=True)


# --------------------------------------------------------------------------- the twenty-second fresh half (fresh22, held out from all tuning)


def convnext_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("meta", {"model": "tiny ConvNeXt: patchify stem 2x2 to 16 channels, 2 blocks (depthwise 7x7, LayerNorm, 4x GELU MLP, layer scale), pooled, ReLU 32, head",
                              "image_size": fd.CNX_SIZE, "classes": fd.CNX_CLASSES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.convnext_textures(), knobs.pop("model", None) or fd.TinyConvNeXt, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def simsiam_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.simsiam_loss)
    knobs.setdefault("loss_name", "SimSiam: symmetric negative cosine similarity of predictions and stop-gradient projections (min -1)")
    knobs.setdefault("meta", {"model": "SimSiam: encoder MLP 32-128-128 (BatchNorm) to a projection of 64, predictor 64-32-64",
                              "views": 2, "dim": fd.SIAM_DIM})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.siam_views(), knobs.pop("model", None) or fd.SimSiam, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def ncf_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.ncf_bce)
    knobs.setdefault("loss_name", "binary cross-entropy with logits (clicks against 4 sampled negatives each)")
    knobs.setdefault("meta", {"model": "NCF (MLP tower): user and item embeddings of 16, ReLU MLP 32-64-32, one logit",
                              "users": fd.NCF_USERS, "items": fd.NCF_ITEMS, "negatives_per_positive": fd.NCF_NEG})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ncf_interactions(), knobs.pop("model", None) or fd.NCF, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def lstmae_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the reconstructed sequence")
    knobs.setdefault("meta", {"model": "LSTM sequence autoencoder: encoder LSTM 32, linear code of 8, decoder LSTM 32 reading the code and the position, per-step head",
                              "length": fd.AE_LENGTH, "channels": fd.AE_CHANNELS, "code": fd.AE_LATENT})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ae_sequences(), knobs.pop("model", None) or fd.LSTMAutoencoder, optimizer,
                      lr, steps, **knobs)  # fmt: skip


LN6T, NCF_START, AE0 = LN(fd.CNX_CLASSES), LN(2), fd.ae_at_zero()
"""Where the families start: the ConvNeXt at chance, ln 6; NCF's binary cross-entropy at a logit of 0, ln 2 (the clicks'
own rate, 1 in 5, scores 0.500); the LSTM autoencoder near the mean square of the sequences (reconstructing 0). SimSiam's
negative cosine starts near 0 and can reach -1."""


# convnext: a tiny ConvNeXt (patchify stem to 8x8x16, two blocks of depthwise 7x7 conv, LayerNorm, a 4x GELU MLP and a
# layer scale, pooled, a ReLU layer, a head) classifying 16x16 noisy textures of 6 classes, cross-entropy (ln 6 at init);
# works at Adam 3e-3-0.01 (the held-out loss falls to ~0.02 in 400 steps) and SGDm 0.1 (~0.08); Adam 0.03 stays at ~1.37


@case("convnext-adam-lr-0p1-log2", "convnext", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return convnext_family("adam", 0.1, log_every=2)


@case("convnext-sgdm-lr-3-30x", "convnext", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return convnext_family("sgdm", 3.0)


@case("convnext-adamw-warmup-cosine-peak-0p3", "convnext", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return convnext_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("convnext-adam-lr-1e-4-30x-low", "convnext", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return convnext_family("adam", 1e-4)


@case("convnext-sgdm-lr-1e-3-100x-low-log3", "convnext", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return convnext_family("sgdm", 1e-3, log_every=3)


@case("convnext-sgdm-summed-ce", "convnext", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LN6T, "ln 6"))
def _() -> Setup:
    return convnext_family("sgdm", 0.1, loss_fn=fd.tex_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                           val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("convnext-adam-head-x300", "convnext", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TinyConvNeXt), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LN6T, "ln 6"))
def _() -> Setup:
    return convnext_family("adam", 3e-3, model=lambda: scaled_head(fd.TinyConvNeXt(), 300, bias=True))


@case("convnext-adam-multistep-x0p1-at-5pct", "convnext", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return convnext_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("convnext-adam-missing-pixel-nan", "convnext", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return convnext_family("adam", 3e-3, data=fd.convnext_textures(nan_rows=0.003))


@case("convnext-adam-fc-dead-at-init", "convnext", "dead-units",
      cf=lambda s: replace(s, model=fd.TinyConvNeXt), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return convnext_family("adam", 3e-3, model=lambda: fd.TinyConvNeXt(dead_bias=-30.0), track_zero_grads=True)


@case("convnext-adam-lr-0p01-recreated-every-8-steps", "convnext", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return convnext_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("convnext-nadam-cyclic-peak-0p1", "convnext", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return convnext_family("nadam", 0.1, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


# simsiam: SimSiam (an encoder MLP 32-128-128 with BatchNorm to a projection of 64, a predictor 64-32-64) on pairs of
# augmented views (25% of the features zeroed, scaled, noisy) of 32-d vectors around 12 prototypes; the symmetric negative
# cosine with a stop-gradient (about 0 at init, -1 at best); works at Adam 0.01 (the held-out loss falls to ~-0.89 in 400
# steps), SGDm 1-3 (~-0.89); BatchNorm and the scale-free loss keep it near -0.87 up to Adam 1 and SGD 1000


@case("simsiam-adam-lr-10-1000x", "simsiam", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return simsiam_family("adam", 10.0)


@case("simsiam-adam-lr-1e-4-100x-low", "simsiam", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return simsiam_family("adam", 1e-4)


@case("simsiam-sgdm-lr-0p01-100x-low-log3", "simsiam", "lr-low-sgd", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return simsiam_family("sgdm", 0.01, log_every=3)


@case("simsiam-adam-exponential-1000x-in-40-steps", "simsiam", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return simsiam_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("simsiam-adam-multistep-x0p1-at-5pct", "simsiam", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return simsiam_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("simsiam-adam-missing-feature-nan", "simsiam", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the pairs with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return simsiam_family("adam", 0.01, data=fd.siam_views(nan_rows=0.003))


@case("ncf-adam-lr-0p1-log2", "ncf", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ncf_family("adam", 0.1, log_every=2)


@case("ncf-rmsprop-lr-0p1-log4", "ncf", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ncf_family("rmsprop", 0.1, log_every=4)


@case("ncf-sgdm-lr-30", "ncf", "lr-high-step1", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ncf_family("sgdm", 30.0)


@case("ncf-nadam-exponential-gamma-1p02", "ncf", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ncf_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("ncf-adam-cyclic-peak-0p3", "ncf", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ncf_family("adam", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("ncf-adam-lr-1e-5-1000x-low", "ncf", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ncf_family("adam", 1e-5)


@case("ncf-adagrad-lr-1e-3-100x-low-log5", "ncf", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ncf_family("adagrad", 1e-3, log_every=5)


@case("ncf-sgdm-summed-bce", "ncf", "summed",
      cf=lambda s: replace(s, loss_fn=fd.ncf_bce, loss_name="binary cross-entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NCF_START, "ln 2"))
def _() -> Setup:
    return ncf_family("sgdm", 0.3, loss_fn=fd.ncf_bce_summed, loss_name="binary cross-entropy summed over the batch (reduction='sum')",
                      val_loss_fn=fd.ncf_bce, mean_loss_fn=fd.ncf_bce)  # fmt: skip


@case("ncf-adam-head-x1000", "ncf", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NCF), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, NCF_START, "ln 2"))
def _() -> Setup:
    return ncf_family("adam", 3e-3, model=lambda: scaled_head(fd.NCF(), 1000, bias=True))


@case("ncf-adam-multistep-x0p1-at-5pct", "ncf", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return ncf_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("ncf-adam-fc-dead-at-init", "ncf", "dead-units",
      cf=lambda s: replace(s, model=fd.NCF), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ncf_family("adam", 3e-3, model=lambda: fd.NCF(dead_bias=-30.0), track_zero_grads=True)


@case("ncf-adam-bce-per-click-by-hand-batches-of-8", "ncf", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.ncf_bce_per_click), cf_what="divided by at least 1 click (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 100))
def _() -> Setup:
    return ncf_family("adam", 3e-3, data=fd.ncf_interactions(batch_size=8), loss_fn=fd.ncf_bce_per_click_by_hand,
                      val_loss_fn=fd.ncf_bce, safe_loss_fn=fd.ncf_bce_per_click,
                      loss_name="binary cross-entropy summed over the batch / the batch's clicks, by hand")  # fmt: skip


@case("ncf-adam-2000-rows-overfits", "ncf", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ncf_family("adam", 0.01, steps=1000, eval_every=50, data=fd.ncf_interactions(train_rows=2000, batch_size=32),
                      model=lambda: fd.NCF(emb=64))  # fmt: skip


# lstmae: an LSTM sequence autoencoder (encoder LSTM 32, a linear code of 8, a decoder LSTM 32 reading the code and the
# position, a per-step head) of 16-step sequences of 4 lagged noisy channels of a sinusoid, MSE (~0.69 at init, the mean
# square of the sequences 0.67); works at Adam 0.01-0.03 (the held-out MSE falls to ~0.09-0.10 in 400 steps), 3e-3 ~0.20;
# Adam 0.1 stays at ~0.64


@case("lstmae-adam-lr-0p3-log2", "lstmae", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lstmae_family("adam", 0.3, log_every=2)


@case("lstmae-sgdm-lr-30", "lstmae", "lr-high-step1", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lstmae_family("sgdm", 30.0)


@case("lstmae-adamw-warmup-cosine-peak-1", "lstmae", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lstmae_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lstmae-adam-exponential-gamma-1p02", "lstmae", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lstmae_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("lstmae-adam-lr-1e-4-100x-low", "lstmae", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lstmae_family("adam", 1e-4)


@case("lstmae-rmsprop-lr-1e-4-30x-low-log3", "lstmae", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lstmae_family("rmsprop", 1e-4, log_every=3)


@case("lstmae-rmsprop-lr-0p1-30x-log4", "lstmae", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lstmae_family("rmsprop", 0.1, log_every=4)


@case("lstmae-sgdm-summed-mse", "lstmae", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, AE0, "the mean square of the sequences"))
def _() -> Setup:
    return lstmae_family("sgdm", 1.0, loss_fn=fd.ae_mse_summed, loss_name="squared error summed over the steps, channels and batch (reduction='sum')",
                         val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("lstmae-adam-head-x300", "lstmae", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LSTMAutoencoder), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, AE0, "the mean square of the sequences"))
def _() -> Setup:
    return lstmae_family("adam", 0.01, model=lambda: scaled_head(fd.LSTMAutoencoder(), 300, bias=True))


@case("lstmae-adam-multistep-x0p1-at-5pct", "lstmae", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return lstmae_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("lstmae-adam-exponential-1000x-in-40-steps", "lstmae", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return lstmae_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("lstmae-adam-normalised-mse-by-hand-idle-sequences", "lstmae", "nan-div0",
      cf=lambda s: replace(s, loss_fn=fd.ae_normalised_mse), cf_what="the batch's error over the batch's variance (the safe loss)",
      must=("non-finite-loss",), may=("lr-too-high", "exploding-gradients"), fault_step=first_nan, tol=10,
      shape=nan_within(1, 100))
def _() -> Setup:
    return lstmae_family("adam", 0.01, data=fd.ae_sequences(idle_rows=0.01), loss_fn=fd.ae_normalised_mse_by_hand,
                         val_loss_fn=F.mse_loss, safe_loss_fn=fd.ae_normalised_mse,
                         loss_name="each sequence's mse over its own variance by hand, mean over the batch")  # fmt: skip


@case("lstmae-adam-missing-reading-nan", "lstmae", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing reading dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return lstmae_family("adam", 0.01, data=fd.ae_sequences(nan_rows=0.003))


@case("lstmae-sgd-lr-10-no-clip-explodes", "lstmae", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return lstmae_family("sgd", 10.0)


@case("lstmae-adamw-lr-0p1-no-warmup", "lstmae", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return lstmae_family("adamw", 0.1)


@case("lstmae-adam-lr-0p03-recreated-every-8-steps", "lstmae", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return lstmae_family("adam", 0.03, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("lstmae-adam-lr-0p1-no-warmup", "lstmae", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return lstmae_family("adam", 0.1)


# fresh22 half: healthy look-alikes


@case("convnext-nesterov-onecycle-log2", "convnext", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.CNX_CLASSES))
def _() -> Setup:
    return convnext_family("sgdm", 0.1, log_every=2, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("convnext-adam-step-decay-log4", "convnext", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.CNX_CLASSES))
def _() -> Setup:
    return convnext_family("adam", 0.01, log_every=4, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("convnext-radam-cosine-log3", "convnext", "healthy", like=("plateau", "lr-too-low", "premature-decay"),
      shape=healthy_shape(fd.CNX_CLASSES))
def _() -> Setup:
    return convnext_family("radam", 0.03, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("simsiam-sgdm-warmup-cosine", "simsiam", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return simsiam_family("sgdm", 1.0, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("simsiam-adam-cosine-log2", "simsiam", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return simsiam_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("simsiam-adamw-constant-log3", "simsiam", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return simsiam_family("adamw", 0.01, log_every=3)


@case("simsiam-adam-resumed-with-state", "simsiam", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return simsiam_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("simsiam-sgd-cyclic-triangular2", "simsiam", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return simsiam_family("sgd", 3.0, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("ncf-adam-warmup-cosine", "ncf", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return ncf_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ncf-adagrad-constant-log3", "ncf", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return ncf_family("adagrad", 0.1, log_every=3)


@case("ncf-adam-onecycle-log2", "ncf", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return ncf_family("adam", 0.01, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


@case("ncf-adam-linear-decay-avg10", "ncf", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return ncf_family("adam", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("ncf-adam-resumed-with-state", "ncf", "healthy", like=("optimizer-reset",), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return ncf_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("lstmae-adam-warmup-cosine", "lstmae", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return lstmae_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("lstmae-nadam-onecycle-log5", "lstmae", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return lstmae_family("nadam", 0.01, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("lstmae-adam-plateau-log2", "lstmae", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return lstmae_family("adam", 0.01, log_every=2, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("lstmae-adam-sgdr-log4", "lstmae", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return lstmae_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("lstmae-adamax-step-decay-log3", "lstmae", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return lstmae_family("adamax", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


# fresh22 half, logged once per epoch


@case("convnext-adam-lr-0p1-per-epoch", "convnext", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return convnext_family("adam", 0.1, steps=32 * 12, log_per_epoch=True, data=fd.convnext_textures(train_rows=1024))


@case("convnext-adam-256-noisy-images-overfits-per-epoch", "convnext", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return convnext_family("adam", 0.01, steps=8 * 60, log_per_epoch=True, data=fd.convnext_textures(train_rows=256, flip=0.3))


@case("ncf-adam-4096-rows-overfits-per-epoch", "ncf", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return ncf_family("adam", 1e-3, steps=32 * 25, log_per_epoch=True, data=fd.ncf_interactions(train_rows=4096),
                      model=lambda: fd.NCF(emb=64))  # fmt: skip


@case("convnext-adam-cosine-per-epoch", "convnext", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.CNX_CLASSES))
def _() -> Setup:
    return convnext_family("adam", 0.01, steps=93 * 5, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("simsiam-adam-cosine-per-epoch", "simsiam", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return simsiam_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("simsiam-adamax-per-epoch", "simsiam", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return simsiam_family("adamax", 0.01, steps=46 * 9, log_per_epoch=True)


@case("ncf-adam-cosine-per-epoch", "ncf", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return ncf_family("adam", 3e-3, steps=58 * 5, log_per_epoch=True, data=fd.ncf_interactions(batch_size=512),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("ncf-nadam-per-epoch", "ncf", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return ncf_family("nadam", 0.01, steps=58 * 5, log_per_epoch=True, data=fd.ncf_interactions(batch_size=512))


@case("lstmae-adam-cosine-per-epoch", "lstmae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return lstmae_family("adam", 0.03, steps=93 * 5, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("lstmae-adamax-per-epoch", "lstmae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return lstmae_family("adamax", 0.03, steps=93 * 5, log_per_epoch=True)


# --------------------------------------------------------------------------- the twenty-third fresh half (fresh23, held out from all tuning)


def arcface_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.arcface_loss)
    knobs.setdefault("loss_name", "ArcFace: cross-entropy of s cos(theta + m) for the true identity and s cos(theta) for the others, s = 30, m = 0.3")
    knobs.setdefault("meta", {"model": "ArcFace: embedding MLP 32-128-128 (ReLU), bias-free linear to 64, L2-normalised; 20 normalised class centres",
                              "identities": fd.ARC_IDS, "scale": fd.ARC_SCALE, "margin": fd.ARC_MARGIN})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.arc_identities(), knobs.pop("model", None) or fd.ArcFaceNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def lista_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the recovered sparse code")
    knobs.setdefault("meta", {"model": "LISTA: 5 unrolled ISTA layers, shared W (32 -> 64) and S (64 -> 64), learned thresholds, a linear head",
                              "measurements": fd.LISTA_OBS, "atoms": fd.LISTA_ATOMS, "nonzeros": fd.LISTA_K})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.lista_codes(), knobs.pop("model", None) or fd.LISTA, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def tpp_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.tpp_nll)
    knobs.setdefault("loss_name", "negative log-likelihood per event of the next inter-event time (a mixture of 3 log-normals)")
    knobs.setdefault("meta", {"model": "neural TPP: GRU 32 over the log intervals, ReLU 32, head to a mixture of 3 log-normals",
                              "events": fd.TPP_EVENTS, "mixture": fd.TPP_MIX})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tpp_sequences(), knobs.pop("model", None) or fd.NeuralTPP, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def gumbel_family(optimizer: str, lr: float, steps: int = 600, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_fn", fd.gumbel_elbo)
    knobs.setdefault("loss_name", "negative ELBO: BCE summed over the 64 pixels + KL(q || uniform) of the categorical latents")
    knobs.setdefault("meta", {"model": "categorical VAE: encoder MLP 64-128-128 to 8 latents of 8 categories, straight-through Gumbel-softmax (temperature 1 -> 0.5), decoder MLP 64-128-64",
                              "latents": fd.GUMBEL_LATENTS, "categories": fd.GUMBEL_CATS, "image_size": fd.GUMBEL_SIZE})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gumbel_bars(), knobs.pop("model", None) or fd.GumbelVAE, optimizer, lr,
                      steps, **knobs)  # fmt: skip


ARC0, LISTA0, TPP0, GUMBEL0 = fd.arcface_at_init(), fd.lista_at_zero(), fd.tpp_at_init(), 64 * LN(2)
"""Where the families start: ArcFace at cosines of 0, ln(19 + e^-9) + 30 sin 0.3 = 11.8 (far above ln 20 = 3.0 by design);
LISTA near the mean square of the codes (the all-zero code); the point process near the NLL of one standard log-normal;
the categorical VAE at 64 ln 2 (every pixel at a logit of 0, the latents uniform)."""


# arcface: an embedding MLP (32-128-128 ReLU, a bias-free linear to 64, normalised) with ArcFace's additive angular margin
# (s = 30, m = 0.3) over 20 synthetic identities; ~17 at step 1; works at Adam 1e-3-0.01 (the held-out loss ~1.1-1.2),
# SGDm 0.1 (~1.1); Adam 10 and SGDm 10 stay at ~9-12, SGD 1 at ~7


@case("arcface-adam-lr-10-log2", "arcface", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return arcface_family("adam", 10.0, log_every=2)


@case("arcface-sgdm-lr-10-100x", "arcface", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return arcface_family("sgdm", 10.0)


@case("arcface-sgdm-warmup-cosine-peak-10", "arcface", "lr-high-ramp", cf=lr_to(0.1), cf_what="peak lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return arcface_family("sgdm", 10.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("arcface-adam-exponential-gamma-1p02", "arcface", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return arcface_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("arcface-adam-lr-1e-5-300x-low", "arcface", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return arcface_family("adam", 1e-5)


@case("arcface-sgdm-lr-1e-3-100x-low-log3", "arcface", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return arcface_family("sgdm", 1e-3, log_every=3)


@case("arcface-sgdm-summed-loss", "arcface", "summed",
      cf=lambda s: replace(s, loss_fn=fd.arcface_loss, loss_name="ArcFace (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ARC0, "ArcFace's loss at cosines of 0"))
def _() -> Setup:
    return arcface_family("sgdm", 0.1, loss_fn=fd.arcface_loss_summed, loss_name="ArcFace summed over the batch (reduction='sum')",
                          val_loss_fn=fd.arcface_loss, mean_loss_fn=fd.arcface_loss)  # fmt: skip


@case("arcface-adam-multistep-x0p1-at-5pct", "arcface", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return arcface_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("arcface-adam-missing-feature-nan", "arcface", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the samples with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return arcface_family("adam", 3e-3, data=fd.arc_identities(nan_rows=0.003))


@case("arcface-adam-fc-dead-at-init", "arcface", "dead-units",
      cf=lambda s: replace(s, model=fd.ArcFaceNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return arcface_family("adam", 3e-3, model=lambda: fd.ArcFaceNet(dead_bias=-30.0), track_zero_grads=True)


@case("arcface-adam-lr-0p01-recreated-every-8-steps", "arcface", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return arcface_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("arcface-sgd-lr-1", "arcface", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return arcface_family("sgd", 1.0)


# lista: LISTA (5 unrolled ISTA layers, shared W and S, learned thresholds, a linear head from the identity) recovering
# 64-atom codes with 4 nonzeros from 32 noisy measurements, MSE (~0.096 at step 1, the all-zero code 0.066); works at
# Adam 0.01-0.03 (the held-out MSE ~0.009-0.011 in 400 steps), SGDm 3 (~0.017); Adam 0.1 blows up (3e7)


@case("lista-adam-lr-0p3-30x-log2", "lista", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return lista_family("adam", 0.3, log_every=2)


@case("lista-sgdm-lr-30", "lista", "lr-high-nan", cf=lr_to(3.0), cf_what="lr 3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lista_family("sgdm", 30.0)


@case("lista-adamw-warmup-cosine-peak-0p3", "lista", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lista_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("lista-nadam-cyclic-peak-0p3", "lista", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return lista_family("nadam", 0.3, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("lista-adam-lr-1e-4-100x-low", "lista", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lista_family("adam", 1e-4)


@case("lista-sgdm-lr-0p03-100x-low-log3", "lista", "lr-low-sgd", cf=lr_to(3.0), cf_what="lr 3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return lista_family("sgdm", 0.03, log_every=3)


@case("lista-sgdm-summed-mse", "lista", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, LISTA0, "the mean square of the codes"))
def _() -> Setup:
    return lista_family("sgdm", 3.0, loss_fn=fd.lista_mse_summed, loss_name="squared error summed over the atoms and batch (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("lista-adam-head-x300", "lista", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LISTA), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LISTA0, "the mean square of the codes"))
def _() -> Setup:
    return lista_family("adam", 0.01, model=lambda: scaled_head(fd.LISTA(), 300, bias=True))


@case("lista-adam-multistep-x0p1-at-5pct", "lista", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return lista_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("lista-adam-exponential-1000x-in-40-steps", "lista", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return lista_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("lista-adam-missing-reading-nan", "lista", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the measurements with a missing reading dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return lista_family("adam", 0.01, data=fd.lista_codes(nan_rows=0.003))


@case("lista-adam-lr-0p03-recreated-every-8-steps", "lista", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return lista_family("adam", 0.03, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# tpp: an intensity-free neural temporal point process (a GRU 32 over the log intervals, a ReLU layer, a mixture of 3
# log-normals for the next interval) on a regime-switching renewal process, NLL per event (~1.05 at step 1, below 0 when
# trained); works at Adam 3e-3-0.1 and SGDm 0.1 (the held-out NLL ~-0.72 to -0.73 in 400 steps); Adam 0.3, SGDm 1 and
# RMSprop 0.1 collapse to ~2.39


@case("tpp-adam-lr-1-100x-log2", "tpp", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tpp_family("adam", 1.0, log_every=2)


@case("tpp-sgdm-lr-3-30x", "tpp", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tpp_family("sgdm", 3.0)


@case("tpp-rmsprop-lr-0p1-log4", "tpp", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tpp_family("rmsprop", 0.1, log_every=4)


@case("tpp-adam-exponential-gamma-1p02", "tpp", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tpp_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("tpp-adamw-warmup-cosine-peak-1", "tpp", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tpp_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("tpp-adam-lr-1e-4-100x-low", "tpp", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tpp_family("adam", 1e-4)


@case("tpp-adagrad-lr-1e-3-100x-low-log5", "tpp", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tpp_family("adagrad", 1e-3, log_every=5)


@case("tpp-sgdm-summed-nll", "tpp", "summed",
      cf=lambda s: replace(s, loss_fn=fd.tpp_nll, loss_name="NLL per event (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TPP0, "the NLL of one standard log-normal"))
def _() -> Setup:
    return tpp_family("sgdm", 0.1, loss_fn=fd.tpp_nll_summed, loss_name="NLL summed over the events and sequences (reduction='sum')",
                      val_loss_fn=fd.tpp_nll, mean_loss_fn=fd.tpp_nll)  # fmt: skip


@case("tpp-adam-head-x300", "tpp", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NeuralTPP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, TPP0, "the NLL of one standard log-normal"))
def _() -> Setup:
    return tpp_family("adam", 0.01, model=lambda: scaled_head(fd.NeuralTPP(), 300, bias=True))


@case("tpp-adam-multistep-x0p1-at-5pct", "tpp", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return tpp_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("tpp-adam-exponential-1000x-in-40-steps", "tpp", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return tpp_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("tpp-adam-duplicate-timestamps-log0", "tpp", "nan-log0", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a duplicate time stamp dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return tpp_family("adam", 0.01, data=fd.tpp_sequences(dup_rows=0.01))


@case("tpp-adam-missing-timestamp-nan", "tpp", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing time stamp dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return tpp_family("adam", 0.01, data=fd.tpp_sequences(nan_rows=0.005))


@case("tpp-adam-fc-dead-at-init", "tpp", "dead-units",
      cf=lambda s: replace(s, model=fd.NeuralTPP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return tpp_family("adam", 0.01, model=lambda: fd.NeuralTPP(dead_bias=-30.0), track_zero_grads=True)


@case("tpp-adam-lr-0p3-no-warmup", "tpp", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return tpp_family("adam", 0.3)


@case("tpp-adamw-lr-0p3-no-warmup", "tpp", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return tpp_family("adamw", 0.3)


@case("tpp-sgd-lr-3-no-clip-explodes", "tpp", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return tpp_family("sgd", 3.0)


@case("tpp-adam-16-sequences-overfits", "tpp", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return tpp_family("adam", 3e-3, steps=800, eval_every=40, data=fd.tpp_sequences(train_rows=16, batch_size=8),
                      model=lambda: fd.NeuralTPP(hidden=128))  # fmt: skip


# gumbel: a categorical VAE (encoder MLP 64-128-128 to 8 latents of 8 categories, straight-through Gumbel-softmax annealed
# from temperature 1 to 0.5, decoder MLP 64-128-64) of 8x8 binary bar images, the negative ELBO (64 ln 2 = 44.4 at step 1;
# the mean image alone ~36); works at Adam 3e-3 (the held-out negative ELBO ~20-27 in 600 steps, still falling), 0.01
# ~31; Adam 0.03 stays at ~39 and SGD (with or without momentum, lr 0.1-3) at the mean image's ~38-39


@case("gumbel-adam-lr-0p3-100x-log2", "gumbel", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=600, shape=anything)
def _() -> Setup:
    return gumbel_family("adam", 0.3, log_every=2)


@case("gumbel-rmsprop-lr-0p1-log4", "gumbel", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return gumbel_family("rmsprop", 0.1, log_every=4)


@case("gumbel-adamw-warmup-cosine-peak-0p3", "gumbel", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return gumbel_family("adamw", 0.3, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gumbel-nadam-exponential-gamma-1p02", "gumbel", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=600, shape=anything)
def _() -> Setup:
    return gumbel_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("gumbel-adam-lr-1e-5-300x-low", "gumbel", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=600, shape=still_falling)
def _() -> Setup:
    return gumbel_family("adam", 1e-5)


@case("gumbel-adam-head-x300", "gumbel", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GumbelVAE), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GUMBEL0, "64 ln 2"))
def _() -> Setup:
    return gumbel_family("adam", 3e-3, model=lambda: scaled_head(fd.GumbelVAE(), 300, bias=True))


@case("gumbel-adam-multistep-x0p1-at-5pct", "gumbel", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=31, tol=100, shape=lr_down_by(0.11, 35))
def _() -> Setup:
    return gumbel_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("gumbel-adam-missing-pixel-nan", "gumbel", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a missing pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return gumbel_family("adam", 3e-3, data=fd.gumbel_bars(nan_rows=0.003))


@case("gumbel-adam-lr-3e-3-recreated-every-8-steps", "gumbel", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return gumbel_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 600, 8)))


# fresh23 half: healthy look-alikes


@case("arcface-adam-cosine-log2", "arcface", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return arcface_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("arcface-nesterov-onecycle", "arcface", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return arcface_family("sgdm", 0.3, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("arcface-rmsprop-constant-log3", "arcface", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return arcface_family("rmsprop", 1e-3, log_every=3)


@case("arcface-adam-resumed-with-state", "arcface", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return arcface_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("lista-adam-warmup-cosine", "lista", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return lista_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("lista-adam-sgdr-log4", "lista", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return lista_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("lista-nadam-onecycle-log5", "lista", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return lista_family("nadam", 0.03, log_every=5, schedule=one_cycle, schedule_name="OneCycleLR")


@case("lista-adamax-step-decay-log3", "lista", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return lista_family("adamax", 0.03, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("lista-sgdm-cyclic-triangular2", "lista", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return lista_family("sgdm", 3.0, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("tpp-adam-linear-decay-avg10", "tpp", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("adam", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("tpp-adam-plateau-log2", "tpp", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("adam", 0.01, log_every=2, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("tpp-radam-cosine-log3", "tpp", "healthy", like=("plateau", "lr-too-low", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("radam", 0.01, log_every=3, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tpp-sgdm-constant-log3", "tpp", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("sgdm", 0.1, log_every=3)


@case("tpp-adam-resumed-with-state", "tpp", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("tpp-adagrad-constant-log2", "tpp", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("adagrad", 0.1, log_every=2)


@case("gumbel-adam-warmup-cosine", "gumbel", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gumbel_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("gumbel-adam-step-decay-log4", "gumbel", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gumbel_family("adam", 3e-3, log_every=4, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("gumbel-nadam-onecycle-log2", "gumbel", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gumbel_family("nadam", 3e-3, log_every=2, schedule=one_cycle, schedule_name="OneCycleLR")


# fresh23 half, logged once per epoch


@case("arcface-adam-lr-10-per-epoch", "arcface", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return arcface_family("adam", 10.0, steps=46 * 9, log_per_epoch=True)


@case("arcface-adam-256-noisy-samples-overfits-per-epoch", "arcface", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return arcface_family("adam", 3e-3, steps=4 * 100, log_per_epoch=True, data=fd.arc_identities(train_rows=256, flip=0.3))


@case("gumbel-adam-32-images-overfits-per-epoch", "gumbel", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return gumbel_family("adam", 3e-3, steps=2 * 300, log_per_epoch=True, data=fd.gumbel_bars(train_rows=32, batch_size=16),
                         model=lambda: fd.GumbelVAE(hidden=512))  # fmt: skip


@case("tpp-adam-32-sequences-overfits-per-epoch", "tpp", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return tpp_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.tpp_sequences(train_rows=32, batch_size=8),
                      model=lambda: fd.NeuralTPP(hidden=128))  # fmt: skip


@case("arcface-adam-cosine-per-epoch", "arcface", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return arcface_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("arcface-adamax-per-epoch", "arcface", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return arcface_family("adamax", 3e-3, steps=46 * 9, log_per_epoch=True)


@case("lista-adam-cosine-per-epoch", "lista", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return lista_family("adam", 0.03, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tpp-adam-cosine-per-epoch", "tpp", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("adam", 0.01, steps=62 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tpp-nadam-per-epoch", "tpp", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return tpp_family("nadam", 3e-3, steps=62 * 7, log_per_epoch=True)


@case("gumbel-adam-cosine-per-epoch", "gumbel", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gumbel_family("adam", 3e-3, steps=46 * 13, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("gumbel-adamax-per-epoch", "gumbel", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fall=0.75))
def _() -> Setup:
    return gumbel_family("adamax", 0.01, steps=46 * 13, log_per_epoch=True)


# --------------------------------------------------------------------------- the twenty-fourth fresh half (fresh24, held out from all tuning)


def snn_family(optimizer: str, lr: float, steps: int = 300, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 30)
    knobs.setdefault("loss_fn", cross_entropy)
    knobs.setdefault("loss_name", "cross_entropy of the output neurons' mean membrane potential")
    knobs.setdefault("meta", {"model": "spiking network: LIF neurons (beta 0.9, threshold 1, reset by subtraction), 40-64-64 spiking, a leaky non-spiking readout of 5; fast-sigmoid surrogate gradient",
                              "time_steps": fd.SNN_STEPS, "inputs": fd.SNN_IN})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.snn_spikes(), knobs.pop("model", None) or fd.SpikingNet, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def maml_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse at the query points after the inner adaptation (MAML's meta-loss)")
    knobs.setdefault("meta", {"model": "MAML of a 1-40-40-1 ReLU MLP on sinusoid regression: 1 inner SGD step (lr 0.05) on 10 support points, second order",
                              "shots": fd.MAML_SHOTS, "meta_batch_tasks": 16})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.maml_tasks(), knobs.pop("model", None) or fd.MAMLNet, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def tabnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", cross_entropy)
    knobs.setdefault("loss_name", "cross_entropy")
    knobs.setdefault("meta", {"model": "TabNet-like: 3 decision steps, sparsemax attentive masks, GLU feature transformers (shared + per step), BatchNorm, a ReLU layer and a linear head",
                              "features": fd.TAB_FEATURES})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tabnet_rows(), knobs.pop("model", None) or fd.TabNetLite, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def ntm_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.ntm_bce)
    knobs.setdefault("loss_name", "binary cross-entropy with logits per bit of the copied sequence")
    knobs.setdefault("meta", {"model": "Neural Turing Machine: LSTM controller 64, one read and one write head (content + location addressing), memory 16 x 8",
                              "bits": fd.NTM_BITS, "sequence_length": fd.NTM_LEN})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.ntm_copy(), knobs.pop("model", None) or fd.NTMCopy, optimizer, lr,
                      steps, **knobs)  # fmt: skip


SNN0, MAML0, TABNET0, NTM0 = LN(fd.SNN_CLASSES), fd.maml_at_zero(), LN(fd.TAB_CLASSES), LN(2)
"""Where the families start: the spiking network at ln 5 (its output potentials near 0 at init), MAML near the mean
square of the sinusoids (an untrained network predicts ~0 before and after one small inner step), the TabNet-like
classifier at ln 4, the Neural Turing Machine at ln 2 a bit."""


# snn: a spiking network (LIF neurons, 40-64-64 spiking, a leaky readout of 5, fast-sigmoid surrogate gradient) of
# rate- and latency-coded spike trains of 5 classes over 20 steps, cross-entropy of the mean output potential (ln 5 =
# 1.61 at step 1); works at Adam 1e-3-3e-3 (the held-out loss ~0.45 in 300 steps), SGDm 0.03 (~0.78, still falling);
# Adam 1 blows up (~20), SGDm 0.3 (~7)


@case("snn-adam-lr-1-log2", "snn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=300, shape=anything)
def _() -> Setup:
    return snn_family("adam", 1.0, log_every=2)


@case("snn-sgdm-lr-3-100x", "snn", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return snn_family("sgdm", 3.0)


@case("snn-adamw-warmup-cosine-peak-1", "snn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return snn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("snn-adam-exponential-gamma-1p02", "snn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=300, shape=anything)
def _() -> Setup:
    return snn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("snn-adam-lr-3e-5-100x-low", "snn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return snn_family("adam", 3e-5)


@case("snn-sgdm-lr-3e-4-100x-low-log3", "snn", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=300, shape=still_falling)
def _() -> Setup:
    return snn_family("sgdm", 3e-4, log_every=3)


@case("snn-sgdm-summed-ce", "snn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SNN0, "ln 5"))
def _() -> Setup:
    return snn_family("sgdm", 0.03, loss_fn=fd.snn_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("snn-adam-head-x300", "snn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SpikingNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SNN0, "ln 5"))
def _() -> Setup:
    return snn_family("adam", 3e-3, model=lambda: scaled_head(fd.SpikingNet(), 300, bias=True))


@case("snn-adam-multistep-x0p1-at-5pct", "snn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=16, tol=100, shape=lr_down_by(0.11, 20))
def _() -> Setup:
    return snn_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("snn-adam-exponential-1000x-in-40-steps", "snn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return snn_family("adam", 3e-3, schedule=exponential_to(1e-3, 40 / 300), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("snn-adam-lr-0p01-recreated-every-8-steps", "snn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return snn_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 300, 8)))


@case("snn-adam-128-samples-overfits", "snn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return snn_family("adam", 3e-3, steps=600, eval_every=30, data=fd.snn_spikes(train_rows=128, batch_size=32),
                      model=lambda: fd.SpikingNet(hidden=256))  # fmt: skip


# maml: MAML of a 1-40-40-1 ReLU MLP on sinusoid regression (amplitudes 0.5-3, 1 inner SGD step at 0.05 on 10 support
# points, second order, 16 tasks a meta-batch), the query MSE after adaptation (~1.6 at step 1); works at Adam 3e-3-0.03
# (the held-out MSE ~0.47-0.51 in 400 steps), SGD 0.1 (~0.57), SGDm 0.01-0.03 (~0.52-0.60); Adam 1 blows up (4e26),
# SGD 0.3 gives NaN (clipped at 1: 0.59)


@case("maml-adam-lr-1-100x-log2", "maml", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return maml_family("adam", 1.0, log_every=2)


@case("maml-sgdm-lr-1", "maml", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return maml_family("sgdm", 1.0)


@case("maml-nadam-cyclic-peak-1", "maml", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return maml_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("maml-adam-exponential-gamma-1p02", "maml", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return maml_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("maml-adam-lr-1e-4-100x-low", "maml", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return maml_family("adam", 1e-4)


@case("maml-sgd-lr-1e-3-100x-low-log4", "maml", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return maml_family("sgd", 1e-3, log_every=4)


@case("maml-sgdm-summed-mse", "maml", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, MAML0, "the mean square of the sinusoids"))
def _() -> Setup:
    return maml_family("sgdm", 0.03, loss_fn=fd.maml_mse_summed, loss_name="squared error summed over the query points and tasks (reduction='sum')",
                       val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("maml-adam-head-x300", "maml", "last-layer-init",
      cf=lambda s: replace(s, model=fd.MAMLNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, MAML0, "the mean square of the sinusoids"))
def _() -> Setup:
    return maml_family("adam", 0.01, model=lambda: scaled_head(fd.MAMLNet(), 300, bias=True))


@case("maml-adam-fc-dead-at-init", "maml", "dead-units",
      cf=lambda s: replace(s, model=fd.MAMLNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return maml_family("adam", 0.01, model=lambda: fd.MAMLNet(dead_bias=-30.0), track_zero_grads=True)


@case("maml-adam-multistep-x0p1-at-5pct", "maml", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return maml_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("maml-adam-exponential-1000x-in-40-steps", "maml", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return maml_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("maml-adam-missing-support-target-nan", "maml", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the tasks with a missing support target dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return maml_family("adam", 0.01, data=fd.maml_tasks(nan_rows=0.005))


@case("maml-adam-lr-0p01-recreated-every-8-steps", "maml", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return maml_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("maml-sgd-lr-0p3-no-clip-explodes", "maml", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return maml_family("sgd", 0.3)


# tabnet: a TabNet-like classifier (3 decision steps, sparsemax masks, GLU transformers with BatchNorm, a ReLU layer fc,
# a head) of tabular rows whose class follows two linear rules on 5 of 16 features, 5% of the labels random, cross-
# entropy (~1.43 at step 1, ln 4 = 1.39); works at Adam 3e-3-0.03 (the held-out loss ~0.47-0.57 in 400 steps, noisy from
# one evaluation to the next), SGDm 0.1 (~0.70); Adam 1 sits at chance (1.39), SGDm 10 jumps around ~4


@case("tabnet-adam-lr-1-100x-log2", "tabnet", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tabnet_family("adam", 1.0, log_every=2)


@case("tabnet-sgdm-lr-10-100x", "tabnet", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tabnet_family("sgdm", 10.0)


@case("tabnet-rmsprop-lr-0p3-log4", "tabnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tabnet_family("rmsprop", 0.3, log_every=4)


@case("tabnet-adamw-warmup-cosine-peak-1", "tabnet", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tabnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("tabnet-nadam-exponential-gamma-1p02", "tabnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tabnet_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("tabnet-adam-lr-3e-5-300x-low", "tabnet", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tabnet_family("adam", 3e-5)


@case("tabnet-adagrad-lr-1e-3-100x-low-log5", "tabnet", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tabnet_family("adagrad", 1e-3, log_every=5)


@case("tabnet-sgdm-summed-ce", "tabnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TABNET0, "ln 4"))
def _() -> Setup:
    return tabnet_family("sgdm", 0.1, loss_fn=fd.tabnet_ce_summed, loss_name="cross_entropy summed over the batch (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("tabnet-adam-head-x300", "tabnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.TabNetLite), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, TABNET0, "ln 4"))
def _() -> Setup:
    return tabnet_family("adam", 0.01, model=lambda: scaled_head(fd.TabNetLite(), 300, bias=True))


@case("tabnet-adam-fc-dead-at-init", "tabnet", "dead-units",
      cf=lambda s: replace(s, model=fd.TabNetLite), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return tabnet_family("adam", 0.01, model=lambda: fd.TabNetLite(dead_bias=-30.0), track_zero_grads=True)


@case("tabnet-adam-multistep-x0p1-at-5pct", "tabnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return tabnet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("tabnet-adam-missing-feature-nan", "tabnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return tabnet_family("adam", 0.01, data=fd.tabnet_rows(nan_rows=0.003))


# ntm: a Neural Turing Machine (an LSTM controller of 64, one write and one read head with content and location
# addressing on a memory of 16 x 8, a ReLU layer fc, a head) copying 5 random vectors of 6 bits, BCE per bit (ln 2 at
# step 1); works at Adam 0.01-0.03 (the held-out BCE 0.0002-0.2 in 400 steps: a sudden drop when it learns to address,
# at a step that varies with the seed), RMSprop 3e-3 (~0.40); Adam 0.1 stays at ~0.6


@case("ntm-adam-lr-1-30x-log2", "ntm", "lr-high-step1", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return ntm_family("adam", 1.0, log_every=2)


@case("ntm-rmsprop-lr-0p1-log4", "ntm", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ntm_family("rmsprop", 0.1, log_every=4)


@case("ntm-adamw-warmup-cosine-peak-1", "ntm", "lr-high-ramp", cf=lr_to(0.03), cf_what="peak lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return ntm_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("ntm-adam-lr-3e-4-100x-low", "ntm", "lr-low-adam", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return ntm_family("adam", 3e-4)


@case("ntm-sgdm-summed-bce", "ntm", "summed",
      cf=lambda s: replace(s, loss_fn=fd.ntm_bce, loss_name="BCE per bit (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, NTM0, "ln 2"))
def _() -> Setup:
    return ntm_family("sgdm", 0.3, loss_fn=fd.ntm_bce_summed, loss_name="BCE summed over the bits, steps and sequences (reduction='sum')",
                      val_loss_fn=fd.ntm_bce, mean_loss_fn=fd.ntm_bce)  # fmt: skip


@case("ntm-adam-head-x300", "ntm", "last-layer-init",
      cf=lambda s: replace(s, model=fd.NTMCopy), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, NTM0, "ln 2"))
def _() -> Setup:
    return ntm_family("adam", 0.03, model=lambda: scaled_head(fd.NTMCopy(), 300, bias=True))


@case("ntm-adam-fc-dead-at-init", "ntm", "dead-units",
      cf=lambda s: replace(s, model=fd.NTMCopy), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return ntm_family("adam", 0.03, model=lambda: fd.NTMCopy(dead_bias=-30.0), track_zero_grads=True)


@case("ntm-adam-missing-bit-nan", "ntm", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sequences with a missing bit dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return ntm_family("adam", 0.03, data=fd.ntm_copy(nan_rows=0.003))


@case("ntm-adam-lr-0p03-recreated-every-8-steps", "ntm", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return ntm_family("adam", 0.03, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("ntm-adam-lr-0p1-no-warmup", "ntm", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return ntm_family("adam", 0.1)


# fresh24 half: healthy look-alikes


@case("snn-adam-cosine-log2", "snn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.SNN_CLASSES))
def _() -> Setup:
    return snn_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("snn-nadam-onecycle", "snn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.SNN_CLASSES))
def _() -> Setup:
    return snn_family("nadam", 3e-3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("snn-adamax-step-decay-log3", "snn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape(fd.SNN_CLASSES))
def _() -> Setup:
    return snn_family("adamax", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("maml-adam-warmup-cosine", "maml", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return maml_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("maml-adam-sgdr-log4", "maml", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return maml_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("maml-sgdm-cyclic-triangular2", "maml", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return maml_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("maml-adam-plateau-log2", "maml", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return maml_family("adam", 0.01, log_every=2, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("maml-adam-resumed-with-state", "maml", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return maml_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("tabnet-adam-warmup-linear-avg10", "tabnet", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape(fd.TAB_CLASSES))
def _() -> Setup:
    return tabnet_family("adam", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                         schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("tabnet-adam-cosine-log2", "tabnet", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.TAB_CLASSES))
def _() -> Setup:
    return tabnet_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tabnet-nesterov-onecycle", "tabnet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape(fd.TAB_CLASSES))
def _() -> Setup:
    return tabnet_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("tabnet-ghost-bn-adam-step-decay-log4", "tabnet", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.TAB_CLASSES))
def _() -> Setup:
    return tabnet_family("adam", 0.01, log_every=4, model=lambda: fd.TabNetLite(virtual=32),
                         schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")  # fmt: skip


@case("ntm-adam-warmup-cosine", "ntm", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return ntm_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("ntm-adam-constant-log3", "ntm", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return ntm_family("adam", 0.03, log_every=3)


@case("ntm-adam-resumed-with-state", "ntm", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return ntm_family("adam", 0.03, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


# fresh24 half, logged once per epoch


@case("snn-adam-lr-1-per-epoch", "snn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return snn_family("adam", 1.0, steps=46 * 7, log_per_epoch=True)


@case("maml-adam-lr-1-per-epoch", "maml", "lr-high-step1", cf=lr_to(0.03), cf_what="Adam lr 0.03",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return maml_family("adam", 1.0, steps=25 * 16, log_per_epoch=True, data=fd.maml_tasks(train_rows=400))


@case("snn-adam-256-noisy-samples-overfits-per-epoch", "snn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return snn_family("adam", 3e-3, steps=8 * 60, log_per_epoch=True, data=fd.snn_spikes(train_rows=256, batch_size=32, flip=0.3),
                      model=lambda: fd.SpikingNet(hidden=256))  # fmt: skip


@case("snn-adam-cosine-per-epoch", "snn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SNN_CLASSES))
def _() -> Setup:
    return snn_family("adam", 3e-3, steps=46 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("snn-radam-per-epoch", "snn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.SNN_CLASSES))
def _() -> Setup:
    return snn_family("radam", 3e-3, steps=46 * 7, log_per_epoch=True)


@case("maml-adam-cosine-per-epoch", "maml", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return maml_family("adam", 0.03, steps=25 * 16, log_per_epoch=True, data=fd.maml_tasks(train_rows=400),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("maml-adamax-per-epoch", "maml", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return maml_family("adamax", 0.03, steps=25 * 16, log_per_epoch=True, data=fd.maml_tasks(train_rows=400))


@case("ntm-adam-per-epoch", "ntm", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return ntm_family("adam", 0.03, steps=30 * 13, log_per_epoch=True, data=fd.ntm_copy(train_rows=960))


# --------------------------------------------------------------------------- the twenty-fifth fresh half (fresh25, held out from all tuning)


def bandit_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.bandit_loss)
    knobs.setdefault("loss_name", "REINFORCE with a learned baseline: the pulled arm's regret (its gradient the score function's) plus the baseline's squared error")
    knobs.setdefault("val_loss_fn", fd.bandit_regret)
    knobs.setdefault("meta", {"model": "policy MLP 10-64-64 with an 8-arm softmax head and a value baseline, trained by REINFORCE on a contextual bandit",
                              "arms": fd.BANDIT_ARMS, "held_out": "expected regret of the policy on new contexts"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.bandit_contexts(), knobs.pop("model", None) or fd.BanditPolicy, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def dual_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dual_infonce)
    knobs.setdefault("loss_name", "CLIP's symmetric InfoNCE over the batch, learned temperature")
    knobs.setdefault("meta", {"model": "CLIP-style dual encoder: a 16-64-64-32 image tower and a 12-64-32 text tower, L2-normalised, a learned logit scale",
                              "embedding": fd.DUAL_EMBED, "batch_negatives": 63})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dual_pairs(), knobs.pop("model", None) or fd.DualEncoder, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def svdd_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.svdd_distance)
    knobs.setdefault("loss_name", "Deep SVDD one-class loss: mean squared distance of the code to the fixed centre")
    knobs.setdefault("meta", {"model": "Deep SVDD: a bias-free ReLU MLP 16-64-32-8, the centre the mean code at init",
                              "code": fd.SVDD_CODE})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.svdd_points(), knobs.pop("model", None) or fd.DeepSVDD, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def sinkhorn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.sinkhorn_loss)
    knobs.setdefault("loss_name", "entropic optimal-transport cost (30 log-domain Sinkhorn iterations, eps 0.05) between the predicted and the true point sets")
    knobs.setdefault("meta", {"model": "set decoder MLP 8-128-128-32 predicting 16 points of the plane",
                              "points": fd.SINK_POINTS, "sinkhorn_eps": fd.SINK_EPS})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.sinkhorn_shapes(), knobs.pop("model", None) or fd.SetDecoder, optimizer,
                      lr, steps, **knobs)  # fmt: skip


BANDIT0, DUAL0, SVDD0, SINK0 = fd.bandit_regret(torch.zeros(1, fd.BANDIT_ARMS + 1), fd.bandit_contexts().val_y).item(), LN(64), fd.svdd_at_init(), fd.sinkhorn_at_zero()
"""Where the families start: the bandit's policy near uniform (its expected regret, ~0.43), the dual encoder at chance
among the 64 pairs of a batch (ln 64, a bit above at the initial temperature), Deep SVDD at its init's spread around the
centre (~0.067), the set decoder near the cost of predicting every point at the origin (~1.07)."""


# bandit: REINFORCE with a learned baseline on a contextual bandit (10 features, 8 arms, Gaussian reward noise 0.1), the
# pulled arms' regret (~0.55 at step 1 with the baseline's error; uniform policy's expected regret 0.43); works at Adam
# 3e-3-0.01 (the expected regret held out ~0.10-0.11 in 400 steps), SGDm 0.03 (~0.13, still falling); Adam 1 sits at a
# fixed arm (0.42), SGDm 3 gives NaN


@case("bandit-adam-lr-1-log2", "bandit", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return bandit_family("adam", 1.0, log_every=2)


@case("bandit-sgdm-lr-3-100x", "bandit", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bandit_family("sgdm", 3.0)


@case("bandit-rmsprop-lr-0p3-log4", "bandit", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bandit_family("rmsprop", 0.3, log_every=4)


@case("bandit-adamw-warmup-cosine-peak-1", "bandit", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bandit_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("bandit-adam-exponential-gamma-1p02", "bandit", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return bandit_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("bandit-adam-lr-1e-4-100x-low", "bandit", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return bandit_family("adam", 1e-4)


@case("bandit-sgdm-summed", "bandit", "summed",
      cf=lambda s: replace(s, loss_fn=fd.bandit_loss, loss_name="REINFORCE loss (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BANDIT0, "the uniform policy's expected regret"))
def _() -> Setup:
    return bandit_family("sgdm", 0.03, loss_fn=fd.bandit_loss_summed, loss_name="REINFORCE loss summed over the batch (reduction='sum')",
                         mean_loss_fn=fd.bandit_loss)  # fmt: skip


@case("bandit-adam-fc-dead-at-init", "bandit", "dead-units",
      cf=lambda s: replace(s, model=fd.BanditPolicy), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return bandit_family("adam", 3e-3, model=lambda: fd.BanditPolicy(dead_bias=-30.0), track_zero_grads=True)


@case("bandit-adam-multistep-x0p1-at-5pct", "bandit", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return bandit_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("bandit-adam-missing-feature-nan", "bandit", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the contexts with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return bandit_family("adam", 3e-3, data=fd.bandit_contexts(nan_rows=0.003))


@case("bandit-adam-lr-0p03-recreated-every-8-steps", "bandit", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return bandit_family("adam", 0.03, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("bandit-adam-lr-0p05-no-warmup", "bandit", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return bandit_family("adam", 0.05)


# dual: a CLIP-style dual encoder (image tower 16-64-64-32, text tower 12-64-32, L2-normalised, a learned temperature) of
# paired views of a 6-D latent, symmetric InfoNCE over a batch of 64 (5.2 at step 1, ln 64 = 4.16); works at Adam 1e-3-0.01
# (the held-out InfoNCE ~0.21-0.28 in 400 steps, still falling), SGDm 0.03 (~0.23); Adam 1 recovers to ~0.36, SGDm 0.3
# and above stay at ln 64


@case("dual-adam-lr-1-log2", "dual", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dual_family("adam", 1.0, log_every=2)


@case("dual-sgdm-lr-3-100x", "dual", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dual_family("sgdm", 3.0)


@case("dual-nadam-cyclic-peak-1", "dual", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dual_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("dual-adam-exponential-gamma-1p02", "dual", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dual_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("dual-adam-lr-1e-5-300x-low", "dual", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dual_family("adam", 1e-5)


@case("dual-adagrad-lr-1e-3-100x-low-log5", "dual", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dual_family("adagrad", 1e-3, log_every=5)


@case("dual-sgdm-summed-infonce", "dual", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dual_infonce, loss_name="symmetric InfoNCE (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DUAL0, "ln 64"))
def _() -> Setup:
    return dual_family("sgdm", 0.03, loss_fn=fd.dual_infonce_summed, loss_name="symmetric InfoNCE summed over the batch (reduction='sum')",
                       val_loss_fn=fd.dual_infonce, mean_loss_fn=fd.dual_infonce)  # fmt: skip


@case("dual-adam-multistep-x0p1-at-5pct", "dual", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return dual_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("dual-adam-exponential-1000x-in-40-steps", "dual", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return dual_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("dual-adam-missing-text-feature-nan", "dual", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the pairs with a missing text feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dual_family("adam", 3e-3, data=fd.dual_pairs(nan_rows=0.003))


@case("dual-adam-lr-3e-3-recreated-every-8-steps", "dual", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return dual_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("dual-adam-128-pairs-overfits", "dual", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return dual_family("adam", 3e-3, steps=600, eval_every=30, data=fd.dual_pairs(train_rows=128, batch_size=64))


# svdd: Deep SVDD (a bias-free ReLU MLP 16-64-32-8, the centre the mean code at init) of normal points on a 6-D curved
# manifold in 16-D, the mean squared distance to the centre (~0.067 at step 1); works at Adam 3e-3-0.01 (~0.001 held out in
# 400 steps), SGDm 0.3-1 (~0.0011); Adam 1 kills every unit (0.08, the centre's square norm), RMSprop 0.3 blows up (~77)


@case("svdd-adam-lr-1-log2", "svdd", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return svdd_family("adam", 1.0, log_every=2)


@case("svdd-rmsprop-lr-0p3-log4", "svdd", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return svdd_family("rmsprop", 0.3, log_every=4)


@case("svdd-adamw-warmup-cosine-peak-1", "svdd", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return svdd_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("svdd-adam-exponential-gamma-1p02", "svdd", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return svdd_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("svdd-adam-lr-1e-5-1000x-low", "svdd", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return svdd_family("adam", 1e-5)


@case("svdd-sgd-lr-1e-4-log4", "svdd", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return svdd_family("sgd", 1e-4, log_every=4)


@case("svdd-sgdm-summed-distance", "svdd", "summed",
      cf=lambda s: replace(s, loss_fn=fd.svdd_distance, loss_name="mean squared distance (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SVDD0, "the init's mean squared distance"))
def _() -> Setup:
    return svdd_family("sgdm", 0.1, loss_fn=fd.svdd_distance_summed, loss_name="squared distance summed over the batch (reduction='sum')",
                       val_loss_fn=fd.svdd_distance, mean_loss_fn=fd.svdd_distance)  # fmt: skip


@case("svdd-adam-head-x300", "svdd", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DeepSVDD), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SVDD0, "the init's mean squared distance"))
def _() -> Setup:
    return svdd_family("adam", 0.01, model=lambda: scaled_head(fd.DeepSVDD(), 300))


@case("svdd-adam-fc-weights-negative-dead", "svdd", "dead-units",
      cf=lambda s: replace(s, model=fd.DeepSVDD), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return svdd_family("adam", 0.01, model=lambda: fd.DeepSVDD(dead=True), track_zero_grads=True)


@case("svdd-adam-multistep-x0p1-at-5pct", "svdd", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return svdd_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


# sinkhorn: a set decoder (MLP 8-128-128-32) predicting 16 points of a circle, a segment or two blobs from the shape's
# description, the entropic OT cost against the true points (~1.06 at step 1; predicting the origin: 1.07); works at Adam
# 3e-3-0.01 (~0.075-0.079 held out in 400 steps), SGDm 0.03-1 (0.127-0.083); Adam 1 gives NaN


@case("sinkhorn-adam-lr-1-log2", "sinkhorn", "lr-high-nan", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return sinkhorn_family("adam", 1.0, log_every=2)


@case("sinkhorn-sgdm-lr-30-30x", "sinkhorn", "lr-high-step1", cf=lr_to(1.0), cf_what="lr 1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sinkhorn_family("sgdm", 30.0)


@case("sinkhorn-adamw-warmup-cosine-peak-1", "sinkhorn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sinkhorn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("sinkhorn-nadam-exponential-gamma-1p02", "sinkhorn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return sinkhorn_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("sinkhorn-adam-lr-1e-5-300x-low", "sinkhorn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sinkhorn_family("adam", 1e-5)


@case("sinkhorn-sgdm-lr-3e-4-100x-low-log3", "sinkhorn", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return sinkhorn_family("sgdm", 3e-4, log_every=3)


@case("sinkhorn-sgdm-summed-ot", "sinkhorn", "summed",
      cf=lambda s: replace(s, loss_fn=fd.sinkhorn_loss, loss_name="entropic OT cost (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, SINK0, "the cost of predicting the origin"))
def _() -> Setup:
    return sinkhorn_family("sgdm", 0.1, loss_fn=fd.sinkhorn_loss_summed, loss_name="entropic OT cost summed over the batch (reduction='sum')",
                           val_loss_fn=fd.sinkhorn_loss, mean_loss_fn=fd.sinkhorn_loss)  # fmt: skip


@case("sinkhorn-adam-head-x300", "sinkhorn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SetDecoder), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SINK0, "the cost of predicting the origin"))
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, model=lambda: scaled_head(fd.SetDecoder(), 300, bias=True))


@case("sinkhorn-adam-fc-dead-at-init", "sinkhorn", "dead-units",
      cf=lambda s: replace(s, model=fd.SetDecoder), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, model=lambda: fd.SetDecoder(dead_bias=-30.0), track_zero_grads=True)


@case("sinkhorn-adam-exponential-1000x-in-40-steps", "sinkhorn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("sinkhorn-adam-missing-description-nan", "sinkhorn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the sets with a missing description entry dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, data=fd.sinkhorn_shapes(nan_rows=0.003))


@case("sinkhorn-adam-lr-0p01-recreated-every-8-steps", "sinkhorn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return sinkhorn_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("sinkhorn-sgd-lr-3-no-clip-explodes", "sinkhorn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return sinkhorn_family("sgd", 3.0)


# fresh25 half: healthy look-alikes


@case("bandit-adam-warmup-cosine", "bandit", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return bandit_family("adam", 3e-3, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("bandit-nadam-constant-log3", "bandit", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return bandit_family("nadam", 0.01, log_every=3)


@case("bandit-adam-plateau-log2", "bandit", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return bandit_family("adam", 0.01, log_every=2, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


@case("bandit-adam-resumed-with-state", "bandit", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return bandit_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("dual-adam-cosine-log2", "dual", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return dual_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dual-adam-sgdr-log4", "dual", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return dual_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("dual-radam-step-decay", "dual", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dual_family("radam", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("dual-adamw-warmup-linear-avg10", "dual", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return dual_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                       schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("svdd-adam-warmup-cosine", "svdd", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return svdd_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("svdd-nesterov-onecycle", "svdd", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return svdd_family("sgdm", 1.0, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("svdd-adamax-constant-log3", "svdd", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return svdd_family("adamax", 0.01, log_every=3)


@case("svdd-sgdm-cyclic-triangular2", "svdd", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return svdd_family("sgdm", 1.0, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("svdd-adam-resumed-with-state", "svdd", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return svdd_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("sinkhorn-adam-cosine-log2", "sinkhorn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("sinkhorn-rmsprop-step-decay-log3", "sinkhorn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return sinkhorn_family("rmsprop", 3e-3, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("sinkhorn-adam-plateau-log2", "sinkhorn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, log_every=2, schedule=on_plateau(0.3, 1), schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")


# fresh25 half, logged once per epoch


@case("bandit-adam-lr-1-per-epoch", "bandit", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return bandit_family("adam", 1.0, steps=62 * 7, log_per_epoch=True)


@case("sinkhorn-adam-lr-1-per-epoch", "sinkhorn", "lr-high-nan", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return sinkhorn_family("adam", 1.0, steps=46 * 9, log_per_epoch=True)


@case("sinkhorn-adam-64-sets-overfits-per-epoch", "sinkhorn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, steps=2 * 300, log_per_epoch=True, data=fd.sinkhorn_shapes(train_rows=64, batch_size=32),
                           model=lambda: fd.SetDecoder(hidden=256))  # fmt: skip


@case("bandit-adam-per-epoch", "bandit", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return bandit_family("adam", 0.01, steps=62 * 7, log_per_epoch=True)


@case("bandit-adam-cosine-per-epoch", "bandit", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return bandit_family("adam", 0.01, steps=62 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dual-adam-per-epoch", "dual", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dual_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True)


@case("svdd-adam-per-epoch", "svdd", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return svdd_family("adam", 0.01, steps=46 * 9, log_per_epoch=True)


@case("svdd-radam-cosine-per-epoch", "svdd", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return svdd_family("radam", 0.03, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("sinkhorn-adam-cosine-per-epoch", "sinkhorn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return sinkhorn_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


# --------------------------------------------------------------------------- the twenty-sixth fresh half (fresh26, held out from all tuning)


def deeponet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.deeponet_mse)
    knobs.setdefault("loss_name", "MSE of the ODE's solution at the query points")
    knobs.setdefault("meta", {"model": "DeepONet: a branch MLP 20-64-64-32 of the sensor readings, a trunk MLP 1-64-64-32 of the query point, their dot product plus a bias",
                              "sensors": fd.DEEPONET_SENSORS, "queries_per_function": fd.DEEPONET_QUERIES,
                              "held_out": "MSE on new input functions"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.deeponet_functions(), knobs.pop("model", None) or fd.DeepONet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def addt_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_name", "cross_entropy per sum digit (teacher forcing)")
    knobs.setdefault("meta", {"model": "encoder-decoder transformer (nn.Transformer, d 32, 4 heads, 2 + 2 layers, post-LN) adding two 2-digit numbers",
                              "vocab_size": fd.ADDT_VOCAB, "target_digits": fd.ADDT_DIGITS + 1,
                              "held_out": "cross-entropy on new problems"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.addition_problems(), knobs.pop("model", None) or fd.AddTransformer,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def deepar_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.deepar_nll)
    knobs.setdefault("loss_name", "Student-t negative log-likelihood per step (DeepAR)")
    knobs.setdefault("meta", {"model": "DeepAR-like: an LSTM of 40 units over lagged values and calendar features, a ReLU layer, a Student-t head",
                              "series_length": fd.DEEPAR_LEN, "season": fd.DEEPAR_PERIOD,
                              "held_out": "negative log-likelihood of new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.deepar_series(), knobs.pop("model", None) or fd.DeepARNet, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def dkl_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dkl_mll)
    knobs.setdefault("loss_name", "exact GP negative marginal log-likelihood per point of the minibatch (deep RBF kernel)")
    knobs.setdefault("val_loss_fn", fd.dkl_predictive_mse)
    knobs.setdefault("meta", {"model": "deep kernel learning: a ReLU MLP 8-64-64-2 under an exact GP with an RBF kernel (learned lengthscale, outputscale, noise)",
                              "conditioning_points": fd.DKL_CONTEXT, "jitter": fd.DKL_JITTER,
                              "held_out": "MSE of the predictive mean on new points given 256 training points"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dkl_points(), knobs.pop("model", None) or fd.DeepKernelGP, optimizer, lr,
                      steps, **knobs)  # fmt: skip


DEEPONET0, ADDT0, DEEPAR0, DKL0 = fd.deeponet_at_zero(), LN(10), fd.deepar_at_init(), fd.dkl_at_init()
"""Where the families start: DeepONet near the MSE of predicting 0 (the mean square of the solutions, ~0.45), the adder
at chance over the 10 digits (ln 10, a bit above at init), DeepAR at its init's negative log-likelihood (~1.59), the
deep-kernel GP at its init's negative marginal log-likelihood per point (~1.60)."""


# deeponet: DeepONet (branch MLP 20-64-64-32, trunk MLP 1-64-64-32) learning the solution operator of s' = u - s^3 on
# random input functions, MSE at 10 query points a function (~0.39 at step 1); works at Adam 3e-3-0.01 (~0.004-0.005
# held out in 400 steps), SGDm 0.1 (~0.006), RMSprop 1e-3 (~0.013); Adam 1 blows up (~1e9), SGD 0.3 and SGDm 1 give NaN


@case("deeponet-adam-lr-1-log2", "deeponet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return deeponet_family("adam", 1.0, log_every=2)


@case("deeponet-sgdm-lr-3-30x", "deeponet", "lr-high-nan", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deeponet_family("sgdm", 3.0)


@case("deeponet-adamw-warmup-cosine-peak-1", "deeponet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deeponet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("deeponet-adam-exponential-gamma-1p02", "deeponet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deeponet_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("deeponet-adam-lr-1e-5-300x-low", "deeponet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deeponet_family("adam", 1e-5)


@case("deeponet-rmsprop-lr-1e-5-100x-low-log4", "deeponet", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deeponet_family("rmsprop", 1e-5, log_every=4)


@case("deeponet-sgdm-summed-mse", "deeponet", "summed",
      cf=lambda s: replace(s, loss_fn=fd.deeponet_mse, loss_name="MSE (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DEEPONET0, "the MSE of predicting 0"))
def _() -> Setup:
    return deeponet_family("sgdm", 0.03, loss_fn=fd.deeponet_mse_summed, loss_name="MSE summed over the batch's functions (reduction='sum')",
                           val_loss_fn=fd.deeponet_mse, mean_loss_fn=fd.deeponet_mse)  # fmt: skip


@case("deeponet-adam-head-x300", "deeponet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DeepONet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, DEEPONET0, "the MSE of predicting 0"))
def _() -> Setup:
    return deeponet_family("adam", 3e-3, model=lambda: scaled_head(fd.DeepONet(), 300))


@case("deeponet-adam-fc-dead-at-init", "deeponet", "dead-units",
      cf=lambda s: replace(s, model=fd.DeepONet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return deeponet_family("adam", 3e-3, model=lambda: fd.DeepONet(dead_bias=-30.0), track_zero_grads=True)


@case("deeponet-adam-multistep-x0p1-at-5pct", "deeponet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return deeponet_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("deeponet-adam-missing-sensor-nan", "deeponet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the functions with a missing sensor reading dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return deeponet_family("adam", 3e-3, data=fd.deeponet_functions(nan_rows=0.003))


@case("deeponet-adam-lr-0p01-recreated-every-8-steps", "deeponet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return deeponet_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("deeponet-adam-lr-0p03-no-warmup", "deeponet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return deeponet_family("adam", 0.03)


@case("deeponet-sgd-lr-0p3-no-clip-explodes", "deeponet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return deeponet_family("sgd", 0.3)


# addt: an encoder-decoder transformer (nn.Transformer, d 32, 2 + 2 layers, post-LN) adding two 2-digit numbers, the sum's
# 3 digits least significant first, teacher forcing, cross-entropy per digit (2.59 at step 1, ln 10 = 2.30); it sits on a
# plateau (~1.5) and then drops; works at Adam 3e-3 (~0.003 held out in 500 steps), SGDm 0.1 (~0.08); Adam 0.01 ends ~0.9,
# Adam 1 sits near ln 10, SGDm 3 gives NaN


@case("addt-adam-lr-1-log2", "addt", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return addt_family("adam", 1.0, log_every=2)


@case("addt-sgdm-lr-3-30x", "addt", "lr-high-nan", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return addt_family("sgdm", 3.0)


@case("addt-nadam-cyclic-peak-1", "addt", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return addt_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("addt-adam-exponential-gamma-1p02", "addt", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return addt_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("addt-adam-lr-1e-5-300x-low", "addt", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return addt_family("adam", 1e-5)


@case("addt-sgdm-lr-1e-3-100x-low-log5", "addt", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return addt_family("sgdm", 1e-3, log_every=5)


@case("addt-sgdm-summed-ce", "addt", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, ADDT0, "ln 10"))
def _() -> Setup:
    return addt_family("sgdm", 0.1, loss_fn=fd.addt_ce_summed, loss_name="cross_entropy summed over the batch's digits (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("addt-adam-head-x300", "addt", "last-layer-init",
      cf=lambda s: replace(s, model=fd.AddTransformer), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, ADDT0, "ln 10"))
def _() -> Setup:
    return addt_family("adam", 3e-3, model=lambda: scaled_head(fd.AddTransformer(), 300))


@case("addt-adam-multistep-x0p1-at-5pct", "addt", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=26, tol=100, shape=lr_down_by(0.11, 30))
def _() -> Setup:
    return addt_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("addt-adam-exponential-1000x-in-40-steps", "addt", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return addt_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.08), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("addt-adam-lr-3e-3-recreated-every-8-steps", "addt", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return addt_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 500, 8)))


# deepar: a DeepAR-like forecaster (LSTM 40, a ReLU layer, a Student-t head) of synthetic series with a trend, a season of
# 12 and Student-t noise, NLL per step (1.54 at step 1); works at Adam 3e-3-0.01 (~0.30-0.31 held out in 400 steps),
# RMSprop 3e-3 (~0.39), SGD 0.1 (~0.72, still falling); Adam 1 and RMSprop 0.3 end above the start (1.6, 2.3)


@case("deepar-adam-lr-1-log2", "deepar", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return deepar_family("adam", 1.0, log_every=2)


@case("deepar-rmsprop-lr-0p3-log4", "deepar", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deepar_family("rmsprop", 0.3, log_every=4)


@case("deepar-adamw-warmup-cosine-peak-1", "deepar", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deepar_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("deepar-adam-exponential-gamma-1p02", "deepar", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return deepar_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("deepar-adam-lr-3e-5-100x-low", "deepar", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deepar_family("adam", 3e-5)


@case("deepar-sgd-lr-1e-3-100x-low-log4", "deepar", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return deepar_family("sgd", 1e-3, log_every=4)


@case("deepar-sgdm-summed-nll", "deepar", "summed",
      cf=lambda s: replace(s, loss_fn=fd.deepar_nll, loss_name="Student-t NLL (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DEEPAR0, "the init's NLL"))
def _() -> Setup:
    return deepar_family("sgdm", 0.03, loss_fn=fd.deepar_nll_summed, loss_name="Student-t NLL summed over the batch's series (reduction='sum')",
                         val_loss_fn=fd.deepar_nll, mean_loss_fn=fd.deepar_nll)  # fmt: skip


@case("deepar-adam-fc-dead-at-init", "deepar", "dead-units",
      cf=lambda s: replace(s, model=fd.DeepARNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return deepar_family("adam", 3e-3, model=lambda: fd.DeepARNet(dead_bias=-30.0), track_zero_grads=True)


@case("deepar-adam-multistep-x0p1-at-5pct", "deepar", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return deepar_family("adam", 1e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("deepar-adam-missing-value-nan", "deepar", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return deepar_family("adam", 3e-3, data=fd.deepar_series(nan_rows=0.003))


@case("deepar-adam-lr-3e-3-recreated-every-8-steps", "deepar", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return deepar_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("deepar-adam-64-series-overfits", "deepar", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return deepar_family("adam", 3e-3, steps=600, eval_every=30, data=fd.deepar_series(train_rows=64, batch_size=32))


# dkl: deep kernel learning (a ReLU MLP 8-64-64-2 under an exact RBF-kernel GP) of a function of a hidden 2-D projection of 8
# features, the negative marginal log-likelihood per point of a batch of 128 (1.39 at step 1, below 0 when trained); held
# out, the predictive mean's MSE given 256 training points (~1.13 for the mean alone; ~0.12-0.14 in 400 steps at Adam
# 3e-3-0.01, ~0.12 at Adagrad 0.1, ~0.20 at SGDm 0.03-0.1); Adam 1 and SGDm 3 end at the mean (~1.13), Adam 0.1 at one
# seed of two


@case("dkl-adam-lr-1-log2", "dkl", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dkl_family("adam", 1.0, log_every=2)


@case("dkl-sgdm-lr-3-30x", "dkl", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dkl_family("sgdm", 3.0)


@case("dkl-adamw-warmup-cosine-peak-1", "dkl", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dkl_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("dkl-nadam-exponential-gamma-1p02", "dkl", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dkl_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("dkl-adam-lr-1e-5-1000x-low", "dkl", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dkl_family("adam", 1e-5)


@case("dkl-sgdm-lr-3e-4-100x-low-log3", "dkl", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dkl_family("sgdm", 3e-4, log_every=3)


@case("dkl-adagrad-lr-1e-3-100x-low-log5", "dkl", "lr-low-adagrad", cf=lr_to(0.1), cf_what="Adagrad lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dkl_family("adagrad", 1e-3, log_every=5)


@case("dkl-sgdm-summed-mll", "dkl", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dkl_mll, loss_name="negative marginal log-likelihood per point (mean)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DKL0, "the init's NLL per point"))
def _() -> Setup:
    return dkl_family("sgdm", 0.1, loss_fn=fd.dkl_mll_summed, loss_name="the batch's whole negative marginal log-likelihood (a sum over its points)",
                      mean_loss_fn=fd.dkl_mll)  # fmt: skip


@case("dkl-adam-fc-dead-at-init", "dkl", "dead-units",
      cf=lambda s: replace(s, model=fd.DeepKernelGP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dkl_family("adam", 0.01, model=lambda: fd.DeepKernelGP(dead_bias=-30.0), track_zero_grads=True)


@case("dkl-adam-exponential-1000x-in-40-steps", "dkl", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return dkl_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("dkl-adam-missing-feature-nan", "dkl", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the points with a missing feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dkl_family("adam", 0.01, data=fd.dkl_points(nan_rows=0.003))


@case("dkl-adam-lr-0p03-recreated-every-8-steps", "dkl", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return dkl_family("adam", 0.03, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# fresh26 half: healthy look-alikes


@case("deeponet-adam-warmup-cosine", "deeponet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return deeponet_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("deeponet-nesterov-onecycle", "deeponet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return deeponet_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("deeponet-adamax-constant-log3", "deeponet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return deeponet_family("adamax", 0.01, log_every=3)


@case("deeponet-adam-resumed-with-state", "deeponet", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return deeponet_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("addt-adam-cosine-log2", "addt", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return addt_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("addt-adam-sgdr-log4", "addt", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return addt_family("adam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("addt-radam-step-decay", "addt", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return addt_family("radam", 0.03, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("addt-adamw-warmup-linear-avg10", "addt", "healthy", like=("plateau", "lr-too-low", "overfitting"), shape=healthy_shape())
def _() -> Setup:
    return addt_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                       schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("deepar-adam-warmup-cosine", "deepar", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return deepar_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("deepar-adamax-constant-log10", "deepar", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return deepar_family("adamax", 0.01, log_every=10)


@case("deepar-sgdm-cyclic-triangular2", "deepar", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return deepar_family("sgdm", 0.3, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("deepar-adam-resumed-with-state", "deepar", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return deepar_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("dkl-adam-cosine-log2", "dkl", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return dkl_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dkl-rmsprop-step-decay-log3", "dkl", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dkl_family("rmsprop", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("dkl-adam-plateau-log2", "dkl", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dkl_family("adam", 0.01, log_every=2, eval_every=25, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("dkl-nadam-warmup-cosine-log20", "dkl", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return dkl_family("nadam", 0.01, log_every=20, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


# fresh26 half, logged once per epoch


@case("deeponet-adam-lr-1-per-epoch", "deeponet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return deeponet_family("adam", 1.0, steps=46 * 9, log_per_epoch=True)


@case("deepar-adam-lr-1-per-epoch", "deepar", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return deepar_family("adam", 1.0, steps=62 * 7, log_per_epoch=True)


@case("addt-adam-256-problems-overfits-per-epoch", "addt", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return addt_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.addition_problems(train_rows=256))


@case("deeponet-adam-per-epoch", "deeponet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return deeponet_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True)


@case("deeponet-radam-cosine-per-epoch", "deeponet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return deeponet_family("radam", 0.1, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("addt-adam-per-epoch", "addt", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return addt_family("adam", 3e-3, steps=62 * 8, log_per_epoch=True)


@case("deepar-adam-per-epoch", "deepar", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return deepar_family("adam", 0.01, steps=62 * 7, log_per_epoch=True)


@case("deepar-radam-cosine-per-epoch", "deepar", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return deepar_family("radam", 0.03, steps=62 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dkl-adamax-per-epoch", "dkl", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dkl_family("adamax", 0.03, steps=23 * 18, log_per_epoch=True)


@case("dkl-adam-cosine-per-epoch", "dkl", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dkl_family("adam", 0.01, steps=23 * 18, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


# --------------------------------------------------------------------------- the twenty-seventh fresh half (fresh27, held out from all tuning)


def relnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 10 answers")
    knobs.setdefault("meta", {"model": "Relation Network: a g-MLP 30-64-64-64 of every object pair with the question, summed, an f-MLP 64-64-10",
                              "objects": fd.RELNET_OBJECTS, "answers": fd.RELNET_ANSWERS,
                              "held_out": "cross-entropy on new scenes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.relnet_scenes(), knobs.pop("model", None) or fd.RelationNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def grud_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes of dynamics")
    knobs.setdefault("meta", {"model": "GRU-D: input and hidden-state decay from the time since the last observation, a GRU cell of 32 over the imputed values and the mask, a ReLU layer, a linear head",
                              "variables": fd.GRUD_VARS, "sample_times": fd.GRUD_STEPS,
                              "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.grud_series(), knobs.pop("model", None) or fd.GRUD, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def linattn_family(optimizer: str, lr: float, steps: int = 500, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 50)
    knobs.setdefault("loss_name", "next-token cross_entropy at the recalled values")
    knobs.setdefault("meta", {"model": "causal linear-attention LM (elu + 1 feature map, d 64, 4 heads, 2 pre-LN blocks, token shift on keys and values)",
                              "vocab_size": fd.LINATTN_VOCAB, "pairs": fd.LINATTN_PAIRS, "queries": fd.LINATTN_QUERIES,
                              "held_out": "cross-entropy on new sequences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.recall_sequences(), knobs.pop("model", None) or fd.LinearAttnLM,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def tasnet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.tasnet_loss)
    knobs.setdefault("loss_name", "negative SI-SNR in dB, permutation-invariant over the 2 sources")
    knobs.setdefault("meta", {"model": "Conv-TasNet-like: a conv encoder of 32 filters, a TCN mask estimator of 4 blocks, a transposed-conv decoder",
                              "samples": fd.TASNET_LEN, "sources": 2,
                              "held_out": "negative SI-SNR (PIT) on new mixtures"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.tasnet_mixtures(), knobs.pop("model", None) or fd.TasNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


RELNET0, GRUD0, LINATTN0, TASNET0 = LN(fd.RELNET_ANSWERS), LN(fd.GRUD_CLASSES), LN(fd.LINATTN_VOCAB), fd.tasnet_at_init()
"""Where the families start: the Relation Network at chance over its 10 answers (ln 10), GRU-D over its 4 classes (ln 4),
the linear-attention LM over its 24 tokens (ln 24), the separator at its init's negative SI-SNR (~25 dB)."""


# relnet: a Relation Network (a g-MLP of every object pair with the question, summed, an f-MLP) answering
# sort-of-CLEVR-like questions about 6 objects, cross-entropy over 10 answers (2.54 at step 1, ln 10 = 2.30); works at
# Adam 3e-3-0.01 (~0.45-0.57 held out in 400 steps), NAdam 3e-3, RAdam 0.03, RMSprop 3e-3, Adagrad 0.03, Adamax 0.01,
# SGDm 0.01 (~0.56-0.61); SGDm 0.1 and SGD 0.3 collapse to the answers' prior (~1.98), Adam 0.03 ends ~0.9


@case("relnet-adam-lr-1-log2", "relnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return relnet_family("adam", 1.0, log_every=2)


@case("relnet-sgdm-lr-3-300x", "relnet", "lr-high-nan", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return relnet_family("sgdm", 3.0)


@case("relnet-adamw-warmup-cosine-peak-1", "relnet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return relnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("relnet-adam-exponential-gamma-1p02", "relnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return relnet_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("relnet-adam-lr-1e-5-300x-low", "relnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return relnet_family("adam", 1e-5)


@case("relnet-adagrad-lr-3e-4-100x-low-log5", "relnet", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return relnet_family("adagrad", 3e-4, log_every=5)


@case("relnet-sgdm-lr-1e-4-100x-low-log4", "relnet", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return relnet_family("sgdm", 1e-4, log_every=4)


@case("relnet-sgdm-summed-ce", "relnet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, RELNET0, "ln 10"))
def _() -> Setup:
    return relnet_family("sgdm", 0.01, loss_fn=fd.relnet_ce_summed, loss_name="cross_entropy summed over the batch's questions (reduction='sum')",
                         val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("relnet-adam-head-x300", "relnet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.RelationNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, RELNET0, "ln 10"))
def _() -> Setup:
    return relnet_family("adam", 3e-3, model=lambda: scaled_head(fd.RelationNet(), 300))


@case("relnet-adam-fc-dead-at-init", "relnet", "dead-units",
      cf=lambda s: replace(s, model=fd.RelationNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return relnet_family("adam", 3e-3, model=lambda: fd.RelationNet(dead_bias=-30.0), track_zero_grads=True)


@case("relnet-adam-multistep-x0p1-at-5pct", "relnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return relnet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("relnet-adam-missing-position-nan", "relnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the scenes with a missing position dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return relnet_family("adam", 3e-3, data=fd.relnet_scenes(nan_rows=0.003))


@case("relnet-adam-lr-0p01-recreated-every-8-steps", "relnet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return relnet_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("relnet-adam-lr-0p03-no-warmup", "relnet", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return relnet_family("adam", 0.03)


@case("relnet-sgd-lr-0p1-no-clip-explodes", "relnet", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return relnet_family("sgd", 0.1)


@case("relnet-adam-256-scenes-overfits", "relnet", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return relnet_family("adam", 3e-3, steps=600, eval_every=30, data=fd.relnet_scenes(train_rows=256))


# grud: GRU-D (input and hidden-state decay from the time since the last observation, a GRU cell over the imputed values
# and the mask) classifying irregularly sampled series of 4 variables with missing values into 4 classes of dynamics,
# cross-entropy (1.41 at step 1, ln 4 = 1.39); works at Adam/NAdam 0.01, Adamax/RAdam 0.03, Adagrad 0.1 (~0.43-0.58 held
# out in 400 steps), RMSprop 3e-3 (~0.61-0.68); SGDm 0.3 ends ~0.86-0.96, SGDm 1 at chance; Adam 1e-4 hardly leaves
# chance in 400 steps (1.38: no lr-too-low run for it)


@case("grud-adam-lr-1-log2", "grud", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return grud_family("adam", 1.0, log_every=2)


@case("grud-rmsprop-lr-0p3-log4", "grud", "lr-high-step1", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return grud_family("rmsprop", 0.3, log_every=4)


@case("grud-adamw-warmup-cosine-peak-1", "grud", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return grud_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("grud-adam-exponential-gamma-1p02", "grud", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return grud_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("grud-sgdm-summed-ce", "grud", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GRUD0, "ln 4"))
def _() -> Setup:
    return grud_family("sgdm", 0.3, loss_fn=fd.grud_ce_summed, loss_name="cross_entropy summed over the batch's series (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("grud-adam-head-x300", "grud", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GRUD), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GRUD0, "ln 4"))
def _() -> Setup:
    return grud_family("adam", 0.01, model=lambda: scaled_head(fd.GRUD(), 300))


@case("grud-adam-fc-dead-at-init", "grud", "dead-units",
      cf=lambda s: replace(s, model=fd.GRUD), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return grud_family("adam", 0.01, model=lambda: fd.GRUD(dead_bias=-30.0), track_zero_grads=True)


@case("grud-adam-multistep-x0p1-at-5pct", "grud", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return grud_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("grud-adam-corrupt-value-nan", "grud", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a corrupted (NaN) observed value dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return grud_family("adam", 0.01, data=fd.grud_series(nan_rows=0.003))


@case("grud-adam-lr-0p01-recreated-every-8-steps", "grud", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return grud_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# linattn: a causal linear-attention LM (elu + 1 features, 2 pre-LN blocks, token shift on keys and values) recalling
# the values bound to 4 repeated keys, next-token cross-entropy at those 4 positions (3.22 at step 1, ln 24 = 3.18); it
# sits on a plateau (~1.55: a value of the sequence, not which) and then drops; works at Adam/NAdam 3e-3 (~0.02-0.11
# held out in 500 steps), Adamax 0.01 (~0.007-0.10), RMSprop 1e-3 (~0.17); Adam 0.01, SGDm 0.03-0.3 and Adagrad 0.03
# stay on the plateau


@case("linattn-adam-lr-1-log2", "linattn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=500, shape=anything)
def _() -> Setup:
    return linattn_family("adam", 1.0, log_every=2)


@case("linattn-sgdm-lr-30-300x", "linattn", "lr-high-nan", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return linattn_family("sgdm", 30.0)


@case("linattn-nadam-cyclic-peak-1", "linattn", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return linattn_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("linattn-adam-exponential-gamma-1p02", "linattn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=500, shape=anything)
def _() -> Setup:
    return linattn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("linattn-adam-lr-1e-5-300x-low", "linattn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return linattn_family("adam", 1e-5)


@case("linattn-rmsprop-lr-1e-5-100x-low-log4", "linattn", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=500, shape=still_falling)
def _() -> Setup:
    return linattn_family("rmsprop", 1e-5, log_every=4)


@case("linattn-adam-head-x300", "linattn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.LinearAttnLM), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, LINATTN0, "ln 24"))
def _() -> Setup:
    return linattn_family("adam", 3e-3, model=lambda: scaled_head(fd.LinearAttnLM(), 300))


@case("linattn-adam-fc-dead-at-init", "linattn", "dead-units",
      cf=lambda s: replace(s, model=fd.LinearAttnLM), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return linattn_family("adam", 3e-3, model=lambda: fd.LinearAttnLM(dead_bias=-30.0), track_zero_grads=True)


@case("linattn-adam-exponential-1000x-in-40-steps", "linattn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return linattn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.08), schedule_name="ExponentialLR per batch, x0.001 by step 40")


# tasnet: a Conv-TasNet-like separator (conv encoder, TCN mask estimator, transposed-conv decoder) of a chirp and a
# harmonic tone from their noisy mixture, negative SI-SNR in dB with PIT (23.6 at step 1, ~-11 when trained); works at
# Adam 3e-3-0.01, NAdam 0.01, RAdam 0.03, RMSprop 3e-3 (~-10.5 to -11.5 held out in 400 steps), Adagrad 0.03, SGD 0.1,
# SGDm 0.01 (~-9 to -10); Adam 1 and SGD 1 unclipped end near -6, SGDm 3 above 0


@case("tasnet-adam-lr-1-log2", "tasnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return tasnet_family("adam", 1.0, log_every=2)


@case("tasnet-sgdm-lr-3-300x", "tasnet", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tasnet_family("sgdm", 3.0)


@case("tasnet-adamw-warmup-cosine-peak-1", "tasnet", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tasnet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("tasnet-nadam-exponential-gamma-1p02", "tasnet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return tasnet_family("nadam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("tasnet-adam-lr-1e-5-300x-low", "tasnet", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tasnet_family("adam", 1e-5)


@case("tasnet-sgdm-lr-1e-4-100x-low-log3", "tasnet", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tasnet_family("sgdm", 1e-4, log_every=3)


@case("tasnet-sgd-lr-1e-3-100x-low-log5", "tasnet", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tasnet_family("sgd", 1e-3, log_every=5)


@case("tasnet-rmsprop-lr-3e-5-100x-low-log2", "tasnet", "lr-low-rmsprop", cf=lr_to(3e-3), cf_what="RMSprop lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return tasnet_family("rmsprop", 3e-5, log_every=2)


@case("tasnet-sgdm-summed-si-snr", "tasnet", "summed",
      cf=lambda s: replace(s, loss_fn=fd.tasnet_loss, loss_name="negative SI-SNR (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TASNET0, "the init's negative SI-SNR"))
def _() -> Setup:
    return tasnet_family("sgdm", 0.01, loss_fn=fd.tasnet_loss_summed, loss_name="negative SI-SNR summed over the batch's mixtures (reduction='sum')",
                         val_loss_fn=fd.tasnet_loss, mean_loss_fn=fd.tasnet_loss)  # fmt: skip


@case("tasnet-adam-encoder-dead-at-init", "tasnet", "dead-units",
      cf=lambda s: replace(s, model=fd.TasNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return tasnet_family("adam", 3e-3, model=lambda: fd.TasNet(dead_bias=-30.0), track_zero_grads=True)


@case("tasnet-adam-multistep-x0p1-at-5pct", "tasnet", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return tasnet_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("tasnet-adam-exponential-1000x-in-40-steps", "tasnet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return tasnet_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("tasnet-adam-dropped-sample-nan", "tasnet", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the mixtures with a dropped sample removed", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return tasnet_family("adam", 3e-3, data=fd.tasnet_mixtures(nan_rows=0.003))


@case("tasnet-adam-lr-0p03-recreated-every-8-steps", "tasnet", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return tasnet_family("adam", 0.03, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# fresh27 half: healthy look-alikes


@case("relnet-adam-warmup-cosine", "relnet", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return relnet_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("relnet-adam-cosine-log2", "relnet", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return relnet_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("relnet-adam-plateau-log2", "relnet", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return relnet_family("adam", 0.01, log_every=2, eval_every=25, schedule=on_plateau(0.3, 1),
                         schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("relnet-adamax-constant-log3", "relnet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return relnet_family("adamax", 0.01, log_every=3)


@case("grud-adam-warmup-cosine", "grud", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return grud_family("adam", 0.02, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("grud-radam-step-decay-log3", "grud", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return grud_family("radam", 0.1, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("grud-nadam-cosine-log10", "grud", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return grud_family("nadam", 0.01, log_every=10, schedule=cosine_after(0.0), schedule_name="cosine")


@case("grud-adam-resumed-with-state", "grud", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return grud_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("linattn-adam-cosine-log2", "linattn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return linattn_family("adam", 3e-3, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("linattn-adam-sgdr-log4", "linattn", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return linattn_family("adam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("linattn-adamw-warmup-linear-avg10", "linattn", "healthy", like=("plateau", "lr-too-low", "overfitting"),
      shape=healthy_shape())
def _() -> Setup:
    return linattn_family("adamw", 3e-3, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("linattn-adamax-constant-log5", "linattn", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return linattn_family("adamax", 0.01, log_every=5)


@case("tasnet-nesterov-onecycle", "tasnet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return tasnet_family("sgdm", 0.03, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("tasnet-sgdm-cyclic-triangular2", "tasnet", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return tasnet_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("tasnet-nadam-warmup-cosine-log20", "tasnet", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return tasnet_family("nadam", 0.01, log_every=20, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("tasnet-adam-resumed-with-state", "tasnet", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return tasnet_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("tasnet-rmsprop-constant-log3", "tasnet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return tasnet_family("rmsprop", 3e-3, log_every=3)


# fresh27 half, logged once per epoch


@case("grud-adam-lr-1-per-epoch", "grud", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return grud_family("adam", 1.0, steps=46 * 9, log_per_epoch=True)


@case("tasnet-adam-lr-1-per-epoch", "tasnet", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return tasnet_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.tasnet_mixtures(batch_size=64))


@case("linattn-adam-256-sequences-overfits-per-epoch", "linattn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return linattn_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.recall_sequences(train_rows=256))


@case("relnet-adam-per-epoch", "relnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return relnet_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.relnet_scenes(batch_size=128))


@case("relnet-radam-cosine-per-epoch", "relnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return relnet_family("radam", 0.1, steps=46 * 9, log_per_epoch=True, data=fd.relnet_scenes(batch_size=128),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("grud-adam-cosine-per-epoch", "grud", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return grud_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("grud-adagrad-per-epoch", "grud", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return grud_family("adagrad", 0.1, steps=46 * 9, log_per_epoch=True)


@case("linattn-adam-cosine-per-epoch", "linattn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return linattn_family("adam", 3e-3, steps=93 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("tasnet-adam-per-epoch", "tasnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return tasnet_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.tasnet_mixtures(batch_size=64))


@case("tasnet-radam-cosine-per-epoch", "tasnet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return tasnet_family("radam", 0.03, steps=46 * 9, log_per_epoch=True, data=fd.tasnet_mixtures(batch_size=64),
                         schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip



# --------------------------------------------------------------------------- the twenty-eighth fresh half (fresh28, held out from all tuning)


def stn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 8 glyph classes")
    knobs.setdefault("meta", {"model": "spatial transformer network: a localisation MLP 256-32-6 (identity at init), affine_grid + grid_sample, a CNN 1-8-16, a ReLU layer 256-64, a linear head",
                              "image_size": fd.STN_SIZE, "classes": fd.STN_CLASSES,
                              "held_out": "cross-entropy on new glyph images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.stn_glyphs(), knobs.pop("model", None) or fd.SpatialTransformerNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def dann_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.dann_loss)
    knobs.setdefault("val_loss_fn", fd.dann_target_ce)
    knobs.setdefault("loss_name", "label cross_entropy on the source + 0.3 x domain BCE with logits (gradient reversal)")
    knobs.setdefault("meta", {"model": "DANN: a feature MLP 12-64-64, a label head 64-32-6, a domain classifier 64-32-1 behind a gradient-reversal layer",
                              "classes": fd.DANN_CLASSES, "domain_weight": fd.DANN_LAMBDA,
                              "held_out": "label cross-entropy on the target domain"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.dann_domains(), knobs.pop("model", None) or fd.DANN, optimizer, lr,
                      steps, **knobs)  # fmt: skip


def protonet_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 ways of the query points (negative squared distances to the prototypes)")
    knobs.setdefault("meta", {"model": "prototypical network: an embedding MLP 24-64-64-32, prototypes the support means, squared Euclidean distances",
                              "ways": fd.PNET_WAYS, "shots": fd.PNET_SHOTS, "queries_per_way": fd.PNET_QUERIES,
                              "held_out": "cross-entropy on episodes of unseen classes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.pnet_episodes(), knobs.pop("model", None) or fd.ProtoNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def kws_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over 10 keywords, silence and unknown")
    knobs.setdefault("meta", {"model": "keyword-spotting CRNN: a Conv2d 1-16 over frequency and time, a GRU of 48, a ReLU layer, a linear head",
                              "frequency_bins": fd.KWS_BINS, "frames": fd.KWS_FRAMES, "classes": fd.KWS_CLASSES,
                              "held_out": "cross-entropy on new utterances"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.kws_spectrograms(), knobs.pop("model", None) or fd.KeywordCRNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


STN0, DANN0, PROTONET0, KWS0 = LN(fd.STN_CLASSES), LN(fd.DANN_CLASSES) + fd.DANN_LAMBDA * LN(2), LN(fd.PNET_WAYS), LN(fd.KWS_CLASSES)
"""Where the families start: the spatial transformer at chance over its 8 glyphs (ln 8), DANN at ln 6 + 0.3 ln 2 (chance
over 6 classes plus the weighted domain BCE at chance), the prototypical network near chance over 5 ways (ln 5), the
keyword spotter over its 12 classes (ln 12)."""


# stn: a spatial transformer network (a localisation MLP predicting an affine transform, identity at init, then a small
# CNN) classifying turned, scaled and moved glyphs, cross-entropy over 8 classes (2.11 at step 1, ln 8 = 2.08); works
# at Adam 3e-3 (~0.28 held out in 400 steps), NAdam 3e-3, Adamax 0.01 (~0.30-0.34), RMSprop 1e-3 (~0.44); SGD and SGDm
# sit near chance for 300 steps (no SGD run for it), Adam 1e-5 hardly moves (no lr-too-low run)


@case("stn-adam-lr-1-log2", "stn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return stn_family("adam", 1.0, log_every=2)


@case("stn-rmsprop-lr-0p3-log4", "stn", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return stn_family("rmsprop", 0.3, log_every=4)


@case("stn-adamw-warmup-cosine-peak-1", "stn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return stn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("stn-adam-exponential-gamma-1p02", "stn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return stn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("stn-adam-head-x300", "stn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SpatialTransformerNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, STN0, "ln 8"))
def _() -> Setup:
    return stn_family("adam", 3e-3, model=lambda: scaled_head(fd.SpatialTransformerNet(), 300))


@case("stn-adam-fc-dead-at-init", "stn", "dead-units",
      cf=lambda s: replace(s, model=fd.SpatialTransformerNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return stn_family("adam", 3e-3, model=lambda: fd.SpatialTransformerNet(dead_bias=-30.0), track_zero_grads=True)


@case("stn-adam-multistep-x0p1-at-5pct", "stn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return stn_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("stn-adam-dead-pixel-nan", "stn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a dead (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return stn_family("adam", 3e-3, data=fd.stn_glyphs(nan_rows=0.003))


@case("stn-adam-lr-3e-3-recreated-every-8-steps", "stn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return stn_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("stn-adam-lr-0p01-no-warmup", "stn", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return stn_family("adam", 0.01)


@case("stn-adam-256-glyphs-overfits", "stn", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return stn_family("adam", 3e-3, steps=600, eval_every=30, data=fd.stn_glyphs(train_rows=256))


# dann: domain-adversarial training (a feature MLP, a label head on the labelled source, a domain classifier behind a
# gradient-reversal layer) of 6 spiral arms whose target domain is turned by 6 degrees and shifted; the training loss is
# the label cross-entropy + 0.3 x the domain BCE (2.00 at step 1), held out the target's label cross-entropy; works at
# Adam 3e-3-0.01, NAdam 3e-3, Adagrad 0.03, RMSprop 1e-3, SGDm 0.1 (~0.2-0.3 held out in 400 steps, noisy: the
# adversary); without the domain term (lambda 0) Adam 3e-3 ends ~0.43


@case("dann-adam-lr-1-log4", "dann", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return dann_family("adam", 1.0, log_every=4)


@case("dann-adamw-warmup-cosine-peak-1", "dann", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dann_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("dann-nadam-cyclic-peak-1", "dann", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dann_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("dann-adam-exponential-gamma-1p02", "dann", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return dann_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("dann-adam-lr-3e-5-100x-low", "dann", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dann_family("adam", 3e-5)


@case("dann-rmsprop-lr-1e-5-100x-low-log2", "dann", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dann_family("rmsprop", 1e-5, log_every=2)


@case("dann-sgdm-lr-1e-3-100x-low-log3", "dann", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dann_family("sgdm", 1e-3, log_every=3)


@case("dann-adagrad-lr-3e-4-100x-low-log5", "dann", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return dann_family("adagrad", 3e-4, log_every=5)


@case("dann-sgdm-summed-loss", "dann", "summed",
      cf=lambda s: replace(s, loss_fn=fd.dann_loss, loss_name="label cross_entropy + 0.3 x domain BCE (means)"),
      cf_what="reduction='mean'", must=("wrong-initial-loss",),
      may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, DANN0, "ln 6 + 0.3 ln 2"))
def _() -> Setup:
    return dann_family("sgdm", 0.1, loss_fn=fd.dann_loss_summed, loss_name="label cross_entropy + 0.3 x domain BCE, summed over the batch's rows (reduction='sum')",
                       mean_loss_fn=fd.dann_loss)  # fmt: skip


@case("dann-adam-heads-dead-at-init", "dann", "dead-units",
      cf=lambda s: replace(s, model=fd.DANN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return dann_family("adam", 3e-3, model=lambda: fd.DANN(dead_bias=-30.0), track_zero_grads=True)


@case("dann-adam-exponential-1000x-in-40-steps", "dann", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return dann_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("dann-adam-missing-feature-nan", "dann", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) source feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return dann_family("adam", 3e-3, data=fd.dann_domains(nan_rows=0.003))


# protonet: a prototypical network (an embedding MLP, prototypes the support means, negative squared distances as logits)
# on 5-way 5-shot episodes of synthetic classes, cross-entropy over the ways (1.39 at step 1, ln 5 = 1.61), held out on
# episodes of 20 unseen classes; works at Adam 1e-3, RMSprop 1e-3, Adagrad 0.03, RAdam 0.01, SGDm 0.03 (~0.44-0.46 held
# out in 400 steps, most of it by step 120); Adam 0.01 and SGDm 0.1 end ~0.53-0.59; SGDm 3 gives NaN


@case("protonet-adam-lr-1-log2", "protonet", "lr-high-step1", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return protonet_family("adam", 1.0, log_every=2)


@case("protonet-sgdm-lr-3-100x", "protonet", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return protonet_family("sgdm", 3.0)


@case("protonet-adamw-warmup-cosine-peak-1", "protonet", "lr-high-ramp", cf=lr_to(1e-3), cf_what="peak lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return protonet_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("protonet-rmsprop-exponential-gamma-1p02", "protonet", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return protonet_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("protonet-adam-lr-1e-5-100x-low", "protonet", "lr-low-adam", cf=lr_to(1e-3), cf_what="Adam lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return protonet_family("adam", 1e-5)


@case("protonet-sgdm-lr-3e-4-100x-low-log4", "protonet", "lr-low-sgd", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return protonet_family("sgdm", 3e-4, log_every=4)


@case("protonet-adagrad-lr-3e-4-100x-low-log5", "protonet", "lr-low-adagrad", cf=lr_to(0.03), cf_what="Adagrad lr 0.03",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return protonet_family("adagrad", 3e-4, log_every=5)


@case("protonet-radam-lr-1e-4-100x-low-log2", "protonet", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return protonet_family("radam", 1e-4, log_every=2)


@case("protonet-rmsprop-lr-1e-5-100x-low-log3", "protonet", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return protonet_family("rmsprop", 1e-5, log_every=3)


@case("protonet-sgdm-summed-ce", "protonet", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, PROTONET0, "ln 5"))
def _() -> Setup:
    return protonet_family("sgdm", 0.03, loss_fn=fd.pnet_ce_summed, loss_name="cross_entropy summed over the batch's episodes and queries (reduction='sum')",
                       val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("protonet-adam-head-x300", "protonet", "last-layer-init",
      cf=lambda s: replace(s, model=fd.ProtoNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, PROTONET0, "ln 5"))
def _() -> Setup:
    return protonet_family("adam", 1e-3, model=lambda: scaled_head(fd.ProtoNet(), 300))


@case("protonet-adam-fc-dead-at-init", "protonet", "dead-units",
      cf=lambda s: replace(s, model=fd.ProtoNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return protonet_family("adam", 1e-3, model=lambda: fd.ProtoNet(dead_bias=-30.0), track_zero_grads=True)


@case("protonet-adam-exponential-1000x-in-40-steps", "protonet", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return protonet_family("adam", 1e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


# kws: a keyword-spotting CRNN (a Conv2d over frequency and time, a GRU of 48, a ReLU layer, a head) of synthetic
# spectrograms (formant tracks, time warping, offsets, noise) into 10 keywords, silence and unknown, cross-entropy (2.49
# at step 1, ln 12 = 2.48); works at Adam 3e-3-0.01, NAdam 3e-3, Adamax 0.01 (~0.02-0.07 held out in 400 steps), RMSprop
# 1e-3 (~0.15), SGDm 0.1 (~0.09, after ~120 steps near chance); Adam 3e-5 hardly leaves chance (no lr-too-low run)


@case("kws-adam-lr-1-log2", "kws", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return kws_family("adam", 1.0, log_every=2)


@case("kws-sgdm-lr-30-300x", "kws", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return kws_family("sgdm", 30.0)


@case("kws-adamw-warmup-cosine-peak-1", "kws", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return kws_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("kws-sgdm-summed-ce", "kws", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, KWS0, "ln 12"))
def _() -> Setup:
    return kws_family("sgdm", 0.1, loss_fn=fd.kws_ce_summed, loss_name="cross_entropy summed over the batch's utterances (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("kws-adam-head-x300", "kws", "last-layer-init",
      cf=lambda s: replace(s, model=fd.KeywordCRNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, KWS0, "ln 12"))
def _() -> Setup:
    return kws_family("adam", 3e-3, model=lambda: scaled_head(fd.KeywordCRNN(), 300))


@case("kws-adam-fc-dead-at-init", "kws", "dead-units",
      cf=lambda s: replace(s, model=fd.KeywordCRNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return kws_family("adam", 3e-3, model=lambda: fd.KeywordCRNN(dead_bias=-30.0), track_zero_grads=True)


@case("kws-adam-multistep-x0p1-at-5pct", "kws", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return kws_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("kws-nadam-exponential-1000x-in-40-steps", "kws", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return kws_family("nadam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("kws-adam-dropped-bin-nan", "kws", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the utterances with a dropped (NaN) bin removed", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return kws_family("adam", 3e-3, data=fd.kws_spectrograms(nan_rows=0.003))


@case("kws-adam-lr-0p01-recreated-every-8-steps", "kws", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return kws_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("kws-sgd-lr-1-no-clip-explodes", "kws", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return kws_family("sgd", 1.0)


# fresh28 half: healthy look-alikes


@case("stn-adam-warmup-cosine", "stn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return stn_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("stn-nadam-cosine-log2", "stn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return stn_family("nadam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("stn-adam-plateau-log2", "stn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return stn_family("adam", 0.01, log_every=2, eval_every=25, schedule=on_plateau(0.3, 1),
                      schedule_name="ReduceLROnPlateau(factor=0.3, patience=1)")  # fmt: skip


@case("dann-adam-cosine-log10", "dann", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return dann_family("adam", 0.03, log_every=10, schedule=cosine_after(0.0), schedule_name="cosine")


@case("dann-radam-step-decay-log3", "dann", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dann_family("radam", 0.1, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("dann-adam-resumed-with-state", "dann", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return dann_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("protonet-adam-constant-log5", "protonet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return protonet_family("adam", 1e-3, log_every=5)


@case("protonet-sgdm-cyclic-triangular2", "protonet", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return protonet_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("protonet-adam-sgdr-log4", "protonet", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return protonet_family("adam", 1e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("protonet-adagrad-constant-log20", "protonet", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return protonet_family("adagrad", 0.03, log_every=20)


@case("kws-nadam-cosine", "kws", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return kws_family("nadam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("kws-adam-resumed-with-state", "kws", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return kws_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("kws-adamax-constant-log3", "kws", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return kws_family("adamax", 0.03, log_every=3)


# fresh28 half, logged once per epoch


@case("stn-adam-lr-1-per-epoch", "stn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return stn_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.stn_glyphs(batch_size=128))


@case("kws-adam-lr-1-per-epoch", "kws", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return kws_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.kws_spectrograms(batch_size=128))


@case("kws-adam-256-utterances-overfits-per-epoch", "kws", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return kws_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.kws_spectrograms(train_rows=256))


@case("dann-adam-cosine-per-epoch", "dann", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return dann_family("adam", 0.03, steps=31 * 13, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("protonet-adam-per-epoch", "protonet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return protonet_family("adam", 1e-3, steps=50 * 8, log_per_epoch=True, data=fd.pnet_episodes(n=1000, batch_size=20))


@case("protonet-sgdm-cosine-per-epoch", "protonet", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return protonet_family("sgdm", 0.03, steps=50 * 8, log_per_epoch=True, data=fd.pnet_episodes(n=1000, batch_size=20),
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("kws-adagrad-per-epoch", "kws", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return kws_family("adagrad", 0.03, steps=46 * 9, log_per_epoch=True, data=fd.kws_spectrograms(batch_size=128))


# --------------------------------------------------------------------------- the twenty-ninth fresh half (fresh29, held out from all tuning)


def vrnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.vrnn_nelbo)
    knobs.setdefault("loss_name", "negative ELBO per step: Gaussian NLL of the point + KL(q || prior), mean over paths and steps")
    knobs.setdefault("meta", {"model": "variational RNN: a GRUCell of 32, a prior net, an encoder and a decoder of ReLU layers, 4-d Gaussian latents a step",
                              "steps": fd.VRNN_STEPS, "latent": fd.VRNN_LATENT,
                              "held_out": "negative ELBO per step on new trajectories (below 0 when trained)"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.vrnn_trajectories(), knobs.pop("model", None) or fd.VariationalRNN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def han_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 6 topics")
    knobs.setdefault("meta", {"model": "hierarchical attention network: word GRU + attention, sentence GRU + attention, a ReLU layer, a linear head",
                              "sentences": fd.HAN_SENTENCES, "words": fd.HAN_WORDS, "vocab_size": fd.HAN_VOCAB,
                              "classes": fd.HAN_CLASSES, "held_out": "cross-entropy on new documents"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.han_documents(), knobs.pop("model", None) or fd.HierAttnNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def stgcn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "mse of the next 3 steps at every node (standardised)")
    knobs.setdefault("meta", {"model": "STGCN-like: a temporal conv, a graph convolution (normalised adjacency), a temporal conv, a ReLU layer, a linear head",
                              "nodes": fd.STGCN_NODES, "history": fd.STGCN_HISTORY, "horizon": fd.STGCN_HORIZON,
                              "held_out": "mse on later windows of the series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.stgcn_traffic(), knobs.pop("model", None) or fd.SpatioTemporalGCN,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def density_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", F.mse_loss)
    knobs.setdefault("loss_name", "pixel mse of the density map (x20)")
    knobs.setdefault("meta", {"model": "fully convolutional density-map regressor: 3x3 convs, a max pool, a bilinear upsampling, a ReLU conv, a 1x1 head",
                              "image_size": fd.DENS_SIZE, "max_heads": fd.DENS_MAX_HEADS, "density_scale": fd.DENS_SCALE,
                              "held_out": "pixel mse of the density map on new images"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.density_crowds(), knobs.pop("model", None) or fd.DensityFCN, optimizer,
                      lr, steps, **knobs)  # fmt: skip


VRNN0, HAN0 = 2.155, LN(fd.HAN_CLASSES)
"""Where the families start: the variational RNN at a negative ELBO of ~2.16 a step (a unit Gaussian over each point: ln 2 pi
+ E x^2 / 2 + a small KL), the hierarchical attention network at chance over its 6 topics (ln 6). The forecaster and the
density net start at an mse of ~1 (standardised signals, a density map scaled so)."""


# vrnn: a variational RNN (a GRU state, a prior net, an encoder and a decoder giving Gaussians a step) of 2-D trajectories
# of 16 steps (spirals, bouncing balls, smooth random walks), the negative ELBO per step (2.16 at step 1, below 0 when
# trained); works at Adam 3e-3-0.01 (~-1.8 to -1.9 held out in 400 steps), RMSprop 1e-3 (~-1.4); SGDm 0.03 unstable
# (~1.7: no SGD run for it); Adam 1 gives NaN


@case("vrnn-adam-lr-1-log2", "vrnn", "lr-high-nan", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return vrnn_family("adam", 1.0, log_every=2)


@case("vrnn-adamw-warmup-cosine-peak-1", "vrnn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return vrnn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("vrnn-adam-lr-3e-5-100x-low", "vrnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vrnn_family("adam", 3e-5)


@case("vrnn-rmsprop-lr-1e-5-100x-low-log2", "vrnn", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vrnn_family("rmsprop", 1e-5, log_every=2)


@case("vrnn-adam-decoder-head-x300", "vrnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.VariationalRNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients", "non-finite-loss"),
      tol=20, shape=first_loss_above(10, VRNN0, "a unit Gaussian's"))
def _() -> Setup:
    return vrnn_family("adam", 3e-3, model=lambda: scaled_head(fd.VariationalRNN(), 300))


@case("vrnn-adam-hidden-layers-dead-at-init", "vrnn", "dead-units",
      cf=lambda s: replace(s, model=fd.VariationalRNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return vrnn_family("adam", 3e-3, model=lambda: fd.VariationalRNN(dead_bias=-30.0), track_zero_grads=True)


@case("vrnn-adam-exponential-1000x-in-40-steps", "vrnn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return vrnn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("vrnn-adam-missing-coordinate-nan", "vrnn", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the paths with a missing (NaN) coordinate dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return vrnn_family("adam", 3e-3, data=fd.vrnn_trajectories(nan_rows=0.003))


@case("vrnn-adam-lr-0p01-recreated-every-8-steps", "vrnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return vrnn_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# han: a hierarchical attention network (word GRU + attention, sentence GRU + attention, a ReLU layer, a head) of synthetic
# documents whose topic is the keyword pair that co-occurs within a sentence, cross-entropy over 6 topics (1.79 at step
# 1, ln 6 = 1.79; 5% label noise in training); works at Adam 3e-3, NAdam 0.01, Adagrad 0.03 (~0.03-0.05 held out in 400
# steps), RMSprop 1e-3 (~0.10); sits at chance ~100-300 steps before it finds the pairs at lower lrs (Adam 3e-5: 1.795
# at the end, no lr-too-low run; SGDm 0.1 leaves chance only after ~300 steps)


@case("han-adam-lr-1-log4", "han", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return han_family("adam", 1.0, log_every=4)


@case("han-rmsprop-lr-0p3-log2", "han", "lr-high-step1", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return han_family("rmsprop", 0.3, log_every=2)


@case("han-adamw-warmup-cosine-peak-1", "han", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return han_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("han-nadam-cyclic-peak-1", "han", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return han_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("han-sgdm-summed-ce", "han", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, HAN0, "ln 6"))
def _() -> Setup:
    return han_family("sgdm", 0.1, loss_fn=fd.han_ce_summed, loss_name="cross_entropy summed over the batch's documents (reduction='sum')",
                      val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("han-adam-head-x300", "han", "last-layer-init",
      cf=lambda s: replace(s, model=fd.HierAttnNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, HAN0, "ln 6"))
def _() -> Setup:
    return han_family("adam", 3e-3, model=lambda: scaled_head(fd.HierAttnNet(), 300))


@case("han-adam-fc-dead-at-init", "han", "dead-units",
      cf=lambda s: replace(s, model=fd.HierAttnNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return han_family("adam", 3e-3, model=lambda: fd.HierAttnNet(dead_bias=-30.0), track_zero_grads=True)


@case("han-adam-multistep-x0p1-at-5pct", "han", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return han_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("han-adam-missing-token-nan", "han", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the documents with a missing (NaN) token dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return han_family("adam", 3e-3, data=fd.han_documents(nan_rows=0.003))


@case("han-adam-256-documents-overfits", "han", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return han_family("adam", 3e-3, steps=600, eval_every=30, data=fd.han_documents(train_rows=256))


@case("han-sgd-lr-1-no-clip-explodes", "han", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return han_family("sgd", 1.0)


# stgcn: an STGCN-like forecaster (temporal conv, graph convolution over a ring-with-chords road graph, temporal conv, a
# ReLU layer, a head) of node signals driven by diffusion, daily-like drives, incidents and noise, mse of the next 3
# steps (1.08 at step 1, standardised); works at Adam 3e-3-0.01, Adagrad 0.03, RMSprop 1e-3, SGDm 0.03 (~0.38-0.40
# held out in 400 steps, most of it by step 120: the incidents and the noise are not predictable)


@case("stgcn-adam-lr-1-log2", "stgcn", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return stgcn_family("adam", 1.0, log_every=2)


@case("stgcn-sgdm-lr-30-1000x", "stgcn", "lr-high-nan", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return stgcn_family("sgdm", 30.0)


@case("stgcn-adamw-warmup-cosine-peak-1", "stgcn", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return stgcn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("stgcn-adam-exponential-gamma-1p02", "stgcn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return stgcn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("stgcn-sgdm-summed-mse", "stgcn", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, 1.0, "the mse of a standardised signal"))
def _() -> Setup:
    return stgcn_family("sgdm", 0.03, loss_fn=fd.stgcn_mse_summed, loss_name="mse summed over the batch's windows (reduction='sum')",
                        val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("stgcn-adam-fc-dead-at-init", "stgcn", "dead-units",
      cf=lambda s: replace(s, model=fd.SpatioTemporalGCN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return stgcn_family("adam", 3e-3, model=lambda: fd.SpatioTemporalGCN(dead_bias=-30.0), track_zero_grads=True)


@case("stgcn-adam-exponential-1000x-in-40-steps", "stgcn", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return stgcn_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


# density: a fully convolutional density-map regressor (3x3 convs, a max pool, a bilinear upsampling, a ReLU conv, a 1x1
# head) of 24x24 crowd images with 0-30 Gaussian heads on clutter, the pixel mse of the density map x20 (1.2 at step 1);
# works at Adam 3e-3-0.01 (~0.12-0.13 held out in 400 steps), RMSprop 1e-3, SGDm 0.01 (~0.15)


@case("density-adam-lr-1-log2", "density", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return density_family("adam", 1.0, log_every=2)


@case("density-sgdm-lr-10-1000x", "density", "lr-high-nan", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return density_family("sgdm", 10.0)


@case("density-rmsprop-exponential-gamma-1p02", "density", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return density_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("density-adam-lr-3e-5-100x-low", "density", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return density_family("adam", 3e-5)


@case("density-sgdm-summed-mse", "density", "summed",
      cf=lambda s: replace(s, loss_fn=F.mse_loss, loss_name="pixel mse (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, 1.2, "the mse of an untrained net"))
def _() -> Setup:
    return density_family("sgdm", 0.01, loss_fn=fd.density_mse_summed, loss_name="pixel mse summed over the batch's images (reduction='sum')",
                          val_loss_fn=F.mse_loss, mean_loss_fn=F.mse_loss)  # fmt: skip


@case("density-adam-head-x300", "density", "last-layer-init",
      cf=lambda s: replace(s, model=fd.DensityFCN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, 1.2, "the mse of an untrained net"))
def _() -> Setup:
    return density_family("adam", 3e-3, model=lambda: fd.density_fcn_scaled_head(300))


@case("density-adam-fc-dead-at-init", "density", "dead-units",
      cf=lambda s: replace(s, model=fd.DensityFCN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return density_family("adam", 3e-3, model=lambda: fd.DensityFCN(dead_bias=-30.0), track_zero_grads=True)


@case("density-adam-multistep-x0p1-at-5pct", "density", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return density_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("density-adam-dead-pixel-nan", "density", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the images with a dead (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return density_family("adam", 3e-3, data=fd.density_crowds(nan_rows=0.003))


@case("density-adam-lr-3e-3-recreated-every-8-steps", "density", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return density_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("vrnn-rmsprop-lr-1e-3-recreated-every-8-steps", "vrnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return vrnn_family("rmsprop", 1e-3, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("vrnn-nadam-lr-1e-4-100x-low-log3", "vrnn", "lr-low-adam", cf=lr_to(0.01), cf_what="NAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vrnn_family("nadam", 1e-4, log_every=3)


@case("vrnn-adamw-lr-3e-5-100x-low-log5", "vrnn", "lr-low-adam", cf=lr_to(3e-3), cf_what="AdamW lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return vrnn_family("adamw", 3e-5, log_every=5)


@case("density-radam-lr-3e-5-100x-low-log2", "density", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return density_family("radam", 3e-5, log_every=2)


@case("density-sgdm-lr-1e-4-100x-low-log4", "density", "lr-low-sgd", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return density_family("sgdm", 1e-4, log_every=4)


@case("density-adam-lr-0p03-no-warmup", "density", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return density_family("adam", 0.03)


# fresh29 half: healthy look-alikes


@case("vrnn-nadam-cosine-log2", "vrnn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return vrnn_family("nadam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("vrnn-adam-resumed-with-state", "vrnn", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return vrnn_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True,
                       schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("han-adam-sgdr-log4", "han", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape(fd.HAN_CLASSES))
def _() -> Setup:
    return han_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("stgcn-adam-constant-log5", "stgcn", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("adam", 3e-3, log_every=5)


@case("stgcn-radam-step-decay-log3", "stgcn", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("radam", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("stgcn-sgdm-cyclic-triangular2", "stgcn", "healthy", like=("lr-too-high", "optimizer-reset"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("sgdm", 0.03, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("stgcn-adamw-warmup-linear-avg10", "stgcn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                        schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("stgcn-nesterov-one-cycle", "stgcn", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("density-adam-cosine", "density", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return density_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("density-adam-resumed-with-state", "density", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return density_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("density-sgdm-one-cycle-log10", "density", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return density_family("sgdm", 0.1, log_every=10, schedule=one_cycle, schedule_name="OneCycleLR")


@case("stgcn-adagrad-constant-log20", "stgcn", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("adagrad", 0.03, log_every=20)


@case("stgcn-adam-sgdr-log4", "stgcn", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("adam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("vrnn-adam-warmup-cosine", "vrnn", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return vrnn_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


# fresh29 half, logged once per epoch


@case("han-adam-256-documents-overfits-per-epoch", "han", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return han_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.han_documents(train_rows=256))


@case("han-adam-lr-1-per-epoch", "han", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return han_family("adam", 1.0, steps=31 * 13, log_per_epoch=True, data=fd.han_documents(batch_size=128))


@case("density-adam-lr-1-per-epoch", "density", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return density_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.density_crowds(n=2944, batch_size=64))


@case("vrnn-adam-cosine-per-epoch", "vrnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return vrnn_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


@case("han-adam-cosine-per-epoch", "han", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.HAN_CLASSES))
def _() -> Setup:
    return han_family("adam", 0.01, steps=31 * 13, log_per_epoch=True, data=fd.han_documents(batch_size=128),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("stgcn-adam-per-epoch", "stgcn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return stgcn_family("adam", 3e-3, steps=46 * 9, log_per_epoch=True, data=fd.stgcn_traffic(n=2944, batch_size=64))


@case("density-adagrad-per-epoch", "density", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return density_family("adagrad", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.density_crowds(n=2944, batch_size=64))



# --------------------------------------------------------------------------- the thirtieth fresh half (fresh30, held out from all tuning)


def gae_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.gae_bce)
    knobs.setdefault("loss_name", "binary_cross_entropy_with_logits over held-back edges and as many sampled non-edges (mean)")
    knobs.setdefault("meta", {"model": "graph autoencoder: three graph convolutions (a ReLU layer between), an inner-product decoder",
                              "nodes": fd.GAE_NODES, "node_features": fd.GAE_FEATS, "embedding": fd.GAE_EMBED,
                              "held_out": "link-prediction BCE on the held-back edges of new graphs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.gae_graphs(), knobs.pop("model", None) or fd.GraphAutoEncoder, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def cpc_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.cpc_infonce)
    knobs.setdefault("loss_name", "InfoNCE over the codes of 32 sequences, 1-3 steps ahead (mean)")
    knobs.setdefault("meta", {"model": "contrastive predictive coding: a strided conv encoder, a GRU context, linear predictions of the codes ahead",
                              "sequence_length": fd.CPC_LEN, "steps_ahead": fd.CPC_AHEAD, "candidates": fd.CPC_GROUP,
                              "held_out": "InfoNCE on new sequences, in groups of 32"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.cpc_sequences(), knobs.pop("model", None) or fd.PredictiveCoder, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def inception_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 5 patterns")
    knobs.setdefault("meta", {"model": "InceptionTime-like: two Inception modules (BatchNorm) with a residual shortcut, global average pooling, a ReLU layer, a linear head",
                              "length": fd.INC_LEN, "channels": 2, "classes": fd.INC_CLASSES,
                              "held_out": "cross-entropy on new series"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.inception_series(), knobs.pop("model", None) or fd.InceptionTimeNet,
                      optimizer, lr, steps, **knobs)  # fmt: skip


def focal_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.focal_mean)
    knobs.setdefault("loss_name", "sigmoid focal loss (alpha 0.25, gamma 2), mean over the rows")
    knobs.setdefault("meta", {"model": "ReLU MLP 12-64-32-1", "positive_rate": 0.07, "focal_alpha": fd.FOCAL_ALPHA,
                              "focal_gamma": fd.FOCAL_GAMMA, "held_out": "focal loss on new rows"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.focal_rows(), knobs.pop("model", None) or fd.FocalMLP, optimizer, lr,
                      steps, **knobs)  # fmt: skip

GAE0, CPC0, INC0, FOCAL0 = LN(2), LN(fd.CPC_GROUP), LN(fd.INC_CLASSES), 0.124
"""Where the families start: the graph autoencoder at ln 2 (logits Z Z^T near 0 over balanced positives and negatives,
0.70 at step 1), contrastive predictive coding at ln 32 (InfoNCE at chance over a group's 32 candidates), the
InceptionTime-like net at ln 5; the focal loss at ~0.124, not ln 2: a logit near 0 gives p_t = 1/2, so alpha_t x 1/4 x
ln 2, alpha_t 0.25 on the 7% positives and 0.75 on the negatives (0.173 x 0.715)."""


# gae: a graph autoencoder (three graph convolutions, an inner-product decoder) of stochastic block models (20 nodes, 4
# blocks, p 0.8 within and 0.02 across, node features the block's one-hot + noise 0.4), BCE over held-back edges and as
# many sampled non-edges (0.70 at step 1); works at Adam 3e-3-0.03, SGDm 0.1-0.3 (~0.35 held out in 400 steps)


@case("gae-adam-lr-1-log2", "gae", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return gae_family("adam", 1.0, log_every=2)


@case("gae-sgdm-lr-100-1000x", "gae", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gae_family("sgdm", 100.0)


@case("gae-adamw-warmup-cosine-peak-1", "gae", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gae_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("gae-adam-exponential-gamma-1p02", "gae", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return gae_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("gae-adam-lr-3e-5-100x-low", "gae", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gae_family("adam", 3e-5)


@case("gae-radam-lr-3e-5-100x-low-log3", "gae", "lr-low-adam", cf=lr_to(3e-3), cf_what="RAdam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return gae_family("radam", 3e-5, log_every=3)


@case("gae-sgdm-summed-bce", "gae", "summed",
      cf=lambda s: replace(s, loss_fn=fd.gae_bce, loss_name="binary_cross_entropy_with_logits (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, GAE0, "ln 2"))
def _() -> Setup:
    return gae_family("sgdm", 0.1, loss_fn=fd.gae_bce_summed, loss_name="binary_cross_entropy_with_logits of each graph summed over the batch's graphs (reduction='sum')",
                      val_loss_fn=fd.gae_bce, mean_loss_fn=fd.gae_bce)  # fmt: skip


@case("gae-adam-head-x300", "gae", "last-layer-init",
      cf=lambda s: replace(s, model=fd.GraphAutoEncoder), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, GAE0, "ln 2"))
def _() -> Setup:
    return gae_family("adam", 3e-3, model=lambda: scaled_head(fd.GraphAutoEncoder(), 300))


@case("gae-adam-fc-dead-at-init", "gae", "dead-units",
      cf=lambda s: replace(s, model=fd.GraphAutoEncoder), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return gae_family("adam", 3e-3, model=lambda: fd.GraphAutoEncoder(dead_bias=-30.0), track_zero_grads=True)


@case("gae-adam-exponential-1000x-in-40-steps", "gae", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return gae_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("gae-adam-missing-feature-nan", "gae", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the graphs with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return gae_family("adam", 3e-3, data=fd.gae_graphs(nan_rows=0.003))


@case("gae-adam-lr-0p1-no-warmup", "gae", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return gae_family("adam", 0.1)


# cpc: contrastive predictive coding (a strided conv encoder, a GRU context, linear predictions of the codes 1-3 steps
# ahead) of 1-D sequences (two sines, an AR(1) wander, noise), InfoNCE over the codes of 32 sequences (3.47 at step 1,
# ln 32); works at Adam 3e-3 (~0.35 held out in 400 steps), 1e-3 (~0.55), SGD 1 clipped at 1 (~1.0); Adam 1 and SGD 1
# unclipped stay at chance


@case("cpc-adam-lr-1-log4", "cpc", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return cpc_family("adam", 1.0, log_every=4)


@case("cpc-adamw-warmup-cosine-peak-1", "cpc", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cpc_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("cpc-nadam-cyclic-peak-1", "cpc", "lr-high-cyclic", cf=lr_to(3e-3), cf_what="peak lr 3e-3 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return cpc_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("cpc-adam-lr-3e-5-100x-low", "cpc", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cpc_family("adam", 3e-5)


@case("cpc-rmsprop-lr-1e-5-100x-low-log2", "cpc", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return cpc_family("rmsprop", 1e-5, log_every=2)


@case("cpc-sgdm-summed-infonce", "cpc", "summed",
      cf=lambda s: replace(s, loss_fn=fd.cpc_infonce, loss_name="InfoNCE (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CPC0, "ln 32"))
def _() -> Setup:
    return cpc_family("sgdm", 0.1, loss_fn=fd.cpc_infonce_summed, loss_name="InfoNCE summed over the batch's sequences (reduction='sum')",
                      val_loss_fn=fd.cpc_infonce, mean_loss_fn=fd.cpc_infonce)  # fmt: skip


@case("cpc-adam-fc-dead-at-init", "cpc", "dead-units",
      cf=lambda s: replace(s, model=fd.PredictiveCoder), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return cpc_family("adam", 3e-3, model=lambda: fd.PredictiveCoder(dead_bias=-30.0), track_zero_grads=True)


@case("cpc-adam-multistep-x0p1-at-5pct", "cpc", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return cpc_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("cpc-adam-lr-3e-3-recreated-every-8-steps", "cpc", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return cpc_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("cpc-adam-lr-0p03-no-warmup", "cpc", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return cpc_family("adam", 0.03)


@case("cpc-sgd-lr-1-no-clip-explodes", "cpc", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return cpc_family("sgd", 1.0)


# inception: an InceptionTime-like classifier (two Inception modules with BatchNorm, a residual shortcut, global average
# pooling, a ReLU layer, a head) of 2-channel series of 64 samples by the pattern hidden in them (5 classes), cross-
# entropy (1.59 at step 1, ln 5 = 1.61); works at Adam 3e-3-0.03, SGDm 0.03 (~0.42-0.47 held out in 400 steps, noisy
# under BatchNorm)


@case("inception-adam-lr-1-log2", "inception", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return inception_family("adam", 1.0, log_every=2)


@case("inception-sgdm-lr-30-1000x", "inception", "lr-high-step1", cf=lr_to(0.03), cf_what="lr 0.03",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return inception_family("sgdm", 30.0)


@case("inception-adamw-warmup-cosine-peak-1", "inception", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return inception_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("inception-adam-lr-3e-5-100x-low", "inception", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return inception_family("adam", 3e-5)


@case("inception-sgdm-summed-ce", "inception", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, INC0, "ln 5"))
def _() -> Setup:
    return inception_family("sgdm", 0.03, loss_fn=fd.inception_ce_summed, loss_name="cross_entropy summed over the batch's series (reduction='sum')",
                            val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("inception-adam-head-x300", "inception", "last-layer-init",
      cf=lambda s: replace(s, model=fd.InceptionTimeNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(5, INC0, "ln 5"))
def _() -> Setup:
    return inception_family("adam", 3e-3, model=lambda: scaled_head(fd.InceptionTimeNet(), 300))


@case("inception-adam-fc-dead-at-init", "inception", "dead-units",
      cf=lambda s: replace(s, model=fd.InceptionTimeNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return inception_family("adam", 3e-3, model=lambda: fd.InceptionTimeNet(dead_bias=-30.0), track_zero_grads=True)


@case("inception-adam-multistep-x0p1-at-5pct", "inception", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return inception_family("adam", 3e-3, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("inception-adam-missing-sample-nan", "inception", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the series with a missing (NaN) sample dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return inception_family("adam", 3e-3, data=fd.inception_series(nan_rows=0.003))


@case("inception-adam-lr-0p01-recreated-every-8-steps", "inception", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return inception_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# focal: a ReLU MLP (12-64-32-1) scoring rows of an imbalanced binary task (7% positives), the sigmoid focal loss (alpha
# 0.25, gamma 2; 0.12 at step 1, not ln 2); works at Adam 3e-3-0.01, SGDm 0.1 (~0.019-0.023 held out in 400 steps)


@case("focal-adam-lr-1", "focal", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return focal_family("adam", 1.0)


@case("focal-sgdm-lr-100-1000x", "focal", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return focal_family("sgdm", 100.0)


@case("focal-rmsprop-exponential-gamma-1p02", "focal", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return focal_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("focal-adam-lr-3e-5-100x-low", "focal", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return focal_family("adam", 3e-5)


@case("focal-sgdm-lr-1e-3-100x-low-log4", "focal", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return focal_family("sgdm", 1e-3, log_every=4)


@case("focal-adam-head-x300", "focal", "last-layer-init",
      cf=lambda s: replace(s, model=fd.FocalMLP), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, FOCAL0, "the focal loss of logits near 0"))
def _() -> Setup:
    return focal_family("adam", 3e-3, model=lambda: scaled_head(fd.FocalMLP(), 300))


@case("focal-adam-fc-dead-at-init", "focal", "dead-units",
      cf=lambda s: replace(s, model=fd.FocalMLP), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return focal_family("adam", 3e-3, model=lambda: fd.FocalMLP(dead_bias=-30.0), track_zero_grads=True)


@case("focal-adam-exponential-1000x-in-40-steps", "focal", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return focal_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("focal-adam-missing-feature-nan", "focal", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return focal_family("adam", 3e-3, data=fd.focal_rows(nan_rows=0.003))


@case("focal-adam-256-rows-overfits", "focal", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return focal_family("adam", 3e-3, steps=600, eval_every=30, data=fd.focal_rows(train_rows=256))


# fresh30 half: healthy look-alikes


@case("gae-adam-warmup-cosine", "gae", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return gae_family("adam", 0.01, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("gae-sgdm-one-cycle", "gae", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return gae_family("sgdm", 0.3, schedule=one_cycle, schedule_name="OneCycleLR")


@case("gae-adagrad-constant-log20", "gae", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return gae_family("adagrad", 0.03, log_every=20)


@case("gae-adam-resumed-with-state", "gae", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return gae_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("cpc-adam-cosine-log2", "cpc", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape())
def _() -> Setup:
    return cpc_family("adam", 0.03, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("cpc-nadam-sgdr-log4", "cpc", "healthy", like=("optimizer-reset", "lr-too-high"), shape=healthy_shape())
def _() -> Setup:
    return cpc_family("nadam", 3e-3, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("cpc-rmsprop-constant-log5", "cpc", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return cpc_family("rmsprop", 3e-3, log_every=5)


@case("cpc-adamw-warmup-linear-avg10", "cpc", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return cpc_family("adamw", 0.03, log_every=10, average=True, schedule=linear_decay_after(0.05),
                      schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("inception-adam-cosine", "inception", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.INC_CLASSES))
def _() -> Setup:
    return inception_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("inception-sgdm-cyclic-triangular2", "inception", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(fd.INC_CLASSES))
def _() -> Setup:
    return inception_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("inception-nesterov-one-cycle", "inception", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.INC_CLASSES))
def _() -> Setup:
    return inception_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("inception-radam-step-decay-log3", "inception", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.INC_CLASSES))
def _() -> Setup:
    return inception_family("radam", 0.01, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("focal-adam-constant-log5", "focal", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return focal_family("adam", 3e-3, log_every=5)


@case("focal-adam-resumed-with-state", "focal", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return focal_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("focal-sgdm-step-decay", "focal", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return focal_family("sgdm", 0.3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


# fresh30 half, logged once per epoch


@case("focal-adam-256-rows-overfits-per-epoch", "focal", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return focal_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.focal_rows(train_rows=256, batch_size=64))


@case("cpc-adam-lr-1-per-epoch", "cpc", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return cpc_family("adam", 1.0, steps=50 * 8, log_per_epoch=True, data=fd.cpc_sequences(batch_size=64))


@case("inception-adam-lr-1-per-epoch", "inception", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return inception_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.inception_series(n=2944, batch_size=64))


@case("gae-adam-cosine-per-epoch", "gae", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return gae_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.gae_graphs(n=2944, batch_size=64),
                      schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("cpc-adam-per-epoch", "cpc", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return cpc_family("adam", 0.01, steps=50 * 8, log_per_epoch=True, data=fd.cpc_sequences(batch_size=64))


@case("inception-adagrad-per-epoch", "inception", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.INC_CLASSES))
def _() -> Setup:
    return inception_family("adagrad", 0.03, steps=46 * 9, log_per_epoch=True, data=fd.inception_series(n=2944, batch_size=64))


@case("focal-adam-cosine-per-epoch", "focal", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return focal_family("adam", 0.03, steps=46 * 9, log_per_epoch=True, data=fd.focal_rows(n=5888), schedule=cosine_after(0.0),
                        schedule_name="cosine")  # fmt: skip


# --------------------------------------------------------------------------- the thirty-first fresh half (fresh31, held out from all tuning)


def caption_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy per caption token (ignore_index=-100 after <eos>)")
    knobs.setdefault("meta", {"model": "image captioning: a CNN encoder, its features the first state of a GRU decoder, teacher forcing",
                              "vocab_size": len(fd.CAPT_WORDS), "caption_tokens": fd.CAPT_LEN,
                              "held_out": "token cross-entropy on the captions of new scenes"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.caption_scenes(), knobs.pop("model", None) or fd.CaptionNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def barlow_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.barlow_loss)
    knobs.setdefault("loss_name", "Barlow Twins loss: sum (1 - C_ii)^2 + 0.05 x sum_{i != j} C_ij^2 of the batch-standardised cross-correlation")
    knobs.setdefault("meta", {"model": "Barlow Twins: a ReLU MLP encoder and a projector (BatchNorm) applied to each of two augmented views",
                              "code_dim": fd.BARLOW_CODE, "lambda": fd.BARLOW_LAMBDA,
                              "held_out": "the Barlow Twins loss of the new rows' two views, all at once"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.barlow_views(), knobs.pop("model", None) or fd.BarlowTwins, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def textcnn_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_name", "cross_entropy over the 4 classes")
    knobs.setdefault("meta", {"model": "Kim-style text CNN: embeddings, Conv1d of widths 3/4/5, max over time, dropout, a linear head",
                              "vocab_size": fd.TCNN_VOCAB, "sentence_length": fd.TCNN_LEN, "classes": fd.TCNN_CLASSES,
                              "held_out": "cross-entropy on new sentences"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.textcnn_sentences(), knobs.pop("model", None) or fd.KimTextCNN, optimizer,
                      lr, steps, **knobs)  # fmt: skip


def siamese_family(optimizer: str, lr: float, steps: int = 400, **knobs: Any) -> Setup:
    knobs.setdefault("eval_every", 40)
    knobs.setdefault("loss_fn", fd.siamese_mean)
    knobs.setdefault("loss_name", "contrastive loss (Hadsell et al.): 1/2 d^2 same class, 1/2 max(0, 1 - d)^2 otherwise (mean)")
    knobs.setdefault("meta", {"model": "siamese ReLU MLP 16-64-64-8, shared weights", "margin": fd.SIAMESE_MARGIN,
                              "held_out": "contrastive loss on new pairs"})  # fmt: skip
    return setup_more(knobs.pop("data", None) or fd.siamese_pairs(), knobs.pop("model", None) or fd.SiameseNet, optimizer,
                      lr, steps, **knobs)  # fmt: skip


CAPT0, BARLOW0, TCNN0, SIAM0 = LN(len(fd.CAPT_WORDS)), 5.0, LN(fd.TCNN_CLASSES), 0.15
"""Where the families start: the captioner at ln 11 (2.42 at step 1: every token alike), the text CNN at ln 4 (1.48-1.55);
the Barlow Twins loss at ~5 (4.6-5.2 at step 1), not ln C: the two views of a row stay correlated through a fresh network
(the 16 on-diagonal terms (1 - C_ii)^2) and so do its 16 codes with one another (0.05 x the 240 off-diagonal C_ij^2); the
siamese contrastive loss at ~0.15 (0.13-0.16 at step 1), not ln 2: the embeddings of a fresh network are small (d ~ 0.3-0.5),
so a pair of one class costs ~1/2 d^2 and a pair of two ~1/2 (1 - d)^2."""


# caption: a captioner of synthetic scenes (a CNN encoder with BatchNorm, its features the first state and every step's
# input of a GRU decoder, teacher forcing) of 1-3 coloured shapes in 3 slots, cross-entropy per caption token (2.42 at
# step 1, ln 11); works at Adam 3e-3-0.03, SGDm 0.3, RMSprop 1e-3-3e-3 (~0.31-0.45 held out in 400 steps); Adam 0.1
# falls into a plateau near 1.0 (a language model that ignores the image), with a warmup as well at one seed of two


@case("caption-adam-lr-1-log4", "caption", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return caption_family("adam", 1.0, log_every=4)


@case("caption-adamw-warmup-cosine-peak-1", "caption", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return caption_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("caption-nadam-cyclic-peak-1", "caption", "lr-high-cyclic", cf=lr_to(0.01), cf_what="peak lr 0.01 (the same cycle)",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return caption_family("nadam", 1.0, schedule=cyclic(0.05, 0.25), schedule_name="CyclicLR triangular")


@case("caption-adam-lr-1e-4-100x-low", "caption", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return caption_family("adam", 1e-4)


@case("caption-rmsprop-lr-1e-5-100x-low-log2", "caption", "lr-low-rmsprop", cf=lr_to(1e-3), cf_what="RMSprop lr 1e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return caption_family("rmsprop", 1e-5, log_every=2)


@case("caption-sgdm-summed-ce", "caption", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy per token (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, CAPT0, "ln 11"))
def _() -> Setup:
    return caption_family("sgdm", 0.3, loss_fn=fd.caption_ce_summed, loss_name="cross_entropy summed over the batch's caption tokens (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("caption-adam-head-x300", "caption", "last-layer-init",
      cf=lambda s: replace(s, model=fd.CaptionNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, CAPT0, "ln 11"))
def _() -> Setup:
    return caption_family("adam", 0.01, model=lambda: scaled_head(fd.CaptionNet(), 300))


@case("caption-adam-fc-dead-at-init", "caption", "dead-units",
      cf=lambda s: replace(s, model=fd.CaptionNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return caption_family("adam", 0.01, model=lambda: fd.CaptionNet(dead_bias=-30.0), track_zero_grads=True)


@case("caption-adam-multistep-x0p1-at-5pct", "caption", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return caption_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("caption-adam-missing-pixel-nan", "caption", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the scenes with a missing (NaN) pixel dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return caption_family("adam", 0.01, data=fd.caption_scenes(nan_rows=0.003))


@case("caption-adam-lr-0p01-recreated-every-8-steps", "caption", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return caption_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# barlow: Barlow Twins (a ReLU MLP encoder and a BatchNorm projector on each of two augmented views of rows driven by 6
# latent factors), the loss of the batch-standardised cross-correlation (4.6-5.2 at step 1); works at Adam 3e-3-0.1,
# SGDm 3e-3-0.03, Adagrad 0.03 (~0.39-0.49 held out in 400 steps); lr-insensitive: bounded (|C_ij| <= 1), it cannot blow up


@case("barlow-adam-lr-1-log2", "barlow", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return barlow_family("adam", 1.0, log_every=2)


@case("barlow-sgdm-lr-10-1000x", "barlow", "lr-high-step1", cf=lr_to(0.01), cf_what="lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return barlow_family("sgdm", 10.0)


@case("barlow-adam-lr-1e-4-100x-low", "barlow", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return barlow_family("adam", 1e-4)


@case("barlow-radam-lr-1e-4-100x-low-log3", "barlow", "lr-low-adam", cf=lr_to(0.01), cf_what="RAdam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return barlow_family("radam", 1e-4, log_every=3)


@case("barlow-sgdm-cross-correlation-summed", "barlow", "summed",
      cf=lambda s: replace(s, loss_fn=fd.barlow_loss, loss_name="Barlow Twins loss, C divided by the batch size"),
      cf_what="C divided by the batch size (its mean)",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, BARLOW0, "the Barlow Twins loss of a fresh network"))
def _() -> Setup:
    return barlow_family("sgdm", 0.01, loss_fn=fd.barlow_unscaled, loss_name="Barlow Twins loss of C summed over the batch (not divided by its size)",
                         val_loss_fn=fd.barlow_loss, mean_loss_fn=fd.barlow_loss)  # fmt: skip


@case("barlow-adam-fc-dead-at-init", "barlow", "dead-units",
      cf=lambda s: replace(s, model=fd.BarlowTwins), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return barlow_family("adam", 0.01, model=lambda: fd.BarlowTwins(dead_bias=-30.0), track_zero_grads=True)


@case("barlow-adam-exponential-1000x-in-40-steps", "barlow", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return barlow_family("adam", 0.01, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("barlow-adam-missing-feature-nan", "barlow", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the rows with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return barlow_family("adam", 0.01, data=fd.barlow_views(nan_rows=0.003))


@case("barlow-adam-lr-0p3-no-warmup", "barlow", "missing-warmup", cf=lambda s: replace(s, warmup_steps=60),
      cf_what="a 60-step linear warmup", must=("missing-warmup",), may=("lr-too-high",), tol=60, shape=anything)
def _() -> Setup:
    return barlow_family("adam", 0.3)


# textcnn: a Kim-style CNN (embeddings, Conv1d of widths 3/4/5, max over time, dropout 0.3) classifying sentences by the
# trigram planted in them (4 classes, 6% random labels), cross-entropy (1.55 at step 1, ln 4 = 1.39); works at Adam
# 3e-3-0.03, SGDm 0.1, Adagrad 0.1 (~0.22-0.33 held out in 400 steps)


@case("textcnn-adam-lr-1-log2", "textcnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return textcnn_family("adam", 1.0, log_every=2)


@case("textcnn-sgdm-lr-100-1000x", "textcnn", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return textcnn_family("sgdm", 100.0)


@case("textcnn-adamw-warmup-cosine-peak-1", "textcnn", "lr-high-ramp", cf=lr_to(0.01), cf_what="peak lr 0.01",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return textcnn_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("textcnn-adam-exponential-gamma-1p02", "textcnn", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return textcnn_family("adam", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("textcnn-adam-lr-1e-4-100x-low", "textcnn", "lr-low-adam", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return textcnn_family("adam", 1e-4)


@case("textcnn-sgdm-summed-ce", "textcnn", "summed",
      cf=lambda s: replace(s, loss_fn=cross_entropy, loss_name="cross_entropy (mean)"), cf_what="reduction='mean'",
      must=("wrong-initial-loss",), may=("lr-too-high", "non-finite-loss", "exploding-gradients", "plateau"), tol=20,
      shape=first_loss_above(10, TCNN0, "ln 4"))
def _() -> Setup:
    return textcnn_family("sgdm", 0.1, loss_fn=fd.textcnn_ce_summed, loss_name="cross_entropy summed over the batch's sentences (reduction='sum')",
                          val_loss_fn=cross_entropy, mean_loss_fn=cross_entropy)  # fmt: skip


@case("textcnn-adam-head-x300", "textcnn", "last-layer-init",
      cf=lambda s: replace(s, model=fd.KimTextCNN), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, TCNN0, "ln 4"))
def _() -> Setup:
    return textcnn_family("adam", 0.01, model=lambda: scaled_head(fd.KimTextCNN(), 300))


@case("textcnn-adam-convs-dead-at-init", "textcnn", "dead-units",
      cf=lambda s: replace(s, model=fd.KimTextCNN), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return textcnn_family("adam", 0.01, model=lambda: fd.KimTextCNN(dead_bias=-30.0), track_zero_grads=True)


@case("textcnn-adam-multistep-x0p1-at-5pct", "textcnn", "premature-decay-step",
      cf=lambda s: replace(s, schedule=multistep(0.7, gamma=0.1)), cf_what="the same x0.1 cut at 70% of the run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), fault_step=21, tol=100, shape=lr_down_by(0.11, 25))
def _() -> Setup:
    return textcnn_family("adam", 0.01, schedule=multistep(0.05, gamma=0.1), schedule_name="MultiStepLR at 5%")


@case("textcnn-adam-lr-0p01-recreated-every-8-steps", "textcnn", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return textcnn_family("adam", 0.01, recreate_optimizer_at=frozenset(range(8, 400, 8)))


@case("textcnn-sgd-lr-1-no-clip", "textcnn", "exploding",
      cf=lambda s: replace(s, max_grad_norm=1.0), cf_what="gradients clipped at 1",
      must=("exploding-gradients",), may=("lr-too-high", "plateau", "non-finite-loss"), tol=20, shape=anything)
def _() -> Setup:
    return textcnn_family("sgd", 1.0)


# siamese: a siamese ReLU MLP (16-64-64-8) embedding pairs of noisy class prototypes (10 classes), the contrastive loss
# with margin 1 (0.13-0.16 at step 1, not ln 2); works at Adam 3e-3-0.01, SGDm 0.1-0.3 (~0.019-0.023 held out in 400 steps)


@case("siamese-adam-lr-1", "siamese", "lr-high-step1", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-high",), may=HIGH + ("missing-warmup",), tol=400, shape=anything)
def _() -> Setup:
    return siamese_family("adam", 1.0)


@case("siamese-sgdm-lr-100-1000x", "siamese", "lr-high-step1", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return siamese_family("sgdm", 100.0)


@case("siamese-adamw-warmup-cosine-peak-1", "siamese", "lr-high-ramp", cf=lr_to(3e-3), cf_what="peak lr 3e-3",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return siamese_family("adamw", 1.0, schedule=cosine_after(0.2), schedule_name="linear warmup 20% + cosine")


@case("siamese-rmsprop-exponential-gamma-1p02", "siamese", "lr-growth",
      cf=lambda s: replace(s, schedule=None, schedule_name="constant"), cf_what="constant lr",
      must=("lr-too-high",), may=HIGH, tol=400, shape=anything)
def _() -> Setup:
    return siamese_family("rmsprop", 1e-3, schedule=exponential(1.02), schedule_name="ExponentialLR(gamma=1.02) per batch")


@case("siamese-adam-lr-3e-5-100x-low", "siamese", "lr-low-adam", cf=lr_to(3e-3), cf_what="Adam lr 3e-3",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return siamese_family("adam", 3e-5)


@case("siamese-sgdm-lr-1e-3-100x-low-log4", "siamese", "lr-low-sgd", cf=lr_to(0.1), cf_what="lr 0.1",
      must=("lr-too-low",), may=("plateau",), tol=400, shape=still_falling)
def _() -> Setup:
    return siamese_family("sgdm", 1e-3, log_every=4)


@case("siamese-adam-head-x300", "siamese", "last-layer-init",
      cf=lambda s: replace(s, model=fd.SiameseNet), cf_what="the default init",
      must=("wrong-initial-loss",), may=("lr-too-high", "missing-warmup", "plateau", "exploding-gradients"), tol=20,
      shape=first_loss_above(10, SIAM0, "the contrastive loss of a fresh network"))
def _() -> Setup:
    return siamese_family("adam", 3e-3, model=lambda: scaled_head(fd.SiameseNet(), 300))


@case("siamese-adam-fc-dead-at-init", "siamese", "dead-units",
      cf=lambda s: replace(s, model=fd.SiameseNet), cf_what="the default init",
      must=("dead-units",), may=("plateau", "lr-too-low"), fault_step=first_dead, tol=100, shape=dead_from)
def _() -> Setup:
    return siamese_family("adam", 3e-3, model=lambda: fd.SiameseNet(dead_bias=-30.0), track_zero_grads=True)


@case("siamese-adam-exponential-1000x-in-40-steps", "siamese", "premature-decay-continuous",
      cf=lambda s: replace(s, schedule=exponential_to(1e-3, 1.0)), cf_what="the same x0.001 decay spread over the whole run",
      must=("premature-decay",), may=("plateau", "lr-too-low"), tol=100, shape=lr_down_by(0.0011, 42))
def _() -> Setup:
    return siamese_family("adam", 3e-3, schedule=exponential_to(1e-3, 0.1), schedule_name="ExponentialLR per batch, x0.001 by step 40")


@case("siamese-adam-missing-feature-nan", "siamese", "nan-early", cf=lambda s: replace(s, data=without_corrupt_inputs(s.data)),
      cf_what="the pairs with a missing (NaN) feature dropped", must=("non-finite-loss",), may=("lr-too-high",),
      fault_step=first_nan, tol=2, shape=nan_within(1, 100))
def _() -> Setup:
    return siamese_family("adam", 3e-3, data=fd.siamese_pairs(nan_rows=0.003))


@case("siamese-adam-256-pairs-overfits", "siamese", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best evaluation", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return siamese_family("adam", 3e-3, steps=600, eval_every=30, data=fd.siamese_pairs(train_rows=256))


@case("siamese-adam-lr-3e-3-recreated-every-8-steps", "siamese", "optimizer-reset",
      cf=lambda s: replace(s, recreate_optimizer_at=()), cf_what="the optimizer created once",
      must=("optimizer-reset",), may=("lr-too-high", "missing-warmup", "plateau", "overfitting"), fault_step=9, tol=5,
      shape=anything)
def _() -> Setup:
    return siamese_family("adam", 3e-3, recreate_optimizer_at=frozenset(range(8, 400, 8)))


# fresh31 half: healthy look-alikes


@case("caption-adam-cosine-log2", "caption", "healthy", like=("plateau", "premature-decay"),
      shape=healthy_shape(len(fd.CAPT_WORDS)))
def _() -> Setup:
    return caption_family("adam", 0.01, log_every=2, schedule=cosine_after(0.0), schedule_name="cosine")


@case("caption-nadam-sgdr-log4", "caption", "healthy", like=("optimizer-reset", "lr-too-high"),
      shape=healthy_shape(len(fd.CAPT_WORDS)))
def _() -> Setup:
    return caption_family("nadam", 0.01, log_every=4, schedule=warm_restarts(0.25), schedule_name="CosineAnnealingWarmRestarts, T_0 = 25%")


@case("caption-rmsprop-constant-log5", "caption", "healthy", like=("plateau", "lr-too-low"),
      shape=healthy_shape(len(fd.CAPT_WORDS)))
def _() -> Setup:
    return caption_family("rmsprop", 2e-3, log_every=5)


@case("caption-adamw-warmup-linear-avg10", "caption", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(len(fd.CAPT_WORDS)))
def _() -> Setup:
    return caption_family("adamw", 0.01, log_every=10, average=True, schedule=linear_decay_after(0.05),
                          schedule_name="linear warmup 5% + linear decay")  # fmt: skip


@case("barlow-adam-warmup-cosine", "barlow", "healthy", like=("lr-too-high", "missing-warmup", "premature-decay"),
      shape=healthy_shape())
def _() -> Setup:
    return barlow_family("adam", 0.03, schedule=cosine_after(0.1), schedule_name="linear warmup 10% + cosine")


@case("barlow-sgdm-one-cycle", "barlow", "healthy", like=("lr-too-high", "missing-warmup"), shape=healthy_shape())
def _() -> Setup:
    return barlow_family("sgdm", 0.03, schedule=one_cycle, schedule_name="OneCycleLR")


@case("barlow-adagrad-constant-log20", "barlow", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return barlow_family("adagrad", 0.03, log_every=20)


@case("barlow-adam-resumed-with-state", "barlow", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return barlow_family("adam", 0.01, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("textcnn-adam-cosine", "textcnn", "healthy", like=("plateau", "premature-decay"), shape=healthy_shape(fd.TCNN_CLASSES))
def _() -> Setup:
    return textcnn_family("adam", 0.01, schedule=cosine_after(0.0), schedule_name="cosine")


@case("textcnn-sgdm-cyclic-triangular2", "textcnn", "healthy", like=("lr-too-high", "optimizer-reset"),
      shape=healthy_shape(fd.TCNN_CLASSES))
def _() -> Setup:
    return textcnn_family("sgdm", 0.1, schedule=cyclic(0.1, 0.25, "triangular2"), schedule_name="CyclicLR triangular2")


@case("textcnn-nesterov-one-cycle", "textcnn", "healthy", like=("lr-too-high", "missing-warmup"),
      shape=healthy_shape(fd.TCNN_CLASSES))
def _() -> Setup:
    return textcnn_family("sgdm", 0.1, opt_args={"nesterov": True}, schedule=one_cycle, schedule_name="OneCycleLR")


@case("textcnn-radam-step-decay-log3", "textcnn", "healthy", like=("premature-decay", "plateau"),
      shape=healthy_shape(fd.TCNN_CLASSES))
def _() -> Setup:
    return textcnn_family("radam", 0.1, log_every=3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


@case("siamese-adam-constant-log5", "siamese", "healthy", like=("plateau", "lr-too-low"), shape=healthy_shape())
def _() -> Setup:
    return siamese_family("adam", 3e-3, log_every=5)


@case("siamese-adam-resumed-with-state", "siamese", "healthy", like=("optimizer-reset",), shape=healthy_shape())
def _() -> Setup:
    return siamese_family("adam", 3e-3, recreate_optimizer_at=frozenset({200}), keep_optimizer_state=True)


@case("siamese-sgdm-step-decay", "siamese", "healthy", like=("premature-decay", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return siamese_family("sgdm", 0.3, schedule=multistep(0.5, 0.75, gamma=0.3), schedule_name="MultiStepLR")


# fresh31 half, logged once per epoch


@case("siamese-adam-256-pairs-overfits-per-epoch", "siamese", "overfitting", early_stop_cf=True,
      cf_what="stopped at its best epoch", must=("overfitting",), may=("plateau",), fault_step=None, shape=overfits)
def _() -> Setup:
    return siamese_family("adam", 3e-3, steps=4 * 150, log_per_epoch=True, data=fd.siamese_pairs(train_rows=256))


@case("caption-adam-lr-1-per-epoch", "caption", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return caption_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.caption_scenes(n=2944, batch_size=64))


@case("textcnn-adam-lr-1-per-epoch", "textcnn", "lr-high-step1", cf=lr_to(0.01), cf_what="Adam lr 0.01",
      must=("lr-too-high",), may=HIGH, fault_step=None, shape=anything)
def _() -> Setup:
    return textcnn_family("adam", 1.0, steps=46 * 9, log_per_epoch=True, data=fd.textcnn_sentences(n=2944, batch_size=64))


@case("caption-adam-cosine-per-epoch", "caption", "healthy", like=("overfitting", "plateau"),
      shape=healthy_shape(len(fd.CAPT_WORDS)))
def _() -> Setup:
    return caption_family("adam", 0.01, steps=46 * 9, log_per_epoch=True, data=fd.caption_scenes(n=2944, batch_size=64),
                          schedule=cosine_after(0.0), schedule_name="cosine")  # fmt: skip


@case("barlow-adam-per-epoch", "barlow", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return barlow_family("adam", 0.01, steps=46 * 9, log_per_epoch=True)


@case("textcnn-adagrad-per-epoch", "textcnn", "healthy", like=("overfitting", "plateau"), shape=healthy_shape(fd.TCNN_CLASSES))
def _() -> Setup:
    return textcnn_family("adagrad", 0.1, steps=46 * 9, log_per_epoch=True, data=fd.textcnn_sentences(n=2944, batch_size=64))


@case("siamese-adam-cosine-per-epoch", "siamese", "healthy", like=("overfitting", "plateau"), shape=healthy_shape())
def _() -> Setup:
    return siamese_family("adam", 0.01, steps=62 * 7, log_per_epoch=True, schedule=cosine_after(0.0), schedule_name="cosine")


# --------------------------------------------------------------------------- fixes applied to a Setup


def steps_per_epoch(s: Setup) -> int:
    return max(1, s.data.steps_per_epoch() // s.accum)


class Delayed:
    """A scheduler whose first ``delay`` iterations hold the lr where it starts: the schedule runs that much
    later (premature-decay's fix, "decay later"). Stepped per epoch, the delay is in whole epochs."""

    def __init__(self, inner: Any, delay_steps: int, per_epoch_steps: int) -> None:
        self.inner, self.calls = inner, 0
        self.delay = delay_steps // per_epoch_steps if per_epoch_steps > 1 else delay_steps

    def step(self, *args: Any) -> None:
        self.calls += 1
        if self.calls > self.delay:
            self.inner.step(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def delayed(schedule: Callable[..., Any], delay: int) -> Callable[..., Any]:
    def make(optimizer: Any, s: Setup) -> Any:
        inner = schedule(optimizer, s)
        if isinstance(inner, torch.optim.lr_scheduler.ReduceLROnPlateau):
            return inner  # it decays on the validation loss, not by the clock: nothing to delay
        return Delayed(inner, delay, steps_per_epoch(s) if s.per_epoch else 1)

    return make


def apply_fix(s: Setup, fix: Mapping[str, Any], peak_lr: float) -> tuple[Setup, dict[str, Any], dict[str, str]]:
    """``s`` with the keys of lrdoctor's ``fix`` applied that this bench knows, those values, and why each other
    key was not applied. ``lr`` sets the run's peak lr (``peak_lr``: the faulty run's), keeping the schedule's
    shape; with ``schedule`` "constant" (a schedule that grows the lr to the end) the schedule is dropped and ``lr`` is
    the constant lr. Step values of a per-epoch log are epochs (Keras numbers them from 0: epoch e ends after e + 1)."""
    applied: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    unit = steps_per_epoch(s) if s.log_per_epoch else 1
    constant = fix.get("schedule") == "constant"
    if constant:
        s, applied["schedule"] = replace(s, schedule=None, schedule_name=None), "constant"

    def steps(v: Any) -> int:
        return int(v) * unit if unit == 1 else (int(v) + 1) * unit

    for key, value in fix.items():
        if key == "schedule":
            continue  # applied above, before the lr it changes the meaning of
        if key == "lr" and isinstance(value, (int, float)) and value > 0:
            s, applied[key] = replace(s, lr=float(value) if constant else s.lr * float(value) / peak_lr), float(value)
        elif key == "lr_factor" and isinstance(value, (int, float)) and value > 0:  # a log that does not say its lr
            s, applied[key] = replace(s, lr=s.lr * float(value)), float(value)
        elif key == "warmup_steps" and value:
            s, applied[key] = replace(s, warmup_steps=steps(value)), int(value)
        elif key == "max_grad_norm" and isinstance(value, (int, float)) and value > 0:
            s, applied[key] = replace(s, max_grad_norm=float(value)), float(value)
        elif key == "early_stop_step" and (value or (s.log_per_epoch and value == 0)):  # Keras' epoch 0 is a whole epoch
            s, applied[key] = replace(s, early_stop_step=max(1, steps(value))), int(value)
        elif key == "decay_step" and value and "decay_from" in fix:
            if s.schedule is None or s.schedule_name == "plateau":
                skipped[key] = "no schedule of its own to delay"
            else:
                delay = max(steps(value) - steps(fix["decay_from"]), 0)
                s, applied[key] = replace(s, schedule=delayed(s.schedule, delay)), int(value)
                applied["decay_from"] = int(fix["decay_from"])
        elif key == "decay_from":
            continue  # read with decay_step
        elif key == "decay_step" and value:
            s, applied[key] = replace(s, decay_step=steps(value)), int(value)
        elif key == "create_optimizer_once" and value:
            s, applied[key] = replace(s, recreate_optimizer_at=()), True
        elif key == "checkpoint_optimizer_state" and value:
            s, applied[key] = replace(s, keep_optimizer_state=True), True
        elif key == "stable_loss" and value:
            if s.safe_loss_fn is None:
                skipped[key] = "the run's loss has no unsafe operation"
            else:
                s, applied[key] = replace(s, loss_fn=s.safe_loss_fn), True
        elif key == "reduction" and value == "mean":
            if s.mean_loss_fn is None:
                skipped[key] = "the run's loss is already a mean"
            else:
                s, applied[key] = replace(s, loss_fn=s.mean_loss_fn), "mean"
        elif key == "last_layer_init_scale" and isinstance(value, (int, float)) and value > 0:
            model = s.model
            probe = model()
            head = getattr(probe, "head", None) or (probe[-1] if isinstance(probe, torch.nn.Sequential) else None)
            if not isinstance(head, torch.nn.Linear):
                skipped[key] = "the model has no linear output layer to scale"
                continue
            with_bias = head.bias is not None  # a bias-free head (Deep SVDD's) has only its weight to scale
            s, applied[key] = (replace(s, model=lambda: scaled_head(model(), float(value), bias=with_bias)),
                               float(value))
        else:
            skipped[key] = f"no Setup knob for {key}={value!r}"
    return s, applied, skipped


# --------------------------------------------------------------------------- trainings, cached


def variant(role: str, seed: int = 0, **values: Any) -> dict[str, Any]:
    """A training of a case: ``role`` run | cf | grid | fix, its seed and values (grid: lr factor, fix: the fix)."""
    return {"role": role, "seed": seed, **values}


def cache_file(c: Case, v: Mapping[str, Any]) -> Path:
    key = json.dumps(v, sort_keys=True)
    return CACHE / c.name / (hashlib.sha1(key.encode()).hexdigest()[:16] + ".json")


def cached(c: Case, v: Mapping[str, Any]) -> dict[str, Any] | None:
    """The cached result of a training, unless stale (another fingerprint) or its log is missing."""
    path = cache_file(c, v)
    if not path.exists():
        return None
    result = json.loads(path.read_text())
    if result.get("fingerprint") != c.fingerprint():
        return None
    if v["role"] == "run" and v["seed"] == 0 and not c.path.exists():
        return None
    return result


def build(c: Case, v: Mapping[str, Any], peak_lr: float | None = None) -> Setup:
    """The Setup of one training of case ``c``: recorded only for its run at seed 0."""
    s = c.setup()
    s = replace(s, seed=v["seed"], out=s.out if (v["role"] == "run" and v["seed"] == 0) else None)
    if v["role"] == "cf":
        assert c.counterfactual is not None
        s = c.counterfactual(s)
    elif v["role"] == "grid":
        s = replace(s, lr=s.lr * v["factor"])
    elif v["role"] == "fix":
        assert peak_lr is not None
        s = apply_fix(s, v["fix"], peak_lr)[0]
    return s


def finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def execute(name: str, v: dict[str, Any], peak_lr: float | None = None) -> dict[str, Any]:
    """Train one variant of a case (in a worker process), cache and return its result."""
    torch.set_num_threads(1)
    c = CASES[name]
    s = build(c, v, peak_lr)
    if s.out is not None:
        s.out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    t = train(s)
    vals = {k: v2 for k, v2 in t.val_losses.items() if math.isfinite(v2)}
    best_step = min(vals, key=lambda k: vals[k]) + 1 if vals else None
    result: dict[str, Any] = {
        "case": name, "variant": v, "fingerprint": c.fingerprint(), "val_loss": finite(t.val_loss),
        "peak_lr": float(t.lrs.max()), "first_loss": finite(t.losses[0]), "best_val": finite(min(vals.values())) if vals else None,
        "best_val_step": best_step, "steps": len(t.losses), "seconds": round(time.perf_counter() - start, 2),
    }  # fmt: skip
    if v["role"] == "run" and v["seed"] == 0:
        result["curves"] = {"losses": t.losses, "grad_norms": t.grad_norms, "lrs": t.lrs.tolist(),
                            "val_losses": {str(k): x for k, x in t.val_losses.items()},
                            "zero_weight_grads": t.zero_weight_grads, "weight_tensors": t.weight_tensors}  # fmt: skip
    path = cache_file(c, v)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, indent=1))
    tmp.replace(path)
    return result


def say_now(line: str) -> None:
    print(line, flush=True)


def run_all(todo: list[tuple[Case, dict[str, Any], float | None]], jobs: int, retrain: bool = False,
            say: Callable[[str], None] = say_now) -> dict[tuple[str, str], dict[str, Any]]:  # fmt: skip
    """Results of every (case, variant), training those not cached (all with ``retrain``) in ``jobs`` processes."""
    results: dict[tuple[str, str], dict[str, Any]] = {}
    missing = []
    for c, v, peak in todo:
        key = (c.name, json.dumps(v, sort_keys=True))
        if key in results:
            continue
        hit = None if retrain else cached(c, v)
        if hit is None:
            missing.append((c, v, peak))
            results[key] = {}
        else:
            results[key] = hit
    if missing:
        say(f"training {len(missing)} runs in {jobs} processes ...")
        start = time.perf_counter()
        with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = [(c, v, pool.submit(execute, c.name, v, peak)) for c, v, peak in missing]
            for k, (c, v, fut) in enumerate(futures, 1):
                results[(c.name, json.dumps(v, sort_keys=True))] = r = fut.result()
                say(f"  [{k}/{len(missing)}] {c.name} {v['role']} seed {v['seed']}"
                    f"{' ' + json.dumps({k2: v2 for k2, v2 in v.items() if k2 not in ('role', 'seed')}) if len(v) > 2 else ''}"
                    f": val {r['val_loss']} ({r['seconds']} s)")  # fmt: skip
        say(f"trained {len(missing)} runs in {time.perf_counter() - start:.0f} s")
    return results


def result(results: Mapping[tuple[str, str], dict[str, Any]], c: Case, v: Mapping[str, Any]) -> dict[str, Any]:
    return results[(c.name, json.dumps(dict(v), sort_keys=True))]


def base_variants(c: Case) -> list[dict[str, Any]]:
    """The trainings that label a case: its run (seed 0 recorded, seed 1 not) and its counterfactual at both
    seeds; a healthy run only at seed 0. With ``grid``: the lr grid around its lr (seed 0)."""
    if c.healthy:
        return [variant("run", 0)] + neighbour_variants()
    out = [variant("run", seed) for seed in SEEDS]
    if not c.early_stop_cf:
        out += [variant("cf", seed) for seed in SEEDS]
    return out


def grid_variants() -> list[dict[str, Any]]:
    return [variant("grid", 0, factor=round(f, 6)) for f in GRID if abs(f - 1) > 1e-9]


def neighbour_variants() -> list[dict[str, Any]]:
    """The two grid points next to the run's own lr (x 10^-0.5, x 10^0.5): a healthy run must not be beaten
    by more than ``HEALTHY_MARGIN`` at either."""
    return [v for v in grid_variants() if abs(abs(math.log10(v["factor"])) - 0.5) < 1e-3]


# --------------------------------------------------------------------------- labels


def held_out(r: Mapping[str, Any]) -> float:
    """A training's final held-out loss, inf when it is not finite."""
    v = r.get("val_loss")
    return math.inf if v is None else float(v)


@dataclass(frozen=True)
class Verdict:
    label: Label
    status: str  # "fault" | "harmless" | "healthy" | "unconfirmed"


def fmt(values: list[float]) -> str:
    return "/".join("inf" if not math.isfinite(v) else f"{v:.4g}" for v in values)


def curves_of(r: Mapping[str, Any]) -> Trained:
    """The recorded run's curves, as cached, in a ``Trained`` (no setup or model) for the checks."""
    k = r["curves"]
    return Trained(None, None, losses=k["losses"], grad_norms=k["grad_norms"], lrs=np.array(k["lrs"]),  # type: ignore[arg-type]
                   val_losses={int(i): x for i, x in k["val_losses"].items()}, zero_weight_grads=k["zero_weight_grads"],
                   weight_tensors=k["weight_tensors"])  # fmt: skip


def stopped_better(runs: list[Mapping[str, Any]]) -> tuple[tuple[str, ...], str]:
    """``("overfitting",)`` and a note when a run labelled with no fault ends measurably better stopped at its best
    evaluation, at each seed trained (its best held-out loss at most ``CONFIRM_RATIO`` times its final one): the
    counterfactual that labels an overfitting fault, so what overfitting would report is true of the run (a fastText
    meant as a healthy look-alike: validation loss 0.141 at step 150, 0.155 at the end)."""
    finals = [held_out(r) for r in runs]
    bests = [math.inf if r.get("best_val") is None else float(r["best_val"]) for r in runs]
    if not all(math.isfinite(b) and math.isfinite(f) and b <= signed_times(f, CONFIRM_RATIO) for b, f in zip(bests, finals)):
        return (), ""
    steps = "/".join(str(r.get("best_val_step")) for r in runs)
    return ("overfitting",), f"; stopped at its best evaluation (step {steps}): {fmt(bests)}, so it overfits"


def label_case(c: Case, results: Mapping[tuple[str, str], dict[str, Any]]) -> Verdict:
    """The label of a case from its trainings: the pair is the label."""
    r0 = result(results, c, variant("run", 0))
    t0 = curves_of(r0)
    shape_ok, shape_note = c.shape(t0) if c.shape else (True, "")
    if c.healthy:
        own = held_out(r0)
        near = [held_out(result(results, c, v)) for v in neighbour_variants()]
        ok = shape_ok and min(near) >= signed_times(own, 1 - HEALTHY_MARGIN)
        note = f"healthy: {shape_note}; held-out loss {fmt([own])}, with the lr / or x sqrt(10): {fmt(near)}"
        stopped = stopped_better([r0])
        return Verdict(Label(lookalike_for=c.lookalike_for, may_fire=stopped[0], note=note + stopped[1], confirmed=ok),
                       "healthy" if ok else "unconfirmed")
    runs = [result(results, c, variant("run", s)) for s in SEEDS]
    faulty = [held_out(r) for r in runs]
    if c.early_stop_cf:
        better = [math.inf if r["best_val"] is None else float(r["best_val"]) for r in runs]
        cf_where = f" (steps {'/'.join(str(r['best_val_step']) for r in runs)})"
    else:
        better = [held_out(result(results, c, variant("cf", s))) for s in SEEDS]
        cf_where = ""
    mean_f, mean_c = float(np.mean(faulty)), float(np.mean(better))
    confirmed = (all(math.isfinite(v) for v in better) and mean_c <= signed_times(mean_f, CONFIRM_RATIO)
                 and all(b < f for b, f in zip(better, faulty)))  # fmt: skip
    gain = "" if not math.isfinite(mean_f) else f", {(1 - mean_c / mean_f) * (1 if mean_f >= 0 else -1):+.0%}"
    pair = (f"held-out loss (seeds {'/'.join(map(str, SEEDS))}) {fmt(faulty)}; counterfactual, {c.cf_what}{cf_where}: "
            f"{fmt(better)}{gain}")  # fmt: skip
    fault_step = c.fault_step(t0) if callable(c.fault_step) else c.fault_step
    if not confirmed:
        # healthy (nothing must fire), but the fault's rules may: what they would report is true of the run
        may, stop_note = stopped_better(runs)
        label = Label(may_fire=tuple(dict.fromkeys(c.must_fire + c.may_fire + may)), note=f"HARMLESS {c.kind} (the "
                      f"counterfactual is not better): {shape_note}; {pair}{stop_note}", confirmed=shape_ok)  # fmt: skip
        return Verdict(label, "harmless" if shape_ok else "unconfirmed")
    tol = c.tolerance_steps
    if tol is not None:
        tol = max(tol, 2 * c.setup().log_every)
    may = c.may_fire
    if "dead-units" not in c.must_fire + may and dead_weight_tensors(c.path):
        may += ("dead-units",)  # what it would report is true of the run: a weight tensor's gradient stayed at zero
    label = Label(must_fire=c.must_fire, may_fire=may, fault_step=fault_step if tol is not None else None,
                  tolerance_steps=tol if fault_step is not None else None, note=f"{c.kind}: {shape_note}; {pair}",
                  confirmed=shape_ok)  # fmt: skip
    return Verdict(label, "fault" if shape_ok else "unconfirmed")


def generate(cases: list[Case], jobs: int = 1, retrain: bool = False, grids: bool = True,
             say: Callable[[str], None] = say_now) -> dict[str, Verdict]:  # fmt: skip
    """Train (or read from the cache) every run, counterfactual and lr grid of ``cases``, label each and write
    the labels.toml of their folders. Returns the verdict of each case."""
    todo = [(c, v, None) for c in cases for v in base_variants(c)]
    if grids:
        todo += [(c, v, None) for c in cases if c.grid_wanted for v in grid_variants()]
    results = run_all(todo, jobs, retrain, say)
    verdicts = {c.name: label_case(c, results) for c in cases}
    by_folder: dict[Path, dict[str, str]] = {}
    for c in cases:
        v = verdicts[c.name]
        prefix = "UNCONFIRMED: " if v.status == "unconfirmed" else ""
        by_folder.setdefault(c.folder, {})[c.name] = label_entry(c.name, v.label, prefix)
    for folder, entries in by_folder.items():
        folder.mkdir(parents=True, exist_ok=True)
        prune(folder, {c.name for c in CASES.values() if c.folder == folder})
        write_labels(folder, entries, LABELS_HEADER)
    return verdicts


def prune(folder: Path, known: set[str]) -> None:
    """Remove the logs and labels of runs no longer registered (renamed or dropped scenarios)."""
    for path in folder.glob("*.csv"):
        if path.stem not in known:
            path.unlink()
            path.with_suffix(".json").unlink(missing_ok=True)
    labels = folder / "labels.toml"
    if labels.exists():
        blocks = labels.read_text().split("\n\n")
        kept = [b for b in blocks[1:] if any(line == f"[runs.{n}]" for n in known for line in b.splitlines())]
        labels.write_text("\n\n".join(blocks[:1] + kept).rstrip("\n") + "\n")


def print_verdicts(cases: list[Case], verdicts: Mapping[str, Verdict]) -> int:
    for c in cases:
        v = verdicts[c.name]
        rules = ", ".join(v.label.must_fire) or "healthy"
        print(f"{v.status:11} {c.half:7} {c.family:6} {c.name} [{rules}]: {v.label.note}")
    bad = [c.name for c in cases if verdicts[c.name].status == "unconfirmed"]
    harmless = [c.name for c in cases if verdicts[c.name].status == "harmless"]
    faults = sum(verdicts[c.name].status == "fault" for c in cases)
    healthy = sum(verdicts[c.name].status in ("healthy", "harmless") for c in cases)
    print(f"\n{len(cases)} runs: {faults} faults confirmed by their counterfactual, {healthy} healthy "
          f"({len(harmless)} of them faults the counterfactual did not beat), {len(bad)} unconfirmed")  # fmt: skip
    if harmless:
        print("harmless (labelled healthy): " + ", ".join(harmless))
    if bad:
        print("UNCONFIRMED (the curves do not show the construction: fix the scenario): " + ", ".join(bad))
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--half", default="all",
                        choices=("tune", "holdout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
                                 "fresh8", "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15",
                                 "fresh16", "fresh17", "fresh18", "fresh19", "fresh20", "fresh21", "fresh22", "fresh23", "fresh24",
                                 "fresh25", "fresh26", "fresh27", "fresh28", "fresh29", "fresh30", "fresh31", "all"))
    parser.add_argument("--only", metavar="SUBSTR", help="only the runs whose name contains SUBSTR")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--retrain", action="store_true", help="train again even what is cached")
    parser.add_argument("--no-grids", action="store_true", help="skip the lr grids")
    parser.add_argument("--list", action="store_true", help="list the runs and exit")
    args = parser.parse_args(argv)
    cases = cases_of(args.half, args.only)
    if args.list:
        for c in cases:
            print(f"{c.half:7} {c.family:6} {c.kind:28} {c.name}")
        return 0
    start = time.perf_counter()
    verdicts = generate(cases, args.jobs, args.retrain, grids=not args.no_grids)
    code = print_verdicts(cases, verdicts)
    print(f"{time.perf_counter() - start:.0f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
