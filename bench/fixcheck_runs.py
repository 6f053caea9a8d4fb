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

Four hundred and seventy-two model families, split by family into one hundred and eighteen halves, fixed here. Each half is
two modules named after it: its families' data and models in ``bench/fixcheck_families/`` (read as ``fd.<name>`` through
``bench/fixcheck_data.py``, which gathers them) and its labelled cases in ``bench/fixcheck_cases/``; the registry of
cases, the checks on their curves, the families' setups and the fixes applied to a Setup are ``bench/fixcheck_core.py``,
and this module trains and labels them:

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
  fresh32  postag (a BiLSTM part-of-speech tagger of sentences of a synthetic grammar, ambiguous words told by their
           neighbours, cross-entropy per token over 6 tags), robust (a residual ReLU MLP regressing a smooth function of 12
           features with 8% outlying training targets, the Huber loss: ~0.65 at init), keypoint (a fully convolutional net
           regressing the Gaussian heatmap of a marker's centre among distractors, 10 x the per-pixel MSE: ~0.18 at init),
           bclone (behaviour cloning: a policy MLP with LayerNorm imitating an expert navigator's 5 actions, cross-entropy);
           Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh32/
  fresh33  denoise (a two-level U-Net with a skip connection denoising 16x16 images of shapes, the L1 loss: ~0.18 at
           init), settf (a Set Transformer: induced set attention blocks and pooling by attention, naming the kind of a
           set of 24 points, cross-entropy over 5), bpr (an MLP scorer of user-item pairs, Bayesian personalised ranking
           on triples, the BPR loss: ln 2 at init), poireg (a Poisson regression MLP of counts, nn.PoissonNLLLoss: ~1.0 at
           init); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh33/
  fresh34  gatedcnn (a gated convolutional text classifier: GLU conv blocks, max over time, naming the topic of a document
           of 32 tokens, cross-entropy over 6), flowmatch (a conditional flow-matching MLP: the velocity x1 - x0 of 2-D
           points of 4 densities at x_t, the velocity MSE: ~2.1 at init, a floor ~1.3), hsoftmax (a ReLU MLP with a
           two-level (hierarchical) softmax head, 8 clusters of 6 classes, NLL: ln 48 at init), shufflenet (a ShuffleNet-
           like CNN: grouped 1x1 convolutions, channel shuffle, depthwise 3x3, BatchNorm, 12x12 colour textures,
           cross-entropy over 6); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among
           their optimizers                                       -> bench/out/fixcheck/fresh34/
  fresh35  senet (a squeeze-and-excitation CNN: two conv + SE blocks, global max pooling, naming the direction from one
           spot to another in 12x12 two-channel images, cross-entropy over 6), sumgru (a bidirectional GRU regressing the
           gated sum of 16-step sequences, the smooth L1 loss: ~0.45 at init), attnpool (multi-head attention pooling of
           bags of 12 feature vectors by a learned query, naming the type 4 of them share, cross-entropy over 5), highway
           (a highway network: 3 gated highway layers on a 20-column table, cross-entropy over 4); Adagrad, NAdam, RAdam,
           RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh35/
  fresh36  lenet (a LeNet-5-like CNN: tanh convolutions, average pooling, two ReLU layers, naming 16x16 seven-segment
           stroke digits, cross-entropy over 10), wrn (a tiny wide ResNet: pre-activation blocks with BatchNorm, 12x12
           grating textures, cross-entropy over 6), rbfnet (a radial basis function network with learned centres and
           widths regressing a sum of bumps of 6 features, MSE: ~1.1 at init), cheb (a Chebyshev spectral graph
           convolution net, order 3, naming the generator of 12-node graphs, cross-entropy over 4); Adagrad, NAdam, RAdam,
           RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh36/
  fresh37  hopfield (a modern Hopfield classifier: 2 softmax updates of a state pattern over 24 learned stored patterns,
           naming the class of a corrupted binary pattern, cross-entropy over 6), bytecnn (a byte-level 1-D CNN naming
           which of 5 byte-bigram sources wrote a 32-byte string, cross-entropy over 5), condconv (a CNN of two CondConv
           layers, 4 expert kernels mixed per image, naming a bar's orientation in 12x12 images, cross-entropy over 6),
           logcosh (a ReLU MLP regressor under heavy-tailed noise, the log-cosh loss: ~0.49 at init); Adagrad, NAdam,
           RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh37/
  fresh38  resnext (a ResNeXt-like CNN: bottleneck blocks of grouped 3x3 convolutions of cardinality 4, naming one of 5
           shapes in 12x12 images, cross-entropy over 5), crossnet (a Deep & Cross network, DCN-v1: 3 cross layers
           beside a deep ReLU layer, predicting clicks from 12 dense features, binary cross-entropy: ~0.69 at init), ngram
           (a Bengio-style feed-forward n-gram LM predicting the next of 12 tokens of a synthetic trigram grammar from the
           3 before it, cross-entropy over 12), monotone (a monotone MLP regressor with positive weights, MSE: ~1 at
           init); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh38/
  fresh39  gmlp (a gMLP: two spatial gating blocks over 16 token positions, naming which of 4 motifs a sequence holds,
           cross-entropy over 4), mpnn (a message-passing neural network: 3 rounds of summed messages and a GRU update,
           regressing the triangles and attribute pairs of random 10-node graphs, MSE), multimargin (a ReLU MLP on a
           16-column table trained with the multi-class hinge loss, nn.MultiMarginLoss: 0.8 at init, not ln 5), deconv
           (a transposed-convolution decoder drawing a 16x16 image of a class's shape from a class code and noise, MSE
           per pixel); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their
           optimizers                                             -> bench/out/fixcheck/fresh39/
  fresh40  resmlp (a ResMLP-like patch MLP: affine normalisation, a linear mixing of 16 patches, per-patch GELU MLPs,
           layer scale, naming a grating's orientation and period in 12x12 images, cross-entropy over 6), bahdanau (a GRU
           encoder-decoder with additive (Bahdanau) attention reversing sequences of 6 symbols, teacher forcing, cross-
           entropy per symbol over 8), lasso (a sparse logistic regression of 300 features, 15 informative, binary
           cross-entropy plus an L1 penalty in the loss: ~0.78 at init), betareg (a ReLU MLP regressing proportions in
           (0, 1), the Beta negative log-likelihood: ~1.1 at init, below 0 when trained); Adagrad, NAdam, RAdam, RMSprop,
           AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh40/
  fresh41  squeezenet (a SqueezeNet-like CNN: a stem convolution, two fire modules, global average pooling, counting the
           dots in 12x12 images, cross-entropy over 4), ggnn (a gated graph neural network: 3 propagation steps with GRU
           node updates, a gated readout, naming the colour with the most edge endpoints of 10-node graphs, cross-entropy
           over 4), cbow (word2vec CBOW: the mean of 4 context embeddings, a full softmax over 40 words, cross-entropy: ln
           40 at init), dice (a small CNN segmenting noisy discs in 16x16 images, the soft Dice loss: ~0.77 at init);
           Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh41/
  fresh42  densenet (a DenseNet-like CNN: two dense blocks of concatenating BatchNorm-ReLU-conv layers and a transition,
           global max pooling, naming one of 6 glyphs in 12x12 images, cross-entropy over 6), biaffine (a biaffine
           dependency-arc scorer: a BiGRU, dependent and head vectors, biaffine scores, picking each word's head among the
           root and the 10 words of a synthetic sentence, cross-entropy over 11), huberreg (a ReLU MLP regressor with 5%
           outlying targets, the Huber loss: ~0.9 at init), mixhop (a MixHop graph convolution net mixing adjacency powers
           0-2, naming the community of a node of a stochastic block model graph, cross-entropy over 5); Adagrad, NAdam,
           RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh42/
  fresh43  xception (an Xception-like CNN: depthwise-separable convolutions in an entry and a middle block with
           shortcuts, global average pooling, naming a grating's orientation and period in two-channel 12x12 images,
           cross-entropy over 6), indrnn (an IndRNN: two layers of independently recurrent ReLU units naming the window of
           a burst in noisy series of 24 steps, cross-entropy over 5), nalu (a neural arithmetic logic unit and a ReLU
           layer regressing products and quotients of 6 positive features, MSE: ~1 at init), tweedie (a ReLU MLP of the
           log-mean of zero-inflated claim amounts, the Tweedie deviance with p = 1.5: ~3 at init); Adagrad, NAdam, RAdam,
           RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh43/
  fresh44  maxout (a Maxout MLP: two Maxout layers of 3 pieces and a ReLU layer naming the class a random teacher network
           gives 12 features, cross-entropy over 5), film (a FiLM-conditioned CNN: a question's embedding scales and
           shifts the feature maps, answering one of 3 questions about a square and a bar in 10x10 scenes, cross-entropy
           over 4), deepfm (DeepFM: first-order weights, a factorization machine of value embeddings and a deep part
           sharing them, on a click log of 6 categorical fields and 2 dense features, BCE with logits: ~0.7 at init),
           convmixer (a ConvMixer-like CNN: a patch embedding, depthwise and pointwise convolution mixing blocks, naming
           one of 5 stroke patterns in 12x12 images, cross-entropy over 5); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD
           with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh44/
  fresh45  ghostnet (a GhostNet-like CNN: ghost modules of a few primary convolution channels plus cheap depthwise ghost
           features, naming one of 5 signed motifs in 12x12 images, cross-entropy over 5), qrnn (a quasi-recurrent
           network: causal convolutional gates and fo-pooling, counting the pulses of noisy series, cross-entropy over
           4), gammareg (a ReLU MLP of the log-mean of positive, right-skewed Gamma targets, the Gamma deviance: ~8 at
           init), sgc (a simplified graph convolution: the features propagated 2 hops once, a linear map and a ReLU
           layer, naming the community of a node of a stochastic block model graph, cross-entropy over 4); Adagrad,
           NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh45/
  fresh46  coordconv (a CoordConv CNN: two coordinate channels appended to the image, two convolutions and global max
           pooling naming the cell of a 3x3 grid that holds a dot in 12x12 images, cross-entropy over 9), mingru (a minGRU
           sequence classifier: gates and candidates from the input only, naming the token boosted in noisy one-hot
           sequences, cross-entropy over 5), widedeep (Wide & Deep: a linear part over the values and their pairwise
           crosses and an MLP over value embeddings, on a click log of 4 categorical fields and 2 dense features, BCE with
           logits: ~0.7 at init), vonmises (a circular regression MLP predicting an angle's von Mises natural parameters,
           the von Mises negative log-likelihood: ~1.9 at init); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and
           without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh46/
  fresh47  tabtransformer (a TabTransformer-like classifier: categorical embeddings through a transformer block,
           concatenated with the LayerNorm'd numeric features, an MLP, on table rows of 4 categorical fields and 4 numeric
           features, cross-entropy over 4), conformer (a tiny Conformer-like classifier: one block of half feed-forward,
           self-attention, a depthwise convolution module and half feed-forward, naming the keyword of synthetic audio-
           feature clips, cross-entropy over 5), gcnii (a GCNII-like deep graph convolution network: 8 layers with an
           initial residual and identity mapping, naming the community of a node of a stochastic block model graph,
           cross-entropy over 4), cauchyreg (a ReLU MLP regressor of targets with heavy-tailed noise, the Cauchy
           (Lorentzian) loss: ~0.6 at init); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov)
           momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh47/
  fresh48  swin (a tiny Swin-like classifier: a patch embedding, a window and a shifted-window self-attention block, patch
           merging, naming the orientation and period of noisy gratings in 12x12 images, cross-entropy over 6), pna (a
           PNA-like graph network: principal neighbourhood aggregation with mean, max, min and std aggregators and degree
           scalers, naming the community of a node of a degree-corrected stochastic block model graph, cross-entropy over
           4), tsmixer (a TSMixer-like forecaster: time-mixing and feature-mixing MLPs forecasting 8 steps of 4 seasonal
           channels, MSE: ~0.8 at init), tobit (a ReLU MLP of a Tobit model of targets left-censored at 0, the Tobit
           negative log-likelihood: ~1.2 at init); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without
           (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh48/
  fresh49  retnet (a tiny RetNet-like classifier: multi-scale retention with decay in place of softmax attention, naming
           the motif of token sequences, cross-entropy over 4), hgnn (a hypergraph neural network: two hyperedge-to-node
           convolutions, naming the class of a node of a synthetic hypergraph, cross-entropy over 4), cfc (a closed-form
           continuous-time (CfC, liquid) recurrent classifier of irregularly sampled oscillations, the time gaps as input,
           cross-entropy over 4), zipreg (a ReLU MLP regressor of counts with excess zeros, the zero-inflated Poisson
           negative log-likelihood: ~2.9 at outputs of 0); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without
           (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh49/
  fresh51  lstnet (an LSTNet-like forecaster: a convolution over time, a GRU, a skip-GRU over the period and a linear
           autoregressive highway forecasting the next step of 4 periodic channels, MSE: ~1.1 at init), rgcn (a
           relational graph convolution network: a weight per relation type from 2 shared bases, naming the class of a
           node of a synthetic multi-relational graph, cross-entropy over 4), sparseattn (a tiny transformer of
           block-sparse local + global-token attention naming the over-represented key token of sequences of 64 tokens,
           cross-entropy over 4), laplacenll (a ReLU MLP predicting a location and a log-scale, the heteroscedastic
           Laplace negative log-likelihood: ~1.6 at init); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and
           without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh51/
  fresh52  hyena (a tiny Hyena-like classifier: an implicit long convolution whose kernel a small MLP over positions
           makes, with multiplicative gating, naming the signal token that recurs 16-32 steps later in sequences of 48
           tokens, cross-entropy over 4), edgeconv (a DGCNN-like point-cloud classifier: EdgeConv layers over
           k-nearest-neighbour graphs rebuilt in feature space, an edge MLP over (x_i, x_j - x_i), max aggregation,
           naming the shape of 32 jittered 3-D points, cross-entropy over 4), poolformer (a tiny PoolFormer-like
           MetaFormer: a patch embedding, blocks of an average-pooling-minus-identity token mixer and channel MLPs with
           group norms, naming the orientation of a noisy grating in 16x16 images, cross-entropy over 4), expectile (a
           ReLU MLP regressor of the 0.8-expectile of heteroscedastic targets, the asymmetric squared loss: ~1.2 at a
           prediction of 0); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among
           their optimizers
                                                                  -> bench/out/fixcheck/fresh52/
  fresh53  rwkv (an RWKV-like recurrent classifier: token shift, time-mixing by a WKV recurrence with a learned
           per-channel exponential decay and a current-token bonus, squared-ReLU channel-mixing, naming the
           over-represented key token of sequences of 16 tokens, cross-entropy over 4), jknet (a jumping-knowledge
           network: 3 graph convolutions whose node representations are combined by an elementwise max or
           concatenated before the head, naming the class of a node of a stochastic block model graph, cross-entropy
           over 4), involution (an involution CNN: 3x3 kernels generated at each pixel from its features and shared
           over 2 channel groups, naming the orientation of a stroke in 12x12 images with distractor pixels,
           cross-entropy over 4), studentt (a ReLU MLP predicting a location, a log-scale and log degrees of freedom,
           the Student-t negative log-likelihood of targets with heavy-tailed noise and 3% outliers: ~1.8 at init);
           Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh53/
  fresh54  gatedgcn (a residual gated graph convolution network: edge gates sigmoid(C h_i + D h_j) from the two
           endpoints' features on each message B h_j, a gated normalised mean, LayerNorm or BatchNorm, residuals,
           naming the class of a node of a stochastic block model graph, cross-entropy over 4), cvt (a tiny CvT-like
           classifier: a strided convolutional token embedding, attention whose query/key/value projections are
           depthwise 3x3 convolutions (keys and values with stride 2), a GELU MLP, pooled tokens, naming the outline
           shape in 12x12 images with a distractor blob, cross-entropy over 4), lmu (a Legendre Memory Unit: a linear
           memory of order 8 updated with the fixed zero-order-hold LMU A and B over a 32-step window, a tanh hidden
           state, naming the pattern planted early in sequences of 32 steps, cross-entropy over 4), lognormal (a ReLU
           MLP predicting mu and log sigma of log y, the log-normal negative log-likelihood of positive skewed targets:
           ~2.5 at init); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among
           their optimizers
                                                                  -> bench/out/fixcheck/fresh54/
  fresh55  mlstm (an xLSTM-like classifier: an mLSTM block of 2 heads of matrix memory updated by value-key outer
           products with exponential input gates, sigmoid forget gates and a stabiliser state, naming the key token
           over-represented and recalled after a marker in sequences of 16 tokens, cross-entropy over 5),
           graphtransformer (a graph transformer: full self-attention over the 12 nodes of each graph with a learned
           adjacency bias, Laplacian eigenvector positional encodings, naming the kind of the graph: ring, star-like
           tree, two clusters or grid, cross-entropy over 4), resnest (a ResNeSt-like CNN: split-attention blocks of
           radix 2 and cardinality 2, a softmax over the splits, naming the glyph in 12x12 images with a distractor bar,
           cross-entropy over 4), evidential (a deep evidential regressor: a ReLU MLP to the Normal-Inverse-Gamma
           parameters gamma, nu, alpha, beta, the NIG negative log-likelihood plus 0.01 x the evidence regulariser:
           ~1.7 at init); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their
           optimizers
                                                                  -> bench/out/fixcheck/fresh55/
  fresh56  fnet (an FNet-like classifier: token mixing by the real part of a 2-D discrete Fourier transform over the
           tokens and hidden units in place of self-attention, GELU feed-forward blocks, post-LN, naming the cue token
           planted most often in sequences of 16 tokens, cross-entropy over 4), schnet (a SchNet-like regressor:
           atom-type embeddings, continuous-filter convolutions whose filters are an MLP of Gaussian radial basis
           expansions of the pairwise distances with a cosine cutoff, a sum readout, predicting an energy-like property
           of 8-atom synthetic 3-D molecules, MSE of the standardised property: ~1.0 at a prediction of 0), res2net (a
           Res2Net-like CNN: bottleneck blocks splitting 16 channels into 4 groups joined by hierarchical residual 3x3
           convolutions, naming the texture of a patch in 12x12 images with a distractor blob, cross-entropy over 4),
           dirichletreg (a ReLU MLP predicting the concentrations of a Dirichlet through a softplus, the Dirichlet
           negative log-likelihood of 3-part compositions: ~-0.89 at init, a density, so below 0); Adagrad, NAdam,
           RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh56/
  fresh57  patchtst (a PatchTST-like forecaster: each of 4 channels on its own, its window instance-normalised, cut
           into 6 patches of 8 steps embedded linearly, a transformer encoder layer over the patches, a linear head onto
           12 steps, MSE: ~0.9 at init), clockwork (a Clockwork RNN: 4 modules of 8 tanh units with periods 1, 2, 4, 8,
           a module updated only at steps its period divides and reading only from slower ones, naming a cycle's period
           and the sign of an early pulse in sequences of 16 steps, cross-entropy over 4), diffpool (a DiffPool-like
           graph classifier: an embedding GNN, an assignment GNN's soft assignment of 16 nodes to 4 clusters, the
           coarsened graph through a GNN layer and pooled again, 0.05 x a link-prediction and entropy loss, naming the
           number of communities, cross-entropy over 4), autoint (AutoInt: embeddings of 6 categorical and 2 numeric
           fields, 2 stacked multi-head self-attention layers over them with residual projections, a logistic output on
           synthetic clicks, BCE: ln 2 at init); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without
           (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh57/
  fresh58  esim (an ESIM-like natural-language-inference classifier: premise and hypothesis encoded by a BiLSTM, soft
           alignment by attention between them, enhancement with their differences and products, a composition BiLSTM,
           mean and max pooling, on synthetic sentence pairs whose hypothesis repeats, adds to or contradicts (by an
           antonym) the premise, cross-entropy over 3), sasrec (a SASRec-like sequential recommender: item and position
           embeddings, 2 causal self-attention blocks over a user's 10 interactions, next-item cross-entropy over 40
           items: ln 40 at init), repvgg (a RepVGG-like CNN in its training-time form: each block a 3x3 conv + BN, a 1x1
           conv + BN and an identity BN branch summed, then ReLU, naming the orientation of a noisy grating,
           cross-entropy over 4), skewnormal (an MLP regressor of a skewed target predicting a location, a softplus
           scale and a shape, the skew-normal negative log-likelihood: ~2.0 at init); Adagrad, NAdam, RAdam, RMSprop,
           AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh58/
  fresh59  tft (a Temporal-Fusion-Transformer-like quantile forecaster: 5 input variables embedded, a variable
           selection network's softmax weights over them, gated residual networks, an LSTM encoder, an interpretable
           multi-head attention layer, forecasting 6 steps of a target driven by a leading covariate and a regime at
           the quantiles 0.1, 0.5, 0.9, the pinball loss: ~0.37 at init), octconv (an Octave-Convolution CNN: high-
           and low-frequency feature maps, the low ones at half resolution, exchanging by pooling and upsampling,
           naming a blob's side and a stripe texture's direction in 16x16 images, cross-entropy over 4), sign (SIGN:
           node features propagated over 0-3 hops of a normalised adjacency, precomputed, an MLP per hop,
           concatenated, an MLP, naming the community of a node of a stochastic block model graph, cross-entropy over
           4), mixlogistic (a ReLU MLP regressor of 8-bit targets to a discretised mixture of 3 logistics as
           PixelCNN++'s output, its negative log-likelihood: ~6.0 nats at init); Adagrad, NAdam, RAdam, RMSprop, AdamW
           and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh59/
  fresh60  mamba (a Mamba-like selective state-space language model: token embeddings, blocks of an input projection
           with a gate, a causal depthwise convolution, a selective scan whose step size and B and C depend on the
           input with a diagonal negative-real A, output gating, residual + RMSNorm, on a noisy second-order grammar
           with a copy every 8 tokens, next-token cross-entropy over 16: ln 16 at init), din (a Deep-Interest-Network-
           like click-through-rate model: an activation unit weighting a user's 10 behaviours by their relevance to the
           candidate item, weighted-sum pooling, an MLP with PReLU, binary cross-entropy: ~0.64 at init), dpn (a
           Dual-Path-Network-like CNN: bottleneck blocks with grouped 3x3 convolutions whose output is split into a
           residual path added to the input's and a dense path concatenated to it, naming a shape in noisy 16x16
           images, cross-entropy over 4), betabinomial (a ReLU MLP regressor of overdispersed counts out of 5-40
           trials, a sigmoid mean and a softplus concentration, the beta-binomial negative log-likelihood: ~2.9 nats at
           init); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their
           optimizers
                                                                  -> bench/out/fixcheck/fresh60/
  fresh61  transformerxl (a Transformer-XL-like language model: a window read in 3 segments of 16, each attending to
           a detached memory of the previous segment's hidden states, relative positional attention with learned u and
           v biases, next-token cross-entropy over 16 on token streams repeating with a period of 20, longer than a
           segment: ln 16 at init), hrnet (an HRNet-like dense segmenter: a high- and a low-resolution branch kept
           through the network, fused repeatedly by strided convolutions and bilinear upsampling, labelling the pixels
           of rings and squares in noisy 12x12 images, per-pixel cross-entropy over 3), sortpool (a DGCNN: stacked
           graph convolutions concatenated, SortPooling of the top 10 nodes by the last channel, 1-D convolutions and
           an MLP, naming a small graph's kind, cross-entropy over 3), gevreg (an MLP regressor of block maxima with
           the generalised-extreme-value negative log-likelihood: a location, a softplus scale and a shape bounded by
           tanh, the support constraint a smooth finite penalty: ~2.2 at init); Adagrad, NAdam, RAdam, RMSprop, AdamW
           and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh61/
  fresh62  alibi (a decoder-only transformer language model with ALiBi attention biases: no position embeddings,
           per-head linear distance penalties, SwiGLU feed-forwards and pre-RMSNorm, next-token cross-entropy over 16
           on token sequences of a hidden topic, each topic a Markov chain of its own: ln 16 at init), pointnet (a
           PointNet-like point-cloud classifier: a learned 3x3 input transform, a shared per-point MLP as 1x1
           convolutions, a symmetric max-pool over the points, naming the shape of noisy, randomly rotated clouds of
           spheres, cubes, tori and cylinders, cross-entropy over 4), lightgcn (a LightGCN recommender: user and item
           embeddings propagated over the normalised user-item graph with no weights and no nonlinearity, the layers
           averaged, dot-product scores, the BPR pairwise loss on implicit feedback, held out on held-out
           interactions: ln 2 at init), invgauss (an MLP regressor of positive skewed targets with the
           inverse-Gaussian negative log-likelihood: a softplus mean and a softplus shape: ~2.6 at init); Adagrad,
           NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh62/
  fresh63  efficientnet (an EfficientNet-like CNN: a conv stem, MBConv blocks of a 1x1 expansion, a depthwise 3x3,
           squeeze-and-excitation and a 1x1 projection with SiLU, batch norm and residuals where the shapes match,
           naming a shape in noisy 12x12 images, cross-entropy over 4), autoformer (an Autoformer-like forecaster:
           series decomposition by a moving average into trend and seasonal parts, auto-correlation aggregating the
           top 3 lags found by FFT, an encoder and a decoder layer over a lookback of 48, forecasting 12 steps of
           multi-seasonal series with a trend and noise, MSE: ~0.76 at init), moco (a MoCo-like contrastive encoder: a
           query encoder trained by gradient, a key encoder its momentum average, a queue of 1024 past keys as
           negatives, InfoNCE at a temperature of 0.2 over noisy, masked views of synthetic vectors: ln 1025 at init;
           the held-out loss InfoNCE against in-batch negatives), kumaraswamy (a ReLU MLP regressor of targets in (0,
           1), two softplus shapes, the Kumaraswamy negative log-likelihood with the targets clamped away from 0 and 1:
           ~0.15 at init, below 0 once fitted); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without
           (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh63/
  fresh64  linformer (a Linformer-like transformer encoder classifier: self-attention whose keys and values are
           projected along the sequence from 32 positions to rank 8 by learned matrices, 2 heads, pre-LayerNorm, GELU
           feed-forwards, mean pooling, naming the class of token sequences from two key tokens far apart, cross-entropy
           over 4: ln 4 at init), unet (a small 2-D U-Net: two max-pool levels, a bottleneck, 2x2 transposed-conv up
           levels with skip concatenations, batch norm, ReLU, segmenting 12x12 images of two noisy shapes per pixel,
           cross-entropy over 4 per pixel: ~1.5 at init), xdeepfm (an xDeepFM-like click model: field embeddings, a
           compressed interaction network of outer products over the fields with 1x1 compressions and sum pooling, a
           parallel deep MLP and a linear part, BCE with logits on clicks with planted pairwise and third-order field
           interactions: ~0.7 at init), loglogistic (a ReLU MLP regressor of positive heavy-tailed targets, a softplus
           scale alpha and a softplus shape beta, the log-logistic negative log-likelihood: ~1.8 at init); Adagrad,
           NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh64/
  fresh65  utransformer (a Universal-Transformer-like encoder: ONE post-LN transformer block whose weights are shared,
           applied 4 times with a learned timestep embedding, naming the majority symbol of the marked tokens of 24,
           cross-entropy over 2), fractalnet (a FractalNet-like CNN: fractal blocks of 3 and 2 columns of conv-BN-ReLU
           joined by elementwise means, local drop-path in training, naming the texture of noisy 12x12 images,
           cross-entropy over 4), graphunet (a Graph U-Net-like classifier: GCN layers, a top-k pooling by a learned
           projection score gating the kept nodes, an unpooling back with a skip connection, a mean and max readout,
           naming the kind of a random graph, cross-entropy over 4), hurdle (a ReLU MLP regressor of zero-inflated
           positive targets, about a third exactly 0, with the hurdle log-normal negative log-likelihood: a sigmoid
           probability of a zero, a log-normal log-mean and a softplus scale: ~2.4 at init); Adagrad, NAdam, RAdam,
           RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh65/
  fresh66  ropelm (a causal transformer language model with rotary position embeddings: 2 pre-LN layers of width 32,
           2 heads, RoPE on the queries and keys and no other position embedding, next-token prediction of a copy
           language, 8 random tokens of 16 repeated twice, cross-entropy over 16: ln 16 at init), netvlad (a small CNN
           whose local descriptors are pooled by NetVLAD: soft-assignment to 6 learned centres, residuals aggregated,
           intra- and L2-normalised, naming the kind of the 3 repeated glyphs of 12x12 images among distractors,
           cross-entropy over 4), aspp (a DeepLab-like segmenter: a conv stem and atrous spatial pyramid pooling, 3x3
           convolutions at dilation rates 1, 2 and 4 and an image-level pooling branch, concatenated and projected,
           labelling each pixel of two-region texture images with its region's texture, cross-entropy over 4 per
           pixel), skellam (a ReLU MLP regressor of goal differences, home minus away counts, with the Skellam negative
           log-likelihood of two softplus rates: ~5.5 at init); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and
           without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh66/
  fresh68  electra (ELECTRA-like replaced-token detection: a generator of width 16 and a discriminator of width 32, each
           a residual convolution over 3 tokens and one pre-LN transformer layer, trained jointly on Markov-chain
           sequences of 16 tokens of 16, 15% of them masked, the generator's masked-token cross-entropy + 10 x the
           discriminator's per-token binary cross-entropy: ~9.7 at init), dino (DINO self-distillation: a student ReLU
           MLP with 16 prototypes and its EMA teacher, momentum 0.99, centred, temperatures 0.1 and 0.04, the
           cross-entropy across two augmented views of clustered points plus a linear probe's cross-entropy of the
           cluster: ~3.8 at init), itransformer (an iTransformer-like forecaster: each of 7 variates' 48-step window
           embedded as one token, 2 pre-LN transformer layers across the variates, a head to the 12-step horizon, MSE
           on coupled seasonal series: ~0.9 at init), rician (a ReLU MLP regressor of magnitudes, a softplus signal nu
           and noise scale sigma, the Rice negative log-likelihood through i0e: ~2.5 at raw outputs of 0); Adagrad,
           NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh68/
  fresh70  treelstm (a binary Tree-LSTM classifier: token embeddings of 24, leaf LSTM cells and internal nodes gated by
           their two children with a forget gate per child, batched level by level over complete binary trees of 8 leaf
           tokens of 15, words of planted sentiment, two negations and an intensifier composed bottom-up, naming the
           root's sentiment, cross-entropy over 3), cbam (a small CNN with CBAM blocks: channel attention from an
           average- and a max-pooled shared MLP, then spatial attention from a 7x7 convolution of the channel mean and
           max maps, naming the pattern of 16x16 images, oriented bars, a blob or a checkerboard patch at a random
           place, cross-entropy over 5), timesnet (a TimesNet-like forecaster: the FFT's 2 strongest periods each fold
           the series into a 2D image for an inception block of 1x1, 3x3 and 5x5 convolutions, the results aggregated by
           softmaxed amplitudes, forecasting 16 steps of multi-periodic series from 64, MSE: ~1.2 at init), nakagami (a
           ReLU MLP regressor of positive amplitudes with the Nakagami negative log-likelihood of a shape m, 0.5 +
           softplus, and a softplus spread omega: ~1.4 at raw outputs of 0); Adagrad, NAdam, RAdam, RMSprop, AdamW and
           SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh70/
  fresh72  performer (a Performer-like encoder classifier: token and position embeddings, 2 pre-LN layers of FAVOR+
           attention, queries and keys through positive random features exp(w.x - |x|^2/2) of a fixed Gaussian
           projection never redrawn, linear-time attention, mean-pooled into a ReLU layer and a head, naming the class
           of token sequences of 28 from a planted long-range co-occurrence of a subject and a modifier marker,
           cross-entropy over 4), fibinet (a FiBiNET-like click-through model: embeddings of 10 categorical fields, a
           SENET layer re-weighting them, field-all bilinear interactions through one shared W of the original and the
           re-weighted embeddings, an MLP, BCE with logits of clicks from planted pairwise field interactions), nhits
           (an N-HiTS-like forecaster: 3 stacks of MLP blocks max-pooling the residual window at rates 4, 2 and 1,
           coarse backcast and forecast coefficients linearly interpolated to full resolution, forecasting 12 steps of
           series of slow and fast seasonalities from 48, MSE: ~1.4 at init), johnsonsu (a ReLU MLP regressor of skewed
           heavy-tailed targets with the Johnson SU negative log-likelihood of a location, a softplus scale, a shape and
           a softplus tail shape: ~2.2 at raw outputs of 0); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and
           without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh72/
  fresh74  lambdanet (a LambdaNetworks-like classifier: a conv stem to 8x8, 2 residual lambda layers of queries, keys
           softmax-normalised over the positions and values, a content lambda shared by every query plus position
           lambdas from learned relative position embeddings over a local 5x5 window, global average pooling, naming
           how two stripe textures are arranged in a patch of noisy 16x16 images, cross-entropy over 4), sru (a Simple
           Recurrent Unit classifier: token embeddings, 2 stacked SRU layers, the matrix multiplications of all the time
           steps at once and a light elementwise recurrence with a highway output, mean and last pooling, naming the
           class of token sequences of 30-40 from counting and ordering two markers, cross-entropy over 4), afm (an
           Attentional Factorization Machine: embeddings of 10 categorical fields, the element-wise products of all
           field pairs pooled by an attention network, a projection plus a first-order term, BCE with logits of clicks
           from planted pairwise interactions of unequal importance), exgauss (a ReLU MLP regressor of right-skewed
           reaction-time-like targets with the ex-Gaussian negative log-likelihood of a mean, a softplus scale and a
           softplus rate, through log_ndtr: ~6.1 at raw outputs of 0); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD
           with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh74/
  fresh76  sknet (a Selective-Kernel CNN: a conv stem to 8x8, 2 residual SK blocks of a 3x3 and a dilated 3x3
           branch fused by summation and global pooling into a squeeze vector, a softmax over the branches per channel
           selecting them, global average pooling, naming the pair of a fine texture and a coarse shape in noisy 16x16
           images, cross-entropy over 4), phasedlstm (a Phased LSTM classifier: an LSTM cell whose updates are gated
           per unit by a learned periodic time gate of period tau, shift s and open ratio 0.2, leaking 1e-3 when
           closed, over irregularly sampled sequences of 30-40 events with real timestamps, naming the rhythm and
           phase of planted events, cross-entropy over 4), esmm (an ESMM-like click and conversion model: shared
           embeddings of 9 categorical fields, two MLP towers for pCTR and pCVR, trained on the entire impression
           space with BCE on the click plus BCE of pCTCVR = pCTR x pCVR on the click and conversion), compoisson (a
           ReLU MLP regressor of under- and over-dispersed counts with the Conway-Maxwell-Poisson negative
           log-likelihood of log lambda and log nu, the normaliser truncated at 80 by logsumexp: ~6.8 at raw outputs
           of 0); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their
           optimizers
                                                                  -> bench/out/fixcheck/fresh76/
  fresh78  pvt (a Pyramid-Vision-Transformer-like classifier: a 4x4 patch embedding of 16x16 images, a stage of one
           block of spatial-reduction attention, the keys and values from a stride-2 convolution of the token map
           (reduction ratio 2), patch merging to half the resolution and twice the width, a second such stage, mean
           pooling, naming where a planted square lies from a planted cross, cross-entropy over 4), onlstm (an
           Ordered-Neurons LSTM classifier: an LSTM cell of 32 units in 8 chunks with master forget and input gates by
           cumax over the chunks, naming the bracket that opened the outermost span of nested-bracket-like token
           sequences of 20-32 over 12 tokens, cross-entropy over 3), nfm (a Neural Factorization Machine: embeddings of
           10 categorical fields, Bi-Interaction pooling 0.5 ((sum v)^2 - sum v^2) into a ReLU MLP, a first-order term,
           BCE with logits of clicks from planted pairwise field interactions), lomax (a ReLU MLP regressor of
           heavy-tailed claim-size-like targets with the Lomax (Pareto type II) negative log-likelihood of log alpha
           and log lambda: ~4.3 at raw outputs of 0); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without
           (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh78/
  fresh80  coatnet (a CoAtNet-like hybrid classifier: a conv stem with BatchNorm to 8x8, an MBConv block (x4
           expansion, depthwise 3x3, squeeze-excitation), a stride-2 convolution to a 4x4 token map of 32, a pre-LN
           transformer block of 2 heads of self-attention with a learned relative position bias, mean pooling, naming
           where a vertically striped patch lies from a horizontally striped one in noisy 16x16 images, cross-entropy
           over 4), deephit (a DeepHit-like ReLU MLP of a softmax over 24 time bins and one past the horizon, the
           negative log-likelihood of the event bin for events and of surviving past the censoring bin for the ~37%
           right-censored rows, survival times whose hazard depends on the features: ~2.25 at raw outputs of 0),
           twotower (a two-tower retrieval model: a user tower of embeddings of 5 fields and an item tower of
           embeddings of 4 fields into ReLU MLPs, L2-normalised, an in-batch sampled softmax at a temperature of 0.1
           over batches of 64 (user, clicked item) pairs of planted latent preferences, held out in blocks of 64 new
           pairs: ~4.6 at init), deepsdf (a DeepSDF-like auto-decoder: a learnable code of 16 per each of 24 circles,
           boxes and rounded polygons, with a 2-D query point into a ReLU MLP predicting the signed distance, the
           clamped L1 (0.1 tanh(pred / 0.1) against the sdf clamped at 0.1) plus 1e-4 x the codes' squared norm on
           points concentrated near the surfaces, held out on new points of the training shapes: ~0.065 at
           predictions of 0); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum
           among their optimizers
                                                                  -> bench/out/fixcheck/fresh80/
  fresh82  levit (a LeViT-like hybrid classifier: a stem of 3 stride-2 convolutions with BatchNorm and Hardswish to a
           3x3 token map, an attention block whose heads add a learned attention bias over the query-key offsets and
           an MLP block with BatchNorm instead of LayerNorm, a shrinking attention block subsampling the queries to
           2x2, an attention and an MLP block of 48, mean pooling into a ReLU layer and a head, naming the
           orientations of a diagonal stroke in the left half and one in the right half of noisy 24x24 images with
           decoy strokes, cross-entropy over 4), dcrnn (a DCRNN-like sequence-to-sequence traffic forecaster: an
           encoder and a decoder GRU whose gates and candidate are diffusion convolutions, K = 2 random-walk steps
           forward and backward over a directed road graph of 14 sensors, 12 past steps, 6 forecast steps fed back,
           speeds with two daily rush hours and congestion propagating along the edges, the mean absolute error), ffm
           (a field-aware factorization machine: a latent vector of 4 per feature and other field, <v_(i, field j),
           v_(j, field i)> summed over the 28 pairs of 8 categorical fields, linear terms and a bias, BCE on clicks
           from planted field-pair interactions), zinb (a ReLU MLP of the log mean, the log dispersion and the logit
           of the structural-zero probability of a zero-inflated negative binomial law of overdispersed counts with
           55% zeros, the negative log-likelihood per row); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and
           without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh82/
  fresh84  cait (a CaiT-like classifier: a 4x4 patch embedding of a 16x16 image, 2 self-attention blocks with
           LayerScale (per-channel residual scales from 0.1), a CLS token and a class-attention block where only the
           CLS attends to the frozen patch tokens, a ReLU layer and a head on the CLS, naming the quadrant of a
           textured blob in noisy images with a plain decoy blob, cross-entropy over 4), scinet (a SCINet-like
           forecaster: a binary tree of depth 2 of SCI-blocks splitting 48 steps of 3 channels into even and odd
           subsequences, Conv1d + LeakyReLU + Tanh modules, the interactions x_even * exp(phi(x_odd)) and the reverse
           and additive updates, re-interleaved, a projection to 12 steps of synthetic multi-seasonal series, MSE),
           ipnn (an inner-product-based neural network: embeddings of 6 for 10 categorical fields, a product layer of
           the linear signal and the 45 pairwise inner products, a ReLU MLP on top, BCE on clicks from planted
           field-pair interactions), frechet (a ReLU MLP of the log scale and the log shape of a Frechet (inverse
           Weibull) law of heavy-tailed maxima, the negative log-likelihood per row); Adagrad, NAdam, RAdam, RMSprop,
           AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh84/
  fresh86  volo (a VOLO-like classifier: a conv stem to an 8x8 token map of width 16, 2 Outlooker blocks whose outlook
           attention aggregates each token's 3x3 neighbourhood with 9x9 weights produced directly by a linear layer of
           the centre token, no query-key products, unfold and fold, 1 self-attention block, mean pooling, a ReLU layer
           and a head, naming the orientation of short strokes in noisy 16x16 images with a decoy square, cross-entropy
           over 4), fedformer (a FEDformer-like forecaster: a moving-average decomposition into trend and seasonal
           parts, a frequency-enhanced block on the seasonal part, rfft, a learned complex channel map on a fixed
           random 6 of the 25 Fourier modes, irfft, a linear projection of the trend, 12 steps of 3 channels from 48 of
           synthetic trending multi-seasonal series, MSE), autodis (an AutoDis-like click model: numerical features
           embedded by soft discretisation, a small MLP to softmax weights at temperature 0.5 over 10 meta-embeddings,
           categorical fields by plain embeddings, a ReLU MLP, BCE on clicks that depend non-monotonically on the
           numerical features and on field-pair interactions), birnbaum (a ReLU MLP of the log shape and the log scale
           of a Birnbaum-Saunders (fatigue-life) law of failure times, the negative log-likelihood per row); Adagrad,
           NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh86/
  fresh88  twins (a Twins-SVT-like classifier: a 2x2 conv patch embedding of stride 2 to an 8x8 token map of width
           12, a block of locally-grouped self-attention within 4x4 windows, a positional encoding generator (a 3x3
           depthwise conv), a block of global sub-sampled attention whose keys and values come from a 2x2 strided-conv
           summary of the map, mean pooling, a ReLU layer and a head, naming the relation between a striped texture
           and a distant blob in noisy 16x16 images, cross-entropy over 4), esrnn (an ES-RNN-like hybrid forecaster:
           per-series learned sigmoid-squashed smoothing parameters and initial seasonal coefficients, additive
           Holt-Winters smoothing on the log scale deseasonalising and normalising each window, an LSTM on the
           normalised window, a head to 12 steps re-seasonalised and re-levelled, 48 synthetic seasonal series with
           level shifts, MSE), dcap (a DCAP-like click model: embeddings of 10 fields, 2 stacked layers of multi-head
           self-attention over the fields each followed by a product layer of the pairwise inner products of the
           attended and the original embeddings, concatenated across the layers into a ReLU MLP, BCE on clicks from
           planted field interactions), gumbelmax (a ReLU MLP of the location and the log scale of a reverse-Gumbel
           (Gumbel-min) law of minima, the negative log-likelihood per row); Adagrad, NAdam, RAdam, RMSprop, AdamW and
           SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh88/
  fresh90  davit (a DaViT-like classifier: a 2x2 conv patch embedding of stride 2 to an 8x8 token map of width 16, a
           dual attention pair of spatial window attention within 4x4 windows and channel group attention over the
           transposed token matrix in 4 groups, each followed by a ReLU feed-forward, mean pooling, a ReLU layer and a
           head, naming which colour channels carry a checkered patch and in which half of noisy 16x16 colour images,
           cross-entropy over 4), segrnn (a SegRNN-like forecaster: the window less its last value cut into 6
           segments of 8 steps, each projected to 32, a GRU over the segments, parallel decoding by one more GRU step
           per output segment from learned position and channel embeddings, 16 steps of 2 channels of synthetic
           trending two-season series, MSE), finalmlp (a FinalMLP-like click model: 10 field embeddings concatenated,
           two MLP streams each with its own feature gating from one field's embedding, fused by a 4-head bilinear
           interaction, BCE on clicks from planted field interactions), nig (a ReLU MLP of the location, the log
           scale, the log tail and the bounded skew of a normal-inverse-Gaussian law of heavy-tailed skewed returns,
           the negative log-likelihood per row through the scaled Bessel K1); Adagrad, NAdam, RAdam, RMSprop, AdamW and
           SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh90/
  fresh92  focalnet (a FocalNet-like classifier: a 2x2 conv patch embedding of stride 2 to an 8x8 token map of width
           16, a block of focal modulation, a linear layer to a query, a context and per-token gates, 2 focal levels of
           depthwise convs of kernels 3 and 5 each gated plus a gated global-average level, a 1x1 conv modulator
           multiplied into the query, then a GELU MLP, mean pooling, a ReLU layer and a head, naming which motif lies
           in noisy 16x16 images and whether a frame surrounds it, cross-entropy over 4), lightts (a LightTS-like
           forecaster: the window less its last value down-sampled into 8 chunks of 8 by continuous and by interval
           sampling, each through an information-exchange block, an MLP over each chunk's time axis with a
           bottleneck, a linear layer across the chunks, the two concatenated into a ReLU layer and a head to 16 steps
           of 2 channels of synthetic trending two-cycle series, MSE), fwfm (a field-weighted factorization machine
           click model: 10 field embeddings, a first-order term per value, pairwise inner products weighted by a
           learned scalar per pair of fields, a small MLP on the concatenated embeddings added to the logit, BCE on
           clicks from planted field-pair interactions of different strengths), betanegbin (a ReLU MLP of log r, log
           alpha and log beta of a beta-negative-binomial law of heavy-tailed counts, the negative log-likelihood per
           row through torch.lgamma); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov)
           momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh92/
  fresh94  blurpool (an anti-aliased CNN: a 3x3 conv, MaxBlurPool (a max-pool of stride 1, then a fixed 3x3 binomial
           blur of stride 2), a second 3x3 conv, BlurPool, global average pooling, a ReLU layer and a head, naming the
           orientation of a stripe patch at a random place in noisy 12x12 images with a distractor, cross-entropy over
           4), cornn (a coupled oscillatory RNN: 24 units of position and velocity, a damped, driven second-order ODE
           discretised explicitly over 24 steps, the final positions through a ReLU layer and a head, naming a burst's
           frequency and the half it starts in, cross-entropy over 4), autorec (a user-based AutoRec: a user's given
           ratings and their mask through a sigmoid encoder, a ReLU layer and a head decoding all 40 items, the masked
           MSE of held-back ratings from a rank-4 taste model), crps (a ReLU MLP of the mean and the log scale of a
           Gaussian forecast of a heteroscedastic target with Laplace noise, trained by the closed-form continuous
           ranked probability score, mean over the rows); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and
           without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh94/
  fresh96  mixnet (a MixNet-like CNN: a stride-2 3x3 stem to 8x8, an inverted-residual block whose depthwise MixConv
           splits 24 channels into kernels 3, 5 and 7, squeeze-and-excitation, a 1x1 projection and a residual add,
           global average pooling, a ReLU layer and a head, naming a shape's scale and kind (a small or large disc or
           ring) in noisy 16x16 images, cross-entropy over 4), ligru (a light GRU: no reset gate, a ReLU candidate,
           LayerNorm of the input projections, 32 units over 20 frames of 8 filterbank energies, the mean state
           through a ReLU layer and a head, naming a call by its pitch track, cross-entropy over 5), tabm (a TabM-like
           parameter-efficient ensemble: 4 members sharing two BatchEnsemble ReLU layers with per-member scales and
           biases, a shared ReLU layer and head, regressing a standardised target of numeric and one-hot columns, the
           members' MSE), gennorm (a ReLU MLP of the location, the log scale and the shape in (1, 4) of a generalized
           normal law of a target whose noise runs from Laplace-like to nearly uniform, the negative log-likelihood
           per row through torch.lgamma); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov)
           momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh96/
  fresh97  cspnet (a CSPNet-like CNN: a 3x3 stem, a stride-2 conv to 7x7, a cross stage partial stage whose channels
           split in two by 1x1 convs, one part through 2 residual bottlenecks and a 1x1 transition, the other left as
           it is, concatenated and fused by a 1x1 transition, LeakyReLU, global average pooling, a ReLU layer and a
           head, counting the 1-4 bright blobs of noisy 14x14 images with a distractor bar, cross-entropy over 4),
           antisym (a gated AntisymmetricRNN: h += eps sigmoid(A h + V_z x) tanh(A h + V_h x) with A = W - W^T - gamma
           I, 32 units over 36 steps of 2 channels, the last state through a ReLU layer and a head, naming the signs of
           an early and a late pulse over slow sines and noise, cross-entropy over 4), modernnca (a ModernNCA-like
           tabular classifier: an MLP encoder of the row and of 512 labelled candidate rows, a class's probability the
           sum of its candidates' softmax(-squared distance) weights, the NCA loss, cross-entropy over 4 classes of two
           nonlinear rules), alaplace (a ReLU MLP of the location, the log scale and the log asymmetry of an asymmetric
           Laplace law of a target whose noise's scale and skew depend on the features, the negative log-likelihood
           per row); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their
           optimizers
                                                                  -> bench/out/fixcheck/fresh97/
  fresh98  vovnet (a VoVNet-like CNN: a 3x3 stem, a stride-2 conv to 6x6, a one-shot aggregation module whose 3
           successive 3x3 convs are concatenated once with its input and fused by a 1x1 conv, effective squeeze-excitation
           and a residual add, global average pooling, a ReLU layer and a head, naming the orientation of a corner in
           noisy 12x12 images with a distractor bar, cross-entropy over 4), fsmn (a compact feedforward sequential memory
           network: 2 layers of a ReLU projection and a memory block, a learned FIR filter per unit over 8 past and 2
           future frames, 32 units, the mean over the frames, a ReLU layer and a head, spotting the keyword of noisy
           32-frame utterances of 6 band energies with babble, cross-entropy over 5), periodic (an MLP over periodic PLR
           numeric embeddings: each feature to sin and cos of 8 learned frequencies, a per-feature linear layer and ReLU,
           concatenated, ReLU layers and a head, regressing a standardised periodic, stepped target of 6 features, MSE),
           dweibull (a ReLU MLP of the log rate and the log shape of a discrete Weibull law of counts whose parameters
           depend on the features, the negative log-likelihood per row); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD
           with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh98/
  fresh99  nin (a Network-in-Network CNN: an mlpconv block (a 3x3 conv and two 1x1 convs, a per-pixel MLP across the
           channels), 2x2 max pooling to 6x6, a second mlpconv block, global average pooling, a ReLU layer and a head,
           naming the kind of a 3x3 glyph (a plus, a cross, a ring, two bars) in noisy 12x12 images with a distractor,
           cross-entropy over 4), janet (JANET: an LSTM with only its forget gate, s = W_f x + U_f h + b_f, h <-
           sigmoid(s) h + (1 - sigmoid(s - 1)) tanh(W_c x + U_c h + b_c), chrono-initialised, 32 units over 30 steps of 2
           channels, the last state through a ReLU layer and a head, naming the shape of an early event, cross-entropy
           over 5), gandalf (GANDALF: 3 gated feature learning units, each a learned softmax feature mask and GRU-like
           gates over the 8 features, a ReLU layer 8-64, a ReLU layer and a head, regressing a standardised target with
           feature interactions, MSE), hypsecant (a ReLU MLP of the location and the log scale of a hyperbolic secant
           law of a heteroscedastic target, the negative log-likelihood per row); Adagrad, NAdam, RAdam, RMSprop, AdamW
           and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh99/
  fresh100 pyramidnet (a PyramidNet-like CNN without batch norm: a 3x3 stem, two residual blocks whose width grows
           additively 6 -> 10 -> 14, the second strided to 6x6, zero-padded shortcuts, no ReLU after the add, global
           average pooling, a ReLU layer and a head, naming the texture of a 4x4 patch (a checkerboard, horizontal or
           vertical stripes, a grid of dots) in noisy 12x12 images with a distractor, cross-entropy over 4), rhn (a
           recurrent highway network: coupled carry gates, a recurrence depth of 2 micro-layers per step, the input
           entering the first, carry bias -2, 24 units over 14 steps of 2 channels, the last state through a ReLU
           layer and a head, naming the kind of a 5-step motif, cross-entropy over 4), fmfm (a field-matrixed
           factorization machine: 8-d embeddings of 6 categorical fields, a learned 8x8 matrix per field pair, the 15
           interactions and 2 dense features through a ReLU layer and a head plus first-order weights, BCE with
           logits of clicks), rayleigh (a ReLU MLP of the log scale of a Rayleigh law of a positive target whose
           scale depends on the features, the negative log-likelihood per row); Adagrad, NAdam, RAdam, RMSprop, AdamW
           and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh100/
  fresh101 dilnet (a dilated-convolution CNN, the context module of Yu and Koltun: 3x3 convolutions 1-12-12-12 with
           dilations 1, 2 and 4 at the full 12x12 resolution, global max pooling, a ReLU layer and a head, naming the
           orientation of a 5-pixel line segment (horizontal, vertical, diagonal, anti-diagonal) in noisy 12x12 images
           with distractor pixels, cross-entropy over 4), mgu (a minimal gated unit RNN: one forget gate f = sigmoid(W_f
           x + U_f h + b_f), h <- (1 - f) h + f tanh(W_h x + U_h (f h) + b_h), 24 units over 18 steps of 2 channels,
           the last state through a ReLU layer and a head, naming the period of a noisy oscillation, cross-entropy over
           4), ccpm (a convolutional click prediction model: 8-d embeddings of 6 categorical fields as a sequence, a
           Conv1d of width 3 along the fields, tanh, 3-max pooling, a Conv1d of width 2, tanh, with 2 dense features
           through a ReLU layer and a head, BCE with logits of clicks), maxwell (a ReLU MLP of the log scale of a
           Maxwell-Boltzmann law of a positive target whose scale depends on the features, the negative
           log-likelihood per row); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov)
           momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh101/
  fresh102 locnet (a locally connected network, DeepFace-style unshared convolutions: a 3x3 locally connected layer
           1 -> 6 on 12x12 images, 2x2 max pooling, a 3x3 locally connected layer 6 -> 8, a ReLU layer and a head,
           naming the quadrant that holds a plus sign beside a square distractor in noisy 12x12 images, cross-entropy
           over 4), ugrnn (an update-gate RNN of Collins et al.: c = tanh(W_c x + U_c h + b_c), g = sigmoid(W_g x +
           U_g h + b_g), h <- g h + (1 - g) c, 24 units over 20 steps of 2 channels, the last state through a ReLU
           layer and a head, counting the 1-4 pulses of a series beside negative decoy bumps, cross-entropy over 4),
           gdcn (a gated deep cross network: 6-d embeddings of 4 categorical fields and 6 dense features as x0, 3
           gated cross layers x0 * (W x + b) * sigmoid(G x) + x, a ReLU layer and a head, BCE with logits of
           conversions drawn from second- and third-order feature crosses), lindley (a tanh-then-ReLU MLP of the log
           rate of a Lindley law of a positive target whose rate depends on the features, the negative
           log-likelihood per row); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov)
           momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh102/
  fresh103 dla (a deep layer aggregation CNN: 3x3 convolutions 1-8-8 at 12x12 merged by a 1x1 aggregation node,
           2x2 max pooling, a 3x3 convolution and a second aggregation node of the pooled node and it, global average
           pooling, a ReLU layer and a head, naming a small shape (a plus sign, a square, a diagonal or an
           anti-diagonal) among distractor pixels in noisy 12x12 images, cross-entropy over 4), scrn (a structurally
           constrained recurrent network of Mikolov et al.: 8 slow context units s <- 0.05 B x + 0.95 s and 24 sigmoid
           hidden units h <- sigmoid(P s + A x + R h) over 20 steps of 2 channels, the last [h, s] through a ReLU layer
           and a head, naming the sign pattern of two bumps beside decoy bumps, cross-entropy over 4), hofm (a
           higher-order factorization machine: 8-d factors of 4 categorical fields and 6 dense features, per dimension
           the first-order sum and the order-2 and order-3 ANOVA kernels, a ReLU layer and a head, BCE with logits of
           clicks drawn from second- and third-order feature crosses), invgamma (a SiLU MLP of the log scale of an
           inverse-gamma law of shape 3 of a heavy-tailed positive target whose scale depends on the features, the
           negative log-likelihood per row); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without
           (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh103/
  fresh104 nlnet (a CNN with a non-local block: a 3x3 conv 1-8 at 12x12, 2x2 max pooling, a 3x3 conv 8-16 at 6x6, an
           embedded-Gaussian non-local block over the 36 positions added to its input, global average pooling, a ReLU
           layer and a head, counting 1-4 small squares among distractor pixels in noisy 12x12 images, cross-entropy
           over 4), irnn (an IRNN of Le et al.: a ReLU RNN h <- relu(W x + U h + b) of 24 units, U initialised to the
           identity and b to 0, over 20 steps of 2 channels, the last state through a ReLU layer and a head, naming
           the channels of two positive pulses beside negative decoys, cross-entropy over 4), afn (an adaptive
           factorization network: 8-d embeddings of 6 categorical fields, the log of their absolute values, 12
           logarithmic neurons exp(sum_j w_j log|e_j|) across the fields per dimension, the 96 and 2 dense features
           through a ReLU layer and a head, BCE with logits of clicks drawn from second- and third-order field
           crosses), yule (a GELU MLP of the log shape of a Yule-Simon law of power-law-tailed counts k >= 1, pmf rho
           B(k, rho + 1), whose shape depends on the features, the negative log-likelihood per row); Adagrad, NAdam,
           RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh104/
  fresh105 gabor (a CNN with a learned Gabor filter bank: 8 7x7 Gabor kernels built each forward from a learned
           orientation, wavelength, width and phase, their squared responses through a 1x1 conv 8-12, 2x2 max
           pooling, a 3x3 conv 12-16, global average pooling, a ReLU layer and a head, naming the period of a windowed
           grating at a random orientation beside a bright blob in noisy 12x12 images, cross-entropy over 4),
           fastgrnn (a FastGRNN of Kusupati et al.: the gate and the candidate sharing W and U, h <- (sigmoid(zeta)
           (1 - z) + sigmoid(nu)) c + z h, 24 units over 20 steps of 2 channels, the last state through a ReLU layer
           and a head, naming the trend of one channel and the half holding the pulse of the other beside spikes,
           cross-entropy over 4), pin (a product-network-in-network: 6-d embeddings of 6 categorical fields, a ReLU
           micro-network of 4 units per field pair on [e_i, e_j, e_i * e_j], the 60 outputs, the embeddings and 2
           dense features through a ReLU layer and a head, BCE with logits of conversions drawn from field crosses),
           logseries (an ELU MLP of the logit of p of a logarithmic (log-series) law of counts k >= 1, pmf -p^k /
           (k ln(1 - p)), whose p depends on the features, the negative log-likelihood per row); Adagrad, NAdam,
           RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh105/
  fresh106 harmonic (a harmonic CNN: every 3x3 kernel a learned combination of the 9 fixed 2-D DCT filters, 1-12
           at 12x12, 2x2 max pooling, 12-16 at 6x6, global max and average pooling, a ReLU layer and a head, naming
           the 3x3 glyph drawn at a random place beside a bright blob in noisy 12x12 images, cross-entropy over 4),
           lrunit (a Linear Recurrent Unit: a diagonal complex recurrence h <- lambda h + gamma B u of 24 states,
           lambda = exp(-exp(nu) + i exp(theta)), read out as Re(C h) + D u, the last and mean outputs through a ReLU
           layer and a head, naming the pace of one channel's oscillation and the sign of another's step,
           cross-entropy over 4), oblivious (neural oblivious decision ensembles: 16 soft oblivious trees of depth 4,
           a softmax feature choice, a learned threshold and temperature per level, 4-d leaf responses through a ReLU
           layer and a head, BCE with logits of defaults drawn from conjunctions of feature thresholds), borel (a SiLU
           MLP of the logit of mu of a Borel law of counts k >= 1, pmf exp(-mu k) (mu k)^(k - 1) / k!, whose mu
           depends on the features, the negative log-likelihood per row); Adagrad, NAdam, RAdam, RMSprop, AdamW and
           SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh106/
  fresh107 bilinear (a bilinear CNN: two 3x3 convs 1-8-8 at 12x12, the outer product of the 8 channels averaged over
           the positions, a signed square root and an L2 normalisation, a ReLU layer and a head, naming the
           orientation of a 4-pixel stroke beside bright dots in noisy 12x12 images, cross-entropy over 4), lem (a
           Long Expressive Memory network: two learned multi-scale step sizes dt1, dt2, z <- (1 - dt1) z + dt1
           tanh(.), y <- (1 - dt2) y + dt2 tanh(W z + V u), 24 units over 24 steps of 2 channels, the last and mean
           y through a ReLU layer and a head, naming which channel's bump comes first and the sign of one bump,
           cross-entropy over 4), dlrm (a DLRM: 8-d embeddings of 6 categorical fields, a bottom MLP of 4 dense
           features, the pairwise dot products of the 7 vectors and the bottom output through a ReLU layer and a
           head, BCE with logits of clicks drawn from hidden factor crosses), poilindley (a tanh MLP of log theta
           of a Poisson-Lindley law of counts k >= 0, pmf theta^2 (k + theta + 2) / (theta + 1)^(k + 3), whose
           theta depends on the features, the negative log-likelihood per row); Adagrad, NAdam, RAdam, RMSprop,
           AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh107/
  fresh108 sppnet (a spatial-pyramid-pooling CNN: two 3x3 convs 1-12-12 at 12x12, adaptive max pooling to 1x1, 2x2
           and 4x4 bins concatenated, a ReLU layer and a head, naming a glyph's shape (a plus or a hollow square) and
           the half of the noisy 12x12 image it sits in, cross-entropy over 4), dilrnn (a dilated RNN: 3 stacked GRU
           layers of 16 units whose recurrences skip 1, 2 and 4 steps, the top layer's last and mean outputs through a
           ReLU layer and a head, naming an early bump's sign and a late sine burst's period in series of 32 steps,
           cross-entropy over 4), multdae (a multinomial denoising autoencoder, Mult-DAE: L2-normalised click counts,
           dropout, an encoder 200-64 (tanh), a ReLU layer and a head to the logits over 200 items, the multinomial
           NLL per click of a user's next clicks from their past ones), ztpois (a tanh MLP of log lam of a
           zero-truncated Poisson law of counts k >= 1, pmf lam^k e^-lam / (k! (1 - e^-lam)), whose rate depends on
           the features, the negative log-likelihood per row); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with
           and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh108/
  fresh109 bagnet (a BagNet: 3x3 convs 1-12-16 so each location sees a 5x5 patch, a per-location ReLU layer and
           head giving local class logits summed over the 144 locations, naming which of 4 3x3 motifs a noisy 12x12
           texture repeats, cross-entropy over 4), spectro (a spectrogram CNN: a fixed STFT of 32-sample Hann frames,
           log(1 + |.|), two 3x3 convs, max pooling, a ReLU layer and a head, naming a chirp's direction and band in
           noisy 256-sample clips, cross-entropy over 4), qrembed (quotient-remainder compositional embeddings: two
           fields of 900 ids, each id the product of embeddings of id // 30 and id % 30, with dense features through
           a tanh layer, a ReLU layer and a head, regressing a standardised score, MSE), vmf (a tanh MLP of the mean
           direction and log kappa of a von Mises-Fisher law of unit 3-vectors on the sphere, the negative
           log-likelihood per row); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov)
           momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh109/
  fresh110 shift (a ShiftNet: a 3x3 conv stem, twice a zero-parameter shift of 9 channel groups in the 9 directions
           and a 1x1 conv, average pooling, a ReLU layer and a head, naming the orientation of noisy strokes in 12x12
           images, cross-entropy over 4), esn (an echo state network: a fixed random reservoir of 96 leaky tanh units,
           its states' mean energies and last state through a trained ReLU layer and head, naming a noisy AR(2)
           oscillator's frequency and damping, cross-entropy over 4), ple (piecewise-linear encodings of 6 numerical
           features over 12 quantile bins through a tanh layer, a ReLU layer and a head, regressing a standardised
           score of thresholded features, MSE), wcauchy (a tanh MLP of the location and concentration of a wrapped
           Cauchy law of angles, the negative log-likelihood per row); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD
           with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh110/
  fresh111 haar (a wavelet CNN: a fixed Haar transform to 4 subbands, a 3x3 conv, a second Haar transform of its
           maps, a 1x1 conv, a ReLU layer and a head, naming the texture of a noisy 6x6 patch in 12x12 images: stripes
           of two orientations, a checkerboard or a bump, cross-entropy over 4), lnlstm (a layer-normalised LSTM of 32
           units written out, its last state through a ReLU layer and a head, naming the order and width of an upward
           and a downward bump in noisy series of 20 steps, cross-entropy over 4), ppgn (a provably powerful graph
           network: two blocks multiplying 1x1-conv maps of the pair features as matrices, diagonal and off-diagonal
           means, a ReLU layer and a head, regressing a standardised count of triangles and leaves of random graphs of
           10 nodes, MSE), oprobit (a tanh MLP of the latent of an ordered probit law with 5 learned increasing
           cutpoints, the negative log-likelihood per row of 6 ordered classes); Adagrad, NAdam, RAdam, RMSprop,
           AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh111/
  fresh112 chamfer (a point-cloud autoencoder: a PointNet encoder, a shared point MLP 2-32-64 max-pooled over the
           points, a ReLU layer and a head decoding 24 2-D points of noisy outlines of ellipses, triangles and
           segments, the Chamfer distance to the clean cloud), cepstral (the fixed log power spectrum of a signal, a
           learned lifter 65-32 (tanh), a ReLU layer and a head, naming the formant pair of vowel-like signals whatever
           their pitch, cross-entropy over 4), corn (a CORN ordinal MLP: a tanh layer, a ReLU layer and a head of 5
           conditional logits P(y > k | y > k-1), grading rows of 8 features on an ordered scale of 6, BCE with logits
           over the conditional pairs), onefactor (a tanh MLP of the mean, diagonal and loadings of a 6-D Gaussian with
           diagonal plus rank-one covariance, the negative log-likelihood per row by the determinant lemma and
           Woodbury); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their
           optimizers
                                                                  -> bench/out/fixcheck/fresh112/
  fresh113 regnet (a RegNetY-like CNN: a strided 3x3 conv stem, two Y blocks (a 1x1 conv, a 3x3 grouped conv of group
           width 4, squeeze-and-excitation, a 1x1 conv, BatchNorm, residual; the second of stride 2), mean pooling, a
           ReLU layer and a head, naming a bar's orientation and a 2x2 square's half in noisy 12x12 images with a decoy
           pixel, cross-entropy over 4), hawk (a Hawk-like recurrent classifier, Griffin's recurrent block: a GeLU gate
           branch times a causal depthwise conv and a real-gated linear recurrent unit (RG-LRU), projected and added
           back, the last step through a ReLU layer and a head, naming the kind of an event (a lasting level shift or
           a passing bump, up or down) in noisy AR(1) series of 24 steps, cross-entropy over 4), narm (NARM: item
           embeddings, a GRU over a session of 8 clicks, its last state and an attention over its states through a
           bilinear decoder scored against the item embeddings, the next click's cross-entropy over 60 items of
           sessions from planted successors and a main group per session), levy (a tanh MLP of the scale of a Levy
           law of location 0 of positive heavy-tailed targets (first-passage times, no mean) whose scale depends on
           the features, the negative log-likelihood per row); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and
           without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh113/
  fresh114 radon (a sinogram classifier: the fixed Radon transform of a 16x16 image, 12 angles x 16 bins, a circular
           convolution, a max over the angles, a ReLU layer and a head, naming noisy line drawings at random angles,
           one bar, parallel bars, a right-angle or a 45-degree cross, cross-entropy over 4), dynfir (a dynamic-filter
           denoiser: a Conv1d encoder of the noisy signal gives the 15 taps of an FIR filter run over it, MSE against
           the clean band-limited signal), anfis (an ANFIS-like neuro-fuzzy system: Gaussian memberships, 81 product
           rules normalised, Takagi-Sugeno consequents from a ReLU layer and a head, regressing a smooth function, MSE),
           emd (an MLP of a distribution of 40 voters' scores over 16 ordered bins, NIMA's earth mover's distance, r =
           2, between the cumulative distributions); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without
           (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh114/
  fresh115 gconv (a P4 group-equivariant CNN: a lifting convolution of 4 channels x 4 rotations of a 3x3 filter, a max
           pool, a P4 group convolution (filters turned and rolled along the rotations) of 10 x 4, a max over the
           rotations and places, a ReLU layer and a head, naming a tetromino glyph (L, J, T, S) turned by a multiple of
           90 degrees in noisy 12x12 images, cross-entropy over 4), exprnn (an expRNN forecaster: an orthogonal
           recurrent matrix, the matrix exponential of a learned skew-symmetric one, modReLU units over 16 steps, a ReLU
           layer and a head forecasting 6 steps of noisy two-sinusoid series, MSE), gcmc (a GC-MC-like rating model:
           user and item embeddings, their neighbours' mean on the user-item graph, a shared graph-convolution layer
           and a bilinear decoder, ratings of unseen pairs, MSE), cbern (a tanh MLP of the natural parameter of a
           continuous Bernoulli law of proportions in [0, 1], the negative log-likelihood per row: 0 for the uniform
           density, below 0 when trained); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov)
           momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh115/
  fresh116 morpho (a morphological network: 4 learned 3x3 grey-scale dilations and 4 erosions of the image, a flat
           closing and opening of each, the maps' spatial means and maxima, a ReLU layer and a head, naming the shape
           of noisy 16x16 images, scattered dots, a thin bar, a filled disc or a hollow square, cross-entropy over 4),
           volterra (a Volterra-like system identifier: 8 linear kernels and the squares of 8 projections (a rank-8
           second-order kernel) of the last 16 input samples, a ReLU layer and a head, predicting the output of a
           nonlinear Wiener-Hammerstein system from its coloured-noise input, MSE), pursuit (a projection pursuit
           regressor: 6 learned ridge directions, a ridge function of 16 ReLU units each (a grouped Conv1d) summed by
           a head, regressing a sum of ridge functions of hidden directions, MSE), softdtw (an MLP of a 12-step
           sequence from 6 features, the soft-DTW (gamma 0.01) to a randomly time-warped target gesture, by the
           recursion over the alignment table's anti-diagonals); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with
           and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh116/
  fresh50  mobilevit (a tiny MobileViT-like classifier: a convolution stem, an inverted residual block and a MobileViT
           block unfolding 2x2 patches of the feature map into tokens for a transformer layer and folding them back,
           naming where a square lies from a bar in 12x12 images, cross-entropy over 4), appnp (APPNP: an MLP of the
           node features, then personalized-PageRank propagation over 10 steps with teleport 0.1, naming the community
           of a node of a stochastic block model graph, cross-entropy over 4), dlinear (a DLinear-like forecaster: a
           moving-average trend/season decomposition, a linear layer along time per component, forecasting 12 steps of
           3 channels, MSE: ~0.6 at init), weibull (a ReLU MLP survival regressor of right-censored event times, the
           Weibull negative log-likelihood: ~0.7 at a scale and a shape of 1); Adagrad, NAdam, RAdam, RMSprop, AdamW
           and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh50/
  fresh67  glove (GloVe word vectors: word and context vectors of 16 dimensions and biases fitted by GloVe's weighted
           least squares, f(x) = min(1, (x/10)^0.75), to the log co-occurrence counts of a synthetic corpus with 8 planted
           topics, held out on unseen word pairs: ~10.3 at init), vicreg (VICReg: a ReLU MLP encoder and an expander with
           BatchNorm on two noisy augmented views of points on a curved manifold, 25 x invariance + 25 x variance + 1 x
           covariance: ~35 at init), nystrom (a Nystromformer-like encoder classifier: self-attention approximated through
           8 landmarks, the segment means of the queries and keys, and an iterative Moore-Penrose pseudo-inverse, naming
           the majority symbol of the second half of token sequences, cross-entropy over 4), truncnorm (a ReLU MLP
           regressor of targets truncated below at 0, a mean and a softplus scale, the truncated-normal negative
           log-likelihood: ~2.4 at raw outputs of 0); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov)
           momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh67/
  fresh69  saint (a SAINT-like tabular classifier: per-feature embeddings of 6 numeric and 3 categorical features and a
           [CLS] token, self-attention across the features of a row and intersample attention across the rows of a block
           of 64, the held-out rows scored in such blocks, cross-entropy over 4), mmoe (a Multi-gate Mixture-of-Experts
           multitask model: 4 shared expert MLPs, a softmax gate and a tower per task, a click's BCE with logits plus a
           value's MSE on related synthetic tasks: ~2.2 at outputs of 0), caser (a Caser-like sequential recommender:
           the last 5 items' embeddings as a 5 x 16 image, horizontal and vertical convolutions and a user embedding,
           next-item cross-entropy over 200 items from synthetic users with planted favourite genres and sequential
           patterns: ln 200 at init), genpareto (a ReLU MLP regressor of heavy-tailed exceedances with the generalized
           Pareto negative log-likelihood of a softplus scale and a shape 0.5 sigmoid, stable near a shape of 0: ~5 at
           raw outputs of 0); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among
           their optimizers
                                                                  -> bench/out/fixcheck/fresh69/
  fresh71  advtrain (FGSM adversarial training of a ReLU MLP classifier: the gradient of the loss with respect to the
           inputs by torch.autograd.grad, x_adv = x + eps sign(grad), the mean of the clean and the adversarial
           cross-entropies over 4 classes on rows of 4 informative and 20 nuisance features; held out at the same eps),
           mos (a mixture-of-softmaxes LSTM LM: 3 softmax components mixed by a prior from the hidden state, next-token
           cross-entropy over 64 tokens of a planted grammar of high-rank next-token log-probabilities: ln 64 at init),
           dien (a DIEN-like click-through model: item and category embeddings of a behaviour sequence, a GRU interest
           extractor, an AUGRU whose update gate is scaled by attention to the target item, an MLP on the final interest,
           the target and the user's profile, BCE with logits on synthetic users whose interest drifts), burr (a ReLU MLP
           regressor with the Burr XII negative log-likelihood of softplus shapes c, k and a scale lambda, in log space, of
           heavy-tailed positive targets: ~3.0 at raw outputs of 0); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with
           and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh71/
  fresh73  spanqa (extractive span prediction: a small pre-LN transformer encoder of a question of 8 tokens, [MARK], the
           key, 5 distractors and a length token, and a passage of 24 holding the key once, a start and an end head over
           the 32 positions, the mean of the start and the end cross-entropies: ln 32 at init), botnet (a BoTNet-like
           classifier: a conv stem with BatchNorm, a residual conv block, a bottleneck block whose 3x3 convolution is
           4-head self-attention over the 8x8 positions with learned relative row and column position embeddings, naming
           the quadrant where a ring lies from a square in noisy 16x16 images, cross-entropy over 4), gprgnn (GPR-GNN: an
           MLP with dropout of every node's features, 10 steps of symmetric-normalised propagation combined by learnable
           generalized PageRank weights started as PPR, naming the class of the nodes of a partly heterophilous stochastic
           block model graph, full batch, cross-entropy over 5), adaptivesm (an LSTM LM with
           nn.AdaptiveLogSoftmaxWithLoss, a head of the 20 most frequent tokens and 2 tail clusters, on Zipf-distributed
           tokens of a planted Markov grammar over 300, the module's mean negative log-likelihood: ~4.85 at init);
           Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh73/
  fresh75  funnel (a Funnel-Transformer-like classifier: token and position embeddings, 3 blocks of a post-LN encoder
           layer at lengths 32, 16 and 8, between blocks the hidden states mean-pooled by 2 as the next block's queries
           over the full-length keys and values, mean-pooled into a ReLU layer and a head, naming the class of token
           sequences of 32 from a planted marker bigram among lone distractor markers, cross-entropy over 4), armagnn
           (an ARMA graph convolution network: 2 ARMA convolutions of K = 2 parallel stacks of T = 2 recursive
           propagations X_(t+1) = ReLU(L_hat X_t W + dropout(X_0) V), W shared after the first step, the stacks
           averaged, naming the class of the nodes of a stochastic block model graph of 400 nodes, full batch,
           cross-entropy over 4), circleloss (metric learning: an MLP embedding, L2-normalised, of samples of 32
           clustered classes among nuisance features, Circle Loss with m = 0.25 and gamma = 32 over P x K batches of 16
           classes x 4 samples, held out on P x K blocks of new samples: ~29.6 at init), dirmult (a ReLU MLP regressor
           of the concentrations of a Dirichlet-multinomial, softplus + 0.01 over 6 categories, of overdispersed count
           vectors with totals 10-60, the negative log-likelihood per row: ~12.3 at raw outputs of 0); Adagrad, NAdam,
           RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh75/
  fresh77  albert (an ALBERT-like sentence-order classifier: factorised token embeddings 50 -> 16 -> 32 and learned
           position embeddings, ONE pre-LN encoder layer applied 4 times with shared weights, the [CLS] state into a
           ReLU layer and a head, naming whether two 6-8-token segments of a planted Markov grammar are in order,
           swapped, or a topic pair, cross-entropy over 3), fagcn (an FAGCN-like node classifier: an MLP encoder, 3
           layers of signed propagation with coefficients tanh(g^T [h_i || h_j]) times the symmetric degree
           normalisation and a residual 0.3 x h_0, a ReLU layer and a head, naming the class of the nodes of a partly
           heterophilous stochastic block model graph of 400 nodes, full batch, cross-entropy over 4), proxyanchor
           (metric learning: an MLP embedding, L2-normalised, with one learnable proxy per class of 32, the Proxy-Anchor
           loss with alpha = 32 and delta = 0.1 over batches of 64 samples among nuisance features, held out on blocks
           of 64 new samples), gompertz (a ReLU MLP of the log scale and log shape of a Gompertz hazard b exp(c t) of
           right-censored survival times, ~30% censored, the negative log-likelihood per row: ~2.42 at raw outputs of
           0); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh77/
  fresh79  stackrnn (a stack-augmented RNN: a GRU cell controller of 32 that reads each token and the top of a
           continuous stack of depth 12 and outputs soft push / pop / no-op probabilities and a value to push, the
           stack the probability-weighted mix of the pushed, popped and kept stacks, naming the class of Dyck-like
           strings of 2 bracket types of 16-20 tokens, balanced at a maximal depth of <= 2, 3 or >= 4, or unbalanced by
           a swapped closing type, cross-entropy over 4), tagcn (a TAGCN-like node classifier: 2 topology adaptive
           graph convolutions, each sum_k A^k H W_k over the hops k = 0..3 of the symmetric-normalised adjacency with a
           weight matrix per hop, ReLU and dropout 0.5, naming the class of the nodes of a stochastic block model graph
           of 400 nodes, full batch, cross-entropy over 4), plackettluce (listwise learning to rank: a ReLU MLP scoring
           each of 10 items of a query from 12 features, the Plackett-Luce negative log-likelihood of rankings sampled
           from planted utilities with Gumbel noise: ln 10! = 15.1 at equal scores), bivnorm (a ReLU MLP of the two
           means, two log standard deviations and a correlation tanh(raw) of a bivariate normal of 2-D targets whose
           means, spreads and correlation depend on the features, the negative log-likelihood per row: ~3.06 at raw
           outputs of 0); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among
           their optimizers
                                                                  -> bench/out/fixcheck/fresh79/
  fresh81  synthesizer (a dense-Synthesizer-like text classifier: token and position embeddings of 32, 2 blocks whose
           attention weights over the 20 positions are predicted from each token alone by a two-layer MLP and a
           softmax, applied to value projections, with residuals, LayerNorm and a feed-forward, mean pooling into a
           ReLU layer and a head, naming the class of token sequences of 20 over 24 tokens set by whether an early
           marker occurs in their first half and a late marker in their second half, among decoys, cross-entropy over
           4), mqrnn (an MQ-RNN-like multi-horizon quantile forecaster: a GRU encoder of 32 over a history window of 24
           steps of a synthetic seasonal series with an AR(1) covariate and the phase, a global MLP decoder to 8
           horizons x the quantiles 0.1, 0.5 and 0.9, the mean pinball loss), masknet (a serial MaskNet click model:
           embeddings of 10 categorical fields concatenated, 2 MaskBlocks each multiplying an instance-guided mask, a
           two-layer MLP over the whole embedding, into the layer-normalised input before a linear layer, LayerNorm
           and ReLU, a ReLU layer and a head, BCE on clicks with planted multiplicative 3-field interactions),
           gengamma (a ReLU MLP of the log scale, log d and log p of a generalized gamma law in Stacy's
           parameterisation of positive duration-like targets whose parameters depend on the features, the negative
           log-likelihood per row: the mean of y at raw outputs of 0); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD
           with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh81/
  fresh83  crossvit (a CrossViT-like dual-branch classifier: a small-patch branch of 4x4 patches and a large-patch
           branch of 8x8 patches of 16x16 images, each with its own CLS token and a pre-LN transformer block, a
           cross-attention fusion where each branch's CLS token attends to the other branch's patch tokens, a shared
           ReLU layer and head on each CLS, the two logits averaged, naming the class of images set by a fine texture
           of period 2 (a checkerboard or stripes) and a coarse shape (a square or a bar) together, cross-entropy over
           4), informer (an Informer-like long-sequence forecaster: an encoder of a ProbSparse-like self-attention
           layer (the top-u queries by max-minus-mean attend in full, the others take the mean value), a distilling
           layer (Conv1d, ELU, a max-pool of stride 2) and a second layer over 48 steps of a synthetic two-seasonal
           series with a known covariate and time features, a decoder fed a start token of 24 steps and zeros for the
           12 horizon steps, predicting the horizon in one forward pass, MSE), bst (a Behavior-Sequence-Transformer
           click model: the 10 last clicked items and the target item as item, category and position embeddings
           through one transformer block, flattened and concatenated with embeddings of 4 other fields into a ReLU
           MLP, BCE on clicks of users whose clicks follow planted item-to-item transitions and category preferences),
           betaprime (a ReLU MLP of log alpha and log beta of a beta-prime (inverted beta) law of positive ratio-like
           targets whose parameters depend on the features, the negative log-likelihood per row: ~1.08 at raw outputs
           of 0); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their
           optimizers
                                                                  -> bench/out/fixcheck/fresh83/
  fresh85  nat (a Neighborhood-Attention-Transformer-like classifier: a strided-conv stem to a 6x6 map of 16-wide
           tokens, 2 pre-LN blocks whose self-attention is restricted to each token's 3x3 neighbourhood (a local mask)
           with a relative-position bias per head and offset, a strided-conv downsampler to 3x3 and one more block,
           mean pooling into a ReLU layer and a head, naming the class of 12x12 images by a planted 3x3 motif (an X, a
           plus, a ring, a corner or a diagonal) among noise and a decoy blob, cross-entropy over 5), dpcnn (a
           Deep-Pyramid-CNN text classifier: token embeddings, a region embedding convolution, pre-activation 3-wide
           convolutions of 32 channels with shortcuts, 3 blocks of a max-pool of stride 2 and two such convolutions
           (40 -> 5 positions), a max-pool into a ReLU layer and a head, naming the class of 40-token sequences by
           which of 4 trigrams of the same 4 tokens occurs among decoys, cross-entropy over 4), mind (a MIND-like
           multi-interest recommender: item embeddings of 12 history clicks routed by 3 iterations of dynamic (B2I
           capsule) routing into 3 interest capsules, each through a ReLU layer and a head, a label-aware attention
           of the target item over them, an in-batch sampled softmax over 64 target items of users with 2-3 planted
           interest clusters), logitnormal (a ReLU MLP of the mean and the log standard deviation of logit y of a
           logit-normal law of proportions in (0, 1) whose parameters depend on the features, the negative
           log-likelihood of y per row, negative near the end: a density on (0, 1)); Adagrad, NAdam, RAdam, RMSprop,
           AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh85/
  fresh87  hornet (a HorNet-like classifier: a 3x3 conv stem of stride 2 to a 6x6 map of 8 channels, a block of
           recursive gated convolution (gnConv of order 2: a 1x1 projection split into a gate and features, a 3x3
           depthwise convolution, the features multiplied in recursively through 1x1 convolutions, a final
           projection) with LayerNorms and an MLP, a strided-conv downsampler to 3x3 and 16 channels, a block of order
           3, global mean pooling into a ReLU layer and a head, naming which stripe orientation lies in which half of
           12x12 images with a decoy square, cross-entropy over 4), crossformer (a Crossformer-like forecaster:
           dimension-segment-wise embedding of 8 segments of 6 steps per channel, a two-stage attention layer across
           the segments of each channel, then across the 4 channels through 2 router tokens per segment, per channel a
           ReLU layer and a head to 12 steps of cross-correlated series where one channel lags another, MSE), bert4rec
           (a BERT4Rec-like recommender: item and position embeddings of a user's last 16 items, 2 bidirectional
           pre-LN transformer encoder layers, 20% of the positions replaced by a [MASK] item and predicted by a softmax
           over the 80 items through the tied item embeddings, users whose item groups follow planted Markov
           transitions), dagum (a ReLU MLP of log a, log p and log b of a Dagum (Burr type III) law of positive incomes
           whose parameters depend on the features, the negative log-likelihood per row); Adagrad, NAdam, RAdam,
           RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh87/
  fresh89  sincnet (a SincNet-like classifier: 16 learned band-pass filters, each a Hamming-windowed difference of two
           sinc low-pass filters whose low cut-off and band are the parameters, over a raw 256-sample waveform, |.|, a
           max-pool of 4, a LayerNorm, 2 strided Conv1d layers with LeakyReLU, global mean pooling into a ReLU layer and
           a head, naming which of 5 'keywords' (an up- or down-chirp, a high tone burst, two low tone bursts, a high
           noise burst) sits at a random onset in noise, cross-entropy over 5), pyraformer (a Pyraformer-like
           forecaster: an embedding of each of 48 steps, a coarser-scale construction module of 2 strided convolutions
           building a pyramid of 48, 12 and 3 nodes, a layer of pyramidal attention masked to each node's neighbours at
           its own scale, its parent and its children, the last 4 finest-scale nodes through a ReLU layer and a head to
           12 steps of 3 channels of a slow trend plus daily-like and weekly-like cycles, MSE), sasgnn (an SR-GNN-like
           session recommender: item embeddings of 8 clicks, the session's directed item graph with normalised in/out
           adjacency, a step of gated graph propagation through a GRU cell, a soft-attention readout combined with the
           last item, a ReLU layer and a head scored against the tied item embeddings, the next click's cross-entropy
           over 80 items of sessions from planted transitions), zaga (a ReLU MLP of the logit of a zero, the log mean
           and the log shape of a zero-adjusted gamma (hurdle-gamma) law of semicontinuous amounts with 46% exact
           zeros whose parameters depend on the features, the negative log-likelihood per row); Adagrad, NAdam, RAdam,
           RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh89/
  fresh91  ccnet (a CCNet-like dense labeller: a conv stem over a 16x16 scene of 2 channels, a criss-cross attention
           module (queries, keys and values from 1x1 convolutions; each pixel attends only to the pixels of its own
           row and column, the result added back times a learned gamma from 0), a ReLU 1x1 layer and a 1x1 head,
           labelling each pixel by the markers at the far ends of its row and column or as part of a square blob,
           cross-entropy over 5 per pixel), tide (a TiDE-like forecaster: a residual projection of each step's 5
           known covariates (calendar-like cycles, a promotion flag), the flattened 48-step lookback with the
           projected covariates through 2 residual MLP encoder blocks (dense, ReLU, dense, dropout, a linear skip,
           LayerNorm), a residual decoder to 16 per-step vectors, a temporal decoder per horizon step with that step's
           projected covariates and a global linear skip from the lookback to the 16-step horizon, MSE), linkx (a
           LINKX-like node classifier: a linear embedding of each node's adjacency row under dropout and an MLP of its
           weakly informative features, mixed by a linear layer with skips from both, a ReLU layer and a head, on a
           heterophilous stochastic block model of 600 nodes of 5 classes whose edges mostly join different classes,
           trained on a random half of the nodes, cross-entropy over 5 on the other half), genpoisson (a ReLU MLP of
           the log rate theta and the dispersion lambda (0.9 tanh) of a generalized-Poisson (Consul) law of over- and
           under-dispersed counts whose theta and lambda depend on the features, the negative log-likelihood per
           row); Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their
           optimizers
                                                                  -> bench/out/fixcheck/fresh91/
  fresh93  sequencer (a Sequencer-like classifier: a 2x2 conv patch embedding of stride 2 to an 8x8 token map of width
           16, one block of BiLSTM2D (a bidirectional LSTM along every row and another along every column, the two
           concatenated and fused by a linear layer) and a ReLU channel MLP, each after a LayerNorm with a residual,
           mean pooling, a ReLU layer and a head, on 16x16 images of 2 channels whose class is the order of a bright and
           a dark bar along the rows and along the columns, cross-entropy over 4), tdnn (an x-vector-like TDNN speaker
           classifier: 3 time-delay layers (dilated Conv1d of contexts 5, 3 and 3 frames, dilations 1, 2, 3, ReLU then
           BatchNorm), statistics pooling (the masked mean and standard deviation over the real frames), a ReLU segment
           layer and a head, on synthetic utterances of 80-100 frames of 20 dims padded with a mask, each speaker a
           planted spectral envelope with formant-like bumps under shared phone patterns and noise, cross-entropy over
           10 speakers), dagnn (a DAGNN-like node classifier: an MLP of every node's noisy features first, then 8 hops
           of parameter-free propagation by the symmetric-normalised adjacency, the 9 representations combined by
           adaptive retention scores (a sigmoid score per hop per node), on a homophilous stochastic block model of 400
           nodes of 5 classes, trained on a random half of the nodes, cross-entropy over 5 on the other half),
           expweibull (a ReLU MLP of log k, log lambda and log a of an exponentiated-Weibull law of lifetimes with
           bathtub or unimodal hazards whose parameters depend on the features, the negative log-likelihood per row);
           Adagrad, NAdam, RAdam, RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh93/
  fresh95  gfnet (a GFNet-like classifier: a 2x2 conv patch embedding of stride 2 to an 8x8 token map of width 16, one
           GFNet block (a global filter: the 2-D real FFT of the map over its rows and columns times a learned complex
           filter per frequency and channel, back by the inverse FFT; then a GELU channel MLP; each after a LayerNorm
           with a residual), mean pooling, a ReLU layer and a head, on 16x16 grey images whose class is a faint
           grating's orientation (3) and frequency (2) under noise and distractor blobs, cross-entropy over 6),
           quartznet (a QuartzNet-like classifier: a prologue Conv1d, 2 blocks of time-channel separable convolutions
           (depthwise Conv1d of kernel 7, pointwise Conv1d, BatchNorm, ReLU) with pointwise residuals, an epilogue,
           mean pooling over time, a ReLU layer and a head, on noisy 48-step 2-channel 'audio' hiding a tone burst,
           cross-entropy over its 5 periods), dnf (a Net-DNF-like classifier: 64 soft literals, 32 soft conjunctions
           over fixed random masks of the literals, 8 soft DNFs each an OR of 4 conjunctions, a ReLU layer and a head,
           on tabular rows whose class is two planted DNF rules over thresholded features, cross-entropy over 4),
           shash (a ReLU MLP of mu, log sigma, eps and log delta of a sinh-arcsinh law of skewed, heavy-tailed targets
           whose 4 parameters depend on the features, the negative log-likelihood per row); Adagrad, NAdam, RAdam,
           RMSprop, AdamW and SGD with and without (Nesterov) momentum among their optimizers
                                                                  -> bench/out/fixcheck/fresh95/

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
``fresh31``, a thirty-third, ``fresh32``, a thirty-fourth, ``fresh33``, a thirty-fifth, ``fresh34``, a
thirty-sixth, ``fresh35``, a thirty-seventh, ``fresh36``, a thirty-eighth, ``fresh37``, a thirty-ninth, ``fresh38``, a
fortieth, ``fresh39``, a forty-first, ``fresh40``, a forty-second, ``fresh41``, a forty-third, ``fresh42``, a
forty-fourth, ``fresh43``, a forty-fifth, ``fresh44``, a forty-sixth, ``fresh45``, a forty-seventh, ``fresh46``, a
forty-eighth, ``fresh47``, a forty-ninth, ``fresh48``, a fiftieth, ``fresh49``, a fifty-first, ``fresh50``, a
fifty-second, ``fresh51``, a fifty-third, ``fresh52``, a fifty-fourth, ``fresh53``, a fifty-fifth, ``fresh54``, a
fifty-sixth, ``fresh55``, a fifty-seventh, ``fresh56``, a fifty-eighth, ``fresh57``, a fifty-ninth, ``fresh58``, a
sixtieth, ``fresh59``, a sixty-first, ``fresh60``, a sixty-second, ``fresh61``, a sixty-third, ``fresh62``, a
sixty-fourth, ``fresh63``, a sixty-fifth, ``fresh64``, a sixty-sixth, ``fresh65``, a sixty-seventh, ``fresh66``, a
sixty-eighth, ``fresh67``, a sixty-ninth, ``fresh68``, a seventieth, ``fresh69``, a seventy-first, ``fresh70``, a
seventy-second, ``fresh71``, a seventy-third, ``fresh72``, a seventy-fourth, ``fresh73``, a seventy-fifth, ``fresh74``, a
seventy-sixth, ``fresh75``, a seventy-seventh, ``fresh76``, a seventy-eighth, ``fresh77``, a seventy-ninth, ``fresh78``,
an eightieth, ``fresh79``, an eighty-first, ``fresh80``, an eighty-second, ``fresh81``, an eighty-third, ``fresh82``,
an eighty-fourth, ``fresh83``, an eighty-fifth, ``fresh84``, an eighty-sixth, ``fresh85``, an eighty-seventh, ``fresh86``, an
eighty-eighth, ``fresh87``, an eighty-ninth, ``fresh88``, a ninetieth, ``fresh89``, a ninety-first, ``fresh90``, a
ninety-second, ``fresh91``, a ninety-third, ``fresh92``, a ninety-fourth, ``fresh93``, a ninety-fifth, ``fresh94``, a
ninety-sixth, ``fresh95``, a ninety-seventh, ``fresh96``, a ninety-eighth, ``fresh97``, a ninety-ninth, ``fresh98``, a
hundredth, ``fresh99``, a hundred and first, ``fresh100``, a hundred and second, ``fresh101``, a hundred and third,
``fresh102``, a hundred and fourth, ``fresh103``, a hundred and fifth, ``fresh104``, a hundred and sixth, ``fresh105``,
a hundred and seventh, ``fresh106``, a hundred and eighth, ``fresh107``, a hundred and ninth, ``fresh108``, a
hundred and tenth, ``fresh109``, a hundred and eleventh, ``fresh110``, a hundred and twelfth, ``fresh111``, a hundred
and thirteenth, ``fresh112``, a hundred and fourteenth, ``fresh113``, a hundred and fifteenth, ``fresh114``, a
hundred and sixteenth, ``fresh115``, a hundred and seventeenth, and ``fresh116``, a hundred and eighteenth (all a
hundred and fourteen built the same way;
fresh36 and fresh37 by two
helpers in parallel, and fresh38 and fresh39, fresh40 and
fresh41, fresh42 and fresh43, fresh45 and fresh46, fresh48 and fresh49, fresh50 and fresh51, fresh52 and fresh53,
fresh54 and fresh55, fresh56 and fresh57, fresh58 and fresh59, fresh60 and fresh61, fresh62 and fresh63, fresh64 and
fresh65, fresh66 and fresh67, fresh68 and fresh69, fresh70 and fresh71, fresh72 and fresh73, fresh74 and fresh75,
fresh76 and fresh77, fresh78 and fresh79, fresh80 and fresh81, fresh82 and fresh83, fresh84 and fresh85, fresh86 and
fresh87, fresh88 and fresh89, fresh90 and fresh91, fresh92 and fresh93, fresh94 and fresh95, fresh111 and fresh112,
fresh113 and fresh114, and fresh115 and fresh116, too; fresh96 to fresh110 each by one helper alone).

Runs logged one row per epoch (Keras ``CSVLogger`` style: ``epoch,loss,val_loss,accuracy,val_accuracy``,
no step column) go to ``<half>-epoch/``. Each folder gets a ``labels.toml`` in the schema of
``sample_logs/labels.toml`` (plus the rule ``dead-units``), so ``bench/detection.py --samples <folder>``
scores it. Every training is cached as JSON under ``bench/out/fixcheck/cache/`` keyed by the run, the
role (run, counterfactual, lr-grid point, fix) and its values, and invalidated when the scenario's code (its
function and every function and class of these modules that its code names, followed through their own code) or the
harness changes.

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
    python bench/fixcheck_runs.py --half fresh32 --jobs 2  # and for the thirty-fourth
    python bench/fixcheck_runs.py --half fresh33 --jobs 2  # and for the thirty-fifth
    python bench/fixcheck_runs.py --half fresh34 --jobs 2  # and for the thirty-sixth
    python bench/fixcheck_runs.py --half fresh35 --jobs 2  # and for the thirty-seventh
    python bench/fixcheck_runs.py --half fresh36 --jobs 2  # and for the thirty-eighth
    python bench/fixcheck_runs.py --half fresh37 --jobs 2  # and for the thirty-ninth
    python bench/fixcheck_runs.py --half fresh38 --jobs 2  # and for the fortieth
    python bench/fixcheck_runs.py --half fresh39 --jobs 2  # and for the forty-first
    python bench/fixcheck_runs.py --half fresh40 --jobs 2  # and for the forty-second
    python bench/fixcheck_runs.py --half fresh41 --jobs 2  # and for the forty-third
    python bench/fixcheck_runs.py --half fresh42 --jobs 2  # and for the forty-fourth
    python bench/fixcheck_runs.py --half fresh43 --jobs 2  # and for the forty-fifth
    python bench/fixcheck_runs.py --half fresh44 --jobs 2  # and for the forty-sixth
    python bench/fixcheck_runs.py --half fresh45 --jobs 2  # and for the forty-seventh
    python bench/fixcheck_runs.py --half fresh46 --jobs 2  # and for the forty-eighth
    python bench/fixcheck_runs.py --half fresh47 --jobs 2  # and for the forty-ninth
    python bench/fixcheck_runs.py --half fresh48 --jobs 2  # and for the fiftieth
    python bench/fixcheck_runs.py --half fresh49 --jobs 2  # and for the fifty-first
    python bench/fixcheck_runs.py --half fresh50 --jobs 2  # and for the fifty-second
    python bench/fixcheck_runs.py --half fresh51 --jobs 2  # and for the fifty-third
    python bench/fixcheck_runs.py --half fresh52 --jobs 2  # and for the fifty-fourth
    python bench/fixcheck_runs.py --half fresh53 --jobs 2  # and for the fifty-fifth
    python bench/fixcheck_runs.py --half fresh54 --jobs 2  # and for the fifty-sixth
    python bench/fixcheck_runs.py --half fresh55 --jobs 2  # and for the fifty-seventh
    python bench/fixcheck_runs.py --half fresh56 --jobs 2  # and for the fifty-eighth
    python bench/fixcheck_runs.py --half fresh57 --jobs 2  # and for the fifty-ninth
    python bench/fixcheck_runs.py --half fresh58 --jobs 2  # and for the sixtieth
    python bench/fixcheck_runs.py --half fresh59 --jobs 2  # and for the sixty-first
    python bench/fixcheck_runs.py --half fresh60 --jobs 2  # and for the sixty-second
    python bench/fixcheck_runs.py --half fresh61 --jobs 2  # and for the sixty-third
    python bench/fixcheck_runs.py --half fresh62 --jobs 2  # and for the sixty-fourth
    python bench/fixcheck_runs.py --half fresh63 --jobs 2  # and for the sixty-fifth
    python bench/fixcheck_runs.py --half fresh64 --jobs 2  # and for the sixty-sixth
    python bench/fixcheck_runs.py --half fresh65 --jobs 2  # and for the sixty-seventh
    python bench/fixcheck_runs.py --half fresh66 --jobs 2  # and for the sixty-eighth
    python bench/fixcheck_runs.py --half fresh67 --jobs 2  # and for the sixty-ninth
    python bench/fixcheck_runs.py --half fresh68 --jobs 2  # and for the seventieth
    python bench/fixcheck_runs.py --half fresh69 --jobs 2  # and for the seventy-first
    python bench/fixcheck_runs.py --half fresh70 --jobs 2  # and for the seventy-second
    python bench/fixcheck_runs.py --half fresh71 --jobs 2  # and for the seventy-third
    python bench/fixcheck_runs.py --half fresh72 --jobs 2  # and for the seventy-fourth
    python bench/fixcheck_runs.py --half fresh73 --jobs 2  # and for the seventy-fifth
    python bench/fixcheck_runs.py --half fresh74 --jobs 2  # and for the seventy-sixth
    python bench/fixcheck_runs.py --half fresh75 --jobs 2  # and for the seventy-seventh
    python bench/fixcheck_runs.py --half fresh76 --jobs 2  # and for the seventy-eighth
    python bench/fixcheck_runs.py --half fresh77 --jobs 2  # and for the seventy-ninth
    python bench/fixcheck_runs.py --list                # the runs, their family, kind and half
    python bench/fix_check.py --half holdout --jobs 2   # the bench (generates what is missing first)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch

from fixcheck_core import (
    CACHE, CASES, CONFIRM_RATIO, Case, GRID, HALVES, HEALTHY_MARGIN, LABELS_HEADER, SEEDS, apply_fix, cases_of,
    dead_weight_tensors, load_cases, loss_written_non_finite, signed_times,
)
from harness import Label, Setup, Trained, train
from labels_file import label_entry, write_labels

load_cases(sys.modules[__name__])


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
    gain = "" if not math.isfinite(mean_f) or mean_f == 0 else f", {(1 - mean_c / mean_f) * (1 if mean_f >= 0 else -1):+.0%}"
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
    if "non-finite-loss" not in c.must_fire + may and loss_written_non_finite(c.path):
        may += ("non-finite-loss",)  # true of the run too: its training loss turned NaN or inf (fresh77's Gompertz MLP
        # at Adam 0.07, no warmup, NaN from step 9)
    if "overfitting" not in c.must_fire + may:
        may += stopped_better(runs)[0]  # true of the run too: at each seed it ends measurably better stopped at its best
        # evaluation (fresh76's Selective-Kernel CNN with its head initialised 1000x: 1.12 at step 280, 1.35 at the end)
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
        # the cases of the folder's half only: a case's folder needs its Setup built (its data made)
        prune(folder, {c.name for c in CASES.values() if folder.name in (c.half, c.half + "-epoch") and c.folder == folder})
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
    parser.add_argument("--half", default="all", choices=(*HALVES, "all"))
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
