"""The data, models and losses of the fix-check runs (``bench/fixcheck_runs.py``), gathered into one namespace from
``bench/fixcheck_families/``, one module per half (the cases read them as ``fd.<name>``). The model families are made
unlike the sample runs and the hold-out sets a and b; below, those of the tuning half, the held-out half and the first
forty-six fresh halves; every half's, the later ones too, in ``bench/fixcheck_runs.py``'s docstring.

Tuning half:  ``spiral`` a ReLU MLP on spiral arms embedded in 12 dimensions (5 classes);
              ``arith`` a character RNN LM (vanilla RNN, GRU, LSTM) on arithmetic strings "37+5=42;";
              ``sensor`` an autoencoder of 24-sample sensor traces, and a Poisson regression MLP of counts;
              ``marker`` a hand-written transformer classifier (post-LN or pre-LN) of token sequences
              whose class is their most frequent marker token.
Held-out half: ``shapes`` a small CNN on 14x14 images of six shapes;
              ``adding`` a recurrent classifier (vanilla RNN, GRU, LSTM) of the adding problem's marked sum;
              ``hmm`` a causal transformer LM of tokens emitted by a hidden Markov model;
              ``docs`` softmax regression of word-count vectors of documents.
Fresh half:   ``signals`` a 1-D conv net (global max pooling) on signals made of two of a class's frequencies;
              ``ratings`` matrix factorisation (and a two-tower model) of user-item ratings, MSE regression;
              ``tabres`` a residual MLP with BatchNorm or LayerNorm (or none) on a 64-column table;
              ``mixer`` a tiny MLP-Mixer on 16x16 images whose class is the layout of bright patches.
Fresh2 half:  ``graph`` a 2-layer graph convolution network classifying the nodes of a stochastic block model
              graph (dense normalised adjacency);
              ``contrast`` an MLP encoder of two noisy views of an item, trained with InfoNCE over the batch
              (the held-out loss: InfoNCE of the validation items in batch-sized blocks);
              ``forecast`` a dilated causal TCN (or a GRU, or a vanilla RNN) forecasting the next 8 values of
              multi-seasonal series, Huber loss;
              ``multilabel`` an EmbeddingBag MLP tagging token documents with 1-4 of 24 tags, BCE with logits.
Fresh3 half:  ``segment`` a two-level U-Net segmenting 12x12 images of rectangles and discs per pixel (3 classes,
              per-pixel cross-entropy, logits channel-last);
              ``seq2seq`` a recurrent encoder-decoder (GRU, LSTM or vanilla RNN) reversing 7 tokens of 8, teacher
              forcing, cross-entropy per target token;
              ``points`` a DeepSets / PointNet set classifier (per-point MLP, max pooling) of 32-point 2-D clouds
              of four shapes, randomly rotated and scaled;
              ``distill`` a student MLP distilled from a fixed random teacher's logits on a table (KL at
              temperature 4 plus cross-entropy with the hard label; the target row carries both).
Fresh4 half:  ``vae`` an MLP variational autoencoder of 12x12 images of blobs and bars (Bernoulli reconstruction
              summed over the pixels plus the KL to the prior, per image: the negative ELBO; the held-out loss is
              the validation ELBO with z at the posterior mean);
              ``mlm`` a tiny BERT-style masked LM (bidirectional post-LN or pre-LN transformer encoder) of token
              sequences whose second half mirrors the first through a fixed pairing, 15% of the positions masked
              (80% [MASK], 10% random, 10% kept), cross-entropy on the masked positions only;
              ``detect`` a small CNN "detecting" the one object of a 16x16 image: class cross-entropy over three
              shapes plus smooth-L1 regression of its box (a multi-task loss);
              ``sgns`` skip-gram word embeddings with negative sampling (BCE with logits on a positive context
              and 5 sampled negatives per centre word) on a corpus of topical documents.
Fresh5 half:  ``flow`` a RealNVP normalizing flow (six affine coupling layers, small ReLU MLPs) of a 4-D density: two
              half moons lifted onto a thin curved sheet; the loss is the negative log-likelihood per point, in nats,
              which ends below 0 (the density is high);
              ``diffuse`` a DDPM noise-prediction MLP of 8-D points on a curved 2-D surface: a random timestep of a
              fixed 100-step schedule and fresh noise per point, MSE of the predicted noise (a noisy loss with a
              floor near 0.14; the held-out loss draws its timesteps and noise from a fixed seed);
              ``triplet`` an MLP embedding trained with nn.TripletMarginLoss (margin 1) on fixed triplets of 8
              synthetic classes (the training loss reaches exactly 0 on easy batches);
              ``mobile`` a MobileNet-like CNN (depthwise-separable convs, BatchNorm, Hardswish) classifying 16x16
              colour textures (6 classes), cross-entropy with label_smoothing=0.1 (a floor above 0).
Fresh6 half:  ``ctc`` a CTC model (a 1-D convolution and a bidirectional GRU, or a vanilla RNN) of synthetic utterances:
              24 frames of 10 features in which each token of a 2-5 token label is spoken for 2-4 frames, nn.CTCLoss
              over the blank and 6 tokens (reduction='mean': each utterance's loss divided by its label length);
              ``mdn`` a mixture density network (a tanh or ReLU MLP giving 5 Gaussians' weights, means and log-scales)
              of Bishop's inverse sine problem, whose conditional density has up to three branches; the loss is the
              mixture's negative log-likelihood, which ends below 0;
              ``rank`` a learning-to-rank MLP scoring each of 16 documents of a query from 12 query-document
              features, ListNet's listwise softmax cross-entropy against the softmax of the graded relevance (or
              RankNet's pairwise logistic loss); the held-out loss is the same on held-out queries;
              ``mil`` attention-based multiple-instance learning (Ilse et al.): an instance MLP, gated attention
              pooling over a bag of 6-16 instances, BCE with logits of the bag label.
Fresh7 half:  ``pinn`` a physics-informed tanh MLP u(x) solving u'' = f on [0, 1], u(0) = u(1) = 0 (the solution
              sin(pi x) + 0.3 sin(3 pi x)): the forward differentiates u twice with autograd at the collocation points;
              the loss is the mean squared residual (u'' - f) / pi^2 plus the squared boundary values, the held-out
              loss the same at 512 other points (it ends near 1e-4);
              ``survival`` a DeepSurv-like ReLU MLP scoring the log-risk of censored patients (a nonlinear hazard,
              exponential event and censoring times), the Cox negative log partial likelihood per event over risk sets
              of 64 patients (a batch; the held-out set in blocks of 64), logcumsumexp;
              ``moe`` a mixture of 6 ReLU MLP experts behind a shared ReLU stem with a softmax (or top-2) gate,
              classifying 10 classes of 4 interleaved Gaussian clusters each: cross-entropy plus 0.01 x the Switch
              load-balancing loss (carried in an extra output column);
              ``sae`` a sparse autoencoder (96 ReLU latents) of 24-D rows made of ~2.6 of 64 superposed sparse feature
              directions: the squared reconstruction error plus 0.03 x the latents' L1 norm.
Fresh8 half:  ``crf`` a BiGRU-CRF (or BiLSTM-CRF, or vanilla RNN-CRF) sequence tagger of 16-token BIO-tagged sequences of
              two entity kinds: emission scores from the recurrent layer, a learnable 5 x 5 transition matrix with
              start and end scores, the CRF negative log-likelihood per sequence by the forward algorithm (logsumexp);
              ``pixelcnn`` a small autoregressive PixelCNN (a 5x5 type-A masked convolution, residual 3x3 type-B ones)
              of binary 12x12 images of random shapes, per-pixel binary cross-entropy with logits;
              ``siren`` a coordinate MLP fitting a 64x64 synthetic image from its pixel coordinates: a SIREN (sine
              activations, omega_0 = 30, SIREN's init) or random Fourier features and a ReLU MLP, MSE, the held-out
              loss on the pixels not trained on;
              ``multitask`` a shared ReLU trunk with a 6-class classification head and a regression head, the two
              losses weighted by learned log-variances (Kendall et al.'s homoscedastic uncertainty: exp(-s) L + s/2,
              which can go below 0).
Fresh9 half:  ``kge`` TransE knowledge-graph embeddings (entity and relation vectors, the distance ||e_h + w_r - e_t||) of
              a synthetic graph of 300 entities and 10 relations whose tails follow hidden translations, the margin
              ranking loss against 4 corrupted triples a positive one (drawn afresh in training, fixed when held out);
              ``quantile`` a ReLU MLP predicting 5 quantiles (0.05 to 0.95) of a heteroscedastic, skewed regression
              target, the pinball loss;
              ``convgru`` a ConvGRU (or a vanilla tanh conv RNN) with a per-pixel ReLU layer and a linear head predicting
              the next 10x10 frame of clips of two bouncing Gaussian blobs, MSE;
              ``node`` a latent neural ODE: a linear encoder of a damped pendulum's first observed state, a tanh vector
              field MLP integrated by a fixed-step RK4 solver (backpropagated through) and a linear decoder, MSE of the
              trajectory's 9 observed states.
Fresh10 half: ``pointer`` a pointer network (Vinyals et al.: an LSTM, GRU or vanilla RNN encoder of the embedded numbers, a
              decoder of the same kind fed the number pointed at the step before, additive attention whose scores are the
              logits over the input positions) sorting sequences of 8 random numbers, cross-entropy over the 8 positions
              at each output step (its first gradients are tiny: every position scores alike);
              ``ordinal`` ordinal regression of a table into 6 ordered, imbalanced classes by a ReLU MLP with CORAL's
              shared score and 5 ordered thresholds, binary cross-entropy with logits of each "class > k";
              ``gin`` a Graph Isomorphism Network (GIN-0 or GIN-eps: sum aggregation over a dense adjacency matrix, sum
              pooling, a ReLU readout) regressing a weighted count of the bonds, rings and paths of random molecule-like
              graphs of 6-14 atoms of 4 kinds, MSE;
              ``ctr`` click-through prediction: a Deep & Cross network (DCN-v2), or a wide & deep model, of 8 categorical
              fields hashed into 2048 shared embedding buckets and 2 dense features, binary cross-entropy with logits of
              imbalanced clicks (11%).
Fresh11 half: ``capsule`` a small capsule network (Sabour et al.: a ReLU convolution, primary capsules, class capsules
              reached by 3 iterations of dynamic routing by agreement, squashing) classifying 12x12 images of 6 stroke
              glyphs by the margin loss of the class capsules' lengths, optionally plus a reconstruction decoder's
              weighted squared error;
              ``vqvae`` a VQ-VAE of 1-D signals made of motifs: a conv encoder, 16 latents snapped to the nearest of 32
              codes (unit-normalised, the codebook started from encodings), the straight-through estimator, a
              transposed-conv decoder; reconstruction MSE + codebook loss + 0.25 x commitment loss (the held-out loss:
              the reconstruction MSE of unseen signals);
              ``tcn`` a temporal convolutional network (residual blocks of dilated causal Conv1d, weight-normalised on some
              runs) classifying 3-channel series into 6 classes by which channel's burst comes first and the period of an
              oscillation, cross-entropy;
              ``fasttext`` a fastText classifier: the mean (nn.EmbeddingBag) of the embeddings of a document's words and
              hashed bigrams and a linear layer, cross-entropy over 8 topics whose twins differ only in word order.
Fresh12 half: ``gpt`` a tiny decoder-only causal transformer LM (GPT-2 style: learned positional embeddings, 2 blocks of
              width 32 with 2 heads, pre-LN or post-LN, the head tied to the token embedding or not) of Dyck-2 bracket
              sequences (two kinds of brackets, at most 4 deep), next-token cross-entropy;
              ``deepsets`` a Deep Sets regressor (a per-point ReLU MLP, masked sum or mean pooling, a ReLU layer and a
              linear head) of the number of a 2-D point set's points inside the unit circle (sum pooling) or of its
              spread (mean pooling), MSE or Huber;
              ``mixup`` a small BatchNorm CNN of 12x12 texture patches (gratings at 4 angles, checks, rings, dots,
              blotches) trained with mixup (Beta(0.4, 0.4), the batch mixed with itself rolled by one) and label
              smoothing 0.1 (a training loss with a floor well above 0), held out on the plain cross-entropy of clean
              patches;
              ``fqi`` fitted Q-iteration of a 6x6 grid world (walls, a goal, a pit, slippery moves): a DQN-style Q MLP
              with a target network refreshed every K steps, a smooth L1 TD loss on a fixed replay buffer (it jumps at
              each refresh), held out on the MSE of Q against Q* by value iteration.
Fresh13 half: ``ftt`` an FT-Transformer (a token per column: numeric x w + b, categorical embeddings, and a [CLS] token;
              2 transformer blocks of width 32 with 4 heads, pre-LN as rtdl's or post-LN; rtdl's head) regressing a
              standardised target of 6 numeric and 3 categorical columns, MSE or Huber;
              ``dkt`` deep knowledge tracing (an embedding per (skill, right/wrong) answer, an LSTM or GRU, a ReLU
              layer and a logit per skill, the next question's taken) of simulated students (12 skills with
              prerequisites, mastery growing with practice, guesses and slips), BCE over the next answers;
              ``dncnn`` DnCNN (a conv - ReLU, conv - BatchNorm - ReLU blocks, a last conv) predicting the Gaussian noise
              (std 0.1-0.3) of 16x16 grey patches of shading and soft shapes (residual learning), MSE;
              ``nam`` a neural additive model (a ReLU or ExU MLP per feature, the 8 run side by side, summed into a
              logit) of loan defaults whose log-odds are additive in the features, BCE.
Fresh14 half: ``lora`` LoRA (rank-4 adapters, B zero at init, on both layers of a frozen ReLU MLP 16-64-64 pretrained in
              code on 8 classes, and a new head) fine-tuned to 6 classes of a teacher's features moved by a rank-2
              shift, cross-entropy;
              ``hyper`` a hypernetwork (a ReLU MLP and a linear head) generating every weight of a 1-16-16-1 tanh MLP
              from the description of a damped sinusoid, the generated net evaluated at 24 query points, MSE;
              ``perceiver`` a Perceiver (8 latents cross-attending to tokens of a series' irregular samples, value and
              Fourier features of the time, then a latent self-attention block) naming a noisy waveform's shape (5);
              ``koopman`` a Koopman autoencoder (an encoder of a pendulum's first state, a linear map K applied 0-10
              times, a decoder) predicting the damped pendulum's standardised trajectory, MSE.
Fresh15 half: ``ssm`` an S4D state-space model (diagonal complex linear recurrences run as FFT convolutions, 2 pre-LN
              blocks) naming the symbols of two events 70-95 steps apart in noisy series (9 classes), cross-entropy;
              ``gat`` a graph attention network (2 GAT layers over a random geometric graph's training edges) scoring
              node pairs by their embeddings' dot product, link prediction, BCE over edges and as many non-edges;
              ``nca`` a neural cellular automaton (fixed Sobel perception, a per-cell MLP, 8 synchronous updates)
              repairing 12x12 patterns with a hole and noise, MSE;
              ``ebm`` an energy-based model of the plane (an energy MLP and a learned log-normaliser) trained by
              noise-contrastive estimation against Gaussian noise, BCE of data against noise.
Fresh16 half: ``trees`` an ensemble of soft oblivious decision trees (NODE-like: a softmax feature choice, a learned
              threshold and temperature per level, leaf responses weighted by the product of soft choices) naming the
              class of tabular rows set by axis-aligned rules (3), cross-entropy;
              ``egnn`` an E(n)-equivariant graph network (messages of the features and squared distances, equivariant
              position updates) regressing the standardised energy of 8-particle systems, MSE;
              ``memnet`` an end-to-end memory network (3 hops, position and temporal encodings) answering bAbI-like
              "where is the person?" questions over stories of up to 10 sentences (6 places), cross-entropy;
              ``wavenet`` a small WaveNet (gated dilated causal convolutions, residual and skip paths) predicting each
              next mu-law level (16) of synthetic audio clips, cross-entropy per sample.
Fresh17 half: ``cnp`` a conditional neural process (an encoder MLP of 10 context (x, y) pairs, their mean, a decoder MLP
              giving a mean and a scale at 20 target x) of 1-D functions (a sinusoid plus Gaussian bumps), Gaussian
              negative log-likelihood;
              ``deq`` a deep equilibrium model (the fixed point of z = tanh(W z + U x + b) by forward iterations, the
              gradient through the last few) naming the spiral sector (5) of tabular rows, cross-entropy;
              ``bnn`` a Bayes-by-backprop MLP (mean-field Gaussian weights, the reparameterisation trick) regressing a
              smooth function of 4 features, the negative ELBO (mse + KL / N; held out: the mse of the weights' means);
              ``slots`` a slot-attention autoencoder (3 slots, 3 iterations with a GRU update, a spatial-broadcast
              decoder with masks over the slots) of 10x10 scenes of 2 coloured blobs, MSE.
Fresh18 half: ``mae`` a tiny masked autoencoder (3x3 patches of 12x12 images of gratings and a disc, 12 of 16 patches
              masked, a pre-LN transformer block encoding the visible ones, a decoder block with mask tokens), MSE of the
              masked patches;
              ``hnn`` a Hamiltonian neural network (a tanh MLP H(q, p), its symplectic gradient by autograd) fitted to
              the measured time derivatives of a pendulum's states, MSE;
              ``nbeats`` N-BEATS (3 generic blocks of ReLU layers, backcast and forecast residual links) forecasting 8
              steps of seasonal series with a trend from 24, MSE;
              ``negbin`` a negative-binomial count regression (a ReLU MLP to a log-mean with a log exposure offset and
              a log-dispersion) of overdispersed event counts, negative log-likelihood.
Fresh19 half: ``fno`` a 1-D Fourier neural operator (spectral convolutions keeping the 8 lowest modes by rfft / irfft,
              pointwise paths, GELU) mapping an initial condition to the solution of advection-diffusion, MSE;
              ``kan`` a Kolmogorov-Arnold network (8 Gaussian radial basis functions plus a SiLU base path per edge)
              regressing a symbolic function of 5 inputs, MSE;
              ``qat`` a binarized CNN trained by the straight-through estimator (latent float weights, sign x mean |w|
              in the forward) classifying 12x12 images of 8 glyphs, cross-entropy;
              ``lstmlm`` a word-level LSTM LM trained with truncated backpropagation through time (the state carried
              from chunk to chunk, detached) on text from a probabilistic grammar, cross-entropy per word.
Fresh20 half: ``made`` a MADE (masked autoregressive MLP 16-64-64-16, natural ordering) of 16-bit binary vectors from a
              mixture of 8 Bernoulli prototypes, NLL in nats per vector (16 BCE-with-logits terms summed);
              ``espcn`` an ESPCN super-resolution CNN (conv 5x5, conv 3x3, conv 3x3 to 4 channels, PixelShuffle(2))
              upscaling 8x8 grey images of textures and shapes to 16x16, L1;
              ``sage`` GraphSAGE (mean aggregation, 2 layers) classifying the nodes of a stochastic block model graph from
              minibatches of nodes with sampled neighbourhoods (fan-out 5, 5), cross-entropy;
              ``vit`` a tiny Vision Transformer (4x4 patches, [CLS], learned positions, 2 pre-LN blocks of 4 heads)
              classifying noisy 16x16 images of 6 pattern classes, cross-entropy.
Fresh21 half: ``nerf`` a 2-D NeRF-like field (positional encoding of 4 frequencies, a ReLU MLP to softplus density and
              intensity) rendering 1-D images of 32 pixels of three discs from 8 views by alpha-compositing 16 samples a
              ray, MSE against the exact renders;
              ``cvae`` a conditional VAE of 8x8 binary glyphs of 6 classes given their class one-hot, negative ELBO (BCE
              summed over the pixels + KL, mean over the batch);
              ``seg1d`` a 1-D U-Net (two poolings, skip connections) labelling each of 64 time steps of noisy signals as
              a flat stretch, a burst or a chirp, cross-entropy per step;
              ``gru4rec`` GRU4Rec (item embeddings, a GRU, a full softmax over 300 items) predicting the next click of
              sessions from a Markov chain over item clusters, cross-entropy.
Fresh22 half: ``convnext`` a tiny ConvNeXt (patchify stem, blocks of a depthwise 7x7 conv, LayerNorm and a GELU inverted
              bottleneck with a layer scale) classifying 16x16 noisy textures of 6 classes, cross-entropy;
              ``simsiam`` SimSiam (an encoder MLP with BatchNorm, a projection and a predictor) on pairs of augmented
              views of vectors around 12 prototypes, the symmetric negative cosine with a stop-gradient (down to -1);
              ``ncf`` neural collaborative filtering (user and item embeddings through a ReLU MLP to one logit) on
              implicit feedback from a latent-factor model with 4 sampled negatives per click, binary cross-entropy;
              ``lstmae`` an LSTM sequence autoencoder (encoder LSTM, a linear code, a decoder LSTM reading the code and
              the position) of 4-channel lagged noisy sinusoids, MSE.
Fresh23 half: ``arcface`` an embedding MLP trained with ArcFace's additive angular margin softmax (s = 30, m = 0.3) over
              20 synthetic identities, cross-entropy of the margin logits (far above ln 20 at init);
              ``lista`` LISTA (5 unrolled ISTA layers with a shared W and S and learned thresholds) recovering sparse
              codes from noisy measurements y = D x + noise, MSE;
              ``tpp`` an intensity-free neural temporal point process (a GRU over the log intervals to a mixture of 3
              log-normals) of a regime-switching renewal process, NLL per event (below 0 when trained);
              ``gumbel`` a categorical VAE (straight-through Gumbel-softmax latents, the temperature annealed) of 8x8
              binary bar images, negative ELBO.
Fresh24 half: ``snn`` a spiking network of leaky integrate-and-fire neurons (two spiking layers, a leaky readout, a
              fast-sigmoid surrogate gradient for the spike) classifying rate- and latency-coded spike trains of 5
              classes over 20 steps, cross-entropy of the mean output potential;
              ``maml`` MAML of a 1-40-40-1 ReLU MLP on sinusoid regression (an inner SGD step on 10 support points,
              second order, a meta-batch of 16 tasks), MSE at the query points after adaptation, held out on new tasks;
              ``tabnet`` a TabNet-like classifier (sparsemax attentive masks over 3 decision steps, shared and per-step
              GLU feature transformers, plain or ghost BatchNorm) of tabular rows whose class follows rules, cross-
              entropy;
              ``ntm`` a Neural Turing Machine (an LSTM controller, a write and a read head with content and location
              addressing of a 16 x 8 memory) on the copy task of random 6-bit vectors, BCE per bit.
Fresh25 half: ``bandit`` a policy MLP over the 8 arms of a contextual bandit trained by REINFORCE with a learned
              baseline, the pulled arm's regret as the loss; held out, the policy's expected regret on new contexts;
              ``dual`` a CLIP-style dual encoder of paired "image" and "text" views of a latent concept (two towers,
              L2-normalised, a learned temperature), symmetric InfoNCE over the batch;
              ``svdd`` Deep SVDD: a bias-free ReLU MLP trained one-class to pull normal points' codes to a fixed centre,
              the mean squared distance;
              ``sinkhorn`` a set decoder predicting 16 points of a circle, a segment or two blobs from the shape's
              description, the entropic optimal-transport cost by log-domain Sinkhorn iterations.
Fresh26 half: ``deeponet`` DeepONet (a branch MLP of an input function read at 20 sensors, a trunk MLP of the query
              point, their dot product plus a bias) learning the solution operator of s' = u - s^3 on random input
              functions, MSE at 10 query points; held out on new functions;
              ``addt`` a tiny encoder-decoder transformer (nn.Transformer, d 32, 2 + 2 layers, cross-attention) adding
              two 2-digit numbers, the sum's digits least significant first, teacher forcing, cross-entropy per digit;
              held out on new problems;
              ``deepar`` a DeepAR-like probabilistic forecaster (an LSTM over the lagged values and calendar features
              emitting a Student-t per step) of synthetic series with a trend, a season and heavy-tailed noise, the
              negative log-likelihood per step;
              ``dkl`` deep kernel learning (a ReLU MLP feature extractor under an exact GP with an RBF kernel), the
              negative marginal log-likelihood per point of a minibatch of 128; held out, the MSE of the predictive mean
              at new points given 256 training points.
Fresh27 half: ``relnet`` a Relation Network (a g-MLP of every ordered pair of a scene's 6 objects with the question,
              summed, an f-MLP) answering sort-of-CLEVR-like questions (relational and not) about object lists, cross-
              entropy over 10 answers; held out on new scenes;
              ``grud`` GRU-D (input decay of the last observation towards the mean and hidden-state decay, both from the
              time since a variable's last observation, a GRU cell of the imputed values and the mask) classifying
              irregularly sampled series of 4 variables with missing values into 4 classes of dynamics, cross-entropy;
              ``linattn`` a causal linear-attention LM (elu + 1 feature map, a token shift on keys and values) on
              multi-query associative recall, next-token cross-entropy at the recalled values;
              ``tasnet`` a Conv-TasNet-like separator (a conv encoder, a TCN mask estimator, a transposed-conv decoder) of
              a chirp and a harmonic tone from their noisy mixture, negative SI-SNR with permutation-invariant training.
Fresh28 half: ``stn`` a spatial transformer network (a localisation MLP predicting an affine transform, the identity at
              init, affine_grid and grid_sample, a small CNN) classifying turned, scaled and moved 16x16 glyphs of 8
              classes, cross-entropy;
              ``dann`` domain-adversarial training (a feature MLP, a label head, a domain classifier behind a gradient-
              reversal layer) of 6 spiral arms, the label cross-entropy plus 0.3 x the domain BCE; held out on the
              turned and shifted target domain;
              ``protonet`` a prototypical network (an embedding MLP, prototypes the support means, squared Euclidean
              distances) on 5-way 5-shot episodes of synthetic classes, held out on episodes of unseen classes;
              ``kws`` a keyword-spotting CRNN (a Conv2d over frequency and time, a GRU) of synthetic spectrograms of
              formant tracks, 10 keywords, silence and unknown, cross-entropy.
Fresh30 half: ``gae`` a graph autoencoder (graph convolutions, an inner-product decoder) predicting the held-back edges of
              stochastic block models, BCE over them and as many sampled non-edges;
              ``cpc`` contrastive predictive coding (a strided conv encoder, a GRU context) of 1-D sequences, InfoNCE over
              the codes of 32 sequences 1-3 steps ahead, held out on new sequences;
              ``inception`` an InceptionTime-like classifier (Inception modules with BatchNorm, a residual shortcut) of
              2-channel series by the pattern hidden in them, 5 classes, cross-entropy;
              ``focal`` a ReLU MLP on an imbalanced binary task (7% positives), the sigmoid focal loss (alpha 0.25, gamma 2).
Fresh31 half: ``caption`` an image captioner (a CNN encoder with BatchNorm, a GRU decoder fed the image's features, teacher
              forcing) of synthetic scenes of 1-3 coloured shapes, cross-entropy per caption token over 11;
              ``barlow`` Barlow Twins (a ReLU MLP encoder and a BatchNorm projector) of two augmented views of rows driven
              by latent factors, the loss of the batch-standardised cross-correlation (~5.2 at init);
              ``textcnn`` a Kim-style CNN sentence classifier (Conv1d of widths 3/4/5, max over time, dropout) of
              sentences classed by a planted trigram, cross-entropy over 4;
              ``siamese`` a siamese ReLU MLP on pairs of noisy class prototypes, the contrastive margin loss (Hadsell et
              al.; ~0.16 at init, not ln 2).
Fresh32 half: ``postag`` a BiLSTM part-of-speech tagger of sentences of a synthetic grammar (6 tags; ambiguous words told
              only by their neighbours), cross-entropy per token;
              ``robust`` a residual ReLU MLP regressing a smooth function of 12 features, 8% of the training targets
              outliers, the Huber loss (held out on clean targets);
              ``keypoint`` a fully convolutional net (one dilated convolution, a per-pixel ReLU layer and head)
              regressing the Gaussian heatmap of a marker's centre among distractors, 10 x the per-pixel MSE;
              ``bclone`` behaviour cloning: a policy MLP with LayerNorm imitating an expert navigator's 5 actions (goal,
              obstacle, 10% random actions), cross-entropy.
Fresh33 half: ``denoise`` a two-level U-Net (a skip connection, a per-pixel ReLU layer and head) denoising 16 x 16 images
              of shapes, the L1 loss (~0.18 at init, not ln C);
              ``settf`` a Set Transformer (two induced set attention blocks, pooling by attention) naming the kind of a
              set of 24 points (ring, segment, square, two blobs, disc), cross-entropy over 5;
              ``bpr`` an MLP scorer of user-item pairs (embeddings) trained by Bayesian personalised ranking on triples,
              the BPR loss (ln 2 at init);
              ``poireg`` a Poisson regression MLP of counts (a log-rate head), nn.PoissonNLLLoss (~1.0 at init).
Fresh34 half: ``gatedcnn`` a gated convolutional network (two GLU conv blocks, max over time) naming the topic of a
              document of 32 tokens (preferred words and a planted phrase), cross-entropy over 6;
              ``flowmatch`` a conditional flow-matching MLP: the velocity x1 - x0 at x_t = (1 - t) x0 + t x1 of 2-D
              points of 4 densities, the velocity MSE (~2.1 at init, a floor of ~1.3);
              ``hsoftmax`` a ReLU MLP with a two-level (hierarchical) softmax over 8 clusters of 6 classes, the NLL
              (ln 48 at init);
              ``shufflenet`` a ShuffleNet-like CNN (grouped 1 x 1 convolutions, channel shuffle, depthwise 3 x 3,
              BatchNorm) classifying 12 x 12 colour textures, cross-entropy over 6.
Fresh35 half: ``senet`` a squeeze-and-excitation CNN (two conv + SE blocks, global max pooling) naming the direction from
              one spot to another in 12 x 12 two-channel images, cross-entropy over 6;
              ``sumgru`` a bidirectional GRU regressing the gated sum (plus half the largest value) of 16-step sequences,
              the smooth L1 loss (~0.45 at init);
              ``attnpool`` multi-head attention pooling (a learned query, 4 heads) of bags of 12 feature vectors, naming
              the type that 4 of them share, cross-entropy over 5;
              ``highway`` a highway network (3 gated highway layers) on a 20-column table, cross-entropy over 4.
Fresh36 half: ``lenet`` a LeNet-5-like CNN (tanh convolutions, average pooling, two ReLU layers) naming 16 x 16
              seven-segment stroke digits, cross-entropy over 10;
              ``wrn`` a tiny wide ResNet (pre-activation blocks with BatchNorm) classifying 12 x 12 grating textures,
              cross-entropy over 6;
              ``rbfnet`` a radial basis function network (learned centres and widths) regressing a sum of bumps of 6
              features, the squared error (~1.1 at init);
              ``cheb`` a Chebyshev spectral graph convolution net (order 3) naming the generator of 12-node graphs,
              cross-entropy over 4.
Fresh37 half: ``hopfield`` a modern Hopfield (associative memory) classifier: the state pattern of a corrupted binary
              pattern retrieved in 2 softmax updates over 24 learned stored patterns, naming the class of the stored
              pattern it came from, cross-entropy over 6;
              ``bytecnn`` a byte-level 1-D CNN (byte embeddings, two convolutions, max over time) naming which of 5
              synthetic byte-bigram sources wrote a string of 32 bytes, cross-entropy over 5;
              ``condconv`` a CNN of two CondConv layers (4 expert kernels mixed per image by a routing function of
              its pooled input) naming the orientation of a bar in 12 x 12 images, cross-entropy over 6;
              ``logcosh`` a ReLU MLP regressing a smooth function of 12 features under heavy-tailed (Student-t) noise,
              the log-cosh loss (~0.5 at init).
Fresh38 half: ``resnext`` a ResNeXt-like CNN (bottleneck blocks of grouped 3 x 3 convolutions of cardinality 4)
              naming one of 5 shapes in 12 x 12 images, cross-entropy over 5;
              ``crossnet`` a Deep & Cross network (DCN-v1: 3 cross layers beside a deep ReLU layer) predicting clicks
              from 12 dense features, binary cross-entropy (~0.69 at init);
              ``ngram`` a Bengio-style feed-forward n-gram language model predicting the next of 12 tokens of a
              synthetic trigram grammar from the 3 before it, cross-entropy over 12;
              ``monotone`` a monotone MLP regressor (positive weights, non-decreasing activations) of an increasing
              function of 6 features, the squared error (~1 at init).
Fresh39 half: ``gmlp`` a gMLP (token and position embeddings, two spatial gating units mixing the 16 positions, mean
              pooling) naming which of 4 motifs of 3 tokens a sequence of 16 tokens holds, cross-entropy over 4;
              ``mpnn`` a message-passing neural network (3 rounds of summed messages and a GRU update, mean pooling)
              regressing the triangles and attribute pairs of random graphs of 10 nodes, MSE (~1.1 at init);
              ``multimargin`` a ReLU MLP classifying a 16-column table into 5 classes with the multi-class hinge loss
              (nn.MultiMarginLoss: 0.8 at init, not ln 5);
              ``deconv`` a transposed-convolution decoder (3 linear layers, two ConvTranspose2d) drawing a 16 x 16 image
              of a class's shape from a class code and noise, MSE per pixel (~0.11 for an all-zero image).
Fresh40 half: ``resmlp`` a ResMLP-like patch MLP (affine normalisation, a linear mixing of the 16 patches of 3 x 3, a
              GELU MLP per patch, layer scale) naming a grating's orientation and period in 12 x 12 images, cross-entropy
              over 6;
              ``bahdanau`` a GRU encoder-decoder with additive (Bahdanau) attention reversing sequences of 6 symbols of 8
              (teacher forcing), cross-entropy per symbol;
              ``lasso`` a sparse logistic regression of 300 features (15 informative), binary cross-entropy plus an L1
              penalty on the weights in the loss (the held-out loss without it);
              ``betareg`` a ReLU MLP regressing proportions in (0, 1) with the Beta negative log-likelihood (a mean and a
              precision per row; below 0 when trained).
Fresh41 half: ``squeezenet`` a SqueezeNet-like CNN (a stem convolution, two fire modules of 1 x 1 squeeze and 1 x 1 + 3 x 3
              expand convolutions, global average pooling) counting the dots (1-4) in 12 x 12 images, cross-entropy
              over 4;
              ``ggnn`` a gated graph neural network (3 propagation steps of summed messages with GRU node updates, a
              gated sum readout) naming the colour with the most edge endpoints of a 10-node graph, cross-entropy over 4;
              ``cbow`` word2vec's CBOW (the mean of the context words' embeddings, a full softmax over 40 words)
              predicting a window's centre word from the 2 words each side, cross-entropy (ln 40 at init);
              ``dice`` a small CNN (two 3 x 3 convolutions, a 1 x 1 ReLU layer, a 1 x 1 head) segmenting 1-3 noisy discs
              in 16 x 16 images, the soft Dice loss (~0.77 at init, p = 0.5 at every pixel).
Fresh42 half: ``densenet`` a DenseNet-like CNN (two dense blocks of BatchNorm-ReLU-conv layers whose outputs are
              concatenated to their inputs, a transition, global max pooling) naming one of 6 random 4 x 4 glyphs in
              noisy 12 x 12 images, cross-entropy over 6;
              ``biaffine`` a biaffine dependency-arc scorer (Dozat & Manning: a BiGRU, dependent and head vectors, a
              biaffine score) picking each word's head among the root and the 10 words of a synthetic sentence,
              cross-entropy over 11 per word;
              ``huberreg`` a ReLU MLP regressing a smooth function of 10 features with 5% outlying targets, the Huber
              loss (~0.9 at init);
              ``mixhop`` a MixHop graph convolution net (adjacency powers 0-2 mixed by concatenation, 2 layers)
              naming the community of the nodes of a stochastic block model graph, cross-entropy over 5.
Fresh43 half: ``xception`` an Xception-like CNN (a stem convolution, depthwise-separable convolutions in an entry block with
              a strided 1 x 1 shortcut and a middle block with an identity shortcut, global average pooling) naming a
              grating's orientation and period in two-channel 12 x 12 images, cross-entropy over 6;
              ``indrnn`` an IndRNN (two layers of 32 independently recurrent ReLU units) naming the window of a burst in
              noisy two-channel series of 24 steps, cross-entropy over 5;
              ``nalu`` a neural arithmetic logic unit (gated additive and multiplicative paths) and a ReLU layer
              regressing x0 x1 + x2 / x3 - 0.5 x4 of 6 positive features, the squared error (~1 at init);
              ``tweedie`` a ReLU MLP of the log-mean of zero-inflated claim amounts (compound Poisson-gamma), the Tweedie
              deviance with p = 1.5 (~3 at init).
Fresh44 half: ``maxout`` a Maxout MLP (two Maxout layers of 48 units of 3 pieces, a ReLU layer) naming the class a random
              teacher network gives 12 features, cross-entropy over 5;
              ``film`` a FiLM-conditioned CNN (a question's embedding scales and shifts the second convolution's feature
              maps) answering one of 3 questions about a square and a bar in 10 x 10 scenes, cross-entropy over 4;
              ``deepfm`` DeepFM (first-order weights, a factorization machine of value embeddings, a deep part sharing
              them) of a click log of 6 categorical fields and 2 dense features, BCE with logits (~0.7 at init);
              ``convmixer`` a ConvMixer-like CNN (a 2 x 2 patch embedding, depthwise 5 x 5 and pointwise 1 x 1 mixing
              blocks, global max pooling) naming one of 5 stroke patterns in 12 x 12 images, cross-entropy over 5.
Fresh45 half: ``ghostnet`` a GhostNet-like CNN (ghost modules: a few primary convolution channels plus cheap depthwise
              ghost features, a ghost bottleneck with a residual connection, global average pooling) naming one of 5
              signed motifs in 12 x 12 images, cross-entropy over 5;
              ``qrnn`` a quasi-recurrent network (causal convolutions of width 2 giving a candidate, a forget and an
              output gate, fo-pooling) counting the pulses of noisy series, cross-entropy over 4;
              ``gammareg`` a ReLU MLP of the log-mean of positive, right-skewed Gamma targets (shape 2), the Gamma
              deviance (~8 at init);
              ``sgc`` a simplified graph convolution (the features propagated 2 hops once, a linear map, a ReLU layer)
              naming the community of a node of a stochastic block model graph, cross-entropy over 4.
Fresh46 half: ``coordconv`` a CoordConv CNN (two coordinate channels appended to the image, two convolutions, global max
              pooling) naming the cell of a 3 x 3 grid that holds a dot in 12 x 12 images, cross-entropy over 9;
              ``mingru`` a minGRU sequence classifier (gates and candidates from the input only, no recurrent
              weights) naming the token boosted in noisy one-hot sequences of 16 steps, cross-entropy over 5;
              ``widedeep`` Wide & Deep (a linear part over the values and their pairwise crosses, an MLP over value
              embeddings) of a click log of 4 categorical fields and 2 dense features, BCE with logits (~0.7 at init);
              ``vonmises`` a circular regression MLP predicting the von Mises natural parameters of an angle (its mean
              direction and concentration), the von Mises negative log-likelihood (~1.9 at init).
"""

from __future__ import annotations

import importlib
import pkgutil

import fixcheck_families


def _gather() -> None:
    """Every module of ``bench/fixcheck_families`` in this module's namespace: the cases name a family's data and
    models as ``fd.<name>`` (each name is bound in one module only: ``tests/test_bench_names.py``). Deleted once
    run: a case's fingerprint follows every name of its code through this namespace (``fixcheck_core.code_of``),
    and words in a case's code are names."""
    for found in sorted(pkgutil.iter_modules(fixcheck_families.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"fixcheck_families.{found.name}")
        globals().update((name, value) for name, value in vars(module).items() if not name.startswith("__"))


_gather()
del _gather, importlib, pkgutil, fixcheck_families
