"""The data, models and losses of the fix-check runs (``bench/fixcheck_runs.py``): one hundred and twenty model
families made unlike the sample runs and the hold-out sets a and b, split into a tuning half, a held-out half and
twenty-eight fresh halves (added later, held out from all tuning).

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

import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import torch
from torch import Tensor, nn
from torch.nn import functional as F

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sample_logs"))  # the training harness
from harness import BlockTransformer, CharRNN, Data, TinyBlock, flip_labels, mlp, split  # noqa: E402

# --------------------------------------------------------------------------- tuning half


@lru_cache(maxsize=None)
def spiral_arms(n: int = 6000, seed: int = 71, *, classes: int = 5, dim: int = 12, noise: float = 0.12,
                nan_rows: float = 0.0, n_val: int = 1500, batch_size: int = 64) -> Data:  # fmt: skip
    """``classes`` interleaved spiral arms in the plane, rotated into ``dim`` dimensions with 10 noise
    directions, standardised. ``nan_rows``: that share of the training rows has a NaN in one feature
    (missing values nobody imputed)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(classes, (total,), generator=g)
    t = 0.15 + 0.85 * torch.rand(total, generator=g)
    angle = 2 * math.pi * y / classes + 2.2 * math.pi * t
    plane = torch.stack([t * torch.cos(angle), t * torch.sin(angle)], 1) + noise * torch.randn(total, 2, generator=g)
    x = torch.cat([plane * 3, 0.5 * torch.randn(total, dim - 2, generator=g)], 1)
    q, _ = torch.linalg.qr(torch.randn(dim, dim, generator=g))
    x = x @ q
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    if nan_rows:
        bad = torch.rand(n, generator=g) < nan_rows
        x[:n][bad, 3] = float("nan")
    return split(x, y, n, "classification", classes, batch_size)


ARITH = "0123456789+=;"


@lru_cache(maxsize=None)
def arithmetic(chars: int = 60000, seed: int = 72, *, seq: int = 20, batch_size: int = 32, val_chars: int = 6000) -> Data:
    """Next-character prediction on sums "a+b=c;" of random numbers below 100: the answer is learnable."""
    g = torch.Generator().manual_seed(seed)
    parts, size = [], 0
    while size < chars + val_chars:
        a, b = (int(v) for v in torch.randint(100, (2,), generator=g))
        s = f"{a}+{b}={a + b};"
        parts.append(s)
        size += len(s)
    ids = torch.tensor([ARITH.index(c) for c in "".join(parts)[: chars + val_chars]])

    def windows(t: Tensor) -> tuple[Tensor, Tensor]:
        k = (len(t) - 1) // seq
        return t[: k * seq].view(k, seq), t[1 : k * seq + 1].view(k, seq)

    x, y = windows(ids[:chars])
    vx, vy = windows(ids[chars:])
    return Data(x, y, vx, vy, "language_model", len(ARITH), batch_size)


def arith_rnn(kind: str, hidden: int = 64) -> CharRNN:
    return CharRNN(kind, hidden, vocab=len(ARITH))


class ScaledRNN(CharRNN):
    """A vanilla tanh RNN LM whose recurrent weights start orthogonal times ``gain`` (> 1: long memory, and
    gradients that can explode)."""

    def __init__(self, hidden: int = 64, gain: float = 1.0) -> None:
        super().__init__("rnn", hidden, vocab=len(ARITH))
        with torch.no_grad():
            nn.init.orthogonal_(self.rnn.weight_hh_l0, gain=gain)


@lru_cache(maxsize=None)
def sensor_traces(n: int = 6000, seed: int = 73, *, length: int = 24, n_val: int = 1500, batch_size: int = 64) -> Data:
    """24-sample traces of a damped oscillation plus a drift, three latent factors each, with noise:
    an autoencoder's data (the target is the input), standardised."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.linspace(0, 1, length)
    freq = 1 + 3 * torch.rand(total, 1, generator=g)
    damp = 3 * torch.rand(total, 1, generator=g)
    drift = torch.randn(total, 1, generator=g)
    x = torch.exp(-damp * t) * torch.sin(2 * math.pi * freq * t) + drift * t + 0.05 * torch.randn(total, length, generator=g)
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    return split(x, x, n, "regression", None, batch_size)


@lru_cache(maxsize=None)
def event_counts(n: int = 6000, seed: int = 74, *, dim: int = 10, n_val: int = 1500, batch_size: int = 64) -> Data:
    """Poisson counts whose log-rate is a smooth function of ten inputs (a third of the counts are 0)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, dim, generator=g)
    w = torch.randn(dim, generator=g) / math.sqrt(dim)
    rate = torch.exp(0.9 * torch.tanh(x @ w) + 0.4 * torch.sin(x[:, 0] * x[:, 1]))
    y = torch.poisson(rate, generator=g)
    return split(x, y[:, None], n, "regression", None, batch_size)


def poisson_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Poisson negative log-likelihood written by hand on a ReLU rate: once a rate is exactly 0,
    ``y * log(rate)`` is 0 * -inf = NaN (or +inf for a positive count)."""
    rate = F.relu(out)
    return (rate - y * torch.log(rate)).mean()


def poisson_safe(out: Tensor, y: Tensor) -> Tensor:
    """The same loss with the log guarded: log(max(rate, 1e-6))."""
    rate = F.relu(out)
    return (rate - y * torch.log(rate.clamp_min(1e-6))).mean()


def count_mlp(bias: float = 2.0) -> nn.Sequential:
    """A ReLU MLP whose output is a Poisson rate, its output bias starting at ``bias`` (every rate positive)."""
    model = mlp([10, 64, 64, 1])
    with torch.no_grad():
        model[-1].bias.fill_(bias)
    return model


def sensor_ae(dead_bias: float = 0.0, layer: int = 4) -> nn.Sequential:
    """A ReLU autoencoder 24-64-4-64-24; ``dead_bias`` < 0 starts the biases of its Linear at index ``layer``
    there (4: the last hidden layer, whose units then never fire)."""
    model = mlp([24, 64, 4, 64, 24])
    if dead_bias:
        with torch.no_grad():
            model[layer].bias.fill_(dead_bias)
    return model


@lru_cache(maxsize=None)
def marker_majority(n: int = 8000, seed: int = 75, *, vocab: int = 24, length: int = 16, classes: int = 4,
                    flip: float = 0.1, n_val: int = 1500, batch_size: int = 32,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Token sequences of background tokens with marker tokens 0..3 planted: the class is the marker
    planted most often (1 or 2 more times than any other), ``flip`` of the labels random. ``train_rows``:
    keep only that many training rows (an overfitting set)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = classes + torch.randint(vocab - classes, (total, length), generator=g)
    y = torch.randint(classes, (total,), generator=g)
    rows = torch.arange(total)
    counts = torch.randint(0, 3, (total, classes), generator=g)
    counts[rows, y] = counts.max(1).values + 1 + torch.randint(2, (total,), generator=g)
    # the j-th of a row's shuffled positions gets the marker whose cumulative count first exceeds j
    marker = (torch.arange(length)[None, :, None] >= counts.cumsum(1)[:, None, :]).sum(2)
    perm = torch.argsort(torch.rand(total, length, generator=g), 1)
    x.scatter_(1, perm, torch.where(marker < classes, marker, x.gather(1, perm)))
    data = split(x, flip_labels(y, classes, flip, g), n, "classification", classes, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, classes, batch_size)
    return data


def marker_transformer(pre_ln: bool = False, layers: int = 1) -> BlockTransformer:
    return BlockTransformer(24, 4, seq=16, d=32, layers=layers, pre_ln=pre_ln)


def unigram_entropy(data: Data) -> float:
    """The entropy (nats) of the training targets' token frequencies: an LM that predicts no better than
    the unigram law sits here."""
    p = torch.bincount(data.y.reshape(-1), minlength=int(data.num_classes or 0)).float()
    p = p[p > 0] / p.sum()
    return float(-(p * p.log()).sum())


# --------------------------------------------------------------------------- held-out half


@lru_cache(maxsize=None)
def shape_images(n: int = 6000, seed: int = 81, *, size: int = 14, noise: float = 0.6, nan_rows: float = 0.0,
                 n_val: int = 1500, batch_size: int = 32, train_rows: int | None = None) -> Data:  # fmt: skip
    """14x14 images of a disc, a ring, a square outline, a plus, an X or a bar, at a random place and size,
    under pixel noise (six classes). ``nan_rows``: that share of the training images has NaN pixels (a
    corrupted file); ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(6, (total,), generator=g)
    c = torch.arange(size, dtype=torch.float32)
    py, px = torch.meshgrid(c, c, indexing="ij")
    cy = (size / 2 + 2 * (torch.rand(total, generator=g) - 0.5) * 2)[:, None, None]
    cx = (size / 2 + 2 * (torch.rand(total, generator=g) - 0.5) * 2)[:, None, None]
    r = (3 + 2 * torch.rand(total, generator=g))[:, None, None]
    dy, dx = py - cy, px - cx
    dist = torch.sqrt(dy * dy + dx * dx)
    box = torch.maximum(dy.abs(), dx.abs())
    shapes = torch.stack([
        (dist < r).float(), ((dist - r).abs() < 0.8).float(), ((box - r).abs() < 0.8).float(),
        (((dy.abs() < 0.8) | (dx.abs() < 0.8)) & (box < r)).float(),
        ((((dy - dx).abs() < 1.0) | ((dy + dx).abs() < 1.0)) & (box < r)).float(),
        ((dy.abs() < 1.2) & (dx.abs() < r)).float(),
    ], 1)  # fmt: skip
    img = shapes[torch.arange(total), y] + noise * torch.randn(total, size, size, generator=g)
    x = img.unsqueeze(1)
    if nan_rows:
        bad = torch.rand(n, generator=g) < nan_rows
        x[:n][bad, 0, 0, :3] = float("nan")
    data = split(x, y, n, "classification", 6, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, 6, batch_size)
    return data


class ShapeCNN(nn.Module):
    """Three 3x3 convolutions (two with max-pooling), global average pooling and a linear head."""

    def __init__(self, width: int = 12, classes: int = 6) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(width, 2 * width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(2 * width, 2 * width, 3, padding=1), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )  # fmt: skip
        self.head = nn.Linear(2 * width, classes)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.body(x))


@lru_cache(maxsize=None)
def pretrained_cnn_weights() -> dict[str, Tensor]:
    """A ShapeCNN trained (unrecorded) for 400 Adam steps on the clean shape images."""
    from harness import Setup, train

    pretraining = Setup(name="shapes-pretraining", data=shape_images(), model=ShapeCNN, optimizer=torch.optim.Adam,
                        lr=3e-3, steps=400, seed=5, shuffle_offset=3000)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_cnn() -> ShapeCNN:
    """A ShapeCNN with the pretrained weights (a fine-tune starts from them)."""
    model = ShapeCNN()
    model.load_state_dict(pretrained_cnn_weights())
    return model


@lru_cache(maxsize=None)
def adding_problem(n: int = 6000, seed: int = 82, *, length: int = 24, classes: int = 4, n_val: int = 1500,
                   batch_size: int = 32) -> Data:  # fmt: skip
    """The adding problem as classification: a sequence of (value, marker) pairs with two values marked,
    one in each half; the class is the quartile of their sum."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    values = 2 * torch.rand(total, length, generator=g) - 1
    marks = torch.zeros(total, length)
    rows = torch.arange(total)
    first = torch.randint(length // 2, (total,), generator=g)
    second = length // 2 + torch.randint(length // 2, (total,), generator=g)
    marks[rows, first] = 1
    marks[rows, second] = 1
    s = values[rows, first] + values[rows, second]
    edges = torch.quantile(s, torch.linspace(0, 1, classes + 1)[1:-1])
    y = torch.bucketize(s, edges)
    return split(torch.stack([values, marks], 2), y, n, "classification", classes, batch_size)


class SeqClassifier(nn.Module):
    """A recurrent layer (rnn | gru | lstm) over (value, marker) pairs, a linear head on its last state;
    a vanilla RNN's recurrent weights start orthogonal times ``gain``."""

    def __init__(self, kind: str, hidden: int = 48, classes: int = 4, gain: float = 1.0) -> None:
        super().__init__()
        self.rnn = {"gru": nn.GRU, "rnn": nn.RNN, "lstm": nn.LSTM}[kind](2, hidden, batch_first=True)
        if kind == "rnn":
            with torch.no_grad():
                nn.init.orthogonal_(self.rnn.weight_hh_l0, gain=gain)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.rnn(x)
        return self.head(h[:, -1])


@lru_cache(maxsize=None)
def hmm_tokens(n: int = 6000, seed: int = 83, *, vocab: int = 20, states: int = 5, seq: int = 16, n_val: int = 800,
               batch_size: int = 32) -> Data:  # fmt: skip
    """Token sequences emitted by a hidden Markov model (5 sticky states, each with its own peaked
    emission law over 20 tokens): next-token prediction."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    trans = torch.full((states, states), 0.1 / (states - 1))
    trans.fill_diagonal_(0.9)
    emit = torch.softmax(3 * torch.randn(states, vocab, generator=g), 1)
    state = torch.randint(states, (total,), generator=g)
    tokens = []
    for _ in range(seq + 1):
        tokens.append(torch.multinomial(emit[state], 1, generator=g)[:, 0])
        state = torch.multinomial(trans[state], 1, generator=g)[:, 0]
    ids = torch.stack(tokens, 1)
    return split(ids[:, :-1], ids[:, 1:], n, "language_model", vocab, batch_size)


def hmm_transformer(pre_ln: bool = True, d: int = 32, layers: int = 1) -> BlockTransformer:
    return BlockTransformer(20, 20, seq=16, d=d, layers=layers, pre_ln=pre_ln, causal=True)


@lru_cache(maxsize=None)
def doc_counts(n: int = 5000, seed: int = 84, *, vocab: int = 200, classes: int = 6, length: int = 40,
               rate: float = 0.2, flip: float = 0.1, nan_rows: float = 0.0, n_val: int = 1500,
               batch_size: int = 64) -> Data:  # fmt: skip
    """Word-count vectors of documents of ``length`` words: each word is a topic word of the document's
    class (a peaked law over the vocabulary) at ``rate``, else a background word. ``nan_rows``: that
    share of the training rows holds a NaN count (an empty field parsed as NaN); ``flip`` of the labels
    are random."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    topics = torch.softmax(2.5 * torch.randn(classes, vocab, generator=g), 1)
    background = torch.softmax(torch.randn(vocab, generator=g), 0)
    y = torch.randint(classes, (total,), generator=g)
    topical = torch.rand(total, length, generator=g) < rate
    words = torch.where(topical, torch.multinomial(topics[y], length, replacement=True, generator=g),
                        torch.multinomial(background, total * length, replacement=True, generator=g).view(total, length))
    x = torch.zeros(total, vocab).scatter_add_(1, words, torch.ones(total, length))
    if nan_rows:
        bad = torch.rand(n, generator=g) < nan_rows
        x[:n][bad, 7] = float("nan")
    return split(x, flip_labels(y, classes, flip, g), n, "classification", classes, batch_size)


def softmax_regression(vocab: int = 200, classes: int = 6) -> nn.Linear:
    """Softmax regression with the usual zero init (the first loss is ln C)."""
    model = nn.Linear(vocab, classes)
    nn.init.zeros_(model.weight)
    nn.init.zeros_(model.bias)
    return model


def softmax_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy written by hand without subtracting the max logit: once a logit passes ~88,
    exp overflows to inf and inf / inf is NaN."""
    e = out.exp()
    p = e / e.sum(-1, keepdim=True)
    return -torch.log(p.gather(-1, y[..., None])).mean()


def lm_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over batch x positions (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


@lru_cache(maxsize=None)
def arith_checks(n: int = 6000, seed: int = 76, *, length: int = 14, n_val: int = 1500, batch_size: int = 32) -> Data:
    """Character strings "a+b=c" left-padded with ';' to ``length``: is the sum right? Half are, half are off
    by 1 to 10 (two classes); a recurrent classifier reads them to the end."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    ab = torch.randint(100, (total, 2), generator=g)
    wrong = torch.rand(total, generator=g) < 0.5
    off = torch.randint(1, 11, (total,), generator=g) * torch.where(torch.rand(total, generator=g) < 0.5, -1, 1)
    c = (ab.sum(1) + torch.where(wrong, off, 0)).clamp_min(0)
    rows = [f"{int(a)}+{int(b)}={int(s)}".rjust(length, ";") for (a, b), s in zip(ab.tolist(), c.tolist())]
    x = torch.tensor([[ARITH.index(ch) for ch in r] for r in rows])
    return split(x, (~wrong).long(), n, "classification", 2, batch_size)


class CharRNNClassifier(nn.Module):
    """Embedding, a recurrent layer (rnn | gru | lstm), a linear head on the last state; a vanilla RNN's
    recurrent weights start orthogonal times ``gain``."""

    def __init__(self, kind: str = "rnn", hidden: int = 48, classes: int = 2, gain: float = 1.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(len(ARITH), 16)
        self.rnn = {"gru": nn.GRU, "rnn": nn.RNN, "lstm": nn.LSTM}[kind](16, hidden, batch_first=True)
        if kind == "rnn":
            with torch.no_grad():
                nn.init.orthogonal_(self.rnn.weight_hh_l0, gain=gain)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.rnn(self.embed(x))
        return self.head(h[:, -1])


@lru_cache(maxsize=None)
def trace_starts(n: int = 6000, seed: int = 73, classes: int = 4) -> Data:
    """The sensor traces read as sequences (24 steps of one value): the class is the quartile of the mean of
    their first four samples, told at the end (a memory task for a recurrent classifier)."""
    traces = sensor_traces(n, seed)
    start = torch.cat([traces.x, traces.val_x])[:, :4].mean(1)
    y = torch.bucketize(start, torch.quantile(start, torch.linspace(0, 1, classes + 1)[1:-1]))
    return Data(traces.x[..., None], y[:n], traces.val_x[..., None], y[n:], "classification", classes, traces.batch_size)


class TraceRNN(nn.Module):
    """A vanilla tanh RNN (recurrent weights orthogonal times ``gain``) over a 1-channel sequence and a linear
    head on its last state."""

    def __init__(self, hidden: int = 48, gain: float = 1.0, classes: int = 4) -> None:
        super().__init__()
        self.rnn = nn.RNN(1, hidden, batch_first=True)
        with torch.no_grad():
            nn.init.orthogonal_(self.rnn.weight_hh_l0, gain=gain)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.rnn(x)
        return self.head(h[:, -1])


def sensor_ae_var() -> nn.Sequential:
    """The ReLU autoencoder with a second output per sample: the variance head of a Gaussian likelihood,
    its biases starting at 1 (every variance positive at first)."""
    model = mlp([24, 64, 4, 64, 48])
    with torch.no_grad():
        model[-1].bias[24:].fill_(1.0)
    return model


def gaussian_nll_by_hand(out: Tensor, x: Tensor) -> Tensor:
    """Gaussian negative log-likelihood written by hand with a ReLU variance: once a variance is exactly 0,
    log(0) = -inf and the error divided by 0 is inf; NaN gradients follow through the mean."""
    mu, v = out.chunk(2, -1)
    var = F.relu(v)
    return (torch.log(var) + (x - mu) ** 2 / var).mean()


def gaussian_nll_safe(out: Tensor, x: Tensor) -> Tensor:
    """The same likelihood with the variance kept positive: softplus + 1e-4."""
    mu, v = out.chunk(2, -1)
    var = F.softplus(v) + 1e-4
    return (torch.log(var) + (x - mu) ** 2 / var).mean()


def mean_mse(out: Tensor, x: Tensor) -> Tensor:
    """The reconstruction error of the mean output (the held-out loss of the Gaussian autoencoders)."""
    return F.mse_loss(out.chunk(2, -1)[0], x)


# --------------------------------------------------------------------------- fresh half (held out from all tuning)


FREQ_PAIRS = ((3, 9), (5, 11), (7, 13), (3, 11), (5, 13))
"""The two frequencies (cycles per window) of each class of ``freq_signals``."""


@lru_cache(maxsize=None)
def freq_signals(n: int = 4000, seed: int = 91, *, length: int = 64, noise: float = 0.9, flip: float = 0.05,
                 n_val: int = 1000, batch_size: int = 32, train_rows: int | None = None) -> Data:  # fmt: skip
    """Single-channel signals of ``length`` samples: the sum of the two sinusoids of the class's frequency
    pair (``FREQ_PAIRS``, each jittered by up to half a cycle, random phases and amplitudes 0.5-1.5), a
    distractor sinusoid of any frequency, and noise; five classes, ``flip`` of the labels random.
    ``train_rows``: keep only that many training signals."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    classes = len(FREQ_PAIRS)
    y = torch.randint(classes, (total,), generator=g)
    t = torch.arange(length, dtype=torch.float32) / length
    pairs = torch.tensor(FREQ_PAIRS, dtype=torch.float32)[y]  # (total, 2)
    freqs = torch.cat([pairs + torch.rand(total, 2, generator=g) - 0.5, 1 + 14 * torch.rand(total, 1, generator=g)], 1)
    amps = torch.cat([0.5 + torch.rand(total, 2, generator=g), 0.6 * torch.rand(total, 1, generator=g)], 1)
    phases = 2 * math.pi * torch.rand(total, 3, generator=g)
    waves = amps[:, :, None] * torch.sin(2 * math.pi * freqs[:, :, None] * t + phases[:, :, None])
    x = waves.sum(1) + noise * torch.randn(total, length, generator=g)
    x = ((x - x[:n].mean()) / x[:n].std()).unsqueeze(1)
    data = split(x, flip_labels(y, classes, flip, g), n, "classification", classes, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, classes, batch_size)
    return data


class SignalCNN(nn.Module):
    """A 1-D conv net: three convolutions (kernel 9, 5, 3; the first two max-pooled), a global max over time
    and a linear head. ``dead_bias`` < 0 starts the last convolution's biases there (its units never fire)."""

    def __init__(self, width: int = 16, classes: int = 5, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv1d(1, width, 9, padding=4), nn.ReLU(), nn.MaxPool1d(2),
            nn.Conv1d(width, 2 * width, 5, padding=2), nn.ReLU(), nn.MaxPool1d(2),
            nn.Conv1d(2 * width, 2 * width, 3, padding=1), nn.ReLU(),
            nn.AdaptiveMaxPool1d(1), nn.Flatten(),
        )  # fmt: skip
        if dead_bias:
            with torch.no_grad():
                self.body[6].bias.fill_(dead_bias)
        self.head = nn.Linear(2 * width, classes)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.body(x))


@lru_cache(maxsize=None)
def user_item_ratings(n: int = 20000, seed: int = 92, *, users: int = 300, items: int = 200, rank: int = 4,
                      noise: float = 0.4, n_val: int = 4000, batch_size: int = 128, train_rows: int | None = None,
                      nan_rows: int = 0) -> Data:  # fmt: skip
    """Ratings of (user, item) pairs drawn at random: 3 + user and item offsets + a rank-``rank`` affinity +
    noise, clipped to [1, 5]; the input is the pair of ids, the target the rating (MSE regression).
    ``train_rows``: keep only that many training ratings; ``nan_rows``: that many training ratings are NaN
    (missing ratings exported as NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    u = torch.randint(users, (total,), generator=g)
    i = torch.randint(items, (total,), generator=g)
    pu, qi = torch.randn(users, rank, generator=g), torch.randn(items, rank, generator=g)
    bu, bi = 0.5 * torch.randn(users, generator=g), 0.5 * torch.randn(items, generator=g)
    r = 3 + bu[u] + bi[i] + (pu[u] * qi[i]).sum(1) / math.sqrt(rank) + noise * torch.randn(total, generator=g)
    x, y = torch.stack([u, i], 1), r.clamp(1, 5)
    if nan_rows:
        y[torch.randperm(n, generator=g)[:nan_rows]] = float("nan")
    data = split(x, y, n, "regression", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class FactorModel(nn.Module):
    """Matrix factorisation: a global offset (starting at 3, the middle rating), user and item offsets, and the
    dot product of ``dim``-dimensional user and item embeddings (N(0, ``init``^2) at start)."""

    def __init__(self, users: int = 300, items: int = 200, dim: int = 16, init: float = 0.1) -> None:
        super().__init__()
        self.user, self.item = nn.Embedding(users, dim), nn.Embedding(items, dim)
        self.user_bias, self.item_bias = nn.Embedding(users, 1), nn.Embedding(items, 1)
        self.offset = nn.Parameter(torch.tensor(3.0))
        with torch.no_grad():
            for e in (self.user, self.item):
                e.weight.normal_(0, init)
            for e in (self.user_bias, self.item_bias):
                e.weight.zero_()

    def forward(self, x: Tensor) -> Tensor:
        u, i = x[:, 0], x[:, 1]
        dot = (self.user(u) * self.item(i)).sum(-1)
        return self.offset + self.user_bias(u)[:, 0] + self.item_bias(i)[:, 0] + dot


class TwoTower(nn.Module):
    """A two-tower model: user and item embeddings each through its own ReLU MLP, the rating their dot product
    plus a global offset starting at 3."""

    def __init__(self, users: int = 300, items: int = 200, dim: int = 16, hidden: int = 32) -> None:
        super().__init__()
        self.user, self.item = nn.Embedding(users, dim), nn.Embedding(items, dim)
        self.user_tower = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, dim))
        self.item_tower = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, dim))
        self.offset = nn.Parameter(torch.tensor(3.0))

    def forward(self, x: Tensor) -> Tensor:
        a, b = self.user_tower(self.user(x[:, 0])), self.item_tower(self.item(x[:, 1]))
        return self.offset + (a * b).sum(-1)


def msle_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Mean squared log error written by hand on the raw prediction: log of a prediction at or below 0 is
    -inf or NaN (a rating model's output is not kept positive)."""
    return ((torch.log(out) - torch.log(y)) ** 2).mean()


def msle_safe(out: Tensor, y: Tensor) -> Tensor:
    """The same error with the prediction kept positive: log(max(prediction, 0.1))."""
    return ((torch.log(out.clamp_min(0.1)) - torch.log(y)) ** 2).mean()


@lru_cache(maxsize=None)
def wide_tabular(n: int = 16000, seed: int = 93, *, features: int = 64, informative: int = 12, classes: int = 4,
                 temp: float = 6.0, n_val: int = 1500, batch_size: int = 64, nan_rows: float = 0.0,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """A wide table: ``informative`` latent factors seen through 24 correlated mixtures of them, the rest of
    the ``features`` columns noise, standardised; the class is drawn from a softmax of a random tanh
    network of the factors (at ``temp``: no class is certain). ``nan_rows``: that share of the training rows
    has a NaN in one column (missing values nobody imputed); ``train_rows``: keep only that many rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    z = torch.randn(total, informative, generator=g)
    mixed = z @ torch.randn(informative, 24, generator=g) / math.sqrt(informative)
    x = torch.cat([mixed + 0.3 * torch.randn(total, 24, generator=g), torch.randn(total, features - 24, generator=g)], 1)
    x = x[:, torch.randperm(features, generator=g)]
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    w1 = torch.randn(informative, 32, generator=g) / math.sqrt(informative)
    w2 = torch.randn(32, classes, generator=g) / math.sqrt(32)
    logits = temp * torch.tanh(1.5 * z @ w1) @ w2
    y = torch.multinomial(torch.softmax(logits, 1), 1, generator=g)[:, 0]
    if nan_rows:
        bad = torch.rand(n, generator=g) < nan_rows
        x[:n][bad, 5] = float("nan")
    data = split(x, y, n, "classification", classes, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, classes, batch_size)
    return data


class ResNormMLP(nn.Module):
    """A residual MLP: a linear stem, ``blocks`` pre-activation blocks x + W2 relu(N(W1 relu(N(x)))) with N a
    BatchNorm, a LayerNorm or nothing (``norm`` batch | layer | none), then N, ReLU and a linear head.
    ``branch_gain`` scales every block's weights at init (> 1 without norm: the residual stream grows block
    by block)."""

    def __init__(self, features: int = 64, width: int = 64, blocks: int = 2, classes: int = 4, norm: str = "batch",
                 branch_gain: float = 1.0) -> None:  # fmt: skip
        super().__init__()

        def n() -> nn.Module:
            return {"batch": nn.BatchNorm1d, "layer": nn.LayerNorm, "none": lambda _: nn.Identity()}[norm](width)

        self.stem = nn.Linear(features, width)
        self.blocks = nn.ModuleList(
            nn.Sequential(n(), nn.ReLU(), nn.Linear(width, width), n(), nn.ReLU(), nn.Linear(width, width))
            for _ in range(blocks)
        )
        if branch_gain != 1.0:
            with torch.no_grad():
                for b in self.blocks:
                    for layer in (b[2], b[5]):
                        layer.weight.mul_(branch_gain)
        self.out = nn.Sequential(n(), nn.ReLU())
        self.head = nn.Linear(width, classes)

    def forward(self, x: Tensor) -> Tensor:
        h = self.stem(x)
        for b in self.blocks:
            h = h + b(h)
        return self.head(self.out(h))


LAYOUTS = (
    ((0, 0), (0, 1), (0, 2)), ((0, 0), (1, 0), (2, 0)), ((0, 0), (1, 1), (2, 2)),
    ((0, 2), (1, 1), (2, 0)), ((0, 0), (1, 0), (1, 1)), ((0, 0), (0, 1), (1, 0), (1, 1)),
)  # fmt: skip
"""The patch layouts of ``patch_layouts``' six classes (row, column offsets): a row, a column, a diagonal, an
anti-diagonal, an L and a square."""


@lru_cache(maxsize=None)
def patch_layouts(n: int = 5000, seed: int = 94, *, size: int = 16, patch: int = 4, noise: float = 0.8,
                  distractors: float = 0.5, flip: float = 0.05, n_val: int = 1200, batch_size: int = 32,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """16x16 images as a 4x4 grid of 4x4 patches: the patches of the class's layout (``LAYOUTS``, shifted to
    a random place) are bright (pixels 0.5-1.5), the others dark (0); with probability ``distractors`` a
    stray textured patch elsewhere; pixel noise. The class is the layout (six), told only by where the
    textured patches are: a patch-based model must mix across patches. ``flip`` of the labels random."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    cells = size // patch
    classes = len(LAYOUTS)
    y = torch.randint(classes, (total,), generator=g)
    active = torch.zeros(total, cells, cells)
    for k, layout in enumerate(LAYOUTS):
        rows = torch.nonzero(y == k)[:, 0]
        span_r = max(r for r, _ in layout) + 1
        span_c = max(c for _, c in layout) + 1
        r0 = torch.randint(cells - span_r + 1, (len(rows),), generator=g)
        c0 = torch.randint(cells - span_c + 1, (len(rows),), generator=g)
        for dr, dc in layout:
            active[rows, r0 + dr, c0 + dc] = 1
    stray = torch.rand(total, generator=g) < distractors
    cell = torch.randint(cells * cells, (total,), generator=g)
    flat = active.view(total, -1)
    flat[torch.arange(total)[stray], cell[stray]] = 1
    texture = 0.5 + torch.rand(total, cells, cells, patch, patch, generator=g)
    img = (active[..., None, None] * texture).permute(0, 1, 3, 2, 4).reshape(total, 1, size, size)
    x = img + noise * torch.randn(total, 1, size, size, generator=g)
    data = split(x, flip_labels(y, classes, flip, g), n, "classification", classes, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, classes, batch_size)
    return data


class MixerBlock(nn.Module):
    """An MLP-Mixer block: a token-mixing MLP across the patches, then a channel-mixing MLP, each residual;
    pre-LN (the Mixer's) or post-LN (the LayerNorm after each residual sum)."""

    def __init__(self, tokens: int, d: int, token_hidden: int = 32, channel_hidden: int = 64, post_ln: bool = False) -> None:
        super().__init__()
        self.post_ln = post_ln
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.tokens = nn.Sequential(nn.Linear(tokens, token_hidden), nn.GELU(), nn.Linear(token_hidden, tokens))
        self.channels = nn.Sequential(nn.Linear(d, channel_hidden), nn.GELU(), nn.Linear(channel_hidden, d))

    def forward(self, x: Tensor) -> Tensor:
        if self.post_ln:
            x = self.norm1(x + self.tokens(x.transpose(1, 2)).transpose(1, 2))
            return self.norm2(x + self.channels(x))
        x = x + self.tokens(self.norm1(x).transpose(1, 2)).transpose(1, 2)
        return x + self.channels(self.norm2(x))


class TinyMixer(nn.Module):
    """A tiny MLP-Mixer: 4x4 patches of a 16x16 image embedded linearly, ``layers`` MixerBlocks (pre-LN, or
    post-LN with ``post_ln``), a final LayerNorm (pre-LN only), the mean over patches and a linear head."""

    def __init__(self, d: int = 32, layers: int = 2, classes: int = 6, patch: int = 4, size: int = 16,
                 post_ln: bool = False) -> None:  # fmt: skip
        super().__init__()
        self.patch = patch
        self.embed = nn.Linear(patch * patch, d)
        self.blocks = nn.Sequential(*(MixerBlock((size // patch) ** 2, d, post_ln=post_ln) for _ in range(layers)))
        self.norm: nn.Module = nn.Identity() if post_ln else nn.LayerNorm(d)
        self.head = nn.Linear(d, classes)

    def forward(self, x: Tensor) -> Tensor:
        patches = F.unfold(x, self.patch, stride=self.patch).transpose(1, 2)
        return self.head(self.norm(self.blocks(self.embed(patches))).mean(1))


@lru_cache(maxsize=None)
def pretrained_mixer_weights() -> dict[str, Tensor]:
    """A TinyMixer trained (unrecorded) for 600 Adam steps on the patch layouts."""
    from harness import Setup, train

    pretraining = Setup(name="mixer-pretraining", data=patch_layouts(), model=TinyMixer, optimizer=torch.optim.Adam,
                        lr=3e-3, steps=600, seed=5, shuffle_offset=3000)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_mixer() -> TinyMixer:
    """A TinyMixer with the pretrained weights (a fine-tune starts from them)."""
    model = TinyMixer()
    model.load_state_dict(pretrained_mixer_weights())
    return model


# --------------------------------------------------------------------------- second fresh half (fresh2, held out from all tuning)


@lru_cache(maxsize=None)
def block_graph(nodes: int = 2000, seed: int = 101, *, blocks: int = 5, degree_in: float = 5.0, degree_out: float = 4.0,
                features: int = 24, signal: float = 0.35) -> tuple[Tensor, Tensor, Tensor]:  # fmt: skip
    """A stochastic block model: ``nodes`` in ``blocks`` communities, on average ``degree_in`` edges to nodes of
    the same block and ``degree_out`` to others; node features ``signal`` x the block's random centre plus unit
    noise. Returns the dense normalised adjacency D^-1/2 (A + I) D^-1/2, the features and each node's block."""
    g = torch.Generator().manual_seed(seed)
    block = torch.randint(blocks, (nodes,), generator=g)
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(degree_in / size), torch.tensor(degree_out / (nodes - size)))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    a = (upper | upper.T).float() + torch.eye(nodes)
    d = a.sum(1).rsqrt()
    centres = torch.randn(blocks, features, generator=g)
    x = signal * centres[block] + torch.randn(nodes, features, generator=g)
    return d[:, None] * a * d[None, :], x, block


@lru_cache(maxsize=None)
def graph_nodes(n: int = 1000, seed: int = 101, *, n_val: int = 500, flip: float = 0.05, batch_size: int = 32,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Node classification on ``block_graph(seed=seed)``: the input is a node's id, the target its block (``flip``
    of the labels random); ``n`` labelled training nodes, ``n_val`` validation nodes, all in the same graph
    (transductive). ``train_rows``: keep only that many labelled nodes."""
    _, _, block = block_graph(seed=seed)
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    classes = int(block.max()) + 1
    data = split(ids, flip_labels(block[ids], classes, flip, g), n, "classification", classes, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, classes, batch_size)
    return data


class GraphConvNet(nn.Module):
    """A 2-layer graph convolution network over the whole of ``block_graph(seed=seed)``: relu(A X W1) then
    A H W2 (the head), read at the batch's nodes. ``dead_bias`` < 0 starts the first layer's biases there (its
    units never fire); ``hidden_layers`` > 0 adds that many A H W graph convolutions (ReLU) in between."""

    def __init__(self, hidden: int = 32, classes: int = 5, seed: int = 101, dead_bias: float = 0.0,
                 hidden_layers: int = 0) -> None:  # fmt: skip
        super().__init__()
        adj, x, _ = block_graph(seed=seed)
        self.register_buffer("adj", adj)
        self.register_buffer("ax", adj @ x)
        self.conv = nn.Linear(x.shape[1], hidden)
        if dead_bias:
            with torch.no_grad():
                self.conv.bias.fill_(dead_bias)
        self.mid = nn.ModuleList(nn.Linear(hidden, hidden) for _ in range(hidden_layers))
        self.head = nn.Linear(hidden, classes)

    def forward(self, ids: Tensor) -> Tensor:
        h = F.relu(self.conv(self.ax))
        for layer in self.mid:
            h = F.relu(layer(self.adj @ h))
        return self.head(self.adj[ids] @ h)


@lru_cache(maxsize=None)
def paired_views(n: int = 6000, seed: int = 102, *, latent: int = 32, dim: int = 32, noise: float = 0.3,
                 drop: float = 0.3, n_val: int = 512, batch_size: int = 64, train_rows: int | None = None) -> Data:  # fmt: skip
    """Items made from a latent vector z (``latent`` dimensions) as tanh(z M) in ``dim`` dimensions, seen
    through two views: each its own noise and a random ``drop`` of its features zeroed. The input of row r is
    its two views (r, 2, dim), the target the item's index (the loss pairs the two views of a row; no label).
    ``train_rows``: keep only that many training items."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    z = torch.randn(total, latent, generator=g)
    item = torch.tanh(z @ torch.randn(latent, dim, generator=g) / math.sqrt(latent) * 2)
    views = item[:, None, :] + noise * torch.randn(total, 2, dim, generator=g)
    views = views * (torch.rand(total, 2, dim, generator=g) >= drop)
    data = split(views, torch.arange(total), n, "contrastive", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class PairEncoder(nn.Module):
    """A ReLU MLP encoder applied to both views of each row, then a linear projection (the head) and, unless
    ``normalize`` is off, L2 normalisation. ``dead_bias`` < 0 starts the last hidden layer's biases there."""

    def __init__(self, dim: int = 32, hidden: int = 64, out: int = 16, layers: int = 2, normalize: bool = True,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.body = mlp([dim] + [hidden] * layers)
        if dead_bias:
            with torch.no_grad():
                self.body[-1].bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, out)
        self.normalize = normalize

    def forward(self, x: Tensor) -> Tensor:
        z = self.head(F.relu(self.body(x)))
        return F.normalize(z, dim=-1) if self.normalize else z


TEMPERATURE = 0.1
"""The InfoNCE temperature of the contrastive family."""


def info_nce(out: Tensor, y: Tensor) -> Tensor:
    """Symmetric InfoNCE over the batch: cross-entropy of each row's first view against every row's second
    view (similarities / ``TEMPERATURE``), the row's own second view the target, and the other way round."""
    logits = out[:, 0] @ out[:, 1].T / TEMPERATURE
    target = torch.arange(len(logits))
    return 0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target))


def info_nce_summed(out: Tensor, y: Tensor) -> Tensor:
    """InfoNCE summed over the batch's rows (reduction='sum')."""
    return info_nce(out, y) * len(out)


def info_nce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """InfoNCE written by hand: exp of the similarities without subtracting their max, so a similarity past
    ~88 x the temperature is inf in float32 and inf / inf is NaN (the embeddings must not be normalised)."""
    e = torch.exp(out[:, 0] @ out[:, 1].T / TEMPERATURE)
    return -torch.log(torch.diagonal(e) / e.sum(1)).mean()


def info_nce_first_view(out: Tensor, y: Tensor) -> Tensor:
    """One-sided InfoNCE (first view against the second), with log-sum-exp: the safe ``info_nce_by_hand``."""
    logits = out[:, 0] @ out[:, 1].T / TEMPERATURE
    return F.cross_entropy(logits, torch.arange(len(logits)))


def held_out_info_nce(out: Tensor, y: Tensor, block: int = 64) -> Tensor:
    """InfoNCE of the validation set in blocks of ``block`` rows (a training batch's size), averaged: the
    contrastive family's held-out loss."""
    parts = [info_nce(out[k : k + block], y) for k in range(0, len(out) - block + 1, block)]
    return torch.stack(parts).mean()


@lru_cache(maxsize=None)
def seasonal_windows(n: int = 6000, seed: int = 103, *, window: int = 32, horizon: int = 8, periods: tuple[int, ...] = (7, 24),
                     noise: float = 0.35, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                     nan_rows: int = 0) -> Data:  # fmt: skip
    """Windows of multi-seasonal series: per window a cycle of each of ``periods`` (random amplitude 0.3-1.3 and
    phase), a random linear trend and AR(1) noise (coefficient 0.6, scale ``noise``); the input is the first
    ``window`` values, the target the ``horizon`` next ones (forecasting), standardised by the training std.
    ``train_rows``: keep only that many training windows; ``nan_rows``: that many training targets hold a NaN
    (a gap in the series exported as NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.arange(window + horizon, dtype=torch.float32)
    s = torch.zeros(total, window + horizon)
    for p in periods:
        amp = 0.3 + torch.rand(total, 1, generator=g)
        phase = 2 * math.pi * torch.rand(total, 1, generator=g)
        s += amp * torch.sin(2 * math.pi * t / p + phase)
    s += 0.5 * torch.randn(total, 1, generator=g) * t / len(t) + 0.3 * torch.randn(total, 1, generator=g)
    eps = noise * torch.randn(total, window + horizon, generator=g)
    ar = torch.zeros(total)
    for k in range(window + horizon):
        ar = 0.6 * ar + eps[:, k]
        s[:, k] += ar
    s = s / s[:n].std()
    x, y = s[:, :window], s[:, window:].clone()
    if nan_rows:
        y[torch.randperm(n, generator=g)[:nan_rows], -1] = float("nan")
    data = split(x, y, n, "regression", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class CausalTCN(nn.Module):
    """A temporal convolution network: a 1x1 input convolution, ``levels`` causal convolutions (kernel 3,
    dilation 1, 2, 4, ...; ReLU; residual) and a linear head from the last time step's features to the
    ``horizon`` next values."""

    def __init__(self, width: int = 16, levels: int = 4, horizon: int = 8) -> None:
        super().__init__()
        self.inp = nn.Conv1d(1, width, 1)
        self.convs = nn.ModuleList(nn.Conv1d(width, width, 3, dilation=2**k) for k in range(levels))
        self.head = nn.Linear(width, horizon)

    def forward(self, x: Tensor) -> Tensor:
        h = self.inp(x.unsqueeze(1))
        for conv in self.convs:
            h = h + F.relu(conv(F.pad(h, (2 * conv.dilation[0], 0))))
        return self.head(h[:, :, -1])


class SeriesRNN(nn.Module):
    """A recurrent forecaster (rnn | gru) over the window's values, a linear head from its last state to the
    ``horizon`` next values; a vanilla RNN's recurrent weights start orthogonal times ``gain``."""

    def __init__(self, kind: str = "gru", hidden: int = 32, horizon: int = 8, gain: float = 1.0) -> None:
        super().__init__()
        self.rnn = {"gru": nn.GRU, "rnn": nn.RNN}[kind](1, hidden, batch_first=True)
        if kind == "rnn":
            with torch.no_grad():
                nn.init.orthogonal_(self.rnn.weight_hh_l0, gain=gain)
        self.head = nn.Linear(hidden, horizon)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.rnn(x.unsqueeze(-1))
        return self.head(h[:, -1])


def huber(out: Tensor, y: Tensor) -> Tensor:
    return F.huber_loss(out, y)


@lru_cache(maxsize=None)
def tagged_docs(n: int = 6000, seed: int = 104, *, vocab: int = 400, tags: int = 24, length: int = 32, keywords: int = 10,
                topical: float = 0.3, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                tag_seed: int = 104) -> Data:  # fmt: skip
    """Documents of ``length`` token ids with 1 to 4 of ``tags`` tags each: every tag owns ``keywords`` tokens
    (a few shared with another tag); each token of a document is, with probability ``topical``, a keyword of
    one of its tags, else a Zipf-distributed background token. The target is the multi-hot tag vector (float):
    multi-label classification, binary cross-entropy per tag. ``train_rows``: keep only that many documents.
    The tags' keywords are drawn with ``tag_seed``, the documents with ``seed`` (another seed: new documents
    of the same tags)."""
    owned = torch.randint(vocab, (tags, keywords), generator=torch.Generator().manual_seed(tag_seed))
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    count = 1 + torch.randint(4, (total,), generator=g)
    scores = torch.rand(total, tags, generator=g)
    rank = scores.argsort(1).argsort(1)
    y = (rank < count[:, None]).float()
    # each position: a keyword of one of the doc's tags (chosen uniformly among them) or background
    pick = torch.multinomial(y, length, replacement=True, generator=g)
    keyword = owned[pick, torch.randint(keywords, (total, length), generator=g)]
    zipf = 1.0 / torch.arange(1, vocab + 1, dtype=torch.float32)
    background = torch.multinomial(zipf, total * length, replacement=True, generator=g).view(total, length)
    x = torch.where(torch.rand(total, length, generator=g) < topical, keyword, background)
    data = split(x, y, n, "multilabel", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TagBagMLP(nn.Module):
    """An EmbeddingBag (the mean of the token embeddings), ``layers`` ReLU hidden layers and a linear head with
    one logit per tag. ``dead_bias`` < 0 starts the last hidden layer's biases there (its units never fire)."""

    def __init__(self, vocab: int = 400, tags: int = 24, dim: int = 32, hidden: int = 64, layers: int = 1,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.bag = nn.EmbeddingBag(vocab, dim, mode="mean")
        self.body = nn.Sequential(*(m for k in range(layers) for m in (nn.Linear(dim if k == 0 else hidden, hidden), nn.ReLU())))
        if dead_bias:
            with torch.no_grad():
                self.body[-2].bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, tags)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.body(self.bag(x)))


def bce_logits(out: Tensor, y: Tensor) -> Tensor:
    return F.binary_cross_entropy_with_logits(out, y)


def bce_logits_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy summed over rows and tags (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def bce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy per tag written by hand: once a logit passes ~17 (or -88), sigmoid is exactly 1.0
    (0.0) in float32 and ``log(1 - p)`` (``log(p)``) is log(0) = -inf; times a target of 0 that is NaN."""
    p = torch.sigmoid(out)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


@lru_cache(maxsize=None)
def pretrained_tagger_weights() -> dict[str, Tensor]:
    """A TagBagMLP trained (unrecorded) for 800 Adam steps on the tagged documents."""
    from harness import Setup, train

    pretraining = Setup(name="tagger-pretraining", data=tagged_docs(), model=TagBagMLP, optimizer=torch.optim.Adam,
                        lr=0.01, steps=800, seed=5, shuffle_offset=3000, loss_fn=bce_logits)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_tagger() -> TagBagMLP:
    """A TagBagMLP with the pretrained weights (a fine-tune starts from them)."""
    model = TagBagMLP()
    model.load_state_dict(pretrained_tagger_weights())
    return model


# --------------------------------------------------------------------------- third fresh half (fresh3, held out from all tuning)


SEG_CLASSES = 3


@lru_cache(maxsize=None)
def shape_masks(n: int = 2000, seed: int = 111, *, size: int = 12, noise: float = 0.5, n_val: int = 300,
                batch_size: int = 16, train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Per-pixel segmentation of ``size`` x ``size`` images holding 1-3 shapes: filled rectangles (class 1) and
    discs (class 2) on background (class 0), drawn at random places and sizes with random brightness (the two
    kinds alike in brightness: the shape tells them apart), plus Gaussian noise. The input is (1, size, size),
    the target the (size, size) mask of classes. ``train_rows``: keep only that many training images;
    ``nan_rows``: that share of the training images has one pixel NaN (a dead sensor pixel exported as NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    yy, xx = torch.meshgrid(torch.arange(size, dtype=torch.float32), torch.arange(size, dtype=torch.float32), indexing="ij")
    mask = torch.zeros(total, size, size, dtype=torch.long)
    img = torch.zeros(total, size, size)
    for k in range(3):
        present = torch.rand(total, generator=g) < (1.0 if k == 0 else 0.5)
        kind = 1 + torch.randint(2, (total,), generator=g)
        cx = 2 + (size - 4) * torch.rand(total, 1, 1, generator=g)
        cy = 2 + (size - 4) * torch.rand(total, 1, 1, generator=g)
        r = 1.6 + 1.6 * torch.rand(total, 1, 1, generator=g)
        disc = (xx - cx) ** 2 + (yy - cy) ** 2 <= r**2
        rect = ((xx - cx).abs() <= r * 0.9) & ((yy - cy).abs() <= r * 0.6)
        inside = torch.where((kind == 1)[:, None, None], rect, disc) & present[:, None, None]
        mask = torch.where(inside, kind[:, None, None], mask)
        bright = 0.8 + 0.6 * torch.rand(total, 1, 1, generator=g)
        img = torch.where(inside, bright.expand_as(img), img)
    img = img + noise * torch.randn(total, size, size, generator=g)
    x = img[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 4, 6] = float("nan")
    data = split(x, mask, n, "segmentation", SEG_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SEG_CLASSES, batch_size)
    return data


class TinyUNet(nn.Module):
    """A two-level U-Net: two 3x3 conv blocks (ReLU) at full and half resolution, an upsampling back to full
    resolution, the skip connection concatenated, a 3x3 conv (ReLU) and a linear head per pixel over the
    channels (the logits channel-last: (N, H, W, classes)). ``dead_bias`` < 0 starts the decoder conv's biases
    there (its units never fire); ``depth`` > 1 repeats the bottleneck conv (no normalisation)."""

    def __init__(self, width: int = 8, classes: int = SEG_CLASSES, dead_bias: float = 0.0, depth: int = 1) -> None:
        super().__init__()
        self.enc1 = nn.Conv2d(1, width, 3, padding=1)
        self.enc2 = nn.ModuleList(nn.Conv2d(width if k == 0 else 2 * width, 2 * width, 3, padding=1) for k in range(depth))
        self.up = nn.ConvTranspose2d(2 * width, width, 2, stride=2)
        self.dec = nn.Conv2d(2 * width, width, 3, padding=1)
        if dead_bias:
            with torch.no_grad():
                self.dec.bias.fill_(dead_bias)
        self.head = nn.Linear(width, classes)

    def forward(self, x: Tensor) -> Tensor:
        a = F.relu(self.enc1(x))
        b = F.max_pool2d(a, 2)
        for conv in self.enc2:
            b = F.relu(conv(b))
        u = self.up(b)
        d = F.relu(self.dec(torch.cat([a, u], 1)))
        return self.head(d.permute(0, 2, 3, 1))


def pixel_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Per-pixel cross-entropy summed over the batch's pixels (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


REV_VOCAB, REV_LEN = 8, 7
BOS = REV_VOCAB


@lru_cache(maxsize=None)
def reversal_pairs(n: int = 6000, seed: int = 112, *, vocab: int = REV_VOCAB, length: int = REV_LEN, n_val: int = 600,
                   batch_size: int = 32, train_rows: int | None = None, task: str = "reverse") -> Data:  # fmt: skip
    """Sequence-to-sequence: a source of ``length`` random tokens of ``vocab``, its target the source reversed
    (``task`` "sort": sorted). The input row is the source then the decoder's input (BOS and the target but
    its last token: teacher forcing), the target row the target tokens."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    src = torch.randint(vocab, (total, length), generator=g)
    tgt = src.flip(1) if task == "reverse" else src.sort(1).values
    dec_in = torch.cat([torch.full((total, 1), BOS), tgt[:, :-1]], 1)
    data = split(torch.cat([src, dec_in], 1), tgt, n, "seq2seq", vocab, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, vocab, batch_size)
    return data


class Seq2Seq(nn.Module):
    """A recurrent encoder-decoder (gru | rnn | lstm): the encoder reads the source, its last state starts the
    decoder, which reads its teacher-forced input; a linear head over the vocabulary at each target position.
    A vanilla RNN's recurrent weights start orthogonal times ``gain``."""

    def __init__(self, kind: str = "gru", hidden: int = 48, vocab: int = REV_VOCAB, length: int = REV_LEN,
                 gain: float = 1.0) -> None:  # fmt: skip
        super().__init__()
        cell = {"gru": nn.GRU, "rnn": nn.RNN, "lstm": nn.LSTM}[kind]
        self.length = length
        self.embed = nn.Embedding(vocab + 1, 32)
        self.enc = cell(32, hidden, batch_first=True)
        self.dec = cell(32, hidden, batch_first=True)
        if kind == "rnn":
            with torch.no_grad():
                nn.init.orthogonal_(self.enc.weight_hh_l0, gain=gain)
                nn.init.orthogonal_(self.dec.weight_hh_l0, gain=gain)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x: Tensor) -> Tensor:
        e = self.embed(x)
        _, state = self.enc(e[:, : self.length])
        h, _ = self.dec(e[:, self.length :], state)
        return self.head(h)


POINT_SHAPES = 4


@lru_cache(maxsize=None)
def point_clouds(n: int = 4000, seed: int = 113, *, points: int = 32, noise: float = 0.08, n_val: int = 600,
                 batch_size: int = 32, train_rows: int | None = None, flip: float = 0.05) -> Data:  # fmt: skip
    """Sets of ``points`` 2-D points sampled from one of four shapes (a circle, a square's outline, a cross,
    two separate blobs), randomly rotated, scaled and shifted, plus noise, then centred; the points in random order (a set:
    the model must not depend on it). ``flip`` of the labels random; ``train_rows``: keep only that many."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(POINT_SHAPES, (total,), generator=g)
    u = torch.rand(total, points, generator=g)
    side = torch.randint(4, (total, points), generator=g)
    circle = torch.stack([torch.cos(2 * math.pi * u), torch.sin(2 * math.pi * u)], -1)
    t = 2 * u - 1
    sq = torch.stack([torch.where(side < 2, t, torch.where(side == 2, torch.ones_like(t), -torch.ones_like(t))),
                      torch.where(side < 2, torch.where(side == 0, torch.ones_like(t), -torch.ones_like(t)), t)], -1)  # fmt: skip
    arm = (side % 2 == 0)
    cross = torch.stack([torch.where(arm, 1.2 * t, torch.zeros_like(t)), torch.where(arm, torch.zeros_like(t), 1.2 * t)], -1)
    centre = torch.where((side % 2 == 0)[..., None], torch.tensor([0.9, 0.0]), torch.tensor([-0.9, 0.0]))
    blobs = centre + 0.3 * torch.randn(total, points, 2, generator=g)
    pts = torch.stack([circle, sq, cross, blobs], 1)[torch.arange(total), y]
    angle = 2 * math.pi * torch.rand(total, generator=g)
    rot = torch.stack([torch.stack([angle.cos(), -angle.sin()], -1), torch.stack([angle.sin(), angle.cos()], -1)], -2)
    pts = pts @ rot * (0.6 + 0.8 * torch.rand(total, 1, 1, generator=g)) + 0.5 * torch.randn(total, 1, 2, generator=g)
    pts = pts + noise * torch.randn(total, points, 2, generator=g)
    pts = pts - pts.mean(1, keepdim=True)
    data = split(pts, flip_labels(y, POINT_SHAPES, flip, g), n, "classification", POINT_SHAPES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, POINT_SHAPES, batch_size)
    return data


class DeepSets(nn.Module):
    """A PointNet / DeepSets set classifier: a shared per-point ReLU MLP (2 -> width -> 2 width), max (or mean)
    pooling over the points, a ReLU MLP and a linear head. ``dead_bias`` < 0 starts the per-point MLP's first
    biases there (its units never fire)."""

    def __init__(self, width: int = 32, classes: int = POINT_SHAPES, pool: str = "max", dead_bias: float = 0.0) -> None:
        super().__init__()
        self.point = mlp([2, width, 2 * width])
        if dead_bias:
            with torch.no_grad():
                self.point[0].bias.fill_(dead_bias)
        self.pool = pool
        self.mid = nn.Linear(2 * width, width)
        self.head = nn.Linear(width, classes)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.point(x))
        z = h.max(1).values if self.pool == "max" else h.mean(1)
        return self.head(F.relu(self.mid(z)))


KD_CLASSES, KD_T = 5, 4.0
"""The distillation family's classes and temperature."""


@lru_cache(maxsize=None)
def teacher_table(n: int = 6000, seed: int = 114, *, features: int = 20, n_val: int = 1000, batch_size: int = 64,
                  train_rows: int | None = None, flip: float = 0.1, nan_rows: int = 0) -> Data:  # fmt: skip
    """Knowledge distillation on a table: ``features`` standardised columns (correlated), a fixed random teacher
    (a ReLU MLP 20-64-64-5, its logits centred per class and scaled to a spread of ~4) and the hard label (the
    teacher's argmax, ``flip`` of them random). The target row is the teacher's 5 logits then the label (as a
    float). ``train_rows``: keep only that many training rows; ``nan_rows``: that many training rows have NaN
    teacher logits (soft labels precomputed by a teacher that overflowed on a few inputs)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, features, generator=g) @ (torch.eye(features) + 0.3 * torch.randn(features, features, generator=g))
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    w1 = torch.randn(features, 64, generator=g) / math.sqrt(features)
    w2 = torch.randn(64, 64, generator=g) / math.sqrt(32)
    w3 = torch.randn(64, KD_CLASSES, generator=g) / math.sqrt(32)
    logits = F.relu(F.relu(x @ w1) @ w2) @ w3
    logits = logits - logits[:n].mean(0)
    logits = 4 * (logits - logits.mean(1, keepdim=True)) / logits.std()
    label = flip_labels(logits.argmax(1), KD_CLASSES, flip, g)
    y = torch.cat([logits, label[:, None].float()], 1)
    if nan_rows:
        y[torch.randperm(n, generator=g)[:nan_rows], :KD_CLASSES] = float("nan")
    data = split(x, y, n, "distillation", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


def student_mlp(hidden: int = 48, layers: int = 2, features: int = 20, act: type[nn.Module] = nn.ReLU) -> nn.Sequential:
    """The student: a ReLU MLP of ``layers`` hidden layers and a linear head of 5 logits."""
    return mlp([features] + [hidden] * layers + [KD_CLASSES], act)


def kd_loss(out: Tensor, y: Tensor, alpha: float = 0.7) -> Tensor:
    """Hinton's distillation loss: ``alpha`` x T^2 KL(teacher || student) of the softmaxes at temperature T, plus
    (1 - ``alpha``) x cross-entropy with the hard label; the batch mean."""
    teacher, label = y[:, :KD_CLASSES], y[:, KD_CLASSES].long()
    kl = F.kl_div(F.log_softmax(out / KD_T, -1), F.log_softmax(teacher / KD_T, -1), reduction="batchmean", log_target=True)
    return alpha * KD_T**2 * kl + (1 - alpha) * F.cross_entropy(out, label)


def kd_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The distillation loss summed over the batch's rows (reduction='sum')."""
    return kd_loss(out, y) * len(out)


def uniform_kd_loss() -> float:
    """The distillation loss of a student that outputs equal logits (knows nothing) on the training rows."""
    y = teacher_table().y
    return float(kd_loss(torch.zeros(len(y), KD_CLASSES), y))



def dead_pooled_deepsets(bias: float = -6.0) -> DeepSets:
    """A DeepSets whose MLP after the pooling starts with its biases at ``bias``: its units never fire, so no
    gradient reaches any weight (the per-point MLP, that layer or the head)."""
    model = DeepSets()
    with torch.no_grad():
        model.mid.bias.fill_(bias)
    return model


# --------------------------------------------------------------------------- fourth fresh half (fresh4, held out from all tuning)


VAE_SIZE, VAE_LATENT = 12, 8


@lru_cache(maxsize=None)
def blob_images(n: int = 4000, seed: int = 121, *, size: int = VAE_SIZE, n_val: int = 600, batch_size: int = 32,
                train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Images for a VAE: ``size`` x ``size`` grey images (flattened) of a Gaussian blob at a random place and
    width plus, in half of them, a horizontal or vertical bar; values in [0, 1] (Bernoulli means). The target is
    the image itself. ``train_rows``: keep only that many training images; ``nan_rows``: that share of the
    training images has one pixel NaN (a corrupted file)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    c = torch.arange(size, dtype=torch.float32)
    yy, xx = torch.meshgrid(c, c, indexing="ij")
    cx = 2 + (size - 5) * torch.rand(total, 1, 1, generator=g)
    cy = 2 + (size - 5) * torch.rand(total, 1, 1, generator=g)
    w = 1.0 + 1.5 * torch.rand(total, 1, 1, generator=g)
    img = torch.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * w**2))
    bar = torch.rand(total, generator=g) < 0.5
    vertical = torch.rand(total, generator=g) < 0.5
    at = torch.randint(1, size - 1, (total, 1, 1), generator=g).float()
    line = torch.where(vertical[:, None, None], (xx - at).abs() < 0.6, (yy - at).abs() < 0.6) & bar[:, None, None]
    img = torch.clamp(torch.where(line, torch.full_like(img, 0.9), img), 0, 1).reshape(total, size * size)
    x = img.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5 * size + 7] = float("nan")
    data = split(x, img, n, "vae", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MLPVAE(nn.Module):
    """An MLP VAE: encoder ``pixels`` -> ``hidden`` (ReLU, ``depth`` layers) -> mean and log-variance of a
    ``latent``-dim Gaussian; z = mean + sigma * noise in training (the mean in eval mode); decoder latent ->
    hidden (ReLU, ``depth`` layers) -> the pixels' Bernoulli logits. The output row is the logits, the mean and the
    log-variance concatenated. ``dead_bias`` < 0 starts the encoder's and decoder's last hidden biases there
    (their units never fire)."""

    def __init__(self, hidden: int = 128, latent: int = VAE_LATENT, pixels: int = VAE_SIZE**2, depth: int = 1,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.latent = latent
        self.enc = mlp([pixels] + [hidden] * depth)
        self.mid = nn.Linear(hidden, 2 * latent)
        self.dec = mlp([latent] + [hidden] * depth)
        self.head = nn.Linear(hidden, pixels)
        if dead_bias:
            with torch.no_grad():
                self.enc[-1].bias.fill_(dead_bias)
                self.dec[-1].bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        stats = self.mid(F.relu(self.enc(x)))
        mu, logvar = stats[:, : self.latent], stats[:, self.latent :]
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu) if self.training else mu
        return torch.cat([self.head(F.relu(self.dec(z))), stats], 1)


def elbo_terms(out: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    """The VAE's two loss terms per image (batch means): Bernoulli reconstruction (BCE with logits summed over the
    pixels) and KL(q(z|x) || N(0, I)) summed over the latent dimensions."""
    pixels = y.shape[1]
    logits, stats = out[:, :pixels], out[:, pixels:]
    latent = stats.shape[1] // 2
    mu, logvar = stats[:, :latent], stats[:, latent:]
    rec = F.binary_cross_entropy_with_logits(logits, y, reduction="sum") / len(y)
    kl = -0.5 * (1 + logvar - mu**2 - logvar.exp()).sum() / len(y)
    return rec, kl


def neg_elbo(out: Tensor, y: Tensor) -> Tensor:
    """The VAE's loss per image: the negative ELBO, reconstruction plus KL."""
    rec, kl = elbo_terms(out, y)
    return rec + kl


def kl_annealed(steps: int) -> type:
    """A loss whose KL term's weight ramps linearly from 0 to 1 over ``steps`` calls (KL annealing, "beta warmup");
    the held-out loss stays the full negative ELBO."""

    class Annealed:
        def __init__(self) -> None:
            self.calls = 0

        def __call__(self, out: Tensor, y: Tensor) -> Tensor:
            self.calls += 1
            rec, kl = elbo_terms(out, y)
            return rec + min(1.0, self.calls / steps) * kl

    return Annealed


def mean_image_loss() -> float:
    """The VAE loss of a model that ignores its input: the pixels' Bernoulli loss of the training mean image (KL 0),
    the level a collapsed VAE sits at."""
    y = blob_images().y
    p = y.mean(0, keepdim=True).clamp(1e-4, 1 - 1e-4).expand_as(y)
    return float(F.binary_cross_entropy(p, y, reduction="sum") / len(y))


MLM_VOCAB, MLM_LEN = 24, 16
MASK = MLM_VOCAB


@lru_cache(maxsize=None)
def mirrored_tokens(n: int = 8000, seed: int = 122, *, vocab: int = MLM_VOCAB, length: int = MLM_LEN, topics: int = 4,
                    n_val: int = 800, batch_size: int = 32, rate: float = 0.15) -> Data:  # fmt: skip
    """A masked-LM task: sequences of ``length`` tokens of ``vocab`` whose first half is drawn from one of
    ``topics`` peaked laws over the vocabulary, the second half the first reversed and mapped through a fixed
    pairing of the tokens (each position kept at 85%, else a fresh topic draw). Each position is masked at
    ``rate`` (at least one per sequence), BERT style: 80% replaced by [MASK] (token ``vocab``), 10% by a random
    token, 10% kept. The target is the original token at the masked positions, -100 (ignored) elsewhere (so the
    accuracy columns the harness logs count the unmasked positions as misses: 15% of a perfect model's)."""
    g = torch.Generator().manual_seed(seed)
    total, half = n + n_val, length // 2
    laws = torch.softmax(2.0 * torch.randn(topics, vocab, generator=g), 1)
    topic = torch.randint(topics, (total,), generator=g)
    first = torch.multinomial(laws[topic], half, replacement=True, generator=g)
    pairing = torch.randperm(vocab, generator=g)
    mirror = pairing[first.flip(1)]
    keep = torch.rand(total, half, generator=g) < 0.85
    second = torch.where(keep, mirror, torch.multinomial(laws[topic], half, replacement=True, generator=g))
    tokens = torch.cat([first, second], 1)
    masked = torch.rand(total, length, generator=g) < rate
    masked[torch.arange(total), torch.randint(length, (total,), generator=g)] = True
    how = torch.rand(total, length, generator=g)
    x = torch.where(masked & (how < 0.8), torch.full_like(tokens, MASK), tokens)
    x = torch.where(masked & (how >= 0.8) & (how < 0.9), torch.randint(vocab, tokens.shape, generator=g), x)
    y = torch.where(masked, tokens, torch.full_like(tokens, -100))
    return split(x, y, n, "masked_language_model", vocab, batch_size)


class MaskedLM(nn.Module):
    """A BERT-style encoder: token ([MASK] included) and learned position embeddings, ``layers`` bidirectional
    TinyBlocks (post-LN by default, as BERT; pre-LN with a final LayerNorm), a linear head over the vocabulary at
    every position."""

    def __init__(self, pre_ln: bool = False, d: int = 32, layers: int = 2, vocab: int = MLM_VOCAB,
                 length: int = MLM_LEN) -> None:  # fmt: skip
        super().__init__()
        self.embed = nn.Embedding(vocab + 1, d)
        self.pos = nn.Parameter(torch.randn(length, d) * 0.02)
        self.blocks = nn.Sequential(*(TinyBlock(d, pre_ln=pre_ln, causal=False) for _ in range(layers)))
        self.norm: nn.Module = nn.LayerNorm(d) if pre_ln else nn.Identity()
        self.head = nn.Linear(d, vocab)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.norm(self.blocks(self.embed(x) + self.pos[: x.shape[1]])))


DET_CLASSES, DET_SIZE = 3, 16


@lru_cache(maxsize=None)
def object_boxes(n: int = 4000, seed: int = 123, *, size: int = DET_SIZE, noise: float = 0.3, n_val: int = 600,
                 batch_size: int = 32, train_rows: int | None = None, nan_boxes: int = 0) -> Data:  # fmt: skip
    """Single-object detection: a ``size`` x ``size`` image holding one filled square, disc or plus (three
    classes) at a random place and size, random brightness, plus noise. The target row is the class (as a float)
    then the box: centre x, centre y, width, height, in units of 4 pixels. ``train_rows``: keep only that many
    training images; ``nan_boxes``: that many training rows have a NaN box (an annotation missing, exported as
    NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    c = torch.arange(size, dtype=torch.float32)
    yy, xx = torch.meshgrid(c, c, indexing="ij")
    cls = torch.randint(DET_CLASSES, (total,), generator=g)
    r = 1.5 + 2.5 * torch.rand(total, generator=g)
    cx = r + 0.5 + (size - 2 * r - 1) * torch.rand(total, generator=g)
    cy = r + 0.5 + (size - 2 * r - 1) * torch.rand(total, generator=g)
    dx, dy = (xx - cx[:, None, None]).abs(), (yy - cy[:, None, None]).abs()
    rr = r[:, None, None]
    square = (dx <= rr) & (dy <= rr)
    disc = dx**2 + dy**2 <= rr**2
    plus = ((dx <= rr) & (dy <= rr * 0.35)) | ((dy <= rr) & (dx <= rr * 0.35))
    shape = torch.stack([square, disc, plus], 1)[torch.arange(total), cls]
    bright = 0.7 + 0.6 * torch.rand(total, 1, 1, generator=g)
    img = torch.where(shape, bright.expand(total, size, size), torch.zeros(total, size, size))
    img = img + noise * torch.randn(total, size, size, generator=g)
    x = img[:, None]
    y = torch.stack([cls.float(), cx / 4, cy / 4, 2 * r / 4, 2 * r / 4], 1)
    if nan_boxes:
        y[torch.randperm(n, generator=g)[:nan_boxes], 1:] = float("nan")
    data = split(x, y, n, "detection", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BoxNet(nn.Module):
    """A small detection CNN: two 3x3 conv blocks (ReLU, max pooling), a ReLU hidden layer and a linear head of 3
    class logits and 4 box values. ``dead_bias`` < 0 starts the hidden layer's biases there (its units never fire,
    so no gradient reaches a weight)."""

    def __init__(self, width: int = 16, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(width, 2 * width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        )  # fmt: skip
        self.fc = nn.Linear(2 * width * (DET_SIZE // 4) ** 2, hidden)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, DET_CLASSES + 4)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(F.relu(self.fc(self.features(x))))


def box_loss(out: Tensor, y: Tensor) -> Tensor:
    """The detection loss (batch mean): cross-entropy of the class plus smooth-L1 of the 4 box values."""
    return F.cross_entropy(out[:, :DET_CLASSES], y[:, 0].long()) + F.smooth_l1_loss(out[:, DET_CLASSES:], y[:, 1:])


def box_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The detection loss summed over the batch (reduction='sum' in both terms)."""
    return (F.cross_entropy(out[:, :DET_CLASSES], y[:, 0].long(), reduction="sum")
            + F.smooth_l1_loss(out[:, DET_CLASSES:], y[:, 1:], reduction="sum") / 4)  # fmt: skip


def prior_box_loss() -> float:
    """The detection loss of a model that ignores the image: the class prior and the mean box of the training set."""
    y = object_boxes().y
    prior = torch.bincount(y[:, 0].long(), minlength=DET_CLASSES).float() / len(y)
    out = torch.cat([prior.log().expand(len(y), DET_CLASSES), y[:, 1:].mean(0).expand(len(y), 4)], 1)
    return float(box_loss(out, y))


SG_VOCAB, SG_NEG = 200, 5


@lru_cache(maxsize=None)
def skipgram_pairs(n: int = 40000, seed: int = 124, *, vocab: int = SG_VOCAB, topics: int = 10, doc_len: int = 20,
                   window: int = 2, negatives: int = SG_NEG, n_val: int = 5000, batch_size: int = 128) -> Data:  # fmt: skip
    """Skip-gram with negative sampling: documents of ``doc_len`` words, each word from the document's topic (a
    peaked law over ``vocab`` words) or, at 30%, from the background unigram law (Zipf); pairs of a centre word and
    a context word within ``window`` of it, each with ``negatives`` words drawn from the unigram law to the 3/4
    (fixed once). The input row is (centre, context, negatives ...), the target row (1, 0, ...)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    docs = total // (2 * window * (doc_len - 2 * window)) + 1
    zipf = 1.0 / torch.arange(1, vocab + 1, dtype=torch.float32)
    zipf = zipf / zipf.sum()
    laws = torch.softmax(3.0 * torch.randn(topics, vocab, generator=g), 1)
    topic = torch.randint(topics, (docs,), generator=g)
    topical = torch.multinomial(laws[topic], doc_len, replacement=True, generator=g)
    background = torch.multinomial(zipf, docs * doc_len, replacement=True, generator=g).view(docs, doc_len)
    words = torch.where(torch.rand(docs, doc_len, generator=g) < 0.7, topical, background)
    centres, contexts = [], []
    for off in [o for o in range(-window, window + 1) if o]:
        centres.append(words[:, window : doc_len - window].reshape(-1))
        contexts.append(words[:, window + off : doc_len - window + off].reshape(-1))
    c, ctx = torch.cat(centres), torch.cat(contexts)
    order = torch.randperm(len(c), generator=g)[:total]
    c, ctx = c[order], ctx[order]
    unigram = torch.bincount(words.reshape(-1), minlength=vocab).float() ** 0.75
    neg = torch.multinomial(unigram / unigram.sum(), total * negatives, replacement=True, generator=g).view(total, negatives)
    x = torch.cat([c[:, None], ctx[:, None], neg], 1)
    y = torch.zeros(total, 1 + negatives)
    y[:, 0] = 1.0
    return split(x, y, n, "embedding", None, batch_size)


class SkipGram(nn.Module):
    """Word2vec's skip-gram: an input and an output embedding table of ``dim``; the logits of a row are the dot
    products of the centre word's input vector with the output vectors of its context and negatives. The input
    vectors start uniform in +-0.5 / dim (as word2vec's), the output vectors at 0.01 x N(0, 1) (word2vec: zeros)."""

    def __init__(self, vocab: int = SG_VOCAB, dim: int = 32) -> None:
        super().__init__()
        self.inp = nn.Embedding(vocab, dim)
        self.out = nn.Embedding(vocab, dim)
        with torch.no_grad():
            self.inp.weight.uniform_(-0.5 / dim, 0.5 / dim)
            self.out.weight.normal_(0.0, 0.01)

    def forward(self, x: Tensor) -> Tensor:
        return (self.inp(x[:, :1]) * self.out(x[:, 1:])).sum(-1)


def sgns_loss(out: Tensor, y: Tensor) -> Tensor:
    """Negative sampling's loss: BCE with logits of the positive pair (target 1) and the negatives (0), the mean
    over the batch's rows of their sum over the row's pairs."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum") / len(out)


def sgns_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """Negative sampling's loss summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


# --------------------------------------------------------------------------- fifth fresh half (fresh5, held out from all tuning)


FLOW_DIM = 4


@lru_cache(maxsize=None)
def lifted_moons(n: int = 3000, seed: int = 131, *, noise: float = 0.06, lift_noise: float = 0.05, n_val: int = 600,
                 batch_size: int = 128, train_rows: int | None = None, nan_rows: float = 0.0,
                 nan_count: int = 0) -> Data:  # fmt: skip
    """A 4-D density for a normalizing flow: two interleaved half moons (Gaussian noise ``noise``) in the first two
    coordinates, the other two smooth functions of them plus Gaussian noise ``lift_noise`` (a thin curved sheet:
    its density is high, so a good model's negative log-likelihood is below 0). The target is the point itself (the
    loss does not read it). ``train_rows``: keep only that many training points; ``nan_rows``: that share of the
    training points, or ``nan_count`` of them, has a NaN coordinate (a corrupted record)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    theta = math.pi * torch.rand(total, generator=g)
    inner = torch.rand(total, generator=g) < 0.5
    u1 = torch.where(inner, 1 - torch.cos(theta), torch.cos(theta)) - 0.5
    u2 = torch.where(inner, 0.5 - torch.sin(theta), torch.sin(theta)) - 0.25
    u = 1.5 * torch.stack([u1, u2], 1) + noise * torch.randn(total, 2, generator=g)
    lift = torch.stack([torch.sin(2.0 * u[:, 0]), 0.8 * u[:, 0] * u[:, 1] + 0.3 * u[:, 1]], 1)
    x = torch.cat([u, lift + lift_noise * torch.randn(total, 2, generator=g)], 1)
    x = x - x[:n].mean(0)
    if nan_rows or nan_count:
        if nan_rows:
            bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        else:
            bad = torch.randperm(n, generator=g)[:nan_count]
        x[bad, 3] = float("nan")
    data = split(x, x.clone(), n, "density_estimation", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class Coupling(nn.Module):
    """A RealNVP affine coupling layer: the coordinates of ``mask`` are scaled and shifted, y = x exp(s) + t, by an
    MLP (``hidden`` units, ``layers`` ReLU layers) of the other coordinates; s = 2 tanh(raw / 2) keeps each scale
    within e^+-2. Returns y and the log-determinant (the sum of s over the masked coordinates)."""

    def __init__(self, mask: list[int], hidden: int = 48, layers: int = 2, dim: int = FLOW_DIM) -> None:
        super().__init__()
        self.register_buffer("mask", torch.tensor(mask, dtype=torch.float32))
        self.net = mlp([dim] + [hidden] * layers)
        self.head = nn.Linear(hidden, 2 * dim)

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        raw, t = self.head(F.relu(self.net(x * (1 - self.mask)))).chunk(2, 1)
        s = 2 * torch.tanh(raw / 2) * self.mask
        return x * (1 - self.mask) + self.mask * (x * torch.exp(s) + t), s.sum(1)


FLOW_MASKS = ((0, 0, 1, 1), (1, 0, 0, 0), (0, 1, 0, 0))


class RealNVP(nn.Module):
    """A RealNVP-style normalizing flow of ``FLOW_DIM``-D points to a standard normal: ``couplings`` affine
    coupling layers cycling through ``FLOW_MASKS`` (the lifted pair given the moons, then each moon coordinate
    given the rest). The output row is z and the total log-determinant. ``head_scale``: every coupling's output
    layer initialised that many times larger (weights and bias); ``dead_bias`` < 0 starts the last hidden layer of
    every coupling net at that bias (its units never fire: the flow is a fixed shift)."""

    def __init__(self, couplings: int = 6, hidden: int = 48, layers: int = 2, head_scale: float = 1.0,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.layers = nn.ModuleList(Coupling(list(FLOW_MASKS[k % len(FLOW_MASKS)]), hidden, layers) for k in range(couplings))
        with torch.no_grad():
            for c in self.layers:
                c.head.weight.mul_(head_scale)
                c.head.bias.mul_(head_scale)
                if dead_bias:
                    c.net[-1].bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        logdet = torch.zeros(len(x))
        for c in self.layers:
            x, ld = c(x)
            logdet = logdet + ld
        return torch.cat([x, logdet[:, None]], 1)


def flow_nll(out: Tensor, y: Tensor) -> Tensor:
    """The flow's negative log-likelihood per point (batch mean): -log N(z; 0, I) - log|det dz/dx|, in nats."""
    z, logdet = out[:, :-1], out[:, -1]
    return (0.5 * (z**2).sum(1) + 0.5 * z.shape[1] * math.log(2 * math.pi) - logdet).mean()


def flow_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The flow's negative log-likelihood summed over the batch (reduction='sum')."""
    return flow_nll(out, y) * len(out)


def gaussian_fit_nll() -> float:
    """The held-out NLL of the best Gaussian with a diagonal covariance (the training mean and variances): where a
    flow that learned no dependence between the coordinates sits."""
    d = lifted_moons()
    var = d.x.var(0)
    return float((0.5 * (d.val_x - d.x.mean(0)) ** 2 / var + 0.5 * torch.log(2 * math.pi * var)).sum(1).mean())


DIFF_DIM, DIFF_T = 8, 100


@lru_cache(maxsize=None)
def manifold_points(n: int = 4000, seed: int = 132, *, dim: int = DIFF_DIM, noise: float = 0.02, n_val: int = 600,
                    batch_size: int = 64, train_rows: int | None = None, nan_count: int = 0) -> Data:  # fmt: skip
    """Data for a diffusion model: ``dim``-D points on a curved 2-D surface (an angle and a height mapped through
    a fixed random linear map of (cos a, sin a, h cos 2a, h, h sin a)), plus Gaussian noise ``noise``, standardised.
    The target is the point itself. ``train_rows``: keep only that many training points; ``nan_count``: that many
    training points have a NaN coordinate (a corrupted record)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    a = 2 * math.pi * torch.rand(total, generator=g)
    h = 2 * torch.rand(total, generator=g) - 1
    z = torch.stack([torch.cos(a), torch.sin(a), h * torch.cos(2 * a), h, h * torch.sin(a)], 1)
    x = z @ torch.randn(5, dim, generator=g) + noise * torch.randn(total, dim, generator=g)
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    if nan_count:
        x[torch.randperm(n, generator=g)[:nan_count], 2] = float("nan")
    data = split(x, x.clone(), n, "diffusion", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


def ddpm_alpha_bar(steps: int = DIFF_T) -> Tensor:
    """The cumulative signal share of DDPM's linear noise schedule (betas 1e-3 .. 0.2 over ``steps`` timesteps)."""
    return torch.cumprod(1 - torch.linspace(1e-3, 0.2, steps), 0)


class Denoiser(nn.Module):
    """A DDPM noise-prediction MLP. In training mode each point gets a random timestep t and fresh Gaussian noise,
    x_t = sqrt(abar_t) x + sqrt(1 - abar_t) noise; in eval mode the timesteps and noise are drawn from a generator
    seeded the same every time (a fixed validation draw). The MLP (``hidden`` units, ``depth`` ReLU layers) reads
    x_t and a sinusoidal embedding of t; its linear head predicts the noise. The output row is the prediction and
    the noise drawn, side by side. ``dead_bias`` < 0 starts the last hidden layer's biases there."""

    def __init__(self, hidden: int = 128, depth: int = 3, dim: int = DIFF_DIM, embed: int = 16, dead_bias: float = 0.0,
                 act: type[nn.Module] = nn.ReLU) -> None:  # fmt: skip
        super().__init__()
        self.register_buffer("abar", ddpm_alpha_bar())
        self.register_buffer("freqs", torch.exp(torch.linspace(0, math.log(100.0), embed // 2)))
        self.net = mlp([dim + embed] + [hidden] * depth, act)
        self.act = act()
        self.head = nn.Linear(hidden, dim)
        if dead_bias:
            with torch.no_grad():
                self.net[-1].bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        g = None if self.training else torch.Generator().manual_seed(0)
        t = torch.randint(DIFF_T, (len(x),), generator=g)
        noise = torch.randn(x.shape, generator=g)
        ab = self.abar[t][:, None]
        xt = ab.sqrt() * x + (1 - ab).sqrt() * noise
        angle = (t[:, None].float() / DIFF_T) * self.freqs
        h = self.act(self.net(torch.cat([xt, torch.sin(angle), torch.cos(angle)], 1)))
        return torch.cat([self.head(h), noise], 1)


def noise_mse(out: Tensor, y: Tensor) -> Tensor:
    """DDPM's simple loss: the mean squared error of the predicted noise (over the batch and the coordinates)."""
    pred, noise = out.chunk(2, 1)
    return F.mse_loss(pred, noise)


def noise_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The noise MSE summed over the batch and the coordinates (reduction='sum')."""
    pred, noise = out.chunk(2, 1)
    return F.mse_loss(pred, noise, reduction="sum")


TRIPLET_CLASSES, TRIPLET_MARGIN, TRIPLET_DIM = 8, 1.0, 24


@lru_cache(maxsize=None)
def class_triplets(n: int = 4000, seed: int = 133, *, classes: int = TRIPLET_CLASSES, dim: int = TRIPLET_DIM,
                   latent: int = 6, spread: float = 1.0, noise: float = 0.35, n_val: int = 600, batch_size: int = 64,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Triplets for metric learning: points of ``classes`` classes, each class two sub-clusters in a ``latent``-D
    space (width ``spread``), mapped through a fixed random tanh layer into ``dim`` dimensions plus noise. A row
    is an anchor, a positive (another point of its class) and a negative (a point of another class), drawn once:
    shape (3, dim). The target is the anchor's class (the triplet loss does not read it). ``train_rows``: keep
    only that many training triplets."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    centres = 2.0 * torch.randn(classes, 2, latent, generator=g)
    mix = torch.randn(latent, dim, generator=g) / math.sqrt(latent)

    def points(cls: Tensor) -> Tensor:
        sub = torch.randint(2, cls.shape, generator=g)
        z = centres[cls, sub] + spread * torch.randn(len(cls), latent, generator=g)
        return torch.tanh(z @ mix) + noise * torch.randn(len(cls), dim, generator=g)

    anchor = torch.randint(classes, (total,), generator=g)
    other = (anchor + torch.randint(1, classes, (total,), generator=g)) % classes
    x = torch.stack([points(anchor), points(anchor), points(other)], 1)
    data = split(x, anchor, n, "metric_learning", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TripletEmbed(nn.Module):
    """An MLP embedding (``hidden`` units, ``layers`` ReLU layers, a linear head to ``out`` dimensions, no
    normalisation) applied to the anchor, positive and negative of each row. ``dead_bias`` < 0 starts the last
    hidden layer's biases there."""

    def __init__(self, dim: int = TRIPLET_DIM, hidden: int = 64, out: int = 16, layers: int = 2,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.body = mlp([dim] + [hidden] * layers)
        if dead_bias:
            with torch.no_grad():
                self.body[-1].bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, out)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(F.relu(self.body(x)))


TRIPLET = nn.TripletMarginLoss(margin=TRIPLET_MARGIN)
TRIPLET_SUMMED = nn.TripletMarginLoss(margin=TRIPLET_MARGIN, reduction="sum")


def triplet_loss(out: Tensor, y: Tensor) -> Tensor:
    """nn.TripletMarginLoss (margin ``TRIPLET_MARGIN``, Euclidean distance) of each row's anchor, positive and
    negative embeddings, the batch mean."""
    return TRIPLET(out[:, 0], out[:, 1], out[:, 2])


def triplet_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The triplet loss summed over the batch (reduction='sum')."""
    return TRIPLET_SUMMED(out[:, 0], out[:, 1], out[:, 2])


MOBILE_CLASSES, MOBILE_SIZE = 6, 16


@lru_cache(maxsize=None)
def pattern_images(n: int = 4000, seed: int = 134, *, size: int = MOBILE_SIZE, noise: float = 0.6, n_val: int = 600,
                   batch_size: int = 64, train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Small colour images (3 x ``size`` x ``size``) of six textures: horizontal, vertical or diagonal stripes, a
    checkerboard, a grid of dots, concentric rings; each at a random frequency and phase, in a random colour on a
    random background colour, plus noise. ``train_rows``: keep only that many training images; ``nan_rows``: that
    share of the training images has one NaN pixel (a corrupted file)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    c = torch.arange(size, dtype=torch.float32)
    yy, xx = torch.meshgrid(c, c, indexing="ij")
    cls = torch.randint(MOBILE_CLASSES, (total,), generator=g)
    freq = (0.5 + 0.6 * torch.rand(total, 1, 1, generator=g))
    phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
    cx, cy = (size * torch.rand(total, 1, 1, generator=g) for _ in range(2))
    waves = torch.stack([
        torch.sin(freq * yy + phase), torch.sin(freq * xx + phase), torch.sin(freq * (xx + yy) / 1.4 + phase),
        torch.sin(freq * xx + phase) * torch.sin(freq * yy + phase),
        (torch.cos(freq * xx + phase) + torch.cos(freq * yy + phase)).clamp(min=1.0) - 1.0,
        torch.sin(freq * ((xx - cx) ** 2 + (yy - cy) ** 2).sqrt() + phase),
    ], 1)[torch.arange(total), cls]  # fmt: skip
    fg, bg = torch.rand(total, 3, 1, 1, generator=g), torch.rand(total, 3, 1, 1, generator=g)
    img = bg + (fg - bg) * (0.5 + 0.5 * waves[:, None])
    x = (img - 0.5) / 0.3 + noise * torch.randn(total, 3, size, size, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1, 7, 9] = float("nan")
    data = split(x, cls, n, "classification", MOBILE_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MOBILE_CLASSES, batch_size)
    return data


def separable(cin: int, cout: int, stride: int, act: type[nn.Module]) -> nn.Sequential:
    """A depthwise-separable block: a 3x3 depthwise conv, BatchNorm, ``act``, a 1x1 pointwise conv, BatchNorm, ``act``."""
    return nn.Sequential(
        nn.Conv2d(cin, cin, 3, stride, padding=1, groups=cin, bias=False), nn.BatchNorm2d(cin), act(),
        nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout), act(),
    )  # fmt: skip


class TinyMobileNet(nn.Module):
    """A MobileNet-like CNN: a 3x3 stem (BatchNorm, ``act``), three depthwise-separable blocks (strides 2, 1, 2;
    ``width`` -> 2 ``width`` -> 4 ``width`` channels), global average pooling and a linear head. ``dead_bias`` < 0
    starts the last BatchNorm's shift there (the units after it never fire: with ReLU6 or Hardswish no gradient
    passes)."""

    def __init__(self, width: int = 16, classes: int = MOBILE_CLASSES, act: type[nn.Module] = nn.Hardswish,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), act(),
            separable(width, 2 * width, 2, act), separable(2 * width, 2 * width, 1, act),
            separable(2 * width, 4 * width, 2, act),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )  # fmt: skip
        if dead_bias:
            with torch.no_grad():
                self.features[-4][-2].bias.fill_(dead_bias)
        self.head = nn.Linear(4 * width, classes)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.features(x))


def smoothed_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy with label_smoothing=0.1 summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, label_smoothing=0.1, reduction="sum")


@lru_cache(maxsize=None)
def pretrained_mobile_weights() -> dict[str, Tensor]:
    """A TinyMobileNet trained (unrecorded) for 500 Adam steps on other images of the same textures."""
    from harness import Setup, smoothed_ce, train

    pretraining = Setup(name="mobile-pretraining", data=pattern_images(seed=144), model=TinyMobileNet,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=500, seed=5, shuffle_offset=3000,
                        loss_fn=smoothed_ce)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_mobile() -> TinyMobileNet:
    """A TinyMobileNet with the pretrained weights (a fine-tune starts from them)."""
    model = TinyMobileNet()
    model.load_state_dict(pretrained_mobile_weights())
    return model


# --------------------------------------------------------------------------- sixth fresh half (fresh6, held out from all tuning)


CTC_TOKENS, CTC_FRAMES, CTC_FEATURES, CTC_MAX_LABEL = 6, 24, 10, 5
"""Speech-like transcription for CTC: 6 tokens (and the blank, class 0), 24 feature frames of 10 features, labels
of 2-5 tokens."""


@lru_cache(maxsize=None)
def ctc_utterances(n: int = 4000, seed: int = 141, *, noise: float = 0.9, n_val: int = 600, batch_size: int = 32,
                   train_rows: int | None = None, truncated: int = 0) -> Data:  # fmt: skip
    """Synthetic "utterances" for a CTC model: each token of a 2-5 token label is spoken for 2-4 frames as its own
    feature prototype (a fixed random 10-D vector, its second half sliding over the segment like a formant
    transition), sometimes with a silence frame between tokens, all under a per-utterance gain, a random offset
    and Gaussian noise ``noise``; the rest of the 24 frames is silence. A target row holds the label length, the
    input length (frames) and the label padded with zeros. ``train_rows``: keep only that many training rows;
    ``truncated``: that many training utterances were cut to 3 frames (a clipped recording) with their full
    label left in place: CTC cannot align 4-5 tokens to 3 frames, so their loss is infinite."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    proto = torch.randn(CTC_TOKENS + 1, CTC_FEATURES, generator=g) * 1.2
    proto[0] = 0.0  # silence
    glide = torch.randn(CTC_TOKENS + 1, CTC_FEATURES, generator=g) * 0.5
    glide[0] = 0.0
    x = torch.zeros(total, CTC_FRAMES, CTC_FEATURES)
    y = torch.zeros(total, 2 + CTC_MAX_LABEL, dtype=torch.long)
    lengths = torch.randint(2, CTC_MAX_LABEL + 1, (total,), generator=g)
    tokens = torch.randint(1, CTC_TOKENS + 1, (total, CTC_MAX_LABEL), generator=g)
    durations = torch.randint(2, 5, (total, CTC_MAX_LABEL), generator=g)
    pauses = torch.rand(total, CTC_MAX_LABEL, generator=g) < 0.3
    for i in range(total):
        t = int(torch.randint(0, 3, (1,), generator=g))
        for k in range(int(lengths[i])):
            tok, d = int(tokens[i, k]), int(durations[i, k])
            for j in range(d):
                x[i, t] = proto[tok] + glide[tok] * (2 * j / max(1, d - 1) - 1)
                t += 1
            t += int(pauses[i, k])
        y[i, 0], y[i, 1] = lengths[i], CTC_FRAMES
        y[i, 2 : 2 + int(lengths[i])] = tokens[i, : int(lengths[i])]
    gain = 0.7 + 0.6 * torch.rand(total, 1, 1, generator=g)
    offset = 0.3 * torch.randn(total, 1, CTC_FEATURES, generator=g)
    x = gain * x + offset + noise * torch.randn(total, CTC_FRAMES, CTC_FEATURES, generator=g)
    if truncated:
        long = torch.nonzero(lengths[:n] >= 4).flatten()
        bad = long[torch.randperm(len(long), generator=g)[:truncated]]
        y[bad, 1] = 3
        x[bad, 3:] = noise * torch.randn(len(bad), CTC_FRAMES - 3, CTC_FEATURES, generator=g)
    data = split(x, y, n, "speech_recognition", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class CTCNet(nn.Module):
    """An acoustic-like CTC model: a 1-D convolution over the frames (ReLU), a recurrent layer (a bidirectional
    GRU, or with ``kind`` "rnn" a unidirectional vanilla tanh RNN whose recurrent weights start orthogonal times
    ``gain``) and a linear head over the blank and the tokens, per frame: (batch, frames, 7) logits."""

    def __init__(self, kind: str = "gru", hidden: int = 32, conv: int = 32, gain: float = 0.0) -> None:
        super().__init__()
        self.conv = nn.Conv1d(CTC_FEATURES, conv, 3, padding=1)
        if kind == "gru":
            self.rnn: nn.Module = nn.GRU(conv, hidden, batch_first=True, bidirectional=True)
            out = 2 * hidden
        else:
            self.rnn = nn.RNN(conv, hidden, batch_first=True)
            out = hidden
            if gain:
                with torch.no_grad():
                    nn.init.orthogonal_(self.rnn.weight_hh_l0, gain=gain)
        self.head = nn.Linear(out, CTC_TOKENS + 1)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.conv(x.transpose(1, 2))).transpose(1, 2)
        h, _ = self.rnn(h)
        return self.head(h)


def ctc_mean(out: Tensor, y: Tensor) -> Tensor:
    """nn.CTCLoss as most recipes call it: log_softmax over the blank and tokens, blank 0, reduction='mean' (each
    utterance's loss divided by its label length, then the batch mean), zero_infinity=False."""
    return F.ctc_loss(out.log_softmax(-1).transpose(0, 1), y[:, 2:], y[:, 1], y[:, 0], blank=0, reduction="mean")


def ctc_mean_safe(out: Tensor, y: Tensor) -> Tensor:
    """The same CTC loss with zero_infinity=True: an utterance that cannot be aligned counts 0 (no inf, no NaN)."""
    return F.ctc_loss(out.log_softmax(-1).transpose(0, 1), y[:, 2:], y[:, 1], y[:, 0], blank=0, reduction="mean",
                      zero_infinity=True)  # fmt: skip


def ctc_summed(out: Tensor, y: Tensor) -> Tensor:
    """The CTC loss with reduction='sum': the utterances' negative log-likelihoods summed over the batch (not
    divided by the label lengths)."""
    return F.ctc_loss(out.log_softmax(-1).transpose(0, 1), y[:, 2:], y[:, 1], y[:, 0], blank=0, reduction="sum")


def uniform_ctc_loss() -> float:
    """The held-out CTC loss (reduction='mean') of a model whose outputs are uniform over the blank and tokens."""
    d = ctc_utterances()
    return float(ctc_mean(torch.zeros(len(d.val_x), CTC_FRAMES, CTC_TOKENS + 1), d.val_y))


MDN_K = 5


@lru_cache(maxsize=None)
def inverse_sine(n: int = 4000, seed: int = 142, *, noise: float = 0.05, n_val: int = 1000, batch_size: int = 128,
                 train_rows: int | None = None, outliers: float = 0.0) -> Data:  # fmt: skip
    """Bishop's inverse problem for a mixture density network: t uniform on [0, 1], x = t + 0.3 sin(2 pi t) plus
    uniform noise of half-width ``noise``; the model predicts t from x, which has up to three branches (a
    multimodal conditional density). Both standardised; x has a second column, x squared. ``train_rows``: keep
    only that many training points; ``outliers``: that share of the training targets replaced by a value drawn
    uniformly over 3 standard deviations either side (mislabelled points)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.rand(total, generator=g)
    x = t + 0.3 * torch.sin(2 * math.pi * t) + noise * (2 * torch.rand(total, generator=g) - 1)
    x = (x - x[:n].mean()) / x[:n].std()
    t = (t - t[:n].mean()) / t[:n].std()
    if outliers:
        bad = torch.nonzero(torch.rand(n, generator=g) < outliers).flatten()
        t[bad] = 6 * torch.rand(len(bad), generator=g) - 3
    data = split(torch.stack([x, x * x - 1], 1), t[:, None], n, "density_estimation", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MixtureDensityNet(nn.Module):
    """A mixture density network: an MLP (``hidden`` units, ``layers`` layers of ``act``) and a linear head giving
    the logits of ``k`` mixture weights, their means and their log-scales: (batch, 3 k). ``dead_bias`` < 0 starts
    the last hidden layer's biases there (with ReLU, its units never fire)."""

    def __init__(self, hidden: int = 64, layers: int = 2, k: int = MDN_K, act: type[nn.Module] = nn.Tanh,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.body = mlp([2] + [hidden] * layers, act)
        self.act = act()
        if dead_bias:
            with torch.no_grad():
                self.body[-1].bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, 3 * k)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.act(self.body(x)))


def mdn_nll(out: Tensor, y: Tensor) -> Tensor:
    """The mixture's negative log-likelihood of the target (batch mean, nats) by log-sum-exp: below 0 once the
    mixture is sharper than a unit Gaussian."""
    logits, mu, log_s = out.chunk(3, -1)
    z = (y - mu) / torch.exp(log_s)
    log_n = -0.5 * z * z - log_s - 0.5 * math.log(2 * math.pi)
    return -torch.logsumexp(F.log_softmax(logits, -1) + log_n, -1).mean()


def mdn_nll_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The same likelihood written by hand: the mixture density sum_k pi_k N(y; mu_k, s_k) summed, then its log.
    When the target is ~14 scales from every mean the density underflows to exactly 0.0 in float32 and the log
    is -inf (the gradient NaN)."""
    logits, mu, log_s = out.chunk(3, -1)
    s = torch.exp(log_s)
    density = (F.softmax(logits, -1) * torch.exp(-0.5 * ((y - mu) / s) ** 2) / (s * math.sqrt(2 * math.pi))).sum(-1)
    return -torch.log(density).mean()


def mdn_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The mixture negative log-likelihood summed over the batch (reduction='sum')."""
    return mdn_nll(out, y) * len(out)


def unit_gaussian_nll() -> float:
    """The held-out NLL of a unit Gaussian at 0 for the standardised target (~1.42 nats): an untrained MDN."""
    d = inverse_sine()
    return float((0.5 * d.val_y**2 + 0.5 * math.log(2 * math.pi)).mean())


RANK_DOCS, RANK_FEATURES = 16, 12


@lru_cache(maxsize=None)
def ranked_queries(n: int = 1500, seed: int = 143, *, docs: int = RANK_DOCS, n_val: int = 300, batch_size: int = 16,
                   train_rows: int | None = None, noise: float = 0.1, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Learning to rank: ``n`` queries of ``docs`` documents each, a document a row of query-document features
    (8 of the document, 4 of the query, shared by its documents). Its graded relevance (0-4) is a fixed random
    two-layer tanh network of the 12 features (the same for every ``seed``, which draws the queries) plus Gaussian
    noise ``noise``, cut at fixed quantiles (45% of the documents 0, 3% 4). x: (queries, docs, 12), y: (queries,
    docs) grades. ``train_rows``: keep only that many training queries; ``nan_rows``: that share of the training
    queries has one NaN feature (a document whose feature extraction failed)."""
    g, t = torch.Generator().manual_seed(seed), torch.Generator().manual_seed(143)
    total = n + n_val
    d = torch.randn(total, docs, 8, generator=g)
    q = torch.randn(total, 1, 4, generator=g).expand(total, docs, 4)
    x = torch.cat([d, q], -1).contiguous()
    a = torch.randn(RANK_FEATURES, 48, generator=t) / math.sqrt(RANK_FEATURES) * 2
    a2 = torch.randn(48, 48, generator=t) / math.sqrt(48) * 2
    b = torch.randn(48, generator=t)
    score = torch.tanh(torch.tanh(x @ a) @ a2) @ b / math.sqrt(48) * 3 + noise * torch.randn(total, docs, generator=g)
    edges = torch.quantile(score[:n].flatten(), torch.tensor([0.45, 0.75, 0.9, 0.97]))
    y = torch.bucketize(score, edges).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, 5] = float("nan")
    data = split(x, y, n, "learning_to_rank", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class RankScorer(nn.Module):
    """A pointwise scorer for listwise ranking: an MLP (``hidden`` units, ``layers`` ReLU layers) and a linear head
    giving one score per document: (queries, docs). ``dead_bias`` < 0 starts the last hidden layer's biases there."""

    def __init__(self, hidden: int = 64, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = mlp([RANK_FEATURES] + [hidden] * layers)
        if dead_bias:
            with torch.no_grad():
                self.body[-1].bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(F.relu(self.body(x))).squeeze(-1)


LISTNET_TEMPERATURE = 0.5


def listnet(out: Tensor, y: Tensor) -> Tensor:
    """ListNet's listwise softmax cross-entropy per query (batch mean): the target distribution is the softmax of
    the grades over ``LISTNET_TEMPERATURE``, the model's the softmax of its scores. ln 16 at equal scores."""
    return -(F.softmax(y / LISTNET_TEMPERATURE, -1) * F.log_softmax(out, -1)).sum(-1).mean()


def listnet_summed(out: Tensor, y: Tensor) -> Tensor:
    """The listwise loss summed over the queries and documents of the batch (reduction='sum')."""
    return -(F.softmax(y / LISTNET_TEMPERATURE, -1) * F.log_softmax(out, -1)).sum()


def ranknet(out: Tensor, y: Tensor) -> Tensor:
    """RankNet's pairwise loss: for every pair of documents of a query whose grades differ, the logistic loss of
    the score difference in the right order (the mean over the pairs of the batch). ln 2 at equal scores."""
    diff = out[:, :, None] - out[:, None, :]
    better = (y[:, :, None] > y[:, None, :]).float()
    return (F.softplus(-diff) * better).sum() / better.sum().clamp_min(1.0)


def listnet_floor() -> float:
    """The held-out listwise loss at equal scores: ln 16."""
    return math.log(RANK_DOCS)


@lru_cache(maxsize=None)
def pretrained_ranker_weights() -> dict[str, Tensor]:
    """A RankScorer trained (unrecorded) for 600 Adam steps on other queries of the same relevance model."""
    from harness import Setup, train

    pretraining = Setup(name="rank-pretraining", data=ranked_queries(seed=153), model=RankScorer,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=600, seed=5, shuffle_offset=3000,
                        loss_fn=listnet)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_ranker() -> RankScorer:
    """A RankScorer with the pretrained weights (a fine-tune starts from them)."""
    model = RankScorer()
    model.load_state_dict(pretrained_ranker_weights())
    return model


MIL_INSTANCES, MIL_FEATURES = 16, 10


@lru_cache(maxsize=None)
def instance_bags(n: int = 3000, seed: int = 144, *, rate: float = 0.06, flip: float = 0.03, n_val: int = 600,
                  batch_size: int = 32, train_rows: int | None = None) -> Data:  # fmt: skip
    """Multiple-instance learning: bags of 6-16 instances (10 Gaussian features each, the bag padded to 16 with a
    presence flag as an 11th column). An instance is a key instance when a fixed random tanh network of its
    features is in the top ``rate`` of all instances; a bag is positive when it holds a key instance (about half
    of them), and ``flip`` of the bag labels are random. y: the bag label (0. / 1.). ``train_rows``: keep only that
    many training bags."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    sizes = torch.randint(6, MIL_INSTANCES + 1, (total,), generator=g)
    x = torch.randn(total, MIL_INSTANCES, MIL_FEATURES, generator=g)
    a = torch.randn(MIL_FEATURES, 32, generator=g) / math.sqrt(MIL_FEATURES) * 2
    b = torch.randn(32, generator=g)
    score = torch.tanh(x @ a) @ b
    present = torch.arange(MIL_INSTANCES)[None, :] < sizes[:, None]
    key = (score > torch.quantile(score[:n][present[:n]], 1 - rate)) & present
    x = torch.cat([x * present[..., None], present[..., None].float()], -1)
    y = flip_labels(key.any(1).long(), 2, 2 * flip, g).float()
    data = split(x, y, n, "binary_classification (multiple-instance bags)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class AttentionMIL(nn.Module):
    """Attention-based MIL (Ilse et al. 2018): an instance encoder (an MLP of ``hidden`` units, ``layers`` ReLU
    layers), gated attention over the present instances (tanh(V h) * sigmoid(U h) -> w, a softmax over the bag)
    pooling the instance embeddings, and a linear head giving the bag's logit. ``dead_bias`` < 0 starts the
    encoder's last layer's biases there (its units never fire)."""

    def __init__(self, hidden: int = 48, layers: int = 2, attn: int = 32, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.encoder = mlp([MIL_FEATURES] + [hidden] * layers)
        if dead_bias:
            with torch.no_grad():
                self.encoder[-1].bias.fill_(dead_bias)
        self.attn_v, self.attn_u, self.attn_w = nn.Linear(hidden, attn), nn.Linear(hidden, attn), nn.Linear(attn, 1)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        present = x[..., -1] > 0
        h = F.relu(self.encoder(x[..., :-1]))
        a = self.attn_w(torch.tanh(self.attn_v(h)) * torch.sigmoid(self.attn_u(h))).squeeze(-1)
        a = a.masked_fill(~present, float("-inf")).softmax(-1)
        return self.head((a[..., None] * h).sum(1)).squeeze(-1)


def bag_bce(out: Tensor, y: Tensor) -> Tensor:
    """nn.BCEWithLogitsLoss of the bag logits (batch mean)."""
    return F.binary_cross_entropy_with_logits(out, y)


def bag_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The bag BCE summed over the batch (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def bag_bce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The bag BCE written by hand from the sigmoid: once a logit passes ~17 (or -88) the sigmoid is exactly 1.0
    (0.0) in float32 and the log of 1 - p (of p) is -inf."""
    p = torch.sigmoid(out)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


# --------------------------------------------------------------------------- seventh fresh half (fresh7, held out from all tuning)


PINN_SCALE = math.pi**2
"""The residual u'' - f is divided by pi^2 so that an untrained network's loss is a few units."""


def pinn_solution(x: Tensor) -> Tensor:
    """The boundary value problem's analytic solution: u(x) = sin(pi x) + 0.3 sin(3 pi x), zero at 0 and 1."""
    return torch.sin(math.pi * x) + 0.3 * torch.sin(3 * math.pi * x)


def pinn_source(x: Tensor) -> Tensor:
    """Its right-hand side f = u'' = -pi^2 sin(pi x) - 2.7 pi^2 sin(3 pi x)."""
    return -PINN_SCALE * (torch.sin(math.pi * x) + 2.7 * torch.sin(3 * math.pi * x))


@lru_cache(maxsize=None)
def collocation(n: int = 2048, seed: int = 151, *, n_val: int = 512, batch_size: int = 64,
                train_rows: int | None = None, endpoints: bool = False) -> Data:  # fmt: skip
    """A physics-informed problem u'' = f on [0, 1], u(0) = u(1) = 0: ``n`` training collocation points drawn
    uniformly (with ``endpoints``: two of them exactly 0 and 1, where f is 0), ``n_val`` held-out points on a
    shifted even grid. x: the point (batch, 1); y: f and the analytic u at the point (batch, 2). ``train_rows``:
    keep only that many training points."""
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, generator=g)
    if endpoints:
        x[:2] = torch.tensor([0.0, 1.0])
        x = x[torch.randperm(n, generator=g)]
    vx = (torch.arange(n_val) + 0.5) / n_val
    xs = torch.cat([x, vx])[:, None]
    y = torch.cat([pinn_source(xs), pinn_solution(xs)], 1)
    data = split(xs, y, n, "physics_informed_regression (PDE residual)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class PINN(nn.Module):
    """A physics-informed MLP u(x) (``hidden`` units, ``layers`` layers of ``act``, the input mapped to [-1, 1]):
    its forward differentiates u twice with autograd at the points (also under ``torch.no_grad``, for the
    evaluation) and evaluates u at the boundary points 0 and 1: (batch, 4) = u, u'', u(0), u(1)."""

    def __init__(self, hidden: int = 32, layers: int = 3, act: type[nn.Module] = nn.Tanh) -> None:
        super().__init__()
        self.net = mlp([1] + [hidden] * layers + [1], act)
        self.head = self.net[-1]

    def forward(self, x: Tensor) -> Tensor:
        with torch.enable_grad():
            x = x.detach().requires_grad_(True)
            u = self.net(2 * x - 1)
            (du,) = torch.autograd.grad(u.sum(), x, create_graph=True)
            (d2u,) = torch.autograd.grad(du.sum(), x, create_graph=torch.is_grad_enabled() and self.training)
        ub = self.net(torch.tensor([[-1.0], [1.0]]))
        if not self.training:
            u, d2u = u.detach(), d2u.detach()
        return torch.cat([u, d2u, ub[0].expand_as(u), ub[1].expand_as(u)], 1)


def pinn_loss(out: Tensor, y: Tensor) -> Tensor:
    """The physics-informed loss: the mean squared residual (u'' - f) / pi^2 at the points plus the squared
    boundary values u(0)^2 + u(1)^2."""
    r = (out[:, 1] - y[:, 0]) / PINN_SCALE
    return (r * r).mean() + out[0, 2] ** 2 + out[0, 3] ** 2


def pinn_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The residual's squares summed over the batch (reduction='sum'), plus the boundary terms."""
    r = (out[:, 1] - y[:, 0]) / PINN_SCALE
    return (r * r).sum() + out[0, 2] ** 2 + out[0, 3] ** 2


def pinn_loss_relative(out: Tensor, y: Tensor) -> Tensor:
    """A "relative" residual written by hand, (u'' - f) / f: where f is exactly 0 (the boundary points) it is
    a division by zero (inf, NaN)."""
    r = (out[:, 1] - y[:, 0]) / y[:, 0]
    return (r * r).mean() + out[0, 2] ** 2 + out[0, 3] ** 2


def pinn_error(out: Tensor, y: Tensor) -> Tensor:
    """The mean squared error of u against the analytic solution (not a training loss)."""
    return ((out[:, 0] - y[:, 1]) ** 2).mean()


SURV_FEATURES, SURV_GROUP = 12, 64
"""Survival data: 12 covariates; the Cox loss is taken over risk sets of 64 patients (a batch, and the held-out
set in blocks of 64)."""


@lru_cache(maxsize=None)
def survival_cohort(n: int = 4096, seed: int = 152, *, n_val: int = 1024, spread: float = 2.5,
                    train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Synthetic censored survival data: 12 Gaussian covariates, a log-hazard given by a fixed random tanh network
    of them (standard deviation 3), event times exponential at that hazard, independent exponential censoring
    times of mean ``spread`` x the median event time (about 46% of the patients censored). y: (time, event) per
    patient. ``train_rows``: keep only that many training patients; ``nan_rows``: that share of the training
    patients has a missing (NaN) covariate."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, SURV_FEATURES, generator=g)
    a = torch.randn(SURV_FEATURES, 32, generator=g) / math.sqrt(SURV_FEATURES) * 1.5
    b = torch.randn(32, generator=g)
    risk = torch.tanh(x @ a) @ b
    risk = 3.0 * (risk - risk.mean()) / risk.std()
    t_event = -torch.log(torch.rand(total, generator=g)) / torch.exp(risk)
    t_cens = -torch.log(torch.rand(total, generator=g)) * float(t_event.median()) * spread
    y = torch.stack([torch.minimum(t_event, t_cens), (t_event <= t_cens).float()], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "survival_analysis (Cox proportional hazards)", None, SURV_GROUP)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, SURV_GROUP)
    return data


class CoxMLP(nn.Module):
    """A DeepSurv-like risk model: an MLP (``hidden`` units, ``layers`` ReLU layers, optional dropout) and a linear
    head giving one log-risk score per patient: (batch,). ``dead_bias`` < 0 starts the last hidden layer's biases
    there (its units never fire)."""

    def __init__(self, hidden: int = 64, layers: int = 2, dropout: float = 0.0, dead_bias: float = 0.0) -> None:
        super().__init__()
        sizes = [SURV_FEATURES] + [hidden] * layers
        blocks: list[nn.Module] = []
        for a, b in zip(sizes, sizes[1:]):
            blocks += [nn.Linear(a, b), nn.ReLU()] + ([nn.Dropout(dropout)] if dropout else [])
        self.body = nn.Sequential(*blocks)
        if dead_bias:
            with torch.no_grad():
                last = [m for m in self.body if isinstance(m, nn.Linear)][-1]
                last.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(self.body(x)).squeeze(-1)


def _cox_terms(out: Tensor, y: Tensor, by_hand: bool = False) -> tuple[Tensor, Tensor]:
    """Per risk-set block of 64: the summed negative log partial likelihood of the events, and the event count."""
    risk, time, event = out.reshape(-1, SURV_GROUP), y[:, 0].reshape(-1, SURV_GROUP), y[:, 1].reshape(-1, SURV_GROUP)
    order = torch.argsort(time, -1, descending=True)
    r, e = risk.gather(1, order), event.gather(1, order)
    at_risk = torch.log(torch.cumsum(torch.exp(r), -1)) if by_hand else torch.logcumsumexp(r, -1)
    return -((r - at_risk) * e).sum(-1), e.sum(-1)


def cox_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Cox negative log partial likelihood per event (Breslow, no ties), over risk sets of 64 patients: the
    mean over the blocks of each block's sum over its events divided by its event count."""
    nll, events = _cox_terms(out, y)
    return (nll / events.clamp_min(1.0)).mean()


def cox_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Cox negative log partial likelihood summed over the events (not divided by their count)."""
    return _cox_terms(out, y)[0].sum()


def cox_at_zero() -> float:
    """The held-out Cox loss of a model that scores every patient the same (~3.6): where an untrained one starts."""
    d = survival_cohort()
    return float(cox_nll(torch.zeros(len(d.val_x)), d.val_y))


MOE_CLASSES, MOE_FEATURES, MOE_EXPERTS = 10, 16, 6
AUX_OFFSET = 1000.0
"""The mixture-of-experts output carries its load-balancing loss in an extra last column, stored as
-(AUX_OFFSET + aux) so that it never wins an argmax over the class logits (accuracy stays right)."""


@lru_cache(maxsize=None)
def cluster_classes(n: int = 6000, seed: int = 153, *, n_val: int = 1000, batch_size: int = 64, flip: float = 0.05,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """A multi-cluster classification task for a mixture of experts: 10 classes, each the union of 4 Gaussian
    clusters in 16 dimensions (40 centres scattered at random, so classes interleave), cluster noise 1.0, then a
    fixed random rotation and a mild tanh warp; ``flip`` of the training labels random. ``train_rows``: keep only
    that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    centres = torch.randn(MOE_CLASSES * 4, MOE_FEATURES, generator=g) * 1.3
    which = torch.randint(0, MOE_CLASSES * 4, (total,), generator=g)
    x = centres[which] + 1.0 * torch.randn(total, MOE_FEATURES, generator=g)
    q, _ = torch.linalg.qr(torch.randn(MOE_FEATURES, MOE_FEATURES, generator=g))
    x = x @ q
    x = x + 0.5 * torch.tanh(x.roll(1, -1))
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    y = which % MOE_CLASSES
    y = torch.cat([flip_labels(y[:n], MOE_CLASSES, flip, g), y[n:]])
    data = split(x, y, n, "classification", MOE_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MOE_CLASSES,
                    batch_size)  # fmt: skip
    return data


class MixtureOfExperts(nn.Module):
    """A mixture-of-experts classifier: a shared ReLU stem (16 -> ``stem``), a linear gate over ``experts`` experts
    (a softmax over all of them, or with ``top_k`` only the k largest renormalised), each expert a ReLU MLP
    (stem -> ``hidden`` -> 10 logits); the gated sum of the experts' logits, and the Switch-style load-balancing
    loss E sum_e f_e P_e (f_e: the share of the batch whose top gate is e, P_e: e's mean gate probability; 1 when
    balanced) in the last column as -(AUX_OFFSET + aux): (batch, 11). ``dead_bias`` < 0 starts the stem's biases
    there (its units never fire, so nothing behind it learns)."""

    def __init__(self, experts: int = MOE_EXPERTS, top_k: int = 0, stem: int = 64, hidden: int = 32,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.stem = nn.Linear(MOE_FEATURES, stem)
        if dead_bias:
            with torch.no_grad():
                self.stem.bias.fill_(dead_bias)
        self.gate = nn.Linear(stem, experts)
        self.experts = nn.ModuleList(mlp([stem, hidden, MOE_CLASSES]) for _ in range(experts))
        self.top_k = top_k

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.stem(x))
        probs = self.gate(h).softmax(-1)
        weights = probs
        if self.top_k:
            top = probs.topk(self.top_k, -1)
            weights = torch.zeros_like(probs).scatter(-1, top.indices, top.values)
            weights = weights / weights.sum(-1, keepdim=True)
        logits = torch.einsum("be,bec->bc", weights, torch.stack([e(h) for e in self.experts], 1))
        share = F.one_hot(probs.argmax(-1), probs.shape[-1]).float().mean(0)
        aux = probs.shape[-1] * (share * probs.mean(0)).sum()
        return torch.cat([logits, (-(AUX_OFFSET + aux)).expand(len(x), 1)], 1)


def scaled_experts(model: MixtureOfExperts, factor: float) -> MixtureOfExperts:
    """``model`` with each expert's output layer initialised ``factor`` times larger (bias too): confident random
    logits at step 1."""
    with torch.no_grad():
        for expert in model.experts:
            expert[-1].weight.mul_(factor)
            expert[-1].bias.mul_(factor)
    return model


MOE_AUX_WEIGHT = 0.01


def moe_loss(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy of the gated logits plus 0.01 x the load-balancing loss (batch mean)."""
    aux = -out[0, -1] - AUX_OFFSET
    return F.cross_entropy(out[:, :-1], y) + MOE_AUX_WEIGHT * aux


def moe_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch (reduction='sum'), plus the load-balancing term."""
    aux = -out[0, -1] - AUX_OFFSET
    return F.cross_entropy(out[:, :-1], y, reduction="sum") + MOE_AUX_WEIGHT * aux


def moe_loss_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy written by hand from the softmax, -log(softmax[y]): once a wrong logit leads by ~104 the
    probability underflows to exactly 0.0 in float32 and its log is -inf."""
    aux = -out[0, -1] - AUX_OFFSET
    p = out[:, :-1].softmax(-1).gather(1, y[:, None]).squeeze(1)
    return -torch.log(p).mean() + MOE_AUX_WEIGHT * aux


SAE_DIM, SAE_FEATURES, SAE_LATENTS = 24, 64, 96
"""Sparse superposition: 64 ground-truth feature directions in 24 dimensions, a dictionary of 96 latents."""


@lru_cache(maxsize=None)
def sparse_features(n: int = 6000, seed: int = 154, *, n_val: int = 1000, batch_size: int = 64, rate: float = 0.04,
                    noise: float = 0.03, train_rows: int | None = None) -> Data:  # fmt: skip
    """Data made of sparse superposed features (a sparse autoencoder's toy model): 64 fixed random unit directions
    in 24 dimensions (the same for every ``seed``, which draws the rows), each active in a row with probability
    ``rate`` (about 2.6 a row) at a magnitude uniform in [0.5, 1.5], plus Gaussian noise ``noise``. x = y = the row
    (the target is the input). ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    d = F.normalize(torch.randn(SAE_FEATURES, SAE_DIM, generator=torch.Generator().manual_seed(154)), dim=1)
    active = (torch.rand(total, SAE_FEATURES, generator=g) < rate).float()
    mags = 0.5 + torch.rand(total, SAE_FEATURES, generator=g)
    x = (active * mags) @ d + noise * torch.randn(total, SAE_DIM, generator=g)
    data = split(x, x.clone(), n, "sparse_autoencoder (reconstruction)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SparseAutoencoder(nn.Module):
    """A sparse autoencoder: a linear encoder with ReLU latents (``latents``, ``pre_bias``: the decoder's bias
    subtracted first, as in Anthropic's recipe), a linear decoder; output (batch, 24 + latents): the
    reconstruction and the latent activations. ``dead_bias`` < 0 starts the encoder's biases there (no latent
    fires)."""

    def __init__(self, latents: int = SAE_LATENTS, dead_bias: float = 0.0, pre_bias: bool = True) -> None:
        super().__init__()
        self.encoder = nn.Linear(SAE_DIM, latents)
        self.decoder = nn.Linear(latents, SAE_DIM)
        self.head = self.decoder
        self.pre_bias = pre_bias
        if dead_bias:
            with torch.no_grad():
                self.encoder.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        acts = F.relu(self.encoder(x - self.decoder.bias if self.pre_bias else x))
        return torch.cat([self.decoder(acts), acts], 1)


SAE_L1 = 0.03


def sae_loss(out: Tensor, y: Tensor) -> Tensor:
    """The reconstruction's squared error summed over the 24 dimensions plus 0.03 x the latents' L1 norm, both a
    batch mean."""
    recon, acts = out[:, :SAE_DIM], out[:, SAE_DIM:]
    return ((recon - y) ** 2).sum(-1).mean() + SAE_L1 * acts.abs().sum(-1).mean()


def sae_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same loss summed over the batch (reduction='sum')."""
    recon, acts = out[:, :SAE_DIM], out[:, SAE_DIM:]
    return ((recon - y) ** 2).sum() + SAE_L1 * acts.abs().sum()


def sae_zero_loss() -> float:
    """The held-out loss of a reconstruction of zeros with no active latent: the rows' mean squared norm."""
    d = sparse_features()
    return float((d.val_y**2).sum(-1).mean())


# --------------------------------------------------------------------------- eighth fresh half (fresh8, held out from all tuning)


CRF_TAGS, CRF_VOCAB, CRF_LENGTH = 5, 40, 16
"""BIO tags of two entity kinds (O, B-A, I-A, B-B, I-B) over a 40-token vocabulary, 16 tokens a sequence."""
CRF_NEXT = torch.tensor([
    [0.76, 0.12, 0.00, 0.12, 0.00],  # O -> O, B-A, B-B
    [0.35, 0.00, 0.60, 0.05, 0.00],  # B-A -> I-A mostly
    [0.55, 0.04, 0.36, 0.05, 0.00],  # I-A -> I-A, O
    [0.35, 0.05, 0.00, 0.00, 0.60],  # B-B -> I-B mostly
    [0.55, 0.05, 0.00, 0.04, 0.36],  # I-B -> I-B, O
])  # fmt: skip
"""The tag chain: an I- tag only continues an entity of its kind (the constraint a CRF's transitions learn)."""


@lru_cache(maxsize=None)
def tagged_sequences(n: int = 3000, seed: int = 161, *, n_val: int = 800, batch_size: int = 32, noise: float = 0.08,
                     trigger: float = 0.6, train_rows: int | None = None) -> Data:  # fmt: skip
    """Synthetic BIO-tagged token sequences for a sequence tagger: tags from the Markov chain ``CRF_NEXT`` (start O
    0.7, B-A 0.15, B-B 0.15); an O token is one of 16 function words (0-15), an entity token of kind A one of 16-25
    and of kind B one of 21-29 (21-25 shared: ambiguous), the B- and I- tags of a kind drawn from the same words (only
    the context tells where an entity starts). The O token before an entity is its kind's trigger word (30 for A, 31
    for B) with probability ``trigger``; ``noise`` of the tokens are replaced by uniform random ones of 0-31. x: the
    tokens (batch, 16); y: the tags (batch, 16). ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    tags = torch.zeros(total, CRF_LENGTH, dtype=torch.long)
    tags[:, 0] = torch.multinomial(torch.tensor([0.7, 0.15, 0.0, 0.15, 0.0]), total, replacement=True, generator=g)
    for t in range(1, CRF_LENGTH):
        tags[:, t] = torch.multinomial(CRF_NEXT[tags[:, t - 1]], 1, generator=g).squeeze(1)
    kind_a = (tags == 1) | (tags == 2)
    kind_b = (tags == 3) | (tags == 4)
    tokens = torch.randint(0, 16, (total, CRF_LENGTH), generator=g)
    tokens = torch.where(kind_a, torch.randint(16, 26, (total, CRF_LENGTH), generator=g), tokens)
    tokens = torch.where(kind_b, torch.randint(21, 30, (total, CRF_LENGTH), generator=g), tokens)
    before = torch.zeros_like(tags)
    before[:, :-1] = tags[:, 1:]
    cue = (tags == 0) & (torch.rand(total, CRF_LENGTH, generator=g) < trigger)
    tokens = torch.where(cue & (before == 1), torch.full_like(tokens, 30), tokens)
    tokens = torch.where(cue & (before == 3), torch.full_like(tokens, 31), tokens)
    noisy = torch.rand(total, CRF_LENGTH, generator=g) < noise
    tokens = torch.where(noisy, torch.randint(0, 32, (total, CRF_LENGTH), generator=g), tokens)
    data = split(tokens, tags, n, "sequence_labeling (linear-chain CRF)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class RNNCRF(nn.Module):
    """A BiLSTM/BiGRU-CRF tagger: token embeddings (``embed``), a bidirectional GRU or LSTM (``hidden`` a direction;
    with ``kind`` "rnn" a unidirectional vanilla tanh RNN whose recurrent weights start orthogonal times ``gain``), a
    linear head of emission scores over the 5 tags, and the CRF's learnable transition scores (5 x 5) with start and
    end scores. Output (batch, 16 + 5 + 2, 5): the emissions of each position, then the transition matrix and the
    start and end scores (the same for every sequence), which the CRF loss reads."""

    def __init__(self, kind: str = "gru", hidden: int = 24, embed: int = 16, gain: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(CRF_VOCAB, embed)
        self.rnn: nn.Module
        if kind == "rnn":
            rnn = nn.RNN(embed, hidden, batch_first=True)
            out = hidden
            if gain:
                with torch.no_grad():
                    nn.init.orthogonal_(rnn.get_parameter("weight_hh_l0"), gain=gain)
            self.rnn = rnn
        else:
            self.rnn = (nn.GRU if kind == "gru" else nn.LSTM)(embed, hidden, batch_first=True, bidirectional=True)
            out = 2 * hidden
        self.head = nn.Linear(out, CRF_TAGS)
        self.transitions = nn.Parameter(torch.empty(CRF_TAGS, CRF_TAGS).uniform_(-0.1, 0.1))
        self.start = nn.Parameter(torch.zeros(CRF_TAGS))
        self.end = nn.Parameter(torch.zeros(CRF_TAGS))

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.rnn(self.embed(x))
        b = len(x)
        return torch.cat([self.head(h), self.transitions.expand(b, -1, -1), self.start.expand(b, 1, -1),
                          self.end.expand(b, 1, -1)], 1)  # fmt: skip


def _crf_parts(out: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    t = out.shape[1] - CRF_TAGS - 2
    return out[:, :t], out[0, t : t + CRF_TAGS], out[0, t + CRF_TAGS], out[0, t + CRF_TAGS + 1]


def crf_nll_each(out: Tensor, y: Tensor) -> Tensor:
    """Each sequence's CRF negative log-likelihood: log Z (the forward algorithm over all tag paths, in log space with
    logsumexp) minus the score of the gold path (start + emissions + transitions + end)."""
    em, trans, start, end = _crf_parts(out)
    gold = (start[y[:, 0]] + em.gather(2, y[..., None]).squeeze(-1).sum(1) + trans[y[:, :-1], y[:, 1:]].sum(1)
            + end[y[:, -1]])  # fmt: skip
    log_alpha = start + em[:, 0]
    for t in range(1, em.shape[1]):
        log_alpha = torch.logsumexp(log_alpha[:, :, None] + trans[None] + em[:, t, None, :], 1)
    return torch.logsumexp(log_alpha + end, 1) - gold


def crf_nll(out: Tensor, y: Tensor) -> Tensor:
    """The CRF negative log-likelihood per sequence (the batch mean), as torchcrf's reduction='mean'."""
    return crf_nll_each(out, y).mean()


def crf_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The CRF negative log-likelihood summed over the batch (torchcrf's default reduction='sum')."""
    return crf_nll_each(out, y).sum()


def crf_uniform_nll() -> float:
    """The CRF loss of all-zero scores (16 ln 5 ~ 25.8 per sequence): where an untrained tagger starts."""
    return CRF_LENGTH * math.log(CRF_TAGS)


PIXEL_SIZE = 12


def _draw_shape(img: Tensor, g: torch.Generator) -> None:
    """One random shape on a 12x12 canvas: a filled rectangle, a hollow one, a horizontal or vertical bar, or a
    diagonal stroke."""
    kind = int(torch.randint(0, 5, (1,), generator=g))
    r, c = (int(v) for v in torch.randint(0, PIXEL_SIZE - 3, (2,), generator=g))
    h, w = (int(v) for v in torch.randint(3, 7, (2,), generator=g))
    r2, c2 = min(PIXEL_SIZE, r + h), min(PIXEL_SIZE, c + w)
    if kind == 0:
        img[r:r2, c:c2] = 1
    elif kind == 1:
        img[r:r2, c:c2] = 1
        img[r + 1 : r2 - 1, c + 1 : c2 - 1] = 0
    elif kind == 2:
        img[r, c : min(PIXEL_SIZE, c + 2 * w)] = 1
    elif kind == 3:
        img[r : min(PIXEL_SIZE, r + 2 * h), c] = 1
    else:
        for k in range(min(PIXEL_SIZE - r, PIXEL_SIZE - c, h + 3)):
            img[r + k, c + k] = 1


@lru_cache(maxsize=None)
def binary_images(n: int = 3000, seed: int = 162, *, n_val: int = 600, batch_size: int = 32, flip: float = 0.01,
                  train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Binary 12x12 images of 1-3 random shapes (filled and hollow rectangles, bars, diagonal strokes), ``flip`` of
    the pixels flipped. x = y = the image (batch, 12, 12) of 0. / 1. (an autoregressive model's target is its
    input). ``train_rows``: keep only that many training images; ``nan_rows``: that share of the training images is
    corrupt, one pixel NaN (in x and y alike)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.zeros(total, PIXEL_SIZE, PIXEL_SIZE)
    for i in range(total):
        for _ in range(int(torch.randint(1, 4, (1,), generator=g))):
            _draw_shape(x[i], g)
    flips = torch.rand(total, PIXEL_SIZE, PIXEL_SIZE, generator=g) < flip
    x = torch.where(flips, 1 - x, x)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5, 7] = float("nan")
    data = split(x, x.clone(), n, "density_estimation (autoregressive, binary pixels)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MaskedConv2d(nn.Conv2d):
    """A PixelCNN masked convolution: type "A" sees only the pixels above and to the left of the centre, type "B"
    the centre too (its own channel's value at the pixel, computed from the pixels before it)."""

    mask: Tensor

    def __init__(self, kind: str, cin: int, cout: int, k: int) -> None:
        super().__init__(cin, cout, k, padding=k // 2)
        mask = torch.ones_like(self.weight)
        c = k // 2
        mask[:, :, c, c + (kind == "B") :] = 0
        mask[:, :, c + 1 :] = 0
        self.register_buffer("mask", mask)

    def forward(self, x: Tensor) -> Tensor:
        return F.conv2d(x, self.weight * self.mask, self.bias, padding=self.padding)


class PixelCNN(nn.Module):
    """A small autoregressive PixelCNN of binary images: a 5x5 type-A masked convolution (1 -> ``channels``), ``layers``
    residual 3x3 type-B masked convolutions, ReLUs, then a per-pixel ReLU layer and a linear head (channel-last) giving
    each pixel's Bernoulli logit from the pixels before it in raster order: (batch, 12, 12). ``dead_bias`` < 0 starts
    the per-pixel layer's biases there (its units never fire)."""

    def __init__(self, channels: int = 16, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.first = MaskedConv2d("A", 1, channels, 5)
        self.blocks = nn.ModuleList(MaskedConv2d("B", channels, channels, 3) for _ in range(layers))
        self.pixel = nn.Linear(channels, channels)
        if dead_bias:
            with torch.no_grad():
                self.pixel.bias.fill_(dead_bias)
        self.head = nn.Linear(channels, 1)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.first(2 * x[:, None] - 1))
        for block in self.blocks:
            h = h + F.relu(block(h))
        logits: Tensor = self.head(F.relu(self.pixel(h.permute(0, 2, 3, 1))))
        return logits.squeeze(-1)


def pixel_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits per pixel (nats, the mean over the batch's pixels)."""
    return F.binary_cross_entropy_with_logits(out, y)


def pixel_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The per-pixel binary cross-entropy summed over the pixels and the batch (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


@lru_cache(maxsize=None)
def pretrained_pixelcnn_weights() -> dict[str, Tensor]:
    """A PixelCNN trained (unrecorded) for 400 Adam steps on other images of the same kind."""
    from harness import Setup, train

    pretraining = Setup(name="pixelcnn-pretraining", data=binary_images(seed=165), model=PixelCNN,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=400, seed=5, shuffle_offset=3000,
                        loss_fn=pixel_bce)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_pixelcnn() -> PixelCNN:
    """A PixelCNN with the pretrained weights (a fine-tune starts from them)."""
    model = PixelCNN()
    model.load_state_dict(pretrained_pixelcnn_weights())
    return model


SIREN_SIZE = 64


@lru_cache(maxsize=None)
def coordinate_image(seed: int = 163, *, train_share: float = 0.5, batch_size: int = 128, noise: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """A synthetic 64x64 grey image to fit from its pixel coordinates (an implicit neural representation): six
    Gaussian blobs, a sharp-edged disc, and a patch of oblique stripes, standardised. x: the (row, column)
    coordinates in [-1, 1] (pixels, 2); y: the value (pixels, 1). A random ``train_share`` of the pixels trains; the
    held-out loss is on the other pixels (unseen coordinates between the training ones). ``noise``: Gaussian noise of
    that standard deviation on every pixel's value (a noisy photograph); ``train_rows``: keep only that many
    training pixels."""
    g = torch.Generator().manual_seed(seed)
    axis = torch.linspace(-1, 1, SIREN_SIZE)
    r, c = torch.meshgrid(axis, axis, indexing="ij")
    img = torch.zeros(SIREN_SIZE, SIREN_SIZE)
    for _ in range(6):
        cy, cx = (2 * torch.rand(2, generator=g) - 1).tolist()
        width = 0.1 + 0.3 * float(torch.rand(1, generator=g))
        amp = float(torch.randn(1, generator=g))
        img += amp * torch.exp(-((r - cy) ** 2 + (c - cx) ** 2) / (2 * width**2))
    img += 1.0 * (((r - 0.35) ** 2 + (c + 0.3) ** 2) < 0.25**2).float()
    patch = ((r + 0.45).abs() < 0.3) & ((c - 0.4).abs() < 0.35)
    img += 0.6 * patch.float() * torch.sin(14 * (0.8 * r + 0.6 * c))
    img = (img - img.mean()) / img.std()
    img = img + noise * torch.randn(img.shape, generator=g)
    coords = torch.stack([r.flatten(), c.flatten()], 1)
    values = img.flatten()[:, None]
    order = torch.randperm(len(coords), generator=g)
    n = int(train_share * len(coords))
    data = split(coords[order], values[order], n, "regression (implicit neural representation: pixel value from its coordinates)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SineLayer(nn.Module):
    """sin(omega_0 (W x + b)) with SIREN's initialisation: the first layer's weights uniform in +-1/fan_in, the others'
    in +-sqrt(6 / fan_in) / omega_0."""

    def __init__(self, cin: int, cout: int, omega: float, first: bool = False) -> None:
        super().__init__()
        self.omega = omega
        self.linear = nn.Linear(cin, cout)
        bound = 1 / cin if first else math.sqrt(6 / cin) / omega
        with torch.no_grad():
            self.linear.weight.uniform_(-bound, bound)

    def forward(self, x: Tensor) -> Tensor:
        return torch.sin(self.omega * self.linear(x))


class Siren(nn.Module):
    """A SIREN coordinate MLP: ``layers`` sine layers of ``hidden`` units (omega_0 = ``omega``), a linear head (SIREN's
    init): the value at each coordinate, (batch, 1)."""

    def __init__(self, hidden: int = 64, layers: int = 3, omega: float = 30.0) -> None:
        super().__init__()
        self.body = nn.Sequential(SineLayer(2, hidden, omega, first=True),
                                  *(SineLayer(hidden, hidden, omega) for _ in range(layers - 1)))  # fmt: skip
        self.head = nn.Linear(hidden, 1)
        bound = math.sqrt(6 / hidden) / omega
        with torch.no_grad():
            self.head.weight.uniform_(-bound, bound)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(self.body(x))
        return out


class FourierMLP(nn.Module):
    """A coordinate MLP on random Fourier features (Tancik et al.): [sin 2 pi B x, cos 2 pi B x] with B (2 x
    ``features``) Gaussian of standard deviation ``scale``, then ``layers`` ReLU layers of ``hidden`` and a linear
    head: (batch, 1). ``dead_bias`` < 0 starts the last hidden layer's biases there (its units never fire)."""

    freqs: Tensor

    def __init__(self, features: int = 64, scale: float = 2.0, hidden: int = 64, layers: int = 2,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.register_buffer("freqs", torch.randn(2, features) * scale)
        sizes = [2 * features] + [hidden] * layers
        linears = [nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])]
        if dead_bias:
            with torch.no_grad():
                linears[-1].bias.fill_(dead_bias)
        self.body = nn.Sequential(*(m for linear in linears for m in (linear, nn.ReLU())))
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        z = 2 * math.pi * x @ self.freqs
        out: Tensor = self.head(self.body(torch.cat([torch.sin(z), torch.cos(z)], -1)))
        return out


def mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


MTL_FEATURES, MTL_CLASSES = 16, 6


@lru_cache(maxsize=None)
def two_task_table(n: int = 12000, seed: int = 164, *, n_val: int = 1000, batch_size: int = 64, flip: float = 0.1,
                   noise: float = 0.5, train_rows: int | None = None, missing: float = 0.0) -> Data:  # fmt: skip
    """A two-task table: 16 Gaussian features, a shared latent (a fixed random tanh layer of 32), a class (of 6: the
    argmax of a random linear map of the latent, ``flip`` of the training labels random) and a regression target (a
    random linear map of the latent plus a sine of one feature, standardised, Gaussian noise ``noise``). y: (class,
    target) per row. ``train_rows``: keep only that many training rows; ``missing``: that share of the training rows
    has no regression target (NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, MTL_FEATURES, generator=g)
    a = torch.randn(MTL_FEATURES, 32, generator=g) / math.sqrt(MTL_FEATURES) * 1.5
    h = torch.tanh(x @ a)
    cls = (h @ torch.randn(32, MTL_CLASSES, generator=g)).argmax(-1)
    cls = torch.cat([flip_labels(cls[:n], MTL_CLASSES, flip, g), cls[n:]])
    target = h @ torch.randn(32, generator=g) + torch.sin(2 * x[:, 3])
    target = (target - target.mean()) / target.std() + noise * torch.randn(total, generator=g)
    if missing:
        bad = torch.nonzero(torch.rand(n, generator=g) < missing).flatten()
        target[bad] = float("nan")
    y = torch.stack([cls.float(), target], 1)
    data = split(x, y, n, "multitask (classification + regression)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class UncertaintyMTL(nn.Module):
    """A multi-task MLP: a shared ReLU trunk (``layers`` of ``hidden``), a classification head over 6 classes, a
    regression head, and the two tasks' learnable log-variances s = log sigma^2 (Kendall, Gal and Cipolla's
    homoscedastic uncertainty weighting, starting at 0). Output (batch, 6 + 1 + 2): the logits, the regression, then
    s_class and s_reg (the same for every row). ``dead_bias`` < 0 starts the trunk's last biases there."""

    def __init__(self, hidden: int = 64, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        sizes = [MTL_FEATURES] + [hidden] * layers
        linears = [nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])]
        if dead_bias:
            with torch.no_grad():
                linears[-1].bias.fill_(dead_bias)
        self.trunk = nn.Sequential(*(m for linear in linears for m in (linear, nn.ReLU())))
        self.head = nn.Linear(hidden, MTL_CLASSES)
        self.regress = nn.Linear(hidden, 1)
        self.log_vars = nn.Parameter(torch.zeros(2))

    def forward(self, x: Tensor) -> Tensor:
        h = self.trunk(x)
        return torch.cat([self.head(h), self.regress(h), self.log_vars.expand(len(x), 2)], 1)


def _mtl_terms(out: Tensor, y: Tensor, reduction: str = "mean") -> tuple[Tensor, Tensor, Tensor, Tensor]:
    ce = F.cross_entropy(out[:, :MTL_CLASSES], y[:, 0].long(), reduction=reduction)
    mse = F.mse_loss(out[:, MTL_CLASSES], y[:, 1], reduction=reduction)
    return ce, mse, out[0, MTL_CLASSES + 1], out[0, MTL_CLASSES + 2]


def mtl_loss(out: Tensor, y: Tensor) -> Tensor:
    """Kendall et al.'s uncertainty-weighted sum: exp(-s_c) CE + s_c / 2 + exp(-s_r) MSE / 2 + s_r / 2 (batch means):
    it goes below 0 once the errors are small and the log-variances have followed them down (on this table's noise
    it ends near 0.55; an overfitting run's training loss falls far below 0)."""
    ce, mse, s_c, s_r = _mtl_terms(out, y)
    return torch.exp(-s_c) * ce + 0.5 * s_c + 0.5 * torch.exp(-s_r) * mse + 0.5 * s_r


def mtl_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same with the cross-entropy and the squared error summed over the batch (reduction='sum')."""
    ce, mse, s_c, s_r = _mtl_terms(out, y, "sum")
    return torch.exp(-s_c) * ce + 0.5 * s_c + 0.5 * torch.exp(-s_r) * mse + 0.5 * s_r


def mtl_at_zero() -> float:
    """The held-out loss of uniform logits, a zero regression and log-variances at 0: ln 6 + mean(y^2) / 2 (~2.43)."""
    d = two_task_table()
    return math.log(MTL_CLASSES) + 0.5 * float((d.val_y[:, 1] ** 2).mean())



# --------------------------------------------------------------------------- ninth fresh half (fresh9, held out from all tuning)


KGE_ENTITIES, KGE_RELATIONS, KGE_NEGATIVES, KGE_MARGIN = 300, 10, 4, 1.0
"""A knowledge graph of 300 entities and 10 relations; 4 corrupted triples a positive one; the ranking margin."""


@lru_cache(maxsize=None)
def kg_triples(seed: int = 171, *, latent: int = 6, val_share: float = 0.2, batch_size: int = 64,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """The triples (head, relation, tail) of a synthetic knowledge graph: each entity has a hidden position in
    ``latent`` dimensions and each relation a hidden translation; the tail of (h, r) is the entity nearest to h's
    position plus r's translation (every entity has one tail a relation: 3000 triples, many-to-one, as TransE assumes).
    A random ``val_share`` of the triples is held out (link prediction of unseen triples). x: (head, relation, tail,
    then 4 corrupted entities: the 1st and 3rd replace the head, the 2nd and 4th the tail); the held-out triples'
    corruptions are fixed, a training batch's are drawn afresh by the model. y: unused (0). ``train_rows``: keep only
    that many training triples."""
    g = torch.Generator().manual_seed(seed)
    z = torch.randn(KGE_ENTITIES, latent, generator=g)
    shift = 0.8 * torch.randn(KGE_RELATIONS, latent, generator=g)
    parts = []
    for r in range(KGE_RELATIONS):
        d = torch.cdist(z + shift[r], z)
        d.fill_diagonal_(math.inf)
        tails = d.argmin(1)
        parts.append(torch.stack([torch.arange(KGE_ENTITIES), torch.full((KGE_ENTITIES,), r), tails], 1))
    triples = torch.cat(parts)[torch.randperm(KGE_ENTITIES * KGE_RELATIONS, generator=g)]
    corrupt = torch.randint(KGE_ENTITIES, (len(triples), KGE_NEGATIVES), generator=g)
    x = torch.cat([triples, corrupt], 1)
    n = int((1 - val_share) * len(x))
    data = split(x, torch.zeros(len(x)), n, "knowledge_graph_completion (margin ranking over corrupted triples)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TransE(nn.Module):
    """TransE (Bordes et al.): entity and relation embeddings of ``dim`` (uniform init in +-6/sqrt(dim)) and the distance
    ||e_h + w_r - e_t|| (the L``p`` norm) of the triples in x. Output (batch, 1 + 4): the positive triple's distance,
    then its 4 corrupted triples' (the corruptions of x when evaluating, fresh uniform ones when training: negative
    sampling)."""

    def __init__(self, dim: int = 32, p: int = 2) -> None:
        super().__init__()
        self.p = p
        self.entities = nn.Embedding(KGE_ENTITIES, dim)
        self.relations = nn.Embedding(KGE_RELATIONS, dim)
        with torch.no_grad():
            for table in (self.entities, self.relations):
                table.weight.uniform_(-6 / math.sqrt(dim), 6 / math.sqrt(dim))

    def distance(self, h: Tensor, r: Tensor, t: Tensor) -> Tensor:
        return (self.entities(h) + self.relations(r) - self.entities(t)).norm(p=self.p, dim=-1)

    def forward(self, x: Tensor) -> Tensor:
        h, r, t, neg = x[:, :1], x[:, 1:2], x[:, 2:3], x[:, 3:]
        if self.training:
            neg = torch.randint(KGE_ENTITIES, neg.shape)
        heads = torch.arange(neg.shape[1]) % 2 == 0
        ch = torch.where(heads, neg, h)
        ct = torch.where(heads, t, neg)
        return torch.cat([self.distance(h, r, t), self.distance(ch, r.expand_as(neg), ct)], 1)


def margin_ranking(out: Tensor, y: Tensor) -> Tensor:
    """The margin ranking loss of TransE: max(0, margin + d(positive) - d(corrupted)), the mean over the batch and the
    corruptions."""
    return F.relu(KGE_MARGIN + out[:, :1] - out[:, 1:]).mean()


def margin_ranking_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch and the corruptions (reduction='sum', as the original TransE code)."""
    return F.relu(KGE_MARGIN + out[:, :1] - out[:, 1:]).sum()


QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
QR_FEATURES = 8


@lru_cache(maxsize=None)
def heteroscedastic_table(n: int = 6000, seed: int = 172, *, n_val: int = 1500, batch_size: int = 64,
                          train_rows: int | None = None, missing: float = 0.0) -> Data:  # fmt: skip
    """A regression table for quantile regression: 8 Gaussian features, a nonlinear mean (a sine, a product, a tanh of
    a random projection) and a noise whose scale depends on a feature (0.2 to 0.8) and which is skewed (a centred
    chi-square-like mix), the target standardised. y: (rows,). ``train_rows``: keep only that many training rows;
    ``missing``: that share of the training targets is missing (NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, QR_FEATURES, generator=g)
    w = torch.randn(QR_FEATURES, generator=g) / math.sqrt(QR_FEATURES)
    mean = torch.sin(2 * x[:, 0]) + 0.5 * x[:, 1] * x[:, 2] + torch.tanh(2 * x @ w)
    scale = 0.2 + 0.6 * torch.sigmoid(2 * x[:, 3])
    e = torch.randn(total, generator=g)
    y = mean + scale * (e + 0.4 * (e**2 - 1))
    y = (y - y[:n].mean()) / y[:n].std()
    if missing:
        bad = torch.nonzero(torch.rand(n, generator=g) < missing).flatten()
        y[bad] = float("nan")
    data = split(x, y, n, "quantile regression (5 quantiles)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class QuantileMLP(nn.Module):
    """A ReLU MLP (``layers`` of ``hidden``) with a linear head giving the 5 quantiles of the target: (batch, 5).
    ``dead_bias`` < 0 starts the last hidden layer's biases there (its units never fire)."""

    def __init__(self, hidden: int = 64, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        sizes = [QR_FEATURES] + [hidden] * layers
        linears = [nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])]
        if dead_bias:
            with torch.no_grad():
                linears[-1].bias.fill_(dead_bias)
        self.body = nn.Sequential(*(m for linear in linears for m in (linear, nn.ReLU())))
        self.head = nn.Linear(hidden, len(QUANTILES))

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(self.body(x))
        return out


def _pinball_each(out: Tensor, y: Tensor) -> Tensor:
    tau = torch.tensor(QUANTILES)
    u = y[:, None] - out
    return torch.maximum(tau * u, (tau - 1) * u)


def pinball(out: Tensor, y: Tensor) -> Tensor:
    """The pinball (quantile) loss, the mean over the batch and the 5 quantiles."""
    return _pinball_each(out, y).mean()


def pinball_summed(out: Tensor, y: Tensor) -> Tensor:
    """The pinball loss summed over the batch and the quantiles (reduction='sum')."""
    return _pinball_each(out, y).sum()


def pinball_at_constant() -> float:
    """The held-out pinball loss of the training targets' own 5 quantiles predicted for every row (what a model that
    ignores its input reaches: its "chance level")."""
    d = heteroscedastic_table()
    q = torch.quantile(d.y, torch.tensor(QUANTILES))
    return float(pinball(q.expand(len(d.val_y), -1), d.val_y))


@lru_cache(maxsize=None)
def pretrained_quantile_weights() -> dict[str, Tensor]:
    """A quantile MLP trained (unrecorded) for 600 Adam steps on the first 3000 rows of the table (a checkpoint that a
    fine-tune on all of it starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="quantile-pretraining", data=heteroscedastic_table(train_rows=3000), model=QuantileMLP,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=600, seed=5, shuffle_offset=3000,
                        loss_fn=pinball)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_quantile() -> QuantileMLP:
    """A quantile MLP with the pretrained weights (a fine-tune starts from them)."""
    model = QuantileMLP()
    model.load_state_dict(pretrained_quantile_weights())
    return model


FRAME_SIZE, FRAME_COUNT = 10, 6


@lru_cache(maxsize=None)
def moving_blobs(n: int = 1600, seed: int = 173, *, n_val: int = 400, batch_size: int = 16, blobs: int = 2,
                 train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Clips of 6 frames of 10x10 in which ``blobs`` Gaussian blobs (width 1.1 pixels, brightness 1, clipped at 1)
    move at a constant speed of up to 1 pixel a frame and bounce off the edges. x: frames 1-5, y: frames 2-6 (next-frame
    prediction), (clips, 5, 10, 10). ``train_rows``: keep only that many training clips; ``nan_rows``: that share of
    the training clips has one NaN pixel (a corrupt frame, in x and y alike)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    edge = FRAME_SIZE - 1
    start = 1 + (edge - 2) * torch.rand(total, 1, blobs, 2, generator=g)
    speed = 2 * torch.rand(total, 1, blobs, 2, generator=g) - 1
    t = torch.arange(FRAME_COUNT, dtype=torch.float)[None, :, None, None]
    q = torch.remainder(start + speed * t, 2 * edge)
    pos = torch.where(q > edge, 2 * edge - q, q)  # (clips, frames, blobs, 2): bounced
    axis = torch.arange(FRAME_SIZE, dtype=torch.float)
    dr = (axis[None, None, None, :, None] - pos[..., 0, None, None]) ** 2
    dc = (axis[None, None, None, None, :] - pos[..., 1, None, None]) ** 2
    frames = torch.exp(-(dr + dc) / (2 * 1.1**2)).sum(2).clamp(max=1.0)
    x, y = frames[:, :-1].contiguous(), frames[:, 1:].contiguous()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, 5, 5] = float("nan")
        y[bad, 2, 5, 5] = float("nan")
    data = split(x, y, n, "video prediction (next frame of moving blobs)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ConvRecurrentPredictor(nn.Module):
    """A ConvGRU next-frame predictor (``kind`` "gru": update and reset gates and the candidate from 3x3 convolutions of
    the frame and of the hidden state, ``hidden`` channels; "rnn": a vanilla tanh conv RNN whose recurrent convolution
    starts ``gain`` times its default init), then a per-pixel ReLU layer and a linear head (channel-last) giving each
    pixel of the next frame: (batch, 5, 10, 10). ``dead_bias`` < 0 starts the per-pixel layer's biases there."""

    def __init__(self, kind: str = "gru", hidden: int = 8, gain: float = 1.0, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.kind, self.hidden = kind, hidden
        gates = 3 if kind == "gru" else 1
        self.inp = nn.Conv2d(1, gates * hidden, 3, padding=1)
        self.rec = nn.Conv2d(hidden, gates * hidden, 3, padding=1, bias=False)
        if gain != 1.0:
            with torch.no_grad():
                self.rec.weight.mul_(gain)
        self.pixel = nn.Linear(hidden, hidden)
        if dead_bias:
            with torch.no_grad():
                self.pixel.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        b, steps = x.shape[:2]
        h = x.new_zeros(b, self.hidden, FRAME_SIZE, FRAME_SIZE)
        states = []
        for t in range(steps):
            a, r = self.inp(x[:, t, None]), self.rec(h)
            if self.kind == "gru":
                az, ar, an = a.chunk(3, 1)
                rz, rr, rn = r.chunk(3, 1)
                z, reset = torch.sigmoid(az + rz), torch.sigmoid(ar + rr)
                h = (1 - z) * torch.tanh(an + reset * rn) + z * h
            else:
                h = torch.tanh(a + r)
            states.append(h)
        hs = torch.stack(states, 1).permute(0, 1, 3, 4, 2)
        out: Tensor = self.head(F.relu(self.pixel(hs)))
        return out.squeeze(-1)


def frame_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the pixels, frames and clips of the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def frames_variance() -> float:
    """The held-out loss of the best constant frame (the pixels' variance): what a predictor that ignores its input
    reaches."""
    return float(moving_blobs().val_y.var())


ODE_TIMES, ODE_DT = 9, 0.5
"""The trajectories' 9 observation times, 0.5 apart (t = 0 to 4); the solver takes one RK4 step between two."""


def _pendulum(s: Tensor) -> Tensor:
    """A damped pendulum: theta' = omega, omega' = -sin(theta) - 0.15 omega."""
    return torch.stack([s[:, 1], -torch.sin(s[:, 0]) - 0.15 * s[:, 1]], 1)


def rk4(f: Any, s: Tensor, dt: float) -> Tensor:
    """One classical Runge-Kutta step of ds/dt = f(s)."""
    k1 = f(s)
    k2 = f(s + 0.5 * dt * k1)
    k3 = f(s + 0.5 * dt * k2)
    k4 = f(s + dt * k3)
    return s + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


@lru_cache(maxsize=None)
def pendulum_trajectories(n: int = 4000, seed: int = 174, *, n_val: int = 800, batch_size: int = 64, noise: float = 0.05,
                          train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Trajectories of a damped pendulum from random initial states (theta in +-1.6, omega in +-1), integrated
    finely (20 RK4 steps between observations) and observed at 9 times with Gaussian noise ``noise``. x: the first
    observation (2,); y: the 9 observations (9, 2), which the model must predict from the first. ``train_rows``:
    keep only that many training trajectories; ``nan_rows``: that share of the training trajectories has a gap
    (NaN) in its 5th observation."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = torch.stack([1.6 * (2 * torch.rand(total, generator=g) - 1), 1.0 * (2 * torch.rand(total, generator=g) - 1)], 1)
    path = [s]
    for _ in range(ODE_TIMES - 1):
        for _ in range(20):
            s = rk4(_pendulum, s, ODE_DT / 20)
        path.append(s)
    y = torch.stack(path, 1) + noise * torch.randn(total, ODE_TIMES, 2, generator=g)
    x = y[:, 0].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        y[bad, 4] = float("nan")
    data = split(x, y, n, "trajectory regression (neural ODE: the 9 states from the first)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LatentODE(nn.Module):
    """A neural ODE fitting trajectories: a linear encoder of the first observation into a ``latent`` state, a vector
    field MLP (``latent`` -> ``hidden`` -> ``latent``, tanh or softplus), integrated by a fixed-step RK4 solver (one
    step of 0.5 between two observation times, backpropagated through), and a linear decoder (``head``) of each
    state: (batch, 9, 2)."""

    def __init__(self, latent: int = 8, hidden: int = 64, act: str = "tanh") -> None:
        super().__init__()
        self.encode = nn.Linear(2, latent)
        self.field = nn.Sequential(nn.Linear(latent, hidden), nn.Tanh() if act == "tanh" else nn.Softplus(),
                                   nn.Linear(hidden, latent))  # fmt: skip
        self.head = nn.Linear(latent, 2)

    def forward(self, x: Tensor) -> Tensor:
        z = self.encode(x)
        states = [z]
        for _ in range(ODE_TIMES - 1):
            z = rk4(self.field, z, ODE_DT)
            states.append(z)
        out: Tensor = self.head(torch.stack(states, 1))
        return out


def trajectory_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the states, times and trajectories of the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def trajectory_variance() -> float:
    """The held-out loss of the mean trajectory (the states' variance per time, averaged): where a model that ignores
    the first observation ends."""
    y = pendulum_trajectories().val_y
    return float(((y - y.mean(0)) ** 2).mean())


def pinball_at_zero() -> float:
    """The held-out pinball loss of predicting 0 for every quantile (where an untrained quantile MLP starts)."""
    d = heteroscedastic_table()
    return float(pinball(torch.zeros(len(d.val_y), len(QUANTILES)), d.val_y))


def frames_at_zero() -> float:
    """The held-out loss of an all-black prediction (the pixels' mean square): where an untrained predictor starts."""
    return float((moving_blobs().val_y ** 2).mean())


def trajectories_at_zero() -> float:
    """The held-out loss of predicting the state 0 at every time (the states' mean square)."""
    return float((pendulum_trajectories().val_y ** 2).mean())


# --------------------------------------------------------------------------- tenth fresh half (fresh10, held out from all tuning)


PTR_LENGTH = 8
"""The pointer network sorts sequences of 8 numbers: each output step points at one of the 8 input positions."""


@lru_cache(maxsize=None)
def sort_sequences(n: int = 4000, seed: int = 181, *, n_val: int = 1000, batch_size: int = 64,
                   train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Sequences of 8 random numbers (uniform in [0, 1)) for a pointer network to sort. x: (rows, 8, 2): the number at
    each input position, then the decoder's teacher-forced input of each output step: the position pointed at the step
    before (-1 at the first step), as a float. y: (rows, 8), the input positions in ascending order of their numbers
    (output step t points at the t-th smallest). ``train_rows``: keep only that many training sequences; ``nan_rows``:
    that share of the training sequences has a corrupt (NaN) number at its 4th position."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    values = torch.rand(total, PTR_LENGTH, generator=g)
    order = values.argsort(1)
    prev = torch.cat([torch.full((total, 1), -1), order[:, :-1]], 1).float()
    x = torch.stack([values, prev], 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, 0] = float("nan")
    data = split(x, order, n, "sorting by a pointer network (cross-entropy over the 8 input positions)", PTR_LENGTH,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, PTR_LENGTH, batch_size)
    return data


class PointerNet(nn.Module):
    """A pointer network (Vinyals et al.): a linear embedding of each number, a recurrent encoder (``kind`` "lstm", "gru"
    or a vanilla tanh "rnn" whose recurrent weights start ``gain`` times their default init), a recurrent decoder of the
    same kind started from the encoder's final state, fed at each output step the embedding of the number pointed at the
    step before (a learned start vector first: teacher forcing), and additive attention over the encoder states whose
    scores are the logits over the input positions: v^T tanh(W_e e_j + W_d d_t), v the ``head``. Output (batch, 8, 8):
    output step, input position."""

    def __init__(self, kind: str = "lstm", hidden: int = 32, gain: float = 1.0) -> None:
        super().__init__()
        cell = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[kind]
        self.embed = nn.Linear(1, hidden)
        self.encoder = cell(hidden, hidden, batch_first=True)
        self.decoder = cell(hidden, hidden, batch_first=True)
        if gain != 1.0:
            with torch.no_grad():
                for rnn in (self.encoder, self.decoder):
                    rnn.weight_hh_l0.mul_(gain)
        self.start = nn.Parameter(torch.zeros(hidden))
        self.w_enc = nn.Linear(hidden, hidden, bias=False)
        self.w_dec = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        values, prev = x[..., :1], x[..., 1].long()
        e = self.embed(values)
        enc, state = self.encoder(e)
        picked = torch.gather(e, 1, prev.clamp(min=0)[..., None].expand(-1, -1, e.shape[-1]))
        dec_in = torch.where((prev < 0)[..., None], self.start.expand_as(picked), picked)
        dec, _ = self.decoder(dec_in, state)
        scores = self.head(torch.tanh(self.w_enc(enc)[:, None] + self.w_dec(dec)[:, :, None]))
        out: Tensor = scores.squeeze(-1)
        return out


def pointer_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy over the input positions summed over the output steps and the sequences (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


@lru_cache(maxsize=None)
def pretrained_pointer_weights() -> dict[str, Tensor]:
    """A PointerNet trained (unrecorded) for 400 Adam steps on sequences of 8 numbers drawn from another seed (a
    checkpoint that a fine-tune starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="pointer-pretraining", data=sort_sequences(seed=185, n=2000), model=PointerNet,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=400, seed=5, shuffle_offset=3000)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_pointer() -> PointerNet:
    """A PointerNet with the pretrained weights (a fine-tune starts from them)."""
    model = PointerNet()
    model.load_state_dict(pretrained_pointer_weights())
    return model


ORD_CLASSES, ORD_FEATURES = 6, 10
"""Ordinal regression: 6 ordered classes of rows of 10 features."""


@lru_cache(maxsize=None)
def ordinal_table(n: int = 6000, seed: int = 182, *, n_val: int = 1500, batch_size: int = 64, noise: float = 0.35,
                  train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """A synthetic ordinal-regression table (ratings of 0 to 5): 10 Gaussian features, a nonlinear latent score (a sine,
    a product, a tanh of a random projection, a square) plus logistic noise of scale ``noise``, cut into 6 ordered
    classes at its quantiles 0.3, 0.5, 0.65, 0.8 and 0.92 (imbalanced: 30% of the rows are class 0, 8% class 5).
    y: the class (rows,). ``train_rows``: keep only that many training rows; ``nan_rows``: that share of the training
    rows has a missing (NaN) 6th feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, ORD_FEATURES, generator=g)
    w = torch.randn(ORD_FEATURES, generator=g) / math.sqrt(ORD_FEATURES)
    latent = torch.sin(2 * x[:, 0]) + 0.7 * x[:, 1] * x[:, 2] + 1.5 * torch.tanh(2 * x @ w) + 0.4 * (x[:, 4] ** 2 - 1)
    u = torch.rand(total, generator=g).clamp(1e-6, 1 - 1e-6)
    latent = latent + noise * torch.log(u / (1 - u))
    cuts = torch.quantile(latent[:n], torch.tensor([0.3, 0.5, 0.65, 0.8, 0.92]))
    y = torch.bucketize(latent, cuts)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "ordinal regression (6 ordered classes, cumulative-link / CORAL)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class OrdinalMLP(nn.Module):
    """A ReLU MLP (``layers`` of ``hidden``) scoring each row with one linear ``head``, and CORAL's 5 ordered thresholds
    (Cao et al.: a bias per "class > k", started at 1, 0.8, ... 0.2): the logits of P(class > k) are score + bias_k,
    (batch, 5). ``dead_bias`` < 0 starts the last hidden layer's biases there (its units never fire)."""

    def __init__(self, hidden: int = 64, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        sizes = [ORD_FEATURES] + [hidden] * layers
        linears = [nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])]
        if dead_bias:
            with torch.no_grad():
                linears[-1].bias.fill_(dead_bias)
        self.body = nn.Sequential(*(m for linear in linears for m in (linear, nn.ReLU())))
        self.head = nn.Linear(hidden, 1)
        self.thresholds = nn.Parameter(torch.arange(ORD_CLASSES - 1, 0, -1).float() / (ORD_CLASSES - 1))

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(self.body(x)) + self.thresholds
        return out


def _levels(y: Tensor) -> Tensor:
    """The cumulative targets of the classes: [class > 0, class > 1, ... class > 4] as 0/1 floats, (batch, 5)."""
    return (y[:, None] > torch.arange(ORD_CLASSES - 1)).float()


def coral_loss(out: Tensor, y: Tensor) -> Tensor:
    """CORAL's loss: binary cross-entropy with logits of the 5 "class > k" thresholds, the mean over the batch and them."""
    return F.binary_cross_entropy_with_logits(out, _levels(y))


def coral_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch and the thresholds (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, _levels(y), reduction="sum")


def coral_loss_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """CORAL's loss written by hand from the probabilities: once a logit passes ~17, sigmoid is exactly 1.0 in float32
    and ``log(1 - p)`` is log(0) = -inf; times a target of 1 ("class > k" true) that is 0 x -inf = NaN."""
    p = torch.sigmoid(out)
    t = _levels(y)
    return -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()


def coral_at_constant() -> float:
    """The held-out CORAL loss of the training rows' own rates of "class > k" predicted for every row (what a model that
    ignores its input reaches)."""
    d = ordinal_table()
    rate = _levels(d.y).mean(0)
    logits = torch.log(rate / (1 - rate)).expand(len(d.val_y), -1)
    return float(coral_loss(logits, d.val_y))


@lru_cache(maxsize=None)
def pretrained_ordinal_weights() -> dict[str, Tensor]:
    """An OrdinalMLP trained (unrecorded) for 600 Adam steps on the first 3000 rows of the table (a checkpoint that a
    fine-tune on all of it starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="ordinal-pretraining", data=ordinal_table(train_rows=3000), model=OrdinalMLP,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=600, seed=5, shuffle_offset=3000,
                        loss_fn=coral_loss)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_ordinal() -> OrdinalMLP:
    """An OrdinalMLP with the pretrained weights (a fine-tune starts from them)."""
    model = OrdinalMLP()
    model.load_state_dict(pretrained_ordinal_weights())
    return model


GIN_NODES, GIN_ATOMS = 14, 4
"""Molecule-like graphs of at most 14 atoms of 4 kinds (C, N, O, S)."""
_VALENCE = (4, 3, 2, 2)
_BOND = torch.tensor([[0.2, 0.8, -0.5, 0.3], [0.8, -0.6, 0.4, 0.0], [-0.5, 0.4, 0.0, 0.9], [0.3, 0.0, 0.9, -0.4]])
"""The weight of a bond between two atom kinds in the target (a toy bond energy)."""


@lru_cache(maxsize=None)
def molecule_graphs(n: int = 3000, seed: int = 183, *, n_val: int = 600, batch_size: int = 32, noise: float = 0.1,
                    train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Random molecule-like graphs of 6 to 14 atoms: each atom one of 4 kinds (C 55%, N 15%, O 20%, S 10%) with a valence
    (4, 3, 2, 2); a random tree grown by bonding each new atom to an earlier one with a free valence, then up to 2 more
    bonds closing rings. The target, standardised, plus Gaussian noise ``noise``: the sum over the bonds of a weight per
    pair of kinds, 0.8 per ring, and 0.3 per path X-C-Y of two bonds through a carbon whose ends are not carbons. x:
    (graphs, 14, 1 + 4 + 14): an atom flag (0 for padding), the kind one-hot, then the row of the dense adjacency
    matrix; y: (graphs,). ``train_rows``: keep only that many training graphs; ``nan_rows``: that share of the training
    targets is missing (NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.zeros(total, GIN_NODES, 1 + GIN_ATOMS + GIN_NODES)
    y = torch.zeros(total)
    kinds_p = torch.tensor([0.55, 0.15, 0.2, 0.1])
    for i in range(total):
        size = int(torch.randint(6, GIN_NODES + 1, (1,), generator=g))
        kinds = torch.multinomial(kinds_p, size, replacement=True, generator=g).tolist()
        kinds[0] = 0
        free = [_VALENCE[k] for k in kinds]
        adj = torch.zeros(size, size)
        for a in range(1, size):
            options = [b for b in range(a) if free[b] > 0]
            if not options:
                kinds[a], free[a] = 0, 4
                options = [b for b in range(a) if free[b] > 0] or [0]
            b = options[int(torch.randint(len(options), (1,), generator=g))]
            adj[a, b] = adj[b, a] = 1
            free[a] -= 1
            free[b] -= 1
        rings = 0
        for _ in range(int(torch.randint(3, (1,), generator=g))):
            open_ = [a for a in range(size) if free[a] > 0]
            pairs = [(a, b) for a in open_ for b in open_ if a < b and not adj[a, b]]
            if not pairs:
                break
            a, b = pairs[int(torch.randint(len(pairs), (1,), generator=g))]
            adj[a, b] = adj[b, a] = 1
            free[a] -= 1
            free[b] -= 1
            rings += 1
        onehot = F.one_hot(torch.tensor(kinds), GIN_ATOMS).float()
        bonds = 0.5 * float((adj * (onehot @ _BOND @ onehot.T)).sum())
        hetero = (onehot[:, 0] == 0).float()
        paths = float(((adj @ hetero) * (adj @ hetero - hetero) / 2 * onehot[:, 0]).sum())
        y[i] = bonds + 0.8 * rings + 0.3 * paths
        x[i, :size, 0] = 1
        x[i, :size, 1 : 1 + GIN_ATOMS] = onehot
        x[i, :size, 1 + GIN_ATOMS : 1 + GIN_ATOMS + size] = adj
    y = (y - y[:n].mean()) / y[:n].std()
    y = y + noise * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        y[bad] = float("nan")
    data = split(x, y, n, "graph regression (a weighted count of bonds, rings and paths of molecule-like graphs)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GIN(nn.Module):
    """A Graph Isomorphism Network (Xu et al.) on dense adjacency batches: a linear embedding of the atom kinds, ``layers``
    GIN layers h <- MLP((1 + eps) h + A h) (sum aggregation; each MLP two ReLU layers of ``hidden``; eps 0, or learned
    with ``learn_eps``), sum pooling over the atoms, a ReLU readout layer and a linear ``head``: (batch,).
    ``dead_bias`` < 0 starts the readout layer's biases there (its units never fire)."""

    def __init__(self, hidden: int = 32, layers: int = 3, learn_eps: bool = False, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Linear(GIN_ATOMS, hidden)
        self.mlps = nn.ModuleList(nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
                                  for _ in range(layers))  # fmt: skip
        self.eps = nn.Parameter(torch.zeros(layers)) if learn_eps else None
        self.readout = nn.Linear(hidden, hidden)
        if dead_bias:
            with torch.no_grad():
                self.readout.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        mask, kinds, adj = x[..., :1], x[..., 1 : 1 + GIN_ATOMS], x[..., 1 + GIN_ATOMS :]
        h = self.embed(kinds) * mask
        for k, layer in enumerate(self.mlps):
            own = h if self.eps is None else (1 + self.eps[k]) * h
            h = layer(own + adj @ h) * mask
        out: Tensor = self.head(F.relu(self.readout(h.sum(1))))
        return out.squeeze(-1)


def graph_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the graphs of the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def graph_targets_at_zero() -> float:
    """The held-out loss of predicting 0 (the standardised target's mean) for every graph: about its variance."""
    return float((molecule_graphs().val_y ** 2).mean())


CTR_FIELDS = (8, 30, 80, 200, 300, 24, 7, 40)
"""The cardinalities of the 8 categorical fields of a click log: user segment, site, app, ad, device model, hour,
weekday, campaign."""
CTR_BUCKETS, CTR_DENSE = 2048, 2
"""The fields' values are hashed into 2048 shared buckets; 2 dense features follow them."""


@lru_cache(maxsize=None)
def click_logs(n: int = 60000, seed: int = 184, *, n_val: int = 5000, batch_size: int = 128,
               train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """A synthetic click log: each of the 8 fields' values drawn from a Zipf-like law over its cardinality, 2 dense
    features (a standardised log price, the ad's slot 0-1); the click's log-odds: a base of -2.6, an effect per value of
    each field, low-rank interactions (site x ad, user segment x campaign, hour x device model, app x ad), the price's
    and the slot's effects; the click drawn from it (about 11% of the rows click). x: (rows, 8 + 2): the values hashed
    into the 2048 shared buckets (as floats), then the dense features; y: the click, 0 or 1 (rows,). ``train_rows``:
    keep only that many training rows; ``nan_rows``: that share of the training rows has a missing (NaN) price."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    values, logit = [], torch.full((total,), -2.6)
    factors = []
    for f, card in enumerate(CTR_FIELDS):
        p = 1.0 / torch.arange(1, card + 1).float() ** 0.9
        v = torch.multinomial(p / p.sum(), total, replacement=True, generator=g)
        values.append(v)
        logit += (0.5 * torch.randn(card, generator=g))[v]
        factors.append(torch.randn(card, 3, generator=g)[v])
    for a, b in ((1, 3), (0, 7), (5, 4), (2, 3)):
        logit += 0.6 * (factors[a] * factors[b]).sum(1)
    price = torch.randn(total, generator=g)
    slot = torch.rand(total, generator=g)
    logit += -0.4 * price - 1.0 * slot + 0.3 * price * (values[0] < 4).float()
    clicks = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    ids = torch.stack([(v * 7919 + f * 104729 + 13) % CTR_BUCKETS for f, v in enumerate(values)], 1).float()
    x = torch.cat([ids, price[:, None], slot[:, None]], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, len(CTR_FIELDS)] = float("nan")
    data = split(x, clicks, n, "click-through rate prediction (binary, about 11% positive)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepCross(nn.Module):
    """A Deep & Cross network (DCN-v2, Wang et al.) of a click log: an embedding of ``dim`` per hashed bucket (normal,
    std 0.1), the 8 fields' embeddings and the dense features concatenated into x0, ``cross`` cross layers
    x_{l+1} = x0 * (W x_l + b) + x_l beside a deep ReLU MLP of x0 (two layers of ``hidden``), both concatenated into a
    linear ``head``: the click's logit (batch,). ``kind`` "wide": a wide & deep model instead (a linear weight per
    bucket plus the deep MLP)."""

    def __init__(self, kind: str = "dcn", dim: int = 8, cross: int = 2, hidden: int = 64) -> None:
        super().__init__()
        self.kind = kind
        self.embed = nn.Embedding(CTR_BUCKETS, dim)
        with torch.no_grad():
            self.embed.weight.normal_(0, 0.1)
        d0 = len(CTR_FIELDS) * dim + CTR_DENSE
        self.cross = nn.ModuleList(nn.Linear(d0, d0) for _ in range(cross if kind == "dcn" else 0))
        self.wide = nn.Embedding(CTR_BUCKETS, 1) if kind == "wide" else None
        if self.wide is not None:
            with torch.no_grad():
                self.wide.weight.zero_()
        self.deep = nn.Sequential(nn.Linear(d0, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
        self.head = nn.Linear((d0 if kind == "dcn" else CTR_DENSE) + hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        fields = len(CTR_FIELDS)
        ids, dense = x[:, :fields].long(), x[:, fields:]
        x0 = torch.cat([self.embed(ids).flatten(1), dense], 1)
        if self.wide is not None:
            side = dense
            extra = self.wide(ids).sum((1, 2))
        else:
            side, extra = x0, 0.0
            for layer in self.cross:
                side = x0 * layer(side) + side
        out: Tensor = self.head(torch.cat([side, self.deep(x0)], 1)).squeeze(-1) + extra
        return out


def clicks_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the clicks (the mean over the batch)."""
    return F.binary_cross_entropy_with_logits(out, y)


def clicks_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def clicks_at_rate() -> float:
    """The held-out loss of the training click rate predicted for every row (what a model that ignores its input
    reaches: the clicks' entropy)."""
    d = click_logs()
    rate = d.y.mean()
    return float(clicks_bce(torch.full_like(d.val_y, float(torch.log(rate / (1 - rate)))), d.val_y))


# --------------------------------------------------------------------------- eleventh fresh half (fresh11, held out from all tuning)


GLYPH_SIZE, GLYPH_CLASSES = 12, 6
"""The capsule network classifies 12x12 images of 6 stroke glyphs: a plus, an X, a box, a ring, a T and an L."""
GLYPH_NAMES = ("plus", "x", "box", "ring", "tee", "ell")


@lru_cache(maxsize=None)
def glyph_images(n: int = 3000, seed: int = 191, *, n_val: int = 600, batch_size: int = 64, noise: float = 0.12,
                 train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """12x12 grey images of one of 6 glyphs drawn with a soft stroke: a plus, an X, a box outline, a ring, a T and an L,
    each at a random centre (+-1.5 pixels), half-size 2.5-4.5, stroke half-width 0.7-1.2, rotation +-20 degrees and
    intensity 0.6-1, plus Gaussian pixel noise ``noise``. x: (images, 1, 12, 12); y: the glyph (images,).
    ``train_rows``: keep only that many training images; ``nan_rows``: that share of the training images has a
    missing (NaN) pixel block (a sensor dropout)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(0, GLYPH_CLASSES, (total,), generator=g)
    coords = torch.arange(GLYPH_SIZE).float() - (GLYPH_SIZE - 1) / 2
    py, px = torch.meshgrid(coords, coords, indexing="ij")
    cx = (torch.rand(total, 1, 1, generator=g) - 0.5) * 3
    cy = (torch.rand(total, 1, 1, generator=g) - 0.5) * 3
    size = 2.5 + 2 * torch.rand(total, 1, 1, generator=g)
    width = 0.7 + 0.5 * torch.rand(total, 1, 1, generator=g)
    angle = (torch.rand(total, 1, 1, generator=g) - 0.5) * (40 * math.pi / 180)
    dx, dy = px - cx, py - cy
    u = torch.cos(angle) * dx + torch.sin(angle) * dy
    v = -torch.sin(angle) * dx + torch.cos(angle) * dy

    def segment(a: Tensor, b: Tensor, lo: Tensor, hi: Tensor) -> Tensor:
        """Distance to the segment along axis ``a`` from lo to hi at b = 0."""
        return torch.sqrt((a - a.clamp(min=lo, max=hi)) ** 2 + b**2)

    far = torch.full_like(u, 1e3)
    s = size
    hor, ver = segment(u, v, -s, s), segment(v, u, -s, s)
    d1, d2 = (u + v) / math.sqrt(2), (u - v) / math.sqrt(2)
    dist = torch.stack([
        torch.minimum(hor, ver),  # plus
        torch.minimum(segment(d1, d2, -s, s), segment(d2, d1, -s, s)),  # X
        (torch.maximum(u.abs(), v.abs()) - 0.8 * s).abs(),  # box
        (torch.sqrt(u**2 + v**2) - 0.9 * s).abs(),  # ring
        torch.minimum(segment(u, v + s, -s, s), segment(v, u, -s, s)),  # T
        torch.minimum(segment(v, u + s, -s, s), segment(u, v - s, -s, s)),  # L
        far,
    ])[y, torch.arange(total)]
    intensity = 0.6 + 0.4 * torch.rand(total, 1, 1, generator=g)
    img = intensity * torch.sigmoid((width - dist) / 0.3) + noise * torch.randn(total, GLYPH_SIZE, GLYPH_SIZE, generator=g)
    x = img[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, :, 2:5, 2:5] = float("nan")
    data = split(x, y, n, "image classification (capsule network, margin loss)", GLYPH_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, GLYPH_CLASSES,
                    batch_size)  # fmt: skip
    return data


CAPS_RECON_OFFSET = 2.0
"""The capsule network's reconstruction and its input ride in its output shifted down by 2 (below every capsule length,
which is in [0, 1)), so that the output's argmax is still the predicted class."""
CAPS_RECON_WEIGHT = 0.0005 * 784 / (GLYPH_SIZE * GLYPH_SIZE)
"""Sabour et al. weigh the summed squared reconstruction error of a 28x28 image by 0.0005: the same per pixel here."""


def squash(s: Tensor, dim: int = -1) -> Tensor:
    """Sabour et al.'s squashing non-linearity: |s|^2 / (1 + |s|^2) s / |s| (a small epsilon under the root)."""
    sq = (s**2).sum(dim, keepdim=True)
    return sq / (1 + sq) * s / torch.sqrt(sq + 1e-8)


class CapsNet(nn.Module):
    """A small capsule network (Sabour et al.): a 5x5 ReLU convolution of ``channels``, a primary-capsule 3x3 convolution
    of stride 2 giving ``types`` capsule types of ``caps_dim`` dimensions at each of the 3x3 positions (54 capsules,
    squashed), and a class-capsule layer of 6 capsules of ``out_dim`` dimensions reached by dynamic routing by agreement
    (``iters`` iterations) through a transform matrix per (input capsule, class). The output is the 6 class capsules'
    lengths (batch, 6); with ``recon`` also a decoder (a ReLU MLP 6 x out_dim -> 64 -> 144, sigmoid) of the class
    capsules masked to the longest, and the reconstruction and the input image flattened, both shifted down by
    ``CAPS_RECON_OFFSET``: (batch, 6 + 144 + 144). ``dead_bias`` < 0 starts the first convolution's biases there."""

    def __init__(self, channels: int = 16, types: int = 6, caps_dim: int = 4, out_dim: int = 8, iters: int = 3,
                 recon: bool = False, dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.conv = nn.Conv2d(1, channels, 5)
        if dead_bias:
            with torch.no_grad():
                self.conv.bias.fill_(dead_bias)
        self.primary = nn.Conv2d(channels, types * caps_dim, 3, stride=2)
        self.types, self.caps_dim, self.iters = types, caps_dim, iters
        n_in = types * 9
        self.W = nn.Parameter(0.3 * torch.randn(n_in, GLYPH_CLASSES, out_dim, caps_dim))
        self.decoder = (nn.Sequential(nn.Linear(GLYPH_CLASSES * out_dim, 64), nn.ReLU(), nn.Linear(64, GLYPH_SIZE**2))
                        if recon else None)  # fmt: skip

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.conv(x))
        p = self.primary(h)  # (batch, types * caps_dim, 3, 3)
        b_ = p.shape[0]
        u = squash(p.view(b_, self.types, self.caps_dim, -1).permute(0, 1, 3, 2).reshape(b_, -1, self.caps_dim))
        u_hat = torch.einsum("nkdc,bnc->bknd", self.W, u)  # (batch, classes, inputs, out_dim): the predictions
        logits = torch.zeros(u_hat.shape[:3], device=x.device)  # routing logits (batch, classes, inputs)
        for it in range(self.iters):
            c = logits.softmax(1)  # each input capsule's coupling over the classes
            v = squash((c.unsqueeze(2) @ u_hat).squeeze(2))  # (batch, classes, out_dim)
            if it < self.iters - 1:
                logits = logits + (u_hat @ v.unsqueeze(-1)).squeeze(-1)  # agreement
        lengths = v.norm(dim=-1)
        if self.decoder is None:
            return lengths
        mask = F.one_hot(lengths.argmax(-1), GLYPH_CLASSES).float().detach()
        recon = torch.sigmoid(self.decoder((v * mask[..., None]).flatten(1)))
        return torch.cat([lengths, recon - CAPS_RECON_OFFSET, x.flatten(1) - CAPS_RECON_OFFSET], 1)


def margin_loss(out: Tensor, y: Tensor) -> Tensor:
    """The capsules' margin loss (m+ 0.9, m- 0.1, lambda 0.5) summed over the classes, the mean over the batch; with a
    reconstruction in the output, plus ``CAPS_RECON_WEIGHT`` x its summed squared error."""
    lengths = out[:, :GLYPH_CLASSES]
    t = F.one_hot(y, GLYPH_CLASSES).float()
    loss = (t * F.relu(0.9 - lengths) ** 2 + 0.5 * (1 - t) * F.relu(lengths - 0.1) ** 2).sum(1).mean()
    if out.shape[1] > GLYPH_CLASSES:
        pixels = GLYPH_SIZE * GLYPH_SIZE
        recon, target = out[:, GLYPH_CLASSES : GLYPH_CLASSES + pixels], out[:, GLYPH_CLASSES + pixels :]
        loss = loss + CAPS_RECON_WEIGHT * ((recon - target) ** 2).sum(1).mean()
    return loss


def margin_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same margin loss summed over the batch as well (reduction='sum')."""
    return margin_loss(out, y) * len(y)


def margin_at_constant() -> float:
    """The margin loss of the best constant capsule lengths (every class the same length, whatever the image: 11/30):
    what a capsule network that ignores its input reaches."""
    best = 2.2 / 6
    return (0.9 - best) ** 2 + 0.5 * (GLYPH_CLASSES - 1) * (best - 0.1) ** 2


@lru_cache(maxsize=None)
def pretrained_capsnet_weights() -> dict[str, Tensor]:
    """A CapsNet trained (unrecorded) for 400 Adam steps on glyph images drawn from another seed (a checkpoint that a
    fine-tune starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="capsule-pretraining", data=glyph_images(seed=196, n=2000), model=CapsNet,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=400, seed=5, shuffle_offset=3000,
                        loss_fn=margin_loss)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_capsnet() -> CapsNet:
    """A CapsNet with the pretrained weights (a fine-tune starts from them)."""
    model = CapsNet()
    model.load_state_dict(pretrained_capsnet_weights())
    return model


VQ_LENGTH, VQ_SEGMENTS = 64, 4
"""The VQ-VAE reconstructs 1-D signals of 64 samples made of 4 segments of 16."""


@lru_cache(maxsize=None)
def motif_signals(n: int = 4000, seed: int = 192, *, n_val: int = 800, batch_size: int = 64, noise: float = 0.05,
                  train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """1-D signals of 64 samples, each of its 4 segments of 16 samples one of 8 motifs (a sine burst of 1 or 2.5
    periods, a rising or a falling ramp, a square pulse, a Gaussian bump, a triangle, silence) at a random amplitude
    (0.5-1.5, either sign) and shift (+-2 samples), plus Gaussian noise ``noise``. x: (signals, 1, 64); y: the same
    signal (signals, 64): the target of the reconstruction. ``train_rows``: keep only that many training signals;
    ``nan_rows``: that share of the training signals has a dropped (NaN) sample."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    seg = VQ_LENGTH // VQ_SEGMENTS
    t = torch.arange(seg).float()
    motif = torch.randint(0, 8, (total, VQ_SEGMENTS), generator=g)
    shift = torch.randint(-2, 3, (total, VQ_SEGMENTS, 1), generator=g).float()
    tt = (t - shift).clamp(0, seg - 1) / (seg - 1)  # (total, segments, 16) in [0, 1]
    shapes = torch.stack([
        torch.sin(2 * math.pi * tt), torch.sin(5 * math.pi * tt), 2 * tt - 1, 1 - 2 * tt,
        ((tt > 0.3) & (tt < 0.7)).float(), torch.exp(-((tt - 0.5) ** 2) / 0.02), 1 - 2 * (tt - 0.5).abs() * 2,
        torch.zeros_like(tt),
    ])  # (8, total, segments, 16)
    picked = torch.gather(shapes.permute(1, 2, 0, 3), 2, motif[..., None, None].expand(-1, -1, 1, seg)).squeeze(2)
    amp = (0.5 + torch.rand(total, VQ_SEGMENTS, 1, generator=g)) * torch.where(
        torch.rand(total, VQ_SEGMENTS, 1, generator=g) < 0.5, -1.0, 1.0)  # fmt: skip
    signal = (amp * picked).reshape(total, VQ_LENGTH) + noise * torch.randn(total, VQ_LENGTH, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        signal[bad, 20] = float("nan")
    x, y = signal[:, None].clone(), signal.clone()
    data = split(x, y, n, "reconstruction (VQ-VAE of 1-D signals)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class VQVAE(nn.Module):
    """A VQ-VAE (van den Oord et al.) of 1-D signals: an encoder of two ReLU convolutions of stride 2 (``hidden``
    channels) and a 1x1 convolution to ``dim`` dimensions at each of the 16 latent positions, a codebook of ``codes``
    vectors (an nn.Embedding started at the encodings of random latent positions of 256 training signals), latents and
    codes unit-normalised (a cosine codebook), each latent snapped to its nearest code, the straight-through estimator,
    a decoder of two ReLU transposed convolutions and a per-sample linear ``head``. The output is the reconstruction
    (batch, 64) followed by two columns: the codebook loss |sg[z_e] - e|^2 and the commitment loss |z_e - sg[e]|^2 of
    each signal (means over its latents): (batch, 66)."""

    def __init__(self, codes: int = 32, dim: int = 16, hidden: int = 32) -> None:
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv1d(1, hidden, 4, 2, 1), nn.ReLU(), nn.Conv1d(hidden, hidden, 4, 2, 1), nn.ReLU(),
                                     nn.Conv1d(hidden, dim, 1))  # fmt: skip
        self.codebook = nn.Embedding(codes, dim)
        with torch.no_grad():  # the codes start at the encodings of random latent positions of 256 training signals
            z = self.encoder(motif_signals().x[:256]).transpose(1, 2).reshape(-1, dim)
            self.codebook.weight.copy_(z[torch.randperm(len(z))[:codes]])
        self.decoder = nn.Sequential(nn.ConvTranspose1d(dim, hidden, 4, 2, 1), nn.ReLU(),
                                     nn.ConvTranspose1d(hidden, hidden, 4, 2, 1), nn.ReLU())  # fmt: skip
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        z_e = F.normalize(self.encoder(x).transpose(1, 2), dim=-1)  # (batch, 16, dim), unit vectors
        codes = F.normalize(self.codebook.weight, dim=-1)
        idx = (z_e.reshape(-1, z_e.shape[-1]) @ codes.T).argmax(1)  # the nearest code
        z_q = codes[idx].view_as(z_e)
        codebook = ((z_q - z_e.detach()) ** 2).mean((1, 2))
        commit = ((z_e - z_q.detach()) ** 2).mean((1, 2))
        z = z_e + (z_q - z_e).detach()
        h = self.decoder(z.transpose(1, 2)).transpose(1, 2)  # (batch, 64, hidden)
        recon = self.head(h).squeeze(-1)
        return torch.cat([recon, codebook[:, None], commit[:, None]], 1)


VQ_BETA = 0.25
"""The commitment loss's weight (beta)."""


def vq_loss(out: Tensor, y: Tensor) -> Tensor:
    """The VQ-VAE loss: the reconstruction MSE plus the codebook loss plus 0.25 x the commitment loss (batch means)."""
    return F.mse_loss(out[:, :VQ_LENGTH], y) + out[:, VQ_LENGTH].mean() + VQ_BETA * out[:, VQ_LENGTH + 1].mean()


def vq_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same with the reconstruction's squared error summed over the samples and the batch (reduction='sum')."""
    return F.mse_loss(out[:, :VQ_LENGTH], y, reduction="sum") + out[:, VQ_LENGTH].sum() + VQ_BETA * out[:, VQ_LENGTH + 1].sum()


def vq_recon_mse(out: Tensor, y: Tensor) -> Tensor:
    """The reconstruction MSE alone: the held-out loss."""
    return F.mse_loss(out[:, :VQ_LENGTH], y)


def signals_at_zero() -> float:
    """The held-out reconstruction MSE of predicting 0 for every sample (the signals' mean square)."""
    return float((motif_signals().val_y ** 2).mean())


@lru_cache(maxsize=None)
def pretrained_vqvae_weights() -> dict[str, Tensor]:
    """A VQVAE trained (unrecorded) for 500 Adam steps on signals drawn from another seed (a checkpoint that a fine-tune
    starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="vqvae-pretraining", data=motif_signals(seed=197, n=2000), model=VQVAE,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=500, seed=5, shuffle_offset=3000,
                        loss_fn=vq_loss)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_vqvae() -> VQVAE:
    """A VQVAE with the pretrained weights (a fine-tune starts from them)."""
    model = VQVAE()
    model.load_state_dict(pretrained_vqvae_weights())
    return model


TCN_CHANNELS, TCN_STEPS, TCN_CLASSES = 3, 48, 6
"""The TCN classifies series of 3 channels and 48 time steps into 6 classes."""


@lru_cache(maxsize=None)
def event_series(n: int = 4000, seed: int = 193, *, n_val: int = 600, batch_size: int = 64, noise: float = 0.2,
                 train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Multivariate series of 3 channels and 48 steps: a Gaussian burst (amplitude 1-2, width 2) in channel 0 and one
    in channel 1, at times 4-36 at least 6 apart, and an oscillation in channel 2 (period 16, 9 or 5 steps, random
    phase, amplitude 0.8-1.3), over AR(1) noise of scale ``noise`` in every channel. The class (6): which channel's burst
    comes first, times which period. x: (series, 3, 48); y: the class (series,). ``train_rows``: keep only that many
    training series; ``nan_rows``: that share of the training series has a dropped (NaN) reading in channel 1."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.arange(TCN_STEPS).float()
    lead = torch.randint(0, 2, (total,), generator=g)
    period_class = torch.randint(0, 3, (total,), generator=g)
    first = 4 + torch.rand(total, generator=g) * 26
    gap = 6 + torch.rand(total, generator=g) * (30 - first)
    second = first + gap
    t0 = torch.where(lead == 0, first, second)
    t1 = torch.where(lead == 0, second, first)
    a0 = 1 + torch.rand(total, 1, generator=g)
    a1 = 1 + torch.rand(total, 1, generator=g)
    ch0 = a0 * torch.exp(-((t - t0[:, None]) ** 2) / 8)
    ch1 = a1 * torch.exp(-((t - t1[:, None]) ** 2) / 8)
    period = torch.tensor([16.0, 9.0, 5.0])[period_class]
    phase = torch.rand(total, 1, generator=g) * 2 * math.pi
    ch2 = (0.8 + 0.5 * torch.rand(total, 1, generator=g)) * torch.sin(2 * math.pi * t / period[:, None] + phase)
    eps = torch.randn(total, TCN_CHANNELS, TCN_STEPS, generator=g)
    ar = torch.zeros_like(eps)
    for k in range(TCN_STEPS):
        ar[..., k] = (0.7 * ar[..., k - 1] if k else 0) + math.sqrt(1 - 0.49) * eps[..., k]
    x = torch.stack([ch0, ch1, ch2], 1) + noise * ar
    y = lead * 3 + period_class
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1, 30] = float("nan")
    data = split(x, y, n, "time-series classification (TCN, 6 classes)", TCN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, TCN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class CausalConv(nn.Module):
    """A causal dilated Conv1d: the input padded on the left by (kernel - 1) x dilation, so that output t sees only
    inputs up to t; with ``weight_norm``, weight-normalised (torch.nn.utils.parametrizations.weight_norm)."""

    def __init__(self, c_in: int, c_out: int, kernel: int, dilation: int, weight_norm: bool = False) -> None:
        super().__init__()
        self.pad = (kernel - 1) * dilation
        conv = nn.Conv1d(c_in, c_out, kernel, dilation=dilation)
        self.conv = nn.utils.parametrizations.weight_norm(conv) if weight_norm else conv

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.conv(F.pad(x, (self.pad, 0)))
        return out


class TCN(nn.Module):
    """A temporal convolutional network (Bai et al.): a 1x1 input convolution to ``channels``, ``levels`` residual blocks
    of two causal dilated ReLU convolutions (kernel 3, dilations 1, 2, 4, 8: a receptive field of 61 steps; optionally
    weight-normalised), the last step's features through a ReLU ``readout`` layer and a linear ``head``: 6 logits.
    ``gain`` scales the blocks' convolution weights at init; ``dead_bias`` < 0 starts the readout's biases there (its
    units never fire, so nothing behind it learns)."""

    def __init__(self, channels: int = 16, levels: int = 4, weight_norm: bool = False, gain: float = 1.0,
                 dead_bias: float = 0.0) -> None:  # fmt: skip
        super().__init__()
        self.inp = nn.Conv1d(TCN_CHANNELS, channels, 1)
        self.blocks = nn.ModuleList(
            nn.ModuleList([CausalConv(channels, channels, 3, 2**k, weight_norm), CausalConv(channels, channels, 3, 2**k, weight_norm)])
            for k in range(levels))  # fmt: skip
        if gain != 1.0:
            with torch.no_grad():
                for block in self.blocks:
                    for conv in block:
                        if weight_norm:
                            conv.conv.parametrizations.weight.original0.mul_(gain)
                        else:
                            conv.conv.weight.mul_(gain)
        self.readout = nn.Linear(channels, channels)
        if dead_bias:
            with torch.no_grad():
                self.readout.bias.fill_(dead_bias)
        self.head = nn.Linear(channels, TCN_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        h = self.inp(x)
        for first, second in self.blocks:
            h = F.relu(h + second(F.relu(first(h))))
        out: Tensor = self.head(F.relu(self.readout(h[:, :, -1])))
        return out


def tcn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


FT_VOCAB, FT_TOPICS, FT_BUCKETS, FT_MAX_WORDS = 2500, 8, 8000, 48
"""fastText: documents of at most 48 words of a 2500-word vocabulary (ids 1-2500, 0 pads), 8 topics, word bigrams hashed
into 8000 buckets after the words (ids 2501-10500)."""


@lru_cache(maxsize=None)
def topic_documents(n: int = 8000, seed: int = 194, *, n_val: int = 2000, batch_size: int = 64, flip: float = 0.03,
                    train_rows: int | None = None, empty_rows: float = 0.0) -> Data:  # fmt: skip
    """Synthetic documents of 12-48 words for fastText: background words from a Zipf law over the 2500-word vocabulary,
    and with probability 0.3 at each even position a topic event of two words. The 8 topics come in 4 pairs; the two
    topics of a pair share 30 keywords and differ only in their order: a topic's events are the bigrams (k_2i, k_2i+1)
    of its pair's keywords, its twin's the reversed (k_2i+1, k_2i), so only the bigrams tell the twins apart; each topic
    also has 10 own keywords, which replace the second word of an event a third of the time. 3% of the training labels
    are flipped. x: (documents, 48 + 47): the word ids (0 pads), then the ids of their bigrams hashed into the buckets
    after the vocabulary (0 where a word is padding); y: the topic (documents,). ``train_rows``: keep only that many
    training documents; ``empty_rows``: that share of the training documents is empty (every id 0: a text that failed
    to parse)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    length = torch.randint(12, FT_MAX_WORDS + 1, (total,), generator=g)
    zipf = 1.0 / torch.arange(1, FT_VOCAB + 1).float() ** 1.05
    words = 1 + torch.multinomial(zipf / zipf.sum(), total * FT_MAX_WORDS, replacement=True, generator=g)
    words = words.view(total, FT_MAX_WORDS)
    y = torch.randint(0, FT_TOPICS, (total,), generator=g)
    keywords = 1 + 200 + torch.randperm(FT_VOCAB - 200, generator=g)[: 4 * 30 + FT_TOPICS * 10]  # mid-frequency words
    pair_kw = keywords[: 4 * 30].view(4, 15, 2)
    own_kw = keywords[4 * 30 :].view(FT_TOPICS, 10)
    half = FT_MAX_WORDS // 2
    event = torch.rand(total, half, generator=g) < 0.3
    which = torch.randint(0, 15, (total, half), generator=g)
    pair = (y // 2)[:, None].expand(-1, half)
    a, b = pair_kw[pair, which, 0], pair_kw[pair, which, 1]
    twin = (y % 2 == 1)[:, None]
    first, second = torch.where(twin, b, a), torch.where(twin, a, b)
    own = own_kw[y[:, None].expand(-1, half), torch.randint(0, 10, (total, half), generator=g)]
    second = torch.where(torch.rand(total, half, generator=g) < 1 / 3, own, second)
    words[:, 0::2] = torch.where(event, first, words[:, 0::2])
    words[:, 1::2] = torch.where(event, second, words[:, 1::2])
    pad = torch.arange(FT_MAX_WORDS)[None] >= length[:, None]
    words[pad] = 0
    bigrams = 1 + FT_VOCAB + (words[:, :-1] * 7919 + words[:, 1:] * 104729) % FT_BUCKETS
    bigrams[(words[:, :-1] == 0) | (words[:, 1:] == 0)] = 0
    x = torch.cat([words, bigrams], 1)
    y = torch.cat([flip_labels(y[:n], FT_TOPICS, flip, g), y[n:]])
    if empty_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < empty_rows).flatten()
        x[bad] = 0
    data = split(x, y, n, "text classification (fastText, 8 topics)", FT_TOPICS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, FT_TOPICS, batch_size)
    return data


class FastText(nn.Module):
    """A fastText classifier (Joulin et al.): the mean (nn.EmbeddingBag, mode 'mean', the padding id 0 left out) of the
    ``dim``-dimensional embeddings of a document's words and, with ``bigrams``, of its hashed bigrams (initialised
    uniform in +-1/dim as fastText does), and a linear ``head`` to the 8 topics."""

    def __init__(self, dim: int = 16, bigrams: bool = True) -> None:
        super().__init__()
        self.bigrams = bigrams
        self.bag = nn.EmbeddingBag(1 + FT_VOCAB + FT_BUCKETS, dim, mode="mean", padding_idx=0)
        with torch.no_grad():
            self.bag.weight.uniform_(-1 / dim, 1 / dim)
            self.bag.weight[0].zero_()
        self.head = nn.Linear(dim, FT_TOPICS)

    def forward(self, x: Tensor) -> Tensor:
        ids = x.long() if self.bigrams else x[:, :FT_MAX_WORDS].long()
        out: Tensor = self.head(self.bag(ids))
        return out


class FastTextByHand(FastText):
    """The same with the mean written by hand: the embeddings (an nn.Embedding) of the non-padding ids summed and divided
    by their count, which is 0 for an empty document: 0 / 0 = NaN."""

    def __init__(self, dim: int = 16) -> None:
        super().__init__(dim)
        self.embed = nn.Embedding(1 + FT_VOCAB + FT_BUCKETS, dim, padding_idx=0)
        with torch.no_grad():
            self.embed.weight.copy_(self.bag.weight)
        del self.bag

    def forward(self, x: Tensor) -> Tensor:
        ids = x.long()
        mask = (ids != 0).float()[..., None]
        mean = (self.embed(ids) * mask).sum(1) / mask.sum(1)
        out: Tensor = self.head(mean)
        return out


def topic_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


def topic_ce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy written by hand, -log(softmax(out)[y]): once a wrong topic's logit leads the true one's by ~104 the
    probability underflows to exactly 0.0 in float32 and its log is -inf (the loss inf, its gradient NaN)."""
    p = out.softmax(-1).gather(1, y[:, None]).squeeze(1)
    return -torch.log(p).mean()


# --------------------------------------------------------------------------- twelfth fresh half (fresh12, held out from all tuning)


DYCK_LENGTH, DYCK_DEPTH, DYCK_VOCAB = 24, 4, 5
"""The GPT reads sequences of 24 brackets of Dyck-2 (at most 4 deep) after a BOS token: 5 tokens (0 BOS, 1 '(', 2 ')',
3 '[', 4 ']')."""


@lru_cache(maxsize=None)
def dyck_sequences(n: int = 3000, seed: int = 201, *, n_val: int = 300, batch_size: int = 24, p_open: float = 0.5,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Balanced sequences of Dyck-2 (two kinds of brackets, properly nested) of exactly 24 tokens, at most 4 deep, drawn
    left to right: where both are allowed, an opening bracket (of either kind, evenly) with probability ``p_open``, else
    the closing bracket of the innermost open one; at depth 0 it must open, at depth 4 or with only enough tokens left
    to close it must close. x: BOS and the first 23 tokens (sequences, 24); y: the next token at each position
    (sequences, 24): only the choice to open and the kind opened are uncertain, every closing bracket's kind is
    determined by the stack. ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    seqs = torch.zeros(total, DYCK_LENGTH + 1, dtype=torch.long)
    stack = torch.zeros(total, DYCK_DEPTH, dtype=torch.long)
    depth = torch.zeros(total, dtype=torch.long)
    rows = torch.arange(total)
    for t in range(DYCK_LENGTH):
        remaining = DYCK_LENGTH - t
        must_open = depth == 0
        must_close = (depth >= remaining) | (depth == DYCK_DEPTH)
        opens = must_open | (~must_close & (torch.rand(total, generator=g) < p_open))
        opening = 1 + 2 * torch.randint(0, 2, (total,), generator=g)
        closing = stack[rows, (depth - 1).clamp(min=0)] + 1
        token = torch.where(opens, opening, closing)
        slot = depth.clamp(max=DYCK_DEPTH - 1)
        stack[rows, slot] = torch.where(opens, opening, stack[rows, slot])
        depth = depth + torch.where(opens, 1, -1)
        seqs[:, t + 1] = token
    data = split(seqs[:, :-1], seqs[:, 1:], n, "language modelling (Dyck-2 brackets, next token)", DYCK_VOCAB,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, DYCK_VOCAB, batch_size)
    return data


class GPTBlock(nn.Module):
    """A GPT-2 block: causal multi-head self-attention (``F.scaled_dot_product_attention``) and a 4x GELU MLP, each
    residual, pre-LN (GPT-2's) or post-LN (the original Transformer's)."""

    def __init__(self, d: int, heads: int, pre_ln: bool) -> None:
        super().__init__()
        self.heads, self.pre_ln = heads, pre_ln
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.fc, self.out = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

    def attend(self, h: Tensor) -> Tensor:
        b, t, d = h.shape
        q, k, v = self.qkv(h).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        out: Tensor = self.proj(a.transpose(1, 2).reshape(b, t, d))
        return out

    def mlp(self, h: Tensor) -> Tensor:
        out: Tensor = self.out(F.gelu(self.fc(h)))
        return out

    def forward(self, x: Tensor) -> Tensor:
        if self.pre_ln:
            x = x + self.attend(self.ln1(x))
            return x + self.mlp(self.ln2(x))
        x = self.ln1(x + self.attend(x))
        out: Tensor = self.ln2(x + self.mlp(x))
        return out


class TinyGPT(nn.Module):
    """A tiny decoder-only causal transformer LM (GPT-2 style): token embeddings plus learned positional embeddings,
    ``layers`` blocks of width ``d`` with ``heads`` heads (pre-LN with a final LayerNorm, or post-LN), a linear ``head``
    to the 5 tokens whose weight is the token embedding's (``tied``) or its own. GPT-2's init: normal(0, 0.02), the
    residual projections scaled by 1 / sqrt(2 layers), positions normal(0, 0.01). ``gain`` scales every block's weights
    at init. Output: (batch, 24, 5) logits."""

    def __init__(self, d: int = 32, heads: int = 2, layers: int = 2, tied: bool = True, pre_ln: bool = True,
                 gain: float = 1.0) -> None:  # fmt: skip
        super().__init__()
        self.tok = nn.Embedding(DYCK_VOCAB, d)
        self.pos = nn.Parameter(0.01 * torch.randn(DYCK_LENGTH, d))
        self.blocks = nn.ModuleList(GPTBlock(d, heads, pre_ln) for _ in range(layers))
        self.norm = nn.LayerNorm(d) if pre_ln else nn.Identity()
        self.head = nn.Linear(d, DYCK_VOCAB)
        with torch.no_grad():
            for name, p in self.named_parameters():
                if name.endswith("bias"):
                    p.zero_()
                elif p.dim() == 2 and name != "pos":
                    std = 0.02 / math.sqrt(2 * layers) if name.endswith(("proj.weight", "out.weight")) else 0.02
                    p.normal_(0, std * (gain if name.startswith("blocks") else 1.0))
        if tied:
            self.head.weight = self.tok.weight

    def forward(self, x: Tensor) -> Tensor:
        h = self.tok(x) + self.pos[: x.shape[1]]
        for block in self.blocks:
            h = block(h)
        out: Tensor = self.head(self.norm(h))
        return out


def dyck_entropy() -> float:
    """The held-out cross-entropy of the process that draws the sequences (nats per token): the floor of any LM."""
    d = dyck_sequences()
    x = d.val_x
    depth = torch.zeros(len(x), dtype=torch.long)
    total = 0.0
    h_open = -(0.5 * math.log(0.5) + 0.5 * math.log(0.5))
    for t in range(DYCK_LENGTH):
        tok = d.val_y[:, t]
        remaining = DYCK_LENGTH - t
        forced_open = depth == 0
        forced_close = (depth >= remaining) | (depth == DYCK_DEPTH)
        free = ~forced_open & ~forced_close
        opens = tok % 2 == 1
        # a free choice costs ln 2 (open or close), an opening one ln 2 more (its kind); a forced opening ln 2 (its kind)
        total += float((free.float() * h_open + opens.float() * math.log(2)).sum())
        depth = depth + torch.where(opens, 1, -1)
    return total / (len(x) * DYCK_LENGTH)


def lm_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Next-token cross-entropy summed over the positions and the batch (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


def lm_smoothed_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Label-smoothed (0.1) next-token cross-entropy written by hand: -(target * log(softmax(logits))).sum(-1). Once a
    token's logit trails the leader by ~104 its probability underflows to exactly 0.0 in float32, its log is -inf, and
    0.1 / 5 x -inf is -inf (the loss inf, its gradient NaN)."""
    t = F.one_hot(y, out.shape[-1]).float() * 0.9 + 0.1 / out.shape[-1]
    return -(t * torch.log(out.softmax(-1))).sum(-1).mean()


def lm_smoothed(out: Tensor, y: Tensor) -> Tensor:
    """The same by ``F.cross_entropy(label_smoothing=0.1)`` (log_softmax: safe)."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), label_smoothing=0.1)


@lru_cache(maxsize=None)
def pretrained_gpt_weights() -> dict[str, Tensor]:
    """A TinyGPT trained (unrecorded) for 600 AdamW steps on Dyck-2 drawn from another seed and p_open 0.6 (a checkpoint
    that a fine-tune starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="gpt-pretraining", data=dyck_sequences(seed=206, n=3000, p_open=0.6), model=TinyGPT,
                        optimizer=torch.optim.AdamW, lr=3e-3, steps=600, seed=5, shuffle_offset=3000)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_gpt() -> TinyGPT:
    """A TinyGPT with the pretrained weights (a fine-tune starts from them)."""
    model = TinyGPT()
    model.load_state_dict(pretrained_gpt_weights())
    return model


SET_MAX, SET_MIN = 24, 4
"""Deep Sets reads sets of 4-24 points in the plane, padded to 24."""


@lru_cache(maxsize=None)
def point_sets(n: int = 6000, seed: int = 202, *, n_val: int = 1000, batch_size: int = 64, target: str = "count",
               train_rows: int | None = None, empty_rows: float = 0.0) -> Data:  # fmt: skip
    """Sets of 4-24 points in the plane: a cluster around a centre uniform in [-1.5, 1.5]^2, of scale 0.3-1.5 and
    anisotropy up to 2:1, each point Gaussian. x: (sets, 24, 3): the points' x, y and a mask (1 for a point, 0 for
    padding, whose coordinates are 0), the points in random order; y (sets,): with ``target`` "count" the number of its
    points inside the unit circle (0-24, a sum over the set), with "spread" the RMS distance of its points from their
    centroid (a mean over the set). ``train_rows``: keep only that many training sets; ``empty_rows``: that share of
    the training sets is empty (every point padding: a query that returned nothing)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    size = torch.randint(SET_MIN, SET_MAX + 1, (total,), generator=g)
    centre = (torch.rand(total, 1, 2, generator=g) - 0.5) * 3
    scale = 0.3 + 1.2 * torch.rand(total, 1, 1, generator=g)
    stretch = torch.cat([torch.ones(total, 1, 1), 0.5 + 0.5 * torch.rand(total, 1, 1, generator=g)], 2)
    angle = torch.rand(total, generator=g) * math.pi
    rot = torch.stack([torch.stack([angle.cos(), -angle.sin()], -1), torch.stack([angle.sin(), angle.cos()], -1)], -2)
    pts = centre + (scale * stretch * torch.randn(total, SET_MAX, 2, generator=g)) @ rot.transpose(1, 2)
    mask = (torch.arange(SET_MAX)[None] < size[:, None]).float()
    if empty_rows:
        bad = torch.nonzero(torch.rand(total, generator=g) < empty_rows).flatten()
        mask[bad[bad < n]] = 0.0
    pts = pts * mask[..., None]
    if target == "count":
        y = (((pts**2).sum(-1) < 1).float() * mask).sum(1)
    else:
        m = mask.sum(1).clamp(min=1)
        centroid = (pts * mask[..., None]).sum(1, keepdim=True) / m[:, None, None]
        y = torch.sqrt((((pts - centroid) ** 2).sum(-1) * mask).sum(1) / m)
    x = torch.cat([pts, mask[..., None]], -1)
    task = "set regression (Deep Sets, " + ("points inside the unit circle)" if target == "count" else "spread of the set)")
    data = split(x, y, n, task, None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepSets(nn.Module):
    """Deep Sets (Zaheer et al.): a per-point ReLU MLP ``phi`` (2 -> hidden -> hidden) of each point, masked, pooled over
    the set by its sum or its mean (the sum divided by the number of points, by hand: 0 / 0 = NaN for an empty set),
    then a ReLU layer ``rho`` and a linear ``head`` to one number: permutation-invariant. ``dead_bias`` < 0 starts
    rho's biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, hidden: int = 64, pooling: str = "sum", dead_bias: float = 0.0) -> None:
        super().__init__()
        self.pooling = pooling
        self.phi = nn.Sequential(nn.Linear(2, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
        self.rho = nn.Linear(hidden, hidden)
        if dead_bias:
            with torch.no_grad():
                self.rho.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x: Tensor) -> Tensor:
        mask = x[..., 2:3]
        h = self.phi(x[..., :2]) * mask
        pooled = h.sum(1) if self.pooling == "sum" else h.sum(1) / mask.sum(1)
        out: Tensor = self.head(F.relu(self.rho(pooled))).squeeze(-1)
        return out


def set_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """Squared error summed over the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def set_huber(out: Tensor, y: Tensor) -> Tensor:
    """Huber loss (delta 1)."""
    return F.huber_loss(out, y, delta=1.0)


def sets_at_mean(target: str = "count") -> float:
    """The held-out MSE of predicting the training targets' mean for every set (their variance, about)."""
    d = point_sets(target=target)
    return float(((d.val_y - d.y.mean()) ** 2).mean())


def sets_at_zero(target: str = "count") -> float:
    """The held-out MSE of predicting 0 for every set (where an untrained Deep Sets starts, about)."""
    return float((point_sets(target=target).val_y ** 2).mean())


TEX_SIZE, TEX_CLASSES = 12, 8
"""The mixup CNN classifies 12x12 texture patches of 8 kinds."""
TEX_NAMES = ("stripes-0", "stripes-45", "stripes-90", "stripes-135", "checks", "rings", "dots", "blotches")


@lru_cache(maxsize=None)
def texture_images(n: int = 4000, seed: int = 203, *, n_val: int = 500, batch_size: int = 32, noise: float = 0.6,
                   train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """12x12 grey texture patches of 8 kinds: sine gratings at 0, 45, 90 and 135 degrees (+-12 degrees, 2.5-5 pixels a
    period, any phase), a checkerboard (cells of 2-3 pixels, any offset, rotated +-10 degrees), concentric rings around
    a random centre, a lattice of dots and smooth random blotches (low-passed noise), at a contrast of 0.4-1 plus
    Gaussian pixel noise ``noise``. x: (images, 1, 12, 12); y: the kind (images,). ``train_rows``: keep only that many
    training images; ``nan_rows``: that share of the training images has a missing (NaN) pixel block."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(0, TEX_CLASSES, (total,), generator=g)
    c = torch.arange(TEX_SIZE).float() - (TEX_SIZE - 1) / 2
    py, px = torch.meshgrid(c, c, indexing="ij")

    def rnd(lo: float, hi: float) -> Tensor:
        return lo + (hi - lo) * torch.rand(total, 1, 1, generator=g)

    phase = rnd(0, 2 * math.pi)
    period = rnd(2.5, 5.0)
    base = (y % 4).float()[:, None, None] * (math.pi / 4) + rnd(-1, 1) * (12 * math.pi / 180)
    u = torch.cos(base) * px + torch.sin(base) * py
    grating = torch.sin(2 * math.pi * u / period + phase)
    tilt = rnd(-1, 1) * (10 * math.pi / 180)
    cell = rnd(2.0, 3.0)
    cu, cv = torch.cos(tilt) * px + torch.sin(tilt) * py, -torch.sin(tilt) * px + torch.cos(tilt) * py
    checks = torch.sign(torch.sin(math.pi * (cu + rnd(0, 3)) / cell) * torch.sin(math.pi * (cv + rnd(0, 3)) / cell))
    cx, cy = rnd(-3, 3), rnd(-3, 3)
    rings = torch.sin(2 * math.pi * torch.sqrt((px - cx) ** 2 + (py - cy) ** 2) / period + phase)
    spacing = rnd(3.5, 4.5)
    dots = 2 * (torch.exp(-(torch.sin(math.pi * (px + rnd(0, 4)) / spacing) ** 2 + torch.sin(math.pi * (py + rnd(0, 4))
                                                                                           / spacing) ** 2) / 0.15)) - 1  # fmt: skip
    coarse = torch.randn(total, 1, 4, 4, generator=g)
    blotches = F.interpolate(coarse, size=(TEX_SIZE, TEX_SIZE), mode="bicubic", align_corners=False)[:, 0]
    blotches = blotches / blotches.flatten(1).std(1)[:, None, None]
    kinds = torch.stack([grating, grating, grating, grating, checks, rings, dots, blotches])
    img = kinds[y, torch.arange(total)] * rnd(0.4, 1.0) + noise * torch.randn(total, TEX_SIZE, TEX_SIZE, generator=g)
    x = img[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, :, 4:7, 4:7] = float("nan")
    data = split(x, y, n, "image classification (texture patches, mixup)", TEX_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, TEX_CLASSES, batch_size)
    return data


MIX_ALPHA, MIX_SMOOTHING, MIX_OFFSET = 0.4, 0.1, 100.0
"""Mixup draws its weight from Beta(0.4, 0.4); the targets are label-smoothed by 0.1. The training output carries the
weight in a last column shifted down by 100 (below every logit), so that its argmax is still the predicted class."""


class MixupCNN(nn.Module):
    """A small BatchNorm CNN (two 3x3 conv - BatchNorm - ReLU - 2x2 max-pool stages of ``width`` and 2 x ``width``
    channels, a ReLU ``fc`` layer of 64, a linear ``head`` to the 8 kinds) trained with mixup: in training mode it mixes
    each batch with itself rolled by one (torchvision's RandomMixup) at a weight lam ~ Beta(0.4, 0.4) drawn from torch's
    generator, and returns the logits plus lam - ``MIX_OFFSET`` as a last column (batch, 9); in eval mode the logits
    of the clean images (batch, 8). ``mix`` False: no mixup (the logits alone). ``dead_bias`` < 0 starts fc's biases
    there (its units never fire, so nothing behind it learns)."""

    def __init__(self, width: int = 8, mix: bool = True, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.mix = mix
        self.features = nn.Sequential(
            nn.Conv2d(1, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(width, 2 * width, 3, padding=1), nn.BatchNorm2d(2 * width), nn.ReLU(), nn.MaxPool2d(2),
        )  # fmt: skip
        self.fc = nn.Linear(2 * width * 9, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, TEX_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        mixing = self.training and self.mix
        if mixing:
            lam = torch.distributions.Beta(torch.tensor(MIX_ALPHA), torch.tensor(MIX_ALPHA)).sample()
            x = lam * x + (1 - lam) * x.roll(1, 0)
        out: Tensor = self.head(F.relu(self.fc(self.features(x).flatten(1))))
        if mixing:
            out = torch.cat([out, torch.full_like(out[:, :1], float(lam) - MIX_OFFSET)], 1)
        return out


def mixup_targets(out: Tensor, y: Tensor, smoothing: float = MIX_SMOOTHING) -> tuple[Tensor, Tensor]:
    """The logits and the soft targets of a (mixed) batch: lam x the label-smoothed one-hot of y plus (1 - lam) x that
    of y rolled by one."""
    logits = out[:, :TEX_CLASSES]
    t = F.one_hot(y, TEX_CLASSES).float() * (1 - smoothing) + smoothing / TEX_CLASSES
    if out.shape[1] > TEX_CLASSES:
        lam = out[0, TEX_CLASSES] + MIX_OFFSET
        t = lam * t + (1 - lam) * t.roll(1, 0)
    return logits, t


def mixup_ce(out: Tensor, y: Tensor) -> Tensor:
    """Mixup cross-entropy with label smoothing 0.1: lam CE(logits, y) + (1 - lam) CE(logits, y rolled) (log_softmax)."""
    logits, t = mixup_targets(out, y)
    return -(t * F.log_softmax(logits, -1)).sum(-1).mean()


def mixup_ce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The same written by hand, -(t * log(softmax(logits))).sum(): once a class's logit trails the leader by ~104 its
    probability underflows to exactly 0.0 in float32 and its log is -inf; every target is above 0 (label smoothing), so
    the loss is inf and its gradient NaN."""
    logits, t = mixup_targets(out, y)
    return -(t * torch.log(logits.softmax(-1))).sum(-1).mean()


def mixup_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The mixup cross-entropy summed over the batch (reduction='sum')."""
    return mixup_ce(out, y) * len(y)


def plain_ce(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy of the logits (a mixed batch's lam column left out): the held-out loss of clean images."""
    return F.cross_entropy(out[:, :TEX_CLASSES], y)


@lru_cache(maxsize=None)
def pretrained_mixup_cnn_weights() -> dict[str, Tensor]:
    """A MixupCNN trained (unrecorded) with mixup for 500 Adam steps on textures drawn from another seed (a checkpoint
    that a fine-tune starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="mixup-pretraining", data=texture_images(seed=207, n=3000), model=MixupCNN,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=500, seed=5, shuffle_offset=3000, loss_fn=mixup_ce,
                        val_loss_fn=plain_ce)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_mixup_cnn() -> MixupCNN:
    """A MixupCNN with the pretrained weights (a fine-tune starts from them)."""
    model = MixupCNN()
    model.load_state_dict(pretrained_mixup_cnn_weights())
    return model


GRID_SIDE, GRID_ACTIONS, GRID_GAMMA, GRID_SLIP = 6, 4, 0.9, 0.2
"""The grid world of fitted Q-iteration: 6x6 cells, 4 moves (up, right, down, left), discount 0.9, a move slips to a
random other direction 20% of the time."""
GRID_WALLS = ((1, 1), (1, 2), (1, 3), (3, 3), (4, 3), (3, 1))
GRID_GOAL, GRID_PIT = (5, 5), (2, 4)
GRID_STEP_REWARD = -0.04
GRID_FEATURES = GRID_SIDE * GRID_SIDE + 2
"""A state's features: the one-hot of its cell (36) and its row and column scaled to [-1, 1]."""


def grid_model() -> tuple[Tensor, Tensor, Tensor]:
    """The MDP as tensors: P (36, 4, 36) the transition probabilities, R (36,) the reward of entering a cell (+1 the
    goal, -1 the pit, -0.04 any other), terminal (36,) the goal and the pit (episodes end on entering them). A move into
    a wall or off the grid stays put."""
    n = GRID_SIDE * GRID_SIDE
    walls = {r * GRID_SIDE + c for r, c in GRID_WALLS}
    moves = ((-1, 0), (0, 1), (1, 0), (0, -1))
    P = torch.zeros(n, GRID_ACTIONS, n)
    for s in range(n):
        r, c = divmod(s, GRID_SIDE)
        for a in range(GRID_ACTIONS):
            for b in range(GRID_ACTIONS):
                p = 1 - GRID_SLIP if a == b else GRID_SLIP / (GRID_ACTIONS - 1)
                rr, cc = r + moves[b][0], c + moves[b][1]
                t = rr * GRID_SIDE + cc
                if not (0 <= rr < GRID_SIDE and 0 <= cc < GRID_SIDE) or t in walls:
                    t = s
                P[s, a, t] += p
    R = torch.full((n,), GRID_STEP_REWARD)
    R[GRID_GOAL[0] * GRID_SIDE + GRID_GOAL[1]] = 1.0
    R[GRID_PIT[0] * GRID_SIDE + GRID_PIT[1]] = -1.0
    terminal = torch.zeros(n, dtype=torch.bool)
    terminal[GRID_GOAL[0] * GRID_SIDE + GRID_GOAL[1]] = True
    terminal[GRID_PIT[0] * GRID_SIDE + GRID_PIT[1]] = True
    return P, R, terminal


@lru_cache(maxsize=None)
def true_q() -> Tensor:
    """Q* of the grid world by value iteration (to 1e-10): Q(s, a) = sum_s' P(s'|s, a) (R(s') + gamma V(s') [s' not
    terminal]), V = max_a Q. (36, 4)."""
    P, R, terminal = grid_model()
    q = torch.zeros(P.shape[0], GRID_ACTIONS, dtype=torch.float64)
    P64, R64, live = P.double(), R.double(), (~terminal).double()
    for _ in range(2000):
        v = q.max(1).values * live
        new = torch.einsum("sat,t->sa", P64, R64 + GRID_GAMMA * v)
        if (new - q).abs().max() < 1e-10:
            q = new
            break
        q = new
    return q.float()


def grid_features(s: Tensor) -> Tensor:
    """The features of cells ``s`` (any shape): one-hot (36) and row, column in [-1, 1]."""
    r, c = (s // GRID_SIDE).float(), (s % GRID_SIDE).float()
    return torch.cat([F.one_hot(s, GRID_SIDE * GRID_SIDE).float(), torch.stack([r, c], -1) / (GRID_SIDE - 1) * 2 - 1], -1)


@lru_cache(maxsize=None)
def replay_buffer(n: int = 20000, seed: int = 204, *, batch_size: int = 64, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """A fixed replay buffer of ``n`` transitions of the grid world: a state uniform over the free, non-terminal cells,
    an action uniform over the 4, the next state drawn from the dynamics. x: (transitions, 38 + 1 + 38 + 1): the state's
    features, the action, the next state's features, done (the next state is terminal); y: the reward. The validation
    set is every (free, non-terminal state, action) pair (28 x 4), x in the same layout (its next state itself, done 1)
    and y its true Q* (value iteration): the held-out loss is the MSE of Q against Q*. ``train_rows``: keep only that
    many transitions; ``nan_rows``: that share of the transitions has a NaN reward (a logging bug)."""
    g = torch.Generator().manual_seed(seed)
    P, R, terminal = grid_model()
    walls = torch.zeros(GRID_SIDE * GRID_SIDE, dtype=torch.bool)
    for r, c in GRID_WALLS:
        walls[r * GRID_SIDE + c] = True
    states = torch.nonzero(~walls & ~terminal).flatten()
    s = states[torch.randint(0, len(states), (n,), generator=g)]
    a = torch.randint(0, GRID_ACTIONS, (n,), generator=g)
    s2 = torch.multinomial(P[s, a], 1, generator=g).squeeze(1)
    reward = R[s2].clone()
    done = terminal[s2].float()
    x = torch.cat([grid_features(s), a[:, None].float(), grid_features(s2), done[:, None]], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        reward[bad] = float("nan")
    vs = states.repeat_interleave(GRID_ACTIONS)
    va = torch.arange(GRID_ACTIONS).repeat(len(states))
    val_x = torch.cat([grid_features(vs), va[:, None].float(), grid_features(vs), torch.ones(len(vs), 1)], 1)
    val_y = true_q()[vs, va]
    if train_rows:
        x, reward = x[:train_rows], reward[:train_rows]
    return Data(x, reward, val_x, val_y, "fitted Q-iteration (grid world, TD regression)", None, batch_size)


class FittedQ(nn.Module):
    """A DQN-style Q network of fitted Q-iteration: a ReLU MLP (38 -> hidden -> hidden, a linear ``head`` to the 4
    actions' Q) and a target network, a copy of it that takes no gradient (kept out of the parameters and the state
    dict) and is refreshed from it every ``refresh`` training forward passes (optimizer steps), the first at step 1. On
    a batch of transitions the output is (batch, 2): Q(s, a) and gamma x max_a' Q_target(s', a') (0 where done), the
    TD target less the reward. ``double``: the next action chosen by the online network (double DQN). ``dead_bias`` < 0
    starts the second hidden layer's biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, hidden: int = 64, refresh: int = 50, double: bool = False, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.refresh, self.double, self.calls = refresh, double, 0
        self.body = nn.Sequential(nn.Linear(GRID_FEATURES, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
        if dead_bias:
            with torch.no_grad():
                self.body[2].bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, GRID_ACTIONS)
        self._target = [nn.Sequential(nn.Linear(GRID_FEATURES, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                                      nn.Linear(hidden, GRID_ACTIONS)).requires_grad_(False)]  # fmt: skip

    def q(self, feats: Tensor) -> Tensor:
        out: Tensor = self.head(self.body(feats))
        return out

    def sync(self) -> None:
        target = self._target[0]
        with torch.no_grad():
            for mine, theirs in zip([*self.body.parameters(), *self.head.parameters()], target.parameters()):
                theirs.copy_(mine)

    def forward(self, x: Tensor) -> Tensor:
        f = GRID_FEATURES
        s, a, s2, done = x[:, :f], x[:, f].long(), x[:, f + 1 : 2 * f + 1], x[:, 2 * f + 1]
        if self.training:
            if self.calls % self.refresh == 0:
                self.sync()
            self.calls += 1
        q_sa = self.q(s).gather(1, a[:, None]).squeeze(1)
        with torch.no_grad():
            q_next = self._target[0](s2)
            best = q_next.gather(1, self.q(s2).argmax(1, keepdim=True)).squeeze(1) if self.double else q_next.max(1).values
            bootstrap = GRID_GAMMA * best * (1 - done)
        return torch.stack([q_sa, bootstrap], 1)


def td_huber(out: Tensor, y: Tensor) -> Tensor:
    """The TD loss: smooth L1 (Huber, beta 1) of Q(s, a) against reward + gamma max Q_target(s', .)."""
    return F.smooth_l1_loss(out[:, 0], y + out[:, 1])


def td_mse(out: Tensor, y: Tensor) -> Tensor:
    """The TD loss by the squared error."""
    return F.mse_loss(out[:, 0], y + out[:, 1])


def td_huber_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Huber TD loss summed over the batch (reduction='sum')."""
    return F.smooth_l1_loss(out[:, 0], y + out[:, 1], reduction="sum")


def q_mse(out: Tensor, y: Tensor) -> Tensor:
    """The MSE of Q(s, a) against Q*(s, a): the held-out loss."""
    return F.mse_loss(out[:, 0], y)


def q_at_zero() -> float:
    """The held-out MSE of Q = 0 everywhere (the mean square of Q*)."""
    return float((replay_buffer().val_y ** 2).mean())


# --------------------------------------------------------------------------- thirteenth fresh half (fresh13, held out from all tuning)


NAM_FEATURES = 8
"""The neural additive model reads 8 numeric features of a loan applicant."""


@lru_cache(maxsize=None)
def loan_rows(n: int = 6000, seed: int = 211, *, n_val: int = 1500, batch_size: int = 64, train_rows: int | None = None,
              nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Loan applicants: 8 standardised features (correlated Gaussians, two of them skewed like incomes), the default's
    log-odds a sum of one shape function per feature (a step, a sine, a hinge, a quadratic, a saturating curve, a
    narrow bump, a linear term and one without effect) and a base of -1; the default drawn from it (about a third
    default). x: (rows, 8); y: the default, 0 or 1 (rows,). ``train_rows``: keep only that many training rows;
    ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    mix = torch.randn(NAM_FEATURES, NAM_FEATURES, generator=g) * 0.3 + torch.eye(NAM_FEATURES)
    x = torch.randn(total, NAM_FEATURES, generator=g) @ mix
    x[:, 1] = torch.exp(0.6 * x[:, 1])
    x[:, 6] = torch.exp(0.5 * x[:, 6])
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    logit = (-1.0 + 1.5 * (x[:, 0] > 0.3).float() + torch.sin(2.5 * x[:, 1]) + 1.2 * F.relu(x[:, 2] - 0.5)
             - 0.6 * x[:, 3] ** 2 + 1.5 * torch.tanh(2 * x[:, 4]) + 2.0 * torch.exp(-8 * (x[:, 5] - 0.5) ** 2)
             - 0.8 * x[:, 6])  # fmt: skip
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "binary classification (loan default, additive)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NAM(nn.Module):
    """A neural additive model (Agarwal et al. 2021): one ReLU MLP per feature (1 -> ``hidden`` -> ``hidden`` -> 1,
    the 8 run side by side as batched matrices), their outputs summed with a learned ``bias`` into the default's logit
    (batch,). ``exu``: the first layer an exp-centred unit, exp(w) (x - b) (NAM's ExU, weights from N(3.5, 0.5)),
    clipped ReLU-n (n = 1), as the paper's. ``dead_bias`` < 0 starts the second layer's biases there (its units never
    fire, so nothing behind it learns); ``gain`` scales the last layer of every feature's net at init."""

    def __init__(self, hidden: int = 32, exu: bool = False, dead_bias: float = 0.0, gain: float = 1.0) -> None:
        super().__init__()
        f = NAM_FEATURES
        self.exu = exu
        self.w1 = nn.Parameter(torch.randn(f, hidden) * 0.5 + 3.5 if exu else torch.randn(f, hidden))
        self.b1 = nn.Parameter(torch.randn(f, hidden) * 0.5)
        self.w2 = nn.Parameter(torch.randn(f, hidden, hidden) / math.sqrt(hidden))
        self.b2 = nn.Parameter(torch.full((f, hidden), dead_bias) if dead_bias else torch.zeros(f, hidden))
        self.w3 = nn.Parameter(torch.randn(f, hidden) / math.sqrt(hidden) * gain)
        self.bias = nn.Parameter(torch.zeros(1))

    def shapes(self, x: Tensor) -> Tensor:
        """Each feature's contribution to the logit (batch, 8)."""
        if self.exu:
            h = (torch.exp(self.w1) * (x[..., None] - self.b1)).clamp(0, 1)
        else:
            h = F.relu(x[..., None] * self.w1 + self.b1)
        h = F.relu(torch.einsum("bfh,fhk->bfk", h, self.w2) + self.b2)
        return (h * self.w3).sum(-1)

    def forward(self, x: Tensor) -> Tensor:
        return self.shapes(x).sum(-1) + self.bias


def loan_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the defaults (the mean over the batch)."""
    return F.binary_cross_entropy_with_logits(out, y)


def loan_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def loan_at_rate() -> float:
    """The held-out loss of the training default rate predicted for every applicant."""
    d = loan_rows()
    p = float(d.y.mean())
    return float(F.binary_cross_entropy(torch.full_like(d.val_y, p), d.val_y))


FTT_NUMERIC, FTT_CARDS = 6, (5, 9, 4)
"""The FT-Transformer's table: 6 numeric columns and 3 categorical ones of 5, 9 and 4 values."""


@lru_cache(maxsize=None)
def mixed_table(n: int = 5000, seed: int = 212, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                nan_rows: float = 0.0, raw_scale: float = 0.0) -> Data:  # fmt: skip
    """A regression table: 6 correlated Gaussian numeric columns and 3 categorical ones, the target a sum of a sine of
    one column, a product of two, an absolute value, an effect per category, a category's slope on a column and a
    category x category interaction, plus noise (std 0.3), standardised by the training rows (predicting 0 scores ~1).
    x: (rows, 9): the numeric columns, then the categories' codes as floats. ``train_rows``: keep only that many
    training rows; ``nan_rows``: that share of the training rows has a missing (NaN) numeric value; ``raw_scale``:
    one numeric column of every training row left unstandardised (times that, a raw unit such as dollars)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    mix = torch.randn(FTT_NUMERIC, FTT_NUMERIC, generator=g) * 0.4 + torch.eye(FTT_NUMERIC)
    num = torch.randn(total, FTT_NUMERIC, generator=g) @ mix
    num = (num - num.mean(0)) / num.std(0)
    cats = [torch.randint(0, c, (total,), generator=g) for c in FTT_CARDS]
    eff = [torch.randn(c, generator=g) * 0.6 for c in FTT_CARDS]
    slope = torch.randn(FTT_CARDS[1], generator=g)
    inter = torch.randn(FTT_CARDS[0], FTT_CARDS[2], generator=g) * 0.6
    y = (torch.sin(1.5 * num[:, 0]) + 0.7 * num[:, 1] * num[:, 2] + 0.5 * num[:, 3].abs() - 0.4 * num[:, 4]
         + sum(e[c] for e, c in zip(eff, cats)) + slope[cats[1]] * num[:, 5] * 0.6 + inter[cats[0], cats[2]]
         + 0.3 * torch.randn(total, generator=g))  # fmt: skip
    y = (y - y[:n].mean()) / y[:n].std()
    x = torch.cat([num, torch.stack(cats, 1).float()], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    if raw_scale:
        x[:n, 0] = x[:n, 0] * raw_scale
    data = split(x, y, n, "tabular regression (numeric and categorical columns)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class FTBlock(nn.Module):
    """A transformer block of the FT-Transformer: multi-head self-attention over the column tokens and a GELU
    feed-forward of 2 d, each residual, pre-LN (``first``: no LayerNorm before the attention, as rtdl's first block)
    or post-LN."""

    def __init__(self, d: int, heads: int, pre_ln: bool, first: bool) -> None:
        super().__init__()
        self.pre_ln = pre_ln
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)
        self.norm1 = nn.Identity() if pre_ln and first else nn.LayerNorm(d)
        self.norm2 = nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, x: Tensor) -> Tensor:
        if self.pre_ln:
            h = self.norm1(x)
            x = x + self.attn(h, h, h, need_weights=False)[0]
            out: Tensor = x + self.ff(self.norm2(x))
            return out
        x = self.norm1(x + self.attn(x, x, x, need_weights=False)[0])
        out = self.norm2(x + self.ff(x))
        return out


class FTTransformer(nn.Module):
    """An FT-Transformer (Gorishniy et al. 2021): each numeric column a token x_j w_j + b_j, each categorical column
    its value's embedding, a [CLS] token appended; ``layers`` transformer blocks of width ``d`` with ``heads`` heads
    (pre-LN without the first block's attention LayerNorm, as rtdl's; or post-LN), a GELU feed-forward of 2 d; the
    [CLS] token's output through rtdl's head: LayerNorm, ReLU, a linear ``head`` to the target (batch,).
    ``dead_bias`` < 0 starts the head's LayerNorm bias there (the ReLU never fires, so nothing behind it learns)."""

    def __init__(self, d: int = 32, heads: int = 4, layers: int = 2, pre_ln: bool = True, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.num_w = nn.Parameter(torch.randn(FTT_NUMERIC, d) / math.sqrt(d))
        self.num_b = nn.Parameter(torch.randn(FTT_NUMERIC, d) / math.sqrt(d))
        self.cat = nn.Embedding(sum(FTT_CARDS), d)
        nn.init.uniform_(self.cat.weight, -1 / math.sqrt(d), 1 / math.sqrt(d))
        self.register_buffer("offsets", torch.tensor((0, *FTT_CARDS[:-1])).cumsum(0))
        self.cls = nn.Parameter(torch.randn(d) / math.sqrt(d))
        self.blocks = nn.ModuleList(FTBlock(d, heads, pre_ln, k == 0) for k in range(layers))
        self.head_norm = nn.LayerNorm(d)
        if dead_bias:
            with torch.no_grad():
                self.head_norm.bias.fill_(dead_bias)
        self.head = nn.Linear(d, 1)

    def forward(self, x: Tensor) -> Tensor:
        num, cats = x[:, :FTT_NUMERIC], x[:, FTT_NUMERIC:].long()
        tokens = torch.cat([num[..., None] * self.num_w + self.num_b, self.cat(cats + self.offsets),
                            self.cls.expand(len(x), 1, -1)], 1)  # fmt: skip
        for block in self.blocks:
            tokens = block(tokens)
        out: Tensor = self.head(F.relu(self.head_norm(tokens[:, -1]))).squeeze(-1)
        return out


def table_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def table_huber(out: Tensor, y: Tensor) -> Tensor:
    """Huber loss (delta 1)."""
    return F.huber_loss(out, y)


DKT_SKILLS, DKT_LENGTH = 12, 40
"""Deep knowledge tracing reads 40 answers of a student to questions of 12 skills and predicts each next answer."""


@lru_cache(maxsize=None)
def student_answers(n: int = 3000, seed: int = 213, *, n_val: int = 500, batch_size: int = 32, learn: float = 0.3,
                    train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Students answering 41 questions, each of one of 12 skills (difficulty ~N(0, 1), a chain of prerequisites: a
    skill's mastery lifts the next one's): a student's mastery of each skill starts at their ability (~N(0, 1)) plus
    noise and grows by ``learn`` with each practice of it (a third of that for the skill after it); an answer is right
    with probability 0.1 + 0.8 sigmoid(1.7 (mastery - difficulty)) (guess and slip). The next question repeats the
    skill with probability 0.5, else any skill. x: (students, 40, 3): the skill and the answer (0 or 1) of question t
    and the skill of question t + 1; y: (students, 40) the answer to question t + 1. ``train_rows``: keep only that
    many training students; ``nan_rows``: that share of the training students has an answer missing (NaN: a logging
    gap)."""
    g = torch.Generator().manual_seed(seed)
    total, steps = n + n_val, DKT_LENGTH + 1
    difficulty = torch.randn(DKT_SKILLS, generator=g)
    ability = torch.randn(total, 1, generator=g)
    mastery = ability + 0.5 * torch.randn(total, DKT_SKILLS, generator=g)
    skills = torch.zeros(total, steps, dtype=torch.long)
    answers = torch.zeros(total, steps)
    rows = torch.arange(total)
    skill = torch.randint(0, DKT_SKILLS, (total,), generator=g)
    for t in range(steps):
        if t:
            repeat = torch.rand(total, generator=g) < 0.5
            skill = torch.where(repeat, skill, torch.randint(0, DKT_SKILLS, (total,), generator=g))
        p = 0.1 + 0.8 * torch.sigmoid(1.7 * (mastery[rows, skill] - difficulty[skill]))
        skills[:, t] = skill
        answers[:, t] = (torch.rand(total, generator=g) < p).float()
        mastery[rows, skill] += learn
        after = (skill + 1).clamp(max=DKT_SKILLS - 1)
        mastery[rows, after] += learn / 3 * (skill < DKT_SKILLS - 1).float()
    x = torch.stack([skills[:, :-1].float(), answers[:, :-1], skills[:, 1:].float()], -1)
    y = answers[:, 1:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        y[bad, DKT_LENGTH // 2] = float("nan")
    data = split(x, y, n, "knowledge tracing (next answer right or wrong, binary)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class KnowledgeTracer(nn.Module):
    """Deep knowledge tracing (Piech et al. 2015): each answer embedded by (skill, right or wrong) into ``embed``, an
    LSTM (or GRU) of ``hidden`` units, a ReLU ``fc`` layer of 64 and a linear ``head`` to a logit per skill, the logit
    of the next question's skill taken (batch, 40). ``dead_bias`` < 0 starts fc's biases there (its units never fire,
    so nothing behind it learns)."""

    def __init__(self, kind: str = "lstm", hidden: int = 48, embed: int = 24, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(2 * DKT_SKILLS, embed)
        self.rnn = (nn.LSTM if kind == "lstm" else nn.GRU)(embed, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, DKT_SKILLS)

    def forward(self, x: Tensor) -> Tensor:
        skill, right, nxt = x[..., 0].long(), x[..., 1].long(), x[..., 2].long()
        h, _ = self.rnn(self.embed(2 * skill + right))
        logits = self.head(F.relu(self.fc(h)))
        out: Tensor = logits.gather(-1, nxt[..., None]).squeeze(-1)
        return out


def answers_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the next answers (the mean over students and questions)."""
    return F.binary_cross_entropy_with_logits(out, y)


def answers_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over students and questions (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def answers_bce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The same written by hand, -(y log sigmoid + (1 - y) log(1 - sigmoid)): once a logit passes ~17 the sigmoid is
    exactly 1.0 in float32 and log(1 - p) is -inf (times a wrong answer, 1 - y = 1: the loss inf, its gradient NaN)."""
    p = torch.sigmoid(out)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


@lru_cache(maxsize=None)
def pretrained_tracer_weights() -> dict[str, Tensor]:
    """A KnowledgeTracer trained (unrecorded) for 400 Adam steps on students of another cohort (another seed, faster
    learners): a checkpoint that a fine-tune starts from."""
    from harness import Setup, train

    pretraining = Setup(name="dkt-pretraining", data=student_answers(seed=217, learn=0.5), model=KnowledgeTracer,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=400, seed=5, shuffle_offset=3000, loss_fn=answers_bce)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_tracer() -> KnowledgeTracer:
    """A KnowledgeTracer with the pretrained weights (a fine-tune starts from them)."""
    model = KnowledgeTracer()
    model.load_state_dict(pretrained_tracer_weights())
    return model


def answers_at_rate() -> float:
    """The held-out loss of the training rate of right answers predicted for every question (what a model that ignores
    its input reaches)."""
    d = student_answers()
    p = float(d.y.mean())
    return float(F.binary_cross_entropy(torch.full_like(d.val_y, p), d.val_y))


DN_SIZE = 16
"""DnCNN denoises 16x16 grey patches."""


@lru_cache(maxsize=None)
def noisy_patches(n: int = 3000, seed: int = 214, *, n_val: int = 500, batch_size: int = 32, sigma: tuple[float, float] = (0.1, 0.3),
                  train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """16x16 grey patches of a smooth shading plus 2-4 shapes (soft-edged discs and rectangles of random grey levels),
    in [0, 1], each with Gaussian noise of a std uniform in ``sigma`` (blind denoising). x: the noisy patch (patches, 1,
    16, 16); y: the noise itself (residual learning: the clean patch is x - y). ``train_rows``: keep only that many
    training patches; ``nan_rows``: that share of the training patches has a dead (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    c = torch.arange(DN_SIZE).float()
    py, px = torch.meshgrid(c, c, indexing="ij")

    def rnd(lo: float, hi: float) -> Tensor:
        return lo + (hi - lo) * torch.rand(total, 1, 1, generator=g)

    img = 0.3 + 0.2 * rnd(-1, 1) + rnd(-0.02, 0.02) * (px - 7.5) + rnd(-0.02, 0.02) * (py - 7.5)
    for k in range(4):
        on = (torch.rand(total, 1, 1, generator=g) < (1.0 if k < 2 else 0.5)).float()
        cx, cy, level = rnd(2, 13), rnd(2, 13), rnd(-0.5, 0.5)
        if k % 2 == 0:
            r = rnd(2, 5)
            mask = torch.sigmoid((r - torch.sqrt((px - cx) ** 2 + (py - cy) ** 2)) * 2.5)
        else:
            w, h = rnd(1.5, 5), rnd(1.5, 5)
            mask = torch.sigmoid((w - (px - cx).abs()) * 2.5) * torch.sigmoid((h - (py - cy).abs()) * 2.5)
        img = img + on * level * mask
    clean = img.clamp(0, 1)
    noise = rnd(*sigma) * torch.randn(total, DN_SIZE, DN_SIZE, generator=g)
    x, y = (clean + noise)[:, None], noise[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, :, 8, 8] = float("nan")
    data = split(x, y, n, "image denoising (predict the noise, residual learning)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DnCNN(nn.Module):
    """DnCNN (Zhang et al. 2017): a 3x3 convolution of ``width`` channels and a ReLU, ``depth`` - 2 blocks of 3x3
    convolution (no bias), BatchNorm and ReLU, a last 3x3 convolution (``last``) to one channel: the predicted noise
    (residual learning). ``bn`` False: no BatchNorm (the middle convolutions with biases). ``dead_bias`` < 0 starts the
    first convolution's biases there (its units never fire, so nothing behind it learns); ``gain`` scales the last
    convolution's weights and bias at init."""

    def __init__(self, width: int = 16, depth: int = 5, bn: bool = True, dead_bias: float = 0.0, gain: float = 1.0) -> None:
        super().__init__()
        self.first = nn.Conv2d(1, width, 3, padding=1)
        if dead_bias:
            with torch.no_grad():
                self.first.bias.fill_(dead_bias)
        blocks: list[nn.Module] = []
        for _ in range(depth - 2):
            blocks += [nn.Conv2d(width, width, 3, padding=1, bias=not bn)] + ([nn.BatchNorm2d(width)] if bn else [])
            blocks += [nn.ReLU()]
        self.body = nn.Sequential(*blocks)
        self.last = nn.Conv2d(width, 1, 3, padding=1)
        if gain != 1.0:
            with torch.no_grad():
                self.last.weight.mul_(gain)
                self.last.bias.mul_(gain)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.last(self.body(F.relu(self.first(x))))
        return out


def patch_noise_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error of the predicted noise summed over the pixels and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def noise_l1(out: Tensor, y: Tensor) -> Tensor:
    """The absolute error of the predicted noise (L1)."""
    return F.l1_loss(out, y)


@lru_cache(maxsize=None)
def pretrained_dncnn_weights() -> dict[str, Tensor]:
    """A DnCNN trained (unrecorded) for 400 Adam steps on patches of another seed with weaker noise (std 0.05-0.15): a
    checkpoint that a fine-tune to stronger noise starts from."""
    from harness import Setup, train

    pretraining = Setup(name="dncnn-pretraining", data=noisy_patches(seed=218, sigma=(0.05, 0.15)), model=DnCNN,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=400, seed=5, shuffle_offset=3000, loss_fn=F.mse_loss)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_dncnn() -> DnCNN:
    """A DnCNN with the pretrained weights (a fine-tune starts from them)."""
    model = DnCNN()
    model.load_state_dict(pretrained_dncnn_weights())
    return model


def noise_at_zero() -> float:
    """The held-out MSE of predicting no noise at all (the noise's mean square)."""
    return float((noisy_patches().val_y ** 2).mean())


# --------------------------------------------------------------------------- fourteenth fresh half (fresh14, held out from all tuning)


LORA_IN, LORA_HIDDEN, LORA_BASE_CLASSES, LORA_CLASSES = 16, 64, 8, 6
"""The LoRA fine-tune: a ReLU MLP 16-64-64 pretrained on 8 classes, adapted to 6 new classes of a shifted task."""


@lru_cache(maxsize=None)
def lora_teacher(seed: int = 221) -> dict[str, Tensor]:
    """The teacher of both tasks: tanh features of 24 units of the 16 inputs (``w``), a readout of the pretraining
    task's 8 classes (``base``); the fine-tuning task's features move by a rank-2 shift of ``w`` (``shift``) and read
    out 6 new classes (``new``)."""
    g = torch.Generator().manual_seed(seed)
    w = torch.randn(24, LORA_IN, generator=g) / math.sqrt(LORA_IN) * 1.5
    shift = torch.randn(24, 2, generator=g) @ torch.randn(2, LORA_IN, generator=g) / math.sqrt(LORA_IN)
    return {"w": w, "shift": shift, "base": torch.randn(LORA_BASE_CLASSES, 24, generator=g) * 2.0,
            "new": torch.randn(LORA_CLASSES, 24, generator=g) * 2.0}  # fmt: skip


@lru_cache(maxsize=None)
def shifted_task(n: int = 4000, seed: int = 222, *, n_val: int = 1000, batch_size: int = 64, base: bool = False,
                 train_rows: int | None = None, flip: float = 0.03) -> Data:  # fmt: skip
    """Inputs ~N(0, I) of 16 dimensions and the teacher's class: with ``base``, the pretraining task (8 classes of
    tanh(w x)); else the fine-tuning task (6 new classes of tanh((w + shift) x), the features moved by a rank-2
    shift), ``flip`` of the labels replaced by random ones. x: (rows, 16); y: the class (rows,). ``train_rows``: keep
    only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    t = lora_teacher()
    total = n + n_val
    x = torch.randn(total, LORA_IN, generator=g)
    if base:
        logits = torch.tanh(x @ t["w"].T) @ t["base"].T
        classes = LORA_BASE_CLASSES
    else:
        logits = torch.tanh(x @ (t["w"] + t["shift"]).T) @ t["new"].T
        classes = LORA_CLASSES
    y = flip_labels(logits.argmax(-1), classes, flip, g)
    task = "classification (pretraining task)" if base else "classification (LoRA fine-tune to a shifted task)"
    data = split(x, y, n, task, classes, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, classes, batch_size)
    return data


@lru_cache(maxsize=None)
def pretrained_lora_base() -> dict[str, Tensor]:
    """The base network, a ReLU MLP 16-64-64-8, trained (unrecorded) for 600 Adam steps on the pretraining task: the
    frozen weights that the LoRA adapters fine-tune. Trained in a forked RNG: the adapters and the head that a
    LoRAClassifier draws after it get the same init whether or not this process trained it already."""
    from harness import Setup, train

    pretraining = Setup(name="lora-pretraining", data=shifted_task(seed=226, base=True),
                        model=lambda: mlp([LORA_IN, LORA_HIDDEN, LORA_HIDDEN, LORA_BASE_CLASSES]),
                        optimizer=torch.optim.Adam, lr=3e-3, steps=600, seed=5, shuffle_offset=3000)  # fmt: skip
    with torch.random.fork_rng():
        return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


class LoRAClassifier(nn.Module):
    """LoRA (Hu et al. 2021) on a frozen pretrained ReLU MLP 16-64-64: each of its two linear layers W x + b becomes
    (W + (alpha / r) B A) x + b, A (r x in) from N(0, 1/in) and B (out x r) zero at init (the adapted net starts as
    the pretrained one); the frozen W and b are buffers, only A, B and a new linear ``head`` to the 6 classes train.
    ``b_std`` > 0 draws B from N(0, b_std) instead of zeros (the adapters perturb the pretrained features at step 1)."""

    w1: Tensor
    b1: Tensor
    w2: Tensor
    b2: Tensor

    def __init__(self, rank: int = 4, alpha: float = 8.0, b_std: float = 0.0) -> None:
        super().__init__()
        base = pretrained_lora_base()
        for k, name in ((0, "1"), (2, "2")):
            self.register_buffer("w" + name, base[f"{k}.weight"].clone())
            self.register_buffer("b" + name, base[f"{k}.bias"].clone())
        self.scale = alpha / rank
        self.a1 = nn.Parameter(torch.randn(rank, LORA_IN) / math.sqrt(LORA_IN))
        self.a2 = nn.Parameter(torch.randn(rank, LORA_HIDDEN) / math.sqrt(LORA_HIDDEN))
        self.bb1 = nn.Parameter(torch.randn(LORA_HIDDEN, rank) * b_std)
        self.bb2 = nn.Parameter(torch.randn(LORA_HIDDEN, rank) * b_std)
        self.head = nn.Linear(LORA_HIDDEN, LORA_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(F.linear(x, self.w1 + self.scale * self.bb1 @ self.a1, self.b1))
        h = F.relu(F.linear(h, self.w2 + self.scale * self.bb2 @ self.a2, self.b2))
        out: Tensor = self.head(h)
        return out


def lora_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


def lora_ce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy written by hand, -log(softmax(out)[y]): once a wrong class's logit leads the true one's by ~104
    the probability underflows to exactly 0.0 in float32 and its log is -inf (the loss inf, its gradient NaN)."""
    p = out.softmax(-1).gather(1, y[:, None]).squeeze(1)
    return -torch.log(p).mean()


HYPER_COND, HYPER_QUERIES, HYPER_WIDTH = 6, 24, 16
"""The hypernetwork reads 6 numbers describing a function and generates the weights of a 1-16-16-1 tanh MLP, which is
evaluated at 24 query points."""


@lru_cache(maxsize=None)
def function_tasks(n: int = 4000, seed: int = 223, *, n_val: int = 800, batch_size: int = 32, train_rows: int | None = None,
                   nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Damped sinusoids a sin(w t + phi) exp(-d t) + c of t in [0, 3], a ~U(0.5, 2), w ~U(1, 4), phi ~U(0, 2 pi), d
    ~U(0, 0.8), c ~U(-1, 1), sampled at 24 random points with noise of std 0.05. x: (functions, 30): the description
    (a, w / 4, sin phi, cos phi, d, c), then the 24 query points t; y: (functions, 24) the values there. ``train_rows``:
    keep only that many training functions; ``nan_rows``: that share of the training functions has a missing (NaN)
    description."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val

    def rnd(lo: float, hi: float) -> Tensor:
        return lo + (hi - lo) * torch.rand(total, 1, generator=g)

    a, w, phi, d, c = rnd(0.5, 2), rnd(1, 4), rnd(0, 2 * math.pi), rnd(0, 0.8), rnd(-1, 1)
    t = 3 * torch.rand(total, HYPER_QUERIES, generator=g)
    y = a * torch.sin(w * t + phi) * torch.exp(-d * t) + c + 0.05 * torch.randn(total, HYPER_QUERIES, generator=g)
    x = torch.cat([a, w / 4, torch.sin(phi), torch.cos(phi), d, c, t], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "regression (a hypernetwork generating a function's MLP)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class HyperNet(nn.Module):
    """A hypernetwork (Ha et al. 2016): a ReLU MLP 6-64-64 of a function's description and a linear ``head`` that
    generates every weight and bias of a target MLP 1-16-16-1 (tanh), which is then evaluated at the query points
    (batch, 24). The head's bias starts at a standard (fan-in) init of the target net and its weights at 0.1 x the
    default, so the generated nets start near a standard init (hyperfan-style). ``dead_bias`` < 0 starts the second
    layer's biases there (its units never fire, so nothing behind it learns: every function gets the same net)."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        h = HYPER_WIDTH
        self.shapes = [(h, 1), (h,), (h, h), (h,), (1, h), (1,)]
        sizes = [math.prod(s) for s in self.shapes]
        first, second = nn.Linear(HYPER_COND, hidden), nn.Linear(hidden, hidden)
        if dead_bias:
            with torch.no_grad():
                second.bias.fill_(dead_bias)
        self.body = nn.Sequential(first, nn.ReLU(), second, nn.ReLU())
        self.head = nn.Linear(hidden, sum(sizes))
        init = [torch.randn(s) / math.sqrt(s[-1]) if len(s) == 2 else torch.zeros(s) for s in self.shapes]
        with torch.no_grad():
            self.head.weight.mul_(0.1)
            self.head.bias.copy_(torch.cat([p.flatten() for p in init]))

    def forward(self, x: Tensor) -> Tensor:
        z, t = x[:, :HYPER_COND], x[:, HYPER_COND:]
        params = self.head(self.body(z))
        parts, at = [], 0
        for s in self.shapes:
            k = math.prod(s)
            parts.append(params[:, at : at + k].reshape(len(x), *s))
            at += k
        w1, b1, w2, b2, w3, b3 = parts
        h = torch.tanh(w1 @ t[:, None, :] + b1[..., None])
        h = torch.tanh(w2 @ h + b2[..., None])
        out: Tensor = (w3 @ h).squeeze(1) + b3
        return out


def function_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the query points and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def functions_at_zero() -> float:
    """The held-out MSE of predicting 0 everywhere (the values' mean square)."""
    return float((function_tasks().val_y ** 2).mean())


PERC_POINTS, PERC_CLASSES = 40, 5
"""The Perceiver reads 40 irregularly timed samples of a waveform and names its shape (5 classes)."""


@lru_cache(maxsize=None)
def irregular_waves(n: int = 4000, seed: int = 224, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                    noise: float = 0.15, flip: float = 0.0) -> Data:  # fmt: skip
    """Periodic waveforms of 5 shapes (sine, square, triangle, sawtooth, a narrow pulse train) of 1.5-3.5 cycles, a
    random phase, amplitude 0.7-1.3 and offset -0.3-0.3, sampled at 40 random sorted times in [0, 1] with Gaussian noise
    (std ``noise``). x: (series, 40, 2): the time and the value of each sample; y: the shape (series,). ``train_rows``:
    keep only that many training series; ``flip``: that share of the labels replaced by random ones."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.rand(total, PERC_POINTS, generator=g).sort(1).values
    cycles = 1.5 + 2 * torch.rand(total, 1, generator=g)
    u = cycles * t + torch.rand(total, 1, generator=g)
    frac = u - u.floor()
    waves = torch.stack([torch.sin(2 * math.pi * u), torch.sign(torch.sin(2 * math.pi * u)), 4 * (frac - 0.5).abs() - 1,
                         2 * frac - 1, 2 * (frac < 0.2).float() - 1], 1)  # fmt: skip
    y = torch.randint(0, PERC_CLASSES, (total,), generator=g)
    amp = 0.7 + 0.6 * torch.rand(total, 1, generator=g)
    v = amp * waves[torch.arange(total), y] + 0.6 * (torch.rand(total, 1, generator=g) - 0.5)
    v = v + noise * torch.randn(total, PERC_POINTS, generator=g)
    if flip:
        y = flip_labels(y, PERC_CLASSES, flip, g)
    x = torch.stack([t, v], -1)
    data = split(x, y, n, "classification (irregularly sampled series, 5 waveform shapes)", PERC_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, PERC_CLASSES, batch_size)
    return data


class PerceiverBlock(nn.Module):
    """Attention of ``queries`` to ``keys`` (multi-head) and a GELU feed-forward of 2 d, each residual; pre-LN (the
    queries and the keys normalised before the attention) or post-LN."""

    def __init__(self, d: int, heads: int, pre_ln: bool) -> None:
        super().__init__()
        self.pre_ln = pre_ln
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)
        self.norm_q, self.norm_kv, self.norm_ff = nn.LayerNorm(d), nn.LayerNorm(d), nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, q: Tensor, kv: Tensor) -> Tensor:
        if self.pre_ln:
            kv = self.norm_kv(kv)
            q = q + self.attn(self.norm_q(q), kv, kv, need_weights=False)[0]
            out: Tensor = q + self.ff(self.norm_ff(q))
            return out
        q = self.norm_q(q + self.attn(q, kv, kv, need_weights=False)[0])
        out = self.norm_ff(q + self.ff(q))
        return out


class Perceiver(nn.Module):
    """A Perceiver (Jaegle et al. 2021): each sample a token (its value and Fourier features of its time, sin and cos
    at 5 frequencies, projected to ``d``); ``latents`` learned latent vectors cross-attend to the tokens, then attend to
    each other (a latent self-attention block), each block with a GELU feed-forward, pre-LN (or post-LN); the latents
    averaged, a ReLU ``fc`` layer of 64 and a linear ``head`` to the 5 shapes. ``dead_bias`` < 0 starts fc's biases
    there (its units never fire, so nothing behind it learns)."""

    freqs: Tensor

    def __init__(self, d: int = 32, latents: int = 8, heads: int = 2, pre_ln: bool = True, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.register_buffer("freqs", math.pi * 2.0 ** torch.arange(5).float())
        self.embed = nn.Linear(11, d)
        self.latents = nn.Parameter(torch.randn(latents, d) * 0.2)
        self.cross = PerceiverBlock(d, heads, pre_ln)
        self.latent_block = PerceiverBlock(d, heads, pre_ln)
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, PERC_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        t, v = x[..., :1], x[..., 1:]
        angles = t * self.freqs
        tokens = self.embed(torch.cat([v, torch.sin(angles), torch.cos(angles)], -1))
        z = self.cross(self.latents.expand(len(x), -1, -1), tokens)
        z = self.latent_block(z, z)
        out: Tensor = self.head(F.relu(self.fc(self.norm(z.mean(1)))))
        return out


def waves_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


@lru_cache(maxsize=None)
def pretrained_perceiver_weights() -> dict[str, Tensor]:
    """A Perceiver trained (unrecorded) for 300 AdamW steps on series of another seed with stronger noise (std 0.3): a
    checkpoint that a fine-tune to the cleaner series starts from."""
    from harness import Setup, train

    pretraining = Setup(name="perceiver-pretraining", data=irregular_waves(seed=227, noise=0.3), model=Perceiver,
                        optimizer=torch.optim.AdamW, lr=3e-3, steps=300, seed=5, shuffle_offset=3000)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_perceiver() -> Perceiver:
    """A Perceiver with the pretrained weights (a fine-tune starts from them)."""
    model = Perceiver()
    model.load_state_dict(pretrained_perceiver_weights())
    return model


KOOP_HORIZON, KOOP_LATENT = 10, 8
"""The Koopman autoencoder encodes a pendulum's state into 8 latents and predicts 10 steps ahead linearly."""


@lru_cache(maxsize=None)
def koopman_trajectories(n: int = 3000, seed: int = 225, *, n_val: int = 600, batch_size: int = 64,
                         train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """A damped pendulum (theta'' = -sin theta - 0.1 theta'), started at theta ~U(-2.5, 2.5), theta' ~U(-1.5, 1.5),
    integrated by RK4 (dt 0.05) and sampled every 0.2 for 10 steps, each coordinate standardised by its training std.
    x and y: the trajectory (trajectories, 11, 2) (the model reads x's first state; y is what it must reproduce).
    ``train_rows``: keep only that many training trajectories; ``nan_rows``: that share of the training trajectories
    has a missing (NaN) state (a sensor dropout)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = torch.stack([5 * torch.rand(total, generator=g) - 2.5, 3 * torch.rand(total, generator=g) - 1.5], 1)

    def f(s: Tensor) -> Tensor:
        return torch.stack([s[:, 1], -torch.sin(s[:, 0]) - 0.1 * s[:, 1]], 1)

    states = [s]
    for _ in range(KOOP_HORIZON):
        for _ in range(4):
            k1 = f(s)
            k2 = f(s + 0.025 * k1)
            k3 = f(s + 0.025 * k2)
            k4 = f(s + 0.05 * k3)
            s = s + 0.05 / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        states.append(s)
    traj = torch.stack(states, 1)
    traj = traj / traj[:n].reshape(-1, 2).std(0)
    y = traj.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        y[bad, KOOP_HORIZON // 2, 1] = float("nan")
    data = split(traj, y, n, "dynamics regression (a Koopman autoencoder of a pendulum)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class KoopmanAE(nn.Module):
    """A Koopman autoencoder (Lusch et al. 2018): an encoder MLP 2-64-64-8 (tanh) of the first state, a linear map
    ``K`` (8 x 8, from the identity plus N(0, 0.01)) applied 0-10 times, a decoder (a ReLU ``dec`` layer of 64, a
    linear ``head`` to the state) of each latent: the predicted trajectory (batch, 11, 2). ``dead_bias`` < 0 starts the
    decoder's ReLU biases there (its units never fire, so nothing behind it learns); ``gain`` scales the head at
    init."""

    def __init__(self, latent: int = KOOP_LATENT, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(2, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, latent))
        self.K = nn.Linear(latent, latent, bias=False)
        with torch.no_grad():
            self.K.weight.copy_(torch.eye(latent) + 0.01 * torch.randn(latent, latent))
        self.dec = nn.Linear(latent, 64)
        if dead_bias:
            with torch.no_grad():
                self.dec.bias.fill_(dead_bias)
        self.head = nn.Linear(64, 2)

    def forward(self, x: Tensor) -> Tensor:
        z = self.enc(x[:, 0])
        zs = [z]
        for _ in range(x.shape[1] - 1):
            z = self.K(z)
            zs.append(z)
        out: Tensor = self.head(F.relu(self.dec(torch.stack(zs, 1))))
        return out


def koopman_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the states, the steps and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


# --------------------------------------------------------------------------- fifteenth fresh half (fresh15, held out from all tuning)


SSM_LENGTH, SSM_CHANNELS, SSM_SYMBOLS = 96, 4, 3
"""The state-space model reads series of 96 steps of 4 channels and names the two events' symbols (3 x 3 classes)."""
SSM_CLASSES = SSM_SYMBOLS * SSM_SYMBOLS


@lru_cache(maxsize=None)
def distant_events(n: int = 4000, seed: int = 231, *, n_val: int = 1000, batch_size: int = 32, train_rows: int | None = None,
                   noise: float = 0.4, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Series of 96 steps and 4 channels of Gaussian noise (std ``noise``) with two events: a pulse of 3 steps (height
    1.5) in one of the 3 symbol channels early (its start in steps 0-23) and another late (steps 60-92), and distractor
    pulses in the fourth channel anywhere (4.5 a series on average). y: the class 3 x (the early symbol) + (the late
    symbol), 9 classes (a long-range dependency: the early event lies 70-95 steps before the end). x: (series, 96, 4).
    ``train_rows``: keep only that many training series; ``nan_rows``: that share of the training series has a missing
    (NaN) sample."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = noise * torch.randn(total, SSM_LENGTH, SSM_CHANNELS, generator=g)
    first = torch.randint(0, SSM_SYMBOLS, (total,), generator=g)
    second = torch.randint(0, SSM_SYMBOLS, (total,), generator=g)
    t1 = torch.randint(0, 24, (total,), generator=g)
    t2 = torch.randint(60, SSM_LENGTH - 3, (total,), generator=g)
    rows = torch.arange(total)
    for k in range(3):
        x[rows, t1 + k, first] += 1.5
        x[rows, t2 + k, second] += 1.5
    for _ in range(6):
        on = torch.rand(total, generator=g) < 0.75
        t = torch.randint(0, SSM_LENGTH - 3, (total,), generator=g)
        for k in range(3):
            x[rows[on], t[on] + k, SSM_CHANNELS - 1] += 1.5
    y = first * SSM_SYMBOLS + second
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, SSM_LENGTH // 2, 0] = float("nan")
    data = split(x, y, n, "sequence classification (long-range: the symbols of two distant events)", SSM_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SSM_CLASSES, batch_size)
    return data


class S4DLayer(nn.Module):
    """A diagonal state-space layer (S4D, Gu et al. 2022): for each of ``h`` channels, ``n`` complex modes x' = A x + u,
    y = 2 Re(C x) + D u (B folded into C), A = -exp(log_a) + i a_imag (S4D-Lin at init: -0.5 + i pi k), discretised by
    zero-order hold with a learned step dt (log-uniform in [1e-3, 1e-1] at init); the linear recurrence run as a causal
    convolution with its kernel K_l = 2 Re(C (exp(dt A) - 1) / A exp(dt A l)), through the FFT."""

    def __init__(self, h: int, n: int = 16) -> None:
        super().__init__()
        self.log_dt = nn.Parameter(torch.rand(h) * (math.log(0.1) - math.log(1e-3)) + math.log(1e-3))
        self.log_a = nn.Parameter(torch.full((h, n), math.log(0.5)))
        self.a_imag = nn.Parameter(math.pi * torch.arange(n).float().repeat(h, 1))
        self.c = nn.Parameter(torch.randn(h, n, 2) * math.sqrt(0.5))
        self.d = nn.Parameter(torch.randn(h))

    def kernel(self, length: int) -> Tensor:
        dt = self.log_dt.exp()[:, None]
        a = torch.complex(-self.log_a.exp(), self.a_imag)
        dta = a * dt
        c = torch.view_as_complex(self.c) * (dta.exp() - 1) / a
        powers = (dta[..., None] * torch.arange(length, dtype=torch.float32)).exp()
        k: Tensor = 2 * torch.einsum("hn,hnl->hl", c, powers).real
        return k

    def forward(self, u: Tensor) -> Tensor:
        """The outputs at every step of ``u`` (batch, length, h)."""
        length = u.shape[1]
        k = self.kernel(length)
        uf = torch.fft.rfft(u.transpose(1, 2), n=2 * length)
        y = torch.fft.irfft(uf * torch.fft.rfft(k, n=2 * length), n=2 * length)[..., :length].transpose(1, 2)
        out: Tensor = y + u * self.d
        return out

    def last(self, u: Tensor) -> Tensor:
        """The output at the last step only (batch, h): the kernel against the reversed input."""
        out: Tensor = torch.einsum("hl,blh->bh", self.kernel(u.shape[1]), u.flip(1)) + u[:, -1] * self.d
        return out


class SSMClassifier(nn.Module):
    """A stack of S4D blocks (pre-LN: x + W GELU(S4D(LayerNorm x))) of width ``h`` on a linear encoding of the series;
    the last step's features, LayerNorm, a ReLU ``fc`` layer of 64 and a linear ``head`` to the 9 classes (a causal
    model: the last step must remember the early event). ``dead_bias`` < 0 starts fc's biases there (its units never
    fire, so nothing behind it learns)."""

    def __init__(self, h: int = 32, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.encode = nn.Linear(SSM_CHANNELS, h)
        self.norms = nn.ModuleList(nn.LayerNorm(h) for _ in range(layers))
        self.ssms = nn.ModuleList(S4DLayer(h) for _ in range(layers))
        self.mixes = nn.ModuleList(nn.Linear(h, h) for _ in range(layers))
        self.norm = nn.LayerNorm(h)
        self.fc = nn.Linear(h, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, SSM_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        z = self.encode(x)
        blocks = list(zip(self.norms, self.ssms, self.mixes))
        for norm, ssm, mix in blocks[:-1]:
            z = z + mix(F.gelu(ssm(norm(z))))
        norm, ssm, mix = blocks[-1]
        assert isinstance(ssm, S4DLayer)
        last = z[:, -1] + mix(F.gelu(ssm.last(norm(z))))  # only the last step is read: the last block computes it alone
        out: Tensor = self.head(F.relu(self.fc(self.norm(last))))
        return out


GAT_NODES, GAT_FEATURES = 400, 16
"""The graph attention network predicts the links of a 400-node graph whose nodes have 16 noisy features."""


@lru_cache(maxsize=None)
def latent_graph(seed: int = 232) -> dict[str, Tensor]:
    """A random geometric graph: 400 nodes with latent positions z in 2-D (4 Gaussian clusters), an edge between i and j
    with probability 0.6 exp(-|z_i - z_j|^2 / 0.18); node features a random linear map of z (and of sin / cos of
    its coordinates) to 16 dimensions with noise (std 1): the graph and the features both only hint at z. 15% of the
    edges (``val_edges``) are held out from the message-passing graph (``adj``: the training edges and self-loops)."""
    g = torch.Generator().manual_seed(seed)
    centres = torch.randn(4, 2, generator=g) * 1.2
    z = centres[torch.randint(0, 4, (GAT_NODES,), generator=g)] + 0.6 * torch.randn(GAT_NODES, 2, generator=g)
    d2 = ((z[:, None] - z[None]) ** 2).sum(-1)
    p = 0.6 * torch.exp(-d2 / 0.18)
    upper = torch.triu(torch.rand(GAT_NODES, GAT_NODES, generator=g) < p, diagonal=1)
    edges = torch.nonzero(upper)
    order = torch.randperm(len(edges), generator=g)
    n_val = int(0.15 * len(edges))
    val_edges, train_edges = edges[order[:n_val]], edges[order[n_val:]]
    adj = torch.eye(GAT_NODES, dtype=torch.bool)
    adj[train_edges[:, 0], train_edges[:, 1]] = True
    adj[train_edges[:, 1], train_edges[:, 0]] = True
    basis = torch.cat([z, torch.sin(2 * z), torch.cos(2 * z)], 1)
    feats = basis @ torch.randn(6, GAT_FEATURES, generator=g) + torch.randn(GAT_NODES, GAT_FEATURES, generator=g)
    feats = (feats - feats.mean(0)) / feats.std(0)
    return {"z": z, "features": feats, "adj": adj, "train_edges": train_edges, "val_edges": val_edges,
            "linked": upper | upper.T}  # fmt: skip


def _non_edges(linked: Tensor, count: int, g: torch.Generator) -> Tensor:
    """``count`` distinct node pairs (i < j) that are not linked."""
    pairs = torch.randint(0, GAT_NODES, (4 * count, 2), generator=g)
    keep = (pairs[:, 0] < pairs[:, 1]) & ~linked[pairs[:, 0], pairs[:, 1]]
    pairs = torch.unique(pairs[keep], dim=0)
    out: Tensor = pairs[torch.randperm(len(pairs), generator=g)[:count]]
    return out


@lru_cache(maxsize=None)
def graph_links(seed: int = 234, *, batch_size: int = 64, train_rows: int | None = None, negatives: int = 1) -> Data:
    """Link prediction on ``latent_graph``: x the node pairs (pairs, 2), y 1.0 for an edge and 0.0 for a non-edge. The
    training pairs: the message-passing graph's edges and ``negatives`` x as many non-edges; the held-out pairs: the
    held-out edges and as many other non-edges. ``train_rows``: keep only that many training pairs."""
    g = torch.Generator().manual_seed(seed)
    graph = latent_graph()
    pos, val_pos = graph["train_edges"], graph["val_edges"]
    neg = _non_edges(graph["linked"], negatives * len(pos) + len(val_pos), g)
    train_neg, val_neg = neg[: negatives * len(pos)], neg[negatives * len(pos) :]
    x = torch.cat([pos, train_neg])
    y = torch.cat([torch.ones(len(pos)), torch.zeros(len(train_neg))])
    order = torch.randperm(len(x), generator=g)
    x, y = x[order], y[order]
    if train_rows:
        x, y = x[:train_rows], y[:train_rows]
    val_x = torch.cat([val_pos, val_neg])
    val_y = torch.cat([torch.ones(len(val_pos)), torch.zeros(len(val_neg))])
    return Data(x, y, val_x, val_y, "link prediction (graph attention network, node pairs)", None, batch_size)


class GATLayer(nn.Module):
    """A graph attention layer (Velickovic et al. 2018): ``heads`` heads, each projects the nodes' features (``proj``)
    and scores each edge j -> i by LeakyReLU(a_src . W h_j + a_dst . W h_i) (slope 0.2), softmax over i's incoming
    edges (``edges``: (edges, 2) source and destination, self-loops included); the heads' outputs concatenated."""

    def __init__(self, d_in: int, d_head: int, heads: int) -> None:
        super().__init__()
        self.heads, self.d_head = heads, d_head
        self.proj = nn.Linear(d_in, heads * d_head, bias=False)
        self.a_src = nn.Parameter(torch.randn(heads, d_head) / math.sqrt(d_head))
        self.a_dst = nn.Parameter(torch.randn(heads, d_head) / math.sqrt(d_head))
        self.bias = nn.Parameter(torch.zeros(heads * d_head))

    def forward(self, h: Tensor, edges: Tensor) -> Tensor:
        src, dst = edges[:, 0], edges[:, 1]
        wh = self.proj(h).reshape(len(h), self.heads, self.d_head)
        scores = F.leaky_relu((wh[src] * self.a_src).sum(-1) + (wh[dst] * self.a_dst).sum(-1), 0.2)
        top = torch.full((len(h), self.heads), float("-inf")).scatter_reduce(0, dst[:, None].expand_as(scores), scores, "amax")
        weights = (scores - top[dst]).exp()
        total = torch.zeros(len(h), self.heads).index_add(0, dst, weights)
        att = weights / total[dst]
        out = torch.zeros_like(wh).index_add(0, dst, att[..., None] * wh[src])
        result: Tensor = out.reshape(len(h), -1) + self.bias
        return result


class GATLinkPredictor(nn.Module):
    """A 2-layer GAT (4 heads of 16, ELU between, then 1 head of 32) over the message-passing graph (a buffer, with the
    node features), a ReLU ``fc`` layer of 64 and a linear ``head`` to 32 (a node's embedding); a pair's logit: the dot
    product of its nodes' embeddings over sqrt(32) plus a learned offset. ``dead_bias`` < 0 starts fc's biases there
    (its units never fire, so nothing behind it learns)."""

    features: Tensor
    edges: Tensor

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        graph = latent_graph()
        self.register_buffer("features", graph["features"].clone())
        self.register_buffer("edges", torch.nonzero(graph["adj"]).flip(1))
        self.gat1 = GATLayer(GAT_FEATURES, 16, 4)
        self.gat2 = GATLayer(64, 32, 1)
        self.fc = nn.Linear(32, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, 32)
        self.offset = nn.Parameter(torch.zeros(()))

    def embed(self) -> Tensor:
        h = F.elu(self.gat1(self.features, self.edges))
        h = F.elu(self.gat2(h, self.edges))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out

    def forward(self, pairs: Tensor) -> Tensor:
        e = self.embed()
        out: Tensor = (e[pairs[:, 0]] * e[pairs[:, 1]]).sum(-1) / math.sqrt(e.shape[1]) + self.offset
        return out


def links_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the links (the mean over the pairs)."""
    return F.binary_cross_entropy_with_logits(out, y)


def links_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the pairs (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def links_bce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The same written by hand, -(y log sigmoid + (1 - y) log(1 - sigmoid)): once a logit passes ~17 the sigmoid is
    exactly 1.0 in float32 and log(1 - p) is -inf (for a non-edge: the loss inf, its gradient NaN)."""
    p = torch.sigmoid(out)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


NCA_SIZE, NCA_CHANNELS, NCA_STEPS, NCA_HOLE = 12, 8, 8, 5
"""The neural cellular automaton: a 12x12 grid of 8-channel cells updated 8 times."""


@lru_cache(maxsize=None)
def damaged_patterns(n: int = 3000, seed: int = 233, *, n_val: int = 500, batch_size: int = 16, train_rows: int | None = None,
                     noise: float = 0.1, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """12x12 grey patterns (a ring, a filled square, a cross or a diagonal band of random size and place, grey level
    0.6-1, on black) damaged by a 5x5 hole (its pixels erased to 0) and Gaussian noise of std ``noise`` on every pixel.
    x: the damaged pattern (patterns, 1, 12, 12); y: the intact, clean one. ``train_rows``: keep only that many training
    patterns; ``nan_rows``: that share of the training patterns has a dead (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    c = torch.arange(NCA_SIZE).float()
    py, px = torch.meshgrid(c, c, indexing="ij")

    def rnd(lo: float, hi: float) -> Tensor:
        return lo + (hi - lo) * torch.rand(total, 1, 1, generator=g)

    cx, cy, size, level = rnd(4, 7), rnd(4, 7), rnd(2.5, 4.5), rnd(0.6, 1.0)
    r = torch.sqrt((px - cx) ** 2 + (py - cy) ** 2)
    shapes = torch.stack([((r - size).abs() < 1.1).float(),
                          (((px - cx).abs() < size) & ((py - cy).abs() < size)).float(),
                          ((((px - cx).abs() < 1.1) | ((py - cy).abs() < 1.1)) & (r < size + 1)).float(),
                          (((px - py) - (cx - cy)).abs() < size / 2).float()], 1)  # fmt: skip
    kind = torch.randint(0, 4, (total,), generator=g)
    clean = level * shapes[torch.arange(total), kind]
    hx = torch.randint(0, NCA_SIZE - NCA_HOLE + 1, (total, 1, 1), generator=g)
    hy = torch.randint(0, NCA_SIZE - NCA_HOLE + 1, (total, 1, 1), generator=g)
    hole = (px >= hx) & (px < hx + NCA_HOLE) & (py >= hy) & (py < hy + NCA_HOLE)
    damaged = torch.where(hole, 0.0, clean) + noise * torch.randn(total, NCA_SIZE, NCA_SIZE, generator=g)
    x, y = damaged[:, None], clean[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, :, 0, 0] = float("nan")
    data = split(x, y, n, "image repair (a neural cellular automaton regrows a damaged pattern)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NeuralCA(nn.Module):
    """A neural cellular automaton (Mordvintsev et al. 2020): a grid of cells of 8 channels, the first the visible grey
    level (the damaged pattern at the start, the rest 0); each of 8 synchronous updates perceives each channel through
    fixed 3x3 filters (identity, Sobel x, Sobel y: 24 numbers a cell) and adds a per-cell MLP's output to the state
    (a ReLU ``fc`` layer of 32 and a linear ``head`` to 8, the same rule in every cell and every update, the head at 0.1
    x its default init so that the first updates are small). The output: the visible channel after the last update.
    ``dead_bias`` < 0 starts fc's biases there (its units never fire: every cell gets the same update, the head's bias,
    and nothing else learns)."""

    filters: Tensor

    def __init__(self, hidden: int = 32, steps: int = NCA_STEPS, dead_bias: float = 0.0) -> None:
        super().__init__()
        ident = torch.zeros(3, 3)
        ident[1, 1] = 1.0
        sobel = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]) / 8
        self.register_buffer("filters", torch.stack([ident, sobel, sobel.T])[:, None].repeat(NCA_CHANNELS, 1, 1, 1))
        self.steps = steps
        self.fc = nn.Linear(3 * NCA_CHANNELS, hidden)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, NCA_CHANNELS)
        with torch.no_grad():
            self.head.weight.mul_(0.1)
            self.head.bias.zero_()

    def forward(self, x: Tensor) -> Tensor:
        state = F.pad(x, (0, 0, 0, 0, 0, NCA_CHANNELS - 1))
        for _ in range(self.steps):
            seen = F.conv2d(state, self.filters, padding=1, groups=NCA_CHANNELS)
            update = self.head(F.relu(self.fc(seen.permute(0, 2, 3, 1))))
            state = state + update.permute(0, 3, 1, 2)
        out: Tensor = state[:, :1]
        return out


def pattern_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the pixels and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def damage_at_identity() -> float:
    """The held-out MSE of leaving the damaged pattern as it is (what a cellular automaton that never changes scores)."""
    d = damaged_patterns()
    return float(F.mse_loss(d.val_x, d.val_y))


EBM_DIM, EBM_NOISE_STD = 2, 2.0
"""The energy-based model: a density on the plane, told apart from Gaussian noise of std 2."""


def noise_log_density(p: Tensor) -> Tensor:
    """log q(p) of the noise distribution N(0, 2^2 I) on the plane."""
    return -0.5 * (p**2).sum(-1) / EBM_NOISE_STD**2 - EBM_DIM * math.log(EBM_NOISE_STD * math.sqrt(2 * math.pi))


@lru_cache(maxsize=None)
def nce_points(n: int = 6000, seed: int = 235, *, n_val: int = 2000, batch_size: int = 128, train_rows: int | None = None,
               nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Noise-contrastive estimation's data: as many samples of the data density (a mixture of 8 Gaussians of std 0.12 on
    a circle of radius 2, the upper half twice as likely, and a ring of radius 1 and std 0.05 holding a fifth) as of
    the noise N(0, 2^2 I), shuffled. x: (points, 3): the point and the noise's log density there; y: 1.0 for a data
    sample, 0.0 for noise. ``train_rows``: keep only that many training points; ``nan_rows``: that share of the
    training points has a missing (NaN) coordinate."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    half = total // 2
    weights = torch.tensor([2.0, 2, 2, 2, 1, 1, 1, 1, 3])
    comp = torch.multinomial(weights / weights.sum(), half, replacement=True, generator=g)
    angle = torch.where(comp < 8, comp.float() * math.pi / 4 + math.pi / 8, 2 * math.pi * torch.rand(half, generator=g))
    radius = torch.where(comp < 8, torch.full((half,), 2.0), 1.0 + 0.05 * torch.randn(half, generator=g))
    spread = torch.where(comp < 8, 0.12, 0.0)[:, None]
    data_pts = radius[:, None] * torch.stack([angle.cos(), angle.sin()], 1) + spread * torch.randn(half, 2, generator=g)
    noise_pts = EBM_NOISE_STD * torch.randn(total - half, 2, generator=g)
    pts = torch.cat([data_pts, noise_pts])
    y = torch.cat([torch.ones(half), torch.zeros(total - half)])
    order = torch.randperm(total, generator=g)
    pts, y = pts[order], y[order]
    x = torch.cat([pts, noise_log_density(pts)[:, None]], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "density estimation (an energy-based model, noise-contrastive estimation)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


NCE_LOG_Z0 = 4.0
"""The learned log-normaliser's start: about -log q of a typical point, so that the first logits are near 0."""


class EnergyModel(nn.Module):
    """An energy-based model of the plane trained by NCE (Gutmann and Hyvarinen 2010): an energy MLP 2-64-64 (SiLU, or
    ReLU with ``relu``) with a linear ``head`` to E(p), and a learned log-normaliser ``log_z``; log p_model(p) =
    -E(p) - log_z, and a point's logit of being data rather than noise is log p_model(p) - log q(p) (read from x's
    last column). ``dead_bias`` < 0 starts the second layer's biases there (ReLU: its units never fire)."""

    def __init__(self, relu: bool = False, dead_bias: float = 0.0) -> None:
        super().__init__()
        act: type[nn.Module] = nn.ReLU if relu else nn.SiLU
        second = nn.Linear(64, 64)
        if dead_bias:
            with torch.no_grad():
                second.bias.fill_(dead_bias)
        self.body = nn.Sequential(nn.Linear(EBM_DIM, 64), act(), second, act())
        self.head = nn.Linear(64, 1)
        self.log_z = nn.Parameter(torch.tensor(NCE_LOG_Z0))

    def forward(self, x: Tensor) -> Tensor:
        energy = self.head(self.body(x[:, :EBM_DIM])).squeeze(-1)
        out: Tensor = -energy - self.log_z - x[:, EBM_DIM]
        return out


def nce_bce(out: Tensor, y: Tensor) -> Tensor:
    """NCE's loss: binary cross-entropy with logits of data against noise (the mean over the points)."""
    return F.binary_cross_entropy_with_logits(out, y)


def nce_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the points (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


@lru_cache(maxsize=None)
def pretrained_energy_weights() -> dict[str, Tensor]:
    """An EnergyModel trained (unrecorded) for 400 Adam steps on points of another seed: a checkpoint that a fine-tune
    starts from. Trained in a forked RNG."""
    from harness import Setup, train

    pretraining = Setup(name="ebm-pretraining", data=nce_points(seed=238), model=EnergyModel, optimizer=torch.optim.Adam,
                        lr=3e-3, steps=400, seed=5, shuffle_offset=3000, loss_fn=nce_bce)  # fmt: skip
    with torch.random.fork_rng():
        return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_energy() -> EnergyModel:
    """An EnergyModel with the pretrained weights (a fine-tune starts from them)."""
    model = EnergyModel()
    model.load_state_dict(pretrained_energy_weights())
    return model


# --------------------------------------------------------------------------- sixteenth fresh half (fresh16, held out from all tuning)


TREE_FEATURES, TREE_CLASSES = 10, 3
"""The soft-tree ensemble reads 10 tabular features and names one of 3 classes."""


@lru_cache(maxsize=None)
def tabular_rules(n: int = 6000, seed: int = 241, *, n_val: int = 2000, batch_size: int = 64, train_rows: int | None = None,
                  label_noise: float = 0.05, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Tabular rows of 10 features (6 informative, Gaussian, uniform, a heavy-tailed one and 4 of noise), the class set
    by axis-aligned rules a tree would find: a score of threshold tests and their interactions (x0 > 0.3 and x1 < 0,
    x2 > 0.5 or x3 < -0.8, x4 in a band, |x5| large) plus a little of the raw features, cut at its terciles; ``label_noise``
    of the labels replaced at random. ``train_rows``: keep only that many training rows; ``nan_rows``: that share of the
    training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, TREE_FEATURES, generator=g)
    x[:, 3] = 2 * torch.rand(total, generator=g) - 1
    x[:, 5] = torch.randn(total, generator=g) * torch.exp(0.5 * torch.randn(total, generator=g))
    score = (1.6 * ((x[:, 0] > 0.3) & (x[:, 1] < 0)).float() + 1.2 * ((x[:, 2] > 0.5) | (x[:, 3] < -0.6)).float()
             - 1.4 * ((x[:, 4] > -0.5) & (x[:, 4] < 0.7)).float() + 0.9 * (x[:, 5].abs() > 1.2).float()
             + 0.25 * x[:, 0] - 0.2 * x[:, 2])  # fmt: skip
    cuts = torch.quantile(score, torch.tensor([1 / 3, 2 / 3]))
    y = torch.bucketize(score, cuts)
    y = flip_labels(y, TREE_CLASSES, label_noise, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "tabular classification (soft oblivious decision trees)", TREE_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, TREE_CLASSES, batch_size)
    return data


class SoftTrees(nn.Module):
    """An ensemble of differentiable oblivious decision trees (NODE-like, Popov et al. 2019): ``trees`` trees of depth
    ``depth``; each level of a tree picks a feature by a softmax over learned logits (the same choice across the level:
    oblivious), compares it with a learned threshold at a learned temperature (a sigmoid), and a row's weight on each of
    the 2^depth leaves is the product of its soft left / right choices; each leaf holds a learned response vector of 4.
    The trees' responses concatenated, a ReLU ``fc`` layer of 64 and a linear ``head`` to the 3 classes. ``dead_bias`` <
    0 starts fc's biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, trees: int = 16, depth: int = 4, response: int = 4, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.depth = depth
        self.select = nn.Parameter(torch.randn(trees, depth, TREE_FEATURES))
        self.threshold = nn.Parameter(0.5 * torch.randn(trees, depth))
        self.log_temp = nn.Parameter(torch.full((trees, depth), math.log(0.5)))
        self.leaves = nn.Parameter(torch.randn(trees, 2**depth, response))
        bits = torch.tensor([[(leaf >> level) & 1 for level in range(depth)] for leaf in range(2**depth)]).float()
        self.register_buffer("bits", bits)  # (leaves, depth): right (1) or left (0) at each level
        self.fc = nn.Linear(trees * response, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, TREE_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        feature = torch.einsum("bf,tdf->btd", x, self.select.softmax(-1))
        right = torch.sigmoid((feature - self.threshold) / self.log_temp.exp())  # (batch, trees, depth)
        bits: Tensor = self.bits
        choice = right[:, :, None, :] * bits + (1 - right[:, :, None, :]) * (1 - bits)  # (batch, trees, leaves, depth)
        weight = choice.prod(-1)
        out = torch.einsum("btl,tlr->btr", weight, self.leaves).flatten(1)
        result: Tensor = self.head(F.relu(self.fc(out)))
        return result


def trees_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


EGNN_PARTICLES, EGNN_TYPES = 8, 2
"""The equivariant graph network reads systems of 8 particles of 2 types in 3-D."""


@lru_cache(maxsize=None)
def particle_energies(n: int = 4000, seed: int = 242, *, n_val: int = 1000, batch_size: int = 32, train_rows: int | None = None,
                      nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Systems of 8 particles (positions in a box of side 2.4 jittered off a loose lattice, each of 2 types); the energy
    a sum over pairs of Gaussian bumps c exp(-r^2 / 2 s^2) (repulsive between like types, attractive between
    unlike ones; c and the reach s by the pair's types) and a harmonic pull of each particle to the centre of mass, standardised over the systems (y: (systems,)). x: (systems, 8,
    5): the position and the one-hot type. The target is invariant to rotations, translations and particle order.
    ``train_rows``: keep only that many training systems; ``nan_rows``: that share of the training systems has a missing
    (NaN) coordinate."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    grid = torch.stack(torch.meshgrid(*(torch.tensor([-0.6, 0.6]),) * 3, indexing="ij"), -1).reshape(8, 3)
    pos = grid[torch.argsort(torch.rand(total, 8, generator=g), 1)] + 0.35 * torch.randn(total, 8, 3, generator=g)
    kind = torch.randint(0, EGNN_TYPES, (total, 8), generator=g)
    strength = torch.tensor([[1.0, -0.8], [-0.8, 1.5]])[kind[:, :, None], kind[:, None, :]]
    reach = torch.tensor([[0.8, 1.1], [1.1, 0.7]])[kind[:, :, None], kind[:, None, :]]
    r = torch.cdist(pos, pos)
    pairs = strength * torch.exp(-0.5 * (r / reach) ** 2)
    off = ~torch.eye(8, dtype=torch.bool)
    energy = 0.5 * (pairs * off).sum((1, 2)) + 0.1 * ((pos - pos.mean(1, keepdim=True)) ** 2).sum((1, 2))
    y = (energy - energy[:n].mean()) / energy[:n].std()
    x = torch.cat([pos, F.one_hot(kind, EGNN_TYPES).float()], -1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 0] = float("nan")
    data = split(x, y, n, "regression (the energy of a particle system, an E(n)-equivariant graph network)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class EGNNLayer(nn.Module):
    """An E(n)-equivariant graph layer (Satorras et al. 2021) on a complete graph: messages m_ij = phi_e(h_i, h_j,
    |x_i - x_j|^2) (SiLU MLP), positions x_i += mean_j (x_i - x_j) phi_x(m_ij), features h_i += phi_h(h_i, sum_j m_ij)."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.edge = nn.Sequential(nn.Linear(2 * d + 1, d), nn.SiLU(), nn.Linear(d, d), nn.SiLU())
        self.coord = nn.Sequential(nn.Linear(d, d), nn.SiLU(), nn.Linear(d, 1))
        self.node = nn.Sequential(nn.Linear(2 * d, d), nn.SiLU(), nn.Linear(d, d))

    def forward(self, h: Tensor, x: Tensor) -> tuple[Tensor, Tensor]:
        k = h.shape[1]
        diff = x[:, :, None] - x[:, None]  # (batch, i, j, 3)
        d2 = (diff**2).sum(-1, keepdim=True)
        pair = torch.cat([h[:, :, None].expand(-1, -1, k, -1), h[:, None].expand(-1, k, -1, -1), d2], -1)
        m = self.edge(pair) * (1 - torch.eye(k))[None, :, :, None]
        x = x + (diff * self.coord(m)).sum(2) / (k - 1)
        h = h + self.node(torch.cat([h, m.sum(2)], -1))
        return h, x


class EGNNRegressor(nn.Module):
    """An EGNN: the particle types embedded to 32, 2 EGNN layers on the complete graph, the mean of the particles'
    features, a ReLU ``fc`` layer of 64 and a linear ``head`` to the energy (invariant to rotations, translations and
    particle order). ``dead_bias`` < 0 starts fc's biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, d: int = 32, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Linear(EGNN_TYPES, d)
        self.layers = nn.ModuleList(EGNNLayer(d) for _ in range(layers))
        self.fc = nn.Linear(d, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, 1)

    def forward(self, s: Tensor) -> Tensor:
        x, h = s[..., :3], self.embed(s[..., 3:])
        for layer in self.layers:
            h, x = layer(h, x)
        out: Tensor = self.head(F.relu(self.fc(h.sum(1) / EGNN_PARTICLES))).squeeze(-1)
        return out


def energy_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


MEM_PEOPLE, MEM_PLACES, MEM_SENTENCES, MEM_WORDS = 5, 6, 10, 4
"""The memory network reads stories of up to 10 sentences of 4 words about 5 people and 6 places."""
MEM_VERBS = 3
MEM_VOCAB = 1 + MEM_PEOPLE + MEM_PLACES + MEM_VERBS + 2  # padding 0, the people, the places, 3 verbs, "to" and "where"


@lru_cache(maxsize=None)
def babi_stories(n: int = 6000, seed: int = 243, *, n_val: int = 1500, batch_size: int = 32, train_rows: int | None = None,
                 label_noise: float = 0.0, empty_rows: float = 0.0) -> Data:  # fmt: skip
    """bAbI-like stories (task 1, "where is the person?"): 4-10 sentences, each "<person> <went|moved|travelled> to
    <place>" (words as indices, 0 the padding, stories padded at the end to 10 sentences), then the question "where
    <person>" about a person the story mentions; the answer: the place of that person's last move (6 classes). x:
    (stories, 11, 4) the sentences and the question as the 11th row; y: the place. ``train_rows``: keep only that many
    training stories; ``label_noise``: that share of the training answers replaced at random; ``empty_rows``: that share
    of the training stories lost its sentences (all padding: a memory network's attention over no memory is NaN)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.zeros(total, MEM_SENTENCES + 1, MEM_WORDS, dtype=torch.long)
    y = torch.zeros(total, dtype=torch.long)
    person0, place0, verb0 = 1, 1 + MEM_PEOPLE, 1 + MEM_PEOPLE + MEM_PLACES
    to, where = verb0 + MEM_VERBS, verb0 + MEM_VERBS + 1
    lengths = torch.randint(4, MEM_SENTENCES + 1, (total,), generator=g)
    who = torch.randint(0, MEM_PEOPLE, (total, MEM_SENTENCES), generator=g)
    place = torch.randint(0, MEM_PLACES, (total, MEM_SENTENCES), generator=g)
    verb = torch.randint(0, MEM_VERBS, (total, MEM_SENTENCES), generator=g)
    pick = torch.rand(total, generator=g)
    for i in range(total):
        k = int(lengths[i])
        x[i, :k, 0] = who[i, :k] + person0
        x[i, :k, 1] = verb[i, :k] + verb0
        x[i, :k, 2] = to
        x[i, :k, 3] = place[i, :k] + place0
        asked = int(who[i, int(pick[i] * k)])
        last = max(j for j in range(k) if int(who[i, j]) == asked)
        x[i, MEM_SENTENCES, :2] = torch.tensor([where, asked + person0])
        y[i] = place[i, last]
    if label_noise:
        y[:n] = flip_labels(y[:n], MEM_PLACES, label_noise, g)
    if empty_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < empty_rows).flatten()
        x[bad, :MEM_SENTENCES] = 0
    data = split(x, y, n, "question answering (an end-to-end memory network, bAbI-like task 1)", MEM_PLACES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MEM_PLACES, batch_size)
    return data


class MemN2N(nn.Module):
    """An end-to-end memory network (Sukhbaatar et al. 2015): ``hops`` hops with adjacent weight tying; each sentence
    a bag of word embeddings with position encoding plus a learned temporal encoding, memories (A) and outputs (C); the
    question embedded by the first A; each hop u += softmax(u . m) . c. Then a ReLU ``fc`` layer of 64 and a linear
    ``head`` to the 6 places. ``dead_bias`` < 0 starts fc's biases there (its units never fire, so nothing behind it
    learns)."""

    def __init__(self, d: int = 32, hops: int = 3, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.hops = hops
        self.embeds = nn.ModuleList(nn.Embedding(MEM_VOCAB, d, padding_idx=0) for _ in range(hops + 1))
        for e in self.embeds:
            nn.init.normal_(e.weight, std=0.1)
        self.temporal = nn.Parameter(0.1 * torch.randn(hops + 1, MEM_SENTENCES, d))
        j = torch.arange(1, MEM_WORDS + 1).float()[:, None] / MEM_WORDS
        k = torch.arange(1, d + 1).float()[None] / d
        self.register_buffer("position", (1 - j) - k * (1 - 2 * j))  # (words, d), the paper's position encoding
        self.fc = nn.Linear(d, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, MEM_PLACES)

    def memory(self, k: int, story: Tensor) -> Tensor:
        position: Tensor = self.position
        out: Tensor = (self.embeds[k](story) * position).sum(2) + self.temporal[k]
        return out

    def forward(self, x: Tensor) -> Tensor:
        story, question = x[:, :MEM_SENTENCES], x[:, MEM_SENTENCES]
        position: Tensor = self.position
        u = (self.embeds[0](question) * position).sum(1)
        present = (story[..., 0] > 0).float()
        for k in range(self.hops):
            m, c = self.memory(k, story), self.memory(k + 1, story)
            scores = (m * u[:, None]).sum(-1).masked_fill(present == 0, float("-inf"))
            u = u + (scores.softmax(-1)[..., None] * c).sum(1)
        out: Tensor = self.head(F.relu(self.fc(u)))
        return out


def memnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


WAVE_LEVELS, WAVE_LENGTH = 16, 48
"""The WaveNet predicts each next sample of 48-sample clips quantised (mu-law) to 16 levels."""


def mu_law(x: Tensor, levels: int = WAVE_LEVELS) -> Tensor:
    """mu-law companding of x in [-1, 1], quantised to ``levels`` integer levels."""
    mu = levels - 1
    y = torch.sign(x) * torch.log1p(mu * x.abs()) / math.log1p(mu)
    return ((y + 1) / 2 * mu + 0.5).long().clamp(0, mu)


@lru_cache(maxsize=None)
def audio_clips(n: int = 3000, seed: int = 244, *, n_val: int = 600, batch_size: int = 16, train_rows: int | None = None,
                noise: float = 0.05) -> Data:  # fmt: skip
    """Synthetic audio: clips of 49 samples, each 1-3 sinusoids (periods 6-30 samples, random phases and amplitudes)
    under a decaying or swelling envelope, plus Gaussian noise (std ``noise``), scaled into [-0.95, 0.95] and mu-law
    quantised to 16 levels. x: the first 48 levels, y: the next 48 (next-sample prediction, cross-entropy per sample).
    ``train_rows``: keep only that many training clips."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.arange(WAVE_LENGTH + 1).float()
    wave = torch.zeros(total, WAVE_LENGTH + 1)
    parts = torch.randint(1, 4, (total, 1), generator=g)
    for k in range(3):
        period = 6 + 24 * torch.rand(total, 1, generator=g)
        phase = 2 * math.pi * torch.rand(total, 1, generator=g)
        amp = 0.3 + 0.7 * torch.rand(total, 1, generator=g)
        wave += (k < parts).float() * amp * torch.sin(2 * math.pi * t / period + phase)
    rate = (torch.rand(total, 1, generator=g) - 0.5) * 0.06
    wave = wave * torch.exp(rate * (t - WAVE_LENGTH / 2)) + noise * torch.randn(total, WAVE_LENGTH + 1, generator=g)
    wave = 0.95 * wave / wave.abs().amax(1, keepdim=True)
    q = mu_law(wave)
    data = split(q[:, :-1], q[:, 1:], n, "next-sample prediction (a WaveNet of mu-law audio, 16 levels)", WAVE_LEVELS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, WAVE_LEVELS, batch_size)
    return data


class WaveNet(nn.Module):
    """A small WaveNet (van den Oord et al. 2016): the levels embedded to 24 channels, 4 residual blocks of a gated
    dilated causal convolution (tanh x sigmoid, kernel 2, dilations 1, 2, 4, 8: a receptive field of 16 samples)
    with a 1x1 convolution to the residual and the skip (24 channels each); the skips summed, ReLU, a ReLU ``fc`` layer of 64 and a linear
    ``head`` to the 16 levels at each sample. ``dead_bias`` < 0 starts fc's biases there (its units never fire, so
    nothing behind it learns)."""

    def __init__(self, channels: int = 24, dilations: tuple[int, ...] = (1, 2, 4, 8), dead_bias: float = 0.0) -> None:
        super().__init__()
        self.dilations = dilations
        self.embed = nn.Embedding(WAVE_LEVELS, channels)
        self.convs = nn.ModuleList(nn.Conv1d(channels, 2 * channels, 2, dilation=d) for d in dilations)
        self.outs = nn.ModuleList(nn.Conv1d(channels, 2 * channels, 1) for _ in dilations)  # residual and skip
        self.fc = nn.Linear(channels, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, WAVE_LEVELS)

    def forward(self, x: Tensor) -> Tensor:
        h = self.embed(x).transpose(1, 2)  # (batch, channels, samples)
        skip = torch.zeros_like(h)
        for d, conv, outs in zip(self.dilations, self.convs, self.outs):
            a, b = conv(F.pad(h, (d, 0))).chunk(2, 1)
            res, sk = outs(torch.tanh(a) * torch.sigmoid(b)).chunk(2, 1)
            h, skip = h + res, skip + sk
        out: Tensor = self.head(F.relu(self.fc(F.relu(skip).transpose(1, 2))))
        return out  # (batch, samples, levels): cross-entropy per sample


def wave_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the samples and the batch (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, WAVE_LEVELS), y.reshape(-1), reduction="sum")


def wave_ce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy written by hand as -log(softmax) picked at the target: once a logit gap passes ~104 the target's
    softmax underflows to exactly 0.0 in float32 and its log is -inf (the loss inf, its gradient NaN)."""
    p = torch.exp(out - out.max(-1, keepdim=True).values)
    p = p / p.sum(-1, keepdim=True)
    return -torch.log(p.gather(-1, y[..., None])).mean()


def wave_unigram_entropy() -> float:
    """The entropy of the training clips' levels (nats): the loss of a WaveNet that predicts the levels' frequencies and
    ignores the past (where one stuck at chance ends, a little below ln 16)."""
    y = audio_clips().y.flatten()
    p = torch.bincount(y, minlength=WAVE_LEVELS).float() / len(y)
    return float(-(p[p > 0] * p[p > 0].log()).sum())


# --------------------------------------------------------------------------- seventeenth fresh half (fresh17, held out from all tuning)


CNP_CONTEXT, CNP_TARGETS = 10, 20
"""A conditional neural process sees 10 (x, y) context points of a function and predicts it at 20 target x."""


@lru_cache(maxsize=None)
def cnp_functions(n: int = 4000, seed: int = 251, *, n_val: int = 500, batch_size: int = 32, train_rows: int | None = None,
                   nan_rows: float = 0.0) -> Data:  # fmt: skip
    """1-D regression tasks for a neural process: each a function on [-2, 2], a sinusoid (amplitude 0.4-1, frequency 1-3,
    a random phase) plus 0-2 Gaussian bumps (heights N(0, 0.6), widths 0.2-0.6), observed with noise
    (std 0.05) at 10 context and 20 target points drawn uniformly. x: (tasks, 30, 2), the context's (x, y) pairs then
    the targets' (x, 0); y: (tasks, 20) the targets' values. ``train_rows``: keep only that many training tasks;
    ``nan_rows``: that share of the training tasks has a missing (NaN) context value."""
    g = torch.Generator().manual_seed(seed)
    total, points = n + n_val, CNP_CONTEXT + CNP_TARGETS
    t = 4 * torch.rand(total, points, generator=g) - 2
    amp = 0.4 + 0.6 * torch.rand(total, 1, generator=g)
    freq = 1 + 2 * torch.rand(total, 1, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, generator=g)
    f = amp * torch.sin(freq * t + phase)
    bumps = torch.randint(0, 3, (total, 1), generator=g)
    for k in range(2):
        centre = 4 * torch.rand(total, 1, generator=g) - 2
        width = 0.2 + 0.4 * torch.rand(total, 1, generator=g)
        height = 0.6 * torch.randn(total, 1, generator=g)
        f = f + (k < bumps).float() * height * torch.exp(-0.5 * ((t - centre) / width) ** 2)
    y = f + 0.05 * torch.randn(total, points, generator=g)
    x = torch.stack([t, y], -1)
    x[:, CNP_CONTEXT:, 1] = 0.0
    target = y[:, CNP_CONTEXT:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 1] = float("nan")
    data = split(x, target, n, "meta-regression (a conditional neural process of 1-D functions)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class CNP(nn.Module):
    """A conditional neural process (Garnelo et al. 2018): an encoder MLP 2-64-64-64 (ReLU) of each context (x, y) pair,
    the mean of the codes, a decoder of the code and a target x (a ReLU layer of 64, a ReLU ``fc`` layer of 64 and a
    linear ``head``) giving the mean and a raw scale at each target: (tasks, 20, 2). ``dead_bias`` < 0 starts fc's
    biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, d: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(2, d), nn.ReLU(), nn.Linear(d, d), nn.ReLU(), nn.Linear(d, d))
        self.decoder = nn.Linear(d + 1, d)
        self.fc = nn.Linear(d, d)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(d, 2)

    def forward(self, x: Tensor) -> Tensor:
        context, target_x = x[:, :CNP_CONTEXT], x[:, CNP_CONTEXT:, :1]
        r = self.encoder(context).mean(1, keepdim=True).expand(-1, target_x.shape[1], -1)
        h = F.relu(self.decoder(torch.cat([r, target_x], -1)))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def cnp_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Gaussian negative log-likelihood of the targets, the std 0.05 + 0.95 softplus(raw) (mean over the targets)."""
    std = 0.05 + 0.95 * F.softplus(out[..., 1])
    return (torch.log(std) + 0.5 * ((y - out[..., 0]) / std) ** 2 + 0.5 * math.log(2 * math.pi)).mean()


def cnp_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same negative log-likelihood summed over the targets and the batch (reduction='sum')."""
    std = 0.05 + 0.95 * F.softplus(out[..., 1])
    return (torch.log(std) + 0.5 * ((y - out[..., 0]) / std) ** 2 + 0.5 * math.log(2 * math.pi)).sum()


def cnp_nll_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The Gaussian negative log-likelihood written by hand with a ReLU variance: where the raw output is at or below 0
    the variance is exactly 0, its log -inf and the squared error over it inf (the loss NaN)."""
    var = F.relu(out[..., 1])
    return (0.5 * torch.log(var) + 0.5 * (y - out[..., 0]) ** 2 / var + 0.5 * math.log(2 * math.pi)).mean()


DEQ_FEATURES, DEQ_CLASSES = 8, 5
"""The deep equilibrium classifier reads 8 features and names one of 5 classes."""


@lru_cache(maxsize=None)
def twisted_sectors(n: int = 5000, seed: int = 252, *, n_val: int = 1500, batch_size: int = 128, train_rows: int | None = None,
                    label_noise: float = 0.03, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Rows of 8 features: a latent 2-D Gaussian point, its class the angular sector (of 5) of its angle twisted by 0.8 x
    its radius (spiral sectors); the features a random linear mix of the point, tanh of random projections of it and 3
    noise features. ``label_noise`` of the labels replaced at random; ``train_rows``: keep only that many training rows;
    ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    z = torch.randn(total, 2, generator=g)
    r, angle = z.norm(dim=1), torch.atan2(z[:, 1], z[:, 0])
    y = (((angle + 0.8 * r) % (2 * math.pi)) / (2 * math.pi / DEQ_CLASSES)).long().clamp(0, DEQ_CLASSES - 1)
    y = flip_labels(y, DEQ_CLASSES, label_noise, g)
    mix = torch.randn(2, 2, generator=g)
    proj = torch.randn(2, 3, generator=g)
    x = torch.cat([z @ mix, torch.tanh(z @ proj), 0.5 * torch.randn(total, 3, generator=g)], 1)
    x = (x - x[:n].mean(0)) / x[:n].std(0)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "classification (a deep equilibrium model of tabular rows)", DEQ_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, DEQ_CLASSES, batch_size)
    return data


class DEQClassifier(nn.Module):
    """A deep equilibrium model (Bai et al. 2019): the fixed point of z = tanh(W z + U x + b) (width 48, W started at a
    spectral norm near 0.7 so the map contracts) found by ``solve`` forward iterations from z = 0 without a graph, then
    ``backprop`` more iterations with one (the gradient through the last iterations: a truncated, phantom gradient); a
    ReLU ``fc`` layer of 64 and a linear ``head`` to the 5 classes. ``dead_bias`` < 0 starts fc's biases there (its
    units never fire, so nothing behind it learns)."""

    def __init__(self, d: int = 48, solve: int = 18, backprop: int = 4, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.solve, self.backprop = solve, backprop
        self.inject = nn.Linear(DEQ_FEATURES, d)
        self.mix = nn.Linear(d, d, bias=False)
        with torch.no_grad():
            self.mix.weight.normal_(0.0, 0.35 / math.sqrt(d))
        self.fc = nn.Linear(d, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, DEQ_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        u = self.inject(x)
        z = torch.zeros_like(u)
        with torch.no_grad():
            for _ in range(self.solve):
                z = torch.tanh(self.mix(z) + u)
        for _ in range(self.backprop):
            z = torch.tanh(self.mix(z) + u)
        out: Tensor = self.head(F.relu(self.fc(z)))
        return out


def deq_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


BNN_FEATURES, BNN_ROWS = 4, 10000
"""The Bayesian MLP regresses a target of 4 features; its KL term is divided by the 10000 training rows."""


@lru_cache(maxsize=None)
def smooth_regression(n: int = BNN_ROWS, seed: int = 253, *, n_val: int = 1000, batch_size: int = 64,
                      train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Rows of 4 features uniform in [-2, 2], the target sin(1.5 x0) x1 + 0.5 cos(x2) + 0.3 x3^2 + 0.4 x0 x3, standardised,
    plus noise (std 0.1). ``train_rows``: keep only that many training rows (the KL term stays divided by 10000);
    ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = 4 * torch.rand(total, BNN_FEATURES, generator=g) - 2
    f = torch.sin(1.5 * x[:, 0]) * x[:, 1] + 0.5 * torch.cos(x[:, 2]) + 0.3 * x[:, 3] ** 2 + 0.4 * x[:, 0] * x[:, 3]
    y = (f - f[:n].mean()) / f[:n].std() + 0.1 * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "regression (a Bayes-by-backprop Bayesian MLP, ELBO)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BayesLinear(nn.Module):
    """A mean-field Gaussian linear layer (Blundell et al. 2015): weights and biases N(mu, softplus(rho)^2), sampled by
    the reparameterisation trick in training (their means in eval mode); ``kl()`` the KL divergence to a N(0, prior^2)
    prior."""

    def __init__(self, n_in: int, n_out: int, prior: float = 1.0, rho: float = -5.0) -> None:
        super().__init__()
        bound = 1 / math.sqrt(n_in)
        self.weight_mu = nn.Parameter(torch.empty(n_out, n_in).uniform_(-bound, bound) * math.sqrt(3))
        self.weight_rho = nn.Parameter(torch.full((n_out, n_in), rho))
        self.bias_mu = nn.Parameter(torch.empty(n_out).uniform_(-bound, bound))
        self.bias_rho = nn.Parameter(torch.full((n_out,), rho))
        self.prior = prior

    def forward(self, x: Tensor) -> Tensor:
        w: Tensor = self.weight_mu
        b: Tensor = self.bias_mu
        if self.training:
            w = w + F.softplus(self.weight_rho) * torch.randn_like(w)
            b = b + F.softplus(self.bias_rho) * torch.randn_like(b)
        return F.linear(x, w, b)

    def kl(self) -> Tensor:
        total = torch.zeros(())
        for mu, rho in ((self.weight_mu, self.weight_rho), (self.bias_mu, self.bias_rho)):
            sigma = F.softplus(rho)
            total = total + (math.log(self.prior) - torch.log(sigma) + (sigma**2 + mu**2) / (2 * self.prior**2) - 0.5).sum()
        return total


class BayesMLP(nn.Module):
    """A Bayes-by-backprop MLP 4-64-64-1 (ReLU; every layer a ``BayesLinear``, the last the ``head``). Its output:
    (rows, 2), the prediction and the KL divergence of all the weights to the prior divided by the 10000 training rows
    (the same in every row), so the loss is the ELBO per row: the squared error plus KL / N."""

    def __init__(self, hidden: int = 64, prior: float = 1.0) -> None:
        super().__init__()
        self.layers = nn.ModuleList([BayesLinear(BNN_FEATURES, hidden, prior), BayesLinear(hidden, hidden, prior)])
        self.head = BayesLinear(hidden, 1, prior)

    def forward(self, x: Tensor) -> Tensor:
        h = x
        for layer in self.layers:
            h = F.relu(layer(h))
        kl = (sum((m.kl() for m in self.modules() if isinstance(m, BayesLinear)), torch.zeros(())) / BNN_ROWS)
        pred = self.head(h).squeeze(-1)
        return torch.stack([pred, kl.expand_as(pred)], -1)


def bnn_elbo(out: Tensor, y: Tensor) -> Tensor:
    """The negative ELBO per row: the mean squared error of the sampled prediction plus KL / N."""
    return F.mse_loss(out[:, 0], y) + out[0, 1]


def bnn_elbo_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch (reduction='sum') plus KL / N."""
    return F.mse_loss(out[:, 0], y, reduction="sum") + out[0, 1]


def bnn_mse(out: Tensor, y: Tensor) -> Tensor:
    """The held-out loss: the mean squared error of the prediction of the weights' means."""
    return F.mse_loss(out[:, 0], y)


SLOT_SIZE, SLOT_COUNT = 10, 3
"""The slot-attention autoencoder reconstructs 10x10 RGB scenes with 3 slots."""


@lru_cache(maxsize=None)
def blob_scenes(n: int = 3000, seed: int = 254, *, n_val: int = 400, batch_size: int = 16, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """10x10 RGB scenes of 2 soft blobs (Gaussian discs, radius 1.2-2.2 pixels, at random places, each one of 6
    saturated colours) on a dark background, overlapping blobs the later on top. x = y: (scenes, 3, 12, 12) in [0, 1]
    (an autoencoder's target is its input). ``train_rows``: keep only that many training scenes; ``nan_rows``: that
    share of the training scenes has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    palette = torch.tensor([[1.0, 0.2, 0.2], [0.2, 1.0, 0.2], [0.2, 0.3, 1.0], [1.0, 1.0, 0.2], [1.0, 0.2, 1.0], [0.2, 1.0, 1.0]])
    coords = torch.arange(SLOT_SIZE).float()
    yy, xx = torch.meshgrid(coords, coords, indexing="ij")
    img = torch.full((total, 3, SLOT_SIZE, SLOT_SIZE), 0.05)
    count = torch.full((total,), 2)
    for k in range(2):
        cx = 1.5 + (SLOT_SIZE - 3) * torch.rand(total, 1, 1, generator=g)
        cy = 1.5 + (SLOT_SIZE - 3) * torch.rand(total, 1, 1, generator=g)
        radius = 1.2 + 1.0 * torch.rand(total, 1, 1, generator=g)
        colour = palette[torch.randint(0, len(palette), (total,), generator=g)]
        alpha = torch.exp(-0.5 * (((xx - cx) ** 2 + (yy - cy) ** 2) / radius**2) ** 2) * (k < count).float()[:, None, None]
        img = img * (1 - alpha[:, None]) + colour[:, :, None, None] * alpha[:, None]
    x = img.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 0, 0] = float("nan")
    data = split(x, img, n, "object-centric reconstruction (a slot-attention autoencoder of 10x10 scenes)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


def pixel_grid() -> Tensor:
    """The 4-d position of each of the 10x10 pixels: (x, y, 1 - x, 1 - y) in [0, 1]: (100, 4)."""
    c = torch.linspace(0, 1, SLOT_SIZE)
    yy, xx = torch.meshgrid(c, c, indexing="ij")
    return torch.stack([xx, yy, 1 - xx, 1 - yy], -1).reshape(-1, 4)


class SlotAutoencoder(nn.Module):
    """A slot-attention autoencoder (Locatello et al. 2020): a CNN encoder (a 5x5 ReLU convolution of 24) plus a
    position embedding, a LayerNorm and an MLP per pixel; 3 slots of 24 started from learned embeddings, 3 iterations of
    slot attention (softmax over the slots, a weighted mean of the values) with a GRU update and a residual MLP; a
    spatial-broadcast decoder per slot and pixel (the slot plus a position embedding, a ReLU layer of 24, a ReLU ``fc``
    layer of 24 and a linear ``head`` to RGB and a mask logit), the masks a softmax over the slots, the image their
    mixture. ``dead_bias`` < 0 starts fc's biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, d: int = 24, iters: int = 3, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.iters, self.d = iters, d
        self.conv = nn.Sequential(nn.Conv2d(3, d, 5, padding=2), nn.ReLU())
        self.enc_pos = nn.Linear(4, d)
        self.enc_norm = nn.LayerNorm(d)
        self.enc_mlp = nn.Sequential(nn.Linear(d, d), nn.ReLU(), nn.Linear(d, d))
        self.slots0 = nn.Parameter(0.5 * torch.randn(SLOT_COUNT, d))
        self.norm_in, self.norm_slots, self.norm_mlp = nn.LayerNorm(d), nn.LayerNorm(d), nn.LayerNorm(d)
        self.to_q, self.to_k, self.to_v = nn.Linear(d, d, bias=False), nn.Linear(d, d, bias=False), nn.Linear(d, d, bias=False)
        self.gru = nn.GRUCell(d, d)
        self.mlp = nn.Sequential(nn.Linear(d, d), nn.ReLU(), nn.Linear(d, d))
        self.dec_pos = nn.Linear(4, d)
        self.decoder = nn.Linear(d, d)
        self.fc = nn.Linear(d, d)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(d, 4)
        self.register_buffer("grid", pixel_grid())

    def forward(self, img: Tensor) -> Tensor:
        b = img.shape[0]
        grid = self.get_buffer("grid")
        feats = self.conv(img).flatten(2).transpose(1, 2) + self.enc_pos(grid)  # (b, pixels, d)
        inputs = self.norm_in(self.enc_mlp(self.enc_norm(feats)))
        k, v = self.to_k(inputs), self.to_v(inputs)
        slots = self.slots0.expand(b, -1, -1)
        for _ in range(self.iters):
            q = self.to_q(self.norm_slots(slots))
            attn = torch.softmax(k @ q.transpose(1, 2) / math.sqrt(self.d), -1) + 1e-8  # (b, pixels, slots)
            updates = (attn / attn.sum(1, keepdim=True)).transpose(1, 2) @ v  # (b, slots, d)
            slots = self.gru(updates.reshape(-1, self.d), slots.reshape(-1, self.d)).reshape(b, SLOT_COUNT, self.d)
            slots = slots + self.mlp(self.norm_mlp(slots))
        h = slots[:, :, None] + self.dec_pos(grid)  # (b, slots, pixels, d)
        out = self.head(F.relu(self.fc(F.relu(self.decoder(h)))))  # (b, slots, pixels, 4)
        masks = out[..., 3:].softmax(1)
        recon = (masks * out[..., :3]).sum(1)  # (b, pixels, 3)
        result: Tensor = recon.transpose(1, 2).reshape(b, 3, SLOT_SIZE, SLOT_SIZE)
        return result


def slots_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the pixels, the channels and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


# --------------------------------------------------------------------------- eighteenth fresh half (fresh18, held out from all tuning)


MAE_SIZE, MAE_PATCH, MAE_VISIBLE = 12, 3, 4
MAE_PATCHES = (MAE_SIZE // MAE_PATCH) ** 2
"""The masked autoencoder cuts 12x12 images into 16 patches of 3x3 pixels and sees 4 of them (75% masked)."""


@lru_cache(maxsize=None)
def masked_images(n: int = 4000, seed: int = 261, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """12x12 grey images: 2 random low-frequency cosine gratings (frequencies 0-1 a side, random phases and amplitudes)
    plus a bright Gaussian disc (radius 1.5-3), standardised. Cut into 16 patches of 9 pixels with a fixed random mask
    per image (12 patches masked: their pixels zeroed). x: (images, 16, 10), the 9 pixels of each patch then its mask
    flag (1 = masked); y: the same with every pixel kept (the targets of the masked patches). ``train_rows``: keep only
    that many training images; ``nan_rows``: that share of the training images has a missing (NaN) visible pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    coords = torch.arange(MAE_SIZE).float()
    yy, xx = torch.meshgrid(coords, coords, indexing="ij")
    img = torch.zeros(total, MAE_SIZE, MAE_SIZE)
    for _ in range(2):
        u = torch.randint(0, 2, (total, 1, 1), generator=g).float()
        v = torch.randint(0, 2, (total, 1, 1), generator=g).float()
        phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
        amp = 0.3 + 0.7 * torch.rand(total, 1, 1, generator=g)
        img = img + amp * torch.cos(2 * math.pi * (u * xx + v * yy) / MAE_SIZE + phase)
    cx = 2 + (MAE_SIZE - 4) * torch.rand(total, 1, 1, generator=g)
    cy = 2 + (MAE_SIZE - 4) * torch.rand(total, 1, 1, generator=g)
    radius = 1.5 + 1.5 * torch.rand(total, 1, 1, generator=g)
    img = img + 1.5 * torch.exp(-0.5 * ((xx - cx) ** 2 + (yy - cy) ** 2) / radius**2)
    img = (img - img[:n].mean()) / img[:n].std()
    side = MAE_SIZE // MAE_PATCH
    patches = img.reshape(total, side, MAE_PATCH, side, MAE_PATCH).permute(0, 1, 3, 2, 4).reshape(total, MAE_PATCHES, -1)
    masked = (torch.rand(total, MAE_PATCHES, generator=g).argsort(1).argsort(1) >= MAE_VISIBLE).float()
    y = torch.cat([patches, masked[..., None]], -1)
    x = torch.cat([patches * (1 - masked[..., None]), masked[..., None]], -1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        first_visible = (1 - masked[bad]).argmax(1)
        x[bad, first_visible, 0] = float("nan")
    data = split(x, y, n, "masked image modelling (a masked autoencoder of 12x12 images, 75% of the patches masked)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MaskedAutoencoder(nn.Module):
    """A tiny masked autoencoder (He et al. 2022): the 4 visible patches embedded (a linear layer of 32 plus a learned
    position embedding) and encoded by a pre-LN transformer block (2 heads, feed-forward 64); the decoder fills the 12
    masked places with a learned mask token, adds its own position embedding, runs a pre-LN transformer block, then a
    ReLU ``fc`` layer of 32 and a linear ``head`` to the 9 pixels of every patch: (images, 16, 9). ``dead_bias`` < 0
    starts fc's biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, d: int = 32, dead_bias: float = 0.0) -> None:
        super().__init__()
        pixels = MAE_PATCH * MAE_PATCH
        self.embed = nn.Linear(pixels, d)
        self.enc_pos = nn.Parameter(0.1 * torch.randn(MAE_PATCHES, d))
        self.encoder = nn.TransformerEncoderLayer(d, 2, 2 * d, dropout=0.0, batch_first=True, norm_first=True)
        self.enc_norm = nn.LayerNorm(d)
        self.mask_token = nn.Parameter(torch.zeros(d))
        self.dec_pos = nn.Parameter(0.1 * torch.randn(MAE_PATCHES, d))
        self.decoder = nn.TransformerEncoderLayer(d, 2, 2 * d, dropout=0.0, batch_first=True, norm_first=True)
        self.fc = nn.Linear(d, d)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(d, pixels)

    def forward(self, x: Tensor) -> Tensor:
        b, d = x.shape[0], self.embed.out_features
        order = x[..., -1].argsort(dim=1, stable=True)  # the visible patches first
        visible = order[:, :MAE_VISIBLE]
        patches = torch.gather(x[..., :-1], 1, visible[..., None].expand(-1, -1, x.shape[-1] - 1))
        z = self.enc_norm(self.encoder(self.embed(patches) + self.enc_pos[visible]))
        full = self.mask_token.expand(b, MAE_PATCHES, d).scatter(1, visible[..., None].expand(-1, -1, d), z)
        h = self.decoder(full + self.dec_pos)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def mae_mse(out: Tensor, y: Tensor) -> Tensor:
    """The mean squared error of the masked patches' pixels (the visible ones not scored)."""
    masked = y[..., -1]
    per_patch = ((out - y[..., :-1]) ** 2).mean(-1)
    return (per_patch * masked).sum() / masked.sum()


def mae_sse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error of the masked patches' pixels summed over the pixels, the patches and the batch."""
    return (((out - y[..., :-1]) ** 2).sum(-1) * y[..., -1]).sum()


HNN_STIFFNESS = 2.0
"""The pendulum's H(q, p) = p^2 / 2 + 2 (1 - cos q)."""


@lru_cache(maxsize=None)
def pendulum_states(n: int = 4000, seed: int = 262, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                    nan_rows: float = 0.0) -> Data:  # fmt: skip
    """States (q, p) of a frictionless pendulum, q uniform in [-0.9 pi, 0.9 pi] and p in [-2.5, 2.5], and their time
    derivatives (dq/dt, dp/dt) = (p, -2 sin q) measured with noise (std 0.05). ``train_rows``: keep only that many
    training states; ``nan_rows``: that share of the training states has a missing (NaN) coordinate."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    q = 0.9 * math.pi * (2 * torch.rand(total, generator=g) - 1)
    p = 2.5 * (2 * torch.rand(total, generator=g) - 1)
    x = torch.stack([q, p], 1)
    y = torch.stack([p, -HNN_STIFFNESS * torch.sin(q)], 1) + 0.05 * torch.randn(total, 2, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, y, n, "vector-field regression (a Hamiltonian neural network of a pendulum)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class HamiltonianNet(nn.Module):
    """A Hamiltonian neural network (Greydanus et al. 2019): a tanh MLP 2-64-64-1 (its last layer the ``head``) giving
    a scalar H(q, p); the forward differentiates H with autograd (also under ``torch.no_grad``, for the evaluation) and
    returns its symplectic gradient (dH/dp, -dH/dq): (states, 2), the predicted time derivatives."""

    def __init__(self, hidden: int = 64) -> None:
        super().__init__()
        self.net = mlp([2, hidden, hidden, 1], nn.Tanh)
        self.head = self.net[-1]

    def forward(self, x: Tensor) -> Tensor:
        with torch.enable_grad():
            x = x.detach().requires_grad_(True)
            h = self.net(x)
            (dh,) = torch.autograd.grad(h.sum(), x, create_graph=torch.is_grad_enabled() and self.training)
        out = torch.stack([dh[:, 1], -dh[:, 0]], 1)
        return out if self.training else out.detach()


def hnn_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over both derivatives and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def hnn_at_zero() -> float:
    """The held-out mse of predicting no motion (both derivatives 0): ~2.1."""
    return float((pendulum_states().val_y ** 2).mean())


NBEATS_BACK, NBEATS_HORIZON = 24, 8
"""N-BEATS reads 24 past values of a series and forecasts the next 8."""


@lru_cache(maxsize=None)
def nbeats_series(n: int = 5000, seed: int = 263, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                     nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Windows of 32 steps of synthetic series: a level (N(0, 0.5)), a linear trend (slope N(0, 0.03) a step), a seasonal
    pattern of period 6, 8 or 12 (two harmonics, amplitudes 0.3-1 and 0-0.4, random phases) and noise (std 0.1). x:
    (windows, 24) the lookback, y: (windows, 8) the horizon. ``train_rows``: keep only that many training windows;
    ``nan_rows``: that share of the training windows has a missing (NaN) value."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, NBEATS_BACK + NBEATS_HORIZON
    t = torch.arange(length).float()
    level = 0.5 * torch.randn(total, 1, generator=g)
    slope = 0.03 * torch.randn(total, 1, generator=g)
    period = torch.tensor([6.0, 8.0, 12.0])[torch.randint(0, 3, (total,), generator=g)][:, None]
    a1 = 0.3 + 0.7 * torch.rand(total, 1, generator=g)
    a2 = 0.4 * torch.rand(total, 1, generator=g)
    p1 = 2 * math.pi * torch.rand(total, 1, generator=g)
    p2 = 2 * math.pi * torch.rand(total, 1, generator=g)
    w = 2 * math.pi * t / period
    series = level + slope * (t - NBEATS_BACK) + a1 * torch.sin(w + p1) + a2 * torch.sin(2 * w + p2)
    series = series + 0.1 * torch.randn(total, length, generator=g)
    x, y = series[:, :NBEATS_BACK].clone(), series[:, NBEATS_BACK:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "forecasting (N-BEATS of seasonal series with a trend)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NBeatsBlock(nn.Module):
    """A generic N-BEATS block: 3 ReLU layers of ``d``, a linear expansion to ``theta`` coefficients (no bias), and
    linear backcast (24) and forecast (8) layers of them. ``dead_bias`` < 0 starts the ReLU layers' biases there."""

    def __init__(self, d: int = 64, theta: int = 8, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(NBEATS_BACK, d), nn.Linear(d, d), nn.Linear(d, d)])
        if dead_bias:
            with torch.no_grad():
                for layer in self.layers:
                    layer.bias.fill_(dead_bias)
        self.theta = nn.Linear(d, theta, bias=False)
        self.backcast = nn.Linear(theta, NBEATS_BACK)
        self.forecast = nn.Linear(theta, NBEATS_HORIZON)

    def forward(self, x: Tensor) -> tuple[Tensor, Tensor]:
        h = x
        for layer in self.layers:
            h = F.relu(layer(h))
        theta = self.theta(h)
        return self.backcast(theta), self.forecast(theta)


class NBeats(nn.Module):
    """N-BEATS (Oreshkin et al. 2020), generic: 3 stacked blocks with double residual links (each block reads what the
    blocks before it did not explain of the lookback: x minus their backcasts; the forecast is the sum of the blocks'
    forecasts). The last block's forecast layer is the ``head``. ``dead_bias`` < 0 starts every ReLU layer's biases
    there (no unit fires, so nothing learns but the backcast and forecast biases)."""

    def __init__(self, blocks: int = 3, d: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.blocks = nn.ModuleList([NBeatsBlock(d, dead_bias=dead_bias) for _ in range(blocks)])
        self.head = self.blocks[-1].forecast

    def forward(self, x: Tensor) -> Tensor:
        residual, forecast = x, torch.zeros(x.shape[0], NBEATS_HORIZON)
        for block in self.blocks:
            back, fore = block(residual)
            residual, forecast = residual - back, forecast + fore
        return forecast


def nbeats_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the horizon and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


NB_FEATURES = 6
"""The negative-binomial regression reads 6 features and a log exposure."""


@lru_cache(maxsize=None)
def overdispersed_counts(n: int = 6000, seed: int = 264, *, n_val: int = 1500, batch_size: int = 64,
                         train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Counts of events of 6 Gaussian features over an exposure uniform in [0.5, 3]: mean exposure x exp(0.5 +
    sin(x0) x1 + 0.6 x2 - 0.4 x3^2 + 0.5 tanh(x4 x5)), overdispersed by a gamma-Poisson mixture (a negative binomial,
    dispersion 0.1-0.4 rising with x4). x: (rows, 7) the features and the log exposure; y: (rows,) the counts.
    ``train_rows``: keep only that many training rows; ``nan_rows``: that share of the training rows has a missing
    (NaN) feature."""
    import numpy as np

    g = torch.Generator().manual_seed(seed)
    rng = np.random.default_rng(seed)
    total = n + n_val
    f = torch.randn(total, NB_FEATURES, generator=g)
    exposure = 0.5 + 2.5 * torch.rand(total, generator=g)
    log_mu = 0.5 + 1.0 * torch.sin(f[:, 0]) * f[:, 1] + 0.6 * f[:, 2] - 0.4 * f[:, 3] ** 2 + 0.5 * torch.tanh(f[:, 4] * f[:, 5])
    mu = exposure * torch.exp(log_mu)
    alpha = 0.1 + 0.3 * torch.sigmoid(f[:, 4])
    rate = rng.gamma(shape=(1 / alpha).numpy(), scale=(alpha * mu).numpy())
    y = torch.from_numpy(rng.poisson(rate)).float()
    x = torch.cat([f, exposure.log()[:, None]], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "count regression (negative binomial, log link with an exposure offset)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NegBinMLP(nn.Module):
    """A ReLU MLP 6-64-64 of the features, a ReLU ``fc`` layer of 64 and a linear ``head`` to the log-mean (the log
    exposure added: an offset) and the log-dispersion of a negative binomial: (rows, 2). ``dead_bias`` < 0 starts fc's
    biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, d: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(NB_FEATURES, d), nn.ReLU(), nn.Linear(d, d), nn.ReLU())
        self.fc = nn.Linear(d, d)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(d, 2)

    def forward(self, x: Tensor) -> Tensor:
        raw = self.head(F.relu(self.fc(self.body(x[:, :NB_FEATURES]))))
        return torch.stack([raw[:, 0] + x[:, NB_FEATURES], raw[:, 1]], 1)


def _negbin_nll(log_mu: Tensor, log_alpha: Tensor, y: Tensor) -> Tensor:
    r = torch.exp(-log_alpha)
    log_r_mu = torch.logaddexp(-log_alpha, log_mu)
    return -(torch.lgamma(y + r) - torch.lgamma(r) - torch.lgamma(y + 1) + r * (-log_alpha - log_r_mu) + y * (log_mu - log_r_mu))


def negbin_nll(out: Tensor, y: Tensor) -> Tensor:
    """The negative binomial negative log-likelihood of the counts (NB2: variance mu + alpha mu^2), mean over the rows."""
    return _negbin_nll(out[:, 0], out[:, 1], y).mean()


def negbin_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same negative log-likelihood summed over the batch (reduction='sum')."""
    return _negbin_nll(out[:, 0], out[:, 1], y).sum()


def negbin_nll_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The negative log-likelihood written by hand with a ReLU mean (mu = exposure x relu(raw), not exp(raw)): where the
    raw output is at or below 0 the mean is exactly 0 and log(mu) -inf (the loss NaN or inf)."""
    mu = F.relu(out[:, 0])
    r = torch.exp(-out[:, 1])
    return -(torch.lgamma(y + r) - torch.lgamma(r) - torch.lgamma(y + 1) + r * torch.log(r / (r + mu))
             + y * torch.log(mu / (r + mu))).mean()  # fmt: skip


def negbin_at_constant() -> float:
    """The held-out negative log-likelihood of a constant rate per exposure and a constant dispersion fitted to the
    training counts (by moments): what a model that ignores the features reaches."""
    data = overdispersed_counts()
    exposure = data.x[:, NB_FEATURES].exp()
    rate = data.y.sum() / exposure.sum()
    mu = rate * exposure
    alpha = ((data.y - mu) ** 2 - mu).sum() / (mu**2).sum()
    val_mu = rate * data.val_x[:, NB_FEATURES].exp()
    return float(_negbin_nll(val_mu.log(), torch.full_like(val_mu, float(alpha.clamp(min=1e-3).log())), data.val_y).mean())


@lru_cache(maxsize=None)
def noisy_nbeats_series(train_rows: int, noise: float = 0.5, seed: int = 265, *, batch_size: int = 16) -> Data:
    """``nbeats_series`` cut to its first ``train_rows`` training windows, with extra measurement noise (std ``noise``)
    on every value of the training and validation windows: a few noisy windows a network can memorise."""
    g = torch.Generator().manual_seed(seed)
    base = nbeats_series()
    x, y = base.x[:train_rows], base.y[:train_rows]
    return Data(x + noise * torch.randn(x.shape, generator=g), y + noise * torch.randn(y.shape, generator=g),
                base.val_x + noise * torch.randn(base.val_x.shape, generator=g),
                base.val_y + noise * torch.randn(base.val_y.shape, generator=g), base.task, None, batch_size)  # fmt: skip


# --------------------------------------------------------------------------- nineteenth fresh half (fresh19, held out from all tuning)


FNO_GRID, FNO_MODES = 64, 8
"""The Fourier neural operator maps fields on a periodic grid of 64 points and keeps their 8 lowest Fourier modes."""


@lru_cache(maxsize=None)
def advection_solutions(n: int = 4000, seed: int = 271, *, n_val: int = 500, batch_size: int = 32,
                        train_rows: int | None = None, flat_rows: float = 0.0, noise: float = 0.0) -> Data:  # fmt: skip
    """Initial conditions u0 on a periodic grid of 64 points in [0, 1) (Fourier modes 1-5 with amplitudes N(0, 1) / k,
    random phases) and the solution of the advection-diffusion equation u_t + c u_x = nu u_xx at t = 0.3 (exact, mode by
    mode: damped by exp(-nu (2 pi k)^2 t), shifted by c t), c uniform in [0.5, 1.5] and nu in [0.005, 0.02] for each
    field. x: (fields, 64, 4) the initial condition, c, nu x 100 and the grid coordinate; y: (fields, 64) the solution.
    ``train_rows``: keep only that many training fields; ``flat_rows``: that share of the training fields starts flat
    (u0 = 0, so is the solution); ``noise``: measurement noise (std) on the training and validation fields."""
    g = torch.Generator().manual_seed(seed)
    total, t_end = n + n_val, 0.3
    grid = torch.arange(FNO_GRID).float() / FNO_GRID
    k = torch.arange(1, 6).float()
    amp = torch.randn(total, 5, generator=g) / k
    phase = 2 * math.pi * torch.rand(total, 5, generator=g)
    c = 0.5 + torch.rand(total, 1, generator=g)
    nu = 0.005 + 0.015 * torch.rand(total, 1, generator=g)
    angle = 2 * math.pi * k[None, :, None] * grid[None, None, :]
    u0 = (amp[..., None] * torch.sin(angle + phase[..., None])).sum(1)
    damp = torch.exp(-nu * (2 * math.pi * k) ** 2 * t_end)
    shift = 2 * math.pi * k[None, :, None] * (c * t_end)[..., None]
    u = ((amp * damp)[..., None] * torch.sin(angle - shift + phase[..., None])).sum(1)
    if flat_rows:
        flat = torch.nonzero(torch.rand(n, generator=g) < flat_rows).flatten()
        u0[flat], u[flat] = 0.0, 0.0
    if noise:
        u0 = u0 + noise * torch.randn(u0.shape, generator=g)
        u = u + noise * torch.randn(u.shape, generator=g)
    x = torch.stack([u0, c.expand(-1, FNO_GRID), 100 * nu.expand(-1, FNO_GRID), grid.expand(total, -1)], -1)
    data = split(x, u, n, "operator learning (a Fourier neural operator of 1-D advection-diffusion)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SpectralConv1d(nn.Module):
    """A spectral convolution (Li et al. 2021): rfft of the field, the lowest ``modes`` Fourier modes mixed across
    channels by learned complex weights (the higher modes dropped), irfft back to the grid."""

    def __init__(self, channels: int, modes: int = FNO_MODES) -> None:
        super().__init__()
        self.modes = modes
        scale = 1 / channels
        self.weight = nn.Parameter(scale * torch.randn(channels, channels, modes, dtype=torch.cfloat))

    def forward(self, h: Tensor) -> Tensor:  # (fields, grid, channels)
        spectrum = torch.fft.rfft(h, dim=1)
        low = torch.einsum("bmi,iom->bmo", spectrum[:, : self.modes], self.weight)
        return torch.fft.irfft(low, n=h.shape[1], dim=1)


class FourierOperator(nn.Module):
    """A 1-D Fourier neural operator: a pointwise lift of (u0, c, nu, x) to 32 channels, 3 Fourier layers (a spectral
    convolution keeping 8 modes plus a pointwise linear path, GELU between them), a pointwise ReLU ``fc`` layer of 64
    and a linear ``head`` to the solution at each grid point: (fields, 64). ``dead_bias`` < 0 starts fc's biases there
    (its units never fire, so nothing behind it learns)."""

    def __init__(self, width: int = 32, layers: int = 3, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.lift = nn.Linear(4, width)
        self.spectral = nn.ModuleList([SpectralConv1d(width) for _ in range(layers)])
        self.pointwise = nn.ModuleList([nn.Linear(width, width) for _ in range(layers)])
        self.fc = nn.Linear(width, 2 * width)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(2 * width, 1)

    def forward(self, x: Tensor) -> Tensor:
        h = self.lift(x)
        for i, (spectral, pointwise) in enumerate(zip(self.spectral, self.pointwise)):
            h = spectral(h) + pointwise(h)
            if i < len(self.spectral) - 1:
                h = F.gelu(h)
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(-1)
        return out


def fno_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the grid and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def fno_relative_l2_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The relative L2 error written by hand, field by field: ||out - y|| / ||y||, mean over the batch. A flat field
    (y = 0) divides by zero: the loss is inf and the gradients NaN."""
    return ((out - y).norm(dim=1) / y.norm(dim=1)).mean()


def fno_relative_l2(out: Tensor, y: Tensor) -> Tensor:
    """The relative L2 error of the batch as a whole: ||out - y|| / ||y|| over every field (finite while any field of
    the batch is not flat)."""
    return (out - y).norm() / y.norm().clamp(min=1e-6)


def fno_at_zero() -> float:
    """The held-out mse of predicting a flat solution (u = 0): the mean square of the solutions, ~0.4."""
    return float((advection_solutions().val_y ** 2).mean())


KAN_FEATURES = 5
"""The Kolmogorov-Arnold network regresses a function of 5 inputs."""


@lru_cache(maxsize=None)
def kan_regression(n: int = 4000, seed: int = 272, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                   nan_rows: float = 0.0, noise: float = 0.05) -> Data:  # fmt: skip
    """Inputs uniform in [-1, 1]^5 and a smooth symbolic target, exp(0.6 sin(pi (x1^2 + x2^2)) + 0.6 sin(pi (x3^2 +
    x4^2))) + 0.5 tanh(2 x5) (after the KAN paper's example), standardised, plus noise (std ``noise``). ``train_rows``:
    keep only that many training rows; ``nan_rows``: that share of the training rows has a missing (NaN) input."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = 2 * torch.rand(total, KAN_FEATURES, generator=g) - 1
    y = torch.exp(0.6 * torch.sin(math.pi * (x[:, 0] ** 2 + x[:, 1] ** 2)) + 0.6 * torch.sin(math.pi * (x[:, 2] ** 2 + x[:, 3] ** 2)))
    y = y + 0.5 * torch.tanh(2 * x[:, 4])
    y = (y - y[:n].mean()) / y[:n].std()
    y = (y + noise * torch.randn(total, generator=g))[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "regression (a Kolmogorov-Arnold network of a symbolic function of 5 inputs)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class KANLayer(nn.Module):
    """A Kolmogorov-Arnold layer (Liu et al. 2024, in the radial-basis form of FastKAN): each edge i -> o carries a
    learnable univariate function, a combination of 8 Gaussian bumps on a grid over [-2, 2] (their coefficients the
    ``spline`` layer over the flattened basis) plus a SiLU ``base`` path; the outputs sum the edges."""

    def __init__(self, n_in: int, n_out: int, grid: int = 8) -> None:
        super().__init__()
        self.register_buffer("centres", torch.linspace(-2, 2, grid))
        self.width = 4 / (grid - 1)
        self.spline = nn.Linear(n_in * grid, n_out)
        self.base = nn.Linear(n_in, n_out, bias=False)

    def forward(self, x: Tensor) -> Tensor:
        basis = torch.exp(-(((x[..., None] - self.centres) / self.width) ** 2))
        out: Tensor = self.spline(basis.flatten(1)) + self.base(F.silu(x))
        return out


class KANet(nn.Module):
    """A Kolmogorov-Arnold network 5-16-16-1 of ``KANLayer``s; the last layer's spline coefficients are the ``head``."""

    def __init__(self, hidden: int = 16) -> None:
        super().__init__()
        self.layers = nn.Sequential(KANLayer(KAN_FEATURES, hidden), KANLayer(hidden, hidden), KANLayer(hidden, 1))
        self.head = self.layers[-1].spline

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.layers(x)
        return out


def kan_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


QAT_SIZE, QAT_CLASSES = 12, 8
"""The quantized CNN classifies 12x12 grey images of 8 glyphs."""


@lru_cache(maxsize=None)
def bar_glyphs(n: int = 4000, seed: int = 273, *, n_val: int = 800, batch_size: int = 32, train_rows: int | None = None,
               nan_rows: float = 0.0, noise: float = 0.5, flip: float = 0.0) -> Data:  # fmt: skip
    """12x12 grey images of one of 8 glyphs (a horizontal bar, a vertical bar, a diagonal, an anti-diagonal, a plus, an
    X, a square outline, a filled disc) of random size (half-width 2-4) at a random place (centre 4-7 a side) and
    brightness (0.7-1.3), plus Gaussian noise (std ``noise``); the class is the glyph. x: (images, 1, 12, 12).
    ``train_rows``: keep only that many training images; ``nan_rows``: that share of the training images has a missing
    (NaN) pixel; ``flip``: that share of the training labels is replaced by a random class."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    coords = torch.arange(QAT_SIZE).float()
    yy, xx = torch.meshgrid(coords, coords, indexing="ij")
    y = torch.randint(0, QAT_CLASSES, (total,), generator=g)
    cx = 4 + 3 * torch.rand(total, 1, 1, generator=g)
    cy = 4 + 3 * torch.rand(total, 1, 1, generator=g)
    r = 2 + 2 * torch.rand(total, 1, 1, generator=g)
    dx, dy = xx - cx, yy - cy
    inside = (dx.abs() <= r) & (dy.abs() <= r)
    strokes = torch.stack([
        inside & (dy.abs() < 0.8), inside & (dx.abs() < 0.8), inside & ((dx - dy).abs() < 0.9),
        inside & ((dx + dy).abs() < 0.9), inside & ((dx.abs() < 0.8) | (dy.abs() < 0.8)),
        inside & (((dx - dy).abs() < 0.9) | ((dx + dy).abs() < 0.9)), inside & ((dx.abs() > r - 1) | (dy.abs() > r - 1)),
        dx**2 + dy**2 <= r**2,
    ], 1).float()  # fmt: skip
    img = strokes[torch.arange(total), y] * (0.7 + 0.6 * torch.rand(total, 1, 1, generator=g))
    x = (img + noise * torch.randn(total, QAT_SIZE, QAT_SIZE, generator=g))[:, None]
    if flip:
        y = torch.cat([flip_labels(y[:n], QAT_CLASSES, flip, g), y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 5] = float("nan")
    data = split(x, y, n, "image classification (a binarized CNN of 8 glyphs)", QAT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, QAT_CLASSES, batch_size)
    return data


def binarized(w: Tensor) -> Tensor:
    """Weights binarized by the straight-through estimator (XNOR-Net style): sign(w) times the mean |w| of each output
    unit in the forward; the backward passes the gradient straight through to the latent float weights where |w| <= 1
    (hardtanh's gradient) and zero beyond."""
    clipped = w.clamp(-1, 1)
    scale = w.abs().mean(dim=tuple(range(1, w.dim())), keepdim=True)
    return clipped + (torch.sign(w) * scale - clipped).detach()


class BinaryConv2d(nn.Conv2d):
    """A 3x3 convolution whose latent float weights are binarized in the forward (``binarized``)."""

    def forward(self, x: Tensor) -> Tensor:
        return F.conv2d(x, binarized(self.weight), self.bias, self.stride, self.padding)


class BinaryLinear(nn.Linear):
    """A linear layer whose latent float weights are binarized in the forward (``binarized``)."""

    def forward(self, x: Tensor) -> Tensor:
        return F.linear(x, binarized(self.weight), self.bias)


class BinaryCNN(nn.Module):
    """A binarized CNN trained by the straight-through estimator: a float 3x3 convolution of 16 (the first layer kept
    in full precision), BatchNorm, ReLU, pooling; a binarized 3x3 convolution of 32, BatchNorm, ReLU, pooling; a
    binarized ReLU ``fc`` layer of 64 and a float linear ``head`` to the 8 logits. ``dead_bias`` < 0 starts fc's biases
    there (its units never fire, so nothing behind it learns)."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            BinaryConv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        )  # fmt: skip
        self.fc = BinaryLinear(32 * 3 * 3, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(64, QAT_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.features(x))))
        return out


def qat_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


LM_WORDS = {
    "det_s": ["the", "a", "one", "this"], "det_p": ["the", "some", "two", "these"],
    "adj": ["red", "small", "old", "quiet", "bright", "lazy"],
    "noun_s": ["cat", "dog", "bird", "child", "robot", "farmer"], "noun_p": ["cats", "dogs", "birds", "children", "robots", "farmers"],
    "verb_s": ["sees", "likes", "chases", "helps", "follows"], "verb_p": ["see", "like", "chase", "help", "follow"],
    "prep": ["near", "behind", "with"], "conj": ["and", "but"],
}  # fmt: skip
LM_VOCAB = sorted({w for words in LM_WORDS.values() for w in words} | {"."})
"""The word-level LM's vocabulary: the grammar's words and the full stop (41 tokens)."""


def grammar_words(count: int, seed: int) -> list[str]:
    """Words of sentences from a small probabilistic grammar with number agreement: a noun phrase (a determiner of its
    number, an adjective with probability 0.4, a noun), a verb agreeing with it, a second noun phrase with a
    prepositional phrase (probability 0.3), a second clause after a conjunction (probability 0.25), a full stop."""
    g = torch.Generator().manual_seed(seed)

    def pick(kind: str) -> str:
        words = LM_WORDS[kind]
        return words[int(torch.randint(len(words), (1,), generator=g))]

    def chance(p: float) -> bool:
        return float(torch.rand(1, generator=g)) < p

    def phrase(plural: bool) -> list[str]:
        n = "p" if plural else "s"
        return [pick(f"det_{n}")] + ([pick("adj")] if chance(0.4) else []) + [pick(f"noun_{n}")]

    def clause() -> list[str]:
        plural = chance(0.5)
        obj = phrase(chance(0.5))
        if chance(0.3):
            obj += [pick("prep")] + phrase(chance(0.5))
        return phrase(plural) + [pick("verb_p" if plural else "verb_s")] + obj

    words: list[str] = []
    while len(words) < count:
        words += clause() + ([pick("conj")] + clause() if chance(0.25) else []) + ["."]
    return words[:count]


@dataclass(frozen=True)
class TokenStream(Data):
    """A token stream batched for truncated backpropagation through time: the training text cut into ``batch_size``
    parallel streams, each cut into chunks of ``x.shape[1]`` tokens; row k * batch_size + b of x (y: the same shifted
    by one token) is chunk k of stream b. Each epoch's minibatches are the chunks in order (chunk k of every stream,
    then chunk k + 1: each continues the last), starting at a chunk drawn by the seeded generator and wrapping around."""

    def batches(self, seed: int) -> Iterator[tuple[Tensor, Tensor, float]]:
        g = torch.Generator().manual_seed(seed)
        per, b = self.steps_per_epoch(), self.batch_size
        epoch = 0
        while True:
            start = int(torch.randint(per, (1,), generator=g))
            for k in range(per):
                chunk = (start + k) % per
                rows = slice(chunk * b, (chunk + 1) * b)
                yield self.x[rows], self.y[rows], epoch + k / per
            epoch += 1


@lru_cache(maxsize=None)
def grammar_stream(tokens: int = 32000, seed: int = 274, *, val_tokens: int = 6400, batch_size: int = 16, bptt: int = 20,
                   val_len: int = 32) -> TokenStream:  # fmt: skip
    """Word-level language modelling of ``grammar_words`` text, batched for truncated BPTT (``TokenStream``):
    ``tokens`` training words in ``batch_size`` streams cut into chunks of ``bptt``; the validation text in windows of
    ``val_len`` words, each read from a fresh state."""
    words = grammar_words(tokens + val_tokens + 2, seed)
    ids = torch.tensor([LM_VOCAB.index(w) for w in words])
    train_ids, val_ids = ids[: tokens + 1], ids[tokens + 1 :]
    per = tokens // (batch_size * bptt)
    length = per * bptt
    streams_x = train_ids[: batch_size * length].view(batch_size, length)
    streams_y = train_ids[1 : batch_size * length + 1].view(batch_size, length)
    x = streams_x.view(batch_size, per, bptt).transpose(0, 1).reshape(per * batch_size, bptt)
    y = streams_y.view(batch_size, per, bptt).transpose(0, 1).reshape(per * batch_size, bptt)
    windows = (len(val_ids) - 1) // val_len
    vx = val_ids[: windows * val_len].view(windows, val_len)
    vy = val_ids[1 : windows * val_len + 1].view(windows, val_len)
    return TokenStream(x, y, vx, vy, "language_model", len(LM_VOCAB), batch_size)


class LSTMLanguageModel(nn.Module):
    """A word-level LSTM LM trained with truncated backpropagation through time: an embedding of 32, a one-layer LSTM of
    64, a ReLU ``fc`` layer of 64 and a linear ``head`` to the 41 logits: (batch, tokens, 41). In training the (h, c)
    state left by a batch starts the next one, detached (the gradient stops at the chunk's start); in evaluation each
    window starts from zeros. ``dead_bias`` < 0 starts fc's biases there (its units never fire, so nothing behind it
    learns)."""

    def __init__(self, d: int = 32, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(len(LM_VOCAB), d)
        self.lstm = nn.LSTM(d, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, hidden)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, len(LM_VOCAB))
        self.state: tuple[Tensor, Tensor] | None = None

    def forward(self, x: Tensor) -> Tensor:
        carried = self.training and self.state is not None and self.state[0].shape[1] == x.shape[0]
        h, state = self.lstm(self.embed(x), self.state if carried else None)
        if self.training:
            self.state = (state[0].detach(), state[1].detach())
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def lm_unigram_entropy() -> float:
    """The entropy of the training text's word frequencies (nats): what an LM that ignores the context reaches."""
    counts = torch.bincount(grammar_stream().y.flatten(), minlength=len(LM_VOCAB)).float()
    p = counts[counts > 0] / counts.sum()
    return float(-(p * p.log()).sum())


@lru_cache(maxsize=None)
def short_grammar_stream(tokens: int, seed: int = 275) -> TokenStream:
    """``grammar_stream`` of only ``tokens`` training words (the same validation text): a short text an LSTM can
    memorise."""
    base = grammar_stream()
    short = grammar_stream(tokens, seed)
    return TokenStream(short.x, short.y, base.val_x, base.val_y, base.task, base.num_classes, base.batch_size)


# --------------------------------------------------------------------------- twentieth fresh half (fresh20, held out from all tuning)


MADE_BITS, MADE_PROTOTYPES = 16, 8
"""The MADE models 16-bit binary vectors drawn from a mixture of 8 Bernoulli prototypes."""


@lru_cache(maxsize=None)
def made_bits(n: int = 4000, seed: int = 281, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
              nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Binary vectors of 16 bits from a mixture of 8 Bernoulli prototypes (mixture weights from a Dirichlet-like draw; each
    prototype's bit probabilities sigmoid(2.5 z), z ~ N(0, 1), so most bits are fairly sure and some are coin flips). x and
    y: the same (vectors, 16) floats of 0 and 1 (the model reads x, the loss scores y). ``train_rows``: keep only that many
    training vectors; ``nan_rows``: that share of the training vectors has a missing (NaN) bit in x."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    probs = torch.sigmoid(2.5 * torch.randn(MADE_PROTOTYPES, MADE_BITS, generator=g))
    weights = torch.rand(MADE_PROTOTYPES, generator=g) + 0.3
    comp = torch.multinomial(weights / weights.sum(), total, replacement=True, generator=g)
    y = (torch.rand(total, MADE_BITS, generator=g) < probs[comp]).float()
    x = y.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "density estimation (a MADE of 16-bit binary vectors, NLL in nats per vector)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MADELinear(nn.Linear):
    """A linear layer whose weight is multiplied by a fixed 0/1 ``mask`` (a buffer) in the forward: MADE's masked layer."""

    def __init__(self, n_in: int, n_out: int, mask: Tensor) -> None:
        super().__init__(n_in, n_out)
        self.register_buffer("mask", mask.float())

    def forward(self, x: Tensor) -> Tensor:
        return F.linear(x, self.weight * self.mask, self.bias)


class MADENet(nn.Module):
    """MADE (Germain et al. 2015) 16-64-64-16 with the natural ordering of the bits: input degrees 1-16, hidden degrees
    (k mod 15) + 1, hidden masks m_l[k] >= m_(l-1)[j], output mask d > m_L[k], so logit d sees only bits before d. ReLU
    between; the second hidden layer is ``fc``, the output layer the ``head`` (16 logits: each bit's Bernoulli given the
    bits before it). ``dead_bias`` < 0 starts fc's biases there (its units never fire, so nothing behind it learns)."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        m_in = torch.arange(1, MADE_BITS + 1)
        m_h = torch.arange(hidden) % (MADE_BITS - 1) + 1
        self.inp = MADELinear(MADE_BITS, hidden, m_h[:, None] >= m_in[None, :])
        self.fc = MADELinear(hidden, hidden, m_h[:, None] >= m_h[None, :])
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        self.head = MADELinear(hidden, MADE_BITS, m_in[:, None] > m_h[None, :])

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.inp(x)))))
        return out


def made_nll(out: Tensor, y: Tensor) -> Tensor:
    """The negative log-likelihood of each vector in nats (the sum of its 16 bits' BCE with logits), mean over the batch."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="none").sum(1).mean()


def made_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The negative log-likelihood summed over the bits and the batch (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def made_at_marginals() -> float:
    """The held-out NLL of each bit's own frequency (bits taken as independent): what a MADE that ignores the bits
    before each one reaches."""
    data = made_bits()
    p = data.y.mean(0).clamp(1e-4, 1 - 1e-4)
    v = data.val_y
    return float(-(v * p.log() + (1 - v) * (1 - p).log()).sum(1).mean())


SR_SIZE, SR_SCALE = 16, 2
"""The super-resolution CNN maps 8x8 grey images to 16x16 (upscaling factor 2)."""


@lru_cache(maxsize=None)
def sr_textures(n: int = 3000, seed: int = 282, *, n_val: int = 500, batch_size: int = 32, train_rows: int | None = None,
                flat_rows: float = 0.0, noise: float = 0.03) -> Data:  # fmt: skip
    """16x16 grey images of synthetic textures and shapes: 0.5 plus two sinusoidal gratings (random orientation, period
    2.5-6 pixels, amplitudes 0.1-0.25) plus a disc or a square (radius 2-5, brightness +-0.3) at a random place, clipped to
    [0, 1] (y: (images, 1, 16, 16)); x the same image downsampled by 2x2 average pooling plus Gaussian noise (std
    ``noise``): (images, 1, 8, 8). ``train_rows``: keep only that many training images; ``flat_rows``: that share of the
    training images is black (y = 0, x only noise)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    coords = torch.arange(SR_SIZE).float()
    yy, xx = torch.meshgrid(coords, coords, indexing="ij")
    img = torch.full((total, SR_SIZE, SR_SIZE), 0.5)
    for _ in range(2):
        angle = math.pi * torch.rand(total, 1, 1, generator=g)
        period = 2.5 + 3.5 * torch.rand(total, 1, 1, generator=g)
        phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
        amp = 0.1 + 0.15 * torch.rand(total, 1, 1, generator=g)
        img = img + amp * torch.sin(2 * math.pi * (xx * torch.cos(angle) + yy * torch.sin(angle)) / period + phase)
    cx, cy = 3 + 10 * torch.rand(total, 1, 1, generator=g), 3 + 10 * torch.rand(total, 1, 1, generator=g)
    r = 2 + 3 * torch.rand(total, 1, 1, generator=g)
    disc = ((xx - cx) ** 2 + (yy - cy) ** 2 <= r**2).float()
    square = (((xx - cx).abs() <= r) & ((yy - cy).abs() <= r)).float()
    shape = torch.where(torch.rand(total, 1, 1, generator=g) < 0.5, disc, square)
    img = (img + 0.3 * torch.sign(torch.rand(total, 1, 1, generator=g) - 0.5) * shape).clamp(0, 1)
    if flat_rows:
        flat = torch.nonzero(torch.rand(n, generator=g) < flat_rows).flatten()
        img[flat] = 0.0
    y = img[:, None]
    x = F.avg_pool2d(y, SR_SCALE) + noise * torch.randn(total, 1, SR_SIZE // SR_SCALE, SR_SIZE // SR_SCALE, generator=g)
    data = split(x, y, n, "super-resolution (an ESPCN upscaling 8x8 grey images to 16x16, L1)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ESPCNet(nn.Module):
    """An ESPCN (Shi et al. 2016): a 5x5 convolution of 32, ReLU, a 3x3 ``mid`` convolution of 16, ReLU, a 3x3 ``head``
    convolution to r^2 = 4 channels, all on the 8x8 low-resolution grid, and PixelShuffle(2) to the 16x16 image.
    ``dead_bias`` < 0 starts mid's biases there (its units never fire, so nothing behind it learns); ``head_scale``
    multiplies the head's initial weights and biases."""

    def __init__(self, width: int = 32, mid: int = 16, dead_bias: float = 0.0, head_scale: float = 1.0) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, width, 5, padding=2)
        self.mid = nn.Conv2d(width, mid, 3, padding=1)
        self.head = nn.Conv2d(mid, SR_SCALE**2, 3, padding=1)
        self.shuffle = nn.PixelShuffle(SR_SCALE)
        with torch.no_grad():
            if dead_bias:
                self.mid.bias.fill_(dead_bias)
            if head_scale != 1.0:
                self.head.weight.mul_(head_scale)
                self.head.bias.mul_(head_scale)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.shuffle(self.head(F.relu(self.mid(F.relu(self.conv(x))))))
        return out


def espcn_l1_summed(out: Tensor, y: Tensor) -> Tensor:
    """The absolute error summed over the pixels and the batch (reduction='sum')."""
    return F.l1_loss(out, y, reduction="sum")


def espcn_relative_l1_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The relative L1 error written by hand, image by image: mean |out - y| / mean |y|, mean over the batch. A black
    image (y = 0) divides by zero: inf."""
    err = (out - y).abs().flatten(1).mean(1)
    return (err / y.abs().flatten(1).mean(1)).mean()


def espcn_relative_l1(out: Tensor, y: Tensor) -> Tensor:
    """The relative L1 error of the batch as a whole: mean |out - y| / mean |y| over every image (finite while any image
    of the batch is not black)."""
    return (out - y).abs().mean() / y.abs().mean().clamp(min=1e-6)


def espcn_at_zero() -> float:
    """The held-out L1 error of predicting black images: the mean brightness, ~0.5."""
    return float(sr_textures().val_y.abs().mean())


SAGE_NODES, SAGE_BLOCKS, SAGE_FEATURES = 1000, 5, 16
"""GraphSAGE classifies the 1000 nodes of a stochastic block model graph of 5 communities from 16 noisy features."""


@lru_cache(maxsize=None)
def sage_graph(seed: int = 283, *, degree_in: float = 6.0, degree_out: float = 3.0, signal: float = 0.3) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """A stochastic block model graph of 1000 nodes in 5 equal communities (expected degree 6 inside a node's community,
    3 outside), its features (0.3 x the community's random centre plus N(0, 1) noise, 16 of them) and communities:
    (padded neighbour lists (nodes, max degree), degrees, features (nodes, 16), communities (nodes,)). A node without a
    neighbour is its own."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = SAGE_NODES, SAGE_BLOCKS
    block = torch.arange(nodes) % blocks
    block = block[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(degree_in / size), torch.tensor(degree_out / (nodes - size)))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = upper | upper.T
    lonely = ~adj.any(1)
    adj[lonely, lonely] = True
    deg = adj.sum(1)
    nbr = torch.zeros(nodes, int(deg.max()), dtype=torch.long)
    for v in range(nodes):
        nb = torch.nonzero(adj[v]).flatten()
        nbr[v, : len(nb)] = nb
    centres = torch.randn(blocks, SAGE_FEATURES, generator=g)
    x = signal * centres[block] + torch.randn(nodes, SAGE_FEATURES, generator=g)
    return nbr, deg, x, block


@lru_cache(maxsize=None)
def sage_nodes(n: int = 600, seed: int = 283, *, n_val: int = 400, flip: float = 0.0, batch_size: int = 32,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Node classification on ``sage_graph(seed)``: the input is a node's id, the target its community (``flip`` of the
    training labels random); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive). ``train_rows``: keep only that many labelled nodes."""
    _, _, _, block = sage_graph(seed)
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    if flip:
        y = torch.cat([flip_labels(y[:n], SAGE_BLOCKS, flip, g), y[n:]])
    data = split(ids, y, n, "node classification (GraphSAGE on a stochastic block model graph)", SAGE_BLOCKS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SAGE_BLOCKS, batch_size)
    return data


class SAGENet(nn.Module):
    """GraphSAGE (Hamilton et al. 2017) with mean aggregation, 2 layers of 16 (h' = relu(W_self h_v + W_neigh mean of the
    neighbours' h)) and a linear ``head`` to the 5 classes, reading node ids. In training each target node's neighbourhood
    is sampled with a fixed fan-out (``fanout`` neighbours a layer, drawn with replacement by torch's seeded generator: 5
    then 5 x 5); in evaluation every neighbour is averaged. ``dead_bias`` < 0 starts the second layer's self biases
    there (its units never fire, so nothing behind it learns); ``nan_nodes``: that share of the nodes has a missing
    (NaN) feature."""

    def __init__(self, hidden: int = 16, fanout: int = 5, seed: int = 283, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        nbr, deg, x, _ = sage_graph(seed)
        x = x.clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 3] = float("nan")
        mean_adj = torch.zeros(len(x), len(x))
        for v in range(len(x)):
            mean_adj[v, nbr[v, : int(deg[v])]] = 1.0 / float(deg[v])
        self.register_buffer("feats", x)
        self.register_buffer("nbr", nbr)
        self.register_buffer("deg", deg)
        self.register_buffer("mean_adj", mean_adj)
        self.fanout = fanout
        self.self1, self.neigh1 = nn.Linear(SAGE_FEATURES, hidden), nn.Linear(SAGE_FEATURES, hidden, bias=False)
        self.self2, self.neigh2 = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden, bias=False)
        if dead_bias:
            with torch.no_grad():
                self.self2.bias.fill_(dead_bias)
        self.head = nn.Linear(hidden, SAGE_BLOCKS)

    def sample(self, ids: Tensor) -> Tensor:
        pick = (torch.rand(len(ids), self.fanout) * self.deg[ids, None]).long()
        return self.nbr[ids[:, None], pick]

    def forward(self, ids: Tensor) -> Tensor:
        x = self.feats
        if self.training:
            n1 = self.sample(ids)
            n2 = self.sample(n1.flatten())
            h = F.relu(self.self1(x[ids]) + self.neigh1(x[n1].mean(1)))
            h1 = F.relu(self.self1(x[n1.flatten()]) + self.neigh1(x[n2].mean(1)))
            agg = h1.view(len(ids), self.fanout, -1).mean(1)
        else:
            full = F.relu(self.self1(x) + self.neigh1(self.mean_adj @ x))
            h, agg = full[ids], (self.mean_adj @ full)[ids]
        out: Tensor = self.head(F.relu(self.self2(h) + self.neigh2(agg)))
        return out


def sage_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


VIT_SIZE, VIT_PATCH, VIT_CLASSES = 16, 4, 6
"""The tiny ViT classifies 16x16 grey images, cut into 4x4 patches, into 6 classes."""


@lru_cache(maxsize=None)
def vit_images(n: int = 6000, seed: int = 284, *, n_val: int = 1000, batch_size: int = 32, train_rows: int | None = None,
               nan_rows: float = 0.0, flip: float = 0.0, noise: float = 0.9) -> Data:  # fmt: skip
    """16x16 grey images of 6 classes plus Gaussian noise (std ``noise``): gratings at 0, 45, 90 and 135 degrees (period
    3-6 pixels, random phase, amplitude 0.6-1), a Gaussian blob (width 1.5-3) and a plus glyph (arms 2-5 pixels) at a
    random place. x: (images, 1, 16, 16). ``train_rows``: keep only that many training images; ``nan_rows``: that share of
    the training images has a missing (NaN) pixel; ``flip``: that share of the training labels is a random class."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    coords = torch.arange(VIT_SIZE).float()
    yy, xx = torch.meshgrid(coords, coords, indexing="ij")
    y = torch.randint(0, VIT_CLASSES, (total,), generator=g)
    period = 3 + 3 * torch.rand(total, 1, 1, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
    amp = 0.6 + 0.4 * torch.rand(total, 1, 1, generator=g)
    cx, cy = 3 + 10 * torch.rand(total, 1, 1, generator=g), 3 + 10 * torch.rand(total, 1, 1, generator=g)
    width = 1.5 + 1.5 * torch.rand(total, 1, 1, generator=g)
    arm = 2 + 3 * torch.rand(total, 1, 1, generator=g)
    dx, dy = xx - cx, yy - cy
    kinds = torch.stack([
        torch.sin(2 * math.pi * yy / period + phase), torch.sin(2 * math.pi * (xx + yy) / (period * 1.41) + phase),
        torch.sin(2 * math.pi * xx / period + phase), torch.sin(2 * math.pi * (xx - yy) / (period * 1.41) + phase),
        2 * torch.exp(-(dx**2 + dy**2) / (2 * width**2)) - 0.5,
        1.5 * ((((dx.abs() < 0.8) & (dy.abs() <= arm)) | ((dy.abs() < 0.8) & (dx.abs() <= arm))).float()) - 0.3,
    ], 1)  # fmt: skip
    img = kinds[torch.arange(total), y] * amp
    x = (img + noise * torch.randn(total, VIT_SIZE, VIT_SIZE, generator=g))[:, None]
    if flip:
        y = torch.cat([flip_labels(y[:n], VIT_CLASSES, flip, g), y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 9, 6] = float("nan")
    data = split(x, y, n, "image classification (a tiny vision transformer of 6 pattern classes)", VIT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, VIT_CLASSES, batch_size)
    return data


class TinyViTBlock(nn.Module):
    """A pre-LN transformer encoder block: x + MHA(LN(x)), then x + MLP(LN(x)) with GELU (width 2 x d)."""

    def __init__(self, d: int = 32, heads: int = 4) -> None:
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, x: Tensor) -> Tensor:
        h = self.ln1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        out: Tensor = x + self.mlp(self.ln2(x))
        return out


class TinyViT(nn.Module):
    """A tiny Vision Transformer (Dosovitskiy et al. 2021): 4x4 patches of a 16x16 image embedded linearly to 32, a
    learned [CLS] token, learned positional embeddings (17 x 32, N(0, 0.02)), 2 pre-LN encoder blocks of 4 heads with a
    GELU MLP, a final LayerNorm and a linear ``head`` of the [CLS] token to the 6 logits."""

    def __init__(self, d: int = 32, depth: int = 2, heads: int = 4) -> None:
        super().__init__()
        patches = (VIT_SIZE // VIT_PATCH) ** 2
        self.embed = nn.Linear(VIT_PATCH * VIT_PATCH, d)
        self.cls = nn.Parameter(torch.zeros(1, 1, d))
        self.pos = nn.Parameter(0.02 * torch.randn(1, patches + 1, d))
        self.blocks = nn.Sequential(*[TinyViTBlock(d, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, VIT_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        b = x.shape[0]
        p = x.unfold(2, VIT_PATCH, VIT_PATCH).unfold(3, VIT_PATCH, VIT_PATCH).reshape(b, -1, VIT_PATCH * VIT_PATCH)
        h = torch.cat([self.cls.expand(b, -1, -1), self.embed(p)], 1) + self.pos
        out: Tensor = self.head(self.norm(self.blocks(h))[:, 0])
        return out


def vit_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


# --------------------------------------------------------------------------- twenty-first fresh half (fresh21, held out from all tuning)


NERF_FREQS, NERF_SAMPLES, NERF_PIXELS, NERF_VIEWS = 4, 16, 32, 8
"""The 2-D NeRF-like renderer: positional encoding of 4 frequencies, 16 samples along each ray, 1-D images of 32
pixels, 8 training views."""


def nerf_scene_field(points: Tensor) -> tuple[Tensor, Tensor]:
    """The exact scene: three discs in the square [-1, 1]^2 (centres (-0.35, 0.3), (0.4, 0.1), (0.0, -0.45), radii 0.32,
    0.25, 0.22, densities 12, 20, 8, intensities 0.9, 0.5, 0.7), empty elsewhere: (density, intensity) at ``points``
    (..., 2)."""
    centres = torch.tensor([[-0.35, 0.3], [0.4, 0.1], [0.0, -0.45]])
    radii, dens, ints = torch.tensor([0.32, 0.25, 0.22]), torch.tensor([12.0, 20.0, 8.0]), torch.tensor([0.9, 0.5, 0.7])
    inside = ((points[..., None, :] - centres) ** 2).sum(-1) <= radii**2
    sigma = (inside.float() * dens).sum(-1)
    colour = (inside.float() * dens * ints).sum(-1) / sigma.clamp(min=1e-6)
    return sigma, colour


def nerf_rays(angles: Tensor) -> Tensor:
    """Orthographic rays of 1-D cameras at ``angles``: for each view 32 parallel rays across [-1, 1], starting 1.5 away
    from the centre: (views x 32, 4) rows of (origin x, origin y, direction x, direction y)."""
    d = torch.stack([torch.cos(angles), torch.sin(angles)], -1)
    perp = torch.stack([-torch.sin(angles), torch.cos(angles)], -1)
    s = torch.linspace(-1, 1, NERF_PIXELS)
    origin = -1.5 * d[:, None, :] + s[None, :, None] * perp[:, None, :]
    return torch.cat([origin, d[:, None, :].expand_as(origin)], -1).reshape(-1, 4)


def nerf_composite(sigma: Tensor, colour: Tensor, delta: float) -> Tensor:
    """Alpha-compositing along each ray (the last dimension): sum_i T_i (1 - exp(-sigma_i delta)) c_i, T_i = exp(-sum_(j<i)
    sigma_j delta)."""
    alpha = 1 - torch.exp(-sigma * delta)
    trans = torch.exp(-torch.cumsum(torch.cat([torch.zeros_like(sigma[..., :1]), sigma[..., :-1]], -1) * delta, -1))
    return (trans * alpha * colour).sum(-1)


@lru_cache(maxsize=None)
def nerf_views(seed: int = 291, *, views: int = NERF_VIEWS, val_views: int = 8, batch_size: int = 32, noise: float = 0.0,
               nan_rays: float = 0.0) -> Data:  # fmt: skip
    """The rays of ``views`` cameras evenly around the scene (x: (rays, 4)) and their exact pixels (y: (rays, 1), the
    scene rendered with 512 samples a ray), then ``val_views`` cameras halfway between them for validation. ``noise``: Gaussian
    noise on the training pixels; ``nan_rays``: that share of the training rays has a missing (NaN) origin."""
    g = torch.Generator().manual_seed(seed)
    train_angles = 2 * math.pi * torch.arange(views) / views
    val_angles = 2 * math.pi * (torch.arange(val_views) + 0.5) / val_views
    rays = torch.cat([nerf_rays(train_angles), nerf_rays(val_angles)])
    t = (torch.arange(512) + 0.5) * (3.0 / 512)
    pts = rays[:, None, :2] + t[None, :, None] * rays[:, None, 2:]
    sigma, colour = nerf_scene_field(pts)
    y = nerf_composite(sigma, colour, 3.0 / 512)[:, None]
    n = views * NERF_PIXELS
    perm = torch.randperm(n, generator=g)
    x, y = torch.cat([rays[:n][perm], rays[n:]]), torch.cat([y[:n][perm], y[n:]])
    if noise:
        y = torch.cat([y[:n] + noise * torch.randn(n, 1, generator=g), y[n:]])
    if nan_rays:
        x = x.clone()
        x[torch.nonzero(torch.rand(n, generator=g) < nan_rays).flatten(), 0] = float("nan")
    return split(x, y, n, "novel-view rendering (a 2-D NeRF-like MLP, volume rendering of 1-D images, MSE)", None, batch_size)


class TinyNeRF2D(nn.Module):
    """A NeRF-like field (Mildenhall et al. 2020) in 2-D: a 2-D point's positional encoding (the point and sin, cos of
    2^k pi p for 4 frequencies: 18 numbers) through a ReLU MLP 18-64-64 (the second layer ``fc``) to a ``head`` of 2:
    density softplus(out_0), intensity sigmoid(out_1). A ray's pixel is rendered from 16 evenly spaced samples over
    [0, 3] by alpha-compositing. ``dead_bias`` < 0 starts fc's biases there (its units never fire, so nothing behind it
    learns); ``head_scale`` multiplies the head's initial weights and biases."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0, head_scale: float = 1.0) -> None:
        super().__init__()
        self.inp = nn.Linear(2 + 4 * NERF_FREQS, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, 2)
        with torch.no_grad():
            if dead_bias:
                self.fc.bias.fill_(dead_bias)
            if head_scale != 1.0:
                self.head.weight.mul_(head_scale)
                self.head.bias.mul_(head_scale)

    def forward(self, rays: Tensor) -> Tensor:
        t = (torch.arange(NERF_SAMPLES, dtype=rays.dtype) + 0.5) * (3.0 / NERF_SAMPLES)
        pts = rays[:, None, :2] + t[None, :, None] * rays[:, None, 2:]
        freq = (2.0 ** torch.arange(NERF_FREQS, dtype=rays.dtype)) * math.pi
        ang = pts[..., None] * freq
        enc = torch.cat([pts, torch.sin(ang).flatten(-2), torch.cos(ang).flatten(-2)], -1)
        out = self.head(F.relu(self.fc(F.relu(self.inp(enc)))))
        return nerf_composite(F.softplus(out[..., 0]), torch.sigmoid(out[..., 1]), 3.0 / NERF_SAMPLES)[:, None]


def nerf_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the rays of the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def nerf_relative_se_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The relative squared error written by hand, ray by ray: (out - y)^2 / y^2, mean. A ray that misses every disc (its
    exact pixel 0) divides by zero: inf (or NaN)."""
    return ((out - y) ** 2 / y**2).mean()


def nerf_relative_se(out: Tensor, y: Tensor) -> Tensor:
    """The relative squared error of the batch as a whole: sum (out - y)^2 / sum y^2 (finite while any ray of the batch
    hits a disc)."""
    return ((out - y) ** 2).sum() / (y**2).sum().clamp(min=1e-6)


def nerf_at_zero() -> float:
    """The held-out MSE of rendering nothing (every pixel 0)."""
    return float((nerf_views().val_y ** 2).mean())


CVAE_SIZE, CVAE_CLASSES, CVAE_LATENT = 8, 6, 4
"""The conditional VAE models 8x8 binary glyphs of 6 classes with a 4-d latent."""


@lru_cache(maxsize=None)
def cvae_glyphs(n: int = 3000, seed: int = 292, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                nan_rows: float = 0.0, flip: float = 0.0) -> Data:  # fmt: skip
    """8x8 binary glyphs of 6 classes (a vertical bar, a horizontal bar, a box, a diagonal, a cross, an L) shifted by up to
    1 pixel each way, the bar widths 1-2 at random, 4% of the pixels flipped. x and y: the 64 pixels then the class one-hot
    (70; the model reads x, the loss scores y's pixels). ``train_rows``: keep only that many training glyphs; ``nan_rows``: that share of the training glyphs
    has a missing (NaN) pixel in x; ``flip``: that share of the training glyphs shows another class's glyph."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    c = torch.randint(0, CVAE_CLASSES, (total,), generator=g)
    shown = flip_labels(c, CVAE_CLASSES, flip, g) if flip else c
    if flip:
        shown = torch.cat([shown[:n], c[n:]])
    wide = torch.rand(total, generator=g) < 0.5
    dx, dy = torch.randint(-1, 2, (total,), generator=g), torch.randint(-1, 2, (total,), generator=g)
    img = torch.zeros(total, CVAE_SIZE, CVAE_SIZE)
    for i in range(total):
        k, w = int(shown[i]), 2 if wide[i] else 1
        if k == 0:
            img[i, 1:7, 3 : 3 + w] = 1
        elif k == 1:
            img[i, 3 : 3 + w, 1:7] = 1
        elif k == 2:
            img[i, 1:7, 1:7] = 1
            img[i, 1 + w : 7 - w, 1 + w : 7 - w] = 0
        elif k == 3:
            for j in range(1, 7):
                img[i, j, j : j + w] = 1
        elif k == 4:
            img[i, 1:7, 3 : 3 + w] = 1
            img[i, 3 : 3 + w, 1:7] = 1
        else:
            img[i, 1:7, 1 : 1 + w] = 1
            img[i, 7 - w : 7, 1:7] = 1
        img[i] = torch.roll(img[i], (int(dy[i]), int(dx[i])), (0, 1))
    img = torch.where(torch.rand(img.shape, generator=g) < 0.04, 1 - img, img).flatten(1)
    x = torch.cat([img, F.one_hot(c, CVAE_CLASSES).float()], 1)
    y = x.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 27] = float("nan")
    data = split(x, y, n, "conditional generation (a conditional VAE of 8x8 glyphs given their class)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GlyphCVAE(nn.Module):
    """A conditional VAE (Sohn et al. 2015): the encoder reads the 64 pixels and the class one-hot (70) through a ReLU layer
    of 64 to the mean and log-variance of a 4-d Gaussian; z = mean + sigma * noise in training (the mean in eval mode);
    the decoder reads z and the one-hot (10) through ReLU layers of 64 (the second ``fc``) to the ``head``: 64 Bernoulli
    logits. The output row is the logits, the mean and the log-variance. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        pixels = CVAE_SIZE**2
        self.enc = nn.Linear(pixels + CVAE_CLASSES, hidden)
        self.stats = nn.Linear(hidden, 2 * CVAE_LATENT)
        self.dec = nn.Linear(CVAE_LATENT + CVAE_CLASSES, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, pixels)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        onehot = x[:, CVAE_SIZE**2 :]
        stats = self.stats(F.relu(self.enc(x)))
        mu, logvar = stats[:, :CVAE_LATENT], stats[:, CVAE_LATENT:]
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu) if self.training else mu
        logits = self.head(F.relu(self.fc(F.relu(self.dec(torch.cat([z, onehot], 1))))))
        return torch.cat([logits, stats], 1)


def cvae_terms(out: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    """Per glyph: the BCE with logits summed over the 64 pixels, and KL(q(z|x, c) || N(0, I)) summed over the latent."""
    logits, stats = out[:, : CVAE_SIZE**2], out[:, CVAE_SIZE**2 :]
    mu, logvar = stats[:, :CVAE_LATENT], stats[:, CVAE_LATENT:]
    rec = F.binary_cross_entropy_with_logits(logits, y[:, : CVAE_SIZE**2], reduction="none").sum(1)
    kl = -0.5 * (1 + logvar - mu**2 - logvar.exp()).sum(1)
    return rec, kl


def cvae_loss(out: Tensor, y: Tensor) -> Tensor:
    """The negative ELBO per glyph (BCE summed over the pixels + KL), mean over the batch."""
    rec, kl = cvae_terms(out, y)
    return (rec + kl).mean()


def cvae_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The negative ELBO summed over the batch (reduction='sum')."""
    rec, kl = cvae_terms(out, y)
    return (rec + kl).sum()


def cvae_class_balanced_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Class-balanced negative ELBO written by hand: each class's summed loss divided by its count in the batch, mean
    over the 6 classes. A class absent from the batch divides 0 by 0: NaN."""
    per = cvae_terms(out, y)
    loss = per[0] + per[1]
    onehot = y[:, CVAE_SIZE**2 :]
    return ((onehot * loss[:, None]).sum(0) / onehot.sum(0)).mean()


SEG_LENGTH, SEG_CLASSES = 64, 3
"""The 1-D U-Net labels each of 64 time steps as a flat stretch, a burst or a chirp."""


@lru_cache(maxsize=None)
def seg_signals(n: int = 3000, seed: int = 293, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                nan_rows: float = 0.0, flip: float = 0.0, noise: float = 0.35) -> Data:  # fmt: skip
    """Signals of 64 steps made of consecutive segments of 6-20 steps, each a flat stretch (a constant level in
    [-0.5, 0.5]), a burst (Gaussian noise of std 1) or a chirp (a sinusoid of amplitude 0.8 whose frequency rises through
    the segment), plus Gaussian noise (std ``noise``). x: (signals, 1, 64); y: the segment type of each step (signals,
    64). ``train_rows``: keep only that many training signals; ``nan_rows``: that share of the training signals has a
    missing (NaN) sample; ``flip``: that share of the training signals' segments has a random type label."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.zeros(total, SEG_LENGTH)
    y = torch.zeros(total, SEG_LENGTH, dtype=torch.long)
    flipped = torch.zeros(total, SEG_LENGTH, dtype=torch.long)
    for i in range(total):
        t = 0
        while t < SEG_LENGTH:
            length = min(int(torch.randint(6, 21, (1,), generator=g)), SEG_LENGTH - t)
            k = int(torch.randint(0, SEG_CLASSES, (1,), generator=g))
            if k == 0:
                x[i, t : t + length] = float(torch.rand(1, generator=g)) - 0.5
            elif k == 1:
                x[i, t : t + length] = torch.randn(length, generator=g)
            else:
                u = torch.arange(length).float()
                f0 = 0.05 + 0.05 * float(torch.rand(1, generator=g))
                x[i, t : t + length] = 0.8 * torch.sin(2 * math.pi * (f0 * u + 0.012 * u**2))
            y[i, t : t + length] = k
            wrong = bool(flip) and float(torch.rand(1, generator=g)) < flip
            flipped[i, t : t + length] = int(torch.randint(0, SEG_CLASSES, (1,), generator=g)) if wrong else k
            t += length
    x = (x + noise * torch.randn(total, SEG_LENGTH, generator=g))[:, None]
    if flip:
        y = torch.cat([flipped[:n], y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 40] = float("nan")
    data = split(x, y, n, "time-series segmentation (a 1-D U-Net labelling each step: flat, burst or chirp)", SEG_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SEG_CLASSES, batch_size)
    return data


class UNet1D(nn.Module):
    """A 1-D U-Net: conv k5 1->16 ReLU (full length), average-pool 2, conv k5 16->32 ReLU (the ``mid`` level), average-pool
    2, conv k3 32->32 ReLU (the bottom), upsample 2 and concatenate the mid features, conv k3 64->16 ReLU, upsample 2 and
    concatenate the first features, conv k3 32->16 ReLU (``fc``), and a per-step linear ``head`` to the 3 logits: (signals,
    64, 3). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, width: int = 16, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.c1 = nn.Conv1d(1, width, 5, padding=2)
        self.mid = nn.Conv1d(width, 2 * width, 5, padding=2)
        self.bottom = nn.Conv1d(2 * width, 2 * width, 3, padding=1)
        self.up1 = nn.Conv1d(4 * width, width, 3, padding=1)
        self.fc = nn.Conv1d(2 * width, width, 3, padding=1)
        self.head = nn.Linear(width, SEG_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        a = F.relu(self.c1(x))
        b = F.relu(self.mid(F.avg_pool1d(a, 2)))
        c = F.relu(self.bottom(F.avg_pool1d(b, 2)))
        u = F.relu(self.up1(torch.cat([F.interpolate(c, scale_factor=2.0), b], 1)))
        h = F.relu(self.fc(torch.cat([F.interpolate(u, scale_factor=2.0), a], 1)))
        out: Tensor = self.head(h.transpose(1, 2))
        return out


def seg_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Per-step cross-entropy summed over the steps and the batch (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


REC_ITEMS, REC_CLUSTERS, REC_LENGTH = 300, 10, 12
"""The session recommender predicts the next of 300 items (10 clusters of 30) after each of 12 clicks."""


@lru_cache(maxsize=None)
def rec_sessions(n: int = 4000, seed: int = 294, *, n_val: int = 800, batch_size: int = 64, train_rows: int | None = None,
                 empty_rows: float = 0.0) -> Data:  # fmt: skip
    """Sessions of 13 clicks from a Markov chain over 300 items in 10 clusters of 30: from an item the next click is one
    of its 3 favourite items of the same cluster (probabilities 0.5, 0.25, 0.1), another item of its cluster (0.05) or a
    uniform item of the whole catalogue (0.1). x: the first 12 items, y: the next item after each (sessions, 12).
    ``train_rows``: keep only that many training sessions; ``empty_rows``: that share of the training sessions is empty
    (every target the padding id -1)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    size = REC_ITEMS // REC_CLUSTERS
    cluster = torch.arange(REC_ITEMS) // size
    fav = cluster[:, None] * size + torch.stack([torch.randperm(size, generator=g)[:3] for _ in range(REC_ITEMS)])
    seq = torch.zeros(total, REC_LENGTH + 1, dtype=torch.long)
    seq[:, 0] = torch.randint(0, REC_ITEMS, (total,), generator=g)
    for t in range(REC_LENGTH):
        cur = seq[:, t]
        u = torch.rand(total, generator=g)
        same = cluster[cur] * size + torch.randint(0, size, (total,), generator=g)
        anywhere = torch.randint(0, REC_ITEMS, (total,), generator=g)
        nxt = torch.where(u < 0.5, fav[cur, 0], torch.where(u < 0.75, fav[cur, 1], torch.where(u < 0.85, fav[cur, 2],
                          torch.where(u < 0.9, same, anywhere))))  # fmt: skip
        seq[:, t + 1] = nxt
    x, y = seq[:, :-1].clone(), seq[:, 1:].clone()
    if empty_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < empty_rows).flatten()
        y[bad] = -1
    data = split(x, y, n, "session-based recommendation (a GRU4Rec predicting the next of 300 items)", REC_ITEMS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, REC_ITEMS, batch_size)
    return data


class GRU4Rec(nn.Module):
    """GRU4Rec (Hidasi et al. 2016): item embeddings of 32, a GRU of 64 over the session, and a linear ``head`` from each
    step's state to the 300 items' logits (a full softmax): (sessions, 12, 300)."""

    def __init__(self, emb: int = 32, hidden: int = 64) -> None:
        super().__init__()
        self.emb = nn.Embedding(REC_ITEMS, emb)
        self.gru = nn.GRU(emb, hidden, batch_first=True)
        self.head = nn.Linear(hidden, REC_ITEMS)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(self.gru(self.emb(x))[0])
        return out


def rec_ce(out: Tensor, y: Tensor) -> Tensor:
    """Next-item cross-entropy, mean over the clicks that have a target (padding -1 ignored)."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), ignore_index=-1)


def rec_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Next-item cross-entropy summed over the clicks and the batch (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), ignore_index=-1, reduction="sum")


def rec_session_mean_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Each session's mean next-item loss written by hand (its summed loss over its clicks with a target divided by how
    many it has), mean over the sessions. An empty session divides 0 by 0: NaN."""
    per = F.cross_entropy(out.transpose(1, 2), y.clamp(min=0), reduction="none")
    mask = (y >= 0).float()
    return ((per * mask).sum(1) / mask.sum(1)).mean()


def cvae_class_balanced(out: Tensor, y: Tensor) -> Tensor:
    """Class-balanced negative ELBO, the safe version: each class's summed loss divided by its count (at least 1), mean
    over the classes present in the batch."""
    per = cvae_terms(out, y)
    loss = per[0] + per[1]
    onehot = y[:, CVAE_SIZE**2 :]
    count = onehot.sum(0)
    present = (count > 0).float()
    return ((onehot * loss[:, None]).sum(0) / count.clamp(min=1) * present).sum() / present.sum()


# --------------------------------------------------------------------------- twenty-second fresh half (fresh22, held out from all tuning)


CNX_SIZE, CNX_CLASSES = 16, 6
"""The tiny ConvNeXt classifies 16x16 single-channel texture images of 6 classes."""


@lru_cache(maxsize=None)
def convnext_textures(n: int = 3000, seed: int = 301, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                   nan_rows: float = 0.0, flip: float = 0.0, noise: float = 0.8) -> Data:  # fmt: skip
    """16x16 texture patches of 6 classes: horizontal stripes, vertical stripes, a checkerboard, diagonal stripes, dots on
    a grid, concentric rings, each at a random period (3-5 pixels) and phase, contrast 0.6-1.2, plus Gaussian noise (std
    ``noise``). x: (images, 1, 16, 16); y: the class. ``train_rows``: keep only that many training images; ``nan_rows``: that
    share of the training images has a missing (NaN) pixel; ``flip``: that share of the training labels is random."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(0, CNX_CLASSES, (total,), generator=g)
    period = 3 + 2 * torch.rand(total, generator=g)
    phase = 2 * math.pi * torch.rand(total, 2, generator=g)
    contrast = 0.6 + 0.6 * torch.rand(total, generator=g)
    r = torch.arange(CNX_SIZE).float()
    yy, xx = torch.meshgrid(r, r, indexing="ij")
    w = (2 * math.pi / period)[:, None, None]
    px, py = phase[:, 0, None, None], phase[:, 1, None, None]
    cx = 4 + 8 * torch.rand(total, generator=g)[:, None, None]
    cy = 4 + 8 * torch.rand(total, generator=g)[:, None, None]
    patterns = torch.stack([
        torch.sin(w * yy + py),
        torch.sin(w * xx + px),
        torch.sign(torch.sin(w * xx + px) * torch.sin(w * yy + py)),
        torch.sin(w * (xx + yy) / math.sqrt(2) + px),
        (torch.cos(w * xx + px) * torch.cos(w * yy + py) > 0.6).float() * 2 - 1,
        torch.sin(w * torch.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) + px),
    ], 1)  # fmt: skip
    img = patterns[torch.arange(total), y] * contrast[:, None, None]
    x = (img + noise * torch.randn(total, CNX_SIZE, CNX_SIZE, generator=g))[:, None]
    if flip:
        y = torch.cat([flip_labels(y[:n], CNX_CLASSES, flip, g), y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 9] = float("nan")
    data = split(x, y, n, "image classification (a tiny ConvNeXt on 16x16 textures of 6 classes)", CNX_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CNX_CLASSES, batch_size)
    return data


class ConvNeXtBlock(nn.Module):
    """A ConvNeXt block (Liu et al. 2022): depthwise conv 7x7, LayerNorm over the channels, pointwise 4x expansion, GELU,
    pointwise projection, a layer scale (0.1), and the residual."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.dw = nn.Conv2d(dim, dim, 7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim)
        self.pw1 = nn.Linear(dim, 4 * dim)
        self.pw2 = nn.Linear(4 * dim, dim)
        self.scale = nn.Parameter(torch.full((dim,), 0.1))

    def forward(self, x: Tensor) -> Tensor:
        h = self.dw(x).permute(0, 2, 3, 1)
        h = self.pw2(F.gelu(self.pw1(self.norm(h)))) * self.scale
        return x + h.permute(0, 3, 1, 2)


class TinyConvNeXt(nn.Module):
    """A tiny ConvNeXt: a patchify stem (conv 2x2 stride 2, 1->16, LayerNorm) to 8x8, two ConvNeXt blocks of 16, global
    average pooling, LayerNorm, a ReLU layer ``fc`` of 32 and the linear ``head`` to the 6 logits. ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dim: int = 16, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, dim, 2, stride=2)
        self.stem_norm = nn.LayerNorm(dim)
        self.blocks = nn.Sequential(ConvNeXtBlock(dim), ConvNeXtBlock(dim))
        self.norm = nn.LayerNorm(dim)
        self.fc = nn.Linear(dim, 2 * dim)
        self.head = nn.Linear(2 * dim, CNX_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.stem_norm(self.stem(x).permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        h = self.blocks(h).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(self.norm(h))))
        return out


SIAM_DIM, SIAM_PROTOS = 32, 12
"""SimSiam learns representations of 32-d vectors drawn around 12 prototypes, from pairs of augmented views."""


@lru_cache(maxsize=None)
def siam_views(n: int = 3000, seed: int = 302, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
               nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Vectors of 32 numbers around 12 random prototypes (a prototype of norm ~2.8 plus within-prototype variation of std
    0.5 along 4 directions of its own), and two augmented views of each: a random 25% of the features zeroed, each view's
    features scaled by 0.8-1.2 and Gaussian noise of std 0.3 added. x: the two views (vectors, 2, 32); y: the prototype
    (unused by the loss). ``train_rows``: keep only that many training pairs; ``nan_rows``: that share of the training pairs
    has a missing (NaN) feature in its first view."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    protos = 0.5 * torch.randn(SIAM_PROTOS, SIAM_DIM, generator=g)
    dirs = torch.randn(SIAM_PROTOS, 4, SIAM_DIM, generator=g) / math.sqrt(SIAM_DIM)
    k = torch.randint(0, SIAM_PROTOS, (total,), generator=g)
    base = protos[k] + torch.einsum("nf,nfd->nd", 0.5 * torch.randn(total, 4, generator=g), dirs[k]) * math.sqrt(SIAM_DIM) / 2

    def view() -> Tensor:
        keep = (torch.rand(total, SIAM_DIM, generator=g) > 0.25).float()
        scale = 0.8 + 0.4 * torch.rand(total, 1, generator=g)
        return base * keep * scale + 0.3 * torch.randn(total, SIAM_DIM, generator=g)

    x = torch.stack([view(), view()], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5] = float("nan")
    data = split(x, k, n, "self-supervised representation learning (SimSiam on pairs of augmented views)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SimSiam(nn.Module):
    """SimSiam (Chen & He 2021) on vectors: an encoder MLP 32-128-128 (BatchNorm, ReLU; the second layer ``fc``) to a
    projection of 64 (BatchNorm), and a predictor MLP 64-32-64 (BatchNorm, ReLU). On the two views (batch, 2, 32) it outputs
    (batch, 4, 64): the predictions p1, p2 and the projections z1, z2."""

    def __init__(self, hidden: int = 128, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(SIAM_DIM, hidden)
        self.bn1 = nn.BatchNorm1d(hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.bn2 = nn.BatchNorm1d(hidden)
        self.proj = nn.Linear(hidden, 64)
        self.bn3 = nn.BatchNorm1d(64)
        self.pred1 = nn.Linear(64, 32)
        self.bnp = nn.BatchNorm1d(32)
        self.head = nn.Linear(32, 64)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def encode(self, v: Tensor) -> Tensor:
        h = F.relu(self.bn1(self.inp(v)))
        h = F.relu(self.bn2(self.fc(h)))
        out: Tensor = self.bn3(self.proj(h))
        return out

    def forward(self, x: Tensor) -> Tensor:
        z1, z2 = self.encode(x[:, 0]), self.encode(x[:, 1])
        p1, p2 = (self.head(F.relu(self.bnp(self.pred1(z)))) for z in (z1, z2))
        return torch.stack([p1, p2, z1, z2], 1)


def simsiam_loss(out: Tensor, y: Tensor) -> Tensor:
    """SimSiam's symmetric negative cosine similarity with a stop-gradient: -(cos(p1, sg(z2)) + cos(p2, sg(z1))) / 2, mean
    over the batch (from about 0 at init down to -1)."""
    p1, p2, z1, z2 = out.unbind(1)
    return -(F.cosine_similarity(p1, z2.detach(), dim=-1).mean() + F.cosine_similarity(p2, z1.detach(), dim=-1).mean()) / 2


NCF_USERS, NCF_ITEMS, NCF_NEG = 500, 400, 4
"""Neural collaborative filtering over 500 users and 400 items, 4 sampled negatives per observed interaction."""


@lru_cache(maxsize=None)
def ncf_interactions(n_pos: int = 6000, seed: int = 303, *, val_pos: int = 1200, batch_size: int = 128,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Implicit feedback from a latent-factor model: users and items have 6-d taste vectors (items in 8 genres); a user
    clicks items with probability proportional to exp(3 u.v). Each observed click (user, item, 1) comes with 4 sampled
    negatives (user, a uniform item, 0). x: (rows, 2) user and item ids; y: the 0/1 label (rows, 1). Training and
    validation clicks are distinct draws. ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    genres = torch.randn(8, 6, generator=g)
    items = genres[torch.randint(0, 8, (NCF_ITEMS,), generator=g)] + 0.4 * torch.randn(NCF_ITEMS, 6, generator=g)
    users = torch.randn(NCF_USERS, 6, generator=g) * 0.7
    probs = torch.softmax(3 * users @ items.T, 1)
    total = n_pos + val_pos
    u = torch.randint(0, NCF_USERS, (total,), generator=g)
    pos = torch.multinomial(probs[u], 1, generator=g).flatten()
    neg = torch.randint(0, NCF_ITEMS, (total, NCF_NEG), generator=g)
    uu = torch.cat([u[:, None], u[:, None].expand(-1, NCF_NEG)], 1)
    ii = torch.cat([pos[:, None], neg], 1)
    lab = torch.cat([torch.ones(total, 1), torch.zeros(total, NCF_NEG)], 1)
    x = torch.stack([uu, ii], -1)
    tr, va = x[:n_pos].reshape(-1, 2), x[n_pos:].reshape(-1, 2)
    ytr, yva = lab[:n_pos].reshape(-1, 1), lab[n_pos:].reshape(-1, 1)
    perm = torch.randperm(len(tr), generator=g)
    tr, ytr = tr[perm], ytr[perm]
    data = Data(tr, ytr, va, yva, "implicit-feedback recommendation (NCF: click or sampled negative)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NCF(nn.Module):
    """Neural collaborative filtering (He et al. 2017, the MLP tower): user and item embeddings of ``emb`` concatenated,
    a ReLU MLP 2 emb-64-32 (the second layer ``fc``) and a linear ``head`` to one logit. ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, emb: int = 16, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.user = nn.Embedding(NCF_USERS, emb)
        self.item = nn.Embedding(NCF_ITEMS, emb)
        nn.init.normal_(self.user.weight, std=0.1)
        nn.init.normal_(self.item.weight, std=0.1)
        self.inp = nn.Linear(2 * emb, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = torch.cat([self.user(x[:, 0]), self.item(x[:, 1])], 1)
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.inp(h)))))
        return out


def ncf_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


def ncf_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits summed over the batch (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


def ncf_bce_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy written by hand from the sigmoid: -(y log p + (1 - y) log(1 - p)). Once a logit passes ~17, p
    is exactly 1.0 in float32 and log(1 - p) = -inf (0 x -inf = NaN for a click)."""
    p = torch.sigmoid(out)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


AE_CHANNELS, AE_LENGTH, AE_LATENT = 4, 16, 8
"""The LSTM autoencoder reconstructs sequences of 16 steps of 4 channels through an 8-d code."""


@lru_cache(maxsize=None)
def ae_sequences(n: int = 3000, seed: int = 304, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                 nan_rows: float = 0.0, idle_rows: float = 0.0, noise: float = 0.1) -> Data:  # fmt: skip
    """Multivariate sequences (16 steps, 4 channels): a sinusoid of random frequency (0.04-0.15 cycles a step), phase and
    amplitude (0.5-1.5) seen by each channel with its own lag (channel c lags c x a random 0-90 degrees) around its own
    level (std 0.3), plus Gaussian noise (std ``noise``). x = y: (sequences, 16, 4). ``train_rows``: keep only that many training sequences;
    ``nan_rows``: that share of the training sequences has a missing (NaN) reading; ``idle_rows``: that share of the
    training sequences is a sensor at rest (every reading 0)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.arange(AE_LENGTH).float()
    freq = 0.04 + 0.11 * torch.rand(total, 1, 1, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
    amp = 0.5 + torch.rand(total, 1, 1, generator=g)
    lag = 0.5 * math.pi * torch.rand(total, 1, 1, generator=g) * torch.arange(AE_CHANNELS).float()[None, None, :]
    level = 0.3 * torch.randn(total, 1, AE_CHANNELS, generator=g)
    x = amp * torch.sin(2 * math.pi * freq * t[None, :, None] + phase + lag) + level
    x = x + noise * torch.randn(total, AE_LENGTH, AE_CHANNELS, generator=g)
    if idle_rows:
        idle = torch.nonzero(torch.rand(n, generator=g) < idle_rows).flatten()
        x[idle] = 0.0
    y = x.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9, 2] = float("nan")
    data = split(x, y, n, "sequence reconstruction (an LSTM autoencoder of multivariate series)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LSTMAutoencoder(nn.Module):
    """An LSTM sequence autoencoder (Srivastava et al. 2015): an encoder LSTM of ``hidden`` reads the 16 steps, its last
    state goes through a linear ``code`` of 8, the decoder LSTM of ``hidden`` reads the code and the step's position (t /
    16) at each step, and a per-step linear ``head`` gives the 4 channels: (sequences, 16, 4)."""

    def __init__(self, hidden: int = 32) -> None:
        super().__init__()
        self.enc = nn.LSTM(AE_CHANNELS, hidden, batch_first=True)
        self.code = nn.Linear(hidden, AE_LATENT)
        self.dec = nn.LSTM(AE_LATENT + 1, hidden, batch_first=True)
        self.head = nn.Linear(hidden, AE_CHANNELS)

    def forward(self, x: Tensor) -> Tensor:
        _, (h, _) = self.enc(x)
        z = self.code(h[-1])
        pos = (torch.arange(x.shape[1], dtype=x.dtype) / x.shape[1])[None, :, None].expand(len(x), -1, 1)
        out, _ = self.dec(torch.cat([z[:, None, :].expand(-1, x.shape[1], -1), pos], -1))
        result: Tensor = self.head(out)
        return result


def ae_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the steps, the channels and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def ae_normalised_mse_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """Each sequence's squared error divided by its own variance written by hand (a scale-free reconstruction error),
    mean over the batch. A sequence at rest (every reading 0) divides by zero: inf or NaN."""
    se = ((out - y) ** 2).mean((1, 2))
    return (se / y.var((1, 2))).mean()


def ae_normalised_mse(out: Tensor, y: Tensor) -> Tensor:
    """The batch's squared error divided by the batch's variance as a whole (finite while any sequence moves)."""
    return ((out - y) ** 2).mean() / y.var().clamp(min=1e-6)


def ae_at_zero() -> float:
    """The held-out MSE of reconstructing every sequence as 0."""
    return float((ae_sequences().val_y ** 2).mean())


def tex_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


def ncf_bce_per_click_by_hand(out: Tensor, y: Tensor) -> Tensor:
    """The binary cross-entropy summed over the batch and divided by the batch's clicks, written by hand (normalised by
    the positives, as a detector's focal loss is by its positive anchors). A batch without a click divides by zero: inf
    or NaN."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum") / y.sum()


def ncf_bce_per_click(out: Tensor, y: Tensor) -> Tensor:
    """The same normalised by the batch's clicks, the safe version: divided by at least 1."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum") / y.sum().clamp(min=1.0)


# --------------------------------------------------------------------------- twenty-third fresh half (fresh23, held out from all tuning)


ARC_DIM, ARC_IDS, ARC_EMB = 32, 20, 64
ARC_SCALE, ARC_MARGIN = 30.0, 0.3
"""ArcFace embeds 32-d samples of 20 synthetic identities in 64 dimensions; its logits are 30 x cos(angle), the true
identity's 30 x cos(angle + 0.3)."""


@lru_cache(maxsize=None)
def arc_identities(n: int = 3000, seed: int = 305, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
                   flip: float = 0.0, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Samples of 20 synthetic identities: an identity's centre (32 numbers of std 1), a per-sample nuisance of std 0.6
    along 6 directions shared by every identity (pose, light) and Gaussian noise of std 1.2. x: (samples, 32); y: the
    identity. ``train_rows``: keep only that many training samples; ``flip``: that share of the training labels replaced
    by a random identity; ``nan_rows``: that share of the training samples has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    centres = torch.randn(ARC_IDS, ARC_DIM, generator=g)
    nuisance = torch.randn(6, ARC_DIM, generator=g) / math.sqrt(ARC_DIM) * 3
    y = torch.randint(0, ARC_IDS, (total,), generator=g)
    x = centres[y] + 0.6 * torch.randn(total, 6, generator=g) @ nuisance + 1.2 * torch.randn(total, ARC_DIM, generator=g)
    if flip:
        y = torch.cat([flip_labels(y[:n], ARC_IDS, flip, g), y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 11] = float("nan")
    data = split(x, y, n, "metric learning (ArcFace embeddings of 20 identities)", ARC_IDS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, ARC_IDS, batch_size)
    return data


class ArcFaceNet(nn.Module):
    """An embedding MLP (32-128, ReLU; the ReLU layer ``fc`` 128-128; a bias-free linear ``embed`` to 64, L2-normalised)
    and ArcFace's class centres (20 x 64, L2-normalised): the output is the cosine of each sample's embedding with each
    centre (samples, 20). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, hidden: int = 128, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(ARC_DIM, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.embed = nn.Linear(hidden, ARC_EMB, bias=False)
        self.centres = nn.Parameter(torch.randn(ARC_IDS, ARC_EMB) / math.sqrt(ARC_EMB))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e = self.embed(F.relu(self.fc(F.relu(self.inp(x)))))
        return F.normalize(e, dim=1) @ F.normalize(self.centres, dim=1).T


def arcface_loss(out: Tensor, y: Tensor) -> Tensor:
    """ArcFace (Deng et al. 2019), the additive angular margin: the true identity's logit s cos(theta + m), the others'
    s cos(theta), s = 30, m = 0.3, cross-entropy, mean over the batch (at init, cos ~ 0: ~ln 19 + 30 sin 0.3 = 11.8)."""
    cos = out.clamp(-1 + 1e-6, 1 - 1e-6)
    sin = (1 - cos**2).sqrt()
    target = cos * math.cos(ARC_MARGIN) - sin * math.sin(ARC_MARGIN)
    onehot = F.one_hot(y, ARC_IDS).bool()
    return F.cross_entropy(ARC_SCALE * torch.where(onehot, target, cos), y)


def arcface_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The ArcFace loss summed over the batch (reduction='sum')."""
    return arcface_loss(out, y) * len(y)


def arcface_at_init() -> float:
    """The ArcFace loss of cosines of 0 (an untrained embedding): ln(19 + e^(-30 sin 0.3)) + 30 sin 0.3."""
    m = ARC_SCALE * math.sin(ARC_MARGIN)
    return math.log(ARC_IDS - 1 + math.exp(-m)) + m


LISTA_OBS, LISTA_ATOMS, LISTA_K, LISTA_LAYERS = 32, 64, 4, 5
"""LISTA recovers 64-atom codes with 4 nonzeros from 32 noisy measurements through 5 unrolled layers."""


@lru_cache(maxsize=None)
def lista_codes(n: int = 3000, seed: int = 306, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Sparse coding: a dictionary D of 64 unit-norm random atoms in 32 dimensions; each code x has 4 nonzeros at random
    atoms of size 0.5-1.5 and a random sign; the measurement y = D x + Gaussian noise of std 0.05. The network's input
    is y (samples, 32), its target x (samples, 64). ``train_rows``: keep only that many training samples; ``nan_rows``:
    that share of the training measurements has a missing (NaN) reading."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    dic = torch.randn(LISTA_OBS, LISTA_ATOMS, generator=g)
    dic = dic / dic.norm(dim=0, keepdim=True)
    idx = torch.rand(total, LISTA_ATOMS, generator=g).argsort(1)[:, :LISTA_K]
    amp = (0.5 + torch.rand(total, LISTA_K, generator=g)) * torch.where(torch.rand(total, LISTA_K, generator=g) < 0.5, -1.0, 1.0)
    code = torch.zeros(total, LISTA_ATOMS).scatter(1, idx, amp)
    y = code @ dic.T + 0.05 * torch.randn(total, LISTA_OBS, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        y[bad, 7] = float("nan")
    data = split(y, code, n, "sparse coding (LISTA: sparse codes from noisy measurements)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LISTA(nn.Module):
    """Learned ISTA (Gregor & LeCun 2010): z_1 = soft(W y, theta_1), z_t+1 = soft(W y + S z_t, theta_t+1) for 5 layers,
    W (``encode``, 32 -> 64) and S (``mutual``, 64 -> 64) shared by the layers, a learned threshold per layer and atom
    (from 0.1), soft(u, theta) = sign(u) max(|u| - theta, 0); the output is the last code (samples, 64), in a linear
    ``head`` (64 -> 64, from the identity) that rescales it."""

    def __init__(self, layers: int = LISTA_LAYERS) -> None:
        super().__init__()
        self.encode = nn.Linear(LISTA_OBS, LISTA_ATOMS, bias=False)
        self.mutual = nn.Linear(LISTA_ATOMS, LISTA_ATOMS, bias=False)
        self.theta = nn.Parameter(torch.full((layers, LISTA_ATOMS), 0.1))
        self.head = nn.Linear(LISTA_ATOMS, LISTA_ATOMS)
        with torch.no_grad():
            self.head.weight.copy_(torch.eye(LISTA_ATOMS))
            self.head.bias.zero_()

    def forward(self, y: Tensor) -> Tensor:
        b = self.encode(y)
        z = torch.zeros_like(b)
        for t in range(len(self.theta)):
            u = b + self.mutual(z)
            z = torch.sign(u) * F.relu(u.abs() - self.theta[t])
        out: Tensor = self.head(z)
        return out


def lista_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the atoms and the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def lista_at_zero() -> float:
    """The held-out MSE of the all-zero code."""
    return float((lista_codes().val_y ** 2).mean())


TPP_EVENTS, TPP_MIX = 32, 3
"""The point process model reads sequences of 32 events and gives each next inter-event time a mixture of 3 log-normals."""


@lru_cache(maxsize=None)
def tpp_sequences(n: int = 2000, seed: int = 307, *, n_val: int = 400, batch_size: int = 32, train_rows: int | None = None,
                  dup_rows: float = 0.0, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Event sequences of a regime-switching renewal process: a hidden regime (bursty or calm, switching with probability
    0.1 after each event) sets the log of the next inter-event time (normal of mean -2.5 or -0.5, std 0.4), and each
    interval also leans on the previous one (0.3 of its log's deviation). x: (sequences, 32, 1) the log of the previous
    interval; y: (sequences, 32) the intervals to predict. ``train_rows``: keep only that many training sequences;
    ``dup_rows``: that share of the training sequences has two events at the same time stamp (an interval of exactly 0,
    the log of it -inf in the input); ``nan_rows``: that share has a missing (NaN) time stamp."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    regime = torch.zeros(total, dtype=torch.long)
    regime[torch.rand(total, generator=g) < 0.5] = 1
    means = torch.tensor([-2.5, -0.5])
    logs = torch.zeros(total, TPP_EVENTS + 1)
    prev = torch.zeros(total)
    for t in range(TPP_EVENTS + 1):
        switch = torch.rand(total, generator=g) < 0.1
        regime = torch.where(switch, 1 - regime, regime)
        mu = means[regime]
        cur = mu + 0.3 * (prev - mu) + 0.4 * torch.randn(total, generator=g)
        logs[:, t] = cur
        prev = cur
    tau = logs.exp()
    if dup_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < dup_rows).flatten()
        tau[bad, 17] = 0.0
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        tau[bad, 11] = float("nan")
    x = torch.log(tau[:, :-1])[:, :, None]
    y = tau[:, 1:]
    data = split(x, y, n, "temporal point process (the next inter-event time of event sequences)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class NeuralTPP(nn.Module):
    """An intensity-free neural temporal point process (Shchur et al. 2020): a GRU of ``hidden`` reads the log of each
    previous interval, a ReLU layer ``fc`` and a linear ``head`` give the next interval a mixture of 3 log-normals (the
    weights' logits, the means and the log-scales of its log): (sequences, 32, 9). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, hidden: int = 32, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.gru = nn.GRU(1, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, 3 * TPP_MIX)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.gru(x)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def tpp_nll(out: Tensor, y: Tensor) -> Tensor:
    """The negative log-likelihood of each interval under its log-normal mixture, -log p(tau) = -log sum_k w_k
    N(log tau; mu_k, sigma_k) + log tau, mean over the events (below 0 once the density of the short intervals is
    above 1)."""
    logit, mu, log_sigma = out.split(TPP_MIX, -1)
    log_sigma = log_sigma.clamp(-5, 3)
    lt = torch.log(y)[..., None]
    comp = -0.5 * ((lt - mu) / log_sigma.exp()) ** 2 - log_sigma - 0.5 * math.log(2 * math.pi)
    return -(torch.logsumexp(F.log_softmax(logit, -1) + comp, -1) - lt[..., 0]).mean()


def tpp_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same negative log-likelihood summed over the events and the sequences (reduction='sum')."""
    return tpp_nll(out, y) * y.numel()


def tpp_at_init() -> float:
    """The held-out NLL under one standard log-normal (an untrained head: weights, means and log-scales near 0)."""
    lt = torch.log(tpp_sequences().val_y)
    return float((0.5 * lt**2 + 0.5 * math.log(2 * math.pi) + lt).mean())


GUMBEL_SIZE, GUMBEL_LATENTS, GUMBEL_CATS = 8, 8, 8
"""The categorical VAE encodes 8x8 binary images into 8 categorical latents of 8 categories each."""


@lru_cache(maxsize=None)
def gumbel_bars(n: int = 3000, seed: int = 308, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """A bars problem: 8x8 binary images of one random row bar and one random column bar, each other row drawn as a bar
    too with probability 1/16, and 3% of the pixels flipped. x = y: (images, 64) of 0/1. ``train_rows``: keep only that
    many training images; ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    rows = F.one_hot(torch.randint(0, GUMBEL_SIZE, (total,), generator=g), GUMBEL_SIZE).bool()
    cols = F.one_hot(torch.randint(0, GUMBEL_SIZE, (total,), generator=g), GUMBEL_SIZE).bool()
    rows |= torch.rand(total, GUMBEL_SIZE, generator=g) < 1 / 16
    img = (rows[:, :, None] | cols[:, None, :]).float()
    flip = (torch.rand(total, GUMBEL_SIZE, GUMBEL_SIZE, generator=g) < 0.03).float()
    x = (img - flip).abs().reshape(total, -1)
    y = x.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 27] = float("nan")
        y[bad, 27] = float("nan")
    data = split(x, y, n, "generative modelling (a categorical VAE with Gumbel-softmax latents of binary images)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GumbelVAE(nn.Module):
    """A categorical VAE (Jang et al. 2017): an encoder MLP 64-128 (ReLU; the ReLU layer ``fc`` 128-128) to the logits of
    8 categorical latents of 8 categories, a Gumbel-softmax sample of them at a temperature annealed from 1 by x exp(-3e-3)
    each training step to 0.5 (in evaluation: the most likely category, one-hot), and a decoder MLP 64-128 (ReLU) with a
    linear ``head`` to the 64 pixel logits. Output (images, 128): the pixel logits, then the latents' logits."""

    def __init__(self, hidden: int = 128, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(GUMBEL_SIZE**2, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.logits = nn.Linear(hidden, GUMBEL_LATENTS * GUMBEL_CATS)
        self.dec = nn.Linear(GUMBEL_LATENTS * GUMBEL_CATS, hidden)
        self.head = nn.Linear(hidden, GUMBEL_SIZE**2)
        self.register_buffer("updates", torch.zeros(()))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        q = self.logits(F.relu(self.fc(F.relu(self.inp(x))))).reshape(len(x), GUMBEL_LATENTS, GUMBEL_CATS)
        if self.training:
            tau = max(0.5, math.exp(-3e-3 * float(self.updates)))
            self.updates += 1
            z = F.gumbel_softmax(q, tau=tau, hard=True, dim=-1)
        else:
            z = F.one_hot(q.argmax(-1), GUMBEL_CATS).float()
        recon: Tensor = self.head(F.relu(self.dec(z.reshape(len(x), -1))))
        return torch.cat([recon, q.reshape(len(x), -1)], 1)


def gumbel_elbo(out: Tensor, y: Tensor) -> Tensor:
    """The negative ELBO: the pixels' binary cross-entropy with logits summed over the image plus KL(q || uniform) summed
    over the latents, mean over the batch (64 ln 2 = 44.4 at init)."""
    n = GUMBEL_SIZE**2
    recon, q = out[:, :n], out[:, n:].reshape(len(out), GUMBEL_LATENTS, GUMBEL_CATS)
    logq = F.log_softmax(q, -1)
    kl = (logq.exp() * (logq + math.log(GUMBEL_CATS))).sum((1, 2))
    return (F.binary_cross_entropy_with_logits(recon, y, reduction="none").sum(1) + kl).mean()



# --------------------------------------------------------------------------- twenty-fourth fresh half (fresh24, held out from all tuning)


SNN_IN, SNN_STEPS, SNN_CLASSES = 40, 20, 5
SNN_BETA, SNN_SLOPE = 0.9, 25.0
"""The spiking network reads 40 input channels over 20 time steps and names one of 5 classes; its neurons leak by x0.9
a step and spike at a membrane potential of 1; the surrogate gradient's slope is 25."""


@lru_cache(maxsize=None)
def snn_spikes(n: int = 3000, seed: int = 309, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
               flip: float = 0.0, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Spike patterns of 5 classes, rate- and latency-coded: each channel fires at a base rate (0.05-0.25 a step) that
    a class moves by a deviation of std 0.06, each sample's rates jittered by 30%, and a class's 8 marker channels fire
    a burst (rate 0.6) in a window of 4 steps at a class-specific onset; 0/1 spikes drawn independently per step.
    x: (samples, 20, 40); y: the class. ``train_rows``: keep only that many training samples; ``flip``: that share of
    the training labels replaced by a random class; ``nan_rows``: that share of the training samples has a corrupted
    (NaN) spike."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    base = 0.05 + 0.2 * torch.rand(SNN_IN, generator=g)
    rates = (base + 0.03 * torch.randn(SNN_CLASSES, SNN_IN, generator=g)).clamp(0.01, 0.6)
    y = torch.randint(0, SNN_CLASSES, (total,), generator=g)
    r = (rates[y] * (1 + 0.3 * torch.randn(total, SNN_IN, generator=g))).clamp(0.0, 0.8)
    r = r[:, None, :].expand(total, SNN_STEPS, SNN_IN).clone()
    markers = torch.rand(SNN_CLASSES, SNN_IN, generator=g).argsort(1)[:, :6]
    onsets = torch.randint(0, SNN_STEPS - 4, (SNN_CLASSES,), generator=g)
    for c in range(SNN_CLASSES):
        rows = torch.nonzero(y == c).flatten()
        jitter = torch.randint(-2, 3, (len(rows),), generator=g)
        for k, row in enumerate(rows.tolist()):
            start = int((onsets[c] + jitter[k]).clamp(0, SNN_STEPS - 4))
            r[row, start : start + 4, markers[c]] = 0.35
    x = (torch.rand(total, SNN_STEPS, SNN_IN, generator=g) < r).float()
    if flip:
        y = torch.cat([flip_labels(y[:n], SNN_CLASSES, flip, g), y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5, 13] = float("nan")
    data = split(x, y, n, "classification of spike trains (a spiking neural network)", SNN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SNN_CLASSES, batch_size)
    return data


class SurrogateSpike(torch.autograd.Function):
    """The Heaviside spike of a membrane potential above threshold (u > 0 here, u the potential minus the threshold);
    backward, the fast sigmoid's surrogate derivative 1 / (1 + 25 |u|)^2 (Zenke & Ganguli 2018)."""

    @staticmethod
    def forward(ctx: torch.autograd.function.FunctionCtx, u: Tensor) -> Tensor:
        ctx.save_for_backward(u)
        return (u > 0).to(u.dtype)

    @staticmethod
    def backward(ctx: torch.autograd.function.FunctionCtx, grad: Tensor) -> Tensor:  # type: ignore[override]
        (u,) = ctx.saved_tensors  # type: ignore[attr-defined]
        return grad / (1 + SNN_SLOPE * u.abs()) ** 2


class SpikingNet(nn.Module):
    """A spiking network of leaky integrate-and-fire neurons: ``inp`` (40 -> hidden) drives a LIF layer, its spikes
    drive ``fc`` (hidden -> hidden) and a second LIF layer, whose spikes drive a linear ``head`` (hidden -> 5) into 5
    non-spiking leaky output neurons; each LIF neuron keeps x0.9 of its potential a step, spikes above 1 and is reset by
    subtraction. The output (samples, 5) is the output neurons' potential averaged over the 20 steps (the logits)."""

    def __init__(self, hidden: int = 64) -> None:
        super().__init__()
        self.inp = nn.Linear(SNN_IN, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, SNN_CLASSES)

    def forward(self, x: Tensor) -> Tensor:
        drive = self.inp(x)
        v1 = torch.zeros_like(drive[:, 0])
        v2 = torch.zeros(len(x), self.fc.out_features)
        vo = torch.zeros(len(x), SNN_CLASSES)
        total = torch.zeros(len(x), SNN_CLASSES)
        for t in range(x.shape[1]):
            v1 = SNN_BETA * v1 + drive[:, t]
            s1 = SurrogateSpike.apply(v1 - 1.0)
            v1 = v1 - s1
            v2 = SNN_BETA * v2 + self.fc(s1)
            s2 = SurrogateSpike.apply(v2 - 1.0)
            v2 = v2 - s2
            vo = SNN_BETA * vo + self.head(s2)
            total = total + vo
        return total / x.shape[1]


def snn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


MAML_SHOTS, MAML_HIDDEN = 10, 40
"""MAML adapts a 1-40-40-1 MLP to each sinusoid from 10 support points and is scored on 10 query points."""


@lru_cache(maxsize=None)
def maml_tasks(n: int = 2000, seed: int = 310, *, n_val: int = 300, batch_size: int = 16, train_rows: int | None = None,
               amp: tuple[float, float] = (0.5, 3.0), nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Sinusoid regression tasks (Finn et al. 2017): y = A sin(x + phase), A uniform in ``amp``, the phase in [0, pi],
    x uniform in [-5, 5]; 10 support and 10 query points a task. x: (tasks, 20, 2) the points (x, y) with the query's y
    hidden (0); y: (tasks, 10) the query's targets. A sample is a task; held out: new tasks. ``train_rows``: keep only
    that many training tasks; ``nan_rows``: that share of the training tasks has a missing (NaN) support target."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    a = amp[0] + (amp[1] - amp[0]) * torch.rand(total, 1, generator=g)
    phase = math.pi * torch.rand(total, 1, generator=g)
    xs = -5 + 10 * torch.rand(total, 2 * MAML_SHOTS, generator=g)
    ys = a * torch.sin(xs + phase)
    x = torch.stack([xs, ys], -1)
    x[:, MAML_SHOTS:, 1] = 0.0
    y = ys[:, MAML_SHOTS:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, 1] = float("nan")
    data = split(x, y, n, "meta-learning (MAML: sinusoid regression adapted from 10 points a task)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MAMLNet(nn.Module):
    """MAML (Finn et al. 2017) of a 1-40-40-1 ReLU MLP (``inp``, the ReLU layer ``fc``, a linear ``head``): for each task
    of the batch, ``inner_steps`` plain SGD steps at ``inner_lr`` on the MSE of its 10 support points (second order in
    training: create_graph), then the adapted network's predictions at its 10 query points (tasks, 10). The tasks'
    adaptations run at once, as per-task copies of the weights. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, inner_steps: int = 1, inner_lr: float = 0.05, hidden: int = MAML_HIDDEN, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inner_steps, self.inner_lr = inner_steps, inner_lr
        self.inp = nn.Linear(1, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    @staticmethod
    def run(x: Tensor, w: list[Tensor]) -> Tensor:
        h = F.relu(torch.baddbmm(w[1][:, None, :], x, w[0].transpose(1, 2)))
        h = F.relu(torch.baddbmm(w[3][:, None, :], h, w[2].transpose(1, 2)))
        return torch.baddbmm(w[5][:, None, :], h, w[4].transpose(1, 2))[..., 0]

    def forward(self, x: Tensor) -> Tensor:
        tasks = len(x)
        sx, sy, qx = x[:, :MAML_SHOTS, :1], x[:, :MAML_SHOTS, 1], x[:, MAML_SHOTS:, :1]
        with torch.enable_grad():
            w = [p[None].expand(tasks, *p.shape) for layer in (self.inp, self.fc, self.head) for p in (layer.weight, layer.bias)]
            if not self.training:
                w = [p.detach().requires_grad_(True) for p in w]
            for _ in range(self.inner_steps):
                inner = ((self.run(sx, w) - sy) ** 2).mean(1).sum()
                grads = torch.autograd.grad(inner, w, create_graph=self.training)
                w = [p - self.inner_lr * gr for p, gr in zip(w, grads)]
        out = self.run(qx, w)
        return out if self.training else out.detach()


def maml_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The query points' squared error summed over the points and the tasks (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def maml_at_zero() -> float:
    """The held-out MSE of predicting 0 at every query point (the mean square of the sinusoids)."""
    return float((maml_tasks().val_y ** 2).mean())


TAB_FEATURES, TAB_CLASSES = 16, 4
"""The TabNet-like classifier reads 16 numeric features and names one of 4 classes."""


@lru_cache(maxsize=None)
def tabnet_rows(n: int = 4000, seed: int = 311, *, n_val: int = 800, batch_size: int = 128, train_rows: int | None = None,
                flip: float = 0.0, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Tabular rows whose class follows rules on 5 of their 16 features (the other 11 are noise): bit 1 is
    x0 + 0.5 x1 > 0.3, bit 0 is x2 + 0.7 x3 - 0.5 x4 > 0 (of the standardised features); the class is 2 bit1 + bit0,
    5% of the labels random. x: (rows, 16), the features at scales 0.5-3 and offsets -1-1; y: the class.
    ``train_rows``: keep only that many training rows; ``flip``: that share more of the training labels replaced by a
    random class; ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    z = torch.randn(total, TAB_FEATURES, generator=g)
    bit1 = z[:, 0] + 0.5 * z[:, 1] > 0.3
    bit0 = z[:, 2] + 0.7 * z[:, 3] - 0.5 * z[:, 4] > 0
    y = 2 * bit1.long() + bit0.long()
    y = flip_labels(y, TAB_CLASSES, 0.05, g)
    scale = 0.5 + 2.5 * torch.rand(TAB_FEATURES, generator=g)
    offset = -1 + 2 * torch.rand(TAB_FEATURES, generator=g)
    x = z * scale + offset
    if flip:
        y = torch.cat([flip_labels(y[:n], TAB_CLASSES, flip, g), y[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9] = float("nan")
    data = split(x, y, n, "tabular classification (a TabNet-like attentive feature selection)", TAB_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, TAB_CLASSES, batch_size)
    return data


def sparsemax(z: Tensor) -> Tensor:
    """Sparsemax over the last dimension (Martins & Astudillo 2016): the Euclidean projection onto the simplex."""
    srt, _ = torch.sort(z, dim=-1, descending=True)
    k = torch.arange(1, z.shape[-1] + 1, dtype=z.dtype)
    cum = srt.cumsum(-1) - 1
    support = (k * srt > cum).sum(-1, keepdim=True).clamp(min=1)
    tau = cum.gather(-1, support - 1) / support.to(z.dtype)
    return F.relu(z - tau)


class GhostNorm(nn.Module):
    """BatchNorm1d over virtual batches of ``virtual`` rows (ghost batch normalisation); 0: plain BatchNorm."""

    def __init__(self, width: int, virtual: int = 0) -> None:
        super().__init__()
        self.bn, self.virtual = nn.BatchNorm1d(width), virtual

    def forward(self, x: Tensor) -> Tensor:
        if not self.training or not self.virtual or len(x) <= self.virtual:
            out: Tensor = self.bn(x)
            return out
        return torch.cat([self.bn(part) for part in x.split(self.virtual)])


class GLUStep(nn.Module):
    """A TabNet feature-transformer layer: a bias-free linear to twice the width, ghost BatchNorm, a GLU."""

    def __init__(self, width_in: int, width: int, virtual: int = 0) -> None:
        super().__init__()
        self.lin = nn.Linear(width_in, 2 * width, bias=False)
        self.norm = GhostNorm(2 * width, virtual)

    def forward(self, x: Tensor) -> Tensor:
        return F.glu(self.norm(self.lin(x)), -1)


class TabNetLite(nn.Module):
    """A small TabNet (Arik & Pfister 2021): BatchNorm of the input; a feature transformer (a GLU layer shared by the
    steps, then a step's own GLU layer, residual at sqrt(0.5)) splitting into a decision part (16) and an attention
    part (16); 3 decision steps, each with an attentive transformer (a linear from the attention part, ghost BatchNorm,
    times the prior, sparsemax) choosing a mask over the 16 features (the prior x (1.3 - mask) after each), the masked
    features through the transformer, ReLU of its decision part summed over the steps; then a ReLU layer ``fc`` (16)
    and a linear ``head`` to the 4 classes' logits. ``virtual``: ghost batches of that many rows (0: plain BatchNorm).
    No sparsity regulariser. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, width: int = 16, steps: int = 3, virtual: int = 0, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.width, self.relax = width, 1.3
        self.norm_in = nn.BatchNorm1d(TAB_FEATURES)
        self.shared = GLUStep(TAB_FEATURES, 2 * width, virtual)
        self.own = nn.ModuleList(GLUStep(2 * width, 2 * width, virtual) for _ in range(steps + 1))
        self.attend = nn.ModuleList(nn.Linear(width, TAB_FEATURES) for _ in range(steps))
        self.attend_norm = nn.ModuleList(GhostNorm(TAB_FEATURES, virtual) for _ in range(steps))
        self.fc = nn.Linear(width, width)
        self.head = nn.Linear(width, TAB_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def transform(self, x: Tensor, step: int) -> Tensor:
        h = self.shared(x)
        return (h + self.own[step](h)) * math.sqrt(0.5)

    def forward(self, x: Tensor) -> Tensor:
        x = self.norm_in(x)
        prior = torch.ones_like(x)
        att = self.transform(x, 0)[:, self.width :]
        total = torch.zeros(len(x), self.width)
        for i, (lin, norm) in enumerate(zip(self.attend, self.attend_norm)):
            mask = sparsemax(norm(lin(att)) * prior)
            prior = prior * (self.relax - mask)
            h = self.transform(mask * x, i + 1)
            total = total + F.relu(h[:, : self.width])
            att = h[:, self.width :]
        out: Tensor = self.head(F.relu(self.fc(total)))
        return out


def tabnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


NTM_BITS, NTM_LEN, NTM_SLOTS, NTM_WIDTH = 6, 5, 16, 8
"""The Neural Turing Machine copies sequences of 5 vectors of 6 bits through a memory of 16 slots of 8 numbers."""


@lru_cache(maxsize=None)
def ntm_copy(n: int = 3000, seed: int = 312, *, n_val: int = 500, batch_size: int = 32, train_rows: int | None = None,
             nan_rows: float = 0.0) -> Data:  # fmt: skip
    """The copy task (Graves et al. 2014): 5 random vectors of 6 bits (each 1 with probability 0.5), then a delimiter
    step (a 7th input channel), then 5 blank steps during which the sequence is to be reproduced. x: (sequences, 11, 7);
    y: (sequences, 5, 6) the bits. ``train_rows``: keep only that many training sequences; ``nan_rows``: that share of the
    training sequences has a missing (NaN) bit."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    bits = (torch.rand(total, NTM_LEN, NTM_BITS, generator=g) < 0.5).float()
    x = torch.zeros(total, 2 * NTM_LEN + 1, NTM_BITS + 1)
    x[:, :NTM_LEN, :NTM_BITS] = bits
    x[:, NTM_LEN, NTM_BITS] = 1.0
    y = bits.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2, 3] = float("nan")
        y[bad, 2, 3] = float("nan")
    data = split(x, y, n, "sequence copying (a Neural Turing Machine)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


def ntm_address(p: Tensor, memory: Tensor, prev: Tensor) -> Tensor:
    """An NTM head's weighting over the memory's slots from its parameters ``p`` (key, beta, gate, 3 shifts, gamma):
    content addressing (softmax of beta x the key's cosine with each slot), interpolation with the previous weighting
    by the gate, a circular shift by -1, 0 or +1 (softmax weights) and sharpening by gamma >= 1."""
    key, beta, gate, shift, gamma = p.split([NTM_WIDTH, 1, 1, 3, 1], -1)
    content = torch.softmax(F.softplus(beta) * F.cosine_similarity(key[:, None, :], memory, dim=-1, eps=1e-6), -1)
    gate = torch.sigmoid(gate)
    w = gate * content + (1 - gate) * prev
    s = torch.softmax(shift, -1)
    w = s[:, :1] * w.roll(-1, 1) + s[:, 1:2] * w + s[:, 2:] * w.roll(1, 1)
    w = w.clamp(min=1e-12) ** (1 + F.softplus(gamma))
    return w / w.sum(-1, keepdim=True)


class NTMCopy(nn.Module):
    """A small Neural Turing Machine: an LSTM controller (``hidden``) reads the input and the last read vector; a linear
    ``address`` gives a write head (its addressing, an erase and an add vector) and a read head (its addressing) on a
    memory of 16 slots of 8 (from a fixed small random start); after the delimiter, a ReLU layer ``fc`` of the
    controller's state and the read vector and a linear ``head`` give the 6 bits' logits of each of the 5 output steps
    (sequences, 5, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.controller = nn.LSTMCell(NTM_BITS + 1 + NTM_WIDTH, hidden)
        self.address = nn.Linear(hidden, 2 * (NTM_WIDTH + 6) + 2 * NTM_WIDTH)
        self.fc = nn.Linear(hidden + NTM_WIDTH, hidden)
        self.head = nn.Linear(hidden, NTM_BITS)
        self.register_buffer("memory0", 0.01 * torch.randn(NTM_SLOTS, NTM_WIDTH, generator=torch.Generator().manual_seed(5)))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, steps = len(x), x.shape[1]
        memory = self.memory0.expand(b, NTM_SLOTS, NTM_WIDTH)
        h = c = torch.zeros(b, self.controller.hidden_size)
        w_read = w_write = F.one_hot(torch.zeros(b, dtype=torch.long), NTM_SLOTS).float()
        read = torch.zeros(b, NTM_WIDTH)
        outs = []
        for t in range(steps):
            h, c = self.controller(torch.cat([x[:, t], read], -1), (h, c))
            pw, pr, erase, add = self.address(h).split([NTM_WIDTH + 6, NTM_WIDTH + 6, NTM_WIDTH, NTM_WIDTH], -1)
            w_write = ntm_address(pw, memory, w_write)
            memory = memory * (1 - w_write[:, :, None] * torch.sigmoid(erase)[:, None, :]) + w_write[:, :, None] * torch.tanh(add)[:, None, :]
            w_read = ntm_address(pr, memory, w_read)
            read = (w_read[:, :, None] * memory).sum(1)
            if t > NTM_LEN:
                outs.append(self.head(F.relu(self.fc(torch.cat([h, read], -1)))))
        return torch.stack(outs, 1)


def ntm_bce(out: Tensor, y: Tensor) -> Tensor:
    """The binary cross-entropy with logits per bit, mean over the bits, steps and sequences (ln 2 at logits of 0)."""
    return F.binary_cross_entropy_with_logits(out, y)


def ntm_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the bits, steps and sequences (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


# --------------------------------------------------------------------------- twenty-fifth fresh half (fresh25, held out from all tuning)


BANDIT_DIM, BANDIT_ARMS, BANDIT_NOISE = 10, 8, 0.1
"""The contextual bandit's contexts have 10 features; the policy picks one of 8 arms, whose reward is its mean for the
context plus Gaussian noise of std 0.1."""


@lru_cache(maxsize=None)
def bandit_contexts(n: int = 4000, seed: int = 313, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                    nan_rows: float = 0.0) -> Data:  # fmt: skip
    """A contextual bandit: 10-feature contexts, 8 arms. A fixed random projection takes a context to a point u of the
    plane; arm a's mean reward is exp(-|u - c_a|^2 / 2) for 8 centres c_a on a circle of radius 1.2, plus 0.3 tanh of
    an arm's own linear function of the context (so the best arm needs more than the angle of u). x: (contexts, 10);
    y: (contexts, 8) each arm's mean reward (the loss draws the reward of the arm it pulls around it; the regret is
    measured against the best arm). ``train_rows``: keep only that many training contexts; ``nan_rows``: that share of
    the training contexts has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, BANDIT_DIM, generator=g)
    proj = torch.randn(BANDIT_DIM, 2, generator=g) / math.sqrt(BANDIT_DIM)
    u = x @ proj * 1.5
    angles = 2 * math.pi * torch.arange(BANDIT_ARMS) / BANDIT_ARMS
    centres = 1.2 * torch.stack([angles.cos(), angles.sin()], 1)
    own = torch.randn(BANDIT_DIM, BANDIT_ARMS, generator=g) / math.sqrt(BANDIT_DIM)
    y = torch.exp(-0.5 * torch.cdist(u, centres) ** 2) + 0.3 * torch.tanh(x @ own)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "contextual bandit (a policy trained by REINFORCE with a learned baseline)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BanditPolicy(nn.Module):
    """A policy MLP: ``inp`` (10 -> 64), a ReLU layer ``fc`` (64 -> 64), a linear ``head`` to the 8 arms' logits and a
    linear ``value`` to the baseline (the expected reward of the context). Output (contexts, 9): the logits, then the
    baseline. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(BANDIT_DIM, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, BANDIT_ARMS)
        self.value = nn.Linear(hidden, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.fc(F.relu(self.inp(x))))
        return torch.cat([self.head(h), self.value(h)], -1)


def bandit_terms(out: Tensor, y: Tensor) -> Tensor:
    """Per context: the regret of the arm the policy pulls (drawn by the Gumbel-max trick from its softmax), whose
    gradient is REINFORCE's (the log-probability of the pulled arm times its noisy reward less the baseline), plus half
    the squared error of the baseline against that reward (which trains the baseline)."""
    logits, base = out[:, :BANDIT_ARMS], out[:, BANDIT_ARMS]
    logp = F.log_softmax(logits, -1)
    gumbel = -torch.log(-torch.log(torch.rand_like(logits).clamp(1e-9, 1 - 1e-9)))
    arm = (logits.detach() + gumbel).argmax(-1, keepdim=True)
    mean = y.gather(1, arm)[:, 0]
    reward = mean + BANDIT_NOISE * torch.randn_like(mean)
    pg = -(reward - base.detach()) * logp.gather(1, arm)[:, 0]
    return (y.max(1).values - mean) + (pg - pg.detach()) + 0.5 * (base - reward) ** 2


def bandit_loss(out: Tensor, y: Tensor) -> Tensor:
    """The mean over the batch of ``bandit_terms``: the pulled arms' regret (REINFORCE's gradient) and the baseline's."""
    return bandit_terms(out, y).mean()


def bandit_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch (reduction='sum')."""
    return bandit_terms(out, y).sum()


def bandit_regret(out: Tensor, y: Tensor) -> Tensor:
    """The held-out loss: the policy's expected regret, the best arm's mean reward less the policy's expectation."""
    probs = torch.softmax(out[:, :BANDIT_ARMS], -1)
    return (y.max(1).values - (probs * y).sum(1)).mean()


DUAL_A, DUAL_B, DUAL_EMBED, DUAL_LATENT = 16, 12, 32, 6
"""The dual encoder pairs a 16-feature view ("image") with a 12-feature view ("text") of the same 6-D latent concept,
each encoded to 32-D unit vectors."""


@lru_cache(maxsize=None)
def dual_pairs(n: int = 3000, seed: int = 314, *, n_val: int = 768, batch_size: int = 64, train_rows: int | None = None,
               nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Paired views of a 6-D latent N(0, 1): the "image" tanh(z A) B (16 features) and the "text" softplus(z C) D - 0.5 (12
    features), random maps, each plus noise of std 0.3. x: (pairs, 28) the image's 16 features, then the text's 12; y:
    zeros (the pairing is the row). ``train_rows``: keep only that many training pairs; ``nan_rows``: that share of the
    training pairs has a missing (NaN) text feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    z = torch.randn(total, DUAL_LATENT, generator=g)
    a = torch.randn(DUAL_LATENT, 24, generator=g) / math.sqrt(DUAL_LATENT)
    b = torch.randn(24, DUAL_A, generator=g) / math.sqrt(24) * 2
    c = torch.randn(DUAL_LATENT, 24, generator=g) / math.sqrt(DUAL_LATENT) * 2
    d = torch.randn(24, DUAL_B, generator=g) / math.sqrt(24) * 2
    img = torch.tanh(z @ a) @ b + 0.3 * torch.randn(total, DUAL_A, generator=g)
    txt = F.softplus(z @ c) @ d - 0.5 + 0.3 * torch.randn(total, DUAL_B, generator=g)
    x = torch.cat([img, txt], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, DUAL_A + 3] = float("nan")
    data = split(x, torch.zeros(total), n, "contrastive image-text pretraining (a CLIP-style dual encoder)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DualEncoder(nn.Module):
    """A CLIP-style dual encoder (Radford et al. 2021): an image tower (``inp`` 16 -> 64, a ReLU layer ``fc`` 64 -> 64,
    ``head`` 64 -> 32) and a text tower (``txt_inp`` 12 -> 64, ``txt_head`` 64 -> 32), each L2-normalised, and a learned
    log temperature ``log_scale`` (ln(1/0.07) at init, the scale clamped at 100). Output (pairs, 65): the image
    embedding, the text embedding, the log scale."""

    def __init__(self, hidden: int = 64) -> None:
        super().__init__()
        self.inp = nn.Linear(DUAL_A, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, DUAL_EMBED)
        self.txt_inp = nn.Linear(DUAL_B, hidden)
        self.txt_head = nn.Linear(hidden, DUAL_EMBED)
        self.log_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

    def forward(self, x: Tensor) -> Tensor:
        img = F.normalize(self.head(F.relu(self.fc(F.relu(self.inp(x[:, :DUAL_A]))))), dim=-1)
        txt = F.normalize(self.txt_head(F.relu(self.txt_inp(x[:, DUAL_A:]))), dim=-1)
        return torch.cat([img, txt, self.log_scale.expand(len(x), 1)], -1)


def dual_terms(out: Tensor) -> Tensor:
    """Per pair of a batch: the symmetric InfoNCE (image-to-text and text-to-image cross-entropy over the batch, halved)
    of the scaled cosine similarities."""
    img, txt = out[:, :DUAL_EMBED], out[:, DUAL_EMBED : 2 * DUAL_EMBED]
    logits = out[0, -1].clamp(max=math.log(100)).exp() * img @ txt.T
    target = torch.arange(len(out))
    return 0.5 * (F.cross_entropy(logits, target, reduction="none") + F.cross_entropy(logits.T, target, reduction="none"))


def dual_infonce(out: Tensor, y: Tensor) -> Tensor:
    """CLIP's loss, mean over the batch (ln 64 = 4.16 at chance for a batch of 64); held out, over fixed batches of 64."""
    return torch.cat([dual_terms(part) for part in out.split(64)]).mean()


def dual_infonce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch (reduction='sum')."""
    return dual_terms(out).sum()


SVDD_DIM, SVDD_CODE = 16, 8
"""Deep SVDD maps 16-feature points to an 8-D code, scored by its squared distance to a fixed centre."""


@lru_cache(maxsize=None)
def svdd_points(n: int = 3000, seed: int = 315, *, n_val: int = 800, batch_size: int = 64, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Normal points only (one-class training): a 6-D latent N(0, 1) through tanh of a random 6 x 12 map (entries
    N(0, 0.5^2)) and a random 12 x 16 map, offset by a random mean, plus noise of std 0.2. x: (points, 16); y: zeros (unused). ``train_rows``:
    keep only that many training points; ``nan_rows``: that share of the training points has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    z = torch.randn(total, 6, generator=g)
    a = torch.randn(6, 12, generator=g) / 2
    b = torch.randn(12, SVDD_DIM, generator=g) / math.sqrt(12)
    offset = 0.5 * torch.randn(SVDD_DIM, generator=g)
    x = torch.tanh(z @ a) @ b + offset + 0.2 * torch.randn(total, SVDD_DIM, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, torch.zeros(total), n, "one-class anomaly detection (Deep SVDD: distance to a fixed centre)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepSVDD(nn.Module):
    """Deep SVDD (Ruff et al. 2018): a bias-free ReLU MLP (``inp`` 16 -> 64, ``fc`` 64 -> 32, ``head`` 32 -> 8, no
    biases, so that a constant map is not free); the centre c is the mean code of the first 512 training points at
    init (entries below 0.1 in size moved to +-0.1). Output (points, 8): the code less c. ``dead``: fc's weights made
    all <= 0 (-|w|), so that fc's ReLUs never open on the non-negative ReLU outputs before them."""

    def __init__(self, dead: bool = False) -> None:
        super().__init__()
        self.inp = nn.Linear(SVDD_DIM, 64, bias=False)
        self.fc = nn.Linear(64, 32, bias=False)
        self.head = nn.Linear(32, SVDD_CODE, bias=False)
        if dead:
            with torch.no_grad():
                self.fc.weight.copy_(-self.fc.weight.abs())
        with torch.no_grad():
            c = self.code(svdd_points().x[:512]).mean(0)
            c = torch.where(c.abs() < 0.1, torch.where(c < 0, -0.1, 0.1), c)
        self.register_buffer("centre", c)

    def code(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.inp(x)))))
        return out

    def forward(self, x: Tensor) -> Tensor:
        return self.code(x) - self.centre


def svdd_distance(out: Tensor, y: Tensor) -> Tensor:
    """Deep SVDD's one-class loss: the squared distance of the code to the centre, mean over the points."""
    return (out**2).sum(-1).mean()


def svdd_distance_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the points (reduction='sum')."""
    return (out**2).sum()


SINK_POINTS, SINK_DESC, SINK_EPS, SINK_ITERS = 16, 8, 0.05, 30
"""The set decoder predicts 16 points of the plane from an 8-number description of a shape; the entropic OT loss runs
30 log-domain Sinkhorn iterations at a blur of 0.05."""


@lru_cache(maxsize=None)
def sinkhorn_shapes(n: int = 3000, seed: int = 316, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
                    nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Point sets of 3 kinds of shape: a circle, a segment, two blobs (std 0.1); centre uniform in [-1, 1]^2, size
    0.3-1, angle uniform; 16 points drawn from the shape (in random order). x: (sets, 8) the description (the kind
    one-hot, the centre, the size, cos and sin of the angle); y: (sets, 16, 2) the points. ``train_rows``: keep only
    that many training sets; ``nan_rows``: that share of the training sets has a missing (NaN) description entry."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    kind = torch.randint(0, 3, (total,), generator=g)
    centre = -1 + 2 * torch.rand(total, 2, generator=g)
    size = 0.3 + 0.7 * torch.rand(total, 1, generator=g)
    angle = 2 * math.pi * torch.rand(total, 1, generator=g)
    t = torch.rand(total, SINK_POINTS, generator=g)
    direction = torch.cat([angle.cos(), angle.sin()], 1)
    circle = torch.stack([torch.cos(2 * math.pi * t + angle), torch.sin(2 * math.pi * t + angle)], -1)
    segment = (2 * t - 1)[..., None] * direction[:, None, :]
    side = torch.where(t < 0.5, -1.0, 1.0)[..., None]
    blobs = side * direction[:, None, :] + 0.1 / size[:, :, None] * torch.randn(total, SINK_POINTS, 2, generator=g)
    shape = torch.where(kind[:, None, None] == 0, circle, torch.where(kind[:, None, None] == 1, segment, blobs))
    y = centre[:, None, :] + size[:, :, None] * shape
    x = torch.cat([F.one_hot(kind, 3).float(), centre, size, direction], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "set prediction with an entropic optimal-transport (Sinkhorn) loss", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SetDecoder(nn.Module):
    """An MLP decoding a description into a set of 16 points: ``inp`` (8 -> 128), a ReLU layer ``fc`` (128 -> 128), a
    linear ``head`` to the 32 coordinates. Output (sets, 16, 2). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, hidden: int = 128, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(SINK_DESC, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, 2 * SINK_POINTS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        return self.head(F.relu(self.fc(F.relu(self.inp(x))))).reshape(len(x), SINK_POINTS, 2)


def sinkhorn_cost(out: Tensor, y: Tensor) -> Tensor:
    """Per set: the entropic optimal-transport cost <P, C> between the predicted and the true points (uniform weights,
    C the squared distances), P from 30 log-domain Sinkhorn iterations at eps 0.05, differentiated through them."""
    cost = ((out[:, :, None, :] - y[:, None, :, :]) ** 2).sum(-1)
    log_w = torch.full(cost.shape[:2], -math.log(SINK_POINTS))
    f = torch.zeros_like(log_w)
    g = torch.zeros_like(log_w)
    for _ in range(SINK_ITERS):
        f = -SINK_EPS * torch.logsumexp((g[:, None, :] - cost) / SINK_EPS + log_w[:, None, :], -1)
        g = -SINK_EPS * torch.logsumexp((f[:, :, None] - cost) / SINK_EPS + log_w[:, :, None], -2)
    plan = torch.exp((f[:, :, None] + g[:, None, :] - cost) / SINK_EPS + log_w[:, :, None] + log_w[:, None, :])
    return (plan * cost).sum((1, 2))


def sinkhorn_loss(out: Tensor, y: Tensor) -> Tensor:
    """The mean over the batch of ``sinkhorn_cost``."""
    return sinkhorn_cost(out, y).mean()


def sinkhorn_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch (reduction='sum')."""
    return sinkhorn_cost(out, y).sum()


def svdd_at_init() -> float:
    """The held-out loss of the default Deep SVDD at init (seed 0): the points' mean squared distance to the centre."""
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = DeepSVDD()
    with torch.no_grad():
        return float(svdd_distance(model(svdd_points().val_x), svdd_points().val_y))


def sinkhorn_at_zero() -> float:
    """The held-out OT cost of predicting every point at the origin: the mean square norm of the points."""
    return float((sinkhorn_shapes().val_y ** 2).sum(-1).mean())


# --------------------------------------------------------------------------- twenty-sixth fresh half (fresh26, held out from all tuning)


DEEPONET_SENSORS, DEEPONET_QUERIES, DEEPONET_WIDTH, DEEPONET_GRID = 20, 10, 32, 200
"""DeepONet reads an input function at 20 equispaced sensors of [0, 1] and predicts the ODE's solution at 10 query
points per function, through a dot product of 32 branch and trunk features; the reference solution is integrated by
RK4 on a grid of 200 steps."""


@lru_cache(maxsize=None)
def deeponet_functions(n: int = 3000, seed: int = 317, *, n_val: int = 600, batch_size: int = 64,
                       train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Operator learning: random input functions u(x) = sum over k = 1..5 of (a_k sin(k pi x) + b_k cos(k pi x)) with
    a_k, b_k ~ N(0, (2 / k)^2), and the solution s of the ODE s'(x) = u(x) - s(x)^3, s(0) = 0 on [0, 1] (RK4, 200
    steps). x: (functions, 30) u at the 20 equispaced sensors, then 10 query points drawn from the grid; y: (functions,
    10) s at the query points. ``train_rows``: keep only that many training functions; ``nan_rows``: that share of the
    training functions has a missing (NaN) sensor reading."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    k = torch.arange(1, 6, dtype=torch.float32)
    a = torch.randn(total, 5, generator=g) * 2 / k
    b = torch.randn(total, 5, generator=g) * 2 / k

    def u(at: Tensor) -> Tensor:  # at: (points,) -> (functions, points)
        arg = math.pi * k[None, :, None] * at[None, None, :]
        return (a[:, :, None] * torch.sin(arg) + b[:, :, None] * torch.cos(arg)).sum(1)

    h = 1.0 / DEEPONET_GRID
    grid = torch.linspace(0, 1, DEEPONET_GRID + 1)
    u_grid, u_mid = u(grid), u(grid[:-1] + h / 2)
    s = torch.zeros(total, DEEPONET_GRID + 1)
    for i in range(DEEPONET_GRID):
        cur = s[:, i]
        k1 = u_grid[:, i] - cur**3
        k2 = u_mid[:, i] - (cur + h / 2 * k1) ** 3
        k3 = u_mid[:, i] - (cur + h / 2 * k2) ** 3
        k4 = u_grid[:, i + 1] - (cur + h * k3) ** 3
        s[:, i + 1] = cur + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    sensors = u(torch.linspace(0, 1, DEEPONET_SENSORS))
    idx = torch.randint(0, DEEPONET_GRID + 1, (total, DEEPONET_QUERIES), generator=g)
    x = torch.cat([sensors, grid[idx]], 1)
    y = s.gather(1, idx)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "operator learning (DeepONet: an ODE's solution operator on random input functions)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepONet(nn.Module):
    """DeepONet (Lu et al. 2021): a branch ReLU MLP of the 20 sensor readings (``inp`` 20 -> 64, ``fc`` 64 -> 64, ``head``
    64 -> 32) and a trunk ReLU MLP of a query point (``trunk_inp`` 1 -> 64, ``trunk_fc`` 64 -> 64, ``trunk_head`` 64 ->
    32); the prediction at a query is the dot product of the two plus a learned bias. Output (functions, 10).
    ``dead_bias`` < 0 starts both towers' fc biases there."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(DEEPONET_SENSORS, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, DEEPONET_WIDTH)
        self.trunk_inp = nn.Linear(1, hidden)
        self.trunk_fc = nn.Linear(hidden, hidden)
        self.trunk_head = nn.Linear(hidden, DEEPONET_WIDTH)
        self.bias = nn.Parameter(torch.zeros(()))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
                self.trunk_fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        branch = self.head(F.relu(self.fc(F.relu(self.inp(x[:, :DEEPONET_SENSORS])))))
        trunk = self.trunk_head(F.relu(self.trunk_fc(F.relu(self.trunk_inp(x[:, DEEPONET_SENSORS:, None])))))
        return torch.einsum("fw,fqw->fq", branch, trunk) + self.bias


def deeponet_mse(out: Tensor, y: Tensor) -> Tensor:
    """The squared error at the query points, mean over the batch's functions and queries."""
    return F.mse_loss(out, y)


def deeponet_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch's functions (reduction='sum' over them, the mean over each one's queries)."""
    return ((out - y) ** 2).mean(1).sum()


def deeponet_at_zero() -> float:
    """The held-out MSE of predicting 0 everywhere: the mean square of the solutions at the query points."""
    return float((deeponet_functions().val_y ** 2).mean())


ADDT_DIGITS, ADDT_VOCAB, ADDT_PLUS, ADDT_BOS, ADDT_D = 2, 12, 10, 11, 32
"""Addition of two 2-digit numbers: the source is their 5 tokens "ab+cd" (digits 0-9, "+" is 10), the target the
sum's 3 digits, least significant first, after a start token (11); the transformer is 32 wide."""


@lru_cache(maxsize=None)
def addition_problems(n: int = 4000, seed: int = 318, *, n_val: int = 1000, batch_size: int = 64,
                      train_rows: int | None = None) -> Data:  # fmt: skip
    """Multi-digit addition as sequence-to-sequence: a + b for a, b uniform in 0..99 (5,000 of the 10,000 pairs), no
    problem in both splits. x: (problems, 8) the source's 5 tokens (a's digits, "+", b's digits, most significant
    first), then the sum's 3 digits least significant first (the decoder reads them shifted right, after the start
    token: teacher forcing); y: (problems, 3) the sum's digits, least significant first. ``train_rows``: keep only that
    many training problems."""
    g = torch.Generator().manual_seed(seed)
    pairs = torch.randperm(10 ** (2 * ADDT_DIGITS), generator=g)[: n + n_val]
    a, b = pairs // 10**ADDT_DIGITS, pairs % 10**ADDT_DIGITS
    total = a + b

    def digits(v: Tensor, count: int) -> Tensor:  # most significant first
        return torch.stack([(v // 10 ** (count - 1 - i)) % 10 for i in range(count)], 1)

    src = torch.cat([digits(a, ADDT_DIGITS), torch.full((len(a), 1), ADDT_PLUS), digits(b, ADDT_DIGITS)], 1)
    tgt = digits(total, ADDT_DIGITS + 1).flip(1)
    data = split(torch.cat([src, tgt], 1), tgt, n, "sequence-to-sequence (multi-digit addition, teacher forcing)", 10,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, 10, batch_size)
    return data


class AddTransformer(nn.Module):
    """A tiny encoder-decoder transformer (``nn.Transformer``: d 32, 4 heads, feed-forward 64, no dropout, post-LN, or
    pre-LN with ``pre_ln``; ``layers`` encoder and decoder layers, the decoder cross-attending to the encoder), token
    embeddings and learned positions for the source and for the target, a causal mask on the decoder, and a linear
    ``head`` to the 10 digits. Output (problems, 3, 10): the logits of each sum digit given the ones before it."""

    def __init__(self, layers: int = 2, pre_ln: bool = False) -> None:
        super().__init__()
        src_len, tgt_len = 2 * ADDT_DIGITS + 1, ADDT_DIGITS + 1
        self.src_emb = nn.Embedding(ADDT_VOCAB, ADDT_D)
        self.tgt_emb = nn.Embedding(ADDT_VOCAB, ADDT_D)
        self.src_pos = nn.Parameter(0.1 * torch.randn(src_len, ADDT_D))
        self.tgt_pos = nn.Parameter(0.1 * torch.randn(tgt_len, ADDT_D))
        self.core = nn.Transformer(ADDT_D, 4, layers, layers, 64, dropout=0.0, batch_first=True, norm_first=pre_ln)
        self.head = nn.Linear(ADDT_D, 10)
        self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(tgt_len))

    def forward(self, x: Tensor) -> Tensor:
        cut = 2 * ADDT_DIGITS + 1
        src, tgt = x[:, :cut], x[:, cut:]
        dec_in = torch.cat([torch.full((len(x), 1), ADDT_BOS, dtype=tgt.dtype), tgt[:, :-1]], 1)
        out = self.core(self.src_emb(src) + self.src_pos, self.tgt_emb(dec_in) + self.tgt_pos, tgt_mask=self.mask,
                        tgt_is_causal=True)  # fmt: skip
        logits: Tensor = self.head(out)
        return logits


def addt_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's problems and digits (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, 10), y.reshape(-1), reduction="sum")


DEEPAR_LEN, DEEPAR_PERIOD, DEEPAR_HIDDEN = 48, 12, 40
"""DeepAR reads series of 48 steps with a season of 12, through an LSTM of 40 units."""


@lru_cache(maxsize=None)
def deepar_series(n: int = 2000, seed: int = 319, *, n_val: int = 500, batch_size: int = 32, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Synthetic series: a level N(0, 0.5^2), a trend N(0, 0.02^2) per step, a season of period 12 (amplitude uniform in
    0.3-1.5, a random phase, plus half as much of its second harmonic), and Student-t noise (4 degrees of freedom) of a
    scale uniform in 0.05-0.3 per series. x: (series, 48, 3) the value of the step before (0 before the first), cos and
    sin of the step's position in a period of 12; y: (series, 48) the values. ``train_rows``: keep only that many
    training series; ``nan_rows``: that share of the training series has a missing (NaN) value (in x and y)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.arange(DEEPAR_LEN, dtype=torch.float32)
    level = 0.5 * torch.randn(total, 1, generator=g)
    trend = 0.02 * torch.randn(total, 1, generator=g)
    amp = 0.3 + 1.2 * torch.rand(total, 1, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, generator=g)
    arg = 2 * math.pi * t / DEEPAR_PERIOD + phase
    season = amp * (torch.sin(arg) + 0.5 * torch.sin(2 * arg + 1.0))
    scale = 0.05 + 0.25 * torch.rand(total, 1, generator=g)
    normal = torch.randn(total, DEEPAR_LEN, generator=g)
    gam = torch.randn(total, DEEPAR_LEN, 4, generator=g).pow(2).sum(-1)  # chi-square with 4 degrees of freedom
    noise = normal / torch.sqrt(gam / 4)
    y = level + trend * t + season + scale * noise
    lag = torch.cat([torch.zeros(total, 1), y[:, :-1]], 1)
    cal = 2 * math.pi * t / DEEPAR_PERIOD
    x = torch.stack([lag, cal.cos().expand(total, -1), cal.sin().expand(total, -1)], -1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        y[bad, 20] = float("nan")
        x[bad, 21, 0] = float("nan")
    data = split(x, y, n, "probabilistic forecasting (DeepAR: an LSTM emitting a Student-t per step)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepARNet(nn.Module):
    """A DeepAR-like forecaster (Salinas et al. 2020): an LSTM (3 -> 40) over the series' lagged values and calendar
    features, a ReLU layer ``fc`` (40 -> 40) and a linear ``head`` to a Student-t's location, scale (softplus, plus
    1e-3) and degrees of freedom (2 plus softplus) at each step. Output (series, 48, 3). ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, hidden: int = DEEPAR_HIDDEN, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.lstm = nn.LSTM(3, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.lstm(x)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def deepar_terms(out: Tensor, y: Tensor) -> Tensor:
    """Per series and step: the Student-t negative log-likelihood of the value."""
    loc, scale, df = out[..., 0], F.softplus(out[..., 1]) + 1e-3, 2 + F.softplus(out[..., 2])
    z = (y - loc) / scale
    return (-torch.lgamma((df + 1) / 2) + torch.lgamma(df / 2) + 0.5 * torch.log(df * math.pi) + torch.log(scale)
            + (df + 1) / 2 * torch.log1p(z**2 / df))  # fmt: skip


def deepar_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Student-t negative log-likelihood, mean over the batch's series and steps (below 0 when trained)."""
    return deepar_terms(out, y).mean()


def deepar_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch's series (reduction='sum' over them, the mean over each one's steps)."""
    return deepar_terms(out, y).mean(1).sum()


DKL_DIM, DKL_FEATURES, DKL_CONTEXT, DKL_JITTER = 8, 2, 256, 1e-4
"""Deep kernel learning maps 8 features to a 2-D embedding under an RBF kernel; held out, the GP conditions on the first
256 training points; 1e-4 is added to the kernel's diagonal."""


@lru_cache(maxsize=None)
def dkl_points(n: int = 3000, seed: int = 320, *, n_val: int = 1000, batch_size: int = 128, train_rows: int | None = None,
               nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Regression of a function of a hidden 2-D projection u of 8 features N(0, 1): sin(1.5 u1) + 0.5 cos(2 u2) + 0.3 u1
    u2, plus noise of std 0.1, standardised. x: (points, 8); y: (points,). ``train_rows``: keep only that many training
    points; ``nan_rows``: that share of the training points (exactly, drawn at random) has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, DKL_DIM, generator=g)
    w = torch.randn(DKL_DIM, 2, generator=g) / math.sqrt(DKL_DIM)
    u = x @ w * 1.5
    y = torch.sin(1.5 * u[:, 0]) + 0.5 * torch.cos(2 * u[:, 1]) + 0.3 * u[:, 0] * u[:, 1] + 0.1 * torch.randn(total, generator=g)
    y = (y - y[:n].mean()) / y[:n].std()
    if nan_rows:
        bad = torch.randperm(n, generator=g)[: round(nan_rows * n)]
        x[bad, 2] = float("nan")
    data = split(x, y, n, "Gaussian-process regression with a deep kernel (exact marginal likelihood per minibatch)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepKernelGP(nn.Module):
    """Deep kernel learning (Wilson et al. 2016): a ReLU MLP feature extractor (``inp`` 8 -> 64, ``fc`` 64 -> 64, ``head``
    64 -> 2) under an exact GP with an RBF kernel whose lengthscale, outputscale and noise variance are softplus of
    learned numbers (0.69 each at init), and a learned constant mean. In training the output is (points, 6): the
    features, then the lengthscale, the outputscale, the noise and the mean (the loss builds the batch's kernel); in
    evaluation, (points, 2): the predictive mean and variance given the first 256 training points (the context) as the
    conditioning set. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0, data: Data | None = None) -> None:
        super().__init__()
        self.inp = nn.Linear(DKL_DIM, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, DKL_FEATURES)
        self.raw = nn.Parameter(torch.zeros(3))
        self.mean = nn.Parameter(torch.zeros(()))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
        context = data or dkl_points()
        ok = torch.isfinite(context.x).all(1)
        self.register_buffer("ctx_x", context.x[ok][:DKL_CONTEXT])
        self.register_buffer("ctx_y", context.y[ok][:DKL_CONTEXT])

    def features(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.inp(x)))))
        return out

    def forward(self, x: Tensor) -> Tensor:
        hyper = F.softplus(self.raw)
        if self.training:
            return torch.cat([self.features(x), hyper.expand(len(x), 3), self.mean.expand(len(x), 1)], 1)
        f, c = self.features(x), self.features(self.ctx_x)
        k_cc = dkl_kernel(c, c, hyper) + (hyper[2] + DKL_JITTER) * torch.eye(len(c))
        k_xc = dkl_kernel(f, c, hyper)
        chol, info = torch.linalg.cholesky_ex(k_cc)
        if bool(info.any()) or not bool(torch.isfinite(chol).all()):
            return torch.full((len(x), 2), float("nan"))
        alpha = torch.cholesky_solve((self.ctx_y - self.mean)[:, None], chol)
        v = torch.linalg.solve_triangular(chol, k_xc.T, upper=False)
        var = hyper[1] - (v**2).sum(0) + hyper[2]
        return torch.stack([(k_xc @ alpha)[:, 0] + self.mean, var], 1)


def dkl_kernel(a: Tensor, b: Tensor, hyper: Tensor) -> Tensor:
    """The RBF kernel outputscale exp(-|a - b|^2 / (2 lengthscale^2)) of two sets of features."""
    return hyper[1] * torch.exp(-0.5 * torch.cdist(a, b) ** 2 / hyper[0] ** 2)


def dkl_terms(out: Tensor, y: Tensor) -> Tensor:
    """The exact GP's negative marginal log-likelihood of the batch's targets under the deep kernel (the batch's own
    kernel matrix, noise and 1e-4 jitter on its diagonal, by Cholesky): 0.5 r^T K^-1 r + 0.5 log|K| + n/2 log 2 pi for r
    the targets less the mean. NaN where the Cholesky factorisation fails."""
    feats, hyper, mean = out[:, :DKL_FEATURES], out[0, DKL_FEATURES : DKL_FEATURES + 3], out[0, -1]
    k = dkl_kernel(feats, feats, hyper) + (hyper[2] + DKL_JITTER) * torch.eye(len(out))
    chol, info = torch.linalg.cholesky_ex(k)
    r = (y - mean)[:, None]
    alpha = torch.cholesky_solve(r, chol)
    nll = 0.5 * (r * alpha).sum() + torch.log(torch.diagonal(chol)).sum() + 0.5 * len(out) * math.log(2 * math.pi)
    return nll * float("nan") if bool(info.any()) else nll


def dkl_mll(out: Tensor, y: Tensor) -> Tensor:
    """The negative marginal log-likelihood per point of the batch (its GP's, divided by its size)."""
    return dkl_terms(out, y) / len(out)


def dkl_mll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The batch's whole negative marginal log-likelihood, not divided by its size (a sum over the points)."""
    return dkl_terms(out, y)


def dkl_predictive_mse(out: Tensor, y: Tensor) -> Tensor:
    """The held-out loss: the squared error of the GP's predictive mean at new points given the context, mean."""
    return F.mse_loss(out[:, 0], y)


def deepar_at_init() -> float:
    """The held-out Student-t negative log-likelihood of the default DeepAR-like model at init (seed 0)."""
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = DeepARNet()
    with torch.no_grad():
        return float(deepar_nll(model(deepar_series().val_x), deepar_series().val_y))


def dkl_at_init() -> float:
    """The negative marginal log-likelihood per point of the default deep-kernel GP at init (seed 0), over the held-out
    points in batches of 128."""
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = DeepKernelGP()
    data = dkl_points()
    with torch.no_grad():
        parts = [dkl_mll(model(x), y) for x, y in zip(data.val_x.split(128), data.val_y.split(128)) if len(x) == 128]
    return float(torch.stack(parts).mean())


# --------------------------------------------------------------------------- twenty-seventh fresh half (fresh27, held out from all tuning)


RELNET_OBJECTS, RELNET_COLOURS, RELNET_SHAPES, RELNET_TYPES, RELNET_ANSWERS = 6, 6, 2, 4, 10
RELNET_OBJ = 2 + RELNET_COLOURS + RELNET_SHAPES
RELNET_QUESTION = RELNET_COLOURS + RELNET_TYPES
"""A sort-of-CLEVR scene has 6 objects, one of each of 6 colours, each a square or a circle at a position of the plane:
an object is 10 numbers (x, y, the colour one-hot, the shape one-hot), a question 10 (the colour it asks about, one-hot,
and its type, one-hot of 4); the answers are 10 classes (square, circle, yes, no, and the counts 1 to 6)."""


@lru_cache(maxsize=None)
def relnet_scenes(n: int = 6000, seed: int = 321, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Sort-of-CLEVR-like visual question answering from object lists: 6 objects a scene (their order shuffled), at
    positions uniform in [-1, 1]^2, one of each colour, squares or circles at random; one question a scene about the
    object of a colour, of 4 types drawn uniformly: its shape (answer square or circle), whether it is on the left half
    (yes or no), the shape of the object nearest to it (relational), how many objects share its shape (relational: 1 to
    6). x: (scenes, 70) the 6 objects' 10 numbers, then the question's 10; y: (scenes,) the answer class. ``train_rows``:
    keep only that many training scenes; ``nan_rows``: that share of the training scenes has a missing (NaN) position."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    pos = 2 * torch.rand(total, RELNET_OBJECTS, 2, generator=g) - 1
    colour = torch.argsort(torch.rand(total, RELNET_OBJECTS, generator=g), 1)
    shape = torch.randint(0, RELNET_SHAPES, (total, RELNET_OBJECTS), generator=g)
    asked = torch.randint(0, RELNET_COLOURS, (total,), generator=g)
    kind = torch.randint(0, RELNET_TYPES, (total,), generator=g)
    rows = torch.arange(total)
    who = (colour == asked[:, None]).float().argmax(1)  # the index of the object of the asked colour
    dist = (pos - pos[rows, who][:, None]).norm(dim=-1)
    dist[rows, who] = float("inf")
    nearest = dist.argmin(1)
    own = shape[rows, who]
    answer = torch.where(kind == 0, own, torch.where(kind == 1, 3 - (pos[rows, who, 0] < 0).long(),
                         torch.where(kind == 2, shape[rows, nearest], 3 + (shape == own[:, None]).sum(1))))  # fmt: skip
    objects = torch.cat([pos, F.one_hot(colour, RELNET_COLOURS).float(), F.one_hot(shape, RELNET_SHAPES).float()], -1)
    question = torch.cat([F.one_hot(asked, RELNET_COLOURS).float(), F.one_hot(kind, RELNET_TYPES).float()], 1)
    x = torch.cat([objects.reshape(total, -1), question], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1] = float("nan")
    data = split(x, answer, n, "visual question answering (a Relation Network over a sort-of-CLEVR scene's objects)",
                 RELNET_ANSWERS, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, RELNET_ANSWERS, batch_size)
    return data


class RelationNet(nn.Module):
    """A Relation Network (Santoro et al. 2017): a g-MLP (``g_inp`` 30 -> 64, ``g_hid`` 64 -> 64, ``g_out`` 64 -> 64,
    ReLU) of every ordered pair of objects (36, each with itself too) with the question, summed over the pairs, then an
    f-MLP (``fc`` 64 -> 64, ReLU, ``head`` 64 -> 10) to the answer's logits. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, hidden: int = 64, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.g_inp = nn.Linear(2 * RELNET_OBJ + RELNET_QUESTION, hidden)
        self.g_hid = nn.Linear(hidden, hidden)
        self.g_out = nn.Linear(hidden, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, RELNET_ANSWERS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, k = len(x), RELNET_OBJECTS
        objs, q = x[:, : k * RELNET_OBJ].reshape(b, k, RELNET_OBJ), x[:, k * RELNET_OBJ :]
        pairs = torch.cat([objs[:, :, None].expand(b, k, k, RELNET_OBJ), objs[:, None].expand(b, k, k, RELNET_OBJ),
                           q[:, None, None].expand(b, k, k, RELNET_QUESTION)], -1)  # fmt: skip
        g = F.relu(self.g_out(F.relu(self.g_hid(F.relu(self.g_inp(pairs))))))
        out: Tensor = self.head(F.relu(self.fc(g.sum((1, 2)))))
        return out


def relnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's questions (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


GRUD_VARS, GRUD_STEPS, GRUD_CLASSES, GRUD_HIDDEN, GRUD_SPAN = 4, 24, 4, 32, 12.0
"""GRU-D reads series of 4 variables at 24 irregular times in [0, 12], each variable observed at some of them, into a
GRU of 32 units, and names one of 4 classes of dynamics."""


@lru_cache(maxsize=None)
def grud_series(n: int = 3000, seed: int = 322, *, n_val: int = 800, batch_size: int = 64, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Irregularly sampled multivariate series with missing values, 4 classes of dynamics of a latent signal: a sine of
    period ~2.5 (+-15%), a sine of period ~7, a linear trend (a slope of +-0.15-0.4 per unit of time) and a level shift (of
    +-1-2 at a uniform time); 4 variables load the signal with random weights (N(1, 0.5^2), a sign each), plus an offset
    N(0, 0.5^2) each and noise of std 0.2. 24 sample times uniform in [0, 12], sorted; each variable observed at each
    time with a probability uniform in 0.3-0.8 per series (at least its first time). Values standardised over the
    observed training values. x: (series, 24, 12) the values (0 where missing), the mask (1 observed) and the time since
    the variable's last observation (Che et al.'s delta; 0 at the first time); y: (series,) the class. ``train_rows``:
    keep only that many training series; ``nan_rows``: that share of the training series has one observed value
    missing (NaN) though its mask says observed (a corrupted record)."""
    g = torch.Generator().manual_seed(seed)
    total, v, t_n = n + n_val, GRUD_VARS, GRUD_STEPS
    times = torch.sort(GRUD_SPAN * torch.rand(total, t_n, generator=g), 1).values
    y = torch.randint(0, GRUD_CLASSES, (total,), generator=g)
    u = lambda *shape: torch.rand(*shape, generator=g)  # noqa: E731
    period = torch.where(y == 0, 2.5, 7.0)[:, None] * (0.85 + 0.3 * u(total, 1))
    sine = torch.sin(2 * math.pi * times / period + 2 * math.pi * u(total, 1))
    slope = (0.15 + 0.25 * u(total, 1)) * torch.where(u(total, 1) < 0.5, -1.0, 1.0)
    trend = slope * (times - GRUD_SPAN / 2)
    jump = (1 + u(total, 1)) * torch.where(u(total, 1) < 0.5, -1.0, 1.0)
    shift = jump * ((times > GRUD_SPAN * (0.2 + 0.6 * u(total, 1))).float() - 0.5)
    latent = torch.where((y <= 1)[:, None], sine, torch.where((y == 2)[:, None], trend, shift))
    load = (1 + 0.5 * torch.randn(total, v, generator=g)) * torch.where(u(total, v) < 0.5, -1.0, 1.0)
    vals = latent[:, :, None] * load[:, None] + 0.5 * torch.randn(total, 1, v, generator=g)
    vals = vals + 0.2 * torch.randn(total, t_n, v, generator=g)
    rate = 0.3 + 0.5 * u(total, 1, 1)
    mask = (u(total, t_n, v) < rate).float()
    mask[:, 0] = 1.0
    observed = mask[:n].bool()
    mean, std = vals[:n][observed].mean(), vals[:n][observed].std()
    vals = (vals - mean) / std * mask
    delta = torch.zeros(total, t_n, v)
    for s in range(1, t_n):
        gap = (times[:, s] - times[:, s - 1])[:, None]
        delta[:, s] = gap + (1 - mask[:, s - 1]) * delta[:, s - 1]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        vals[bad, 0, 1] = float("nan")
        mask[bad, 0, 1] = 1.0
    x = torch.cat([vals, mask, delta], -1)
    data = split(x, y, n, "classification of irregularly sampled series with missing values (GRU-D)", GRUD_CLASSES,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, GRUD_CLASSES, batch_size)
    return data


class GRUD(nn.Module):
    """GRU-D (Che et al. 2018): at each time a missing value is imputed by its last observation decayed towards the
    mean (0) by gamma_x = exp(-relu(w delta + b)) (one w, b a variable), the hidden state decayed by gamma_h =
    exp(-relu(``decay_h`` delta)) (a Linear 4 -> 32), then a GRUCell (``cell``) of the imputed values and the mask (8 ->
    32); from the last state a ReLU layer ``fc`` 32 -> 32 and a ``head`` 32 -> 4. ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, hidden: int = GRUD_HIDDEN, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.decay_x_w = nn.Parameter(torch.full((GRUD_VARS,), 0.1))
        self.decay_x_b = nn.Parameter(torch.zeros(GRUD_VARS))
        self.decay_h = nn.Linear(GRUD_VARS, hidden)
        self.cell = nn.GRUCell(2 * GRUD_VARS, hidden)
        self.fc = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, GRUD_CLASSES)
        self.hidden = hidden
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        v = GRUD_VARS
        vals, mask, delta = x[..., :v], x[..., v : 2 * v], x[..., 2 * v :]
        h = x.new_zeros(len(x), self.hidden)
        last = x.new_zeros(len(x), v)
        for s in range(x.shape[1]):
            m, d = mask[:, s], delta[:, s]
            gamma_x = torch.exp(-F.relu(self.decay_x_w * d + self.decay_x_b))
            seen = m * vals[:, s]
            imputed = seen + (1 - m) * gamma_x * last
            last = seen + (1 - m) * last
            h = torch.exp(-F.relu(self.decay_h(d))) * h
            h = self.cell(torch.cat([imputed, m], 1), h)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def grud_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's series (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


LINATTN_KEYS, LINATTN_PAIRS, LINATTN_QUERIES, LINATTN_D, LINATTN_HEADS = 12, 6, 4, 64, 4
LINATTN_VOCAB = 2 * LINATTN_KEYS
LINATTN_LEN = 2 * (LINATTN_PAIRS + LINATTN_QUERIES) - 1
"""Associative recall: 12 key tokens (0-11) and 12 value tokens (12-23); a sequence binds 6 keys to values, then asks 4
of them again; the linear-attention LM is 64 wide with 4 heads and reads the first 19 of the 20 tokens."""


@lru_cache(maxsize=None)
def recall_sequences(n: int = 6000, seed: int = 323, *, n_val: int = 1000, batch_size: int = 64,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Multi-query associative recall: 6 distinct keys (of 12) each followed by a value (of 12, uniform), then 4 of those
    keys (distinct, in a random order) each followed by its value; the LM must recall the value after each repeated key.
    x: (sequences, 19) the first 19 tokens; y: (sequences, 4) the 4 recalled values (the next token after each query
    key, at positions 12, 14, 16 and 18). ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    keys = torch.argsort(torch.rand(total, LINATTN_KEYS, generator=g), 1)[:, :LINATTN_PAIRS]
    values = LINATTN_KEYS + torch.randint(0, LINATTN_KEYS, (total, LINATTN_PAIRS), generator=g)
    ask = torch.argsort(torch.rand(total, LINATTN_PAIRS, generator=g), 1)[:, :LINATTN_QUERIES]
    q_keys, q_values = keys.gather(1, ask), values.gather(1, ask)
    seq = torch.cat([torch.stack([keys, values], 2).reshape(total, -1), torch.stack([q_keys, q_values], 2).reshape(total, -1)], 1)
    data = split(seq[:, :-1], q_values, n, "language modelling (associative recall by a linear-attention LM)", LINATTN_VOCAB,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, LINATTN_VOCAB, batch_size)
    return data


class LinearAttnLM(nn.Module):
    """A causal linear-attention LM ("transformers are RNNs", Katharopoulos et al. 2020): token embeddings and learned
    positions (64 wide), 2 pre-LN blocks of linear attention (4 heads of 16; the feature map elu + 1; causal: the
    parallel form of the running sums of phi(k) v^T and of phi(k), phi(q_s) . phi(k_t) masked to t <= s; keys and
    values read the token before, a token shift as in RWKV, queries the token itself) and a GELU MLP 64 -> 128 ->
    64, a final LayerNorm, then a ReLU layer ``fc`` 64 -> 64 and a ``head`` to the 24 tokens. Output (sequences, 4,
    24): the logits of the token after each query key. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, d: int = LINATTN_D, layers: int = 2, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(LINATTN_VOCAB, d)
        self.pos = nn.Parameter(0.1 * torch.randn(LINATTN_LEN, d))
        self.norms = nn.ModuleList(nn.LayerNorm(d) for _ in range(2 * layers))
        self.qkv = nn.ModuleList(nn.Linear(d, 3 * d) for _ in range(layers))
        self.proj = nn.ModuleList(nn.Linear(d, d) for _ in range(layers))
        self.mlp = nn.ModuleList(nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d)) for _ in range(layers))
        self.final = nn.LayerNorm(d)
        self.fc = nn.Linear(d, d)
        self.head = nn.Linear(d, LINATTN_VOCAB)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def attend(self, layer: int, h: Tensor) -> Tensor:
        b, t, d = h.shape
        heads = LINATTN_HEADS
        q, k, v = self.qkv[layer](h).chunk(3, -1)
        shifted = lambda z: torch.cat([torch.zeros_like(z[:, :1]), z[:, :-1]], 1)  # noqa: E731
        k, v = shifted(k), shifted(v)
        q, k, v = (z.reshape(b, t, heads, d // heads) for z in (q, k, v))
        q, k = F.elu(q) + 1, F.elu(k) + 1
        weights = torch.einsum("bshi,bthi->bhst", q, k).tril()  # phi(q_s) . phi(k_t) for t <= s
        num = torch.einsum("bhst,bthj->bshj", weights, v)
        den = weights.sum(-1).transpose(1, 2)[..., None] + 1e-6
        out: Tensor = self.proj[layer]((num / den).reshape(b, t, d))
        return out

    def forward(self, x: Tensor) -> Tensor:
        h = self.embed(x) + self.pos[: x.shape[1]]
        for layer in range(len(self.qkv)):
            h = h + self.attend(layer, self.norms[2 * layer](h))
            h = h + self.mlp[layer](self.norms[2 * layer + 1](h))
        at = torch.arange(2 * LINATTN_PAIRS, LINATTN_LEN, 2)
        out: Tensor = self.head(F.relu(self.fc(self.final(h[:, at]))))
        return out


def linattn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's sequences and recalled tokens (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


TASNET_LEN, TASNET_FILTERS, TASNET_KERNEL, TASNET_BOTTLENECK, TASNET_HIDDEN = 256, 32, 16, 32, 64
TASNET_DILATIONS = (1, 2, 4, 8)
"""The separator reads mixtures of 256 samples: an encoder of 32 filters of 16 samples at a stride of 8 (31 frames), a
TCN of 4 blocks (dilations 1, 2, 4, 8) between a 32-channel bottleneck and 64 hidden channels."""


@lru_cache(maxsize=None)
def tasnet_mixtures(n: int = 3000, seed: int = 324, *, n_val: int = 500, batch_size: int = 16, train_rows: int | None = None,
                    nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Two synthetic sources mixed: a linear chirp (from 0.02-0.06 to 0.10-0.25 cycles a sample, or down the same,
    amplitude 0.5-1, a random phase) and a harmonic tone (a fundamental of 0.01-0.04 cycles a sample and its next 3
    harmonics at amplitudes 1, 1/2, 1/3, 1/4 with random phases, the whole divided by 1.6, scaled by 0.5-1 and under a
    tremolo of depth 0.3, one cycle a mixture), plus white noise of std 0.05 in the mixture only. x: (mixtures, 256) the mixture; y: (mixtures, 2, 256)
    the clean chirp and tone. ``train_rows``: keep only that many training mixtures; ``nan_rows``: that share of the
    training mixtures has a dropped (NaN) sample."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    u = lambda *shape: torch.rand(*shape, generator=g)  # noqa: E731
    t = torch.arange(TASNET_LEN, dtype=torch.float32)
    lo, hi = 0.02 + 0.04 * u(total, 1), 0.10 + 0.15 * u(total, 1)
    up = u(total, 1) < 0.5
    f0, f1 = torch.where(up, lo, hi), torch.where(up, hi, lo)
    chirp = (0.5 + 0.5 * u(total, 1)) * torch.sin(2 * math.pi * (f0 * t + (f1 - f0) * t**2 / (2 * TASNET_LEN))
                                                   + 2 * math.pi * u(total, 1))  # fmt: skip
    base = 0.01 + 0.03 * u(total, 1)
    tone = sum(torch.sin(2 * math.pi * (k * base * t + u(total, 1))) / k for k in range(1, 5))
    tremolo = 1 + 0.3 * torch.sin(2 * math.pi * (t / TASNET_LEN + u(total, 1)))
    tone = (0.5 + 0.5 * u(total, 1)) * tone / 1.6 * tremolo
    y = torch.stack([chirp, tone], 1)
    x = y.sum(1) + 0.05 * torch.randn(total, TASNET_LEN, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 100] = float("nan")
    data = split(x, y, n, "source separation (a Conv-TasNet-like separator of two synthetic sources, SI-SNR with PIT)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TasNetBlock(nn.Module):
    """A Conv-TasNet TCN block: 1x1 conv bottleneck -> hidden, PReLU, global layer norm (GroupNorm of 1 group), a
    depthwise dilated conv of 3, PReLU, norm, 1x1 conv back; residual."""

    def __init__(self, dilation: int) -> None:
        super().__init__()
        h = TASNET_HIDDEN
        self.body = nn.Sequential(nn.Conv1d(TASNET_BOTTLENECK, h, 1), nn.PReLU(), nn.GroupNorm(1, h),
                                  nn.Conv1d(h, h, 3, padding=dilation, dilation=dilation, groups=h), nn.PReLU(),
                                  nn.GroupNorm(1, h), nn.Conv1d(h, TASNET_BOTTLENECK, 1))  # fmt: skip

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = x + self.body(x)
        return out


class TasNet(nn.Module):
    """A tiny Conv-TasNet (Luo and Mesgarani 2019): a learned ``encoder`` (Conv1d 1 -> 32, kernel 16, stride 8, ReLU),
    a mask estimator (global layer norm, a 1x1 conv to a 32-channel bottleneck, 4 TCN blocks of dilations 1, 2, 4, 8,
    a 1x1 conv ``masks`` to 2 x 32 channels, sigmoid), and a ``decoder`` (ConvTranspose1d 32 -> 1, kernel 16, stride 8)
    of each masked representation. Output (mixtures, 2, 256). ``dead_bias`` < 0 starts the encoder's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        n = TASNET_FILTERS
        self.encoder = nn.Conv1d(1, n, TASNET_KERNEL, stride=TASNET_KERNEL // 2)
        self.norm = nn.GroupNorm(1, n)
        self.bottleneck = nn.Conv1d(n, TASNET_BOTTLENECK, 1)
        self.tcn = nn.Sequential(*(TasNetBlock(d) for d in TASNET_DILATIONS))
        self.masks = nn.Conv1d(TASNET_BOTTLENECK, 2 * n, 1)
        self.decoder = nn.ConvTranspose1d(n, 1, TASNET_KERNEL, stride=TASNET_KERNEL // 2)
        if dead_bias:
            with torch.no_grad():
                self.encoder.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b = len(x)
        w = F.relu(self.encoder(x[:, None]))
        m = torch.sigmoid(self.masks(self.tcn(self.bottleneck(self.norm(w))))).reshape(b, 2, TASNET_FILTERS, -1)
        out: Tensor = self.decoder((m * w[:, None]).reshape(2 * b, TASNET_FILTERS, -1)).reshape(b, 2, -1)
        return out


def tasnet_si_snr(est: Tensor, ref: Tensor) -> Tensor:
    """Scale-invariant SNR in dB of each estimate against its reference (both made zero-mean; eps 1e-8)."""
    est, ref = est - est.mean(-1, keepdim=True), ref - ref.mean(-1, keepdim=True)
    target = (est * ref).sum(-1, keepdim=True) / ((ref**2).sum(-1, keepdim=True) + 1e-8) * ref
    noise = est - target
    return 10 * torch.log10((target**2).sum(-1) / ((noise**2).sum(-1) + 1e-8) + 1e-8)


def tasnet_terms(out: Tensor, y: Tensor) -> Tensor:
    """Per mixture: the negative SI-SNR of the better of the 2 pairings of estimates with sources (permutation-invariant
    training), averaged over the 2 sources."""
    straight = tasnet_si_snr(out, y).mean(1)
    swapped = tasnet_si_snr(out, y.flip(1)).mean(1)
    return -torch.maximum(straight, swapped)


def tasnet_loss(out: Tensor, y: Tensor) -> Tensor:
    """Negative SI-SNR with PIT, mean over the batch's mixtures (below 0 once the estimates beat their sources' noise)."""
    return tasnet_terms(out, y).mean()


def tasnet_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch's mixtures (reduction='sum')."""
    return tasnet_terms(out, y).sum()


def tasnet_at_init() -> float:
    """The held-out negative SI-SNR (PIT) of the default separator at init (seed 0)."""
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = TasNet()
    with torch.no_grad():
        return float(tasnet_loss(model(tasnet_mixtures().val_x), tasnet_mixtures().val_y))


# --------------------------------------------------------------------------- twenty-eighth fresh half (fresh28, held out from all tuning)


STN_SIZE, STN_CLASSES = 16, 8
STN_GLYPHS: tuple[tuple[tuple[float, float, float, float], ...], ...] = (
    ((-0.5, -0.6, -0.5, 0.6), (-0.5, 0.6, 0.5, 0.6)),  # L
    ((-0.6, -0.6, 0.6, -0.6), (0.0, -0.6, 0.0, 0.6)),  # T
    ((-0.6, 0.0, 0.6, 0.0), (0.0, -0.6, 0.0, 0.6)),  # plus
    ((-0.5, -0.5, 0.5, -0.5), (0.5, -0.5, 0.5, 0.5), (0.5, 0.5, -0.5, 0.5), (-0.5, 0.5, -0.5, -0.5)),  # square
    ((0.0, -0.6, 0.6, 0.5), (0.6, 0.5, -0.6, 0.5), (-0.6, 0.5, 0.0, -0.6)),  # triangle
    ((-0.5, -0.6, 0.5, -0.6), (0.5, -0.6, -0.5, 0.6), (-0.5, 0.6, 0.5, 0.6)),  # Z
    ((0.5, -0.5, -0.5, -0.5), (-0.5, -0.5, -0.5, 0.5), (-0.5, 0.5, 0.5, 0.5)),  # C
    ((-0.6, -0.3, 0.6, -0.3), (-0.6, 0.3, 0.6, 0.3)),  # equals
)
"""The spatial transformer's glyphs: 8 classes of 16x16 stroke patterns (L, T, plus, square, triangle, Z, C, equals), each
a few line segments (x0, y0, x1, y1) in [-1, 1]^2, none a rotation of another within the +-35 degrees they are turned."""


@lru_cache(maxsize=None)
def stn_glyphs(n: int = 6000, seed: int = 325, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
               nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Glyph images for a spatial transformer: a class's strokes turned by +-35 degrees, scaled by 0.45-1.0 (and by
    0.85-1.15 more along one axis), moved by +-0.35 in each direction, drawn as Gaussian lines of width ~0.09 on a
    16x16 canvas over [-1, 1]^2, plus pixel noise of std 0.25. x: (images, 1, 16, 16); y: (images,) the class.
    ``train_rows``: keep only that many training images; ``nan_rows``: that share of the training images has a dead
    (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    u = lambda *shape: torch.rand(*shape, generator=g)  # noqa: E731
    y = torch.randint(0, STN_CLASSES, (total,), generator=g)
    most = max(len(s) for s in STN_GLYPHS)
    segs = torch.zeros(STN_CLASSES, most, 4)
    used = torch.zeros(STN_CLASSES, most, dtype=torch.bool)
    for k, strokes in enumerate(STN_GLYPHS):
        segs[k, : len(strokes)] = torch.tensor(strokes)
        used[k, : len(strokes)] = True
    angle = math.radians(35) * (2 * u(total) - 1)
    scale = (0.45 + 0.55 * u(total))[:, None] * (0.85 + 0.3 * u(total, 2))
    shift = 0.35 * (2 * u(total, 2) - 1)
    cos, sin = torch.cos(angle), torch.sin(angle)
    rot = torch.stack([torch.stack([cos, -sin], -1), torch.stack([sin, cos], -1)], -2)  # (images, 2, 2)
    ends = segs[y].reshape(total, most, 2, 2) * scale[:, None, None]
    ends = torch.einsum("nij,nsej->nsei", rot, ends) + shift[:, None, None]
    coords = (torch.arange(STN_SIZE, dtype=torch.float32) + 0.5) / STN_SIZE * 2 - 1
    py, px = torch.meshgrid(coords, coords, indexing="ij")
    pix = torch.stack([px, py], -1).reshape(1, 1, -1, 2)  # (1, 1, 256, 2)
    a, b = ends[:, :, 0, None], ends[:, :, 1, None]  # (images, segments, 1, 2)
    ab = b - a
    t = (((pix - a) * ab).sum(-1) / (ab**2).sum(-1).clamp_min(1e-6)).clamp(0, 1)
    dist = (pix - (a + t[..., None] * ab)).norm(dim=-1)  # (images, segments, 256)
    ink = torch.exp(-((dist / 0.09) ** 2)) * used[y][..., None]
    x = ink.amax(1).reshape(total, 1, STN_SIZE, STN_SIZE) + 0.25 * torch.randn(total, 1, STN_SIZE, STN_SIZE, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 7] = float("nan")
    data = split(x, y, n, "image classification (a spatial transformer network of turned, scaled and moved glyphs)",
                 STN_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, STN_CLASSES, batch_size)
    return data


class SpatialTransformerNet(nn.Module):
    """A spatial transformer network (Jaderberg et al. 2015): a localisation MLP (``loc_in`` 256 -> 32, ReLU, ``loc_out``
    32 -> 6, its weights zero and its bias the identity transform at init) predicts an affine transform, applied by
    ``F.affine_grid`` and ``F.grid_sample`` (bilinear, zero padding); then a small CNN (``conv1`` 1 -> 8, 3x3, ReLU, max
    pool 2; ``conv2`` 8 -> 16, 3x3, ReLU, max pool 2), a ReLU layer ``fc`` 256 -> 64 and a ``head`` 64 -> 8.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.loc_in = nn.Linear(STN_SIZE * STN_SIZE, 32)
        self.loc_out = nn.Linear(32, 6)
        with torch.no_grad():
            self.loc_out.weight.zero_()
            self.loc_out.bias.copy_(torch.tensor([1.0, 0.0, 0.0, 0.0, 1.0, 0.0]))
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16 * (STN_SIZE // 4) ** 2, 64)
        self.head = nn.Linear(64, STN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        theta = self.loc_out(F.relu(self.loc_in(x.flatten(1)))).reshape(-1, 2, 3)
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)
        z = F.grid_sample(x, grid, align_corners=False)
        z = F.max_pool2d(F.relu(self.conv1(z)), 2)
        z = F.max_pool2d(F.relu(self.conv2(z)), 2)
        out: Tensor = self.head(F.relu(self.fc(z.flatten(1))))
        return out


def stn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's images (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


DANN_DIM, DANN_CLASSES, DANN_LAMBDA, DANN_TURN, DANN_SHIFT = 12, 6, 0.3, 6.0, 0.6
"""Domain adaptation: 12 features, 6 classes; the training loss is the label cross-entropy plus 0.3 x the domain BCE;
the target domain is the source's latent plane turned by 25 degrees and its features shifted."""


@lru_cache(maxsize=None)
def dann_domains(n: int = 4000, seed: int = 326, *, n_val: int = 1000, batch_size: int = 128, train_rows: int | None = None,
                 nan_rows: float = 0.0) -> Data:  # fmt: skip
    """A labelled source domain and an unlabelled target domain: 6 classes of Gaussian clusters (std 0.45) in a latent
    plane at angles 60 k degrees, radius 2 (plus radius noise), read through a fixed random map to 12 features, tanh(A z
    + b) + 0.3 A' z, plus noise 0.1; the target's latent is turned by 25 degrees and scaled by 1.1, and its features
    shifted by a fixed random vector of norm 1.5. A row pairs a source point with a target point: x (rows, 24) the
    source's 12 features then the target's; y (rows,) the source's class in training, the target's class held out.
    ``train_rows``: keep only that many training rows; ``nan_rows``: that share of the training rows has a missing
    (NaN) source feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    a = torch.randn(2, DANN_DIM, generator=g)
    a2 = torch.randn(2, DANN_DIM, generator=g)
    b = 0.5 * torch.randn(DANN_DIM, generator=g)
    offset = torch.randn(DANN_DIM, generator=g)
    offset = DANN_SHIFT * offset / offset.norm()

    def points(turn: float, stretch: float) -> tuple[Tensor, Tensor]:
        cls = torch.randint(0, DANN_CLASSES, (total,), generator=g)
        t = 0.25 + torch.rand(total, generator=g)
        ang = math.radians(turn) + cls.float() * (2 * math.pi / DANN_CLASSES) + 3.0 * t
        z = torch.stack([t * torch.cos(ang), t * torch.sin(ang)], 1) + 0.04 * torch.randn(total, 2, generator=g)
        z = stretch * 2 * z
        feats = torch.tanh(z @ a + b) + 0.3 * z @ a2 + 0.1 * torch.randn(total, DANN_DIM, generator=g)
        return feats, cls

    xs, ys = points(0.0, 1.0)
    xt, yt = points(DANN_TURN, 1.1)
    xt = xt + offset
    x = torch.cat([xs, xt], 1)
    y = torch.cat([ys[:n], yt[n:]])
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "unsupervised domain adaptation (domain-adversarial training, DANN)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DannReverse(torch.autograd.Function):
    """The gradient-reversal layer: the identity forward, the gradient negated backward."""

    @staticmethod
    def forward(ctx: object, x: Tensor) -> Tensor:  # type: ignore[override]
        return x.view_as(x)

    @staticmethod
    def backward(ctx: object, grad: Tensor) -> Tensor:  # type: ignore[override]
        return -grad


class DANN(nn.Module):
    """Domain-adversarial neural network (Ganin and Lempitsky 2015): a feature MLP (``feat_in`` 12 -> 64, ``feat_out``
    64 -> 64, ReLU), a label predictor (a ReLU layer ``fc`` 64 -> 32 and a ``head`` 32 -> 6) and, behind a gradient-
    reversal layer, a domain classifier (``dom_hid`` 64 -> 32, ReLU, ``dom_out`` 32 -> 1). Training (model.train()):
    output (rows, 8): the source's 6 class logits, then the domain logits of the source and of the target point.
    Evaluation (model.eval()): the target's 6 class logits. ``dead_bias`` < 0 starts the biases of fc and dom_hid
    (the two heads' hidden layers) there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.feat_in = nn.Linear(DANN_DIM, 64)
        self.feat_out = nn.Linear(64, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, DANN_CLASSES)
        self.dom_hid = nn.Linear(64, 32)
        self.dom_out = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)
                self.dom_hid.bias.fill_(dead_bias)

    def features(self, x: Tensor) -> Tensor:
        return F.relu(self.feat_out(F.relu(self.feat_in(x))))

    def classify(self, f: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(f)))
        return out

    def forward(self, x: Tensor) -> Tensor:
        if not self.training:
            return self.classify(self.features(x[:, DANN_DIM:]))
        fs, ft = self.features(x[:, :DANN_DIM]), self.features(x[:, DANN_DIM:])
        dom = self.dom_out(F.relu(self.dom_hid(DannReverse.apply(torch.cat([fs, ft])))))
        return torch.cat([self.classify(fs), dom[: len(x)], dom[len(x) :]], 1)


def dann_terms(out: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    """Per row: the source's label cross-entropy and the domain BCE with logits (source 0, target 1) of its two points."""
    ce = F.cross_entropy(out[:, :DANN_CLASSES], y, reduction="none")
    dom = out[:, DANN_CLASSES:]
    bce = F.binary_cross_entropy_with_logits(dom, torch.tensor([0.0, 1.0]).expand_as(dom), reduction="none").mean(1)
    return ce, bce


def dann_loss(out: Tensor, y: Tensor) -> Tensor:
    """DANN's training loss: label cross-entropy + 0.3 x domain BCE, means over the batch."""
    ce, bce = dann_terms(out, y)
    return ce.mean() + DANN_LAMBDA * bce.mean()


def dann_loss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch's rows (reduction='sum')."""
    ce, bce = dann_terms(out, y)
    return ce.sum() + DANN_LAMBDA * bce.sum()


def dann_target_ce(out: Tensor, y: Tensor) -> Tensor:
    """The held-out loss: the target domain's label cross-entropy (the model's evaluation output)."""
    return F.cross_entropy(out, y)


PNET_DIM, PNET_LATENT, PNET_WAYS, PNET_SHOTS, PNET_QUERIES = 24, 8, 5, 5, 5
PNET_TRAIN_CLASSES, PNET_VAL_CLASSES = 64, 20
"""Few-shot episodes: 24 features from an 8-D latent; 5-way 5-shot with 5 queries a class; 64 classes to train on, 20
unseen ones held out."""


@lru_cache(maxsize=None)
def pnet_episodes(n: int = 4000, seed: int = 327, *, n_val: int = 400, batch_size: int = 8, nan_rows: float = 0.0) -> Data:
    """N-way K-shot episodes of synthetic classes: 84 class centres N(0, I) in an 8-D latent, samples the centre plus
    noise of std 0.7 (a per-class scale of 0.8-1.2), pushed through a fixed random 2-layer tanh map to 24 features
    plus noise 0.05. An episode draws 5 classes (of the 64 training classes, or of the 20 unseen ones for the held-out
    episodes), 5 support and 5 query points each. x: (episodes, 50, 24) the 25 support points (class by class) then the
    25 queries; y: (episodes, 25) each query's way (0-4). ``nan_rows``: that share of the training episodes has a
    missing (NaN) feature in a support point."""
    g = torch.Generator().manual_seed(seed)
    classes = PNET_TRAIN_CLASSES + PNET_VAL_CLASSES
    centres = torch.randn(classes, PNET_LATENT, generator=g)
    spread = 0.7 * (0.8 + 0.4 * torch.rand(classes, generator=g))
    w1 = torch.randn(PNET_LATENT, 32, generator=g) / math.sqrt(PNET_LATENT)
    w2 = torch.randn(32, PNET_DIM, generator=g) / math.sqrt(32)

    def episodes(count: int, first: int, pool: int) -> tuple[Tensor, Tensor]:
        ways = torch.argsort(torch.rand(count, pool, generator=g), 1)[:, :PNET_WAYS] + first
        per = PNET_SHOTS + PNET_QUERIES
        cls = ways[:, :, None].expand(count, PNET_WAYS, per)
        z = centres[cls] + spread[cls][..., None] * torch.randn(count, PNET_WAYS, per, PNET_LATENT, generator=g)
        feats = torch.tanh(torch.tanh(1.5 * z) @ w1 * 1.5) @ w2 * 2
        feats = feats + 0.05 * torch.randn(feats.shape, generator=g)
        support = feats[:, :, :PNET_SHOTS].reshape(count, -1, PNET_DIM)
        query = feats[:, :, PNET_SHOTS:].reshape(count, -1, PNET_DIM)
        labels = torch.arange(PNET_WAYS).repeat_interleave(PNET_QUERIES).expand(count, -1)
        order = torch.argsort(torch.rand(count, PNET_WAYS * PNET_QUERIES, generator=g), 1)
        return torch.cat([support, query.gather(1, order[..., None].expand_as(query))], 1), labels.gather(1, order)

    x, y = episodes(n, 0, PNET_TRAIN_CLASSES)
    vx, vy = episodes(n_val, PNET_TRAIN_CLASSES, PNET_VAL_CLASSES)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 2] = float("nan")
    return Data(x, y, vx, vy, "few-shot classification (prototypical networks, 5-way 5-shot episodes)", PNET_WAYS,
                batch_size)  # fmt: skip


class ProtoNet(nn.Module):
    """A prototypical network (Snell et al. 2017): an embedding MLP (``inp`` 24 -> 64, ReLU, ``fc`` 64 -> 64, ReLU,
    ``head`` 64 -> 32) of every point of an episode; a way's prototype is the mean embedding of its 5 support points; a
    query's logits are the negative squared Euclidean distances to the 5 prototypes. Output (episodes, 25, 5).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(PNET_DIM, 64)
        self.fc = nn.Linear(64, 64)
        self.head = nn.Linear(64, 32)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e = self.head(F.relu(self.fc(F.relu(self.inp(x)))))
        k = PNET_WAYS * PNET_SHOTS
        protos = e[:, :k].reshape(len(x), PNET_WAYS, PNET_SHOTS, -1).mean(2)
        out: Tensor = -((e[:, k:, None] - protos[:, None]) ** 2).sum(-1)
        return out


def pnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's episodes and queries (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, PNET_WAYS), y.reshape(-1), reduction="sum")


KWS_BINS, KWS_FRAMES, KWS_WORDS, KWS_OTHERS = 20, 32, 10, 20
KWS_CLASSES = KWS_WORDS + 2
"""Keyword spotting: 20 frequency bins by 32 frames; 10 keywords, silence (class 10) and unknown words (class 11, 20 other
words)."""


@lru_cache(maxsize=None)
def kws_spectrograms(n: int = 6000, seed: int = 328, *, n_val: int = 1000, batch_size: int = 64,
                     train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Synthetic log-mel-like spectrograms of spoken words: a word is 2 formant tracks, each a piecewise-linear path
    through 4 frequencies (uniform over bins 1-18) over 3 equal segments; an utterance says it over 14-24 frames
    (time warping) from a random onset, the formants jittered by +-1 bin, each drawn as a Gaussian ridge (width 1.1
    bins) with an amplitude of 0.6-1.2, the energy fading in and out, over background noise |N(0, 0.35^2)| plus a
    random low hum. 12 classes: the 10 keywords, silence (noise and hum alone, 1/12 of the utterances) and unknown
    (one of 20 other words, 1/12). x: (utterances, 1, 20, 32); y: (utterances,). ``train_rows``: keep only that many
    training utterances; ``nan_rows``: that share of the training utterances has a dropped (NaN) frame bin."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    u = lambda *shape: torch.rand(*shape, generator=g)  # noqa: E731
    words = 1 + 17 * u(KWS_WORDS + KWS_OTHERS, 2, 4)  # (words, formants, anchors)
    y = torch.randint(0, KWS_CLASSES, (total,), generator=g)
    word = torch.where(y < KWS_WORDS, y, KWS_WORDS + torch.randint(0, KWS_OTHERS, (total,), generator=g))
    word = word.clamp(max=KWS_WORDS + KWS_OTHERS - 1)
    length = 14 + 10 * u(total, 1)
    onset = (KWS_FRAMES - length) * u(total, 1)
    frames = torch.arange(KWS_FRAMES, dtype=torch.float32)[None]
    pos = (frames - onset) / length  # (utterances, frames), inside the word for 0 <= pos < 1
    inside = ((pos >= 0) & (pos < 1)).float() * torch.sin(math.pi * pos.clamp(0, 1)).clamp_min(0) ** 0.5
    p = 3 * pos.clamp(0, 0.9999)
    i = p.floor().long()
    frac = p - i
    anchors = words[word] + 2 * u(total, 2, 1) - 1  # (utterances, formants, 4)
    lo = anchors.gather(2, i[:, None].expand(-1, 2, -1))
    hi = anchors.gather(2, (i + 1)[:, None].expand(-1, 2, -1))
    track = lo + frac[:, None] * (hi - lo)  # (utterances, formants, frames)
    bins = torch.arange(KWS_BINS, dtype=torch.float32)[None, None, :, None]
    ridge = torch.exp(-((bins - track[:, :, None]) ** 2) / (2 * 1.1**2))  # (utterances, formants, bins, frames)
    amp = 0.6 + 0.6 * u(total, 2, 1, 1)
    speech = (amp * ridge).sum(1) * inside[:, None] * (y != KWS_WORDS).float()[:, None, None]
    hum = 0.5 * u(total, 1, 1) * torch.exp(-bins[0] / 1.5)
    x = speech + hum + (0.35 * torch.randn(total, KWS_BINS, KWS_FRAMES, generator=g)).abs()
    x = x[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 20] = float("nan")
    data = split(x, y, n, "keyword spotting (a CRNN over spectrogram-like features, 10 keywords, silence, unknown)",
                 KWS_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, KWS_CLASSES, batch_size)
    return data


class KeywordCRNN(nn.Module):
    """A keyword-spotting CRNN: ``conv`` (Conv2d 1 -> 16, 5x3 over frequency by time, ReLU, max pool of 4 over
    frequency), the 80 channel-bins of each frame into a ``gru`` (GRU 80 -> 48), from its last state a ReLU layer ``fc``
    48 -> 48 and a ``head`` to the 12 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 16, (5, 3), padding=(2, 1))
        self.gru = nn.GRU(16 * (KWS_BINS // 4), 48, batch_first=True)
        self.fc = nn.Linear(48, 48)
        self.head = nn.Linear(48, KWS_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        z = F.max_pool2d(F.relu(self.conv(x)), (4, 1))  # (utterances, 16, 5, frames)
        z = z.flatten(1, 2).transpose(1, 2)  # (utterances, frames, 80)
        _, h = self.gru(z)
        out: Tensor = self.head(F.relu(self.fc(h[-1])))
        return out


def kws_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's utterances (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


# --------------------------------------------------------------------------- twenty-ninth fresh half (fresh29, held out from all tuning)


VRNN_STEPS, VRNN_LATENT, VRNN_HIDDEN = 16, 4, 32
"""Trajectories of 16 steps in the plane; the variational RNN's latent has 4 dimensions a step, its GRU state 32."""


@lru_cache(maxsize=None)
def vrnn_trajectories(n: int = 3000, seed: int = 331, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
                      nan_rows: float = 0.0) -> Data:  # fmt: skip
    """2-D paths of 16 steps, a third of each kind: spirals (radius 0.2-0.5 growing by 0.02-0.05 a step, turning by
    0.2-0.4 rad a step either way, about a centre within +-0.3), balls bouncing in the box [-1, 1]^2 (speed N(0, 0.15^2)
    a coordinate) and smooth random walks (velocity v <- 0.8 v + N(0, 0.06^2)), observed with noise 0.03. x = y:
    (paths, 16, 2). ``train_rows``: keep only that many training paths; ``nan_rows``: that share of the training paths
    has a missing (NaN) coordinate."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    u = lambda *shape: torch.rand(*shape, generator=g)  # noqa: E731
    kind = torch.randint(0, 3, (total,), generator=g)
    t = torch.arange(VRNN_STEPS, dtype=torch.float32)
    r = (0.2 + 0.3 * u(total, 1)) + (0.02 + 0.03 * u(total, 1)) * t
    omega = (0.2 + 0.2 * u(total, 1)) * torch.where(u(total, 1) < 0.5, -1.0, 1.0)
    ang = 2 * math.pi * u(total, 1) + omega * t
    spiral = torch.stack([r * torch.cos(ang), r * torch.sin(ang)], -1) + 0.3 * (2 * u(total, 1, 2) - 1)
    pos, vel = 0.8 * (2 * u(total, 2) - 1), 0.15 * torch.randn(total, 2, generator=g)
    bounce = []
    for _ in range(VRNN_STEPS):
        bounce.append(pos)
        pos = pos + vel
        over = pos.abs() > 1
        pos = torch.where(over, torch.sign(pos) * 2 - pos, pos)
        vel = torch.where(over, -vel, vel)
    bounce_t = torch.stack(bounce, 1)
    steps = torch.zeros(total, 2)
    vel = torch.zeros(total, 2)
    walk = []
    start = 0.5 * (2 * u(total, 2) - 1)
    for _ in range(VRNN_STEPS):
        walk.append(start + steps)
        vel = 0.8 * vel + 0.06 * torch.randn(total, 2, generator=g)
        steps = steps + vel
    walk_t = torch.stack(walk, 1)
    x = torch.where((kind == 0)[:, None, None], spiral, torch.where((kind == 1)[:, None, None], bounce_t, walk_t))
    x = x + 0.03 * torch.randn(x.shape, generator=g)
    y = x.clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5, 0] = float("nan")
    data = split(x, y, n, "sequence generation (a variational RNN of 2-D trajectories, negative ELBO)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class VariationalRNN(nn.Module):
    """A variational RNN (Chung et al. 2015) of 2-D points: ``phi_x`` (2 -> 16, ReLU) and ``phi_z`` (4 -> 16, ReLU)
    feature maps; from the GRU state h (32) of the steps before, a prior (``prior_hid`` 32 -> 32, ReLU, ``prior_out``
    -> mean and log-variance of z), an encoder (``enc_hid`` of phi(x) and h -> 32, ReLU, ``enc_out`` -> mean and
    log-variance of z), z = mean + sigma * noise (the mean in eval mode), a decoder (a ReLU layer ``fc`` of phi(z) and h
    -> 32, a ``head`` -> the mean and log-variance of a diagonal Gaussian over the point), then h <- GRUCell(phi(x),
    phi(z); h). Output (paths, 16, 20): per step the point's mean and log-variance (2 + 2), q's mean and log-variance
    (4 + 4), the prior's (4 + 4). ``dead_bias`` < 0 starts the biases of enc_hid, prior_hid and fc (the hidden layers of the encoder, the prior and the
    decoder) there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        h, zd = VRNN_HIDDEN, VRNN_LATENT
        self.phi_x = nn.Linear(2, 16)
        self.phi_z = nn.Linear(zd, 16)
        self.prior_hid = nn.Linear(h, 32)
        self.prior_out = nn.Linear(32, 2 * zd)
        self.enc_hid = nn.Linear(16 + h, 32)
        self.enc_out = nn.Linear(32, 2 * zd)
        self.fc = nn.Linear(16 + h, 32)
        self.head = nn.Linear(32, 4)
        self.cell = nn.GRUCell(32, h)
        if dead_bias:
            with torch.no_grad():
                for layer in (self.enc_hid, self.prior_hid, self.fc):
                    layer.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = x.new_zeros(len(x), VRNN_HIDDEN)
        outs = []
        for t in range(x.shape[1]):
            fx = F.relu(self.phi_x(x[:, t]))
            prior = self.prior_out(F.relu(self.prior_hid(h)))
            post = self.enc_out(F.relu(self.enc_hid(torch.cat([fx, h], 1))))
            mu, logvar = post[:, :VRNN_LATENT], post[:, VRNN_LATENT:]
            z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu) if self.training else mu
            fz = F.relu(self.phi_z(z))
            dec = self.head(F.relu(self.fc(torch.cat([fz, h], 1))))
            outs.append(torch.cat([dec, post, prior], 1))
            h = self.cell(torch.cat([fx, fz], 1), h)
        return torch.stack(outs, 1)


def vrnn_terms(out: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    """Per path and step: the Gaussian negative log-likelihood of the point (summed over its 2 coordinates) and
    KL(q(z | x, h) || p(z | h)) summed over the latent. ``out``'s last axis: the point's mean (2) and log-variance (2),
    q's mean and log-variance (4 + 4), the prior's (4 + 4)."""
    zd = VRNN_LATENT
    mu_x, lv_x = out[..., :2], out[..., 2:4]
    mu_q, lv_q = out[..., 4 : 4 + zd], out[..., 4 + zd : 4 + 2 * zd]
    mu_p, lv_p = out[..., 4 + 2 * zd : 4 + 3 * zd], out[..., 4 + 3 * zd :]
    nll = 0.5 * (lv_x + (y - mu_x) ** 2 / lv_x.exp() + math.log(2 * math.pi)).sum(-1)
    kl = 0.5 * (lv_p - lv_q + (lv_q.exp() + (mu_q - mu_p) ** 2) / lv_p.exp() - 1).sum(-1)
    return nll, kl


def vrnn_nelbo(out: Tensor, y: Tensor) -> Tensor:
    """The negative ELBO per step (reconstruction NLL + KL), mean over the paths and steps."""
    nll, kl = vrnn_terms(out, y)
    return (nll + kl).mean()


def vrnn_nelbo_summed(out: Tensor, y: Tensor) -> Tensor:
    """The negative ELBO per step summed over the batch's paths (mean over the steps; reduction='sum')."""
    nll, kl = vrnn_terms(out, y)
    return (nll + kl).mean(1).sum()


HAN_SENTENCES, HAN_WORDS, HAN_VOCAB, HAN_KEYWORDS = 6, 8, 40, 4
HAN_PAIRS: tuple[tuple[int, int], ...] = ((1, 2), (1, 3), (1, 4), (2, 3), (2, 4), (3, 4))
HAN_CLASSES = len(HAN_PAIRS)
"""Documents of 6 sentences of 8 tokens, a vocabulary of 40 (tokens 1-4 the keywords, 5-39 filler, 0 unused); a
document's topic is the keyword pair that co-occurs within one of its sentences (6 pairs of 4 keywords: 6 classes)."""


@lru_cache(maxsize=None)
def han_documents(n: int = 4000, seed: int = 332, *, n_val: int = 800, batch_size: int = 64, train_rows: int | None = None,
                  nan_rows: float = 0.0, flip: float = 0.05) -> Data:  # fmt: skip
    """Synthetic documents for a hierarchical attention network: 6 sentences of 8 filler tokens (Zipf-like over 5-39);
    one random sentence holds the class's two keywords at random positions; every other sentence holds one random
    keyword with probability 0.7 (so each keyword may appear in a document of any class, and only the pair within one
    sentence tells the class). ``flip``: that share of the training documents carries a random class (label noise).
    x: (documents, 6, 8) token ids as floats (an Embedding reads them as longs); y: (documents,) the class.
    ``train_rows``: keep only that many training documents; ``nan_rows``: that share of the training documents has a
    missing (NaN) token."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    fill = torch.arange(1, HAN_VOCAB - HAN_KEYWORDS, dtype=torch.float32) ** -0.8
    tok = torch.multinomial(fill / fill.sum(), total * HAN_SENTENCES * HAN_WORDS, replacement=True, generator=g) + HAN_KEYWORDS + 1
    x = tok.reshape(total, HAN_SENTENCES, HAN_WORDS)
    y = torch.randint(0, HAN_CLASSES, (total,), generator=g)
    pairs = torch.tensor(HAN_PAIRS)
    where = torch.randint(0, HAN_SENTENCES, (total,), generator=g)
    single = torch.randint(1, HAN_KEYWORDS + 1, (total, HAN_SENTENCES), generator=g)
    has = torch.rand(total, HAN_SENTENCES, generator=g) < 0.7
    pos1 = torch.randint(0, HAN_WORDS, (total, HAN_SENTENCES), generator=g)
    rows = torch.arange(total)
    for s in range(HAN_SENTENCES):
        keep = has[:, s] & (where != s)
        x[rows[keep], s, pos1[keep, s]] = single[keep, s]
    perm = torch.argsort(torch.rand(total, HAN_WORDS, generator=g), 1)
    x[rows, where, perm[:, 0]] = pairs[y, 0]
    x[rows, where, perm[:, 1]] = pairs[y, 1]
    if flip:
        noisy = torch.rand(total, generator=g) < flip
        noisy[n:] = False
        y = torch.where(noisy, torch.randint(0, HAN_CLASSES, (total,), generator=g), y)
    xf = x.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        xf[bad, 2, 3] = float("nan")
    data = split(xf, y, n, "document classification (a hierarchical attention network, word and sentence attention)",
                 HAN_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, HAN_CLASSES, batch_size)
    return data


class HierAttnNet(nn.Module):
    """A hierarchical attention network (Yang et al. 2016): an ``embed`` (40 -> 16), a word-level GRU (16 -> 24) over each
    sentence, additive attention (``word_proj`` 24 -> 24, tanh, a learned context ``word_ctx``) into a sentence vector;
    a sentence-level GRU (24 -> 24) over the 6 sentences, attention (``sent_proj``, ``sent_ctx``) into a document vector;
    a ReLU layer ``fc`` 24 -> 32 and a ``head`` to the 6 classes. A NaN token id embeds to NaN (the row of the embedding
    table read through a float mask). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(HAN_VOCAB, 16)
        self.word_gru = nn.GRU(16, 24, batch_first=True)
        self.word_proj = nn.Linear(24, 24)
        self.word_ctx = nn.Parameter(torch.randn(24) / math.sqrt(24))
        self.sent_gru = nn.GRU(24, 24, batch_first=True)
        self.sent_proj = nn.Linear(24, 24)
        self.sent_ctx = nn.Parameter(torch.randn(24) / math.sqrt(24))
        self.fc = nn.Linear(24, 32)
        self.head = nn.Linear(32, HAN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    @staticmethod
    def attend(h: Tensor, proj: nn.Linear, ctx: Tensor) -> Tensor:
        w = torch.softmax(torch.tanh(proj(h)) @ ctx, 1)
        return (w[..., None] * h).sum(1)

    def forward(self, x: Tensor) -> Tensor:
        b = len(x)
        bad = torch.isnan(x)
        e = self.embed(torch.nan_to_num(x).long().flatten(1)).reshape(b * HAN_SENTENCES, HAN_WORDS, -1)
        e = e + torch.where(bad, float("nan"), 0.0).reshape(b * HAN_SENTENCES, HAN_WORDS, 1)
        hw, _ = self.word_gru(e)
        sents = self.attend(hw, self.word_proj, self.word_ctx).reshape(b, HAN_SENTENCES, -1)
        hs, _ = self.sent_gru(sents)
        doc = self.attend(hs, self.sent_proj, self.sent_ctx)
        out: Tensor = self.head(F.relu(self.fc(doc)))
        return out


def han_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's documents (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


STGCN_NODES, STGCN_HISTORY, STGCN_HORIZON, STGCN_DAY = 20, 12, 3, 24
"""A road-like graph of 20 sensors; 12 past steps in, the next 3 out at every node; the drives repeat every 24 steps."""


def stgcn_adjacency() -> Tensor:
    """The graph: a ring of 20 nodes with chords i -- i + 5 at every even i, self-loops added, symmetrically
    normalised (D^-1/2 (A + I) D^-1/2)."""
    a = torch.eye(STGCN_NODES)
    for i in range(STGCN_NODES):
        for j in [(i + 1) % STGCN_NODES] + ([(i + 5) % STGCN_NODES] if i % 2 == 0 else []):
            a[i, j] = a[j, i] = 1.0
    d = a.sum(1).rsqrt()
    return d[:, None] * a * d[None, :]


@lru_cache(maxsize=None)
def stgcn_traffic(n: int = 3000, seed: int = 333, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Node signals on the graph: s(t + 1) = 0.6 A s(t) + drive(t) + noise 0.15, the drive a daily-like periodic
    profile per node (two harmonics of period 24 with random amplitudes 0.3-1.0 and phases, and rush-hour bumps at
    nodes of one half of the ring) plus slow random incidents (a node's drive raised by 1.5 for 6-12 steps, 2% a step
    and node); standardised on the training stretch. A sample is 12 steps of all nodes and the next 3: x (samples, 12,
    20), y (samples, 3, 20). Training windows come from the first 80% of one long series, held-out ones from the rest.
    ``train_rows``: keep only that many training windows; ``nan_rows``: that share of them has a missing (NaN) reading."""
    g = torch.Generator().manual_seed(seed)
    a = stgcn_adjacency()
    length = int((n + n_val) / 0.9) + 200
    t = torch.arange(length, dtype=torch.float32)[:, None]
    amp1, amp2 = 0.3 + 0.7 * torch.rand(STGCN_NODES, generator=g), 0.2 + 0.4 * torch.rand(STGCN_NODES, generator=g)
    ph1, ph2 = 2 * math.pi * torch.rand(STGCN_NODES, generator=g), 2 * math.pi * torch.rand(STGCN_NODES, generator=g)
    day = 2 * math.pi * t / STGCN_DAY
    drive = amp1 * torch.sin(day + ph1) + amp2 * torch.sin(2 * day + ph2)
    rush = (torch.arange(STGCN_NODES) < STGCN_NODES // 2).float() * torch.exp(-(((t % STGCN_DAY) - 8) ** 2) / 4)
    drive = drive + rush
    start = torch.rand(length, STGCN_NODES, generator=g) < 0.02
    dur = torch.randint(6, 13, (length, STGCN_NODES), generator=g)
    incident = torch.zeros(length, STGCN_NODES)
    for i, j in torch.nonzero(start).tolist():
        incident[i : i + int(dur[i, j]), j] = 1.5
    s = torch.zeros(STGCN_NODES)
    series = []
    noise = 0.15 * torch.randn(length, STGCN_NODES, generator=g)
    for i in range(length):
        s = 0.6 * a @ s + drive[i] + incident[i] + noise[i]
        series.append(s)
    sig = torch.stack(series)[100:]
    cut = int(0.8 * len(sig))
    sig = (sig - sig[:cut].mean()) / sig[:cut].std()
    span = STGCN_HISTORY + STGCN_HORIZON
    tr = torch.randint(0, cut - span, (n,), generator=g)
    va = torch.randint(cut, len(sig) - span, (n_val,), generator=g)
    idx = torch.cat([tr, va])[:, None] + torch.arange(span)
    win = sig[idx]  # (samples, 15, nodes)
    x, y = win[:, :STGCN_HISTORY].clone(), win[:, STGCN_HISTORY:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4, 7] = float("nan")
    data = split(x, y, n, "spatio-temporal forecasting (a graph-convolutional network of a road-like sensor graph)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SpatioTemporalGCN(nn.Module):
    """An STGCN-like forecaster: per node a temporal conv ``tconv1`` (Conv1d 1 -> 16, kernel 3, ReLU) over the 12 steps,
    a graph convolution (the normalised adjacency mixing the nodes, then ``gconv`` 16 -> 16, ReLU), a temporal conv
    ``tconv2`` (16 -> 16, kernel 3, ReLU), the 8 remaining steps flattened into a ReLU layer ``fc`` (128 -> 32) and a
    ``head`` to the next 3 steps of each node. Output (samples, 3, 20). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.register_buffer("adj", stgcn_adjacency())
        self.tconv1 = nn.Conv1d(1, 16, 3)
        self.gconv = nn.Linear(16, 16)
        self.tconv2 = nn.Conv1d(16, 16, 3)
        self.fc = nn.Linear(16 * (STGCN_HISTORY - 4), 32)
        self.head = nn.Linear(32, STGCN_HORIZON)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, steps, nodes = x.shape
        z = F.relu(self.tconv1(x.transpose(1, 2).reshape(b * nodes, 1, steps)))  # (b * nodes, 16, 10)
        z = z.reshape(b, nodes, 16, -1).permute(0, 3, 1, 2)  # (b, 10, nodes, 16)
        z = F.relu(self.gconv(self.adj @ z))
        z = z.permute(0, 2, 3, 1).reshape(b * nodes, 16, -1)
        z = F.relu(self.tconv2(z)).reshape(b, nodes, -1)  # (b, nodes, 128)
        out: Tensor = self.head(F.relu(self.fc(z))).transpose(1, 2)
        return out


def stgcn_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (mean over the steps and nodes; reduction='sum')."""
    return F.mse_loss(out, y, reduction="none").mean((1, 2)).sum()


DENS_SIZE, DENS_MAX_HEADS, DENS_SCALE = 24, 30, 20.0
"""Crowd images of 24x24 pixels with 0-30 heads; the density target is scaled by 20 (so the pixel MSE is O(1) at
init, as crowd-counting code does)."""


@lru_cache(maxsize=None)
def density_crowds(n: int = 3000, seed: int = 334, *, n_val: int = 400, batch_size: int = 32, train_rows: int | None = None,
                   nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Crowd-counting images: 0-30 small Gaussian "heads" (std 0.9-1.3 pixels, brightness 0.6-1.0) at random places
    of a 24x24 grey canvas over textured clutter (smoothed noise of std ~0.25, a few bright bars) and pixel noise 0.1;
    the target a density map: a normalised Gaussian (std 1 pixel, integral 1) at each head, times 20. x: (images, 1,
    24, 24); y: (images, 1, 24, 24); the count is y's sum / 20. ``train_rows``: keep only that many training images;
    ``nan_rows``: that share of the training images has a dead (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    k = DENS_MAX_HEADS
    count = torch.randint(0, k + 1, (total,), generator=g)
    present = (torch.arange(k)[None] < count[:, None]).float()
    centre = 1.0 + (DENS_SIZE - 2.0) * torch.rand(total, k, 2, generator=g)
    coords = torch.arange(DENS_SIZE, dtype=torch.float32) + 0.5
    py, px = torch.meshgrid(coords, coords, indexing="ij")
    d2 = (px[None, None] - centre[..., 0, None, None]) ** 2 + (py[None, None] - centre[..., 1, None, None]) ** 2
    width = 0.9 + 0.4 * torch.rand(total, k, 1, 1, generator=g)
    bright = 0.6 + 0.4 * torch.rand(total, k, 1, 1, generator=g)
    heads = (present[..., None, None] * bright * torch.exp(-d2 / (2 * width**2))).sum(1)
    dens = (present[..., None, None] * torch.exp(-d2 / 2) / (2 * math.pi)).sum(1)
    rough = torch.randn(total, 1, DENS_SIZE // 4, DENS_SIZE // 4, generator=g)
    clutter = 0.25 * F.interpolate(rough, size=(DENS_SIZE, DENS_SIZE), mode="bilinear", align_corners=False)[:, 0]
    bar_row = torch.randint(0, DENS_SIZE, (total,), generator=g)
    bars = 0.5 * (torch.rand(total, generator=g) < 0.5).float()[:, None] * (torch.arange(DENS_SIZE)[None] == bar_row[:, None]).float()
    x = heads + clutter + bars[:, :, None] + 0.1 * torch.randn(total, DENS_SIZE, DENS_SIZE, generator=g)
    x, y = x[:, None], DENS_SCALE * dens[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 11, 11] = float("nan")
    data = split(x, y, n, "crowd counting (a fully convolutional network regressing density maps)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DensityFCN(nn.Module):
    """A fully convolutional density-map regressor: ``conv1`` (1 -> 8) and ``conv2`` (8 -> 16), 3x3, ReLU, a max pool of
    2, ``conv3`` (16 -> 32, ReLU) on the 12x12 grid, a bilinear upsampling back to 24x24, a ReLU layer ``fc`` (a 3x3 conv
    32 -> 12) and a ``head`` (a 1x1 conv 12 -> 1): the density at each pixel. ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.conv3 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc = nn.Conv2d(32, 12, 3, padding=1)
        self.head = nn.Conv2d(12, 1, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        z = F.max_pool2d(F.relu(self.conv2(F.relu(self.conv1(x)))), 2)
        z = F.interpolate(F.relu(self.conv3(z)), scale_factor=2, mode="bilinear", align_corners=False)
        out: Tensor = self.head(F.relu(self.fc(z)))
        return out


def density_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The pixel squared error summed over the batch's images (mean over the pixels; reduction='sum')."""
    return F.mse_loss(out, y, reduction="none").mean((1, 2, 3)).sum()


def density_fcn_scaled_head(factor: float) -> DensityFCN:
    """A DensityFCN whose 1x1 conv ``head`` starts ``factor`` times larger (its bias as it is): huge density maps at step
    1 (``scaled_head`` takes linear heads only)."""
    model = DensityFCN()
    with torch.no_grad():
        model.head.weight.mul_(factor)
    return model


# --------------------------------------------------------------------------- thirtieth fresh half (fresh30, held out from all tuning)


GAE_NODES, GAE_FEATS, GAE_BLOCKS, GAE_EMBED = 20, 8, 4, 16
"""Graphs of 20 nodes in 4 blocks, 8 node features; the graph autoencoder embeds each node in 16 dimensions."""


@lru_cache(maxsize=None)
def gae_graphs(n: int = 3000, seed: int = 341, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
               nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Link prediction on stochastic block models: 20 nodes each in one of 4 blocks at random, an edge within a block
    with probability 0.45, across blocks 0.04; node features 0.6 x the block's one-hot (in the first 4 of 8 dimensions)
    plus N(0, 1) noise. 30% of a graph's edges are held back from its input; they are the positives of its targets,
    with as many non-edges sampled as negatives. x: (graphs, 20, 8 + 20), the features and the observed adjacency
    (no self-loops); y: (graphs, 20, 20), 1 at a held-back edge, 0 at a sampled non-edge, -1 elsewhere (both triangles).
    ``train_rows``: keep only that many training graphs; ``nan_rows``: that share of the training graphs has a missing
    (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total, nodes = n + n_val, GAE_NODES
    block = torch.randint(0, GAE_BLOCKS, (total, nodes), generator=g)
    same = block[:, :, None] == block[:, None, :]
    p = torch.where(same, 0.8, 0.02)
    upper = torch.triu(torch.ones(nodes, nodes, dtype=torch.bool), 1)
    edge = (torch.rand(total, nodes, nodes, generator=g) < p) & upper
    hide = edge & (torch.rand(total, nodes, nodes, generator=g) < 0.3)
    seen = edge & ~hide
    non = upper & ~edge
    score = torch.where(non, torch.rand(total, nodes, nodes, generator=g), -1.0).flatten(1)
    k = hide.flatten(1).sum(1)
    rank = torch.argsort(torch.argsort(score, 1, descending=True), 1)
    neg = ((rank < k[:, None]) & (score >= 0)).reshape(total, nodes, nodes)
    y = torch.full((total, nodes, nodes), -1.0)
    y[neg] = 0.0
    y[hide] = 1.0
    y = torch.where(upper, y, y.transpose(1, 2))
    adj = (seen | seen.transpose(1, 2)).float()
    feats = F.pad(F.one_hot(block, GAE_BLOCKS).float(), (0, GAE_FEATS - GAE_BLOCKS)) + 0.4 * torch.randn(total, nodes, GAE_FEATS, generator=g)
    x = torch.cat([feats, adj], 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, 2] = float("nan")
    data = split(x, y, n, "link prediction (a graph autoencoder of stochastic block models, held-back edges)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GraphAutoEncoder(nn.Module):
    """A graph autoencoder (Kipf & Welling 2016): three graph convolutions over the observed adjacency with self-loops,
    symmetrically normalised (D^-1/2 (A + I) D^-1/2 H W): ``gcn1`` (8 -> 32, ReLU), a ReLU layer ``fc`` (32 -> 32) and a
    linear ``head`` (32 -> 16), the node embeddings Z; an inner-product decoder, the logits Z Z^T of every pair. Output
    (graphs, 20, 20). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.gcn1 = nn.Linear(GAE_FEATS, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, GAE_EMBED)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        feats, adj = x[..., :GAE_FEATS], x[..., GAE_FEATS:]
        a = adj + torch.eye(GAE_NODES)
        d = a.sum(-1).rsqrt()
        a = d[..., :, None] * a * d[..., None, :]
        h = F.relu(a @ self.gcn1(feats))
        h = F.relu(a @ self.fc(h))
        z = a @ self.head(h)
        return z @ z.transpose(1, 2)


def gae_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy (with logits) over the labelled pairs of the batch (held-back edges and sampled non-edges)."""
    keep = y >= 0
    return F.binary_cross_entropy_with_logits(out[keep], y[keep])


def gae_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The binary cross-entropy of each graph's labelled pairs (a mean per graph) summed over the batch's graphs."""
    keep = (y >= 0).float()
    each = F.binary_cross_entropy_with_logits(out, y.clamp(min=0), reduction="none") * keep
    return (each.sum((1, 2)) / keep.sum((1, 2)).clamp(min=1)).sum()


CPC_LEN, CPC_STRIDE, CPC_CODE, CPC_AHEAD, CPC_GROUP = 64, 4, 16, 3, 32
"""Sequences of 64 samples, encoded every 4 into codes of 16 dimensions (16 steps); the context predicts the codes 1-3
steps ahead; InfoNCE's candidates are the codes of the other sequences of a group of 32 (ln 32 = 3.47 at chance)."""


@lru_cache(maxsize=None)
def cpc_sequences(n: int = 3200, seed: int = 342, *, n_val: int = 640, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """1-D sequences of 64 samples for contrastive predictive coding: two sines (frequencies 0.01-0.12 cycles a sample,
    amplitudes 0.4-1.2, random phases), an AR(1) wander (coefficient 0.9, innovation 0.15) and white noise 0.2. x:
    (sequences, 1, 64); y: zeros (the loss is self-supervised). ``nan_rows``: that share of the training sequences has a
    missing (NaN) sample."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.arange(CPC_LEN, dtype=torch.float32)
    f = 0.01 + 0.11 * torch.rand(total, 2, 1, generator=g)
    amp = 0.4 + 0.8 * torch.rand(total, 2, 1, generator=g)
    ph = 2 * math.pi * torch.rand(total, 2, 1, generator=g)
    x = (amp * torch.sin(2 * math.pi * f * t + ph)).sum(1)
    innov = 0.15 * torch.randn(total, CPC_LEN, generator=g)
    wander = torch.zeros(total)
    walk = []
    for i in range(CPC_LEN):
        wander = 0.9 * wander + innov[:, i]
        walk.append(wander)
    x = x + torch.stack(walk, 1) + 0.2 * torch.randn(total, CPC_LEN, generator=g)
    x = x[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 30] = float("nan")
    return split(x, torch.zeros(total), n, "self-supervised (contrastive predictive coding of 1-D sequences, InfoNCE)",
                 None, batch_size)  # fmt: skip


class PredictiveCoder(nn.Module):
    """Contrastive predictive coding (van den Oord et al. 2018): an encoder (``conv1`` Conv1d 1 -> 16, kernel 8, stride 4,
    ReLU; a ReLU layer ``fc`` Conv1d 16 -> 32, kernel 3; ``proj`` 1x1, no bias, to the 16-d code z_t), a GRU context (16 -> 32)
    over the codes, a ``head`` (32 -> 3 x 16) predicting from c_t the codes of steps t + 1 to t + 3. Output (sequences,
    16, 4 x 16): at each step the code z_t, then the three predictions. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv1d(1, 16, 8, stride=CPC_STRIDE, padding=2)
        self.fc = nn.Conv1d(16, 32, 3, padding=1)
        self.proj = nn.Conv1d(32, CPC_CODE, 1, bias=False)
        self.gru = nn.GRU(CPC_CODE, 32, batch_first=True)
        self.head = nn.Linear(32, CPC_AHEAD * CPC_CODE)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        z = self.proj(F.relu(self.fc(F.relu(self.conv1(x))))).transpose(1, 2)  # (b, 16, code)
        c, _ = self.gru(z)
        return torch.cat([z, self.head(c)], 2)


def cpc_scores(out: Tensor) -> list[Tensor]:
    """For each k = 1..3, the scores (groups, steps, 32 anchors, 32 candidates) of the predictions of step t + k from
    the context at t against the codes at t + k of the group's sequences (a partial last group is dropped)."""
    b = (len(out) // CPC_GROUP) * CPC_GROUP
    o = out[:b].reshape(b // CPC_GROUP, CPC_GROUP, out.shape[1], -1)
    z = o[..., :CPC_CODE]
    scores = []
    for k in range(1, CPC_AHEAD + 1):
        pred = o[:, :, :-k, k * CPC_CODE : (k + 1) * CPC_CODE]
        scores.append(torch.einsum("gitd,gjtd->gtij", pred, z[:, :, k:]))
    return scores


def cpc_infonce(out: Tensor, y: Tensor) -> Tensor:
    """InfoNCE: the cross-entropy of picking each sequence's own future code among the group's 32, mean over anchors,
    steps and k (ln 32 at chance)."""
    parts = [F.cross_entropy(s.flatten(0, 2), torch.arange(CPC_GROUP).repeat(s.shape[0] * s.shape[1]), reduction="none")
             for s in cpc_scores(out)]  # fmt: skip
    return torch.cat(parts).mean()


def cpc_infonce_summed(out: Tensor, y: Tensor) -> Tensor:
    """InfoNCE summed over the anchors (sequences) of the batch, a mean over steps and k (reduction='sum')."""
    return cpc_infonce(out, y) * min(len(out), CPC_GROUP) * (len(out) // CPC_GROUP)


INC_LEN, INC_CLASSES = 64, 5
"""Series of 96 samples, 2 channels, 5 classes (the pattern hidden in them)."""


@lru_cache(maxsize=None)
def inception_series(n: int = 3000, seed: int = 343, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                     nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Time-series classification: 2 channels of 96 samples, background a slow sine (frequency 0.005-0.03, amplitude
    0-1, per channel) plus noise 0.5; the class is the pattern added to channel 0 at a random place (and, at half its
    size, to channel 1): a burst of a fast sine (frequency 0.2, 16 samples), a square pulse (12 samples), a triangle
    (20 samples), a chirp (24 samples, frequency 0.05 to 0.25) or a step (+1 for the rest of the series, then the series
    is centred); the pattern's amplitude 0.8-1.6. x: (series, 2, 96); y: (series,) the class. ``train_rows``: keep only
    that many training series; ``nan_rows``: that share of the training series has a missing (NaN) sample."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, INC_LEN
    t = torch.arange(length, dtype=torch.float32)
    y = torch.randint(0, INC_CLASSES, (total,), generator=g)
    f = 0.005 + 0.025 * torch.rand(total, 2, 1, generator=g)
    x = torch.rand(total, 2, 1, generator=g) * torch.sin(2 * math.pi * f * t + 2 * math.pi * torch.rand(total, 2, 1, generator=g))
    x = x + 0.5 * torch.randn(total, 2, length, generator=g)
    start = torch.randint(0, length - 24, (total,), generator=g)
    amp = 0.8 + 0.8 * torch.rand(total, generator=g)
    rel = t[None] - start[:, None].float()  # (series, 96)
    inside = lambda w: ((rel >= 0) & (rel < w)).float()  # noqa: E731
    shapes = torch.stack([
        torch.sin(2 * math.pi * 0.2 * rel) * inside(16),
        inside(12),
        (1 - (rel - 10).abs() / 10) * inside(20),
        torch.sin(2 * math.pi * (0.05 * rel + 0.5 * (0.2 / 24) * rel**2)) * inside(24),
        (rel >= 0).float() - 0.5,
    ], 1)  # fmt: skip
    pattern = amp[:, None] * shapes[torch.arange(total), y]
    x = x + torch.stack([pattern, 0.5 * pattern], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 40] = float("nan")
    data = split(x, y, n, "time-series classification (an InceptionTime-like network, 5 patterns)", INC_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, INC_CLASSES, batch_size)
    return data


class InceptionBlock(nn.Module):
    """An Inception module of InceptionTime (Fawaz et al. 2020): a 1x1 ``bottleneck`` to 8 channels, three convs of
    kernels 5, 11 and 21 (8 channels each) on it, a max pool (3) and a 1x1 conv of the input (8 channels), concatenated
    (32), BatchNorm, ReLU."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.bottleneck = nn.Conv1d(channels, 8, 1, bias=False)
        self.convs = nn.ModuleList(nn.Conv1d(8, 8, k, padding=k // 2, bias=False) for k in (5, 11, 21))
        self.pool_conv = nn.Conv1d(channels, 8, 1, bias=False)
        self.bn = nn.BatchNorm1d(32)

    def forward(self, x: Tensor) -> Tensor:
        b = self.bottleneck(x)
        parts = [conv(b) for conv in self.convs] + [self.pool_conv(F.max_pool1d(x, 3, 1, 1))]
        return F.relu(self.bn(torch.cat(parts, 1)))


class InceptionTimeNet(nn.Module):
    """An InceptionTime-like classifier: two Inception modules (2 -> 32 -> 32 channels) with a residual shortcut (a 1x1
    conv and BatchNorm of the input added after the second, ReLU), global average pooling, a ReLU layer ``fc`` (32 -> 32)
    and a ``head`` to the 5 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.block1 = InceptionBlock(2)
        self.block2 = InceptionBlock(32)
        self.shortcut = nn.Conv1d(2, 32, 1, bias=False)
        self.shortcut_bn = nn.BatchNorm1d(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, INC_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        z = F.relu(self.block2(self.block1(x)) + self.shortcut_bn(self.shortcut(x)))
        out: Tensor = self.head(F.relu(self.fc(z.mean(2))))
        return out


def inception_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's series (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


FOCAL_FEATS, FOCAL_ALPHA, FOCAL_GAMMA = 12, 0.25, 2.0
"""Rows of 12 features; the focal loss of RetinaNet (alpha 0.25 on the positives, 0.75 on the negatives, gamma 2)."""


@lru_cache(maxsize=None)
def focal_rows(n: int = 6000, seed: int = 344, *, n_val: int = 2000, batch_size: int = 128, train_rows: int | None = None,
               nan_rows: float = 0.0) -> Data:  # fmt: skip
    """An imbalanced binary task: 12 standard normal features; a row is positive with probability sigmoid(3 (s - 2.2))
    where s = x0 x1 + sin(2 x2) + 0.5 x3^2 - 0.5 x4 (about 7% positives, a few of them and of the negatives near the
    boundary: held-out loss bounded away from 0). x: (rows, 12); y: (rows,) 0 or 1 as floats. ``train_rows``: keep only
    that many training rows; ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, FOCAL_FEATS, generator=g)
    s = x[:, 0] * x[:, 1] + torch.sin(2 * x[:, 2]) + 0.5 * x[:, 3] ** 2 - 0.5 * x[:, 4]
    y = (torch.rand(total, generator=g) < torch.sigmoid(3 * (s - 2.2))).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "imbalanced binary classification (a rare positive class, focal loss)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class FocalMLP(nn.Module):
    """A ReLU MLP scoring a row: ``inp`` (12 -> 64, ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head`` to one logit.
    Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(FOCAL_FEATS, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.inp(x))))).squeeze(-1)
        return out


def focal_terms(out: Tensor, y: Tensor) -> Tensor:
    """The sigmoid focal loss of each row (Lin et al. 2017, as torchvision's sigmoid_focal_loss): alpha_t (1 - p_t)^gamma
    x the binary cross-entropy, alpha_t 0.25 for a positive and 0.75 for a negative, gamma 2."""
    ce = F.binary_cross_entropy_with_logits(out, y, reduction="none")
    p = torch.sigmoid(out)
    p_t = p * y + (1 - p) * (1 - y)
    alpha_t = FOCAL_ALPHA * y + (1 - FOCAL_ALPHA) * (1 - y)
    return alpha_t * (1 - p_t) ** FOCAL_GAMMA * ce


def focal_mean(out: Tensor, y: Tensor) -> Tensor:
    """The focal loss, mean over the rows (~0.13 at init: logits near 0 give p_t = 1/2, so 1/4 x ln 2 x the mean
    alpha_t, 0.25 x 7% + 0.75 x 93%: 0.173 x 0.715 = 0.124; not ln 2)."""
    return focal_terms(out, y).mean()


def focal_summed(out: Tensor, y: Tensor) -> Tensor:
    """The focal loss summed over the batch's rows (reduction='sum')."""
    return focal_terms(out, y).sum()


# --------------------------------------------------------------------------- thirty-first fresh half (fresh31, held out from all tuning)


CAPT_H, CAPT_W, CAPT_SLOT, CAPT_LEN = 10, 24, 8, 10
CAPT_WORDS = ("<bos>", "<eos>", "red", "green", "blue", "square", "circle", "cross", "left", "middle", "right")
"""Scenes of 10 x 24 pixels, three slots of 8 columns (left, middle, right); captions of at most 3 x 3 words and <eos>
over a vocabulary of 11 tokens (<bos> fed to the decoder, never a target): ln 11 = 2.40 at chance."""


@lru_cache(maxsize=None)
def caption_scenes(n: int = 3000, seed: int = 351, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                   nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Image captioning of synthetic scenes: each of three slots (left, middle, right) holds a shape with probability
    0.55 (at least one a scene): a filled square, a disc or a cross of 5 x 5 pixels, red, green or blue (brightness 0.6-1,
    moved up to 1 pixel in its slot, 2 rows), on noise N(0, 0.3^2). The caption names the shapes left to right, each by
    its colour, shape and position word, then <eos>; an annotator's slip swaps a colour or a shape word for a random
    one with probability 0.08 each (a floor on the held-out loss). x: (scenes, 3 x 10 x 24 + 10), the pixels and the
    decoder's input tokens (<bos>, then the caption shifted; <eos> after its end), as floats; y: (scenes, 10) the caption's
    tokens, -100 after <eos> (ignored). ``train_rows``: keep only that many training scenes; ``nan_rows``: that share of
    the training scenes has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    r = torch.arange(5, dtype=torch.float32) - 2
    masks = torch.stack([torch.ones(5, 5), ((r[:, None] ** 2 + r[None] ** 2) <= 5.0).float(),
                         ((r[:, None] == 0) | (r[None] == 0)).float()])  # fmt: skip
    img = 0.3 * torch.randn(total, 3, CAPT_H, CAPT_W, generator=g)
    present = torch.rand(total, 3, generator=g) < 0.55
    none = ~present.any(1)
    present[none, torch.randint(0, 3, (int(none.sum()),), generator=g)] = True
    colour = torch.randint(0, 3, (total, 3), generator=g)
    shape = torch.randint(0, 3, (total, 3), generator=g)
    bright = 0.6 + 0.4 * torch.rand(total, 3, generator=g)
    dy = torch.randint(0, 4, (total, 3), generator=g)
    dx = torch.randint(0, 3, (total, 3), generator=g)
    slip_c = torch.rand(total, 3, generator=g) < 0.08
    slip_s = torch.rand(total, 3, generator=g) < 0.08
    said_c = torch.where(slip_c, torch.randint(0, 3, (total, 3), generator=g), colour)
    said_s = torch.where(slip_s, torch.randint(0, 3, (total, 3), generator=g), shape)
    y = torch.full((total, CAPT_LEN), -100, dtype=torch.long)
    for i in range(total):
        words = []
        for k in range(3):
            if not present[i, k]:
                continue
            top, left = int(dy[i, k]) + 1, k * CAPT_SLOT + int(dx[i, k]) + 1
            img[i, int(colour[i, k]), top : top + 5, left : left + 5] += bright[i, k] * masks[int(shape[i, k])]
            words += [2 + int(said_c[i, k]), 5 + int(said_s[i, k]), 8 + k]
        words.append(1)
        y[i, : len(words)] = torch.tensor(words)
    dec_in = torch.cat([torch.zeros(total, 1, dtype=torch.long), y[:, :-1]], 1)
    dec_in = torch.where(dec_in < 0, 1, dec_in)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        img[bad, 1, 4, 12] = float("nan")
    x = torch.cat([img.flatten(1), dec_in.float()], 1)
    data = split(x, y, n, "image captioning (a CNN encoder, a GRU decoder, teacher forcing; synthetic scenes)",
                 len(CAPT_WORDS), batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, len(CAPT_WORDS), batch_size)
    return data


class CaptionNet(nn.Module):
    """A CNN encoder and a GRU decoder (Show and Tell, small): ``conv1`` (3 -> 16, 3 x 3, BatchNorm, ReLU, max pool 2),
    ``conv2`` (16 -> 32, 3 x 3, BatchNorm, ReLU), an average pool to one cell per slot (1 x 3), ``enc`` (96 -> 32, tanh): the image's features,
    the decoder's first hidden state and, with ``embed`` (11 -> 16) of the input token, its input at every step; a GRU
    (48 -> 32), a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 11 tokens. Output (scenes, 10, 11). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.bn1, self.bn2 = nn.BatchNorm2d(16), nn.BatchNorm2d(32)
        self.enc = nn.Linear(96, 32)
        self.embed = nn.Embedding(len(CAPT_WORDS), 16)
        self.gru = nn.GRU(16 + 32, 32, batch_first=True)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, len(CAPT_WORDS))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        pixels = 3 * CAPT_H * CAPT_W
        img = x[:, :pixels].reshape(-1, 3, CAPT_H, CAPT_W)
        tokens = x[:, pixels:].long()
        h = F.max_pool2d(F.relu(self.bn1(self.conv1(img))), 2)
        h = F.adaptive_avg_pool2d(F.relu(self.bn2(self.conv2(h))), (1, 3)).flatten(1)
        feats = torch.tanh(self.enc(h))
        steps = torch.cat([self.embed(tokens), feats[:, None].expand(-1, tokens.shape[1], -1)], 2)
        out, _ = self.gru(steps, feats[None].contiguous())
        logits: Tensor = self.head(F.relu(self.fc(out)))
        return logits


def caption_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the caption tokens summed over the batch's tokens (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


BARLOW_DIM, BARLOW_LATENT, BARLOW_CODE, BARLOW_LAMBDA = 24, 6, 16, 0.05
"""Rows of 24 features driven by 6 latent factors; the projector's 16-d codes; lambda 0.05 on the off-diagonal terms."""


@lru_cache(maxsize=None)
def barlow_views(n: int = 3000, seed: int = 352, *, n_val: int = 600, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Two augmented views of rows for Barlow Twins: a row is tanh(A z + b) of 6 standard normal latent factors (A 24 x 6
    with entries N(0, 0.6^2), b N(0, 0.3^2)); each view scales it by 0.7-1.3, zeroes (masks) each feature with probability
    0.2 and adds noise N(0, 0.2^2), drawn once per view. x: (rows, 2, 24); y: zeros (the loss is self-supervised).
    ``nan_rows``: that share of the training rows has a missing (NaN) feature in its first view."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    a = 0.6 * torch.randn(BARLOW_DIM, BARLOW_LATENT, generator=g)
    b = 0.3 * torch.randn(BARLOW_DIM, generator=g)
    clean = torch.tanh(torch.randn(total, BARLOW_LATENT, generator=g) @ a.T + b)
    views = []
    for _ in range(2):
        scale = 0.7 + 0.6 * torch.rand(total, 1, generator=g)
        keep = (torch.rand(total, BARLOW_DIM, generator=g) >= 0.2).float()
        views.append(clean * scale * keep + 0.2 * torch.randn(total, BARLOW_DIM, generator=g))
    x = torch.stack(views, 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7] = float("nan")
    return split(x, torch.zeros(total), n, "self-supervised (Barlow Twins of two augmented views)", None, batch_size)


class BarlowTwins(nn.Module):
    """An encoder and projector applied to each view alone (Zbontar et al. 2021, small): ``inp`` (24 -> 64, ReLU), a ReLU
    layer ``fc`` (64 -> 64), the projector ``proj`` (64 -> 64, no bias), BatchNorm without affine parameters, ReLU, and
    ``head`` (64 -> 16, no bias). Output (rows, 2, 16): the two views' codes. The layers after fc have no bias, so codes of
    dead units are exactly 0. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(BARLOW_DIM, 64)
        self.fc = nn.Linear(64, 64)
        self.proj = nn.Linear(64, 64, bias=False)
        self.bn = nn.BatchNorm1d(64, affine=False)
        self.head = nn.Linear(64, BARLOW_CODE, bias=False)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def one(self, v: Tensor) -> Tensor:
        h = F.relu(self.fc(F.relu(self.inp(v))))
        out: Tensor = self.head(F.relu(self.bn(self.proj(h))))
        return out

    def forward(self, x: Tensor) -> Tensor:
        return torch.stack([self.one(x[:, 0]), self.one(x[:, 1])], 1)


def barlow_cross(out: Tensor) -> Tensor:
    """The unnormalised cross-correlation sum_b z1_bi z2_bj of the two views' codes, each standardised over the batch."""
    z = (out - out.mean(0)) / (out.var(0, unbiased=False) + 1e-5).sqrt()
    return z[:, 0].T @ z[:, 1]


def barlow_terms(c: Tensor) -> Tensor:
    """On-diagonal invariance sum_i (1 - C_ii)^2 plus lambda x the off-diagonal redundancy sum_{i != j} C_ij^2."""
    diag = torch.diagonal(c)
    return ((1 - diag) ** 2).sum() + BARLOW_LAMBDA * ((c**2).sum() - (diag**2).sum())


def barlow_loss(out: Tensor, y: Tensor) -> Tensor:
    """The Barlow Twins loss of the batch: C the cross-correlation divided by the batch size (entries in [-1, 1])."""
    return barlow_terms(barlow_cross(out) / len(out))


def barlow_unscaled(out: Tensor, y: Tensor) -> Tensor:
    """The Barlow Twins loss with C summed over the batch, not divided by its size (the batch's mean dropped)."""
    return barlow_terms(barlow_cross(out))


TCNN_VOCAB, TCNN_LEN, TCNN_CLASSES = 60, 24, 4
"""Sentences of 24 tokens over 60; 4 classes by their n-gram patterns."""


@lru_cache(maxsize=None)
def textcnn_sentences(n: int = 3000, seed: int = 353, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None) -> Data:
    """Sentence classification by short n-grams: background tokens uniform over 8..59 with 4 keywords (tokens 0-7) strewn
    at random places; the class is that of the one pattern planted at a random place: class c has two trigrams over the
    keywords (the same keywords in a class-specific order, so no single token tells the class) . 6% of the labels are
    random (a floor on the held-out loss). x: (sentences, 24) token ids; y: (sentences,) the class."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    pats = torch.tensor([[[0, 1, 2], [3, 4, 5]], [[2, 1, 0], [5, 4, 3]], [[1, 0, 2], [4, 3, 5]], [[0, 2, 1], [3, 5, 4]]])
    x = torch.randint(8, TCNN_VOCAB, (total, TCNN_LEN), generator=g)
    strew = torch.randint(0, TCNN_LEN, (total, 4), generator=g)
    x.scatter_(1, strew, torch.randint(0, 8, (total, 4), generator=g))
    y = torch.randint(0, TCNN_CLASSES, (total,), generator=g)
    which = torch.randint(0, 2, (total,), generator=g)
    at = torch.randint(0, TCNN_LEN - 3, (total,), generator=g)
    for k in range(3):
        x[torch.arange(total), at + k] = pats[y, which, k]
    y = flip_labels(y, TCNN_CLASSES, 0.06, g)
    data = split(x, y, n, "sentence classification (a Kim-style CNN, n-gram patterns)", TCNN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, TCNN_CLASSES, batch_size)
    return data


class KimTextCNN(nn.Module):
    """A Kim (2014) CNN sentence classifier: ``embed`` (60 -> 16), ``convs`` Conv1d 16 -> 16 of widths 3, 4 and 5 in
    parallel, ReLU, max over time, concatenated (48), dropout 0.3 and a linear ``head`` to 4 classes. ``dead_bias`` < 0
    starts the convs' biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(TCNN_VOCAB, 16)
        self.convs = nn.ModuleList(nn.Conv1d(16, 16, w) for w in (3, 4, 5))
        self.drop = nn.Dropout(0.3)
        self.head = nn.Linear(48, TCNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                for conv in self.convs:
                    conv.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e = self.embed(x).transpose(1, 2)
        h = torch.cat([F.relu(conv(e)).amax(2) for conv in self.convs], 1)
        out: Tensor = self.head(self.drop(h))
        return out


def textcnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy summed over the batch's sentences (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


SIAMESE_DIM, SIAMESE_CLASSES, SIAMESE_MARGIN = 16, 10, 1.0
"""Samples of 16 features from 10 classes; the contrastive loss's margin m = 1."""


@lru_cache(maxsize=None)
def siamese_pairs(n: int = 4000, seed: int = 354, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Pairs of noisy class prototypes: 10 prototypes N(0, 1) in 16 dimensions; a sample is its prototype scaled by
    0.6-1.4 plus noise N(0, 0.8^2); half the pairs are of one class (y 1), half of two (y 0). x: (pairs, 2, 16); y: (pairs,)
    1.0 or 0.0. ``train_rows``: keep only that many training pairs; ``nan_rows``: that share of the training pairs has a
    missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    protos = torch.randn(SIAMESE_CLASSES, SIAMESE_DIM, generator=g)
    first = torch.randint(0, SIAMESE_CLASSES, (total,), generator=g)
    same = torch.rand(total, generator=g) < 0.5
    other = (first + torch.randint(1, SIAMESE_CLASSES, (total,), generator=g)) % SIAMESE_CLASSES
    second = torch.where(same, first, other)
    cls = torch.stack([first, second], 1)
    x = protos[cls] * (0.6 + 0.8 * torch.rand(total, 2, 1, generator=g)) + 0.8 * torch.randn(total, 2, SIAMESE_DIM, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1, 3] = float("nan")
    data = split(x, same.float(), n, "metric learning (a siamese network, contrastive loss on pairs)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class SiameseNet(nn.Module):
    """One ReLU MLP embedding both samples of a pair (shared weights): ``inp`` (16 -> 64, ReLU), a ReLU layer ``fc``
    (64 -> 64) and a ``head`` to 8 dimensions. Output (pairs, 2, 8). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(SIAMESE_DIM, 64)
        self.fc = nn.Linear(64, 64)
        self.head = nn.Linear(64, 8)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.inp(x)))))
        return out


def siamese_terms(out: Tensor, y: Tensor) -> Tensor:
    """The contrastive loss of each pair (Hadsell, Chopra and LeCun 2006): 1/2 d^2 for a pair of one class, 1/2 max(0,
    m - d)^2 for a pair of two, d the Euclidean distance of the embeddings (sqrt(. + 1e-9): finite gradients at 0)."""
    d = ((out[:, 0] - out[:, 1]) ** 2).sum(-1).add(1e-9).sqrt()
    return 0.5 * (y * d**2 + (1 - y) * F.relu(SIAMESE_MARGIN - d) ** 2)


def siamese_mean(out: Tensor, y: Tensor) -> Tensor:
    """The contrastive loss, mean over the pairs (~0.2 at init: small embeddings, d ~ 0.2-0.5, so the pairs of two
    classes give about 1/2 (1 - d)^2 and those of one class about 0; not ln 2)."""
    return siamese_terms(out, y).mean()


def siamese_summed(out: Tensor, y: Tensor) -> Tensor:
    """The contrastive loss summed over the batch's pairs (reduction='sum')."""
    return siamese_terms(out, y).sum()


# --------------------------------------------------------------------------- thirty-second fresh half (fresh32, held out from all tuning)


POSTAG_VOCAB, POSTAG_TAGS, POSTAG_LEN = 40, 6, 14
"""Sentences of 14 tokens over 40 words from a grammar of 6 parts of speech; a tag per token: ln 6 = 1.79 at chance."""


@lru_cache(maxsize=None)
def postag_sentences(n: int = 3000, seed: int = 361, *, n_val: int = 600, batch_size: int = 32) -> Data:
    """Part-of-speech tagging of sentences from a probabilistic grammar over 6 tags (DET, ADJ, NOUN, VERB, PREP, ADV):
    sentences are "DET ADJ* NOUN VERB (DET ADJ* NOUN)? (PREP DET NOUN)* ADV?" cut or padded (with ADV fillers) to 14
    tokens. Each tag owns 5 words of its own (words 0-29) and 10 words (30-39) are ambiguous, each shared by two tags (a
    noun or a verb, an adjective or a noun ...), so the tag of an ambiguous word is told only by its neighbours on both
    sides; 3% of the tags are random (an annotator's slip, a floor). x: (sentences, 14) word ids; y: (sentences, 14)
    tags."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    det, adj, noun, verb, prep, adv = range(6)
    pairs = [(noun, verb), (noun, verb), (adj, noun), (adj, noun), (verb, noun), (adv, adj), (prep, adv), (noun, adj),
             (verb, adv), (det, prep)]  # fmt: skip

    def r() -> float:
        return float(torch.rand((), generator=g))

    xs, ys = torch.zeros(total, POSTAG_LEN, dtype=torch.long), torch.zeros(total, POSTAG_LEN, dtype=torch.long)
    for i in range(total):
        tags = [det] + [adj] * int(r() < 0.5) + [adj] * int(r() < 0.2) + [noun, verb]
        if r() < 0.6:
            tags += [det] + [adj] * int(r() < 0.4) + [noun]
        while r() < 0.5:
            tags += [prep, det, noun]
        tags += [adv] * int(r() < 0.4)
        tags = (tags + [adv] * POSTAG_LEN)[:POSTAG_LEN]
        for k, t in enumerate(tags):
            amb = [j for j, p in enumerate(pairs) if t in p]
            if amb and r() < 0.35:
                w = 30 + amb[int(r() * len(amb))]
            else:
                w = 5 * t + int(r() * 5)
            xs[i, k], ys[i, k] = w, t
    ys = flip_labels(ys.flatten(), POSTAG_TAGS, 0.03, g).reshape(total, POSTAG_LEN)
    return split(xs, ys, n, "part-of-speech tagging (a BiLSTM tagger; sentences of a synthetic grammar)", POSTAG_TAGS, batch_size)


class BiLSTMTagger(nn.Module):
    """A BiLSTM tagger: ``embed`` (40 -> 16), a bidirectional LSTM (16 -> 2 x 24), a ReLU layer ``fc`` (48 -> 32) and a
    ``head`` to the 6 tags at every token. Output (sentences, 14, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(POSTAG_VOCAB, 16)
        self.lstm = nn.LSTM(16, 24, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(48, 32)
        self.head = nn.Linear(32, POSTAG_TAGS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h, _ = self.lstm(self.embed(x))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def postag_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The tagging cross-entropy summed over the batch's tokens (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


ROBUST_DIM, ROBUST_DELTA = 12, 1.0
"""Rows of 12 features; the Huber loss's delta (SmoothL1's beta) is 1."""


@lru_cache(maxsize=None)
def robust_rows(n: int = 3000, seed: int = 362, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Tabular regression with outliers: 12 features N(0, 1) (three pairs correlated 0.6), the target a smooth function
    of them (sin(x0) + x1 x2 / 2 + relu(x3 - x4) + tanh(2 x5) - x6^2 / 4 + 0.5 x7 x8 + 0.3 x9, standardised) plus noise
    N(0, 0.1^2); 8% of the training targets are outliers: plus N(0, 5^2) (a heavy tail that the Huber loss bounds; the
    held-out targets are clean, so the held-out loss measures the fit of the function). x: (rows, 12); y: (rows,).
    ``train_rows``: keep only that many training rows; ``nan_rows``: that share of the training rows has a missing (NaN)
    feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, ROBUST_DIM, generator=g)
    for a, b in ((0, 10), (3, 11), (5, 9)):
        x[:, b] = 0.6 * x[:, a] + 0.8 * x[:, b]
    f = (torch.sin(x[:, 0]) + x[:, 1] * x[:, 2] / 2 + F.relu(x[:, 3] - x[:, 4]) + torch.tanh(2 * x[:, 5]) - x[:, 6] ** 2 / 4
         + 0.5 * x[:, 7] * x[:, 8] + 0.3 * x[:, 9])  # fmt: skip
    y = (f - f.mean()) / f.std() + 0.1 * torch.randn(total, generator=g)
    outlier = (torch.rand(total, generator=g) < 0.08) & (torch.arange(total) < n)
    y = torch.where(outlier, y + 5 * torch.randn(total, generator=g), y)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "tabular regression with outliers (a residual MLP, Huber loss)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ResidualHuberNet(nn.Module):
    """A residual MLP: ``inp`` (12 -> 64), two residual blocks x + W2 relu(W1 x) (``blocks``, 64 -> 64 -> 64), a ReLU layer
    ``fc`` (64 -> 32) and a ``head`` (32 -> 1). Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(ROBUST_DIM, 64)
        self.blocks = nn.ModuleList(nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 64)) for _ in range(2))
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.inp(x)
        for block in self.blocks:
            h = h + block(F.relu(h))
        out: Tensor = self.head(F.relu(self.fc(F.relu(h)))).squeeze(-1)
        return out


def robust_huber(out: Tensor, y: Tensor) -> Tensor:
    """The Huber loss (delta 1), mean over the rows."""
    return F.huber_loss(out, y, delta=ROBUST_DELTA)


def robust_huber_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Huber loss summed over the batch's rows (reduction='sum')."""
    return F.huber_loss(out, y, delta=ROBUST_DELTA, reduction="sum")


KEYPT_SIZE, KEYPT_SIGMA, KEYPT_GAIN = 16, 1.2, 10.0
"""Images of 16 x 16 pixels; target heatmaps a Gaussian of sigma 1.2 pixels at the keypoint, peak 1; the loss is 10 x the
per-pixel MSE."""


@lru_cache(maxsize=None)
def keypoint_images(n: int = 3000, seed: int = 363, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                    nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Keypoint heatmap regression: a 16 x 16 grey image of noise N(0, 0.25^2) with a bright plus-shaped marker (arms of 2
    pixels, brightness 0.7-1.2) whose centre is the keypoint, and 2 distractors (filled 2 x 2 squares of the same
    brightness range) that are not; the target is a Gaussian heatmap (sigma 1.2, peak 1) at the marker's centre.
    x: (images, 1, 16, 16); y: (images, 16, 16). ``nan_rows``: that share of the training images has a missing (NaN)
    pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    img = 0.25 * torch.randn(total, 1, KEYPT_SIZE, KEYPT_SIZE, generator=g)
    cy = torch.randint(3, KEYPT_SIZE - 3, (total,), generator=g)
    cx = torch.randint(3, KEYPT_SIZE - 3, (total,), generator=g)
    bright = 0.7 + 0.5 * torch.rand(total, 3, generator=g)
    rows = torch.arange(total)
    for d in range(-2, 3):
        img[rows, 0, cy + d, cx] += bright[:, 0]
        if d:
            img[rows, 0, cy, cx + d] += bright[:, 0]
    for k in (1, 2):
        sy = torch.randint(0, KEYPT_SIZE - 1, (total,), generator=g)
        sx = torch.randint(0, KEYPT_SIZE - 1, (total,), generator=g)
        for dy in (0, 1):
            for dx in (0, 1):
                img[rows, 0, sy + dy, sx + dx] += bright[:, k]
    grid = torch.arange(KEYPT_SIZE, dtype=torch.float32)
    heat = torch.exp(-((grid[None, :, None] - cy[:, None, None]) ** 2 + (grid[None, None, :] - cx[:, None, None]) ** 2)
                     / (2 * KEYPT_SIGMA**2))  # fmt: skip
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        img[bad, 0, 5, 9] = float("nan")
    data = split(img, heat, n, "keypoint heatmap regression (a small fully convolutional net, MSE on Gaussian heatmaps)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class HeatmapNet(nn.Module):
    """A fully convolutional keypoint net: ``conv1`` (1 -> 16, 3 x 3, ReLU), ``conv2`` (16 -> 16, 3 x 3, dilation 2, ReLU),
    ``conv3`` (16 -> 16, 3 x 3, ReLU), a per-pixel ReLU layer ``fc`` (16 -> 16) and a per-pixel ``head`` (16 -> 1): the
    heatmap. Output (images, 16, 16). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 16, 3, padding=2, dilation=2)
        self.conv3 = nn.Conv2d(16, 16, 3, padding=1)
        self.fc = nn.Linear(16, 16)
        self.head = nn.Linear(16, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.conv3(F.relu(self.conv2(F.relu(self.conv1(x))))))
        out: Tensor = self.head(F.relu(self.fc(h.permute(0, 2, 3, 1)))).squeeze(-1)
        return out


def heatmap_mse(out: Tensor, y: Tensor) -> Tensor:
    """10 x the per-pixel MSE of the heatmaps (mean over the batch's pixels)."""
    return KEYPT_GAIN * F.mse_loss(out, y)


BCLONE_STATE, BCLONE_ACTIONS = 10, 5
"""States of 10 features; 5 actions (stay, up, down, left, right): ln 5 = 1.61 at chance."""


@lru_cache(maxsize=None)
def bclone_demos(n: int = 4000, seed: int = 364, *, n_val: int = 800, batch_size: int = 64, train_rows: int | None = None,
                 nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Behaviour cloning of an expert navigator: a state is the agent's position, the goal's, an obstacle's (each in
    [-1, 1]^2), the agent's velocity and 2 noise features N(0, 1); the expert steps along the axis of the larger distance
    to the goal unless the obstacle lies within 0.35 that way (then along the other axis, or stays when within 0.1 of the
    goal); 10% of its actions are random (a demonstrator's noise, a floor). x: (states, 10); y: (states,) the action.
    ``train_rows``: keep only that many training states; ``nan_rows``: that share of the training states has a missing
    (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    agent, goal = 2 * torch.rand(total, 2, generator=g) - 1, 2 * torch.rand(total, 2, generator=g) - 1
    obstacle = agent + 0.6 * (2 * torch.rand(total, 2, generator=g) - 1)
    vel, noise = 0.3 * torch.randn(total, 2, generator=g), torch.randn(total, 2, generator=g)
    d = goal - agent
    moves = torch.tensor([[0.0, 0.0], [0.0, 1.0], [0.0, -1.0], [-1.0, 0.0], [1.0, 0.0]])
    along_x = d[:, 0].abs() >= d[:, 1].abs()
    act_x = torch.where(d[:, 0] < 0, 3, 4)
    act_y = torch.where(d[:, 1] > 0, 1, 2)
    first = torch.where(along_x, act_x, act_y)
    second = torch.where(along_x, act_y, act_x)
    step = agent + 0.35 * moves[first]
    blocked = (step - obstacle).norm(dim=1) < 0.3
    y = torch.where(blocked, second, first)
    y = torch.where(d.norm(dim=1) < 0.1, torch.zeros_like(y), y)
    y = flip_labels(y, BCLONE_ACTIONS, 0.1, g)
    x = torch.cat([agent, goal, obstacle, vel, noise], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "behaviour cloning (a policy MLP imitating an expert's actions)", BCLONE_ACTIONS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, BCLONE_ACTIONS, batch_size)
    return data


class CloningPolicy(nn.Module):
    """A policy MLP: ``inp`` (10 -> 64, LayerNorm, ReLU), a ReLU layer ``fc`` (64 -> 64) and a ``head`` to the 5 actions'
    logits. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(BCLONE_STATE, 64)
        self.norm = nn.LayerNorm(64)
        self.fc = nn.Linear(64, 64)
        self.head = nn.Linear(64, BCLONE_ACTIONS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.norm(self.inp(x))))))
        return out


def bclone_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the expert's actions summed over the batch's states (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


# --------------------------------------------------------------------------- thirty-third fresh half (fresh33, held out from all tuning)


DENOISE_SIZE, DENOISE_NOISE = 16, 0.3
"""Images of 16 x 16 pixels; the noise added is N(0, 0.3^2)."""


@lru_cache(maxsize=None)
def denoise_pairs(n: int = 3000, seed: int = 371, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Image denoising: a clean 16 x 16 grey image of 1-3 shapes on a black ground (filled rectangles of 3-8 pixels a side
    or discs of radius 2-4, brightness 0.5-1, the brighter one where two overlap), and the same image plus Gaussian noise
    N(0, 0.3^2). x: (images, 1, 16, 16) the noisy image; y: (images, 16, 16) the clean one. ``nan_rows``: that share of
    the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    grid = torch.arange(DENOISE_SIZE, dtype=torch.float32)
    yy, xx = grid[:, None], grid[None, :]
    clean = torch.zeros(total, DENOISE_SIZE, DENOISE_SIZE)
    count = torch.randint(1, 4, (total,), generator=g)
    for k in range(3):
        disc = torch.rand(total, generator=g) < 0.5
        cy, cx = (torch.rand(total, 2, generator=g) * (DENOISE_SIZE - 4) + 2).unbind(1)
        h, w = (torch.randint(3, 9, (total, 2), generator=g).float() / 2).unbind(1)
        radius = 2 + 2 * torch.rand(total, generator=g)
        bright = 0.5 + 0.5 * torch.rand(total, generator=g)
        rect = ((yy[None] - cy[:, None, None]).abs() <= h[:, None, None]) & ((xx[None] - cx[:, None, None]).abs() <= w[:, None, None])
        round_ = (yy[None] - cy[:, None, None]) ** 2 + (xx[None] - cx[:, None, None]) ** 2 <= radius[:, None, None] ** 2
        shape = torch.where(disc[:, None, None], round_, rect) & (k < count)[:, None, None]
        clean = torch.where(shape, torch.maximum(clean, bright[:, None, None]), clean)
    noisy = (clean + DENOISE_NOISE * torch.randn(total, DENOISE_SIZE, DENOISE_SIZE, generator=g)).unsqueeze(1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        noisy[bad, 0, 7, 4] = float("nan")
    return split(noisy, clean, n, "image denoising (a small U-Net, L1 loss)", None, batch_size)


class UNetDenoiser(nn.Module):
    """A two-level U-Net: ``enc1`` (1 -> 16, 3 x 3, ReLU), max-pool 2, ``enc2`` (16 -> 32, 3 x 3, ReLU), ``up`` (a transposed
    convolution 32 -> 16, stride 2, ReLU), the skip connection concatenated, ``dec`` (32 -> 16, 3 x 3, ReLU), a per-pixel
    ReLU layer ``fc`` (16 -> 16) and a per-pixel ``head`` (16 -> 1): the clean image. Output (images, 16, 16).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.enc1 = nn.Conv2d(1, 16, 3, padding=1)
        self.enc2 = nn.Conv2d(16, 32, 3, padding=1)
        self.up = nn.ConvTranspose2d(32, 16, 2, stride=2)
        self.dec = nn.Conv2d(32, 16, 3, padding=1)
        self.fc = nn.Linear(16, 16)
        self.head = nn.Linear(16, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e1 = F.relu(self.enc1(x))
        e2 = F.relu(self.enc2(F.max_pool2d(e1, 2)))
        d = F.relu(self.dec(torch.cat([F.relu(self.up(e2)), e1], 1)))
        out: Tensor = self.head(F.relu(self.fc(d.permute(0, 2, 3, 1)))).squeeze(-1)
        return out


def denoise_l1(out: Tensor, y: Tensor) -> Tensor:
    """The L1 loss of the denoised image, mean over the batch's pixels."""
    return F.l1_loss(out, y)


def denoise_l1_summed(out: Tensor, y: Tensor) -> Tensor:
    """The L1 loss summed over the batch's pixels (reduction='sum')."""
    return F.l1_loss(out, y, reduction="sum")


SETTF_POINTS, SETTF_CLASSES = 24, 5
"""Sets of 24 points in the plane; 5 kinds of set (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def settf_sets(n: int = 3000, seed: int = 372, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Set classification: 24 points in the plane, in random order, drawn from one of 5 kinds of set: on a ring, on a
    segment, on a square's outline, in two blobs, or filled in a disc; each turned by a random angle, scaled by 0.5-1.5,
    moved by up to 1 each way, plus noise N(0, 0.12^2) per coordinate; 5% of the labels are random (a floor). Only the
    set as a whole tells its kind (a point alone says nothing). x: (sets, 24, 2); y: (sets,). ``nan_rows``: that share of
    the training sets has a missing (NaN) coordinate."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    m = SETTF_POINTS
    y = torch.randint(SETTF_CLASSES, (total,), generator=g)
    u = torch.rand(total, m, generator=g)
    angle = 2 * math.pi * u
    ring = torch.stack([angle.cos(), angle.sin()], -1)
    segment = torch.stack([2 * u - 1, torch.zeros_like(u)], -1)
    side = torch.randint(4, (total, m), generator=g)
    t = 2 * torch.rand(total, m, generator=g) - 1
    one = torch.ones_like(t)
    square = torch.stack([torch.where(side < 2, t, torch.where(side == 2, -one, one)),
                          torch.where(side < 2, torch.where(side == 0, -one, one), t)], -1) * 0.8  # fmt: skip
    which = torch.where(torch.rand(total, m, generator=g) < 0.5, -1.0, 1.0)
    blobs = torch.stack([0.8 * which, torch.zeros_like(u)], -1) + 0.2 * torch.randn(total, m, 2, generator=g)
    disc = ring * torch.rand(total, m, 1, generator=g).sqrt()
    pts = torch.stack([ring, segment, square, blobs, disc], 1)[torch.arange(total), y]
    turn = 2 * math.pi * torch.rand(total, generator=g)
    rot = torch.stack([torch.stack([turn.cos(), -turn.sin()], -1), torch.stack([turn.sin(), turn.cos()], -1)], -2)
    scale = 0.5 + torch.rand(total, 1, 1, generator=g)
    shift = 2 * torch.rand(total, 1, 2, generator=g) - 1
    x = scale * pts @ rot.transpose(1, 2) + shift + 0.12 * torch.randn(total, m, 2, generator=g)
    y = flip_labels(y, SETTF_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, 1] = float("nan")
    return split(x, y, n, "set classification (a Set Transformer: induced set attention, attention pooling)", SETTF_CLASSES,
                 batch_size)  # fmt: skip


class InducedSetAttention(nn.Module):
    """An induced set attention block (Lee et al.'s ISAB): ``inducing`` learned points attend to the set, the set attends
    to them (multi-head attention, residual and LayerNorm each), then a residual ReLU feed-forward layer and LayerNorm."""

    def __init__(self, dim: int, inducing: int, heads: int) -> None:
        super().__init__()
        self.inducing = nn.Parameter(torch.randn(1, inducing, dim) / math.sqrt(dim))
        self.gather = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.scatter = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.ff = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))
        self.norm1, self.norm2, self.norm3 = nn.LayerNorm(dim), nn.LayerNorm(dim), nn.LayerNorm(dim)

    def forward(self, x: Tensor) -> Tensor:
        i = self.inducing.expand(len(x), -1, -1)
        h = self.norm1(i + self.gather(i, x, x, need_weights=False)[0])
        z = self.norm2(x + self.scatter(x, h, h, need_weights=False)[0])
        out: Tensor = self.norm3(z + self.ff(z))
        return out


class SetTransformerNet(nn.Module):
    """A Set Transformer: ``inp`` (2 -> 32), two induced set attention blocks (``isab1``, ``isab2``: 6 inducing points, 4
    heads), pooling by multi-head attention from a learned ``seed`` (PMA), a ReLU layer ``fc`` (32 -> 32) and a ``head``
    to the 5 kinds. Output (sets, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(2, 32)
        self.isab1, self.isab2 = InducedSetAttention(32, 6, 4), InducedSetAttention(32, 6, 4)
        self.seed = nn.Parameter(torch.randn(1, 1, 32) / math.sqrt(32))
        self.pool = nn.MultiheadAttention(32, 4, batch_first=True)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, SETTF_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.isab2(self.isab1(self.inp(x)))
        s = self.seed.expand(len(x), -1, -1)
        pooled = self.pool(s, h, h, need_weights=False)[0].squeeze(1)
        out: Tensor = self.head(F.relu(self.fc(pooled)))
        return out


def settf_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the sets' kinds summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


BPR_USERS, BPR_ITEMS, BPR_FACTORS = 40, 80, 3
"""40 users and 80 items whose true preferences come from 3 latent factors and the items' popularity."""


@lru_cache(maxsize=None)
def bpr_triples(n: int = 20000, seed: int = 373, *, n_val: int = 1000, batch_size: int = 64, train_rows: int | None = None) -> Data:
    """Implicit-feedback ranking: triples (user, preferred item, other item) of 60 users and 100 items; the user's true
    score of an item is the dot product of 4 latent factors N(0, 1) / 2 plus the item's popularity N(0, 0.7^2); the
    preferred item of a pair drawn at random is the one of higher score, swapped in 7% of the triples (a floor).
    x: (triples, 3) ids (user, preferred, other); y: (triples,) zeros (the order is the label). ``train_rows``: keep
    only that many training triples."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    users = torch.randn(BPR_USERS, BPR_FACTORS, generator=g)
    items = torch.randn(BPR_ITEMS, BPR_FACTORS, generator=g)
    pop = torch.randn(BPR_ITEMS, generator=g)
    u = torch.randint(BPR_USERS, (total,), generator=g)
    i = torch.randint(BPR_ITEMS, (total,), generator=g)
    j = (i + torch.randint(1, BPR_ITEMS, (total,), generator=g)) % BPR_ITEMS
    score_i = (users[u] * items[i]).sum(1) / math.sqrt(BPR_FACTORS) + pop[i]
    score_j = (users[u] * items[j]).sum(1) / math.sqrt(BPR_FACTORS) + pop[j]
    swap = (score_i < score_j) ^ (torch.rand(total, generator=g) < 0.07)
    x = torch.stack([u, torch.where(swap, j, i), torch.where(swap, i, j)], 1)
    data = split(x, torch.zeros(total), n, "implicit-feedback ranking (an MLP scorer of user-item pairs, BPR loss)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class BPRScorer(nn.Module):
    """A user-item scorer: ``users`` and ``items`` embeddings (16 each), the pair's [user, item, user * item] (48) through
    a ReLU layer ``fc`` (48 -> 32) and a ``head`` (32 -> 1): the score. Output (triples, 2): the scores of the preferred and
    the other item. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.users = nn.Embedding(BPR_USERS, 16)
        self.items = nn.Embedding(BPR_ITEMS, 16)
        self.fc = nn.Linear(48, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        u = self.users(x[:, 0]).unsqueeze(1).expand(-1, 2, -1)
        v = self.items(x[:, 1:])
        out: Tensor = self.head(F.relu(self.fc(torch.cat([u, v, u * v], -1)))).squeeze(-1)
        return out


def bpr_logloss(out: Tensor, y: Tensor) -> Tensor:
    """The BPR loss: -log sigmoid(score of the preferred item - score of the other), mean over the triples."""
    return -F.logsigmoid(out[:, 0] - out[:, 1]).mean()


def bpr_logloss_summed(out: Tensor, y: Tensor) -> Tensor:
    """The BPR loss summed over the batch's triples (reduction='sum')."""
    return -F.logsigmoid(out[:, 0] - out[:, 1]).sum()


POIREG_DIM = 10
"""Rows of 10 features."""


@lru_cache(maxsize=None)
def poireg_rows(n: int = 3000, seed: int = 374, *, n_val: int = 600, batch_size: int = 64, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Count regression: 10 features N(0, 1), a count drawn from a Poisson distribution whose log-rate is a smooth
    function of 8 of them (sin(x0) + x1 x2 / 2 + relu(x3) - x4 / 2 + tanh(2 x5) + 0.3 x6 x7, standardised, times 0.9,
    minus 0.3: rates of ~0.1-5, mean ~1.1). x: (rows, 10); y: (rows,) the counts. ``train_rows``: keep only that many
    training rows; ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, POIREG_DIM, generator=g)
    f = (torch.sin(x[:, 0]) + x[:, 1] * x[:, 2] / 2 + F.relu(x[:, 3]) - x[:, 4] / 2 + torch.tanh(2 * x[:, 5])
         + 0.3 * x[:, 6] * x[:, 7])  # fmt: skip
    rate = torch.exp(0.9 * (f - f.mean()) / f.std() - 0.3)
    y = torch.poisson(rate, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    data = split(x, y, n, "count regression (an MLP to a log-rate, Poisson negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class PoissonCountNet(nn.Module):
    """A Poisson regression MLP: ``inp`` (10 -> 64, SiLU), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 1): the
    log-rate. Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(POIREG_DIM, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.silu(self.inp(x))))).squeeze(-1)
        return out


def poireg_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Poisson negative log-likelihood of the counts given the log-rate (nn.PoissonNLLLoss's default: log_input=True,
    full=False: exp(out) - y out), mean over the rows."""
    return F.poisson_nll_loss(out, y, log_input=True, full=False)


def poireg_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Poisson negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return F.poisson_nll_loss(out, y, log_input=True, full=False, reduction="sum")


# --------------------------------------------------------------------------- thirty-fourth fresh half (fresh34, held out from all tuning)


GATEDCNN_VOCAB, GATEDCNN_LENGTH, GATEDCNN_TOPICS = 40, 32, 6
"""Documents of 32 tokens of a 40-word vocabulary, of 6 topics (ln 6 = 1.79 at chance)."""


@lru_cache(maxsize=None)
def gatedcnn_docs(n: int = 6000, seed: int = 381, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Topic classification of token sequences: 32 tokens drawn from a 40-word vocabulary, each topic with its own
    preferred words (4 of them, drawn 3 times as often as the others) and its own two-word phrase, planted once or twice
    at random positions (the words of the phrase are common words on their own); 5% of the labels are random (a floor).
    x: (docs, 32) token ids as floats (a NaN is a missing token); y: (docs,). ``nan_rows``: that share of the training
    docs has a missing (NaN) token."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(GATEDCNN_TOPICS, (total,), generator=g)
    weights = torch.ones(GATEDCNN_TOPICS, GATEDCNN_VOCAB)
    for k in range(GATEDCNN_TOPICS):
        weights[k, 16 + 4 * k : 20 + 4 * k] = 3.0
    probs = weights / weights.sum(1, keepdim=True)
    tokens = torch.multinomial(probs[y], GATEDCNN_LENGTH, replacement=True, generator=g)
    phrases = torch.randperm(16, generator=g)[: 2 * GATEDCNN_TOPICS].reshape(GATEDCNN_TOPICS, 2)
    for _ in range(2):
        at = torch.randint(GATEDCNN_LENGTH - 1, (total,), generator=g)
        keep = torch.rand(total, generator=g) < 0.7
        rows = torch.arange(total)[keep]
        tokens[rows, at[keep]] = phrases[y[keep], 0]
        tokens[rows, at[keep] + 1] = phrases[y[keep], 1]
    y = flip_labels(y, GATEDCNN_TOPICS, 0.05, g)
    x = tokens.float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    return split(x, y, n, "topic classification (a gated convolutional network, GLU)", GATEDCNN_TOPICS, batch_size)


class GatedConvClassifier(nn.Module):
    """A gated convolutional text classifier (Dauphin et al.'s GLU blocks): ``embed`` (40 -> 24), ``conv1`` (24 -> 2 x 32,
    width 3) and ``conv2`` (32 -> 2 x 32, width 3, residual), each gated by a GLU (one half times the sigmoid of the other),
    max over time, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 6 topics. Output (docs, 6). ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(GATEDCNN_VOCAB, 24)
        self.conv1 = nn.Conv1d(24, 64, 3, padding=1)
        self.conv2 = nn.Conv1d(32, 64, 3, padding=1)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, GATEDCNN_TOPICS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        bad = ~torch.isfinite(x)
        e = self.embed(torch.nan_to_num(x).long()).transpose(1, 2)
        e = torch.where(bad.unsqueeze(1), torch.full_like(e, float("nan")), e)  # a missing token poisons its document
        h = F.glu(self.conv1(e), dim=1)
        h = h + F.glu(self.conv2(h), dim=1)
        out: Tensor = self.head(F.relu(self.fc(h.amax(2))))
        return out


def gatedcnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the topics summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


FLOWMATCH_KINDS = 4
"""4 kinds of 2-D target density, told by the condition."""


@lru_cache(maxsize=None)
def flowmatch_pairs(n: int = 4000, seed: int = 382, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Conditional flow matching in the plane: a data point x1 of one of 4 densities (a ring of radius 1.5, 8 blobs on a
    circle, a horizontal bar, two vertical bars), a noise point x0 ~ N(0, I), a time t ~ U(0, 1) and the point between
    them x_t = (1 - t) x0 + t x1; the target is the velocity x1 - x0 (all drawn once, the held-out rows too). x: (rows,
    7) [x_t, t, one-hot condition]; y: (rows, 2). ``nan_rows``: that share of the training rows has a missing (NaN)
    time."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    kind = torch.randint(FLOWMATCH_KINDS, (total,), generator=g)
    a = 2 * math.pi * torch.rand(total, generator=g)
    ring = 1.5 * torch.stack([a.cos(), a.sin()], 1)
    k8 = torch.randint(8, (total,), generator=g).float() * (2 * math.pi / 8)
    blobs = 1.5 * torch.stack([k8.cos(), k8.sin()], 1)
    u = 3 * torch.rand(total, generator=g) - 1.5
    bar = torch.stack([u, torch.zeros_like(u)], 1)
    side = torch.where(torch.rand(total, generator=g) < 0.5, -1.0, 1.0)
    bars = torch.stack([side, u], 1)
    x1 = torch.stack([ring, blobs, bar, bars], 1)[torch.arange(total), kind] + 0.08 * torch.randn(total, 2, generator=g)
    x0 = torch.randn(total, 2, generator=g)
    t = torch.rand(total, 1, generator=g)
    xt = (1 - t) * x0 + t * x1
    x = torch.cat([xt, t, F.one_hot(kind, FLOWMATCH_KINDS).float()], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    return split(x, x1 - x0, n, "conditional flow matching (an MLP velocity field, MSE)", None, batch_size)


class FlowVelocityNet(nn.Module):
    """A velocity field: [x_t, sin/cos features of t, the condition] (2 + 8 + 4) through ``inp`` (14 -> 64, SiLU), ``mid``
    (64 -> 64, SiLU), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 2): the velocity. Output (rows, 2).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(2 + 8 + FLOWMATCH_KINDS, 64)
        self.mid = nn.Linear(64, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        self.register_buffer("freqs", torch.tensor([1.0, 2.0, 4.0, 8.0]) * math.pi)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        t = x[:, 2:3] * self.freqs
        h = torch.cat([x[:, :2], t.sin(), t.cos(), x[:, 3:]], 1)
        out: Tensor = self.head(F.relu(self.fc(F.silu(self.mid(F.silu(self.inp(h)))))))
        return out


def flowmatch_mse(out: Tensor, y: Tensor) -> Tensor:
    """The flow-matching loss: the squared error of the velocity, mean over the rows and the 2 coordinates."""
    return F.mse_loss(out, y)


def flowmatch_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error of the velocity summed over the batch (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def flowmatch_at_zero() -> float:
    """The flow-matching loss of a field that predicts 0: the training targets' mean square."""
    return float(flowmatch_pairs().y.pow(2).mean())


HSOFTMAX_CLUSTERS, HSOFTMAX_PER, HSOFTMAX_DIM = 8, 6, 16
"""48 classes in 8 clusters of 6 (ln 48 = 3.87 at chance); rows of 16 features."""


@lru_cache(maxsize=None)
def hsoftmax_rows(n: int = 8000, seed: int = 383, *, n_val: int = 800, batch_size: int = 64, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Classification into 48 classes grouped in 8 clusters of 6: a class's prototype is its cluster's centre N(0, 2^2 I)
    plus its own offset N(0, 0.8^2 I) in 16 features; a row is its class's prototype plus N(0, 0.9^2 I) noise, passed
    through a fixed random rotation and a shear (x + 0.3 x permuted, / 3); 4% of the labels are random (a floor).
    x: (rows, 16); y: (rows,) the class (cluster c holds classes 6c .. 6c + 5). ``train_rows``: keep only that many
    training rows; ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    classes = HSOFTMAX_CLUSTERS * HSOFTMAX_PER
    centres = 2.0 * torch.randn(HSOFTMAX_CLUSTERS, HSOFTMAX_DIM, generator=g)
    protos = centres.repeat_interleave(HSOFTMAX_PER, 0) + 0.8 * torch.randn(classes, HSOFTMAX_DIM, generator=g)
    y = torch.randint(classes, (total,), generator=g)
    x = protos[y] + 0.9 * torch.randn(total, HSOFTMAX_DIM, generator=g)
    rot = torch.linalg.qr(torch.randn(HSOFTMAX_DIM, HSOFTMAX_DIM, generator=g))[0]
    x = x @ rot
    x = (x + 0.3 * x[:, torch.randperm(HSOFTMAX_DIM, generator=g)]) / 3
    y = flip_labels(y, classes, 0.04, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3] = float("nan")
    data = split(x, y, n, "48-way classification by a two-level (hierarchical) softmax", classes, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, classes, batch_size)
    return data


class TwoLevelSoftmaxNet(nn.Module):
    """A classifier with a two-level (hierarchical) softmax: ``inp`` (16 -> 64, ReLU), a ReLU layer ``fc`` (64 -> 64) and
    a ``head`` (64 -> 8 + 48): the 8 cluster logits and, for each cluster, its 6 classes' logits; log p(class) =
    log_softmax(cluster logits)[its cluster] + log_softmax(its cluster's class logits)[it]. Output (rows, 48): the
    log-probabilities. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(HSOFTMAX_DIM, 64)
        self.fc = nn.Linear(64, 64)
        self.head = nn.Linear(64, HSOFTMAX_CLUSTERS * (1 + HSOFTMAX_PER))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        z = self.head(F.relu(self.fc(F.relu(self.inp(x)))))
        top = F.log_softmax(z[:, :HSOFTMAX_CLUSTERS], 1)
        low = F.log_softmax(z[:, HSOFTMAX_CLUSTERS:].reshape(len(x), HSOFTMAX_CLUSTERS, HSOFTMAX_PER), 2)
        out: Tensor = (top.unsqueeze(2) + low).reshape(len(x), -1)
        return out


def hsoftmax_nll(out: Tensor, y: Tensor) -> Tensor:
    """The negative log-likelihood of the class under the two-level softmax, mean over the rows."""
    return F.nll_loss(out, y)


def hsoftmax_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return F.nll_loss(out, y, reduction="sum")


SHUFFLENET_SIZE, SHUFFLENET_CLASSES = 12, 6
"""Colour images of 12 x 12 pixels; 6 classes of texture (ln 6 = 1.79 at chance)."""


@lru_cache(maxsize=None)
def shufflenet_images(n: int = 3000, seed: int = 384, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Texture classification of 12 x 12 colour images: a grating of one of 6 kinds (horizontal, vertical, either
    diagonal, a checkerboard, concentric rings) of random period 3-6 pixels and phase, each channel its own random
    weight of it plus an offset, plus N(0, 0.5^2) noise per pixel; 5% of the labels are random (a floor).
    x: (images, 3, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = SHUFFLENET_SIZE
    grid = torch.arange(s, dtype=torch.float32) - (s - 1) / 2
    yy, xx = grid[None, :, None].expand(1, s, s), grid[None, None, :].expand(1, s, s)
    y = torch.randint(SHUFFLENET_CLASSES, (total,), generator=g)
    period = 3 + 3 * torch.rand(total, 1, 1, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
    w = 2 * math.pi / period
    kinds = torch.stack([(w * yy + phase).sin(), (w * xx + phase).sin(), (w * (xx + yy) / math.sqrt(2) + phase).sin(),
                         (w * (xx - yy) / math.sqrt(2) + phase).sin(), (w * xx + phase).sin() * (w * yy).sin().sign(),
                         (w * (xx**2 + yy**2).sqrt() + phase).sin()], 1)  # fmt: skip
    pattern = kinds[torch.arange(total), y]
    colour = 0.5 + torch.rand(total, 3, 1, 1, generator=g)
    offset = 0.3 * torch.randn(total, 3, 1, 1, generator=g)
    x = colour * pattern.unsqueeze(1) + offset + 0.5 * torch.randn(total, 3, s, s, generator=g)
    y = flip_labels(y, SHUFFLENET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1, 6, 2] = float("nan")
    return split(x, y, n, "texture classification (a ShuffleNet-like CNN: grouped 1 x 1 convolutions, channel shuffle)",
                 SHUFFLENET_CLASSES, batch_size)  # fmt: skip


class ShuffleUnit(nn.Module):
    """A ShuffleNet unit: a grouped 1 x 1 convolution (4 groups) with BatchNorm and ReLU, a channel shuffle, a depthwise
    3 x 3 convolution with BatchNorm, a grouped 1 x 1 convolution with BatchNorm, added to the input, then ReLU."""

    def __init__(self, channels: int, groups: int = 4) -> None:
        super().__init__()
        self.groups = groups
        self.reduce = nn.Conv2d(channels, channels, 1, groups=groups, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.depthwise = nn.Conv2d(channels, channels, 3, padding=1, groups=channels, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)
        self.expand = nn.Conv2d(channels, channels, 1, groups=groups, bias=False)
        self.bn3 = nn.BatchNorm2d(channels)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.bn1(self.reduce(x)))
        b, c, hh, ww = h.shape
        h = h.reshape(b, self.groups, c // self.groups, hh, ww).transpose(1, 2).reshape(b, c, hh, ww)  # the channel shuffle
        h = self.bn3(self.expand(self.bn2(self.depthwise(h))))
        return F.relu(x + h)


class ShuffleNetSmall(nn.Module):
    """A ShuffleNet-like CNN: ``stem`` (3 -> 16, 3 x 3, BatchNorm, ReLU), ``unit1``, a 2 x 2 max-pool, ``unit2`` (16
    channels, 4 groups each), global average pooling, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 6 classes.
    Output (images, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        self.unit1, self.unit2 = ShuffleUnit(16), ShuffleUnit(16)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, SHUFFLENET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.unit2(F.max_pool2d(self.unit1(F.relu(self.bn(self.stem(x)))), 2))
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


def shufflenet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


# --------------------------------------------------------------------------- thirty-fifth fresh half (fresh35, held out from all tuning)


SENET_SIZE, SENET_CLASSES = 12, 6
"""Two-channel images of 12 x 12 pixels; 6 classes, the direction from one spot to the other (ln 6 = 1.79 at chance)."""


@lru_cache(maxsize=None)
def senet_images(n: int = 6000, seed: int = 391, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Direction classification of 12 x 12 two-channel images: a Gaussian spot (width 1.2 pixels) in channel 0 and
    another in channel 1, 3.5 pixels away in one of 6 directions (60 degrees apart: the class), both placed at random,
    each of random brightness 0.7-1.5, plus N(0, 0.5^2) noise per pixel; 5% of the labels are random (a floor).
    x: (images, 2, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = SENET_SIZE
    grid = torch.arange(s, dtype=torch.float32)
    y = torch.randint(SENET_CLASSES, (total,), generator=g)
    angle = y.float() * (2 * math.pi / SENET_CLASSES)
    a = 3.0 + 6.0 * torch.rand(total, 2, generator=g)
    b = a + 3.5 * torch.stack([angle.cos(), angle.sin()], 1)

    def spot(c: Tensor) -> Tensor:
        d2 = (grid[None, :, None] - c[:, 0, None, None]) ** 2 + (grid[None, None, :] - c[:, 1, None, None]) ** 2
        return torch.exp(-d2 / (2 * 1.2**2))

    bright = 0.7 + 0.8 * torch.rand(total, 2, 1, 1, generator=g)
    x = torch.stack([spot(a), spot(b)], 1) * bright + 0.5 * torch.randn(total, 2, s, s, generator=g)
    y = flip_labels(y, SENET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    return split(x, y, n, "direction classification (a squeeze-and-excitation CNN)", SENET_CLASSES, batch_size)


class SqueezeExcite(nn.Module):
    """A squeeze-and-excitation block: global average pooling, ``down`` (C -> C / 4, ReLU), ``up`` (C / 4 -> C,
    sigmoid), the channels rescaled by it."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.down = nn.Linear(channels, channels // 4)
        self.up = nn.Linear(channels // 4, channels)

    def forward(self, x: Tensor) -> Tensor:
        w = torch.sigmoid(self.up(F.relu(self.down(x.mean((2, 3))))))
        return x * w[:, :, None, None]


class SENetSmall(nn.Module):
    """A squeeze-and-excitation CNN: ``conv1`` (2 -> 16, 3 x 3, ReLU), ``se1``, a 2 x 2 max-pool, ``conv2`` (16 -> 32,
    3 x 3, ReLU), ``se2``, global max pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 6 classes.
    Output (images, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(2, 16, 3, padding=1)
        self.se1 = SqueezeExcite(16)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.se2 = SqueezeExcite(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, SENET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(self.se1(F.relu(self.conv1(x))), 2)
        h = self.se2(F.relu(self.conv2(h)))
        out: Tensor = self.head(F.relu(self.fc(h.amax((2, 3)))))
        return out


def senet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the directions summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


SUMGRU_LENGTH = 16
"""Sequences of 16 steps of 2 channels (a value and a gate)."""


@lru_cache(maxsize=None)
def sumgru_series(n: int = 4000, seed: int = 392, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Sequence regression: 16 steps of a value v_t ~ N(0, 1) and a gate g_t (1 with probability 0.3, else 0); the target
    is the gated sum of the values plus half the largest value, standardised, plus N(0, 0.3^2) noise (a floor).
    x: (rows, 16, 2); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) value."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    v = torch.randn(total, SUMGRU_LENGTH, generator=g)
    gate = (torch.rand(total, SUMGRU_LENGTH, generator=g) < 0.3).float()
    target = (gate * v).sum(1) + 0.5 * v.amax(1)
    target = (target - target.mean()) / target.std()
    y = target + 0.3 * torch.randn(total, generator=g)
    x = torch.stack([v, gate], 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9, 0] = float("nan")
    return split(x, y, n, "gated-sum regression of sequences (a bidirectional GRU, smooth L1)", None, batch_size)


class BiGRUSumRegressor(nn.Module):
    """A bidirectional GRU regressor: ``gru`` (2 -> 24 each way), the two final states concatenated (48), a ReLU layer
    ``fc`` (48 -> 32) and a ``head`` (32 -> 1). Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.gru = nn.GRU(2, 24, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(48, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        _, h = self.gru(x)
        out: Tensor = self.head(F.relu(self.fc(torch.cat([h[0], h[1]], 1)))).squeeze(1)
        return out


def sumgru_huber(out: Tensor, y: Tensor) -> Tensor:
    """The smooth L1 loss (beta 1) of the standardised target, mean over the rows."""
    return F.smooth_l1_loss(out, y)


def sumgru_huber_summed(out: Tensor, y: Tensor) -> Tensor:
    """The smooth L1 loss summed over the batch's rows (reduction='sum')."""
    return F.smooth_l1_loss(out, y, reduction="sum")


def sumgru_at_zero() -> float:
    """The smooth L1 loss of a regressor that predicts 0: its level at init."""
    return float(F.smooth_l1_loss(torch.zeros(len(sumgru_series().y)), sumgru_series().y))


ATTNPOOL_TYPES, ATTNPOOL_BAG, ATTNPOOL_DIM = 5, 12, 8
"""Bags of 12 feature vectors of 8 dimensions, each of one of 5 types; 5 classes (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def attnpool_bags(n: int = 6000, seed: int = 393, *, n_val: int = 800, batch_size: int = 32, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Bag classification: each type has a prototype N(0, 1.5^2 I) in 8 features; a bag of class k holds 4 instances of
    type k and 8 of the other types (drawn uniformly), each its prototype plus N(0, 0.6^2 I), in random order; 5% of the
    labels are random (a floor). x: (bags, 12, 8); y: (bags,). ``train_rows``: keep only that many training bags;
    ``nan_rows``: that share of the training bags has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    protos = 1.5 * torch.randn(ATTNPOOL_TYPES, ATTNPOOL_DIM, generator=g)
    y = torch.randint(ATTNPOOL_TYPES, (total,), generator=g)
    others = (y[:, None] + 1 + torch.randint(ATTNPOOL_TYPES - 1, (total, ATTNPOOL_BAG - 4), generator=g)) % ATTNPOOL_TYPES
    types = torch.cat([y[:, None].expand(total, 4), others], 1)
    types = torch.gather(types, 1, torch.argsort(torch.rand(total, ATTNPOOL_BAG, generator=g), 1))
    x = protos[types] + 0.6 * torch.randn(total, ATTNPOOL_BAG, ATTNPOOL_DIM, generator=g)
    y = flip_labels(y, ATTNPOOL_TYPES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, 2] = float("nan")
    data = split(x, y, n, "bag classification by multi-head attention pooling", ATTNPOOL_TYPES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, ATTNPOOL_TYPES, batch_size)
    return data


class AttnPoolClassifier(nn.Module):
    """Multi-head attention pooling of a bag: ``embed`` (8 -> 32, ReLU) per instance, a learned ``query`` attending over
    the instances by ``attn`` (nn.MultiheadAttention, 32, 4 heads), a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the
    5 classes. Output (bags, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Linear(ATTNPOOL_DIM, 32)
        self.query = nn.Parameter(0.1 * torch.randn(1, 1, 32))
        self.attn = nn.MultiheadAttention(32, 4, batch_first=True)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, ATTNPOOL_TYPES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.embed(x))
        pooled, _ = self.attn(self.query.expand(len(x), 1, 32), h, h, need_weights=False)
        out: Tensor = self.head(F.relu(self.fc(pooled.squeeze(1))))
        return out


def attnpool_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the bags' classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


HIGHWAY_FEATURES, HIGHWAY_CLASSES = 20, 4
"""Rows of 20 features; 4 classes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def highway_rows(n: int = 6000, seed: int = 394, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Tabular classification: 20 features N(0, 1); a class's score is a fixed random tanh unit of 8 features plus the
    product of two others, the class the largest of the 4 scores; 5% of the labels are random (a floor). x: (rows, 20);
    y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, HIGHWAY_FEATURES, generator=g)
    w = torch.randn(HIGHWAY_CLASSES, 8, generator=g)
    pick = torch.randperm(HIGHWAY_FEATURES, generator=g)
    scores = torch.tanh(x[:, pick[:8]] @ w.T / 2) * 2
    for k in range(HIGHWAY_CLASSES):
        scores[:, k] += x[:, pick[8 + 2 * k]] * x[:, pick[9 + 2 * k]]
    y = flip_labels(scores.argmax(1), HIGHWAY_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    return split(x, y, n, "tabular classification (a highway network)", HIGHWAY_CLASSES, batch_size)


class HighwayNet(nn.Module):
    """A highway network: ``inp`` (20 -> 48, ReLU), 3 highway layers (h = T * relu(W h) + (1 - T) * h, the transform gate
    T = sigmoid(G h) with its bias at -1), a ReLU layer ``fc`` (48 -> 32) and a ``head`` to the 4 classes.
    Output (rows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(HIGHWAY_FEATURES, 48)
        self.plain = nn.ModuleList(nn.Linear(48, 48) for _ in range(3))
        self.gates = nn.ModuleList(nn.Linear(48, 48) for _ in range(3))
        self.fc = nn.Linear(48, 32)
        self.head = nn.Linear(32, HIGHWAY_CLASSES)
        with torch.no_grad():
            for gate in self.gates:
                gate.bias.fill_(-1.0)
            if dead_bias:
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.inp(x))
        for plain, gate in zip(self.plain, self.gates):
            t = torch.sigmoid(gate(h))
            h = t * F.relu(plain(h)) + (1 - t) * h
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def highway_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


# --------------------------------------------------------------------------- thirty-sixth fresh half (fresh36, held out from all tuning)


LENET_SIZE, LENET_CLASSES = 16, 10
"""Grey images of 16 x 16 pixels of seven-segment stroke digits; 10 classes (ln 10 = 2.30 at chance)."""
LENET_SEGMENTS = (
    (0, 1, 2, 4, 5, 6), (2, 5), (0, 2, 3, 4, 6), (0, 2, 3, 5, 6), (1, 2, 3, 5),
    (0, 1, 3, 5, 6), (0, 1, 3, 4, 5, 6), (0, 2, 5), (0, 1, 2, 3, 4, 5, 6), (0, 1, 2, 3, 5, 6),
)  # fmt: skip
"""The lit segments of each digit: 0 top, 1 top left, 2 top right, 3 middle, 4 bottom left, 5 bottom right, 6 bottom."""


@lru_cache(maxsize=None)
def lenet_digits(n: int = 6000, seed: int = 401, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Stroke digits: each digit's seven-segment strokes (a 6 x 10 pixel glyph, segments of soft width ~1 pixel) drawn at a
    random place (shifted up to 2 pixels each way), slanted by a random shear of up to 0.25, each segment of random
    brightness 0.6-1.2 (a segment dropped with probability 0.03), plus N(0, 0.3^2) noise per pixel; 5% of the labels are
    random (a floor). x: (images, 1, 16, 16); y: (images,). ``nan_rows``: that share of the training images has a missing
    (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = LENET_SIZE
    ends = torch.tensor([[[0, 0], [6, 0]], [[0, 0], [0, 5]], [[6, 0], [6, 5]], [[0, 5], [6, 5]], [[0, 5], [0, 10]],
                         [[6, 5], [6, 10]], [[0, 10], [6, 10]]], dtype=torch.float32)  # fmt: skip
    lit = torch.zeros(LENET_CLASSES, 7)
    for k, segs in enumerate(LENET_SEGMENTS):
        lit[k, list(segs)] = 1.0
    y = torch.randint(LENET_CLASSES, (total,), generator=g)
    shift = torch.randint(-2, 3, (total, 1, 2), generator=g).float() + torch.tensor([5.0, 3.0])
    shear = 0.5 * torch.rand(total, 1, generator=g) - 0.25
    bright = (0.6 + 0.6 * torch.rand(total, 7, generator=g)) * (torch.rand(total, 7, generator=g) > 0.03).float() * lit[y]
    col = torch.arange(s, dtype=torch.float32)[None, None, :, None]  # x
    row = torch.arange(s, dtype=torch.float32)[None, None, None, :]  # y
    img = torch.zeros(total, s, s)
    for seg in range(7):
        a = ends[seg, 0][None, :] + shift[:, 0]
        b = ends[seg, 1][None, :] + shift[:, 0]
        a = torch.stack([a[:, 0] + shear[:, 0] * (10 - ends[seg, 0, 1]), a[:, 1]], 1)
        b = torch.stack([b[:, 0] + shear[:, 0] * (10 - ends[seg, 1, 1]), b[:, 1]], 1)
        d = b - a
        px, py = col - a[:, 0, None, None, None], row - a[:, 1, None, None, None]
        t = ((px * d[:, 0, None, None, None] + py * d[:, 1, None, None, None]) / (d**2).sum(1)[:, None, None, None]).clamp(0, 1)
        dist2 = (px - t * d[:, 0, None, None, None]) ** 2 + (py - t * d[:, 1, None, None, None]) ** 2
        img += bright[:, seg, None, None] * torch.exp(-dist2[:, 0] / (2 * 0.6**2)).transpose(1, 2)
    x = img.clamp(max=1.5)[:, None] + 0.3 * torch.randn(total, 1, s, s, generator=g)
    y = flip_labels(y, LENET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 8, 6] = float("nan")
    return split(x, y, n, "stroke digit classification (a LeNet-5-like CNN)", LENET_CLASSES, batch_size)


class LeNetSmall(nn.Module):
    """A LeNet-5-like CNN: ``conv1`` (1 -> 6, 5 x 5, padding 2, tanh), 2 x 2 average pooling, ``conv2`` (6 -> 16, 5 x 5,
    tanh), 2 x 2 average pooling (16 x 2 x 2 = 64), a ReLU layer ``fc1`` (64 -> 120), a ReLU layer ``fc`` (120 -> 84) and
    a ``head`` to the 10 classes. Output (images, 10). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(64, 120)
        self.fc = nn.Linear(120, 84)
        self.head = nn.Linear(84, LENET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.avg_pool2d(torch.tanh(self.conv1(x)), 2)
        h = F.avg_pool2d(torch.tanh(self.conv2(h)), 2)
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.fc1(h.flatten(1))))))
        return out


def lenet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the digits summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


WRN_SIZE, WRN_CLASSES = 12, 6
"""Grey textures of 12 x 12 pixels; 6 classes, 3 orientations x 2 frequencies of a grating (ln 6 = 1.79 at chance)."""


@lru_cache(maxsize=None)
def wrn_textures(n: int = 6000, seed: int = 402, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Texture classification: a grating of one of 3 orientations (0, 60, 120 degrees, each turned by up to +-12 degrees)
    and one of 2 periods (3 or 5 pixels, each stretched by up to +-15%), of random phase and contrast 0.4-1.0, times a
    smooth random envelope, plus N(0, 0.9^2) noise per pixel; 5% of the labels are random (a floor). The class is
    orientation x 2 + period. x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a
    missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = WRN_SIZE
    y = torch.randint(WRN_CLASSES, (total,), generator=g)
    angle = (y // 2).float() * (math.pi / 3) + (torch.rand(total, generator=g) - 0.5) * (math.pi / 7.5)
    period = torch.where(y % 2 == 0, 3.0, 5.0) * (0.85 + 0.3 * torch.rand(total, generator=g))
    phase = 2 * math.pi * torch.rand(total, generator=g)
    contrast = 0.4 + 0.6 * torch.rand(total, generator=g)
    r, c = torch.meshgrid(torch.arange(s, dtype=torch.float32), torch.arange(s, dtype=torch.float32), indexing="ij")
    u = c[None] * angle.cos()[:, None, None] + r[None] * angle.sin()[:, None, None]
    wave = torch.sin(2 * math.pi * u / period[:, None, None] + phase[:, None, None])
    centre = 2 + 8 * torch.rand(total, 2, generator=g)
    env = torch.exp(-((r[None] - centre[:, 0, None, None]) ** 2 + (c[None] - centre[:, 1, None, None]) ** 2) / (2 * 4.0**2))
    x = (contrast[:, None, None] * wave * (0.4 + 0.6 * env))[:, None] + 0.9 * torch.randn(total, 1, s, s, generator=g)
    y = flip_labels(y, WRN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 4, 9] = float("nan")
    return split(x, y, n, "texture classification (a tiny wide ResNet with BatchNorm)", WRN_CLASSES, batch_size)


class WideBasicBlock(nn.Module):
    """A pre-activation wide ResNet block: BatchNorm, ReLU, a 3 x 3 conv (stride ``stride``), BatchNorm, ReLU, a 3 x 3 conv,
    plus the shortcut (a 1 x 1 conv where the shape changes)."""

    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.short = nn.Conv2d(cin, cout, 1, stride, bias=False) if (cin != cout or stride != 1) else None

    def forward(self, x: Tensor) -> Tensor:
        o = F.relu(self.bn1(x))
        h = self.conv2(F.relu(self.bn2(self.conv1(o))))
        return h + (self.short(o) if self.short is not None else x)


class TinyWideResNet(nn.Module):
    """A tiny wide ResNet (WRN-10-2-like): a ``stem`` conv (1 -> 16, 3 x 3), ``block1`` (16 -> 16), ``block2`` (16 -> 32,
    stride 2), BatchNorm and ReLU, global average pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 6 classes.
    Output (images, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 3, padding=1, bias=False)
        self.block1 = WideBasicBlock(16, 16, 1)
        self.block2 = WideBasicBlock(16, 32, 2)
        self.bn = nn.BatchNorm2d(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, WRN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.block2(self.block1(self.stem(x)))
        h = F.relu(self.bn(h)).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def wrn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the textures summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


RBFNET_FEATURES, RBFNET_CENTRES = 6, 32
"""Rows of 6 features; 32 radial basis units."""


@lru_cache(maxsize=None)
def rbfnet_rows(n: int = 4000, seed: int = 403, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Tabular regression: 6 features N(0, 1); the target a sum of 5 Gaussian bumps (fixed random centres N(0, 1), widths
    0.8-1.4, heights +-1 to +-2) plus 0.5 x sin of the first feature, standardised, plus N(0, 0.3^2) noise (a floor).
    x: (rows, 6); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, RBFNET_FEATURES, generator=g)
    centres = torch.randn(5, RBFNET_FEATURES, generator=g)
    widths = 0.8 + 0.6 * torch.rand(5, generator=g)
    heights = (1 + torch.rand(5, generator=g)) * torch.where(torch.rand(5, generator=g) < 0.5, -1.0, 1.0)
    d2 = ((x[:, None, :] - centres[None]) ** 2).sum(2)
    target = (heights * torch.exp(-d2 / (2 * widths**2))).sum(1) + 0.5 * torch.sin(x[:, 0])
    target = (target - target.mean()) / target.std()
    y = target + 0.3 * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    return split(x, y, n, "tabular regression (a radial basis function network)", None, batch_size)


class RBFNetwork(nn.Module):
    """A radial basis function network: ``centres`` (32 x 6, learned, initialised N(0, 1)) and ``log_width`` (32, learned,
    initialised at log 1.5), units exp(-|x - c_k|^2 / (2 width_k^2)), a ReLU layer ``fc`` (32 -> 32) and a ``head``
    (32 -> 1). Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.centres = nn.Parameter(torch.randn(RBFNET_CENTRES, RBFNET_FEATURES))
        self.log_width = nn.Parameter(torch.full((RBFNET_CENTRES,), math.log(1.5)))
        self.fc = nn.Linear(RBFNET_CENTRES, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        d2 = ((x[:, None, :] - self.centres[None]) ** 2).sum(2)
        phi = torch.exp(-d2 / (2 * torch.exp(2 * self.log_width)))
        out: Tensor = self.head(F.relu(self.fc(phi))).squeeze(1)
        return out


def rbfnet_mse(out: Tensor, y: Tensor) -> Tensor:
    """The squared error of the standardised target, mean over the rows."""
    return F.mse_loss(out, y)


def rbfnet_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's rows (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def rbfnet_at_zero() -> float:
    """The squared error of a regressor that predicts 0: its level at init (~1.1)."""
    return float(F.mse_loss(torch.zeros(len(rbfnet_rows().y)), rbfnet_rows().y))


CHEB_NODES, CHEB_FEATURES, CHEB_CLASSES, CHEB_ORDER = 12, 2, 4, 3
"""Graphs of 12 nodes with 2 features a node; 4 classes, the graph's generator (ln 4 = 1.39 at chance); Chebyshev filters
of order 3 (T_0, T_1, T_2)."""


@lru_cache(maxsize=None)
def cheb_graphs(n: int = 4000, seed: int = 404, *, n_val: int = 800, batch_size: int = 32, train_rows: int | None = None,
                nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Graph classification by generator, all of mean degree ~3.5: Erdos-Renyi (p = 0.32), two communities (p 0.55 within,
    0.08 between), a ring lattice (each node to its 2 nearest on each side) with 25% of its edges rewired, and a hub graph
    (each node linked to 2 earlier ones by preferential attachment); 5% of the labels are random (a floor). Each graph is
    one row: its scaled Laplacian L~ = 2 L / lambda_max - I (L the normalised Laplacian, lambda_max taken as 2: L~ = -D^-1/2
    A D^-1/2) beside its node features (1 and the degree / 4 plus N(0, 0.5^2) noise). x: (graphs, 12, 12 + 2); y: (graphs,).
    ``train_rows``: keep only that many training graphs; ``nan_rows``: that share of the training graphs has a missing (NaN)
    node feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    m = CHEB_NODES
    y = torch.randint(CHEB_CLASSES, (total,), generator=g)
    adj = torch.zeros(total, m, m)
    upper = torch.triu(torch.ones(m, m), 1).bool()
    for i in range(total):
        kind = int(y[i])
        if kind == 0:
            a = (torch.rand(m, m, generator=g) < 0.32) & upper
        elif kind == 1:
            side = torch.randperm(m, generator=g) < m // 2
            p = torch.where(side[:, None] == side[None, :], 0.55, 0.08)
            a = (torch.rand(m, m, generator=g) < p) & upper
        elif kind == 2:
            a = torch.zeros(m, m, dtype=torch.bool)
            for u in range(m):
                for k in (1, 2):
                    v = (u + k) % m
                    if torch.rand(1, generator=g).item() < 0.25:
                        v = int(torch.randint(m, (1,), generator=g))
                    if v != u:
                        a[min(u, v), max(u, v)] = True
        else:
            a = torch.zeros(m, m, dtype=torch.bool)
            a[0, 1] = a[0, 2] = a[1, 2] = True
            deg = torch.zeros(m)
            deg[:3] = 2
            for u in range(3, m):
                picks = torch.multinomial(deg[:u] + 0.5, 2, replacement=False, generator=g)
                for v in picks.tolist():
                    a[v, u] = True
                    deg[v] += 1
                deg[u] += 2
        a = a.float()
        adj[i] = a + a.T
    perm = torch.argsort(torch.rand(total, m, generator=g), 1)
    adj = adj[torch.arange(total)[:, None, None], perm[:, :, None], perm[:, None, :]]
    deg = adj.sum(2)
    inv = torch.where(deg > 0, deg.clamp(min=1).rsqrt(), 0.0)
    lap = -inv[:, :, None] * adj * inv[:, None, :]
    feats = torch.stack([torch.ones(total, m), deg / 4 + 0.5 * torch.randn(total, m, generator=g)], 2)
    x = torch.cat([lap, feats], 2)
    y = flip_labels(y, CHEB_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5, m + 1] = float("nan")
    data = split(x, y, n, "graph classification (a Chebyshev spectral graph convolution net)", CHEB_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CHEB_CLASSES, batch_size)
    return data


class ChebConv(nn.Module):
    """A Chebyshev spectral graph convolution (Defferrard et al.): sum_k T_k(L~) X W_k over k < 3, T_0 X = X,
    T_1 X = L~ X, T_2 X = 2 L~ T_1 X - X, plus a bias."""

    def __init__(self, cin: int, cout: int) -> None:
        super().__init__()
        self.lin = nn.Linear(CHEB_ORDER * cin, cout)

    def forward(self, lap: Tensor, x: Tensor) -> Tensor:
        t0 = x
        t1 = lap @ x
        t2 = 2 * (lap @ t1) - t0
        out: Tensor = self.lin(torch.cat([t0, t1, t2], 2))
        return out


class ChebNet(nn.Module):
    """A Chebyshev graph convolution net: ``cheb1`` (2 -> 16, ReLU), ``cheb2`` (16 -> 32, ReLU), mean and max pooling over
    the nodes (64), a ReLU layer ``fc`` (64 -> 32) and a ``head`` to the 4 classes. Input (graphs, 12, 12 + 2): the scaled
    Laplacian beside the node features. Output (graphs, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.cheb1 = ChebConv(CHEB_FEATURES, 16)
        self.cheb2 = ChebConv(16, 32)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, CHEB_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        lap, h = x[:, :, :CHEB_NODES], x[:, :, CHEB_NODES:]
        h = F.relu(self.cheb1(lap, h))
        h = F.relu(self.cheb2(lap, h))
        out: Tensor = self.head(F.relu(self.fc(torch.cat([h.mean(1), h.amax(1)], 1))))
        return out


def cheb_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the graphs' classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


# --------------------------------------------------------------------------- thirty-seventh fresh half (fresh37, held out from all tuning)


HOPFIELD_DIM, HOPFIELD_CLASSES, HOPFIELD_MEMORY = 24, 6, 24
"""Binary (+-1) patterns of 24 bits, 3 per class; 6 classes (ln 6 = 1.79 at chance); 24 learned stored patterns."""


@lru_cache(maxsize=None)
def hopfield_patterns(n: int = 6000, seed: int = 401, *, n_val: int = 800, batch_size: int = 32,
                      train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Associative recall: 18 random binary patterns of 24 bits (+-1), 3 per class; a row is one of them with 15% of its
    bits flipped and 25% masked (set to 0), plus N(0, 0.3^2) noise; the class is that of the pattern; 5% of the labels
    are random (a floor). x: (rows, 24); y: (rows,). ``train_rows``: keep only that many training rows; ``nan_rows``:
    that share of the training rows has a missing (NaN) bit."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    stored = torch.randint(2, (3 * HOPFIELD_CLASSES, HOPFIELD_DIM), generator=g).float() * 2 - 1
    which = torch.randint(3 * HOPFIELD_CLASSES, (total,), generator=g)
    x = stored[which]
    x = torch.where(torch.rand(total, HOPFIELD_DIM, generator=g) < 0.15, -x, x)
    x = x * (torch.rand(total, HOPFIELD_DIM, generator=g) >= 0.25).float() + 0.3 * torch.randn(total, HOPFIELD_DIM, generator=g)
    y = flip_labels(which // 3, HOPFIELD_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 11] = float("nan")
    data = split(x, y, n, "associative recall of corrupted binary patterns (a modern Hopfield classifier)",
                 HOPFIELD_CLASSES, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, HOPFIELD_CLASSES, batch_size)
    return data


class HopfieldClassifier(nn.Module):
    """A modern Hopfield (associative memory) classifier: ``query`` (24 -> 32) maps the input to a state pattern, 2
    updates xi <- softmax(beta xi M^T) M over the ``memory`` M of 24 learned stored patterns (beta = 1 / sqrt(32)), the
    retrieved pattern plus the state to a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 6 classes.
    Output (rows, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.query = nn.Linear(HOPFIELD_DIM, 32)
        self.memory = nn.Parameter(torch.randn(HOPFIELD_MEMORY, 32))
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, HOPFIELD_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        state = self.query(x)
        xi = state
        for _ in range(2):
            xi = torch.softmax(xi @ self.memory.T / math.sqrt(32), 1) @ self.memory
        out: Tensor = self.head(F.relu(self.fc(xi + state)))
        return out


def hopfield_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


BYTECNN_LENGTH, BYTECNN_CLASSES = 32, 5
"""Strings of 32 bytes; 5 classes, the source that wrote them (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def bytecnn_strings(n: int = 6000, seed: int = 402, *, n_val: int = 800, batch_size: int = 32,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Source identification of byte strings: 5 sources, each a Markov chain over 28 byte values (a-z, space, '.'),
    its bigram transitions 0.3 x a shared table plus 0.7 x its own (rows Dirichlet(0.2)); a row is 32 bytes of one
    source, its first byte uniform; 5% of the labels are random (a floor). x: (rows, 32) byte values (long); y: (rows,).
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    alphabet = torch.tensor([*range(97, 123), 32, 46])
    k = len(alphabet)

    def table() -> Tensor:
        t = torch._standard_gamma(torch.full((k, k), 0.2), generator=g)
        return t / t.sum(1, keepdim=True)

    shared = table()
    chains = torch.stack([0.3 * shared + 0.7 * table() for _ in range(BYTECNN_CLASSES)])
    y = torch.randint(BYTECNN_CLASSES, (total,), generator=g)
    idx = torch.empty(total, BYTECNN_LENGTH, dtype=torch.long)
    idx[:, 0] = torch.randint(k, (total,), generator=g)
    for t in range(1, BYTECNN_LENGTH):
        idx[:, t] = torch.multinomial(chains[y, idx[:, t - 1]], 1, generator=g).squeeze(1)
    x = alphabet[idx]
    y = flip_labels(y, BYTECNN_CLASSES, 0.05, g)
    data = split(x, y, n, "byte-level source identification of strings (a byte CNN)", BYTECNN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, BYTECNN_CLASSES, batch_size)
    return data


class ByteCNN(nn.Module):
    """A byte-level 1-D CNN: ``embed`` (256 byte values -> 16), ``conv1`` (16 -> 32, width 3, ReLU), a max-pool of 2,
    ``conv2`` (32 -> 32, width 3, ReLU), max over time, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 5 classes.
    Output (rows, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(256, 16)
        self.conv1 = nn.Conv1d(16, 32, 3, padding=1)
        self.conv2 = nn.Conv1d(32, 32, 3, padding=1)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, BYTECNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool1d(F.relu(self.conv1(self.embed(x).transpose(1, 2))), 2)
        h = F.relu(self.conv2(h)).amax(2)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def bytecnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the sources summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CONDCONV_SIZE, CONDCONV_CLASSES, CONDCONV_EXPERTS = 12, 6, 4
"""Images of 12 x 12 pixels; 6 classes, a bar's orientation (ln 6 = 1.79 at chance); 4 expert kernels a layer."""


@lru_cache(maxsize=None)
def condconv_bars(n: int = 6000, seed: int = 403, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Orientation classification: a bar (a Gaussian ridge 0.8 pixels wide, 4-8 pixels long) at one of 6 orientations
    30 degrees apart (the class), centred at random, of brightness 0.6-1.4, plus N(0, 0.4^2) noise per pixel; 5% of the
    labels are random (a floor). x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images
    has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = CONDCONV_SIZE
    grid = torch.arange(s, dtype=torch.float32)
    y = torch.randint(CONDCONV_CLASSES, (total,), generator=g)
    angle = y.float() * (math.pi / CONDCONV_CLASSES)
    c = 3.5 + 5.0 * torch.rand(total, 2, generator=g)
    half = (2.0 + 2.0 * torch.rand(total, generator=g))[:, None, None]
    dx = grid[None, :, None] - c[:, 0, None, None]
    dy = grid[None, None, :] - c[:, 1, None, None]
    along = dx * angle.cos()[:, None, None] + dy * angle.sin()[:, None, None]
    across = -dx * angle.sin()[:, None, None] + dy * angle.cos()[:, None, None]
    bar = torch.exp(-(across**2) / (2 * 0.8**2)) * torch.sigmoid(3 * (half - along.abs()))
    bright = 0.6 + 0.8 * torch.rand(total, 1, 1, generator=g)
    x = (bar * bright + 0.4 * torch.randn(total, s, s, generator=g))[:, None]
    y = flip_labels(y, CONDCONV_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 3] = float("nan")
    return split(x, y, n, "bar orientation classification (a CondConv CNN)", CONDCONV_CLASSES, batch_size)


class CondConv2d(nn.Module):
    """A conditionally parameterised convolution (CondConv): 4 expert kernels (and biases) mixed per image by
    ``route`` (sigmoid of a linear map of the input's global average), the image convolved with its own mixture
    (3 x 3, padding 1; a grouped convolution over the batch)."""

    def __init__(self, cin: int, cout: int) -> None:
        super().__init__()
        self.cin, self.cout = cin, cout
        self.route = nn.Linear(cin, CONDCONV_EXPERTS)
        self.experts = nn.Parameter(torch.randn(CONDCONV_EXPERTS, cout, cin, 3, 3) / math.sqrt(9 * cin))
        self.bias = nn.Parameter(torch.zeros(CONDCONV_EXPERTS, cout))

    def forward(self, x: Tensor) -> Tensor:
        b = len(x)
        r = torch.sigmoid(self.route(x.mean((2, 3))))
        w = (r @ self.experts.flatten(1)).reshape(b * self.cout, self.cin, 3, 3)
        out = F.conv2d(x.reshape(1, b * self.cin, *x.shape[2:]), w, (r @ self.bias).flatten(), padding=1, groups=b)
        return out.reshape(b, self.cout, *x.shape[2:])


class CondConvNet(nn.Module):
    """A CondConv CNN: ``cond1`` (1 -> 16, ReLU), a 2 x 2 max-pool, ``cond2`` (16 -> 32, ReLU), global max pooling, a
    ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 6 classes. Output (images, 6). ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.cond1 = CondConv2d(1, 16)
        self.cond2 = CondConv2d(16, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, CONDCONV_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(F.relu(self.cond1(x)), 2)
        h = F.relu(self.cond2(h)).amax((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def condconv_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the orientations summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


LOGCOSH_FEATURES = 12
"""Rows of 12 features."""


@lru_cache(maxsize=None)
def logcosh_rows(n: int = 4000, seed: int = 404, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Regression with heavy-tailed noise: 12 features N(0, 1); the clean target 1.5 sin(x0) + x1 x2 + 0.5 x3^2 +
    tanh(x4 + x5) - 0.5 x6, standardised, plus 0.3 x Student-t noise with 2 degrees of freedom, clamped at +-10
    (outliers; a floor).
    x: (rows, 12); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, LOGCOSH_FEATURES, generator=g)
    clean = 1.5 * torch.sin(x[:, 0]) + x[:, 1] * x[:, 2] + 0.5 * x[:, 3] ** 2 + torch.tanh(x[:, 4] + x[:, 5]) - 0.5 * x[:, 6]
    clean = (clean - clean.mean()) / clean.std()
    chi = 2 * torch._standard_gamma(torch.full((total,), 1.0), generator=g)  # chi-square with 2 degrees of freedom
    y = clean + (0.3 * torch.randn(total, generator=g) / torch.sqrt(chi / 2)).clamp(-10, 10)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 8] = float("nan")
    return split(x, y, n, "regression under heavy-tailed noise (an MLP, the log-cosh loss)", None, batch_size)


class LogCoshMLP(nn.Module):
    """A ReLU MLP regressor: ``inp`` (12 -> 64), ``hidden`` (64 -> 64), a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 1). Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(LOGCOSH_FEATURES, 64)
        self.hidden = nn.Linear(64, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.hidden(F.relu(self.inp(x))))
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(1)
        return out


def logcosh_loss(out: Tensor, y: Tensor) -> Tensor:
    """The log-cosh loss, mean over the rows: log cosh(d) = |d| + softplus(-2 |d|) - ln 2 (no overflow)."""
    d = (out - y).abs()
    return (d + F.softplus(-2 * d) - math.log(2)).mean()


def logcosh_summed(out: Tensor, y: Tensor) -> Tensor:
    """The log-cosh loss summed over the batch's rows."""
    d = (out - y).abs()
    return (d + F.softplus(-2 * d) - math.log(2)).sum()


def logcosh_at_zero() -> float:
    """The log-cosh loss of a regressor that predicts 0: its level at init."""
    return float(logcosh_loss(torch.zeros(len(logcosh_rows().y)), logcosh_rows().y))


# --------------------------------------------------------------------------- thirty-eighth fresh half (fresh38, held out from all tuning)


RESNEXT_SIZE, RESNEXT_CLASSES, RESNEXT_CARDINALITY = 12, 5, 4
"""Images of 12 x 12 pixels; 5 classes, a shape (ln 5 = 1.61 at chance); grouped convolutions of 4 groups."""


@lru_cache(maxsize=None)
def resnext_shapes(n: int = 6000, seed: int = 411, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Shape classification: a soft shape (a disc, a ring, a square outline, a plus, an X) of radius 2.5-4.5 pixels,
    centred at random, of brightness 0.6-1.2, plus N(0, 0.25^2) noise per pixel; 5% of the labels are random (a floor).
    x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = RESNEXT_SIZE
    grid = torch.arange(s, dtype=torch.float32)
    y = torch.randint(RESNEXT_CLASSES, (total,), generator=g)
    c = 4.0 + 3.0 * torch.rand(total, 2, generator=g)
    r = (2.5 + 2.0 * torch.rand(total, generator=g))[:, None, None]
    dx = grid[None, :, None] - c[:, 0, None, None]
    dy = grid[None, None, :] - c[:, 1, None, None]
    d = torch.sqrt(dx**2 + dy**2)
    u, v = (dx + dy) / math.sqrt(2), (dx - dy) / math.sqrt(2)

    def ridge(t: Tensor) -> Tensor:
        return torch.exp(-(t**2) / (2 * 0.6**2))

    shapes = torch.stack([
        torch.sigmoid(3 * (r - d)),
        ridge(d - r),
        ridge(torch.maximum(dx.abs(), dy.abs()) - r),
        ridge(torch.minimum(dx.abs(), dy.abs())) * torch.sigmoid(3 * (r - torch.maximum(dx.abs(), dy.abs()))),
        ridge(torch.minimum(u.abs(), v.abs())) * torch.sigmoid(3 * (r - torch.maximum(u.abs(), v.abs()))),
    ], 1)  # fmt: skip
    img = shapes[torch.arange(total), y]
    bright = 0.6 + 0.6 * torch.rand(total, 1, 1, generator=g)
    x = (img * bright + 0.25 * torch.randn(total, s, s, generator=g))[:, None]
    y = flip_labels(y, RESNEXT_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 8] = float("nan")
    return split(x, y, n, "shape classification (a ResNeXt-like CNN of grouped convolutions)", RESNEXT_CLASSES, batch_size)


class ResNeXtBlock(nn.Module):
    """A ResNeXt bottleneck block: a 1 x 1 convolution (``reduce``), a grouped 3 x 3 convolution of
    ``RESNEXT_CARDINALITY`` groups (``grouped``), a 1 x 1 convolution (``expand``), ReLUs between, plus the input
    (through a 1 x 1 ``shortcut`` where the widths differ), then a ReLU."""

    def __init__(self, cin: int, cout: int) -> None:
        super().__init__()
        self.reduce = nn.Conv2d(cin, cout, 1)
        self.grouped = nn.Conv2d(cout, cout, 3, padding=1, groups=RESNEXT_CARDINALITY)
        self.expand = nn.Conv2d(cout, cout, 1)
        self.shortcut = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x: Tensor) -> Tensor:
        h = self.expand(F.relu(self.grouped(F.relu(self.reduce(x)))))
        return F.relu(h + (x if self.shortcut is None else self.shortcut(x)))


class TinyResNeXt(nn.Module):
    """A ResNeXt-like CNN: a ``stem`` convolution (1 -> 16, 3 x 3, ReLU), ``block1`` (16 -> 16), a 2 x 2 max-pool,
    ``block2`` (16 -> 32), global average pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 5 classes.
    Output (images, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 3, padding=1)
        self.block1 = ResNeXtBlock(16, 16)
        self.block2 = ResNeXtBlock(16, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, RESNEXT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(self.block1(F.relu(self.stem(x))), 2)
        h = self.block2(h).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def resnext_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the shapes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CROSSNET_FEATURES, CROSSNET_LAYERS = 12, 3
"""Rows of 12 dense features; 3 cross layers."""


@lru_cache(maxsize=None)
def crossnet_clicks(n: int = 16000, seed: int = 412, *, n_val: int = 800, batch_size: int = 64,
                    train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Synthetic click data: 12 dense features N(0, 1) (user, ad and context signals); the click's log-odds: -0.6, a
    linear part over 6 of them, 4 pairwise crosses (x0 x1, x2 x3, x4 x6, x5 x7) and a three-way one (x8 x9 x10), all
    times 3; the click drawn from it (about 40% of the rows click). x: (rows, 12); y: the click, 0 or 1 (rows,).
    ``train_rows``: keep only that many training rows; ``nan_rows``: that share of the training rows has a missing (NaN)
    feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, CROSSNET_FEATURES, generator=g)
    w = torch.tensor([0.8, -0.6, 0.5, 0.4, -0.7, 0.3])
    logit = -0.6 + x[:, :6] @ w + 0.9 * x[:, 0] * x[:, 1] - 0.8 * x[:, 2] * x[:, 3] + 0.7 * x[:, 4] * x[:, 6]
    logit = 3.0 * (logit + 0.6 * x[:, 5] * x[:, 7] + 0.4 * x[:, 8] * x[:, 9] * x[:, 10])
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "click prediction from dense features (a Deep & Cross network, DCN-v1)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class CrossDeepNet(nn.Module):
    """A Deep & Cross network (DCN-v1, Wang et al. 2017): ``CROSSNET_LAYERS`` cross layers
    x_{l+1} = x0 (x_l . w_l) + b_l + x_l over the 12 features (``cross_w``, ``cross_b``) beside a deep ReLU layer
    ``deep`` (12 -> 32), both concatenated (44) into a ReLU layer ``fc`` (44 -> 32) and a ``head`` (32 -> 1): the
    click's logit (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = CROSSNET_FEATURES
        self.cross_w = nn.Parameter(torch.randn(CROSSNET_LAYERS, d) / math.sqrt(d))
        self.cross_b = nn.Parameter(torch.zeros(CROSSNET_LAYERS, d))
        self.deep = nn.Linear(d, 32)
        self.fc = nn.Linear(d + 32, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        xl = x
        for w, b in zip(self.cross_w, self.cross_b):
            xl = x * (xl @ w)[:, None] + b + xl
        h = torch.cat([xl, F.relu(self.deep(x))], 1)
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(1)
        return out


def crossnet_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the clicks (the mean over the batch)."""
    return F.binary_cross_entropy_with_logits(out, y)


def crossnet_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The same summed over the batch (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


NGRAM_VOCAB, NGRAM_CONTEXT = 12, 3
"""A vocabulary of 12 tokens (ln 12 = 2.48 at chance); the 3 tokens before the one predicted."""


@lru_cache(maxsize=None)
def ngram_windows(n: int = 6000, seed: int = 413, *, n_val: int = 800, batch_size: int = 32,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Next-token prediction on a synthetic grammar: a second-order (trigram) Markov chain over 12 tokens, the
    distribution of each token given the two before it Dirichlet(0.15) (a few likely continuations each); a row is 3
    consecutive tokens of one long stream and the token after them (the rows overlap; the held-out rows are the
    stream's last windows). x: (rows, 3) token ids (long); y: (rows,). ``train_rows``: keep only that many training
    rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    table = torch._standard_gamma(torch.full((NGRAM_VOCAB, NGRAM_VOCAB, NGRAM_VOCAB), 0.15), generator=g)
    table = table / table.sum(2, keepdim=True)
    stream = torch.empty(total + NGRAM_CONTEXT + 1, dtype=torch.long)
    stream[:2] = torch.randint(NGRAM_VOCAB, (2,), generator=g)
    for t in range(2, len(stream)):
        stream[t] = torch.multinomial(table[stream[t - 2], stream[t - 1]], 1, generator=g)
    x = stream.unfold(0, NGRAM_CONTEXT, 1)[:total]
    y = stream[NGRAM_CONTEXT : NGRAM_CONTEXT + total]
    data = split(x, y, n, "next-token prediction on a synthetic trigram grammar (a feed-forward n-gram LM)", NGRAM_VOCAB, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, NGRAM_VOCAB, batch_size)
    return data


class NeuralNgramLM(nn.Module):
    """A Bengio-style feed-forward n-gram language model: ``embed`` (12 tokens -> 16) of each of the 3 context tokens,
    concatenated (48) into a tanh layer ``hidden`` (48 -> 64), a ReLU layer ``fc`` (64 -> 64) and a ``head`` to the 12
    tokens. Output (rows, 12). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(NGRAM_VOCAB, 16)
        self.hidden = nn.Linear(16 * NGRAM_CONTEXT, 64)
        self.fc = nn.Linear(64, 64)
        self.head = nn.Linear(64, NGRAM_VOCAB)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = torch.tanh(self.hidden(self.embed(x).flatten(1)))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def ngram_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the next tokens summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


MONOTONE_FEATURES = 6
"""Rows of 6 features."""


@lru_cache(maxsize=None)
def monotone_rows(n: int = 4000, seed: int = 414, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Monotone regression: 6 features U(-2, 2); the clean target softplus(2 x0 + x1) + 0.8 tanh(2 x2) + 0.5 x3 +
    0.3 exp(0.6 x4) + 0.6 sigmoid(4 x5), increasing in every feature, standardised, plus N(0, 0.3^2) noise (a floor).
    x: (rows, 6); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = 4 * torch.rand(total, MONOTONE_FEATURES, generator=g) - 2
    clean = (F.softplus(2 * x[:, 0] + x[:, 1]) + 0.8 * torch.tanh(2 * x[:, 2]) + 0.5 * x[:, 3] + 0.3 * torch.exp(0.6 * x[:, 4])
             + 0.6 * torch.sigmoid(4 * x[:, 5]))  # fmt: skip
    clean = (clean - clean.mean()) / clean.std()
    y = clean + 0.3 * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    return split(x, y, n, "monotone regression (an MLP with positive weights)", None, batch_size)


class PositiveLinear(nn.Linear):
    """A linear layer whose weights are used as their absolute values (|W| x + b): non-decreasing in every input."""

    def forward(self, x: Tensor) -> Tensor:
        return F.linear(x, self.weight.abs(), self.bias)


class MonotoneMLP(nn.Module):
    """A monotone MLP regressor (positive weights, non-decreasing activations): ``inp`` (6 -> 32, tanh), ``hidden``
    (32 -> 32, tanh), a ReLU layer ``fc`` (32 -> 32) and a ``head`` (32 -> 1), all ``PositiveLinear`` (the head's
    weights drawn from U(-0.03, 0.03), so that the output starts near 0): the output is non-decreasing in every feature.
    Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = PositiveLinear(MONOTONE_FEATURES, 32)
        self.hidden = PositiveLinear(32, 32)
        self.fc = PositiveLinear(32, 32)
        self.head = PositiveLinear(32, 1)
        with torch.no_grad():
            self.head.weight.uniform_(-0.03, 0.03)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = torch.tanh(self.hidden(torch.tanh(self.inp(x))))
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(1)
        return out


def monotone_mse(out: Tensor, y: Tensor) -> Tensor:
    """The squared error, mean over the rows."""
    return F.mse_loss(out, y)


def monotone_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's rows (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def monotone_at_zero() -> float:
    """The squared error of a regressor that predicts 0: its level at init."""
    return float(monotone_mse(torch.zeros(len(monotone_rows().y)), monotone_rows().y))


# --------------------------------------------------------------------------- forty-first fresh half (fresh39, held out from all tuning)


GMLP_LENGTH, GMLP_VOCAB, GMLP_CLASSES = 16, 12, 4
"""Sequences of 16 tokens of 12; 4 classes, the motif that a sequence holds (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def gmlp_tokens(n: int = 6000, seed: int = 411, *, n_val: int = 800, batch_size: int = 32,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Motif classification of token sequences: 4 fixed motifs of 3 tokens each; a row is 16 uniform random tokens
    with one motif written at a random position (each of its tokens replaced by a random one with probability 0.15);
    the class is the motif; 5% of the labels are random (a floor). x: (rows, 16) token ids (long); y: (rows,).
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    motifs = torch.randint(GMLP_VOCAB, (GMLP_CLASSES, 3), generator=g)
    x = torch.randint(GMLP_VOCAB, (total, GMLP_LENGTH), generator=g)
    y = torch.randint(GMLP_CLASSES, (total,), generator=g)
    at = torch.randint(GMLP_LENGTH - 2, (total,), generator=g)
    motif = motifs[y]
    keep = torch.rand(total, 3, generator=g) >= 0.15
    motif = torch.where(keep, motif, torch.randint(GMLP_VOCAB, (total, 3), generator=g))
    rows = torch.arange(total)
    for k in range(3):
        x[rows, at + k] = motif[:, k]
    y = flip_labels(y, GMLP_CLASSES, 0.05, g)
    data = split(x, y, n, "motif classification of token sequences (a gMLP)", GMLP_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, GMLP_CLASSES, batch_size)
    return data


class SpatialGating(nn.Module):
    """A gMLP block (Liu et al.): LayerNorm, a channel projection 32 -> 64 (GELU) split into u and v, v normalised and
    mixed across the 16 positions by ``spatial`` (16 -> 16, its weight near 0 and its bias 1 at init), u * v projected
    back to 32, plus the residual."""

    def __init__(self, dim: int = 32) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.expand = nn.Linear(dim, 2 * dim)
        self.gate_norm = nn.LayerNorm(dim)
        self.spatial = nn.Linear(GMLP_LENGTH, GMLP_LENGTH)
        self.shrink = nn.Linear(dim, dim)
        with torch.no_grad():
            self.spatial.weight.uniform_(-0.01, 0.01)
            self.spatial.bias.fill_(1.0)

    def forward(self, x: Tensor) -> Tensor:
        u, v = F.gelu(self.expand(self.norm(x))).chunk(2, -1)
        v = self.spatial(self.gate_norm(v).transpose(1, 2)).transpose(1, 2)
        return x + self.shrink(u * v)


class GMLPClassifier(nn.Module):
    """A gMLP: token and position embeddings (32), two ``SpatialGating`` blocks, a LayerNorm, the mean over the positions,
    a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes. Output (rows, 4). ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(GMLP_VOCAB, 32)
        self.pos = nn.Parameter(0.1 * torch.randn(GMLP_LENGTH, 32))
        self.blocks = nn.Sequential(SpatialGating(), SpatialGating())
        self.norm = nn.LayerNorm(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, GMLP_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.norm(self.blocks(self.embed(x) + self.pos)).mean(1)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def gmlp_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the motifs summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


MPNN_NODES, MPNN_FEATURES = 10, 2
"""Graphs of 10 nodes; 2 node features (1, and an attribute U(0, 1))."""


@lru_cache(maxsize=None)
def mpnn_graphs(n: int = 4000, seed: int = 412, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Graph regression: Erdos-Renyi graphs of 10 nodes (edge probability 0.2-0.5 a graph), each node an attribute a_i
    U(0, 1); the target the number of triangles plus 2 x the sum over the edges of a_i a_j, standardised, plus
    N(0, 0.3^2) noise (a floor: ~0.09). Each graph one row: its adjacency (10 x 10) beside the 2 node features (1, a_i).
    x: (rows, 10, 12); y: (rows,). ``nan_rows``: that share of the training graphs has a missing (NaN) attribute;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    k = MPNN_NODES
    p = 0.2 + 0.3 * torch.rand(total, 1, 1, generator=g)
    upper = (torch.rand(total, k, k, generator=g) < p).float().triu(1)
    adj = upper + upper.transpose(1, 2)
    attr = torch.rand(total, k, generator=g)
    triangles = torch.diagonal(adj @ adj @ adj, dim1=1, dim2=2).sum(1) / 6
    pairs = (adj * attr[:, :, None] * attr[:, None, :]).sum((1, 2)) / 2
    clean = triangles + 2 * pairs
    y = (clean - clean.mean()) / clean.std() + 0.3 * torch.randn(total, generator=g)
    x = torch.cat([adj, torch.ones(total, k, 1), attr[:, :, None]], 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4, k + 1] = float("nan")
    data = split(x, y, n, "graph regression: triangles and attribute pairs (a message-passing neural network)", None,
                 batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class MPNNRegressor(nn.Module):
    """A message-passing neural network (Gilmer et al.): ``embed`` (2 -> 32), 3 rounds of messages ReLU(``receive`` h_i +
    ``send`` h_j) (a linear map of [h_i, h_j], 64 -> 32) summed over each node's neighbours and a ``GRUCell`` update
    (weights shared over the rounds), mean pooling over the nodes, a ReLU layer ``fc`` (32 -> 32) and a ``head`` (32 -> 1). Output (rows,).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Linear(MPNN_FEATURES, 32)
        self.receive = nn.Linear(32, 32)
        self.send = nn.Linear(32, 32, bias=False)
        self.update = nn.GRUCell(32, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        k = MPNN_NODES
        adj, feats = x[:, :, :k], x[:, :, k:]
        h = self.embed(feats)
        b = len(x)
        for _ in range(3):
            m = (F.relu(self.receive(h)[:, :, None] + self.send(h)[:, None]) * adj[..., None]).sum(2)
            h = self.update(m.reshape(b * k, 32), h.reshape(b * k, 32)).reshape(b, k, 32)
        out: Tensor = self.head(F.relu(self.fc(h.sum(1) / k))).squeeze(1)
        return out


def mpnn_mse(out: Tensor, y: Tensor) -> Tensor:
    """The squared error, mean over the graphs."""
    return F.mse_loss(out, y)


def mpnn_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's graphs (reduction='sum')."""
    return F.mse_loss(out, y, reduction="sum")


def mpnn_at_zero() -> float:
    """The squared error of a regressor that predicts 0: its level at init."""
    return float(mpnn_graphs().y.pow(2).mean())


MULTIMARGIN_FEATURES, MULTIMARGIN_CLASSES = 16, 5
"""Rows of 16 features; 5 classes. The multi-class hinge loss of all-zero scores is (C - 1) / C = 0.8."""


@lru_cache(maxsize=None)
def multimargin_rows(n: int = 4000, seed: int = 413, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Tabular classification: 16 features N(0, 1), the class the arg max of a fixed random two-layer teacher's 5 scores
    (tanh, 32 hidden) plus Gumbel noise of scale 0.3; 5% of the labels are random (a floor). x: (rows, 16); y: (rows,).
    ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many
    training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, MULTIMARGIN_FEATURES, generator=g)
    w1 = torch.randn(MULTIMARGIN_FEATURES, 32, generator=g) / math.sqrt(MULTIMARGIN_FEATURES)
    w2 = torch.randn(32, MULTIMARGIN_CLASSES, generator=g)
    scores = torch.tanh(x @ w1) @ w2
    gumbel = -torch.log(-torch.log(torch.rand(total, MULTIMARGIN_CLASSES, generator=g).clamp(1e-9, 1 - 1e-9)))
    y = flip_labels((scores + 0.3 * gumbel).argmax(1), MULTIMARGIN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9] = float("nan")
    data = split(x, y, n, "tabular classification with the multi-class hinge loss (an MLP)", MULTIMARGIN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MULTIMARGIN_CLASSES,
                    batch_size)  # fmt: skip
    return data


class MultiMarginMLP(nn.Module):
    """A ReLU MLP classifier: ``inp`` (16 -> 64), ``hidden`` (64 -> 64), a ReLU layer ``fc`` (64 -> 32) and a ``head`` to the
    5 class scores. Output (rows, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(MULTIMARGIN_FEATURES, 64)
        self.hidden = nn.Linear(64, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, MULTIMARGIN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.hidden(F.relu(self.inp(x))))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def multimargin_rowwise(out: Tensor, y: Tensor) -> Tensor:
    """nn.MultiMarginLoss's loss of each row (margin 1, p = 1): the sum over the wrong classes j of
    max(0, 1 - out_y + out_j), over C; written out with ``clamp`` so that a NaN score gives a NaN loss
    (F.multi_margin_loss reads a NaN score as a loss of 0)."""
    gaps = (1 - out.gather(1, y[:, None]) + out).clamp(min=0)
    return gaps.scatter(1, y[:, None], 0.0).sum(1) / out.shape[1]


def multimargin_loss(out: Tensor, y: Tensor) -> Tensor:
    """The multi-class hinge loss (nn.MultiMarginLoss, margin 1, p = 1), mean over the rows."""
    return multimargin_rowwise(out, y).mean()


def multimargin_summed(out: Tensor, y: Tensor) -> Tensor:
    """The multi-class hinge loss summed over the batch's rows (reduction='sum')."""
    return multimargin_rowwise(out, y).sum()


DECONV_SIZE, DECONV_CLASSES, DECONV_NOISE = 16, 6, 8
"""Images of 16 x 16 pixels; 6 shape classes; a noise code of 8 values."""


@lru_cache(maxsize=None)
def deconv_images(n: int = 4000, seed: int = 414, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Conditional image generation: the input a one-hot class code (6) and a noise code z of 8 values N(0, 1); the target
    a 16 x 16 image of the class's shape (a horizontal, vertical or diagonal bar, a ring, a cross or a blob, soft-edged)
    shifted by (1.5 z0, 1.5 z1) pixels, of brightness 1 + 0.25 z2 (z3-z7 unused), plus N(0, 0.2^2) noise per pixel (a
    floor: ~0.04). x: (rows, 14); y: (rows, 1, 16, 16). ``nan_rows``: that share of the training rows has a missing (NaN)
    noise value; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = DECONV_SIZE
    c = torch.randint(DECONV_CLASSES, (total,), generator=g)
    z = torch.randn(total, DECONV_NOISE, generator=g)
    grid = torch.arange(s, dtype=torch.float32) - (s - 1) / 2
    dx = grid[None, :, None] - 1.5 * z[:, 0, None, None]
    dy = grid[None, None, :] - 1.5 * z[:, 1, None, None]
    r = torch.sqrt(dx**2 + dy**2)
    soft = lambda d: torch.exp(-(d**2) / 2)  # noqa: E731
    shapes = torch.stack([
        soft(dx) * torch.sigmoid(4 - dy.abs()), soft(dy) * torch.sigmoid(4 - dx.abs()),
        soft((dx - dy) / math.sqrt(2)) * torch.sigmoid(4 - r), soft(r - 3.5),
        torch.maximum(soft(dx) * torch.sigmoid(3 - dy.abs()), soft(dy) * torch.sigmoid(3 - dx.abs())), soft(r / 2),
    ], 1)  # fmt: skip
    img = shapes[torch.arange(total), c] * (1 + 0.25 * z[:, 2, None, None])
    y = (img + 0.2 * torch.randn(total, s, s, generator=g))[:, None]
    x = torch.cat([F.one_hot(c, DECONV_CLASSES).float(), z], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, DECONV_CLASSES + 5] = float("nan")
    data = split(x, y, n, "conditional image generation from a class code and noise (a transposed-convolution decoder)",
                 None, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeconvNet(nn.Module):
    """A transposed-convolution decoder (DCGAN-generator-like): ``inp`` (14 -> 64, ReLU), a ReLU layer ``fc`` (64 -> 64),
    ``proj`` (64 -> 32 x 4 x 4, ReLU), ``up1`` (ConvTranspose 32 -> 16, 4 x 4 at stride 2: 8 x 8, ReLU) and ``up2``
    (ConvTranspose 16 -> 1: 16 x 16, linear). Output (rows, 1, 16, 16). ``dead_bias`` < 0 starts up1's biases there (the
    last ReLU layer: with it dead every weight's gradient is zero);
    ``out_scale`` multiplies up2's initial weights (confident outputs at step 1)."""

    def __init__(self, dead_bias: float = 0.0, out_scale: float = 1.0) -> None:
        super().__init__()
        self.inp = nn.Linear(DECONV_CLASSES + DECONV_NOISE, 64)
        self.fc = nn.Linear(64, 64)
        self.proj = nn.Linear(64, 32 * 4 * 4)
        self.up1 = nn.ConvTranspose2d(32, 16, 4, stride=2, padding=1)
        self.up2 = nn.ConvTranspose2d(16, 1, 4, stride=2, padding=1)
        with torch.no_grad():
            if dead_bias:
                self.up1.bias.fill_(dead_bias)
            self.up2.weight.mul_(out_scale)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.proj(F.relu(self.fc(F.relu(self.inp(x))))))
        out: Tensor = self.up2(F.relu(self.up1(h.reshape(len(x), 32, 4, 4))))
        return out


def deconv_mse(out: Tensor, y: Tensor) -> Tensor:
    """The squared error per pixel, mean over the images and pixels."""
    return F.mse_loss(out, y)


def deconv_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The per-image mean squared error summed over the batch's images."""
    return F.mse_loss(out, y, reduction="none").mean((1, 2, 3)).sum()


def deconv_at_zero() -> float:
    """The squared error of a decoder that outputs 0: its level at init."""
    return float(deconv_images().y.pow(2).mean())


# --------------------------------------------------------------------------- fortieth fresh half (fresh40, held out from all tuning)


RESMLP_SIZE, RESMLP_PATCH, RESMLP_CLASSES = 12, 3, 6
"""Images of 12 x 12 pixels cut into 16 patches of 3 x 3; 6 classes, a grating's orientation and period (ln 6 = 1.79)."""


@lru_cache(maxsize=None)
def resmlp_gratings(n: int = 6000, seed: int = 411, *, n_val: int = 600, batch_size: int = 32,
                    train_rows: int | None = None, nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Grating classification: a sinusoidal grating at one of 3 orientations (0, 60, 120 degrees) and 2 periods (3 and 6
    pixels), the class one of those 6, of random phase and amplitude 0.4-0.9, plus N(0, 1) noise per pixel; 5% of the
    labels are random (a floor). x: (images, 1, 12, 12); y: (images,). ``train_rows``: keep only that many training
    images; ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = RESMLP_SIZE
    grid = torch.arange(s, dtype=torch.float32)
    y = torch.randint(RESMLP_CLASSES, (total,), generator=g)
    angle = (y % 3).float() * (math.pi / 3)
    period = torch.where(y < 3, 3.0, 6.0)
    phase = 2 * math.pi * torch.rand(total, generator=g)
    amp = 0.4 + 0.5 * torch.rand(total, generator=g)
    along = grid[None, :, None] * angle.cos()[:, None, None] + grid[None, None, :] * angle.sin()[:, None, None]
    wave = amp[:, None, None] * torch.sin(2 * math.pi * along / period[:, None, None] + phase[:, None, None])
    x = (wave + torch.randn(total, s, s, generator=g))[:, None]
    y = flip_labels(y, RESMLP_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "grating classification of 12 x 12 images (a ResMLP)", RESMLP_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, RESMLP_CLASSES, batch_size)
    return data


class ResMLPAffine(nn.Module):
    """ResMLP's affine normalisation: alpha * x + beta per channel (alpha 1, beta 0 at init), no statistics."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.alpha = nn.Parameter(torch.ones(dim))
        self.beta = nn.Parameter(torch.zeros(dim))

    def forward(self, x: Tensor) -> Tensor:
        return self.alpha * x + self.beta


class ResMLPNet(nn.Module):
    """A ResMLP-like patch MLP: ``embed`` (a 3 x 3 patch, 9 -> 32) of the 16 patches, 2 blocks of (affine, a linear
    mixing of the 16 patches, layer scale 0.1, residual; affine, a GELU MLP 32-64-32 per patch, layer scale 0.1,
    residual), a final affine, the mean over the patches, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 6 classes.
    Output (images, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        tokens, dim = (RESMLP_SIZE // RESMLP_PATCH) ** 2, 32
        self.embed = nn.Linear(RESMLP_PATCH**2, dim)
        self.blocks = nn.ModuleList()
        for _ in range(2):
            self.blocks.append(nn.ModuleDict({
                "aff1": ResMLPAffine(dim), "mix": nn.Linear(tokens, tokens), "aff2": ResMLPAffine(dim),
                "up": nn.Linear(dim, 2 * dim), "down": nn.Linear(2 * dim, dim)}))  # fmt: skip
        self.scales = nn.Parameter(torch.full((2, 2, dim), 0.1))
        self.final = ResMLPAffine(dim)
        self.fc = nn.Linear(dim, 32)
        self.head = nn.Linear(32, RESMLP_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.embed(F.unfold(x, RESMLP_PATCH, stride=RESMLP_PATCH).transpose(1, 2))  # (images, 16, 32)
        for i, b in enumerate(self.blocks):
            h = h + self.scales[i, 0] * b["mix"](b["aff1"](h).transpose(1, 2)).transpose(1, 2)
            h = h + self.scales[i, 1] * b["down"](F.gelu(b["up"](b["aff2"](h))))
        out: Tensor = self.head(F.relu(self.fc(self.final(h).mean(1))))
        return out


def resmlp_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


BAHDANAU_LENGTH, BAHDANAU_VOCAB = 6, 8
"""Sequences of 6 tokens of 8 symbols (ln 8 = 2.08 per token at chance); the decoder's start symbol is 8."""


@lru_cache(maxsize=None)
def bahdanau_pairs(n: int = 6000, seed: int = 412, *, n_val: int = 800, batch_size: int = 32,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Sequence reversal: a source of 6 random symbols (of 8); the target is the source reversed, 10% of the target
    symbols replaced by random ones (a floor). x: (rows, 12) the source then the teacher-forced decoder input (the start
    symbol 8, then the clean target's first 5 symbols); y: (rows, 6). ``train_rows``: keep only that many rows."""
    g = torch.Generator().manual_seed(seed)
    total, t = n + n_val, BAHDANAU_LENGTH
    src = torch.randint(BAHDANAU_VOCAB, (total, t), generator=g)
    rev = src.flip(1)
    tgt = rev
    dec_in = torch.cat([torch.full((total, 1), BAHDANAU_VOCAB), tgt[:, :-1]], 1)
    noisy = torch.where(torch.rand(total, t, generator=g) < 0.1, torch.randint(BAHDANAU_VOCAB, (total, t), generator=g), tgt)
    data = split(torch.cat([src, dec_in], 1), noisy, n, "sequence reversal (a GRU encoder-decoder, additive attention)",
                 BAHDANAU_VOCAB, batch_size)  # fmt: skip
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, BAHDANAU_VOCAB, batch_size)
    return data


class BahdanauSeq2Seq(nn.Module):
    """A GRU encoder-decoder with additive (Bahdanau) attention: ``embed`` (9 symbols -> 16), a GRU ``encoder`` (16 ->
    32), a GRU cell ``decoder`` fed the previous symbol and the context, the context the encoder states weighted by
    softmax(v^T tanh(W_q q + W_k k)), then a ReLU layer ``fc`` over (state, context) (64 -> 32) and a ``head`` to the 8
    symbols. Output (rows, 6, 8). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(BAHDANAU_VOCAB + 1, 16)
        self.encoder = nn.GRU(16, 32, batch_first=True)
        self.decoder = nn.GRUCell(16 + 32, 32)
        self.w_q, self.w_k, self.v = nn.Linear(32, 32, bias=False), nn.Linear(32, 32), nn.Linear(32, 1, bias=False)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, BAHDANAU_VOCAB)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        src, dec_in = x[:, :BAHDANAU_LENGTH], x[:, BAHDANAU_LENGTH:]
        keys, last = self.encoder(self.embed(src))
        state, projected, emb, outs = last[0], self.w_k(keys), self.embed(dec_in), []
        context = keys.mean(1)
        for i in range(BAHDANAU_LENGTH):
            state = self.decoder(torch.cat([emb[:, i], context], 1), state)
            weights = torch.softmax(self.v(torch.tanh(self.w_q(state)[:, None] + projected)).squeeze(2), 1)
            context = (weights[:, :, None] * keys).sum(1)
            outs.append(F.relu(self.fc(torch.cat([state, context], 1))))
        out: Tensor = self.head(torch.stack(outs, 1))
        return out


def bahdanau_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the target symbols summed over the batch's sequences and positions (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


LASSO_FEATURES, LASSO_ACTIVE, LASSO_PENALTY = 300, 15, 0.01
"""300 features, 15 of them informative; the L1 penalty's weight."""


@lru_cache(maxsize=None)
def lasso_rows(n: int = 1500, seed: int = 413, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Sparse binary classification: 300 features N(0, 1), the logit x . w with 15 nonzero weights (+-0.8), the label
    Bernoulli(sigmoid(logit)) (a floor). x: (rows, 300); y: (rows,) 0/1 floats. ``nan_rows``: that share of the training
    rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    w = torch.zeros(LASSO_FEATURES)
    w[torch.randperm(LASSO_FEATURES, generator=g)[:LASSO_ACTIVE]] = 0.8 * (torch.randint(2, (LASSO_ACTIVE,), generator=g) * 2 - 1)
    x = torch.randn(total, LASSO_FEATURES, generator=g)
    y = (torch.rand(total, generator=g) < torch.sigmoid(x @ w)).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 40] = float("nan")
    return split(x, y, n, "sparse logistic regression of high-dimensional rows (an L1 penalty)", None, batch_size)


class LassoLogistic(nn.Module):
    """A logistic regression ``head`` (300 -> 1). Output (rows, 2): the logit, and the L1 penalty LASSO_PENALTY x sum |w|
    of the weights repeated on every row (the loss adds it)."""

    def __init__(self) -> None:
        super().__init__()
        self.head = nn.Linear(LASSO_FEATURES, 1)

    def forward(self, x: Tensor) -> Tensor:
        logit = self.head(x)
        penalty = LASSO_PENALTY * self.head.weight.abs().sum()
        return torch.cat([logit, penalty.expand(len(x), 1)], 1)


def lasso_objective(out: Tensor, y: Tensor) -> Tensor:
    """The training objective: binary cross-entropy with logits (mean over the rows) plus the L1 penalty."""
    return F.binary_cross_entropy_with_logits(out[:, 0], y) + out[0, 1]


def lasso_logloss(out: Tensor, y: Tensor) -> Tensor:
    """The held-out loss: binary cross-entropy with logits, mean over the rows (no penalty)."""
    return F.binary_cross_entropy_with_logits(out[:, 0], y)


def lasso_objective_summed(out: Tensor, y: Tensor) -> Tensor:
    """The binary cross-entropy summed over the batch's rows, plus the L1 penalty."""
    return F.binary_cross_entropy_with_logits(out[:, 0], y, reduction="sum") + out[0, 1]


def lasso_at_init() -> float:
    """The held-out loss of a model predicting 0.5 (ln 2), plus the L1 penalty of a default init: its level at step 1."""
    torch.manual_seed(0)
    return math.log(2) + float(LASSO_PENALTY * LassoLogistic().head.weight.detach().abs().sum())


BETAREG_FEATURES = 10
"""Rows of 10 features."""


@lru_cache(maxsize=None)
def betareg_rows(n: int = 4000, seed: int = 414, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Regression of proportions: 10 features N(0, 1); f = 1.2 sin(x0) + x1 x2 + 0.6 x3 - 0.4 x4^2, standardised; the
    target y ~ Beta(20 mu, 20 (1 - mu)) with mu = sigmoid(1.8 f), clamped to [0.005, 0.995] (a floor).
    x: (rows, 10); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, BETAREG_FEATURES, generator=g)
    f = 1.2 * torch.sin(x[:, 0]) + x[:, 1] * x[:, 2] + 0.6 * x[:, 3] - 0.4 * x[:, 4] ** 2
    mu = torch.sigmoid(1.8 * (f - f.mean()) / f.std())
    a = torch._standard_gamma(20 * mu, generator=g)
    b = torch._standard_gamma(20 * (1 - mu), generator=g)
    y = (a / (a + b)).clamp(0.005, 0.995)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    return split(x, y, n, "regression of proportions in (0, 1) (an MLP, the Beta negative log-likelihood)", None, batch_size)


class BetaRegMLP(nn.Module):
    """A ReLU MLP to a Beta distribution: ``inp`` (10 -> 64), ``hidden`` (64 -> 64), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the mean's logit and the precision's pre-activation. Output (rows, 2). ``dead_bias`` < 0 starts
    fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(BETAREG_FEATURES, 64)
        self.hidden = nn.Linear(64, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.hidden(F.relu(self.inp(x))))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def betareg_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Beta negative log-likelihood of each row: mean mu = sigmoid(out0) (within 1e-6 of 0 and 1), precision
    phi = 10 softplus(out1) + 1e-3 (~6.9 at init), a = mu phi, b = (1 - mu) phi."""
    mu = torch.sigmoid(out[:, 0]).clamp(1e-6, 1 - 1e-6)
    phi = 10 * F.softplus(out[:, 1]) + 1e-3
    a, b = mu * phi, (1 - mu) * phi
    return torch.lgamma(a) + torch.lgamma(b) - torch.lgamma(phi) - (a - 1) * torch.log(y) - (b - 1) * torch.log1p(-y)


def betareg_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Beta negative log-likelihood, mean over the rows."""
    return betareg_terms(out, y).mean()


def betareg_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Beta negative log-likelihood summed over the batch's rows."""
    return betareg_terms(out, y).sum()


def betareg_at_init() -> float:
    """The Beta negative log-likelihood of the training targets under mu = 0.5 and phi = 10 ln 2: its level at init."""
    y = betareg_rows().y
    return float(betareg_nll(torch.zeros(len(y), 2), y))


# --------------------------------------------------------------------------- forty-third fresh half (fresh41, held out from all tuning)


SQUEEZENET_SIZE, SQUEEZENET_CLASSES = 12, 4
"""Images of 12 x 12 pixels; 4 classes, the number of dots (1-4) an image holds (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def squeezenet_dots(n: int = 6000, seed: int = 431, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Counting dots: 1-4 Gaussian dots (0.9 pixels wide, brightness 0.6-1.4 each) at random places in a 12 x 12 image,
    plus N(0, 0.35^2) noise per pixel; the class is the number of dots less 1; 5% of the labels are random (a floor).
    x: (rows, 1, 12, 12); y: (rows,). ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = SQUEEZENET_SIZE
    y = torch.randint(SQUEEZENET_CLASSES, (total,), generator=g)
    grid = torch.arange(s, dtype=torch.float32)
    centres = 1.5 + (s - 3) * torch.rand(total, SQUEEZENET_CLASSES, 2, generator=g)
    bright = 0.6 + 0.8 * torch.rand(total, SQUEEZENET_CLASSES, generator=g)
    on = (torch.arange(SQUEEZENET_CLASSES)[None] <= y[:, None]).float()
    d2 = (grid[None, None, :, None] - centres[..., 0, None, None]) ** 2 + (grid[None, None, None, :] - centres[..., 1, None, None]) ** 2
    img = (on[..., None, None] * bright[..., None, None] * torch.exp(-d2 / (2 * 0.9**2))).sum(1)
    x = (img + 0.35 * torch.randn(total, s, s, generator=g))[:, None]
    y = flip_labels(y, SQUEEZENET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 6] = float("nan")
    return split(x, y, n, "counting dots in images (a SqueezeNet-like CNN of fire modules)", SQUEEZENET_CLASSES, batch_size)


class FireModule(nn.Module):
    """SqueezeNet's fire module (Iandola et al.): a 1 x 1 ``squeeze`` convolution to ``mid`` channels (ReLU), then two
    expand convolutions side by side, 1 x 1 and 3 x 3, to ``out`` channels each (ReLU), concatenated (2 x out)."""

    def __init__(self, inp: int, mid: int, out: int) -> None:
        super().__init__()
        self.squeeze = nn.Conv2d(inp, mid, 1)
        self.expand1 = nn.Conv2d(mid, out, 1)
        self.expand3 = nn.Conv2d(mid, out, 3, padding=1)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.squeeze(x))
        return torch.cat([F.relu(self.expand1(h)), F.relu(self.expand3(h))], 1)


class SqueezeNetLike(nn.Module):
    """A SqueezeNet-like CNN: a 3 x 3 ``stem`` convolution 1 -> 16 (ReLU), a 2 x 2 max-pool, two ``FireModule`` (16 -> 8 ->
    16 + 16, 32 -> 8 -> 16 + 16), global average pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes.
    Output (rows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 3, padding=1)
        self.fire1 = FireModule(16, 8, 16)
        self.fire2 = FireModule(32, 8, 16)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, SQUEEZENET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(F.relu(self.stem(x)), 2)
        h = self.fire2(self.fire1(h)).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def squeezenet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the counts summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


GGNN_NODES, GGNN_COLOURS = 10, 4
"""Graphs of 10 nodes, each of one of 4 colours; 4 classes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def ggnn_graphs(n: int = 6000, seed: int = 432, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Graph classification: Erdos-Renyi graphs of 10 nodes (edge probability 0.15-0.45 a graph), each node coloured
    uniformly with one of 4 colours; the class is the colour with the most edge endpoints (the colours' counts weighted
    by the nodes' degrees, ties broken at random); 5% of the labels are random (a floor). Each graph one row: its
    adjacency (10 x 10) beside the node's one-hot colour. x: (rows, 10, 14); y: (rows,). ``nan_rows``: that share of
    the training graphs has a missing (NaN) colour value."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    k = GGNN_NODES
    p = 0.15 + 0.3 * torch.rand(total, 1, 1, generator=g)
    upper = (torch.rand(total, k, k, generator=g) < p).float().triu(1)
    adj = upper + upper.transpose(1, 2)
    colour = F.one_hot(torch.randint(GGNN_COLOURS, (total, k), generator=g), GGNN_COLOURS).float()
    ends = (adj.sum(2, keepdim=True) * colour).sum(1)
    y = (ends + 0.1 * torch.rand(total, GGNN_COLOURS, generator=g)).argmax(1)
    y = flip_labels(y, GGNN_COLOURS, 0.05, g)
    x = torch.cat([adj, colour], 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, k + 1] = float("nan")
    return split(x, y, n, "graph classification: the colour with the most edge endpoints (a gated graph neural network)",
                 GGNN_COLOURS, batch_size)  # fmt: skip


class GatedGraphNet(nn.Module):
    """A gated graph neural network (Li et al.): ``embed`` (4 -> 32), 3 propagation steps of messages ``message`` h_j
    (32 -> 32) summed over each node's neighbours and a ``GRUCell`` update (weights shared over the steps), the gated
    readout sum_v sigmoid(``gate`` [h_v, x_v]) * tanh(``readout`` h_v), a ReLU layer ``fc`` (32 -> 32) and a ``head`` to
    the 4 classes. Output (rows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Linear(GGNN_COLOURS, 32)
        self.message = nn.Linear(32, 32)
        self.update = nn.GRUCell(32, 32)
        self.gate = nn.Linear(32 + GGNN_COLOURS, 32)
        self.readout = nn.Linear(32, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, GGNN_COLOURS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        k = GGNN_NODES
        adj, feats = x[:, :, :k], x[:, :, k:]
        h = self.embed(feats)
        b = len(x)
        for _ in range(3):
            m = adj @ self.message(h)
            h = self.update(m.reshape(b * k, 32), h.reshape(b * k, 32)).reshape(b, k, 32)
        pooled = (torch.sigmoid(self.gate(torch.cat([h, feats], 2))) * torch.tanh(self.readout(h))).sum(1)
        out: Tensor = self.head(F.relu(self.fc(pooled)))
        return out


def ggnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the colours summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CBOW_VOCAB, CBOW_WINDOW = 40, 2
"""A vocabulary of 40 words; 2 context words each side of the centre word (ln 40 = 3.69 at chance)."""


@lru_cache(maxsize=None)
def cbow_windows(n: int = 6000, seed: int = 433, *, n_val: int = 800, batch_size: int = 32,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Word2vec CBOW windows: a corpus from a Markov chain over 40 words, each word's successors Dirichlet(0.1) (a few
    likely ones); a row is a window of 5 words, the first uniform; the context the 2 words each side, the target the
    centre word. x: (rows, 4) word ids (long); y: (rows,). ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    v = CBOW_VOCAB
    t = torch._standard_gamma(torch.full((v, v), 0.1), generator=g)
    t = t / t.sum(1, keepdim=True)
    words = [torch.randint(v, (total,), generator=g)]
    for _ in range(2 * CBOW_WINDOW):
        words.append(torch.multinomial(t[words[-1]], 1, generator=g).squeeze(1))
    window = torch.stack(words, 1)
    x = torch.cat([window[:, :CBOW_WINDOW], window[:, CBOW_WINDOW + 1 :]], 1)
    y = window[:, CBOW_WINDOW]
    data = split(x, y, n, "word2vec CBOW: the centre word of a window from its context (a full softmax)", CBOW_VOCAB, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CBOW_VOCAB, batch_size)
    return data


class CBOWModel(nn.Module):
    """Word2vec's CBOW (Mikolov et al.): the mean of the 4 context words' input embeddings (40 x 32), a ReLU layer ``fc``
    (32 -> 32) and a ``head`` (the output embeddings, 32 -> 40: a full softmax over the vocabulary). Output (rows, 40).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(CBOW_VOCAB, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, CBOW_VOCAB)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.embed(x).mean(1))))
        return out


def cbow_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the centre words summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


DICE_SIZE = 16
"""Images of 16 x 16 pixels, a binary mask each."""


@lru_cache(maxsize=None)
def dice_blobs(n: int = 4000, seed: int = 434, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Blob segmentation: 1-3 discs (radius 1.5-3.5, brightness 0.6-1.4) at random places in a 16 x 16 image, plus
    N(0, 0.5^2) noise per pixel; the target the discs' mask (a floor: the noisy edges). x: (rows, 1, 16, 16); y: (rows,
    1, 16, 16) in {0, 1}. ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = DICE_SIZE
    count = torch.randint(1, 4, (total,), generator=g)
    grid = torch.arange(s, dtype=torch.float32)
    centres = 2 + (s - 5) * torch.rand(total, 3, 2, generator=g)
    radius = 1.5 + 2 * torch.rand(total, 3, generator=g)
    bright = 0.6 + 0.8 * torch.rand(total, 3, generator=g)
    on = torch.arange(3)[None] < count[:, None]
    d = torch.sqrt((grid[None, None, :, None] - centres[..., 0, None, None]) ** 2
                   + (grid[None, None, None, :] - centres[..., 1, None, None]) ** 2)  # fmt: skip
    inside = (d <= radius[..., None, None]) & on[..., None, None]
    mask = inside.any(1).float()
    img = (inside.float() * bright[..., None, None]).amax(1)
    x = (img + 0.5 * torch.randn(total, s, s, generator=g))[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 8] = float("nan")
    return split(x, mask[:, None], n, "blob segmentation with the soft Dice loss (a small CNN)", None, batch_size)


class DiceSegNet(nn.Module):
    """A small segmentation CNN: ``conv1`` 1 -> 16 (3 x 3, ReLU), ``conv2`` 16 -> 16 (3 x 3, dilation 2, ReLU), a ReLU
    layer ``fc`` (a 1 x 1 convolution 16 -> 16) and a ``head`` (1 x 1, 16 -> 1): the logit of each pixel. Output (rows,
    1, 16, 16). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 16, 3, padding=2, dilation=2)
        self.fc = nn.Conv2d(16, 16, 1)
        self.head = nn.Conv2d(16, 1, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.conv2(F.relu(self.conv1(x)))))))
        return out


def dice_rowwise(out: Tensor, y: Tensor) -> Tensor:
    """The soft Dice loss of each image: 1 - (2 sum p y + 1) / (sum p + sum y + 1), p the sigmoid of the logits."""
    p = torch.sigmoid(out)
    return 1 - (2 * (p * y).sum((1, 2, 3)) + 1) / (p.sum((1, 2, 3)) + y.sum((1, 2, 3)) + 1)


def dice_loss(out: Tensor, y: Tensor) -> Tensor:
    """The soft Dice loss, mean over the images."""
    return dice_rowwise(out, y).mean()


def dice_summed(out: Tensor, y: Tensor) -> Tensor:
    """The soft Dice loss summed over the batch's images."""
    return dice_rowwise(out, y).sum()


def dice_at_half() -> float:
    """The soft Dice loss of a net that gives every pixel p = 0.5 (logits 0): its level at init."""
    y = dice_blobs().y
    return float(dice_rowwise(torch.zeros_like(y), y).mean())


# --------------------------------------------------------------------------- the forty-fourth fresh half (fresh42, held out from all tuning)


DENSENET_SIZE, DENSENET_CLASSES, DENSENET_GROWTH = 12, 6, 8
"""Images of 12 x 12 pixels; 6 classes, the glyph drawn (ln 6 = 1.79 at chance); each dense layer adds 8 channels."""


@lru_cache(maxsize=None)
def densenet_glyphs(n: int = 6000, seed: int = 421, *, n_val: int = 600, batch_size: int = 32, train_rows: int | None = None,
                    nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Glyph classification: 6 random binary 4 x 4 glyphs (half their cells on, one a class), one drawn at a random place
    of a 12 x 12 image at brightness 0.6-1.4, plus N(0, 0.35^2) noise per pixel; 5% of the labels are random (a floor).
    x: (images, 1, 12, 12); y: (images,). ``train_rows``: keep only that many training images; ``nan_rows``: that share
    of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = DENSENET_SIZE
    glyphs = torch.stack([torch.randperm(16, generator=g).reshape(4, 4) < 8 for _ in range(DENSENET_CLASSES)]).float()
    y = torch.randint(DENSENET_CLASSES, (total,), generator=g)
    at = torch.randint(s - 3, (total, 2), generator=g)
    bright = 0.6 + 0.8 * torch.rand(total, generator=g)
    x = 0.35 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        r, c = int(at[i, 0]), int(at[i, 1])
        x[i, r : r + 4, c : c + 4] += bright[i] * glyphs[y[i]]
    x = x[:, None]
    y = flip_labels(y, DENSENET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "glyph classification (a DenseNet-like CNN)", DENSENET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, DENSENET_CLASSES, batch_size)
    return data


class DenseNetLike(nn.Module):
    """A DenseNet-like CNN: a ``stem`` convolution (1 -> 8), a dense block of 3 layers (BatchNorm, ReLU, a 3 x 3
    convolution adding 8 channels, concatenated to its input: 8 -> 32), a transition (BatchNorm, ReLU, a 1 x 1
    convolution 32 -> 16, a 2 x 2 average pool), a second dense block of 2 layers (16 -> 32), BatchNorm, ReLU, global
    max pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 6 classes. Output (images, 6). ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        k = DENSENET_GROWTH
        self.stem = nn.Conv2d(1, 8, 3, padding=1)
        self.block1 = nn.ModuleList(nn.Sequential(nn.BatchNorm2d(8 + i * k), nn.ReLU(), nn.Conv2d(8 + i * k, k, 3, padding=1))
                                    for i in range(3))  # fmt: skip
        self.trans = nn.Sequential(nn.BatchNorm2d(32), nn.ReLU(), nn.Conv2d(32, 16, 1), nn.AvgPool2d(2))
        self.block2 = nn.ModuleList(nn.Sequential(nn.BatchNorm2d(16 + i * k), nn.ReLU(), nn.Conv2d(16 + i * k, k, 3, padding=1))
                                    for i in range(2))  # fmt: skip
        self.norm = nn.BatchNorm2d(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, DENSENET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.stem(x)
        for layer in self.block1:
            h = torch.cat([h, layer(h)], 1)
        h = self.trans(h)
        for layer in self.block2:
            h = torch.cat([h, layer(h)], 1)
        h = F.relu(self.norm(h)).amax((2, 3))
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def densenet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the glyphs summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


BIAFFINE_LENGTH, BIAFFINE_VOCAB, BIAFFINE_TYPES = 10, 30, 4
"""Sentences of 10 words of a vocabulary of 30, each word of one of 4 types; a word's head is one of 11 positions (the
root and the 10 words: ln 11 = 2.40 at chance)."""


@lru_cache(maxsize=None)
def biaffine_sentences(n: int = 6000, seed: int = 422, *, n_val: int = 800, batch_size: int = 32,
                       train_rows: int | None = None) -> Data:  # fmt: skip
    """Dependency arcs of synthetic sentences: 10 words drawn uniformly from 30, a word's type its id mod 4; the head of a
    word of type t > 0 is the nearest word of type t - 1 (to its left if there is one within 3 words, else the nearest on
    either side), that of a word of type 0 the root (position 0) unless a type-0 word stands before it (then the first
    of them); no such word: the root. 5% of the heads are random (a floor). x: (sentences, 10) word ids; y: (sentences,
    10) head positions 0-10 (word i is position i + 1). ``train_rows``: keep only that many training sentences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    L = BIAFFINE_LENGTH
    x = torch.randint(BIAFFINE_VOCAB, (total, L), generator=g)
    kind = x % BIAFFINE_TYPES
    pos = torch.arange(L)
    dist = (pos[None, :] - pos[:, None]).abs().float()  # (i, j)
    left = pos[None, :] < pos[:, None]
    y = torch.zeros(total, L, dtype=torch.long)
    for i in range(L):
        want = kind[:, i : i + 1] - 1  # (total, 1)
        match = kind == want  # (total, L)
        near_left = match & left[i][None, :] & (dist[i][None, :] <= 3)
        score = torch.where(near_left, dist[i][None, :] - 100.0, dist[i][None, :] + 0.1 * pos[None, :])
        score = torch.where(match, score, torch.full_like(score, 1e9))
        best = score.argmin(1)
        head = torch.where(match.any(1), best + 1, torch.zeros_like(best))
        first0 = torch.where(kind[:, :i] == 0, pos[:i][None, :], torch.full((total, i), L)).amin(1) if i else torch.full((total,), L)
        root = torch.where(first0 < i, first0 + 1, torch.zeros_like(first0))
        y[:, i] = torch.where(kind[:, i] == 0, root, head)
    flip = torch.rand(total, L, generator=g) < 0.05
    y = torch.where(flip, torch.randint(L + 1, (total, L), generator=g), y)
    data = split(x, y, n, "dependency arc scoring of synthetic sentences (a biaffine scorer)", L + 1, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, L + 1, batch_size)
    return data


class BiaffineArcScorer(nn.Module):
    """A biaffine dependency-arc scorer (Dozat & Manning): word and position embeddings (16 each, summed), a
    bidirectional GRU (2 x 16), a ReLU layer ``fc`` (32 -> 32) giving each word's dependent vector d_i, a learned ``root``
    vector before the words, a ``head`` layer (32 -> 32) giving each candidate's head vector h_j, and the scores
    s_ij = d_i U h_j + d_i . w (U 32 x 32, the ``arc`` weight). Output (sentences, 10, 11): word i's scores over the root
    and the 10 words. ``dead_bias`` < 0 starts fc's biases there (every d_i and root-side vector 0)."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Embedding(BIAFFINE_VOCAB, 16)
        self.where = nn.Embedding(BIAFFINE_LENGTH, 16)
        self.gru = nn.GRU(16, 16, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(32, 32)
        self.root = nn.Parameter(0.1 * torch.randn(1, 1, 32))
        self.head = nn.Linear(32, 32)
        self.arc = nn.Parameter(torch.randn(32, 32) / 32)
        self.bias_w = nn.Parameter(torch.zeros(32, 1))
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        e = self.embed(x) + self.where(torch.arange(x.shape[1], device=x.device))
        r = F.relu(self.fc(self.gru(e)[0]))  # (B, L, 32): dependent vectors
        cand = torch.cat([self.root.expand(len(x), 1, 32), r], 1)  # (B, L + 1, 32)
        h = self.head(cand)
        out: Tensor = (r @ self.arc) @ h.transpose(1, 2) + r @ self.bias_w
        return out


def biaffine_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the heads summed over the batch's words (reduction='sum')."""
    return F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1), reduction="sum")


HUBERREG_FEATURES = 10
"""Rows of 10 features."""


@lru_cache(maxsize=None)
def huberreg_rows(n: int = 4000, seed: int = 423, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Regression with outliers: 10 features N(0, 1); the clean target 1.2 cos(x0 + x1) + x2 x3 - 0.6 |x4| + 0.8 x5
    standardised to a standard deviation of 1.5, plus N(0, 0.25^2) noise; 5% of the targets (training and held out) are
    outliers, moved by +-U(3, 8) (a floor). x: (rows, 10); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, HUBERREG_FEATURES, generator=g)
    clean = 1.2 * torch.cos(x[:, 0] + x[:, 1]) + x[:, 2] * x[:, 3] - 0.6 * x[:, 4].abs() + 0.8 * x[:, 5]
    clean = 1.5 * (clean - clean.mean()) / clean.std()
    out = torch.rand(total, generator=g) < 0.05
    jump = (3 + 5 * torch.rand(total, generator=g)) * (torch.randint(2, (total,), generator=g) * 2 - 1)
    y = clean + 0.25 * torch.randn(total, generator=g) + torch.where(out, jump, torch.zeros(total))
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    return split(x, y, n, "regression with outlying targets (an MLP, the Huber loss)", None, batch_size)


class HuberRegMLP(nn.Module):
    """A ReLU MLP regressor: ``inp`` (10 -> 64), ``hidden`` (64 -> 64), a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 1). Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(HUBERREG_FEATURES, 64)
        self.hidden = nn.Linear(64, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.hidden(F.relu(self.inp(x))))
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(1)
        return out


def huberreg_loss(out: Tensor, y: Tensor) -> Tensor:
    """The Huber loss (delta 1), mean over the rows."""
    return F.huber_loss(out, y, delta=1.0)


def huberreg_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Huber loss (delta 1) summed over the batch's rows."""
    return F.huber_loss(out, y, delta=1.0, reduction="sum")


def huberreg_at_zero() -> float:
    """The Huber loss of a regressor that predicts 0: its level at init."""
    return float(huberreg_loss(torch.zeros(len(huberreg_rows().y)), huberreg_rows().y))


MIXHOP_NODES, MIXHOP_BLOCKS, MIXHOP_FEATURES = 1500, 5, 16
"""MixHop classifies the 1500 nodes of a stochastic block model graph of 5 communities from 16 noisy features."""


@lru_cache(maxsize=None)
def mixhop_graph(seed: int = 424) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """A stochastic block model graph of 1500 nodes in 5 equal communities (expected degree 4 inside a node's community,
    3 outside), its features (0.25 x the community's random centre plus N(0, 1) noise, 16 of them) and communities:
    (the edges with self-loops, (2, edges) as (source, target), their weights in the symmetrically normalised
    adjacency D^-1/2 (A + I) D^-1/2, features (nodes, 16), communities (nodes,))."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = MIXHOP_NODES, MIXHOP_BLOCKS
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(4.0 / size), torch.tensor(3.0 / (nodes - size)))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = (upper | upper.T) | torch.eye(nodes, dtype=torch.bool)
    d = adj.sum(1).float().rsqrt()
    edges = torch.nonzero(adj).T
    weight = d[edges[0]] * d[edges[1]]
    centres = torch.randn(blocks, MIXHOP_FEATURES, generator=g)
    x = 0.25 * centres[block] + torch.randn(nodes, MIXHOP_FEATURES, generator=g)
    return edges, weight, x, block


@lru_cache(maxsize=None)
def mixhop_nodes(n: int = 1000, seed: int = 424, *, n_val: int = 500, batch_size: int = 32, train_rows: int | None = None) -> Data:
    """Node classification on ``mixhop_graph(seed)``: the input is a node's id, the target its community (5% of the
    training labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive). ``train_rows``: keep only that many labelled nodes."""
    _, _, _, block = mixhop_graph(seed)
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    y = torch.cat([flip_labels(y[:n], MIXHOP_BLOCKS, 0.05, g), y[n:]])
    data = split(ids, y, n, "node classification (MixHop on a stochastic block model graph)", MIXHOP_BLOCKS, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MIXHOP_BLOCKS, batch_size)
    return data


class MixHopLayer(nn.Module):
    """A MixHop graph convolution (Abu-El-Haija et al. 2019): [A^0 H W_0 | A^1 H W_1 | A^2 H W_2], the powers of the
    normalised adjacency A mixed by concatenation, ``width`` units a power."""

    def __init__(self, cin: int, width: int) -> None:
        super().__init__()
        self.hops = nn.ModuleList(nn.Linear(cin, width) for _ in range(3))

    def forward(self, edges: Tensor, weight: Tensor, h: Tensor) -> Tensor:
        parts, p = [], h
        for j, lin in enumerate(self.hops):
            if j:  # p <- A p, a message along every edge
                p = torch.zeros_like(p).index_add_(0, edges[1], weight[:, None] * p[edges[0]])
            parts.append(lin(p))
        return torch.cat(parts, 1)


class MixHopNet(nn.Module):
    """MixHop node classifier reading node ids: two MixHop layers (16 -> 3 x 8, ReLU; 24 -> 3 x 8, ReLU) over the whole
    graph, the batch's nodes taken, a ReLU layer ``fc`` (24 -> 16) and a ``head`` to the 5 communities. Output (nodes,
    5). ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that share of the nodes has a missing (NaN) feature."""

    def __init__(self, seed: int = 424, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        edges, weight, x, _ = mixhop_graph(seed)
        x = x.clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 5] = float("nan")
        self.register_buffer("edges", edges)
        self.register_buffer("weight", weight)
        self.register_buffer("feats", x)
        self.mix1 = MixHopLayer(MIXHOP_FEATURES, 8)
        self.mix2 = MixHopLayer(24, 8)
        self.fc = nn.Linear(24, 16)
        self.head = nn.Linear(16, MIXHOP_BLOCKS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h = F.relu(self.mix1(self.edges, self.weight, self.feats))
        h = F.relu(self.mix2(self.edges, self.weight, h))
        out: Tensor = self.head(F.relu(self.fc(h[ids])))
        return out


def mixhop_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the communities summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


# --------------------------------------------------------------------------- forty-fifth fresh half (fresh43, held out from all tuning)


XCEPTION_SIZE, XCEPTION_CLASSES = 12, 6
"""Two-channel images of 12 x 12 pixels; 6 classes, a grating's orientation (3) and period (2) (ln 6 = 1.79 at chance)."""


@lru_cache(maxsize=None)
def xception_gratings(n: int = 6000, seed: int = 431, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Grating classification: a sinusoidal grating at one of 3 orientations (0, 60, 120 degrees) and of one of 2 periods
    (3 or 5 pixels), random phase, amplitude 0.4-1.0, in one of 2 channels (at random; the other only noise), plus
    N(0, 0.6^2) noise per pixel; the class is orientation x period; 5% of the labels are random (a floor).
    x: (images, 2, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = XCEPTION_SIZE
    grid = torch.arange(s, dtype=torch.float32)
    y = torch.randint(XCEPTION_CLASSES, (total,), generator=g)
    angle = (y % 3).float() * (math.pi / 3)
    period = torch.where(y // 3 == 0, 3.0, 5.0)
    phase = 2 * math.pi * torch.rand(total, generator=g)
    along = grid[None, :, None] * angle.cos()[:, None, None] + grid[None, None, :] * angle.sin()[:, None, None]
    wave = torch.sin(2 * math.pi * along / period[:, None, None] + phase[:, None, None])
    amp = 0.4 + 0.6 * torch.rand(total, 1, 1, generator=g)
    channel = torch.randint(2, (total,), generator=g)
    x = 0.6 * torch.randn(total, 2, s, s, generator=g)
    x[torch.arange(total), channel] += amp * wave
    y = flip_labels(y, XCEPTION_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    return split(x, y, n, "grating classification (an Xception-like CNN)", XCEPTION_CLASSES, batch_size)


class XceptionSepConv(nn.Module):
    """A depthwise-separable convolution: a depthwise 3 x 3 convolution (one filter per channel, padding 1) and a
    pointwise 1 x 1 convolution mixing the channels."""

    def __init__(self, cin: int, cout: int) -> None:
        super().__init__()
        self.depthwise = nn.Conv2d(cin, cin, 3, padding=1, groups=cin)
        self.pointwise = nn.Conv2d(cin, cout, 1)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.pointwise(self.depthwise(x))
        return out


class XceptionNet(nn.Module):
    """An Xception-like CNN: a ``stem`` convolution (2 -> 16, 3 x 3, ReLU); an entry block of two separable convolutions
    (16 -> 32, ReLU, 32 -> 32) and a 3 x 3 max-pool of stride 2 beside a strided 1 x 1 ``shortcut``; a middle block of
    ReLU, separable, ReLU, separable (32 -> 32) with an identity shortcut; global average pooling, a ReLU layer ``fc``
    (32 -> 32) and a ``head`` to the 6 classes. Output (images, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(2, 16, 3, padding=1)
        self.entry1, self.entry2 = XceptionSepConv(16, 32), XceptionSepConv(32, 32)
        self.shortcut = nn.Conv2d(16, 32, 1, stride=2)
        self.middle1, self.middle2 = XceptionSepConv(32, 32), XceptionSepConv(32, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, XCEPTION_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.stem(x))
        h = F.max_pool2d(self.entry2(F.relu(self.entry1(h))), 3, 2, 1) + self.shortcut(h)
        h = h + self.middle2(F.relu(self.middle1(F.relu(h))))
        out: Tensor = self.head(F.relu(self.fc(F.relu(h).mean((2, 3)))))
        return out


def xception_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


INDRNN_STEPS, INDRNN_CLASSES = 24, 5
"""Sequences of 24 steps; 5 classes, the window of a burst (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def indrnn_sequences(n: int = 6000, seed: int = 432, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Burst timing of noisy series: channel 0 N(0, 0.5^2) noise plus a burst of 3 steps, height 1-2, starting in one
    of 5 windows of 4 steps (steps 0-3, 4-7, ..., 16-19: the class); channel 1 a random walk of N(0, 0.3^2) steps (a
    distractor); 24 steps; 5% of the labels are random (a floor). x: (rows, 24, 2); y: (rows,). ``nan_rows``: that
    share of the training rows has a missing (NaN) value."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t = torch.arange(INDRNN_STEPS, dtype=torch.float32)
    y = torch.randint(INDRNN_CLASSES, (total,), generator=g)
    start = 4 * y + torch.randint(4, (total,), generator=g)
    height = 1.0 + torch.rand(total, 1, generator=g)
    burst = ((t[None] >= start[:, None]) & (t[None] < start[:, None] + 3)).float()
    wave = height * burst + 0.5 * torch.randn(total, INDRNN_STEPS, generator=g)
    walk = (0.3 * torch.randn(total, INDRNN_STEPS, generator=g)).cumsum(1)
    x = torch.stack([wave, walk], 2)
    y = flip_labels(y, INDRNN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 10, 0] = float("nan")
    return split(x, y, n, "burst timing classification of noisy series (an IndRNN)", INDRNN_CLASSES, batch_size)


class IndRNNClassifier(nn.Module):
    """An IndRNN sequence classifier (Li et al. 2018): two layers of 32 independently recurrent ReLU units,
    h_t = relu(W x_t + u * h_{t-1} + b) with a recurrent weight per unit (u uniform in (0, 1) at init), the last state of
    the second layer to a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 5 classes. Output (rows, 5). ``dead_bias``
    < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp1, self.inp2 = nn.Linear(2, 32), nn.Linear(32, 32)
        self.u1 = nn.Parameter(torch.rand(32))
        self.u2 = nn.Parameter(torch.rand(32))
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, INDRNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        seq = self.inp1(x)
        for u, nxt in ((self.u1, self.inp2), (self.u2, None)):
            h = torch.zeros_like(seq[:, 0])
            states = []
            for t in range(seq.shape[1]):
                h = F.relu(seq[:, t] + u * h)
                states.append(h)
            seq = nxt(torch.stack(states, 1)) if nxt is not None else torch.stack(states, 1)
        out: Tensor = self.head(F.relu(self.fc(seq[:, -1])))
        return out


def indrnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the windows summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


NALU_FEATURES = 6
"""Rows of 6 positive features."""


@lru_cache(maxsize=None)
def nalu_rows(n: int = 4000, seed: int = 433, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0) -> Data:
    """Arithmetic regression: 6 features uniform in (0.5, 3); the clean target x0 x1 + x2 / x3 - 0.5 x4 (x5 unused),
    standardised, plus N(0, 0.15^2) noise (a floor). x: (rows, 6); y: (rows,). ``nan_rows``: that share of the training
    rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = 0.5 + 2.5 * torch.rand(total, NALU_FEATURES, generator=g)
    clean = x[:, 0] * x[:, 1] + x[:, 2] / x[:, 3] - 0.5 * x[:, 4]
    y = (clean - clean.mean()) / clean.std() + 0.15 * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    return split(x, y, n, "arithmetic regression (a neural arithmetic logic unit)", None, batch_size)


class NALULayer(nn.Module):
    """A neural arithmetic logic unit (Trask et al. 2018): W = tanh(W^) * sigmoid(M^); an additive path W x and a
    multiplicative path exp(W ln(|x| + 1e-4)), mixed per output by a learned gate sigmoid(G x)."""

    def __init__(self, cin: int, cout: int) -> None:
        super().__init__()
        self.w_hat = nn.Parameter(torch.randn(cout, cin) * 0.3)
        self.m_hat = nn.Parameter(torch.randn(cout, cin) * 0.3)
        self.gate = nn.Linear(cin, cout)

    def forward(self, x: Tensor) -> Tensor:
        w = torch.tanh(self.w_hat) * torch.sigmoid(self.m_hat)
        g = torch.sigmoid(self.gate(x))
        out: Tensor = g * (x @ w.T) + (1 - g) * torch.exp(torch.log(x.abs() + 1e-4) @ w.T)
        return out


class NALUNet(nn.Module):
    """A NALU regressor: ``nalu`` (6 -> 12), a ReLU layer ``fc`` (12 -> 32) and a ``head`` (32 -> 1). Output (rows,).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.nalu = NALULayer(NALU_FEATURES, 12)
        self.fc = nn.Linear(12, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.nalu(x)))).squeeze(1)
        return out


def nalu_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's rows."""
    return F.mse_loss(out, y, reduction="sum")


def nalu_at_zero() -> float:
    """The squared error of a regressor that predicts 0: its level at init (~1, the target standardised)."""
    return float(F.mse_loss(torch.zeros(len(nalu_rows().y)), nalu_rows().y))


TWEEDIE_FEATURES, TWEEDIE_POWER = 10, 1.5
"""Rows of 10 features; the Tweedie power p = 1.5 (a compound Poisson-gamma)."""


@lru_cache(maxsize=None)
def tweedie_claims(n: int = 4000, seed: int = 434, *, n_val: int = 800, batch_size: int = 64, train_rows: int | None = None,
                   nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Zero-inflated claim amounts: 10 features N(0, 1); the log-mean 1.2 (x0 - 0.7 x1 + 0.6 x2 x3 + 0.7 sin(2 x4)) - 2.2;
    the amount a compound Poisson-gamma (Tweedie, p = 1.5, dispersion 1: a Poisson count of rate 2 sqrt(mu) of
    exponential claims of mean sqrt(mu) / 2), 0 where the count is 0 (about half the rows). x: (rows, 10); y: (rows,). ``train_rows``: keep only
    that many training rows; ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, TWEEDIE_FEATURES, generator=g)
    mu = torch.exp(1.2 * (x[:, 0] - 0.7 * x[:, 1] + 0.6 * x[:, 2] * x[:, 3] + 0.7 * torch.sin(2 * x[:, 4])) - 2.2)
    count = torch.poisson(2 * mu.sqrt(), generator=g)
    y = torch._standard_gamma(count.clamp(min=1), generator=g) * mu.sqrt() / 2 * (count > 0).float()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    data = split(x, y, n, "zero-inflated claim amounts (an MLP, the Tweedie deviance)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TweedieMLP(nn.Module):
    """A ReLU MLP of the log-mean: ``inp`` (10 -> 64), ``hidden`` (64 -> 64), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 1). Output (rows,): log mu. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(TWEEDIE_FEATURES, 64)
        self.hidden = nn.Linear(64, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.hidden(F.relu(self.inp(x))))
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(1)
        return out


def tweedie_deviance(out: Tensor, y: Tensor) -> Tensor:
    """The Tweedie unit deviance (p = 1.5) of the log-mean ``out``, mean over the rows: 2 (y^(2-p) / ((1-p)(2-p)) -
    y mu^(1-p) / (1-p) + mu^(2-p) / (2-p)) = 4 y exp(-out / 2) + 4 exp(out / 2) - 8 sqrt(y); 0 where mu = y."""
    return (4 * y * torch.exp(-out / 2) + 4 * torch.exp(out / 2) - 8 * y.sqrt()).mean()


def tweedie_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Tweedie deviance summed over the batch's rows."""
    return (4 * y * torch.exp(-out / 2) + 4 * torch.exp(out / 2) - 8 * y.sqrt()).sum()


def tweedie_at_zero() -> float:
    """The Tweedie deviance of a log-mean of 0 (mu = 1): its level at init."""
    return float(tweedie_deviance(torch.zeros(len(tweedie_claims().y)), tweedie_claims().y))


# --------------------------------------------------------------------------- forty-sixth fresh half (fresh44, held out from all tuning)


MAXOUT_FEATURES, MAXOUT_CLASSES, MAXOUT_PIECES = 12, 5, 3
"""Rows of 12 features; 5 classes (ln 5 = 1.61 at chance); 3 pieces a Maxout unit."""


@lru_cache(maxsize=None)
def maxout_rows(n: int = 4000, seed: int = 441, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Tabular classification by a fixed random teacher: 12 features N(0, 1), the class the argmax of a random ReLU
    network 12-24-5 (its logits scaled to a spread of 3) plus Gumbel noise, 5% random labels (a floor). x: (rows, 12); y:
    (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that
    many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, MAXOUT_FEATURES, generator=g)
    w1 = torch.randn(MAXOUT_FEATURES, 24, generator=g) / math.sqrt(MAXOUT_FEATURES)
    w2 = torch.randn(24, MAXOUT_CLASSES, generator=g) / math.sqrt(24)
    logit = torch.relu(x @ w1) @ w2
    logit = 3 * logit / logit.std()
    gumbel = -torch.log(-torch.log(torch.rand(total, MAXOUT_CLASSES, generator=g).clamp(1e-9, 1 - 1e-9)))
    y = (logit + 0.5 * gumbel).argmax(1)
    y = flip_labels(y, MAXOUT_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 4] = float("nan")
    data = split(x, y, n, "tabular classification by a random teacher (a Maxout MLP)", MAXOUT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MAXOUT_CLASSES, batch_size)
    return data


class MaxoutLayer(nn.Module):
    """A Maxout layer (Goodfellow et al. 2013): ``pieces`` linear maps, their element-wise maximum."""

    def __init__(self, cin: int, cout: int, pieces: int = MAXOUT_PIECES) -> None:
        super().__init__()
        self.cout, self.pieces = cout, pieces
        self.lin = nn.Linear(cin, cout * pieces)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.lin(x).view(len(x), self.cout, self.pieces).amax(2)
        return out


class MaxoutNet(nn.Module):
    """A Maxout MLP classifier: two Maxout layers (12 -> 48, 48 -> 48, 3 pieces), a ReLU layer ``fc`` (48 -> 32) and a
    ``head`` to the 5 classes. Output (rows, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.max1 = MaxoutLayer(MAXOUT_FEATURES, 48)
        self.max2 = MaxoutLayer(48, 48)
        self.fc = nn.Linear(48, 32)
        self.head = nn.Linear(32, MAXOUT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.max2(self.max1(x)))))
        return out


def maxout_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


FILM_SIZE, FILM_QUESTIONS, FILM_ANSWERS = 10, 3, 4
"""Images of 10 x 10 pixels, 3 questions, 4 answers (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def film_scenes(n: int = 6000, seed: int = 442, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Questions about synthetic scenes: a 10 x 10 image holds a filled 3 x 3 square and a bar of 4 pixels (horizontal or
    vertical) at random places, brightness 0.8-1.4, plus N(0, 0.3^2) noise per pixel; a question (0-2) asks for the
    square's quadrant (0-3), the bar's quadrant (0-3) or the bar's orientation (0-1); 5% random answers (a floor).
    x: (scenes, 101): the question's id, then the 100 pixels; y: (scenes,). ``nan_rows``: that share of the training
    scenes has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = FILM_SIZE
    img = 0.3 * torch.randn(total, s, s, generator=g)
    sq = torch.randint(s - 2, (total, 2), generator=g)
    bar = torch.randint(s - 3, (total, 2), generator=g)
    vertical = torch.randint(2, (total,), generator=g)
    bright = 0.8 + 0.6 * torch.rand(total, 2, generator=g)
    for i in range(total):
        r, c = int(sq[i, 0]), int(sq[i, 1])
        img[i, r : r + 3, c : c + 3] += bright[i, 0]
        r, c = int(bar[i, 0]), int(bar[i, 1])
        if vertical[i]:
            img[i, r : r + 4, c] += bright[i, 1]
        else:
            img[i, r, c : c + 4] += bright[i, 1]
    half = s // 2
    sq_quad = ((sq[:, 0] + 1) >= half).long() * 2 + ((sq[:, 1] + 1) >= half).long()
    bar_r = bar[:, 0] + torch.where(vertical == 1, 2, 0) * 0 + vertical * 1
    bar_c = bar[:, 1] + (1 - vertical) * 1
    bar_quad = (bar_r + 1 >= half).long() * 2 + (bar_c + 1 >= half).long()
    q = torch.randint(FILM_QUESTIONS, (total,), generator=g)
    y = torch.where(q == 0, sq_quad, torch.where(q == 1, bar_quad, vertical))
    y = flip_labels(y, FILM_ANSWERS, 0.05, g)
    x = torch.cat([q[:, None].float(), img.reshape(total, -1)], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 1 + 47] = float("nan")
    return split(x, y, n, "visual questions about synthetic scenes (a FiLM-conditioned CNN)", FILM_ANSWERS, batch_size)


class FiLMNet(nn.Module):
    """A FiLM-conditioned CNN (Perez et al. 2018): a question embedding (8) gives a scale and a shift (``film``: 8 -> 2 x
    16) of the feature maps of the second convolution; a ``conv1`` (1 -> 16, 3 x 3, ReLU), a ``conv2`` (16 -> 16, 3 x 3)
    then (1 + gamma) h + beta and ReLU, a 2 x 2 adaptive max pool (the quadrants), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` to the 4 answers. Input (scenes, 101): the question's id, then the pixels. Output (scenes, 4). ``dead_bias``
    < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.question = nn.Embedding(FILM_QUESTIONS, 8)
        self.film = nn.Linear(8, 32)
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 16, 3, padding=1)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, FILM_ANSWERS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        q = x[:, 0].nan_to_num(0.0).long().clamp(0, FILM_QUESTIONS - 1)
        img = x[:, 1:].reshape(len(x), 1, FILM_SIZE, FILM_SIZE)
        gamma, beta = self.film(self.question(q)).chunk(2, 1)
        h = self.conv2(F.relu(self.conv1(img)))
        h = F.relu((1 + gamma[:, :, None, None]) * h + beta[:, :, None, None])
        h = F.adaptive_max_pool2d(h, 2).flatten(1)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def film_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the answers summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


DEEPFM_FIELDS, DEEPFM_VALUES, DEEPFM_DENSE = 6, 20, 2
"""Click rows of 6 categorical fields of 20 values each and 2 dense features."""


@lru_cache(maxsize=None)
def deepfm_clicks(n: int = 4000, seed: int = 443, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """A synthetic click log: 6 categorical fields of 20 values each (uniform) and 2 dense features N(0, 1); the click's
    logit a factorization machine of the fields (a random bias per value and pairwise products of random 3-d latent
    vectors) plus 1.2 sin(2 d0) + 0.8 |d1| - 0.6, standardised to a spread of 5, the click drawn Bernoulli (about 46%
    clicks). x: (rows, 8): the 6 value ids (as floats), then the 2 dense features; y: (rows,) 0/1 floats. ``nan_rows``:
    that share of the training rows has a missing (NaN) dense feature; ``train_rows``: keep only that many training
    rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    ids = torch.randint(DEEPFM_VALUES, (total, DEEPFM_FIELDS), generator=g)
    dense = torch.randn(total, DEEPFM_DENSE, generator=g)
    bias = torch.randn(DEEPFM_FIELDS, DEEPFM_VALUES, generator=g)
    latent = torch.randn(DEEPFM_FIELDS, DEEPFM_VALUES, 3, generator=g)
    v = latent[torch.arange(DEEPFM_FIELDS)[None, :], ids]  # (rows, fields, 3)
    pair = 0.5 * (v.sum(1).pow(2).sum(1) - v.pow(2).sum((1, 2)))
    first = bias[torch.arange(DEEPFM_FIELDS)[None, :], ids].sum(1)
    logit = first + 0.5 * pair
    logit = (logit - logit.mean()) / logit.std() + 1.2 * torch.sin(2 * dense[:, 0]) + 0.8 * dense[:, 1].abs() - 0.6
    logit = 5 * (logit - logit.mean()) / logit.std() - 0.4
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    x = torch.cat([ids.float(), dense], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, DEEPFM_FIELDS] = float("nan")
    data = split(x, y, n, "click-through prediction (DeepFM)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class DeepFMNet(nn.Module):
    """DeepFM (Guo et al. 2017): a first-order weight per value (``linear``) and of the dense features, the factorization
    machine's pairwise term of 4-d value embeddings (``embed``), and a deep part sharing the embeddings: their 24
    values and the 2 dense features through a ReLU layer ``hidden`` (26 -> 64), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 1); the logit the sum of the three. Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.register_buffer("offsets", torch.arange(DEEPFM_FIELDS) * DEEPFM_VALUES)
        self.linear = nn.Embedding(DEEPFM_FIELDS * DEEPFM_VALUES, 1)
        self.dense_linear = nn.Linear(DEEPFM_DENSE, 1)
        self.embed = nn.Embedding(DEEPFM_FIELDS * DEEPFM_VALUES, 4)
        with torch.no_grad():
            self.linear.weight.mul_(0.01)
            self.embed.weight.mul_(0.05)
        self.hidden = nn.Linear(DEEPFM_FIELDS * 4 + DEEPFM_DENSE, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        ids = x[:, :DEEPFM_FIELDS].nan_to_num(0.0).long() + self.offsets
        dense = x[:, DEEPFM_FIELDS:]
        e = self.embed(ids)  # (rows, fields, 4)
        fm = 0.5 * (e.sum(1).pow(2) - e.pow(2).sum(1)).sum(1)
        first = self.linear(ids).sum((1, 2)) + self.dense_linear(dense).squeeze(1)
        deep = self.head(F.relu(self.fc(F.relu(self.hidden(torch.cat([e.flatten(1), dense], 1)))))).squeeze(1)
        out: Tensor = first + fm + deep
        return out


def deepfm_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the clicks, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


def deepfm_bce_summed(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the clicks summed over the batch's rows (reduction='sum')."""
    return F.binary_cross_entropy_with_logits(out, y, reduction="sum")


CONVMIXER_SIZE, CONVMIXER_CLASSES = 12, 5
"""Images of 12 x 12 pixels; 5 classes, a stroke pattern (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def convmixer_strokes(n: int = 6000, seed: int = 444, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Stroke-pattern classification: 5 random binary 5 x 5 patterns (about 40% of their cells on), one drawn at a random
    place of a 12 x 12 image at brightness 0.6-1.4, plus N(0, 0.4^2) noise per pixel, 5% random labels (a floor).
    x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = CONVMIXER_SIZE
    patterns = (torch.rand(CONVMIXER_CLASSES, 5, 5, generator=g) < 0.4).float()
    y = torch.randint(CONVMIXER_CLASSES, (total,), generator=g)
    at = torch.randint(s - 4, (total, 2), generator=g)
    bright = 0.6 + 0.8 * torch.rand(total, generator=g)
    x = 0.4 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        r, c = int(at[i, 0]), int(at[i, 1])
        x[i, r : r + 5, c : c + 5] += bright[i] * patterns[y[i]]
    x = x[:, None]
    y = flip_labels(y, CONVMIXER_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 4] = float("nan")
    return split(x, y, n, "stroke-pattern classification (a ConvMixer-like CNN)", CONVMIXER_CLASSES, batch_size)


class ConvMixerNet(nn.Module):
    """A ConvMixer-like CNN (Trockman & Kolter): a patch embedding (a 2 x 2 convolution of stride 2, 1 -> 32, GELU,
    BatchNorm: 12 x 12 -> 6 x 6), 2 mixer blocks (a depthwise 5 x 5 convolution, GELU, BatchNorm, with a residual
    connection; a pointwise 1 x 1 convolution, GELU, BatchNorm), global max pooling, a ReLU layer ``fc`` (32 -> 32) and a
    ``head`` to the 5 classes. Output (images, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 32
        self.patch = nn.Sequential(nn.Conv2d(1, d, 2, stride=2), nn.GELU(), nn.BatchNorm2d(d))
        self.spatial = nn.ModuleList(nn.Sequential(nn.Conv2d(d, d, 5, padding=2, groups=d), nn.GELU(), nn.BatchNorm2d(d))
                                     for _ in range(2))  # fmt: skip
        self.channel = nn.ModuleList(nn.Sequential(nn.Conv2d(d, d, 1), nn.GELU(), nn.BatchNorm2d(d)) for _ in range(2))
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, CONVMIXER_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.patch(x)
        for spatial, channel in zip(self.spatial, self.channel):
            h = channel(h + spatial(h))
        out: Tensor = self.head(F.relu(self.fc(h.amax((2, 3)))))
        return out


def convmixer_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


# --------------------------------------------------------------------------- forty-seventh fresh half (fresh45, held out from all tuning)


GHOSTNET_SIZE, GHOSTNET_CLASSES = 12, 5
"""Images of 12 x 12 pixels; 5 classes, a signed motif (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def ghostnet_motifs(n: int = 6000, seed: int = 451, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Signed-motif classification: 5 random 4 x 4 motifs of +1/-1 cells, one drawn at a random place of a 12 x 12 image
    at a contrast of 0.5-1.2, plus N(0, 0.5^2) noise per pixel, 5% random labels (a floor). x: (images, 1, 12, 12); y:
    (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = GHOSTNET_SIZE
    motifs = torch.where(torch.rand(GHOSTNET_CLASSES, 4, 4, generator=g) < 0.5, -1.0, 1.0)
    y = torch.randint(GHOSTNET_CLASSES, (total,), generator=g)
    at = torch.randint(s - 3, (total, 2), generator=g)
    contrast = 0.5 + 0.7 * torch.rand(total, generator=g)
    x = 0.5 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        r, c = int(at[i, 0]), int(at[i, 1])
        x[i, r : r + 4, c : c + 4] += contrast[i] * motifs[y[i]]
    x = x[:, None]
    y = flip_labels(y, GHOSTNET_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    return split(x, y, n, "signed-motif classification (a GhostNet-like CNN)", GHOSTNET_CLASSES, batch_size)


class GhostModule(nn.Module):
    """A ghost module (Han et al. 2020): a primary convolution to ``cout // 2`` channels (BatchNorm, ReLU), cheap
    depthwise 3 x 3 convolutions of those giving the other ``cout // 2`` ("ghost" features), the two concatenated."""

    def __init__(self, cin: int, cout: int, kernel: int = 1) -> None:
        super().__init__()
        m = cout // 2
        self.primary = nn.Sequential(nn.Conv2d(cin, m, kernel, padding=kernel // 2, bias=False), nn.BatchNorm2d(m), nn.ReLU())
        self.cheap = nn.Sequential(nn.Conv2d(m, m, 3, padding=1, groups=m, bias=False), nn.BatchNorm2d(m), nn.ReLU())

    def forward(self, x: Tensor) -> Tensor:
        p = self.primary(x)
        return torch.cat([p, self.cheap(p)], 1)


class GhostNetCNN(nn.Module):
    """A GhostNet-like CNN: a stem convolution (1 -> 16, 3 x 3, BatchNorm, ReLU), a ghost module (16 -> 32, primary 3 x 3),
    a 2 x 2 max pool (12 x 12 -> 6 x 6), a ghost bottleneck (ghost modules 32 -> 32 -> 32, primary 1 x 1, with a residual
    connection), global average pooling, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 5 classes. Output
    (images, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.ghost1 = GhostModule(16, 32, 3)
        self.ghost2 = nn.Sequential(GhostModule(32, 32), GhostModule(32, 32))
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, GHOSTNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(self.ghost1(self.stem(x)), 2)
        h = h + self.ghost2(h)
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


def ghostnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the motifs summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


QRNN_STEPS, QRNN_CLASSES = 24, 4
"""Sequences of 24 steps; 4 classes, the number of pulses less one (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def qrnn_pulses(n: int = 6000, seed: int = 452, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Pulse counting in noisy series: channel 0 N(0, 0.5^2) noise plus 1-4 pulses (the class: 0-3) of 2 steps, height
    1-2, at distinct random places (on a grid of 3 steps); channel 1 N(0, 0.5^2) noise plus 0-3 negative pulses of the
    same kind (a distractor); 24 steps; 5% random labels (a floor). x: (rows, 24, 2); y: (rows,). ``nan_rows``: that
    share of the training rows has a missing (NaN) value."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(QRNN_CLASSES, (total,), generator=g)
    distract = torch.randint(4, (total,), generator=g)
    x = 0.5 * torch.randn(total, QRNN_STEPS, 2, generator=g)
    slots = QRNN_STEPS // 3
    for i in range(total):
        for ch, count, sign in ((0, int(y[i]) + 1, 1.0), (1, int(distract[i]), -1.0)):
            for k in torch.randperm(slots, generator=g)[:count].tolist():
                x[i, 3 * k : 3 * k + 2, ch] += sign * (1.0 + float(torch.rand(1, generator=g)))
    y = flip_labels(y, QRNN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 12, 0] = float("nan")
    return split(x, y, n, "pulse counting in noisy series (a quasi-recurrent network)", QRNN_CLASSES, batch_size)


class QRNNLayer(nn.Module):
    """A quasi-recurrent layer (Bradbury et al. 2017): a causal convolution of width 2 gives a candidate z (tanh), a
    forget gate f and an output gate o (sigmoid) at every step at once; fo-pooling c_t = f_t c_{t-1} + (1 - f_t) z_t,
    h_t = o_t c_t is the only recurrence. Input and output (rows, steps, channels)."""

    def __init__(self, cin: int, hidden: int) -> None:
        super().__init__()
        self.hidden = hidden
        self.conv = nn.Conv1d(cin, 3 * hidden, 2)

    def forward(self, x: Tensor) -> Tensor:
        zfo = self.conv(F.pad(x.transpose(1, 2), (1, 0))).transpose(1, 2)
        z, f, o = zfo.chunk(3, 2)
        z, f, o = torch.tanh(z), torch.sigmoid(f), torch.sigmoid(o)
        c = torch.zeros_like(z[:, 0])
        states = []
        for t in range(x.shape[1]):
            c = f[:, t] * c + (1 - f[:, t]) * z[:, t]
            states.append(o[:, t] * c)
        return torch.stack(states, 1)


class QRNNClassifier(nn.Module):
    """A QRNN sequence classifier: two quasi-recurrent layers (2 -> 32, 32 -> 32, fo-pooling), the last state to a ReLU
    layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes. Output (rows, 4). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.qrnn1, self.qrnn2 = QRNNLayer(2, 32), QRNNLayer(32, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, QRNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.qrnn2(self.qrnn1(x))
        out: Tensor = self.head(F.relu(self.fc(h[:, -1])))
        return out


def qrnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the pulse counts summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


GAMMAREG_FEATURES, GAMMAREG_SHAPE = 8, 2.0
"""Rows of 8 features; the Gamma targets' shape k = 2 (a coefficient of variation of 0.71)."""


@lru_cache(maxsize=None)
def gammareg_rows(n: int = 4000, seed: int = 453, *, n_val: int = 800, batch_size: int = 64, train_rows: int | None = None,
                  nan_rows: float = 0.0) -> Data:  # fmt: skip
    """Positive, right-skewed targets: 8 features N(0, 1); the log-mean 0.8 x0 - 0.6 x1 + 0.5 x2 x3 + 0.6 sin(2 x4) + 1.0;
    the target Gamma of shape 2 and that mean. x: (rows, 8); y: (rows,). ``train_rows``: keep only that many training
    rows; ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, GAMMAREG_FEATURES, generator=g)
    mu = torch.exp(0.8 * x[:, 0] - 0.6 * x[:, 1] + 0.5 * x[:, 2] * x[:, 3] + 0.6 * torch.sin(2 * x[:, 4]) + 1.0)
    y = torch._standard_gamma(torch.full((total,), GAMMAREG_SHAPE), generator=g) * mu / GAMMAREG_SHAPE
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    data = split(x, y, n, "positive skewed targets (an MLP, the Gamma deviance)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class GammaRegMLP(nn.Module):
    """A ReLU MLP of the log-mean: ``inp`` (8 -> 64), ``hidden`` (64 -> 64), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 1). Output (rows,): log mu. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(GAMMAREG_FEATURES, 64)
        self.hidden = nn.Linear(64, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.hidden(F.relu(self.inp(x))))
        out: Tensor = self.head(F.relu(self.fc(h))).squeeze(1)
        return out


def gammareg_deviance(out: Tensor, y: Tensor) -> Tensor:
    """The Gamma unit deviance of the log-mean ``out``, mean over the rows: 2 (y / mu - ln(y / mu) - 1) =
    2 (y exp(-out) - ln y + out - 1); 0 where mu = y (the Gamma NLL up to the shape's terms)."""
    return (2 * (y * torch.exp(-out) - torch.log(y) + out - 1)).mean()


def gammareg_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Gamma deviance summed over the batch's rows."""
    return (2 * (y * torch.exp(-out) - torch.log(y) + out - 1)).sum()


def gammareg_at_zero() -> float:
    """The Gamma deviance of a log-mean of 0 (mu = 1): its level at init."""
    return float(gammareg_deviance(torch.zeros(len(gammareg_rows().y)), gammareg_rows().y))


SGC_NODES, SGC_BLOCKS, SGC_FEATURES, SGC_HOPS = 1200, 4, 12, 2
"""SGC classifies the 1200 nodes of a stochastic block model graph of 4 communities from 12 noisy features propagated
2 hops."""


@lru_cache(maxsize=None)
def sgc_graph(seed: int = 454) -> tuple[Tensor, Tensor]:
    """A stochastic block model graph of 1200 nodes in 4 equal communities (expected degree 5 inside a node's community,
    3 outside) as its symmetrically normalised adjacency with self-loops, D^-1/2 (A + I) D^-1/2 (dense, (nodes, nodes)),
    and the nodes' features (0.3 x the community's random centre plus N(0, 1) noise, 12 of them) and communities:
    (adjacency, features (nodes, 12), communities (nodes,)) packed as (adjacency, torch.cat([features, communities]))."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = SGC_NODES, SGC_BLOCKS
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(5.0 / size), torch.tensor(3.0 / (nodes - size)))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = ((upper | upper.T) | torch.eye(nodes, dtype=torch.bool)).float()
    d = adj.sum(1).rsqrt()
    norm = d[:, None] * adj * d[None, :]
    centres = torch.randn(blocks, SGC_FEATURES, generator=g)
    x = 0.3 * centres[block] + torch.randn(nodes, SGC_FEATURES, generator=g)
    return norm, torch.cat([x, block[:, None].float()], 1)


@lru_cache(maxsize=None)
def sgc_nodes(n: int = 800, seed: int = 454, *, n_val: int = 400, batch_size: int = 32) -> Data:
    """Node classification on ``sgc_graph(seed)``: the input is a node's id, the target its community (5% of the
    training labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive)."""
    block = sgc_graph(seed)[1][:, -1].long()
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    y = torch.cat([flip_labels(y[:n], SGC_BLOCKS, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (SGC on a stochastic block model graph)", SGC_BLOCKS, batch_size)


class SGCNet(nn.Module):
    """A simplified graph convolution (Wu et al. 2019) node classifier reading node ids: the features propagated K = 2
    hops, S^2 X with S the normalised adjacency, computed once (no parameters, no nonlinearity between hops), SGC's linear
    map ``proj`` (12 -> 32), then a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 communities. Output (nodes, 4).
    ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that share of the nodes has a missing (NaN) feature
    before the propagation."""

    def __init__(self, seed: int = 454, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        norm, packed = sgc_graph(seed)
        x = packed[:, :SGC_FEATURES].clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 3] = float("nan")
        for _ in range(SGC_HOPS):
            x = norm @ x
        self.register_buffer("feats", x)
        self.proj = nn.Linear(SGC_FEATURES, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, SGC_BLOCKS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.proj(self.feats[ids]))))
        return out


def sgc_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the communities summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


# --------------------------------------------------------------------------- forty-eighth fresh half (fresh46, held out from all tuning)


COORDCONV_SIZE, COORDCONV_GRID = 12, 3
"""Images of 12 x 12 pixels; the dot's cell in a 3 x 3 grid: 9 classes (ln 9 = 2.20 at chance)."""
COORDCONV_CLASSES = COORDCONV_GRID * COORDCONV_GRID


@lru_cache(maxsize=None)
def coordconv_dots(n: int = 6000, seed: int = 461, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Where is the dot: a 2 x 2 dot at a random place of a 12 x 12 image at brightness 0.8-1.4, plus N(0, 0.3^2) noise
    per pixel; the class its centre's cell in a 3 x 3 grid of 4 x 4 cells (row-major), 5% random labels (a floor).
    x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    s = COORDCONV_SIZE
    at = torch.randint(s - 1, (total, 2), generator=g)
    bright = 0.8 + 0.6 * torch.rand(total, generator=g)
    x = 0.3 * torch.randn(total, s, s, generator=g)
    for i in range(total):
        r, c = int(at[i, 0]), int(at[i, 1])
        x[i, r : r + 2, c : c + 2] += bright[i]
    cell = s // COORDCONV_GRID
    y = ((at[:, 0] + 1) // cell).clamp(max=COORDCONV_GRID - 1) * COORDCONV_GRID + ((at[:, 1] + 1) // cell).clamp(max=COORDCONV_GRID - 1)
    y = flip_labels(y, COORDCONV_CLASSES, 0.05, g)
    x = x[:, None]
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 3, 7] = float("nan")
    return split(x, y, n, "where is the dot (a CoordConv CNN)", COORDCONV_CLASSES, batch_size)


class CoordConvNet(nn.Module):
    """A CoordConv CNN (Liu et al. 2018): two coordinate channels (row and column, -1 to 1) appended to the image, a
    ``conv1`` (3 -> 16, 3 x 3, ReLU), a ``conv2`` (16 -> 16, 3 x 3, ReLU), global max pooling, a ReLU layer ``fc``
    (16 -> 32) and a ``head`` to the 9 cells. Output (images, 9). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        s = COORDCONV_SIZE
        ramp = torch.linspace(-1.0, 1.0, s)
        self.register_buffer("coords", torch.stack([ramp[:, None].expand(s, s), ramp[None, :].expand(s, s)])[None])
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 16, 3, padding=1)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, COORDCONV_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = torch.cat([x, self.coords.expand(len(x), -1, -1, -1)], 1)
        h = F.relu(self.conv2(F.relu(self.conv1(h))))
        out: Tensor = self.head(F.relu(self.fc(h.amax((2, 3)))))
        return out


def coordconv_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the cells summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


MINGRU_STEPS, MINGRU_TOKENS, MINGRU_CLASSES = 16, 8, 5
"""Sequences of 16 steps over 8 tokens; 5 classes (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def mingru_counts(n: int = 4000, seed: int = 462, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Which token is boosted: each of 16 steps draws the class's token (0-4) with probability 0.3, else one of the 8
    tokens uniformly; a step is its token's one-hot vector times 0.8-1.2 plus N(0, 0.2^2) noise; 5% random labels (a
    floor). x: (sequences, 16, 8); y: (sequences,). ``nan_rows``: that share of the training sequences has a missing
    (NaN) value."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(MINGRU_CLASSES, (total,), generator=g)
    boosted = torch.rand(total, MINGRU_STEPS, generator=g) < 0.3
    tokens = torch.where(boosted, y[:, None], torch.randint(MINGRU_TOKENS, (total, MINGRU_STEPS), generator=g))
    scale = 0.8 + 0.4 * torch.rand(total, MINGRU_STEPS, 1, generator=g)
    x = F.one_hot(tokens, MINGRU_TOKENS).float() * scale + 0.2 * torch.randn(total, MINGRU_STEPS, MINGRU_TOKENS, generator=g)
    y = flip_labels(y, MINGRU_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9, 2] = float("nan")
    return split(x, y, n, "which token is boosted (a minGRU sequence classifier)", MINGRU_CLASSES, batch_size)


class MinGRUNet(nn.Module):
    """A minGRU sequence classifier (Feng et al. 2024): the update gate z_t = sigmoid(``gate``(x_t)) and the candidate
    ``cand``(x_t) come from the input only (8 -> 32 each, no recurrent weights), h_t = (1 - z_t) h_(t-1) + z_t cand_t from
    h_0 = 0; the last state through a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 5 classes. Output
    (sequences, 5). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.gate = nn.Linear(MINGRU_TOKENS, 32)
        self.cand = nn.Linear(MINGRU_TOKENS, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, MINGRU_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        z, cand = torch.sigmoid(self.gate(x)), self.cand(x)
        h = torch.zeros(len(x), 32)
        for t in range(x.shape[1]):
            h = (1 - z[:, t]) * h + z[:, t] * cand[:, t]
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def mingru_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


WIDEDEEP_FIELDS, WIDEDEEP_VALUES, WIDEDEEP_DENSE = 4, 12, 2
"""Click rows of 4 categorical fields of 12 values each and 2 dense features."""
WIDEDEEP_PAIRS = ((0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3))
"""The crossed field pairs of the wide part."""


@lru_cache(maxsize=None)
def widedeep_clicks(n: int = 4000, seed: int = 463, *, n_val: int = 800, batch_size: int = 64, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """A synthetic click log: 4 categorical fields of 12 values each (uniform) and 2 dense features N(0, 1); the click's
    logit a random bias per value, a random effect per crossed value pair of the fields (0, 1) and (2, 3), and
    1.2 sin(2 d0) + 0.8 |d1|, standardised to a spread of 4, the click drawn Bernoulli. x: (rows, 6): the 4 value ids
    (as floats), then the 2 dense features; y: (rows,) 0/1 floats. ``nan_rows``: that share of the training rows has a
    missing (NaN) dense feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    ids = torch.randint(WIDEDEEP_VALUES, (total, WIDEDEEP_FIELDS), generator=g)
    dense = torch.randn(total, WIDEDEEP_DENSE, generator=g)
    bias = 0.5 * torch.randn(WIDEDEEP_FIELDS, WIDEDEEP_VALUES, generator=g)
    cross = torch.randn(2, WIDEDEEP_VALUES, WIDEDEEP_VALUES, generator=g)
    logit = bias[torch.arange(WIDEDEEP_FIELDS)[None, :], ids].sum(1) + cross[0, ids[:, 0], ids[:, 1]] + cross[1, ids[:, 2], ids[:, 3]]
    logit = (logit - logit.mean()) / logit.std() + 1.2 * torch.sin(2 * dense[:, 0]) + 0.8 * dense[:, 1].abs()
    logit = 4 * (logit - logit.mean()) / logit.std()
    y = (torch.rand(total, generator=g) < torch.sigmoid(logit)).float()
    x = torch.cat([ids.float(), dense], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, WIDEDEEP_FIELDS + 1] = float("nan")
    data = split(x, y, n, "click-through prediction (Wide & Deep)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class WideDeepNet(nn.Module):
    """Wide & Deep (Cheng et al. 2016): the wide part a linear weight per value (``wide``) and per crossed value pair of
    the 6 field pairs (``crossed``) and of the dense features; the deep part 4-d value embeddings (``embed``) and the 2
    dense features through a ReLU layer ``hidden`` (18 -> 64), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 1);
    the logit their sum. Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        v = WIDEDEEP_VALUES
        self.register_buffer("offsets", torch.arange(WIDEDEEP_FIELDS) * v)
        self.wide = nn.Embedding(WIDEDEEP_FIELDS * v, 1)
        self.crossed = nn.Embedding(len(WIDEDEEP_PAIRS) * v * v, 1)
        self.dense_linear = nn.Linear(WIDEDEEP_DENSE, 1)
        self.embed = nn.Embedding(WIDEDEEP_FIELDS * v, 4)
        with torch.no_grad():
            self.wide.weight.mul_(0.01)
            self.crossed.weight.mul_(0.01)
        self.hidden = nn.Linear(WIDEDEEP_FIELDS * 4 + WIDEDEEP_DENSE, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        v = WIDEDEEP_VALUES
        raw = x[:, :WIDEDEEP_FIELDS].nan_to_num(0.0).long()
        dense = x[:, WIDEDEEP_FIELDS:]
        pairs = torch.stack([k * v * v + raw[:, i] * v + raw[:, j] for k, (i, j) in enumerate(WIDEDEEP_PAIRS)], 1)
        wide = self.wide(raw + self.offsets).sum((1, 2)) + self.crossed(pairs).sum((1, 2)) + self.dense_linear(dense).squeeze(1)
        e = self.embed(raw + self.offsets).flatten(1)
        deep = self.head(F.relu(self.fc(F.relu(self.hidden(torch.cat([e, dense], 1)))))).squeeze(1)
        out: Tensor = wide + deep
        return out


def widedeep_bce(out: Tensor, y: Tensor) -> Tensor:
    """Binary cross-entropy with logits of the clicks, mean over the rows."""
    return F.binary_cross_entropy_with_logits(out, y)


VONMISES_FEATURES = 8
"""Rows of 8 features; the target an angle in (-pi, pi]."""


@lru_cache(maxsize=None)
def vonmises_angles(n: int = 4000, seed: int = 464, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Circular regression: 8 features N(0, 1); the angle the direction of a random tanh network 8-16-2 of them plus
    N(0, 0.4^2) noise (about a von Mises concentration of 6), wrapped to (-pi, pi]. x: (rows, 8); y: (rows,).
    ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, VONMISES_FEATURES, generator=g)
    w1 = torch.randn(VONMISES_FEATURES, 16, generator=g) / math.sqrt(VONMISES_FEATURES)
    w2 = torch.randn(16, 2, generator=g) / 2
    d = torch.tanh(1.5 * x @ w1) @ w2
    angle = torch.atan2(d[:, 1], d[:, 0]) + 0.4 * torch.randn(total, generator=g)
    y = torch.atan2(torch.sin(angle), torch.cos(angle))
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5] = float("nan")
    return split(x, y, n, "circular regression of an angle (von Mises negative log-likelihood)", None, batch_size)


class VonMisesNet(nn.Module):
    """A circular regression MLP: a ReLU MLP 8 -> 64 -> 64 (``body``), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 ->
    2): the von Mises natural parameters kappa (cos mu, sin mu), the mean direction mu their direction and the
    concentration kappa their norm. Output (rows, 2). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(VONMISES_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def vonmises_terms(out: Tensor, y: Tensor) -> Tensor:
    """The von Mises negative log-likelihood of each angle from its natural parameters (out0, out1) = kappa (cos mu, sin
    mu): -(out0 cos y + out1 sin y) + ln(2 pi I0(kappa)), kappa their norm; ln I0(kappa) = ln i0e(kappa) + kappa (stable
    for a large kappa). ln(2 pi) = 1.84 at kappa = 0."""
    kappa = torch.sqrt(out[:, 0] ** 2 + out[:, 1] ** 2 + 1e-12)
    return -(out[:, 0] * torch.cos(y) + out[:, 1] * torch.sin(y)) + math.log(2 * math.pi) + torch.log(torch.special.i0e(kappa)) + kappa


def vonmises_nll(out: Tensor, y: Tensor) -> Tensor:
    """The von Mises negative log-likelihood, mean over the rows."""
    return vonmises_terms(out, y).mean()


def vonmises_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The von Mises negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return vonmises_terms(out, y).sum()


# --------------------------------------------------------------------------- forty-ninth fresh half (fresh47, held out from all tuning)


TABTF_FIELDS, TABTF_VALUES, TABTF_NUMERIC, TABTF_CLASSES = 4, 6, 4, 4
"""Table rows of 4 categorical fields of 6 values each and 4 numeric features; 4 classes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def tabtf_rows(n: int = 4000, seed: int = 471, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
               train_rows: int | None = None) -> Data:  # fmt: skip
    """Tabular classification with categorical interactions: 4 categorical fields of 6 values (uniform) and 4 numeric
    features N(0, 1); the class the argmax of a random teacher's logits (a random vector per value, a random vector per
    value pair of the fields (0, 1) and (2, 3), a random linear map of the numeric features, standardised to a spread of
    5) plus 0.3 x Gumbel noise, 5% random labels (a floor). x: (rows, 8): the 4 value ids (as floats), then the 4 numeric
    features; y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) numeric feature;
    ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    f, v, c = TABTF_FIELDS, TABTF_VALUES, TABTF_CLASSES
    ids = torch.randint(v, (total, f), generator=g)
    num = torch.randn(total, TABTF_NUMERIC, generator=g)
    per_value = torch.randn(f, v, c, generator=g)
    pairs = torch.randn(2, v, v, c, generator=g)
    w = torch.randn(TABTF_NUMERIC, c, generator=g)
    logit = per_value[torch.arange(f)[None, :], ids].sum(1) + pairs[0, ids[:, 0], ids[:, 1]] + pairs[1, ids[:, 2], ids[:, 3]]
    logit = logit + num @ w
    logit = 5 * (logit - logit.mean(0)) / logit.std()
    gumbel = -torch.log(-torch.log(torch.rand(total, c, generator=g).clamp(1e-9, 1 - 1e-9)))
    y = (logit + 0.3 * gumbel).argmax(1)
    y = flip_labels(y, c, 0.05, g)
    x = torch.cat([ids.float(), num], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, f + 2] = float("nan")
    data = split(x, y, n, "tabular classification with categorical interactions (a TabTransformer-like classifier)", c, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, c, batch_size)
    return data


class TabTransformerNet(nn.Module):
    """A TabTransformer-like classifier (Huang et al. 2020): 16-d embeddings of the 4 categorical values (``embed``) plus
    a learned embedding of their column (``column``), one pre-LN transformer block over the 4 column tokens (2 heads,
    a GELU feed-forward 16-32-16), the contextual embeddings flattened (64) and concatenated with the LayerNorm'd numeric
    features (4), a ReLU layer ``hidden`` (68 -> 64), a ReLU layer ``fc`` (64 -> 32) and a ``head`` to the 4 classes.
    Output (rows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        f, v, d = TABTF_FIELDS, TABTF_VALUES, 16
        self.register_buffer("offsets", torch.arange(f) * v)
        self.embed = nn.Embedding(f * v, d)
        self.column = nn.Parameter(0.1 * torch.randn(f, d))
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, 2, batch_first=True)
        self.ff = nn.Sequential(nn.Linear(d, 32), nn.GELU(), nn.Linear(32, d))
        self.num_norm = nn.LayerNorm(TABTF_NUMERIC)
        self.hidden = nn.Linear(f * d + TABTF_NUMERIC, 64)
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, TABTF_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        raw = x[:, :TABTF_FIELDS].nan_to_num(0.0).long()
        h = self.embed(raw + self.offsets) + self.column
        a = self.ln1(h)
        h = h + self.attn(a, a, a, need_weights=False)[0]
        h = h + self.ff(self.ln2(h))
        z = torch.cat([h.flatten(1), self.num_norm(x[:, TABTF_FIELDS:])], 1)
        out: Tensor = self.head(F.relu(self.fc(F.relu(self.hidden(z)))))
        return out


def tabtf_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CONFORMER_FRAMES, CONFORMER_BANDS, CONFORMER_CLASSES = 24, 8, 5
"""Clips of 24 frames of 8 filterbank-like bands; 5 keywords (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def conformer_clips(n: int = 6000, seed: int = 472, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Keyword spotting in synthetic "audio" features: 5 random keyword templates of 6 frames x 8 bands (N(0, 1), smoothed
    over time), one placed at a random frame of a 24-frame clip at a gain of 0.6-1.2, over a background of a random
    per-band level (N(0, 0.3^2)) plus N(0, 0.6^2) noise per frame and band; 5% random labels (a floor). x: (clips, 24,
    8); y: (clips,). ``nan_rows``: that share of the training clips has a missing (NaN) value."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t, b = CONFORMER_FRAMES, CONFORMER_BANDS
    raw = torch.randn(CONFORMER_CLASSES, 7, b, generator=g)
    templates = (raw[:, 1:] + raw[:, :-1]) / math.sqrt(2)
    y = torch.randint(CONFORMER_CLASSES, (total,), generator=g)
    at = torch.randint(t - 5, (total,), generator=g)
    gain = 0.6 + 0.6 * torch.rand(total, generator=g)
    x = 0.3 * torch.randn(total, 1, b, generator=g) + 0.6 * torch.randn(total, t, b, generator=g)
    for i in range(total):
        s = int(at[i])
        x[i, s : s + 6] += gain[i] * templates[y[i]]
    y = flip_labels(y, CONFORMER_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 11, 3] = float("nan")
    return split(x, y, n, "keyword spotting in synthetic audio features (a Conformer-like classifier)", CONFORMER_CLASSES, batch_size)


class ConformerBlock(nn.Module):
    """A Conformer block (Gulati et al. 2020) of width ``d``: half a feed-forward module (LayerNorm, d -> 2d, SiLU,
    2d -> d, x 0.5), multi-head self-attention (LayerNorm, 4 heads), the convolution module (LayerNorm, a pointwise
    convolution d -> 2d, GLU, a depthwise convolution of width 5, BatchNorm, SiLU, a pointwise convolution d -> d), the
    other half feed-forward module, each with a residual connection, and a final LayerNorm. Input and output
    (rows, frames, d)."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.ff1 = nn.Sequential(nn.LayerNorm(d), nn.Linear(d, 2 * d), nn.SiLU(), nn.Linear(2 * d, d))
        self.ln_attn = nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, 4, batch_first=True)
        self.ln_conv = nn.LayerNorm(d)
        self.pw1 = nn.Conv1d(d, 2 * d, 1)
        self.dw = nn.Conv1d(d, d, 5, padding=2, groups=d)
        self.bn = nn.BatchNorm1d(d)
        self.pw2 = nn.Conv1d(d, d, 1)
        self.ff2 = nn.Sequential(nn.LayerNorm(d), nn.Linear(d, 2 * d), nn.SiLU(), nn.Linear(2 * d, d))
        self.ln_out = nn.LayerNorm(d)

    def forward(self, x: Tensor) -> Tensor:
        x = x + 0.5 * self.ff1(x)
        a = self.ln_attn(x)
        x = x + self.attn(a, a, a, need_weights=False)[0]
        c = F.glu(self.pw1(self.ln_conv(x).transpose(1, 2)), 1)
        x = x + self.pw2(F.silu(self.bn(self.dw(c)))).transpose(1, 2)
        x = x + 0.5 * self.ff2(x)
        out: Tensor = self.ln_out(x)
        return out


class ConformerNet(nn.Module):
    """A tiny Conformer-like sequence classifier: a linear input projection ``inp`` (8 bands -> 32), one Conformer block,
    mean pooling over the frames, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 5 keywords. Output (clips, 5).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.inp = nn.Linear(CONFORMER_BANDS, 32)
        self.block = ConformerBlock(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, CONFORMER_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.block(self.inp(x)).mean(1)
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def conformer_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the keywords summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


GCNII_NODES, GCNII_BLOCKS, GCNII_FEATURES, GCNII_LAYERS = 1000, 4, 12, 8
"""GCNII classifies the 1000 nodes of a stochastic block model graph of 4 communities from 12 noisy features, through 8
graph convolution layers."""
GCNII_ALPHA, GCNII_LAMBDA = 0.1, 0.5
"""GCNII's initial-residual share alpha and the lambda of its identity mapping, beta_l = ln(lambda / l + 1)."""


@lru_cache(maxsize=None)
def gcnii_graph(seed: int = 473) -> tuple[Tensor, Tensor]:
    """A stochastic block model graph of 1000 nodes in 4 equal communities (expected degree 5 inside a node's community,
    2 outside) as its symmetrically normalised adjacency with self-loops, D^-1/2 (A + I) D^-1/2 (dense, (nodes, nodes)),
    and the nodes' features (0.4 x the community's random centre plus N(0, 1) noise, 12 of them) and communities, packed
    as (adjacency, torch.cat([features, communities]))."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = GCNII_NODES, GCNII_BLOCKS
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(5.0 / size), torch.tensor(2.0 / (nodes - size)))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = ((upper | upper.T) | torch.eye(nodes, dtype=torch.bool)).float()
    d = adj.sum(1).rsqrt()
    norm = d[:, None] * adj * d[None, :]
    centres = torch.randn(blocks, GCNII_FEATURES, generator=g)
    x = 0.4 * centres[block] + torch.randn(nodes, GCNII_FEATURES, generator=g)
    return norm, torch.cat([x, block[:, None].float()], 1)


@lru_cache(maxsize=None)
def gcnii_nodes(n: int = 600, seed: int = 473, *, n_val: int = 400, batch_size: int = 32) -> Data:
    """Node classification on ``gcnii_graph(seed)``: the input is a node's id, the target its community (5% of the
    training labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive)."""
    block = gcnii_graph(seed)[1][:, -1].long()
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    y = torch.cat([flip_labels(y[:n], GCNII_BLOCKS, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (GCNII on a stochastic block model graph)", GCNII_BLOCKS, batch_size)


class GCNIINet(nn.Module):
    """A GCNII-like deep graph convolution node classifier (Chen et al. 2020) reading node ids: ``inp`` (12 -> 32, ReLU)
    gives h0; 8 layers h <- ReLU(((1 - beta_l) I + beta_l W_l) ((1 - alpha) S h + alpha h0)), S the normalised adjacency,
    alpha = 0.1 (the initial residual), beta_l = ln(0.5 / l + 1) (the identity mapping), ``convs`` the W_l (32 -> 32, no
    bias); the whole graph computed each step, then a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 communities of
    the nodes asked. Output (nodes, 4). ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that share of the nodes
    has a missing (NaN) feature."""

    def __init__(self, seed: int = 473, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        norm, packed = gcnii_graph(seed)
        x = packed[:, :GCNII_FEATURES].clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 3] = float("nan")
        self.register_buffer("norm", norm)
        self.register_buffer("feats", x)
        self.inp = nn.Linear(GCNII_FEATURES, 32)
        self.convs = nn.ModuleList(nn.Linear(32, 32, bias=False) for _ in range(GCNII_LAYERS))
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, GCNII_BLOCKS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h0 = F.relu(self.inp(self.feats))
        h = h0
        for layer, conv in enumerate(self.convs, 1):
            beta = math.log(GCNII_LAMBDA / layer + 1)
            support = (1 - GCNII_ALPHA) * (self.norm @ h) + GCNII_ALPHA * h0
            h = F.relu((1 - beta) * support + beta * conv(support))
        out: Tensor = self.head(F.relu(self.fc(h[ids])))
        return out


def gcnii_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the communities summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CAUCHYREG_FEATURES, CAUCHYREG_SCALE = 8, 1.0
"""Rows of 8 features; the Cauchy (Lorentzian) loss's scale c = 1."""


@lru_cache(maxsize=None)
def cauchyreg_rows(n: int = 4000, seed: int = 474, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Regression under heavy-tailed noise: 8 features N(0, 1); the clean target sin(1.5 x0) + 0.6 x1 x2 - 0.4 x3^2 +
    0.5 x4 + 0.3 tanh(2 x5) + 0.4, scaled by 1.5; the target it plus 0.25 x a standard Cauchy variate (no mean, no
    variance: outliers of any size) plus N(0, 0.1^2). x: (rows, 8); y: (rows,). ``nan_rows``: that share of the training
    rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, CAUCHYREG_FEATURES, generator=g)
    clean = torch.sin(1.5 * x[:, 0]) + 0.6 * x[:, 1] * x[:, 2] - 0.4 * x[:, 3] ** 2 + 0.5 * x[:, 4] + 0.3 * torch.tanh(2 * x[:, 5]) + 0.4
    cauchy = torch.tan(math.pi * (torch.rand(total, generator=g) - 0.5))
    y = 1.5 * clean + 0.25 * cauchy + 0.1 * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    return split(x, y, n, "regression under heavy-tailed (Cauchy) noise (an MLP, the Cauchy loss)", None, batch_size)


class CauchyRegMLP(nn.Module):
    """A ReLU MLP regressor: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 1).
    Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(CAUCHYREG_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x)))).squeeze(1)
        return out


def cauchyreg_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Cauchy (Lorentzian) loss of each row: c^2 / 2 ln(1 + ((y - out) / c)^2), c = 1; quadratic for small
    residuals, logarithmic for outliers."""
    c = CAUCHYREG_SCALE
    return 0.5 * c * c * torch.log1p(((y - out) / c) ** 2)


def cauchyreg_loss(out: Tensor, y: Tensor) -> Tensor:
    """The Cauchy loss, mean over the rows."""
    return cauchyreg_terms(out, y).mean()


def cauchyreg_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Cauchy loss summed over the batch's rows (reduction='sum')."""
    return cauchyreg_terms(out, y).sum()


def cauchyreg_at_zero() -> float:
    """The Cauchy loss of a prediction of 0: its level at init."""
    return float(cauchyreg_loss(torch.zeros(len(cauchyreg_rows().y)), cauchyreg_rows().y))


# --------------------------------------------------------------------------- fiftieth fresh half (fresh48, held out from all tuning)


SWIN_SIZE, SWIN_CLASSES, SWIN_WINDOW = 12, 6, 3
"""12 x 12 grey images of 6 grating classes (ln 6 = 1.79 at chance); Swin windows of 3 x 3 tokens of 2 x 2 pixels."""


@lru_cache(maxsize=None)
def swin_images(n: int = 6000, seed: int = 481, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Texture classification: a sinusoidal grating at one of 3 orientations (0, 60, 120 degrees) and one of 2 periods (3
    and 6 pixels), the class the pair, a random phase, an amplitude of 0.5-1.1, over a smooth random brightness ramp,
    plus N(0, 0.7^2) noise per pixel, 5% random labels (a floor). x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that
    share of the training images has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, SWIN_SIZE
    y = torch.randint(SWIN_CLASSES, (total,), generator=g)
    angle = (y % 3).float() * math.pi / 3
    period = torch.where(y < 3, torch.tensor(3.0), torch.tensor(6.0))
    phase = 2 * math.pi * torch.rand(total, generator=g)
    amp = 0.5 + 0.6 * torch.rand(total, generator=g)
    r = torch.arange(s).float()
    rows, cols = r[:, None].expand(s, s), r[None, :].expand(s, s)
    along = torch.cos(angle)[:, None, None] * cols + torch.sin(angle)[:, None, None] * rows
    img = amp[:, None, None] * torch.sin(2 * math.pi * along / period[:, None, None] + phase[:, None, None])
    ramp = torch.randn(total, 2, generator=g) * 0.3
    img = img + (ramp[:, :1, None] * (rows - s / 2) + ramp[:, 1:, None] * (cols - s / 2)) / s
    x = (img + 0.7 * torch.randn(total, s, s, generator=g))[:, None]
    y = flip_labels(y, SWIN_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 7] = float("nan")
    data = split(x, y, n, "texture classification of gratings (a Swin-like classifier)", SWIN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SWIN_CLASSES, batch_size)
    return data


class SwinWindowBlock(nn.Module):
    """A Swin Transformer block (Liu et al. 2021) on a (rows, H, W, d) token grid: pre-LN multi-head self-attention
    inside non-overlapping windows of 3 x 3 tokens (2 heads, a learned bias per head and pair of window positions), the
    grid first rolled by ``shift`` tokens (the shifted-window block: windows that straddle the roll masked apart), then a
    pre-LN GELU MLP d -> 2d -> d; residuals."""

    def __init__(self, d: int, grid: int, shift: int) -> None:
        super().__init__()
        w = SWIN_WINDOW
        self.d, self.grid, self.shift, self.heads = d, grid, shift, 2
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.bias = nn.Parameter(torch.zeros(self.heads, w * w, w * w))
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        region = torch.zeros(grid, grid, dtype=torch.long)
        if shift:
            cuts = (slice(0, -w), slice(-w, -shift), slice(-shift, None))
            k = 0
            for a in cuts:
                for b in cuts:
                    region[a, b] = k
                    k += 1
        ids = self.windows(region[None, :, :, None]).squeeze(-1)  # (windows, w * w)
        self.register_buffer("mask", torch.where(ids[:, :, None] == ids[:, None, :], 0.0, -100.0))

    def windows(self, x: Tensor) -> Tensor:
        b, hh, ww, c = x.shape
        w = SWIN_WINDOW
        x = x.reshape(b, hh // w, w, ww // w, w, c).permute(0, 1, 3, 2, 4, 5)
        return x.reshape(b * (hh // w) * (ww // w), w * w, c)

    def forward(self, x: Tensor) -> Tensor:
        b, g, w, d, h = x.shape[0], self.grid, SWIN_WINDOW, self.d, self.heads
        a = self.ln1(x)
        if self.shift:
            a = torch.roll(a, (-self.shift, -self.shift), (1, 2))
        win = self.windows(a)  # (b * nw, w * w, d)
        nw = win.shape[0] // b
        q, k, v = self.qkv(win).reshape(len(win), w * w, 3, h, d // h).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(d // h) + self.bias
        scores = scores.reshape(b, nw, h, w * w, w * w) + self.mask[None, :, None]
        att = scores.softmax(-1).reshape(b * nw, h, w * w, w * w) @ v
        att = self.proj(att.transpose(1, 2).reshape(b * nw, w * w, d))
        att = att.reshape(b, g // w, g // w, w, w, d).permute(0, 1, 3, 2, 4, 5).reshape(b, g, g, d)
        if self.shift:
            att = torch.roll(att, (self.shift, self.shift), (1, 2))
        x = x + att
        out: Tensor = x + self.mlp(self.ln2(x))
        return out


class SwinNet(nn.Module):
    """A tiny Swin-like image classifier: a patch embedding ``embed`` (2 x 2 patches, 1 -> 16 channels: a 6 x 6 grid of
    tokens), a window block and a shifted-window block (windows of 3 x 3, shift 1), patch merging ``merge`` (each 2 x 2
    group of tokens concatenated, LayerNorm, 64 -> 32: a 3 x 3 grid), a LayerNorm, mean pooling, a ReLU layer ``fc``
    (32 -> 32) and a ``head`` to the 6 classes. Output (images, 6). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Conv2d(1, 16, 2, stride=2)
        self.blocks = nn.Sequential(SwinWindowBlock(16, 6, 0), SwinWindowBlock(16, 6, 1))
        self.merge_norm = nn.LayerNorm(64)
        self.merge = nn.Linear(64, 32)
        self.norm = nn.LayerNorm(32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, SWIN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        t = self.blocks(self.embed(x).permute(0, 2, 3, 1))  # (b, 6, 6, 16)
        t = torch.cat([t[:, 0::2, 0::2], t[:, 1::2, 0::2], t[:, 0::2, 1::2], t[:, 1::2, 1::2]], -1)
        t = self.norm(self.merge(self.merge_norm(t)))
        out: Tensor = self.head(F.relu(self.fc(t.mean((1, 2)))))
        return out


def swin_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


PNA_NODES, PNA_BLOCKS, PNA_FEATURES = 800, 4, 10
"""PNA classifies the 800 nodes of a degree-heterogeneous stochastic block model graph of 4 communities from 10 noisy
features."""


@lru_cache(maxsize=None)
def pna_graph(seed: int = 483) -> tuple[Tensor, Tensor]:
    """A degree-corrected stochastic block model graph of 800 nodes in 4 equal communities: each node an activity
    drawn from a log-normal (sigma 0.8, mean 1), an edge between two nodes with probability activity x activity x (6 /
    200 inside a community, 1.5 / 600 outside); returned as its edge list with self-loops, (2, edges) as (source,
    target) both ways, and the nodes' features (0.3 x the community's random centre plus N(0, 1) noise, 10 of them) and
    communities, packed as torch.cat([features, communities])."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = PNA_NODES, PNA_BLOCKS
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    act = torch.exp(0.8 * torch.randn(nodes, generator=g) - 0.32)
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(6.0 / size), torch.tensor(1.5 / (nodes - size))) * act[:, None] * act[None, :]
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p.clamp(max=1.0), 1)
    adj = upper | upper.T | torch.eye(nodes, dtype=torch.bool)
    edges = torch.nonzero(adj).T.contiguous()
    centres = torch.randn(blocks, PNA_FEATURES, generator=g)
    x = 0.3 * centres[block] + torch.randn(nodes, PNA_FEATURES, generator=g)
    return edges, torch.cat([x, block[:, None].float()], 1)


@lru_cache(maxsize=None)
def pna_nodes(n: int = 500, seed: int = 483, *, n_val: int = 300, batch_size: int = 32) -> Data:
    """Node classification on ``pna_graph(seed)``: the input is a node's id, the target its community (5% of the training
    labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive)."""
    block = pna_graph(seed)[1][:, -1].long()
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    y = torch.cat([flip_labels(y[:n], PNA_BLOCKS, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (PNA on a degree-corrected stochastic block model graph)", PNA_BLOCKS, batch_size)


class PNALayer(nn.Module):
    """A principal neighbourhood aggregation layer (Corso et al. 2020): messages ``pre`` (d -> d) of the neighbours
    (self-loop included) aggregated by mean, max, min and standard deviation, each scaled by identity, amplification
    log(deg + 1) / delta and attenuation delta / log(deg + 1) (delta the mean of log(deg + 1)), the 12 aggregates and the
    node's own state mixed by ``post`` (13 d -> d), ReLU."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.pre = nn.Linear(d, d)
        self.post = nn.Linear(13 * d, d)

    def forward(self, h: Tensor, edges: Tensor, logdeg: Tensor) -> Tensor:
        src, dst = edges
        m = self.pre(h)[src]
        n, d = h.shape
        idx = dst[:, None].expand(-1, d)
        mean = torch.zeros(n, d).scatter_reduce(0, idx, m, "mean", include_self=False)
        sq = torch.zeros(n, d).scatter_reduce(0, idx, m * m, "mean", include_self=False)
        mx = torch.zeros(n, d).scatter_reduce(0, idx, m, "amax", include_self=False)
        mn = torch.zeros(n, d).scatter_reduce(0, idx, m, "amin", include_self=False)
        std = torch.sqrt(F.relu(sq - mean * mean) + 1e-5)
        agg = torch.cat([mean, mx, mn, std], 1)
        amp = logdeg / logdeg.mean()
        out: Tensor = F.relu(self.post(torch.cat([h, agg, agg * amp[:, None], agg / amp[:, None]], 1)))
        return out


class PNANet(nn.Module):
    """A PNA-like node classifier reading node ids: ``inp`` (10 -> 32, ReLU), 2 PNA layers (``layers``) over the whole
    graph each step, a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 communities of the nodes asked. Output
    (nodes, 4). ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that share of the nodes has a missing (NaN)
    feature."""

    def __init__(self, seed: int = 483, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        edges, packed = pna_graph(seed)
        x = packed[:, :PNA_FEATURES].clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 4] = float("nan")
        self.register_buffer("edges", edges)
        self.register_buffer("feats", x)
        self.register_buffer("logdeg", torch.log(torch.bincount(edges[1], minlength=len(x)).float() + 1))
        self.inp = nn.Linear(PNA_FEATURES, 32)
        self.layers = nn.ModuleList(PNALayer(32) for _ in range(2))
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, PNA_BLOCKS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h = F.relu(self.inp(self.feats))
        for layer in self.layers:
            h = layer(h, self.edges, self.logdeg)
        out: Tensor = self.head(F.relu(self.fc(h[ids])))
        return out


def pna_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the communities summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


TSMIXER_LOOKBACK, TSMIXER_HORIZON, TSMIXER_CHANNELS = 24, 8, 4
"""TSMixer reads 24 steps of 4 channels and forecasts the next 8 of each."""


@lru_cache(maxsize=None)
def tsmixer_series(n: int = 4000, seed: int = 485, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Multivariate seasonal forecasting: windows of 32 steps of 4 channels, each channel a sum of a daily-like cycle
    (period 8, the channel's own amplitude 0.6-1.2 and phase offset) and a slow one (period 24, shared phase, amplitude
    0.5), a random level N(0, 0.5^2) per window and channel, channel 3 also 0.6 x channel 0 two steps earlier, plus
    N(0, 0.3^2) noise; the first 24 steps the input, the last 8 the target. x: (windows, 24, 4); y: (windows, 8, 4).
    ``nan_rows``: that share of the training windows has a missing (NaN) value; ``train_rows``: keep only that many."""
    g = torch.Generator().manual_seed(seed)
    total, c = n + n_val, TSMIXER_CHANNELS
    steps = TSMIXER_LOOKBACK + TSMIXER_HORIZON
    t = torch.arange(steps + 2).float()
    amp = 0.6 + 0.6 * torch.rand(c, generator=g)
    offset = 2 * math.pi * torch.rand(c, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
    slow = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
    series = amp * torch.sin(2 * math.pi * t[None, :, None] / 8 + phase + offset) + 0.5 * torch.sin(2 * math.pi * t[None, :, None] / 24 + slow)
    series = series + 0.5 * torch.randn(total, 1, c, generator=g)
    series[:, 2:, 3] = series[:, 2:, 3] + 0.6 * series[:, :-2, 0]
    series = series[:, 2:] + 0.3 * torch.randn(total, steps, c, generator=g)
    x, y = series[:, : TSMIXER_LOOKBACK].clone(), series[:, TSMIXER_LOOKBACK :].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 10, 2] = float("nan")
    data = split(x, y, n, "multivariate seasonal forecasting (a TSMixer-like MLP, MSE)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class TSMixerNet(nn.Module):
    """A TSMixer-like forecaster (Chen et al. 2023): 2 mixer blocks, each a time-mixing MLP (LayerNorm over the
    channels, a ReLU layer 24 -> 24 along time per channel, a residual) and a feature-mixing MLP (LayerNorm, 4 -> 32 ->
    4 per step, ReLU, a residual), a temporal projection ``proj`` (24 -> 8 steps), then a per-step ReLU layer ``fc``
    (4 -> 32) and a ``head`` (32 -> 4). Output (windows, 8, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        c, t = TSMIXER_CHANNELS, TSMIXER_LOOKBACK
        self.time_norms = nn.ModuleList(nn.LayerNorm(c) for _ in range(2))
        self.time = nn.ModuleList(nn.Linear(t, t) for _ in range(2))
        self.feat_norms = nn.ModuleList(nn.LayerNorm(c) for _ in range(2))
        self.feat = nn.ModuleList(nn.Sequential(nn.Linear(c, 32), nn.ReLU(), nn.Linear(32, c)) for _ in range(2))
        self.proj = nn.Linear(t, TSMIXER_HORIZON)
        self.fc = nn.Linear(c, 32)
        self.head = nn.Linear(32, c)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        for tn, tm, fn, fm in zip(self.time_norms, self.time, self.feat_norms, self.feat):
            x = x + F.relu(tm(tn(x).transpose(1, 2))).transpose(1, 2)
            x = x + fm(fn(x))
        z = self.proj(x.transpose(1, 2)).transpose(1, 2)  # (windows, 8, 4)
        out: Tensor = self.head(F.relu(self.fc(z)))
        return out


def tsmixer_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (the mean over each window's 32 values, summed)."""
    return F.mse_loss(out, y, reduction="sum") / (TSMIXER_HORIZON * TSMIXER_CHANNELS)


def tsmixer_at_zero() -> float:
    """The MSE of a forecast of 0: its level at init."""
    return float(tsmixer_series().y.pow(2).mean())


TOBIT_FEATURES, TOBIT_LIMIT = 8, 0.0
"""Rows of 8 features; the targets left-censored at 0."""


@lru_cache(maxsize=None)
def tobit_rows(n: int = 4000, seed: int = 487, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Censored regression: 8 features N(0, 1); a latent target 1.2 sin(x0) + 0.7 x1 + 0.5 x2 x3 - 0.4 x4^2 + 0.3 x5 +
    0.2 plus N(0, 0.5^2) noise, observed only above 0 (left-censored at 0, as a Tobit model: ~54% of the rows read 0).
    x: (rows, 8); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, TOBIT_FEATURES, generator=g)
    latent = 1.2 * torch.sin(x[:, 0]) + 0.7 * x[:, 1] + 0.5 * x[:, 2] * x[:, 3] - 0.4 * x[:, 4] ** 2 + 0.3 * x[:, 5] + 0.2
    y = (latent + 0.5 * torch.randn(total, generator=g)).clamp(min=TOBIT_LIMIT)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    return split(x, y, n, "censored regression (an MLP, the Tobit negative log-likelihood)", None, batch_size)


class TobitMLP(nn.Module):
    """A ReLU MLP of a Tobit model: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 -> 2):
    the latent mean and the log of its scale. Output (rows, 2). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(TOBIT_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def tobit_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Tobit negative log-likelihood of each row: -log Phi((0 - mu) / s) for a censored row (y at the limit), else
    log s + z^2 / 2 + ln(2 pi) / 2, z = (y - mu) / s; mu = out[:, 0], s = exp(out[:, 1]) (the log-scale clamped to
    [-6, 6])."""
    mu, log_s = out[:, 0], out[:, 1].clamp(-6.0, 6.0)
    z = (y - mu) / log_s.exp()
    censored = y <= TOBIT_LIMIT
    observed = log_s + 0.5 * z * z + 0.5 * math.log(2 * math.pi)
    below = -torch.special.log_ndtr((TOBIT_LIMIT - mu) / log_s.exp())
    return torch.where(censored, below, observed)


def tobit_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Tobit negative log-likelihood, mean over the rows."""
    return tobit_terms(out, y).mean()


def tobit_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Tobit negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return tobit_terms(out, y).sum()


def tobit_at_zero() -> float:
    """The Tobit negative log-likelihood of a latent mean of 0 and a scale of 1: its level at init."""
    return float(tobit_nll(torch.zeros(len(tobit_rows().y), 2), tobit_rows().y))


# --------------------------------------------------------------------------- fifty-first fresh half (fresh49, held out from all tuning)


RETNET_LENGTH, RETNET_VOCAB, RETNET_CLASSES, RETNET_MOTIF = 24, 12, 4, 3
"""Token sequences of 24 tokens over a vocabulary of 12; 4 classes, each a motif of 3 tokens (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def retnet_tokens(n: int = 4000, seed: int = 491, *, n_val: int = 800, batch_size: int = 32, train_rows: int = 0) -> Data:
    """Motif classification in token sequences: 4 random motifs of 3 distinct tokens (one per class); a sequence is 24
    tokens drawn uniformly from the 12, with its class's motif written at a random position and a decoy (one other
    class's motif with its first two tokens swapped) at another; 5% random labels (a floor). The order of the tokens
    matters (a bag of tokens does not tell a motif from its decoy). x: (sequences, 24) token ids; y: (sequences,).
    ``train_rows`` keeps only that many training sequences (the validation ones unchanged)."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    t, m = RETNET_LENGTH, RETNET_MOTIF
    motifs = torch.stack([torch.randperm(RETNET_VOCAB, generator=g)[:m] for _ in range(RETNET_CLASSES)])
    x = torch.randint(RETNET_VOCAB, (total, t), generator=g)
    y = torch.randint(RETNET_CLASSES, (total,), generator=g)
    other = (y + torch.randint(1, RETNET_CLASSES, (total,), generator=g)) % RETNET_CLASSES
    at = torch.randint(t - 2 * m, (total,), generator=g)
    gap = torch.randint(m, t - m - 1, (total,), generator=g)
    decoy = motifs[other][:, [1, 0, 2]]
    for i in range(total):
        a = int(at[i])
        b = (a + int(gap[i])) % (t - m + 1)
        if abs(b - a) < m:
            b = (a + m) % (t - m + 1)
        x[i, b : b + m] = decoy[i]
        x[i, a : a + m] = motifs[y[i]]
    y = flip_labels(y, RETNET_CLASSES, 0.05, g)
    data = split(x, y, n, "motif classification in token sequences (a RetNet-like retention classifier)", RETNET_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, RETNET_CLASSES, batch_size)
    return data


class MultiScaleRetention(nn.Module):
    """Multi-scale retention (Sun et al. 2023, the parallel form) of width ``d``: 4 heads, each head h's output
    sum_m gamma_h^(n - m) (q_n . k_m / sqrt(d_h)) v_m over m <= n (a causal decay in place of the softmax), the decays
    gamma_h = 1 - 2^(-1 - h) (0.5, 0.75, 0.875, 0.9375: fast to slow), a GroupNorm per head, a swish gate
    swish(W_g x) and an output projection. Input and output (rows, tokens, d)."""

    def __init__(self, d: int, heads: int = 4) -> None:
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d, bias=False)
        self.gate = nn.Linear(d, d, bias=False)
        self.out = nn.Linear(d, d, bias=False)
        self.norm = nn.GroupNorm(heads, d)
        gammas = 1 - 2.0 ** (-1 - torch.arange(heads, dtype=torch.float32))
        steps = torch.arange(RETNET_LENGTH, dtype=torch.float32)
        diff = steps[:, None] - steps[None, :]
        decay = torch.where(diff >= 0, gammas[:, None, None] ** diff.clamp(min=0), torch.zeros(()))
        self.register_buffer("decay", decay)

    def forward(self, x: Tensor) -> Tensor:
        b, t, d = x.shape
        h = self.heads
        q, k, v = self.qkv(x).view(b, t, 3, h, d // h).permute(2, 0, 3, 1, 4)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(d // h) * self.decay[:, :t, :t]
        r = (scores @ v).transpose(1, 2).reshape(b * t, d)
        r = self.norm(r).view(b, t, d)
        out: Tensor = self.out(F.silu(self.gate(x)) * r)
        return out


class RetNetClassifier(nn.Module):
    """A tiny RetNet-like sequence classifier: Embedding(12, 32) of the tokens, one RetNet block (pre-LN multi-scale
    retention, pre-LN GELU feed-forward 32-64-32, residuals), a final LayerNorm, mean pooling over the tokens, a ReLU layer
    ``fc`` (32 -> 32) and a ``head`` to the 4 classes. Output (rows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 32
        self.embed = nn.Embedding(RETNET_VOCAB, d)
        self.ln1, self.ln2, self.ln_out = nn.LayerNorm(d), nn.LayerNorm(d), nn.LayerNorm(d)
        self.retention = MultiScaleRetention(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, RETNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = self.embed(x)
        h = h + self.retention(self.ln1(h))
        h = h + self.ff(self.ln2(h))
        out: Tensor = self.head(F.relu(self.fc(self.ln_out(h).mean(1))))
        return out


def retnet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


HGNN_NODES, HGNN_EDGES, HGNN_FEATURES, HGNN_CLASSES = 800, 400, 12, 4
"""The HGNN classifies the 800 nodes of a synthetic hypergraph of 400 hyperedges into 4 classes from 12 noisy features."""


@lru_cache(maxsize=None)
def hgnn_hypergraph(seed: int = 492) -> tuple[Tensor, Tensor]:
    """A synthetic hypergraph of 800 nodes in 4 equal classes and 400 hyperedges of 3-6 nodes, 85% of them drawn inside
    one class and 15% across all nodes, as HGNN's propagation matrix Dv^-1/2 H De^-1 H^T Dv^-1/2 (H the node-by-hyperedge
    incidence, a self-loop hyperedge added for every node; dense, (nodes, nodes)), and the nodes' features (0.5 x the
    class's random centre plus N(0, 1) noise, 12 of them) and classes, packed as (propagation, torch.cat([features,
    classes]))."""
    g = torch.Generator().manual_seed(seed)
    nodes, classes = HGNN_NODES, HGNN_CLASSES
    cls = (torch.arange(nodes) % classes)[torch.randperm(nodes, generator=g)]
    inc = torch.zeros(nodes, HGNN_EDGES + nodes)
    for e in range(HGNN_EDGES):
        size = int(torch.randint(3, 7, (1,), generator=g))
        if float(torch.rand(1, generator=g)) < 0.85:
            pool = torch.nonzero(cls == int(torch.randint(classes, (1,), generator=g))).flatten()
        else:
            pool = torch.arange(nodes)
        inc[pool[torch.randperm(len(pool), generator=g)[:size]], e] = 1.0
    inc[torch.arange(nodes), HGNN_EDGES + torch.arange(nodes)] = 1.0
    dv = inc.sum(1).rsqrt()
    de = 1.0 / inc.sum(0)
    prop = (dv[:, None] * inc * de[None, :]) @ (inc.T * dv[None, :])
    centres = torch.randn(classes, HGNN_FEATURES, generator=g)
    x = 0.5 * centres[cls] + torch.randn(nodes, HGNN_FEATURES, generator=g)
    return prop, torch.cat([x, cls[:, None].float()], 1)


@lru_cache(maxsize=None)
def hgnn_nodes(n: int = 500, seed: int = 492, *, n_val: int = 300, batch_size: int = 32) -> Data:
    """Node classification on ``hgnn_hypergraph(seed)``: the input is a node's id, the target its class (5% of the
    training labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same hypergraph
    (transductive)."""
    cls = hgnn_hypergraph(seed)[1][:, -1].long()
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(cls), generator=g)[: n + n_val]
    y = cls[ids]
    y = torch.cat([flip_labels(y[:n], HGNN_CLASSES, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (an HGNN on a synthetic hypergraph)", HGNN_CLASSES, batch_size)


class HGNNNet(nn.Module):
    """A hypergraph neural network node classifier (Feng et al. 2019) reading node ids: two hypergraph convolutions
    X <- ReLU(P X Theta) (P = Dv^-1/2 H De^-1 H^T Dv^-1/2: node to hyperedge to node), ``conv1`` 12 -> 32 and ``conv2``
    32 -> 32, the whole hypergraph computed each step, then a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes
    of the nodes asked. Output (nodes, 4). ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that share of the
    nodes has a missing (NaN) feature."""

    def __init__(self, seed: int = 492, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        prop, packed = hgnn_hypergraph(seed)
        x = packed[:, :HGNN_FEATURES].clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 5] = float("nan")
        self.register_buffer("prop", prop)
        self.register_buffer("feats", x)
        self.conv1 = nn.Linear(HGNN_FEATURES, 32)
        self.conv2 = nn.Linear(32, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, HGNN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h = F.relu(self.prop @ self.conv1(self.feats))
        h = F.relu(self.prop @ self.conv2(h))
        out: Tensor = self.head(F.relu(self.fc(h[ids])))
        return out


def hgnn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


CFC_STEPS, CFC_CLASSES = 20, 4
"""Irregularly sampled sequences of 20 observations (a value and the time gap before it); 4 classes (ln 4 = 1.39)."""


@lru_cache(maxsize=None)
def cfc_sequences(n: int = 4000, seed: int = 493, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int = 0) -> Data:  # fmt: skip
    """Irregularly sampled oscillations: a damped sinusoid of one of 4 frequencies (0.25, 0.5, 0.75, 1 cycle per unit of
    time: the class), a random phase, an amplitude of 0.7-1.3 and a decay rate of 0-0.15, observed at 20 times whose
    gaps are drawn from U(0.05, 0.55), plus N(0, 0.25^2) noise; 5% random labels (a floor). x: (sequences, 20, 2), each
    step (the observed value, the time gap since the last observation); y: (sequences,). ``nan_rows``: that share of the
    training sequences has a missing (NaN) value; ``train_rows`` keeps only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    y = torch.randint(CFC_CLASSES, (total,), generator=g)
    freq = 0.25 * (y.float() + 1)
    gaps = 0.05 + 0.5 * torch.rand(total, CFC_STEPS, generator=g)
    times = gaps.cumsum(1)
    phase = 2 * math.pi * torch.rand(total, 1, generator=g)
    amp = 0.7 + 0.6 * torch.rand(total, 1, generator=g)
    damp = 0.15 * torch.rand(total, 1, generator=g)
    value = amp * torch.exp(-damp * times) * torch.sin(2 * math.pi * freq[:, None] * times + phase)
    value = value + 0.25 * torch.randn(total, CFC_STEPS, generator=g)
    x = torch.stack([value, gaps], 2)
    y = flip_labels(y, CFC_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 9, 0] = float("nan")
    data = split(x, y, n, "classifying irregularly sampled oscillations (a CfC closed-form continuous-time RNN)", CFC_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, CFC_CLASSES, batch_size)
    return data


class CfCCell(nn.Module):
    """A closed-form continuous-time (CfC, "liquid") cell (Hasani et al. 2022): a backbone LeCun-tanh layer of the input
    and the state, two tanh heads f1 and f2 and two linear time constants t_a, t_b; the new state is
    f1 (1 - sigma(-t_a dt + t_b)) + sigma(-t_a dt + t_b) f2, dt the time gap before the observation."""

    def __init__(self, inputs: int, hidden: int) -> None:
        super().__init__()
        self.backbone = nn.Linear(inputs + hidden, 64)
        self.f1, self.f2 = nn.Linear(64, hidden), nn.Linear(64, hidden)
        self.ta, self.tb = nn.Linear(64, hidden), nn.Linear(64, hidden)

    def forward(self, x: Tensor, h: Tensor, dt: Tensor) -> Tensor:
        z = 1.7159 * torch.tanh(0.666 * self.backbone(torch.cat([x, h], 1)))
        gate = torch.sigmoid(-self.ta(z) * dt + self.tb(z))
        out: Tensor = torch.tanh(self.f1(z)) * (1 - gate) + gate * torch.tanh(self.f2(z))
        return out


class CfCNet(nn.Module):
    """A CfC sequence classifier: a CfC cell of 32 units over the 20 observations (the value as its input, the time gap
    as its dt), the last state through a ReLU layer ``fc`` (32 -> 32) and a ``head`` to the 4 classes. Output (rows, 4).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.cell = CfCCell(1, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, CFC_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = x.new_zeros(len(x), 32)
        for t in range(x.shape[1]):
            h = self.cell(x[:, t, :1], h, x[:, t, 1:])
        out: Tensor = self.head(F.relu(self.fc(h)))
        return out


def cfc_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


ZIPREG_FEATURES = 8
"""Rows of 8 features; a zero-inflated Poisson count per row."""


@lru_cache(maxsize=None)
def zipreg_rows(n: int = 4000, seed: int = 494, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Counts with excess zeros: 8 features N(0, 1); a structural zero with probability sigmoid(1.2 x4 - 0.6 x5 x6 - 0.3)
    (~40% of the rows), else a Poisson count of log-rate 0.8 sin(1.5 x0) + 0.5 x1 + 0.4 x2 x3 - 0.2 x7^2 + 1.0 (a mean of
    ~3). x: (rows, 8); y: (rows,) counts (float). ``nan_rows``: that share of the training rows has a missing (NaN)
    feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, ZIPREG_FEATURES, generator=g)
    zero_logit = 1.2 * x[:, 4] - 0.6 * x[:, 5] * x[:, 6] - 0.3
    log_rate = 0.8 * torch.sin(1.5 * x[:, 0]) + 0.5 * x[:, 1] + 0.4 * x[:, 2] * x[:, 3] - 0.2 * x[:, 7] ** 2 + 1.0
    counts = torch.poisson(log_rate.exp(), generator=g)
    zero = torch.rand(total, generator=g) < torch.sigmoid(zero_logit)
    y = torch.where(zero, torch.zeros(()), counts)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 2] = float("nan")
    return split(x, y, n, "zero-inflated count regression (an MLP, the zero-inflated Poisson likelihood)", None, batch_size)


class ZIPRegMLP(nn.Module):
    """A ReLU MLP of a zero-inflated Poisson's two parameters: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc``
    (64 -> 32) and a ``head`` (32 -> 2): the logit of a structural zero and the Poisson log-rate. Output (rows, 2).
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(ZIPREG_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def zipreg_terms(out: Tensor, y: Tensor) -> Tensor:
    """The zero-inflated Poisson negative log-likelihood of each row, from the logit of a structural zero and the
    log-rate: -log(pi + (1 - pi) e^-rate) for a zero (by logsumexp), -log(1 - pi) - y log(rate) + rate + log(y!) else."""
    logit, log_rate = out[:, 0], out[:, 1]
    rate = log_rate.exp()
    zero = -torch.logaddexp(logit, -rate) + F.softplus(logit)
    positive = F.softplus(logit) - y * log_rate + rate + torch.lgamma(y + 1)
    return torch.where(y > 0, positive, zero)


def zipreg_nll(out: Tensor, y: Tensor) -> Tensor:
    """The zero-inflated Poisson negative log-likelihood, mean over the rows."""
    return zipreg_terms(out, y).mean()


def zipreg_summed(out: Tensor, y: Tensor) -> Tensor:
    """The zero-inflated Poisson negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return zipreg_terms(out, y).sum()


def zipreg_at_init() -> float:
    """The zero-inflated Poisson negative log-likelihood of outputs of 0 (pi = 0.5, a rate of 1): its level at init."""
    y = zipreg_rows().y
    return float(zipreg_nll(torch.zeros(len(y), 2), y))


# --------------------------------------------------------------------------- fifty-third fresh half (fresh51, held out from all tuning)


LSTNET_LOOKBACK, LSTNET_CHANNELS, LSTNET_PERIOD = 24, 4, 8
"""LSTNet reads 24 steps of 4 channels and forecasts the next step of each; its skip-GRU jumps a period of 8 steps."""


@lru_cache(maxsize=None)
def lstnet_series(n: int = 4000, seed: int = 511, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Periodic multichannel forecasting: windows of 25 steps of 4 channels, each a cycle of period 8 (the channel's own
    amplitude 0.6-1.2 and phase offset, a phase per window) with a second harmonic of amplitude 0.3, a level N(0, 0.5^2)
    per window and channel that drifts by N(0, 0.05^2) a step, channel 2 also 0.5 x channel 1 one step earlier, plus
    N(0, 0.3^2) noise; the first 24 steps the input, the 25th the target. x: (windows, 24, 4); y: (windows, 4).
    ``nan_rows``: that share of the training windows has a missing (NaN) value; ``train_rows``: keep only that many."""
    g = torch.Generator().manual_seed(seed)
    total, c, steps = n + n_val, LSTNET_CHANNELS, LSTNET_LOOKBACK + 1
    t = torch.arange(steps + 1).float()
    amp = 0.6 + 0.6 * torch.rand(c, generator=g)
    offset = 2 * math.pi * torch.rand(c, generator=g)
    phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
    angle = 2 * math.pi * t[None, :, None] / LSTNET_PERIOD + phase + offset
    series = amp * torch.sin(angle) + 0.3 * torch.sin(2 * angle + 1.0)
    drift = torch.cumsum(0.05 * torch.randn(total, steps + 1, c, generator=g), 1)
    series = series + 0.5 * torch.randn(total, 1, c, generator=g) + drift
    series[:, 1:, 2] = series[:, 1:, 2] + 0.5 * series[:, :-1, 1]
    series = series[:, 1:] + 0.3 * torch.randn(total, steps, c, generator=g)
    x, y = series[:, :LSTNET_LOOKBACK].clone(), series[:, LSTNET_LOOKBACK].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7, 1] = float("nan")
    data = split(x, y, n, "periodic multichannel forecasting (an LSTNet-like model, MSE)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LSTNetNet(nn.Module):
    """An LSTNet-like forecaster (Lai et al. 2018): a 1-D convolution ``conv`` over time (4 -> 16 channels, kernel 3,
    ReLU: 22 steps), a GRU ``gru`` (16 -> 16) over them, a skip-GRU ``skip`` (16 -> 8) over the last 2 periods, run on
    each of the 8 phases of the period apart (its 8 final states concatenated: 64), the 80 mixed by a ReLU layer ``fc``
    (80 -> 32) and a ``head`` (32 -> 4), plus a linear autoregressive highway ``ar`` (the last 8 steps of each channel ->
    its next value). Output (windows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        c, p = LSTNET_CHANNELS, LSTNET_PERIOD
        self.conv = nn.Conv1d(c, 16, 3)
        self.gru = nn.GRU(16, 16, batch_first=True)
        self.skip = nn.GRU(16, 8, batch_first=True)
        self.fc = nn.Linear(16 + 8 * p, 32)
        self.head = nn.Linear(32, c)
        self.ar = nn.Linear(p, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        b, p = len(x), LSTNET_PERIOD
        z = F.relu(self.conv(x.transpose(1, 2))).transpose(1, 2)  # (windows, 22, 16)
        _, h = self.gru(z)
        s = z[:, -2 * p :].reshape(b, 2, p, 16).transpose(1, 2).reshape(b * p, 2, 16)
        _, hs = self.skip(s)
        mixed = torch.cat([h[0], hs[0].reshape(b, 8 * p)], 1)
        highway = self.ar(x[:, -p:].transpose(1, 2)).squeeze(-1)  # (windows, 4)
        out: Tensor = self.head(F.relu(self.fc(mixed))) + highway
        return out


def lstnet_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (the mean over each window's 4 values, summed)."""
    return F.mse_loss(out, y, reduction="sum") / LSTNET_CHANNELS


def lstnet_at_zero() -> float:
    """The MSE of a forecast of 0: its level at init."""
    return float(lstnet_series().y.pow(2).mean())


RGCN_NODES, RGCN_RELATIONS, RGCN_CLASSES, RGCN_FEATURES, RGCN_BASES = 1000, 3, 4, 8, 2
"""A graph of 1,000 nodes of 4 classes with 3 relation types, 8 features a node; R-GCN weights from 2 bases."""


@lru_cache(maxsize=None)
def rgcn_graph(seed: int = 513) -> tuple[Tensor, Tensor, Tensor]:
    """A synthetic multi-relational graph: 1,000 nodes of 4 classes; relation 0 joins nodes of the same class (~8
    neighbours a node, each edge read both ways), relation 1 a node of class c to one of class c + 1 mod 4 (~6 a node),
    relation 2 any two nodes at random (~6 a node: noise); 8 features, 0.4 x the class's random centre plus N(0, 1)
    noise. Returns the edges (4, edges: source, destination, relation, and 1 / the destination's degree in that
    relation as a float), the features (1000, 8) and the classes."""
    g = torch.Generator().manual_seed(seed)
    n, k = RGCN_NODES, RGCN_CLASSES
    cls = torch.randint(k, (n,), generator=g)
    rand = torch.rand(RGCN_RELATIONS, n, n, generator=g)
    same = cls[:, None] == cls[None, :]
    nxt = cls[None, :] == (cls[:, None] + 1) % k
    probs = torch.stack([same.float() * 4 / (n / k), nxt.float() * 3 / (n / k), torch.full((n, n), 3 / n)])
    adj = (rand < probs).float()
    adj = ((adj + adj.transpose(1, 2)) > 0).float()
    rel, dst, src = torch.nonzero(adj, as_tuple=True)
    norm = 1.0 / adj.sum(2)[rel, dst]
    centres = torch.randn(k, RGCN_FEATURES, generator=g)
    x = 0.4 * centres[cls] + torch.randn(n, RGCN_FEATURES, generator=g)
    return torch.stack([src.float(), dst.float(), rel.float(), norm]), x, cls


@lru_cache(maxsize=None)
def rgcn_nodes(n: int = 700, seed: int = 513, *, n_val: int = 300, batch_size: int = 32) -> Data:
    """Node classification on ``rgcn_graph(seed)``: the input is a node's id, the target its class (5% of the training
    labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive)."""
    cls = rgcn_graph(seed)[2]
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(cls), generator=g)[: n + n_val]
    y = cls[ids]
    y = torch.cat([flip_labels(y[:n], RGCN_CLASSES, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (an R-GCN on a multi-relational graph)", RGCN_CLASSES, batch_size)


class RGCNLayer(nn.Module):
    """A relational graph convolution (Schlichtkrull et al. 2018): h_i' = W_0 h_i + sum_r sum_{j in N_r(i)} W_r h_j /
    |N_r(i)|, each relation's weight W_r = sum_b a_rb V_b from 2 shared bases ``bases`` (basis decomposition) and the
    coefficients ``coef`` (3 x 2); ``self_loop`` is W_0 (with the bias)."""

    def __init__(self, d_in: int, d_out: int) -> None:
        super().__init__()
        self.bases = nn.Parameter(torch.randn(RGCN_BASES, d_in, d_out) / math.sqrt(d_in))
        self.coef = nn.Parameter(torch.randn(RGCN_RELATIONS, RGCN_BASES) / math.sqrt(RGCN_BASES))
        self.self_loop = nn.Linear(d_in, d_out)

    def forward(self, h: Tensor, edges: Tensor) -> Tensor:
        src, dst, rel = edges[0].long(), edges[1].long(), edges[2].long()
        w = torch.einsum("rb,bio->rio", self.coef, self.bases)  # (relations, d_in, d_out)
        hw = torch.einsum("nd,rdo->rno", h, w)  # each node's message under each relation
        msg = torch.zeros(len(h), w.shape[2]).index_add_(0, dst, hw[rel, src] * edges[3][:, None])
        return self.self_loop(h) + msg


class RGCNNet(nn.Module):
    """An R-GCN node classifier reading node ids: 2 relational graph convolutions (``layers``: 8 -> 16 -> 16, ReLU) over
    the whole graph each step, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 classes of the nodes asked. Output
    (nodes, 4). ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that share of the nodes has a missing (NaN)
    feature."""

    def __init__(self, seed: int = 513, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        edges, x, _ = rgcn_graph(seed)
        x = x.clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 3] = float("nan")
        self.register_buffer("edges", edges)
        self.register_buffer("feats", x)
        self.layers = nn.ModuleList([RGCNLayer(RGCN_FEATURES, 16), RGCNLayer(16, 16)])
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, RGCN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h = self.feats
        for layer in self.layers:
            h = F.relu(layer(h, self.edges))
        out: Tensor = self.head(F.relu(self.fc(h[ids])))
        return out


def rgcn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


SPARSEATTN_LENGTH, SPARSEATTN_VOCAB, SPARSEATTN_CLASSES, SPARSEATTN_BLOCK = 64, 16, 4, 8
"""Sequences of 64 tokens of 16 (the key tokens 0-3 and 12 fillers), 4 classes; attention blocks of 8 tokens."""


@lru_cache(maxsize=None)
def sparseattn_tokens(n: int = 6000, seed: int = 515, *, n_val: int = 600, batch_size: int = 32,
                      train_rows: int | None = None) -> Data:  # fmt: skip
    """Long-sequence classification: 64 tokens, fillers drawn uniformly from tokens 4-15; each key token 0-3 is planted
    1-5 times at random positions, the class's key 2 times more, and the class also marks the first filler after each
    of its key tokens as token 4 + class (a local cue); 5% random labels (a floor). x: (sequences, 64); y:
    (sequences,). ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, SPARSEATTN_LENGTH
    y = torch.randint(SPARSEATTN_CLASSES, (total,), generator=g)
    x = torch.randint(4, SPARSEATTN_VOCAB, (total, length), generator=g)
    counts = torch.randint(1, 6, (total, SPARSEATTN_CLASSES), generator=g)
    counts[torch.arange(total), y] += 2
    order = torch.argsort(torch.rand(total, length - 1, generator=g), 1)
    for i in range(total):
        pos = order[i]
        k = 0
        for key in range(SPARSEATTN_CLASSES):
            for p in pos[k : k + int(counts[i, key])].tolist():
                x[i, p] = key
                if key == int(y[i]) and x[i, p + 1] >= 4:
                    x[i, p + 1] = 4 + key
            k += int(counts[i, key])
    y = flip_labels(y, SPARSEATTN_CLASSES, 0.05, g)
    data = split(x, y, n, "long-sequence classification (a block-sparse attention transformer)", SPARSEATTN_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, SPARSEATTN_CLASSES, batch_size)
    return data


def sparseattn_mask() -> Tensor:
    """The block-sparse attention mask of a sequence of a global token and 64 tokens (True where attention is barred):
    a token sees its own block of 8 and the blocks on each side (local), and the global token at position 0; the
    global token sees every token."""
    n = SPARSEATTN_LENGTH + 1
    block = torch.cat([torch.tensor([-10]), torch.arange(SPARSEATTN_LENGTH) // SPARSEATTN_BLOCK])
    near = (block[:, None] - block[None, :]).abs() <= 1
    near[0, :] = True
    near[:, 0] = True
    return ~near[:n, :n]


class SparseAttnBlock(nn.Module):
    """A pre-LN transformer block whose self-attention (2 heads) is masked block-sparse (``sparseattn_mask``), then a GELU
    MLP d -> 2d -> d; residuals."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, 2, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.register_buffer("mask", sparseattn_mask())

    def forward(self, x: Tensor) -> Tensor:
        h = self.ln1(x)
        x = x + self.attn(h, h, h, attn_mask=self.mask, need_weights=False)[0]
        return x + self.mlp(self.ln2(x))


class SparseAttnNet(nn.Module):
    """A tiny sparse-attention transformer classifier: token embeddings (16 -> 16) and learned positions, a learned
    global token in front, 2 block-sparse attention blocks (``blocks``), a LayerNorm, the global token's state through a
    ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 16
        self.embed = nn.Embedding(SPARSEATTN_VOCAB, d)
        self.pos = nn.Parameter(0.02 * torch.randn(SPARSEATTN_LENGTH + 1, d))
        self.glob = nn.Parameter(0.02 * torch.randn(1, 1, d))
        self.blocks = nn.ModuleList(SparseAttnBlock(d) for _ in range(2))
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, SPARSEATTN_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, tokens: Tensor) -> Tensor:
        x = torch.cat([self.glob.expand(len(tokens), -1, -1), self.embed(tokens)], 1) + self.pos
        for block in self.blocks:
            x = block(x)
        out: Tensor = self.head(F.relu(self.fc(self.norm(x)[:, 0])))
        return out


def sparseattn_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


LAPLACENLL_FEATURES = 8
"""Rows of 8 features."""


@lru_cache(maxsize=None)
def laplacenll_rows(n: int = 4000, seed: int = 517, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Heteroscedastic regression: 8 features N(0, 1); a target 1.0 sin(1.5 x0) + 0.6 x1 + 0.4 x2 x3 - 0.3 x4^2 + 0.3
    plus Laplace noise of scale 0.05 + 0.4 sigmoid(2 x5) + 0.1 |x6| (the noise depends on the input). x: (rows, 8); y:
    (rows,). ``nan_rows``: that share of the training rows has a missing (NaN) feature; ``train_rows``: keep only that
    many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, LAPLACENLL_FEATURES, generator=g)
    mean = 1.0 * torch.sin(1.5 * x[:, 0]) + 0.6 * x[:, 1] + 0.4 * x[:, 2] * x[:, 3] - 0.3 * x[:, 4] ** 2 + 0.3
    scale = 0.05 + 0.4 * torch.sigmoid(2 * x[:, 5]) + 0.1 * x[:, 6].abs()
    u = torch.rand(total, generator=g) - 0.5
    y = mean - scale * torch.sign(u) * torch.log1p(-2 * u.abs())
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "heteroscedastic regression (an MLP, the Laplace negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class LaplaceNLLMLP(nn.Module):
    """A ReLU MLP of a heteroscedastic Laplace model: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the location and the log of the scale. Output (rows, 2). ``dead_bias`` < 0 starts fc's biases
    there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(LAPLACENLL_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def laplacenll_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Laplace negative log-likelihood of each row: log(2 b) + |y - mu| / b; mu = out[:, 0], b = exp(out[:, 1]) (the
    log-scale clamped to [-6, 6])."""
    mu, log_b = out[:, 0], out[:, 1].clamp(-6.0, 6.0)
    return math.log(2.0) + log_b + (y - mu).abs() / log_b.exp()


def laplacenll_loss(out: Tensor, y: Tensor) -> Tensor:
    """The Laplace negative log-likelihood, mean over the rows."""
    return laplacenll_terms(out, y).mean()


def laplacenll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Laplace negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return laplacenll_terms(out, y).sum()


def laplacenll_at_zero() -> float:
    """The Laplace negative log-likelihood of a location of 0 and a scale of 1: its level at init."""
    return float(laplacenll_loss(torch.zeros(len(laplacenll_rows().y), 2), laplacenll_rows().y))


# --------------------------------------------------------------------------- fifty-fourth fresh half (fresh52, held out from all tuning)


HYENA_LENGTH, HYENA_VOCAB, HYENA_CLASSES = 48, 12, 4
"""Sequences of 48 tokens of 12 (the signal tokens 0-3 and 8 fillers), 4 classes."""


@lru_cache(maxsize=None)
def hyena_tokens(n: int = 5000, seed: int = 521, *, n_val: int = 600, batch_size: int = 32,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Long-range sequence classification: 48 tokens, fillers drawn uniformly from tokens 4-11; the class c plants its
    signal token c at a random position in the first quarter and again (the echo) a random 16-32 steps later, and 3
    distractor signal tokens (other than c) at random positions, each alone; the class is the signal token that
    occurs twice, ~16-32 steps apart. 5% random labels (a floor). x: (sequences, 48); y: (sequences,). ``train_rows``:
    keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, HYENA_LENGTH
    y = torch.randint(HYENA_CLASSES, (total,), generator=g)
    x = torch.randint(4, HYENA_VOCAB, (total, length), generator=g)
    first = torch.randint(0, length // 4, (total,), generator=g)
    gap = torch.randint(16, 33, (total,), generator=g)
    rows = torch.arange(total)
    x[rows, first] = y
    x[rows, (first + gap).clamp(max=length - 1)] = y
    for _ in range(3):
        pos = torch.randint(0, length, (total,), generator=g)
        other = (y + torch.randint(1, HYENA_CLASSES, (total,), generator=g)) % HYENA_CLASSES
        free = x[rows, pos] >= 4
        x[rows[free], pos[free]] = other[free]
    y = flip_labels(y, HYENA_CLASSES, 0.05, g)
    data = split(x, y, n, "long-range sequence classification (a Hyena-like implicit long convolution)", HYENA_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, HYENA_CLASSES, batch_size)
    return data


class HyenaFilter(nn.Module):
    """The implicit long-convolution filter of a Hyena operator: a small MLP ``mlp`` (positional features 9 -> 16,
    sin activation, 16 -> d) maps each of the 48 positions to a kernel value per channel, times an exponential decay
    window (a rate per channel from 0.3 to 3 over the sequence)."""

    def __init__(self, d: int) -> None:
        super().__init__()
        t = torch.linspace(0, 1, HYENA_LENGTH)[:, None]
        bands = torch.arange(1, 5).float()[None, :]
        self.register_buffer("feats", torch.cat([t, torch.sin(math.pi * bands * t), torch.cos(math.pi * bands * t)], 1))
        self.register_buffer("decay", torch.exp(-t * torch.logspace(math.log10(0.3), math.log10(3.0), d)[None, :] * 3))
        self.mlp1 = nn.Linear(9, 16)
        self.mlp2 = nn.Linear(16, d)

    def forward(self) -> Tensor:
        k: Tensor = self.mlp2(torch.sin(self.mlp1(self.feats))) * self.decay  # (48, d)
        return k


class HyenaOperator(nn.Module):
    """A Hyena operator of order 2 (Poli et al. 2023): a linear ``proj`` of the input to 3 branches v, x1, x2 (each
    with a short depthwise convolution of width 3 ``short``), the implicit long filter h (``filter``) applied to
    x1 * v as a causal convolution over the whole sequence (by FFT), gated by x2, then a linear ``out``."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.d = d
        self.proj = nn.Linear(d, 3 * d)
        self.short = nn.Conv1d(3 * d, 3 * d, 3, padding=2, groups=3 * d)
        self.filter = HyenaFilter(d)
        self.bias = nn.Parameter(torch.zeros(d))
        self.out = nn.Linear(d, d)

    def forward(self, u: Tensor) -> Tensor:
        length = u.shape[1]
        z = self.short(self.proj(u).transpose(1, 2))[..., :length]  # (batch, 3d, length), causal
        v, x1, x2 = z.split(self.d, 1)
        h = self.filter().t()  # (d, length)
        s = x1 * v
        n = 2 * length
        conv = torch.fft.irfft(torch.fft.rfft(s, n=n) * torch.fft.rfft(h, n=n), n=n)[..., :length]
        y = x2 * (conv + s * self.bias[:, None])
        out: Tensor = self.out(y.transpose(1, 2))
        return out


class HyenaNet(nn.Module):
    """A tiny Hyena-like classifier: token embeddings (12 -> 16), 2 pre-LN residual blocks of a Hyena operator and a
    GELU MLP 16 -> 32 -> 16, a LayerNorm, the mean over positions through a ReLU layer ``fc`` (16 -> 32) and a
    ``head`` to the 4 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 16
        self.embed = nn.Embedding(HYENA_VOCAB, d)
        self.mixers = nn.ModuleList(HyenaOperator(d) for _ in range(2))
        self.mlps = nn.ModuleList(nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d)) for _ in range(2))
        self.ln1 = nn.ModuleList(nn.LayerNorm(d) for _ in range(2))
        self.ln2 = nn.ModuleList(nn.LayerNorm(d) for _ in range(2))
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, HYENA_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, tokens: Tensor) -> Tensor:
        x = self.embed(tokens)
        for mixer, mlp_, ln1, ln2 in zip(self.mixers, self.mlps, self.ln1, self.ln2):
            x = x + mixer(ln1(x))
            x = x + mlp_(ln2(x))
        out: Tensor = self.head(F.relu(self.fc(self.norm(x).mean(1))))
        return out


def hyena_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


EDGECONV_POINTS, EDGECONV_CLASSES, EDGECONV_K = 32, 4, 6
"""Point clouds of 32 points in 3-D, 4 shape classes; each point's 6 nearest neighbours."""


@lru_cache(maxsize=None)
def edgeconv_clouds(n: int = 4000, seed: int = 523, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Point-cloud shape classification: 32 points sampled on one of 4 shapes (a circle, a square's outline, a
    two-armed cross, a helix segment), scaled by 0.7-1.3, rotated at random about the z axis and tilted by up to 0.5
    rad about the x axis, shifted by N(0, 0.2^2), plus N(0, 0.08^2) jitter; 5% random labels (a floor). x: (clouds, 32,
    3); y: (clouds,). ``nan_rows``: that share of the training clouds has a missing (NaN) coordinate; ``train_rows``:
    keep only that many training clouds."""
    g = torch.Generator().manual_seed(seed)
    total, p = n + n_val, EDGECONV_POINTS
    y = torch.randint(EDGECONV_CLASSES, (total,), generator=g)
    s = torch.rand(total, p, generator=g)
    angle = 2 * math.pi * s
    circle = torch.stack([torch.cos(angle), torch.sin(angle), torch.zeros_like(s)], -1)
    side = (4 * s).floor()
    along = 8 * s - 2 * side - 1
    sq_x = torch.where(side == 0, along, torch.where(side == 1, torch.ones_like(s), torch.where(side == 2, -along, -torch.ones_like(s))))
    sq_y = torch.where(side == 0, -torch.ones_like(s), torch.where(side == 1, along, torch.where(side == 2, torch.ones_like(s), -along)))
    square = torch.stack([0.8 * sq_x, 0.8 * sq_y, torch.zeros_like(s)], -1)
    arm = s < 0.5
    pos = 4 * (s % 0.5) - 1
    cross = torch.stack([torch.where(arm, pos, torch.zeros_like(s)), torch.where(arm, torch.zeros_like(s), pos), torch.zeros_like(s)], -1)
    helix = torch.stack([0.7 * torch.cos(3 * angle), 0.7 * torch.sin(3 * angle), 2 * s - 1], -1)
    shapes = torch.stack([circle, square, cross, helix], 1)  # (clouds, 4, points, 3)
    pts = shapes[torch.arange(total), y] * (0.7 + 0.6 * torch.rand(total, 1, 1, generator=g))
    rot = 2 * math.pi * torch.rand(total, generator=g)
    tilt = 0.5 * torch.rand(total, generator=g)
    c, sn, ct, st = torch.cos(rot), torch.sin(rot), torch.cos(tilt), torch.sin(tilt)
    x0, y0, z0 = pts.unbind(-1)
    x1, y1 = c[:, None] * x0 - sn[:, None] * y0, sn[:, None] * x0 + c[:, None] * y0
    y2, z2 = ct[:, None] * y1 - st[:, None] * z0, st[:, None] * y1 + ct[:, None] * z0
    x = torch.stack([x1, y2, z2], -1) + 0.2 * torch.randn(total, 1, 3, generator=g) + 0.08 * torch.randn(total, p, 3, generator=g)
    y = flip_labels(y, EDGECONV_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 5, 1] = float("nan")
    data = split(x, y, n, "point-cloud shape classification (a DGCNN-like EdgeConv network)", EDGECONV_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, EDGECONV_CLASSES, batch_size)
    return data


class EdgeConv(nn.Module):
    """An EdgeConv layer (Wang et al. 2019): a k-nearest-neighbour graph (k = 6) built in the input's own feature space
    each call, an edge MLP ``mlp`` (2 d_in -> d_out, ReLU) over (x_i, x_j - x_i) of each neighbour j, max over the
    neighbours."""

    def __init__(self, d_in: int, d_out: int) -> None:
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(2 * d_in, d_out), nn.ReLU())

    def forward(self, x: Tensor) -> Tensor:
        b, p, d = x.shape
        dist = torch.cdist(x, x)
        idx = dist.topk(EDGECONV_K + 1, largest=False).indices[..., 1:]  # (b, p, k), not the point itself
        nbr = torch.gather(x[:, None].expand(b, p, p, d), 2, idx[..., None].expand(b, p, EDGECONV_K, d))
        centre = x[:, :, None].expand_as(nbr)
        out: Tensor = self.mlp(torch.cat([centre, nbr - centre], -1)).amax(2)
        return out


class EdgeConvNet(nn.Module):
    """A DGCNN-like point-cloud classifier: 2 EdgeConv layers (``convs``: 3 -> 16 -> 32; the second builds its graph
    in the first's feature space), their outputs concatenated (48) and max-pooled over the points, a ReLU layer ``fc``
    (48 -> 32) and a ``head`` to the 4 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.convs = nn.ModuleList([EdgeConv(3, 16), EdgeConv(16, 32)])
        self.fc = nn.Linear(48, 32)
        self.head = nn.Linear(32, EDGECONV_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, pts: Tensor) -> Tensor:
        h1 = self.convs[0](pts)
        h2 = self.convs[1](h1)
        pooled = torch.cat([h1, h2], -1).amax(1)
        out: Tensor = self.head(F.relu(self.fc(pooled)))
        return out


def edgeconv_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


POOLFORMER_SIZE, POOLFORMER_CLASSES, POOLFORMER_PATCH = 16, 4, 4
"""Images of 16x16 pixels, one channel, 4 classes; patches of 4x4 (a 4x4 grid of tokens)."""


@lru_cache(maxsize=None)
def poolformer_images(n: int = 4000, seed: int = 525, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                      train_rows: int | None = None) -> Data:  # fmt: skip
    """Texture classification: 16x16 gratings of one of 4 orientations (0, 45, 90, 135 degrees) with a random period
    of 3-6 pixels, a random phase and contrast 0.5-1.0, on a random brightness N(0, 0.3^2), plus N(0, 0.5^2) pixel
    noise; 5% random labels (a floor). x: (images, 1, 16, 16); y: (images,). ``nan_rows``: that share of the training
    images has a missing (NaN) pixel; ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, size = n + n_val, POOLFORMER_SIZE
    y = torch.randint(POOLFORMER_CLASSES, (total,), generator=g)
    theta = y.float() * math.pi / 4 + 0.15 * torch.randn(total, generator=g)
    period = 3 + 3 * torch.rand(total, generator=g)
    phase = 2 * math.pi * torch.rand(total, generator=g)
    contrast = 0.5 + 0.5 * torch.rand(total, generator=g)
    r = torch.arange(size).float()
    rows, cols = r[:, None].expand(size, size), r[None, :].expand(size, size)
    proj = torch.cos(theta)[:, None, None] * cols + torch.sin(theta)[:, None, None] * rows
    img = contrast[:, None, None] * torch.sin(2 * math.pi * proj / period[:, None, None] + phase[:, None, None])
    img = img + 0.3 * torch.randn(total, 1, 1, generator=g) + 0.5 * torch.randn(total, size, size, generator=g)
    x = img[:, None]
    y = flip_labels(y, POOLFORMER_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 7, 9] = float("nan")
    data = split(x, y, n, "texture classification (a PoolFormer-like MetaFormer)", POOLFORMER_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, POOLFORMER_CLASSES, batch_size)
    return data


class PoolFormerBlock(nn.Module):
    """A PoolFormer block (Yu et al. 2022): x + (avgpool3x3(GN(x)) - GN(x)) as the token mixer, then x + a channel MLP
    (1x1 convolutions d -> 2d -> d, GELU) of GN(x); group norms of 1 group."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.norm1, self.norm2 = nn.GroupNorm(1, d), nn.GroupNorm(1, d)
        self.pool = nn.AvgPool2d(3, 1, 1, count_include_pad=False)
        self.mlp = nn.Sequential(nn.Conv2d(d, 2 * d, 1), nn.GELU(), nn.Conv2d(2 * d, d, 1))

    def forward(self, x: Tensor) -> Tensor:
        h = self.norm1(x)
        x = x + self.pool(h) - h
        out: Tensor = x + self.mlp(self.norm2(x))
        return out


class PoolFormerNet(nn.Module):
    """A tiny PoolFormer-like classifier: a patch embedding ``embed`` (a 4x4 convolution of stride 4, 1 -> 24
    channels: a 4x4 grid of tokens), 2 PoolFormer blocks (``blocks``), a group norm, the mean over the tokens through a
    ReLU layer ``fc`` (24 -> 32) and a ``head`` to the 4 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 24
        self.embed = nn.Conv2d(1, d, POOLFORMER_PATCH, POOLFORMER_PATCH)
        self.blocks = nn.Sequential(PoolFormerBlock(d), PoolFormerBlock(d))
        self.norm = nn.GroupNorm(1, d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, POOLFORMER_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, img: Tensor) -> Tensor:
        x = self.norm(self.blocks(self.embed(img))).mean((2, 3))
        out: Tensor = self.head(F.relu(self.fc(x)))
        return out


def poolformer_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


EXPECTILE_FEATURES, EXPECTILE_TAU = 8, 0.8
"""Rows of 8 features; the 0.8-expectile."""


@lru_cache(maxsize=None)
def expectile_rows(n: int = 4000, seed: int = 527, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Heteroscedastic regression: 8 features N(0, 1); a target 0.8 sin(2 x0) + 0.5 x1 - 0.4 x2 x3 + 0.3 |x4| + 0.5
    plus Gaussian noise of scale 0.1 + 0.5 sigmoid(2 x5) + 0.15 |x6| (the noise, and so the expectile's distance above
    the mean, depends on the input). x: (rows, 8); y: (rows,). ``nan_rows``: that share of the training rows has a
    missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, EXPECTILE_FEATURES, generator=g)
    mean = 0.8 * torch.sin(2 * x[:, 0]) + 0.5 * x[:, 1] - 0.4 * x[:, 2] * x[:, 3] + 0.3 * x[:, 4].abs() + 0.5
    scale = 0.1 + 0.5 * torch.sigmoid(2 * x[:, 5]) + 0.15 * x[:, 6].abs()
    y = mean + scale * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "heteroscedastic regression (an MLP, the 0.8-expectile loss)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class ExpectileMLP(nn.Module):
    """A ReLU MLP expectile regressor: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head``
    (32 -> 1). Output (rows,). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(EXPECTILE_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 1)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x)))).squeeze(-1)
        return out


def expectile_terms(out: Tensor, y: Tensor) -> Tensor:
    """The asymmetric squared error of each row at tau = 0.8: |tau - 1(y < prediction)| (y - prediction)^2."""
    r = y - out
    return torch.where(r < 0, 1 - EXPECTILE_TAU, EXPECTILE_TAU) * r.pow(2)


def expectile_loss(out: Tensor, y: Tensor) -> Tensor:
    """The expectile loss at tau = 0.8, mean over the rows."""
    return expectile_terms(out, y).mean()


def expectile_summed(out: Tensor, y: Tensor) -> Tensor:
    """The expectile loss at tau = 0.8 summed over the batch's rows (reduction='sum')."""
    return expectile_terms(out, y).sum()


def expectile_at_zero() -> float:
    """The expectile loss of a prediction of 0: its level at init."""
    return float(expectile_loss(torch.zeros(len(expectile_rows().y)), expectile_rows().y))


@lru_cache(maxsize=None)
def pretrained_expectile_weights() -> dict[str, Tensor]:
    """An expectile MLP trained (unrecorded) for 600 Adam steps on the first 3000 rows of the table (a checkpoint that a
    fine-tune on all of it starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="expectile-pretraining", data=expectile_rows(train_rows=3000), model=ExpectileMLP,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=600, seed=5, shuffle_offset=3000,
                        loss_fn=expectile_loss)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_expectile() -> ExpectileMLP:
    """An expectile MLP with the pretrained weights (a fine-tune starts from them)."""
    model = ExpectileMLP()
    model.load_state_dict(pretrained_expectile_weights())
    return model


# --------------------------------------------------------------------------- fifty-fifth fresh half (fresh53, held out from all tuning)


RWKV_LENGTH, RWKV_VOCAB, RWKV_CLASSES = 16, 16, 4
"""Sequences of 16 tokens of 16 (the key tokens 0-3 and 12 fillers), 4 classes."""


@lru_cache(maxsize=None)
def rwkv_tokens(n: int = 5000, seed: int = 531, *, n_val: int = 600, batch_size: int = 32,
                train_rows: int | None = None) -> Data:  # fmt: skip
    """Sequence classification: 16 tokens, fillers drawn uniformly from tokens 4-15; each key token 0-3 is planted 0-2
    times at random positions, the class's key 2 times more, and the class also turns the filler right after each of
    its key tokens into token 4 + class (a local cue, read through the token shift); 5% random labels (a floor). x:
    (sequences, 16); y: (sequences,). ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, RWKV_LENGTH
    y = torch.randint(RWKV_CLASSES, (total,), generator=g)
    x = torch.randint(4, RWKV_VOCAB, (total, length), generator=g)
    counts = torch.randint(0, 3, (total, RWKV_CLASSES), generator=g)
    counts[torch.arange(total), y] += 2
    order = torch.argsort(torch.rand(total, length - 1, generator=g), 1)
    for i in range(total):
        pos = order[i]
        k = 0
        for key in range(RWKV_CLASSES):
            for p in pos[k : k + int(counts[i, key])].tolist():
                x[i, p] = key
                if key == int(y[i]) and x[i, p + 1] >= 4:
                    x[i, p + 1] = 4 + key
            k += int(counts[i, key])
    y = flip_labels(y, RWKV_CLASSES, 0.05, g)
    data = split(x, y, n, "sequence classification (an RWKV-like recurrent classifier)", RWKV_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, RWKV_CLASSES, batch_size)
    return data


class RWKVBlock(nn.Module):
    """An RWKV-like block (Peng et al. 2023): time-mixing then channel-mixing, each pre-LN with a residual. Time-mixing
    shifts the tokens by one (``mix_k``, ``mix_v``, ``mix_r`` interpolate each token with the one before it), computes
    keys, values and a receptance, and runs the WKV recurrence with a learned per-channel decay exp(-exp(``decay``))
    and a bonus ``bonus`` for the current token: wkv_t = (a + e^(u + k_t) v_t) / (b + e^(u + k_t)), a <- e^-w a +
    e^(k_t) v_t, b <- e^-w b + e^(k_t) (the keys clamped to [-8, 8]); out = ``out`` (sigmoid(r) wkv). Channel-mixing:
    sigmoid(r) x ``value``(relu(``key``(x))^2) over the token-shifted input."""

    def __init__(self, d: int) -> None:
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.mix_k, self.mix_v, self.mix_r = (nn.Parameter(torch.full((d,), 0.5)) for _ in range(3))
        self.decay = nn.Parameter(torch.linspace(-2.0, 1.0, d))
        self.bonus = nn.Parameter(torch.zeros(d))
        self.key, self.value, self.recept = nn.Linear(d, d, bias=False), nn.Linear(d, d, bias=False), nn.Linear(d, d, bias=False)
        self.out = nn.Linear(d, d, bias=False)
        self.cmix_k, self.cmix_r = nn.Parameter(torch.full((d,), 0.5)), nn.Parameter(torch.full((d,), 0.5))
        self.ckey, self.cvalue, self.crecept = nn.Linear(d, 2 * d, bias=False), nn.Linear(2 * d, d, bias=False), nn.Linear(d, d, bias=False)

    @staticmethod
    def shift(x: Tensor) -> Tensor:
        return F.pad(x, (0, 0, 1, -1))

    def time_mix(self, x: Tensor) -> Tensor:
        xx = self.shift(x)
        k = self.key(x * self.mix_k + xx * (1 - self.mix_k)).clamp(-8.0, 8.0)
        v = self.value(x * self.mix_v + xx * (1 - self.mix_v))
        r = torch.sigmoid(self.recept(x * self.mix_r + xx * (1 - self.mix_r)))
        w = torch.exp(-torch.exp(self.decay))
        ek, euk = torch.exp(k), torch.exp(self.bonus + k)
        ekv, eukv = ek * v, euk * v
        a = torch.zeros_like(x[:, 0])
        b = torch.zeros_like(x[:, 0])
        nums, dens = [], []
        for t in range(x.shape[1]):
            nums.append(a)
            dens.append(b)
            a = w * a + ekv[:, t]
            b = w * b + ek[:, t]
        out: Tensor = self.out(r * (torch.stack(nums, 1) + eukv) / (torch.stack(dens, 1) + euk))
        return out

    def channel_mix(self, x: Tensor) -> Tensor:
        xx = self.shift(x)
        k = F.relu(self.ckey(x * self.cmix_k + xx * (1 - self.cmix_k))) ** 2
        r = torch.sigmoid(self.crecept(x * self.cmix_r + xx * (1 - self.cmix_r)))
        out: Tensor = r * self.cvalue(k)
        return out

    def forward(self, x: Tensor) -> Tensor:
        x = x + self.time_mix(self.ln1(x))
        return x + self.channel_mix(self.ln2(x))


class RWKVNet(nn.Module):
    """A tiny RWKV-like classifier: token embeddings (16 -> 16), a LayerNorm, 2 RWKV-like blocks (``blocks``), a
    LayerNorm, the last token's state through a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 classes.
    ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 16
        self.embed = nn.Embedding(RWKV_VOCAB, d)
        self.ln0 = nn.LayerNorm(d)
        self.blocks = nn.ModuleList(RWKVBlock(d) for _ in range(2))
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, RWKV_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, tokens: Tensor) -> Tensor:
        x = self.ln0(self.embed(tokens))
        for block in self.blocks:
            x = block(x)
        out: Tensor = self.head(F.relu(self.fc(self.norm(x)[:, -1])))
        return out


def rwkv_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


JKNET_NODES, JKNET_CLASSES, JKNET_FEATURES = 800, 4, 8
"""A graph of 800 nodes of 4 classes, 8 features a node."""


@lru_cache(maxsize=None)
def jknet_graph(seed: int = 533) -> tuple[Tensor, Tensor, Tensor]:
    """A synthetic stochastic block model graph: 800 nodes of 4 classes, ~4 neighbours of the same class and ~1.5 of
    other classes a node (each edge both ways); 8 features, 0.5 x the class's random centre plus N(0, 1) noise.
    Returns the symmetrically normalised adjacency with self-loops D^-1/2 (A + I) D^-1/2 (dense, 800 x 800), the
    features (800, 8) and the classes."""
    g = torch.Generator().manual_seed(seed)
    n, k = JKNET_NODES, JKNET_CLASSES
    cls = torch.randint(k, (n,), generator=g)
    same = cls[:, None] == cls[None, :]
    probs = torch.where(same, torch.tensor(4.0 / (n / k)), torch.tensor(1.5 / (n - n / k)))
    adj = (torch.rand(n, n, generator=g) < probs).float().triu(1)
    adj = adj + adj.T + torch.eye(n)
    d = adj.sum(1).rsqrt()
    centres = torch.randn(k, JKNET_FEATURES, generator=g)
    x = 0.5 * centres[cls] + torch.randn(n, JKNET_FEATURES, generator=g)
    return d[:, None] * adj * d[None, :], x, cls


@lru_cache(maxsize=None)
def jknet_nodes(n: int = 500, seed: int = 533, *, n_val: int = 300, batch_size: int = 32) -> Data:
    """Node classification on ``jknet_graph(seed)``: the input is a node's id, the target its class (5% of the training
    labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive)."""
    cls = jknet_graph(seed)[2]
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(cls), generator=g)[: n + n_val]
    y = cls[ids]
    y = torch.cat([flip_labels(y[:n], JKNET_CLASSES, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (a jumping-knowledge graph network)", JKNET_CLASSES, batch_size)


class JKNet(nn.Module):
    """A jumping-knowledge network (Xu et al. 2018) reading node ids: 3 graph convolutions (``layers``: 8 -> 16 -> 16 ->
    16, ReLU, H' = relu(A_hat H W)) over the whole graph each step, the 3 layers' node representations combined by an
    elementwise max (``mode='max'``) or concatenated (``mode='cat'``: 48), a ReLU layer ``fc`` (-> 32) and a ``head``
    to the 4 classes of the nodes asked. Output (nodes, 4). ``dead_bias`` < 0 starts fc's biases there;
    ``nan_nodes``: that share of the nodes has a missing (NaN) feature."""

    def __init__(self, mode: str = "max", seed: int = 533, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        adj, x, _ = jknet_graph(seed)
        x = x.clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 3] = float("nan")
        self.register_buffer("adj", adj)
        self.register_buffer("feats", x)
        self.mode = mode
        self.layers = nn.ModuleList([nn.Linear(JKNET_FEATURES, 16), nn.Linear(16, 16), nn.Linear(16, 16)])
        self.fc = nn.Linear(48 if mode == "cat" else 16, 32)
        self.head = nn.Linear(32, JKNET_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h, reps = self.feats, []
        for layer in self.layers:
            h = F.relu(self.adj @ layer(h))
            reps.append(h[ids])
        jk = torch.cat(reps, 1) if self.mode == "cat" else torch.stack(reps).amax(0)
        out: Tensor = self.head(F.relu(self.fc(jk)))
        return out


def jknet_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


INVOLUTION_SIZE, INVOLUTION_CLASSES = 12, 4
"""12x12 one-channel images, 4 classes."""


@lru_cache(maxsize=None)
def involution_images(n: int = 4000, seed: int = 535, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                      train_rows: int | None = None) -> Data:  # fmt: skip
    """Stroke orientation: a 12x12 image holding one stroke of 5 pixels (brightness 0.7-1.3) at a random place, its
    class the stroke's orientation (horizontal, vertical, diagonal, anti-diagonal), plus 6 random bright distractor
    pixels and N(0, 0.35^2) noise; 5% random labels (a floor). x: (images, 1, 12, 12); y: (images,). ``nan_rows``:
    that share of the training images has a missing (NaN) pixel; ``train_rows``: keep only that many."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, INVOLUTION_SIZE
    y = torch.randint(INVOLUTION_CLASSES, (total,), generator=g)
    x = 0.35 * torch.randn(total, 1, s, s, generator=g)
    steps = torch.tensor([[0, 1], [1, 0], [1, 1], [1, -1]])
    start = torch.randint(2, s - 6, (total, 2), generator=g)
    bright = 0.7 + 0.6 * torch.rand(total, generator=g)
    idx = torch.arange(total)
    for j in range(5):
        r = start[:, 0] + j * steps[y, 0]
        c = start[:, 1] + 2 + j * steps[y, 1]
        x[idx, 0, r, c] += bright
    dots = torch.randint(s, (total, 6, 2), generator=g)
    for j in range(6):
        x[idx, 0, dots[:, j, 0], dots[:, j, 1]] += 1.0
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 5, 5] = float("nan")
    y = flip_labels(y, INVOLUTION_CLASSES, 0.05, g)
    data = split(x, y, n, "image classification (an involution network)", INVOLUTION_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, INVOLUTION_CLASSES, batch_size)
    return data


class Involution(nn.Module):
    """Involution (Li et al. 2021): a KxK kernel generated at each pixel from that pixel's features (``reduce`` 1x1 conv
    c -> c/2, ReLU, ``span`` 1x1 conv -> K*K*groups), shared by the channels of each of ``groups`` groups, applied to
    the pixel's KxK neighbourhood (unfold): spatially specific, channel-agnostic."""

    def __init__(self, c: int, k: int = 3, groups: int = 2) -> None:
        super().__init__()
        self.k, self.groups = k, groups
        self.reduce = nn.Conv2d(c, c // 2, 1)
        self.span = nn.Conv2d(c // 2, k * k * groups, 1)

    def forward(self, x: Tensor) -> Tensor:
        b, c, h, w = x.shape
        kernel = self.span(F.relu(self.reduce(x))).view(b, self.groups, 1, self.k * self.k, h, w)
        patches = F.unfold(x, self.k, padding=self.k // 2).view(b, self.groups, c // self.groups, self.k * self.k, h, w)
        return (kernel * patches).sum(3).view(b, c, h, w)


class InvolutionNet(nn.Module):
    """An involution CNN: a 3x3 convolution stem ``stem`` (1 -> 8, ReLU), an involution (8 channels, 3x3, 2 groups) then a
    1x1 conv ``mix1`` (ReLU), a 2x2 max pool, a second involution and ``mix2`` (ReLU), a global average pool, a ReLU
    layer ``fc`` (8 -> 32) and a ``head`` to the 4 classes. ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 8, 3, padding=1)
        self.inv1, self.inv2 = Involution(8), Involution(8)
        self.mix1, self.mix2 = nn.Conv2d(8, 8, 1), nn.Conv2d(8, 8, 1)
        self.fc = nn.Linear(8, 32)
        self.head = nn.Linear(32, INVOLUTION_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.relu(self.stem(x))
        h = F.max_pool2d(F.relu(self.mix1(self.inv1(h))) + h, 2)
        h = F.relu(self.mix2(self.inv2(h))) + h
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


def involution_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


STUDENTT_FEATURES = 8
"""Rows of 8 features."""


@lru_cache(maxsize=None)
def studentt_rows(n: int = 4000, seed: int = 537, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                  train_rows: int | None = None) -> Data:  # fmt: skip
    """Robust regression: 8 features N(0, 1); a target 1.0 tanh(1.5 x0) + 0.5 x1 - 0.4 x2 x3 + 0.3 cos(2 x4) plus
    Student-t noise (3 degrees of freedom) of scale 0.15 + 0.25 sigmoid(2 x5), and 3% of the rows outliers (the target
    replaced by U(-6, 6)). x: (rows, 8); y: (rows,). ``nan_rows``: that share of the training rows has a missing (NaN)
    feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, STUDENTT_FEATURES, generator=g)
    mean = 1.0 * torch.tanh(1.5 * x[:, 0]) + 0.5 * x[:, 1] - 0.4 * x[:, 2] * x[:, 3] + 0.3 * torch.cos(2 * x[:, 4])
    scale = 0.15 + 0.25 * torch.sigmoid(2 * x[:, 5])
    chi2 = torch.randn(total, 3, generator=g).pow(2).sum(1)
    y = mean + scale * torch.randn(total, generator=g) / (chi2 / 3).sqrt()
    out = torch.rand(total, generator=g) < 0.03
    y = torch.where(out, 12 * torch.rand(total, generator=g) - 6, y)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "robust regression (an MLP, the Student-t negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class StudentTMLP(nn.Module):
    """A ReLU MLP of a Student-t model: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a ``head`` (32 ->
    3): the location, the log of the scale and the log of the degrees of freedom. Output (rows, 3). ``dead_bias`` < 0
    starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(STUDENTT_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 3)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def studentt_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Student-t negative log-likelihood of each row: -log t_nu(z) + log s, z = (y - mu) / s; mu = out[:, 0], s =
    exp(out[:, 1]) (the log-scale clamped to [-6, 6]), nu = exp(out[:, 2]) (the log clamped to [-2, 5])."""
    mu, log_s, nu = out[:, 0], out[:, 1].clamp(-6.0, 6.0), out[:, 2].clamp(-2.0, 5.0).exp()
    z = (y - mu) / log_s.exp()
    return (torch.lgamma(nu / 2) - torch.lgamma((nu + 1) / 2) + 0.5 * torch.log(nu * math.pi) + log_s
            + (nu + 1) / 2 * torch.log1p(z * z / nu))  # fmt: skip


def studentt_loss(out: Tensor, y: Tensor) -> Tensor:
    """The Student-t negative log-likelihood, mean over the rows."""
    return studentt_terms(out, y).mean()


def studentt_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Student-t negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return studentt_terms(out, y).sum()


def studentt_at_zero() -> float:
    """The Student-t negative log-likelihood of a location of 0, a scale of 1 and 1 degree of freedom (a Cauchy): its
    level at init."""
    return float(studentt_loss(torch.zeros(len(studentt_rows().y), 3), studentt_rows().y))


# --------------------------------------------------------------------------- fifty-seventh fresh half (fresh55, held out from all tuning)


MLSTM_LENGTH, MLSTM_VOCAB, MLSTM_CLASSES = 16, 18, 5
"""Sequences of 16 tokens of 18 (the key tokens 0-4 and 13 fillers), 5 classes (ln 5 = 1.61 at chance)."""


@lru_cache(maxsize=None)
def mlstm_tokens(n: int = 5000, seed: int = 551, *, n_val: int = 600, batch_size: int = 32,
                 train_rows: int | None = None) -> Data:  # fmt: skip
    """Sequence classification: 16 tokens, fillers drawn uniformly from tokens 6-17; each key token 0-4 is planted 0-2
    times at random positions and the class's key 2 times more; the marker token 5 is planted once, right before a copy
    of the class's key (a recall cue); 5% random labels (a floor). x: (sequences, 16); y: (sequences,).
    ``train_rows``: keep only that many training sequences."""
    g = torch.Generator().manual_seed(seed)
    total, length = n + n_val, MLSTM_LENGTH
    y = torch.randint(MLSTM_CLASSES, (total,), generator=g)
    x = torch.randint(6, MLSTM_VOCAB, (total, length), generator=g)
    counts = torch.randint(0, 3, (total, MLSTM_CLASSES), generator=g)
    counts[torch.arange(total), y] += 1
    order = torch.argsort(torch.rand(total, length - 2, generator=g), 1) + 2
    marker = torch.randint(0, length - 2, (total,), generator=g)
    for i in range(total):
        m = int(marker[i])
        x[i, m], x[i, m + 1] = 5, int(y[i])
        pos = [p for p in order[i].tolist() if p not in (m, m + 1)]
        k = 0
        for key in range(MLSTM_CLASSES):
            for p in pos[k : k + int(counts[i, key])]:
                x[i, p] = key
            k += int(counts[i, key])
    y = flip_labels(y, MLSTM_CLASSES, 0.05, g)
    data = split(x, y, n, "sequence classification (an xLSTM-like mLSTM classifier)", MLSTM_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MLSTM_CLASSES, batch_size)
    return data


class MLSTMBlock(nn.Module):
    """An mLSTM block (Beck et al. 2024, xLSTM), pre-LN with a residual: a causal convolution (kernel 3) and SiLU feed the
    queries and keys, the values read the normed input; 2 heads of 8, each a matrix memory C (8 x 8) and a normaliser n
    updated with an exponential input gate i and a sigmoid forget gate f through a stabiliser state m:
    m_t = max(log f_t + m_(t-1), log i_t), C_t = f' C_(t-1) + i' v_t k_t^T, n_t = f' n_(t-1) + i' k_t (f', i' the
    stabilised gates); h_t = o_t * C_t q_t / max(|n_t . q_t|, exp(-m_t)), a per-head group norm, an output projection;
    then a GELU MLP (16-32-16), pre-LN with a residual. The recurrence is computed in its equivalent parallel form (a
    causal matrix of the stabilised cumulative gates times the query-key scores)."""

    def __init__(self, d: int = 16, heads: int = 2) -> None:
        super().__init__()
        self.d, self.heads, self.dh = d, heads, d // heads
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.conv = nn.Conv1d(d, d, 3, padding=2, groups=d)
        self.q, self.k, self.v = nn.Linear(d, d, bias=False), nn.Linear(d, d, bias=False), nn.Linear(d, d, bias=False)
        self.igate, self.fgate = nn.Linear(2 * d, heads), nn.Linear(2 * d, heads)
        self.ogate = nn.Linear(d, d)
        self.hnorm = nn.GroupNorm(heads, d)
        self.proj = nn.Linear(d, d)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        with torch.no_grad():
            self.fgate.bias.copy_(torch.linspace(3.0, 6.0, heads))
            self.igate.bias.fill_(-1.0)

    def cell(self, x: Tensor) -> Tensor:
        b, t, d = x.shape
        c = F.silu(self.conv(x.transpose(1, 2))[:, :, :t].transpose(1, 2))
        q = self.q(c).view(b, t, self.heads, self.dh)
        k = self.k(c).view(b, t, self.heads, self.dh) / math.sqrt(self.dh)
        v = self.v(x).view(b, t, self.heads, self.dh)
        gates_in = torch.cat([x, c], -1)
        log_i = self.igate(gates_in)  # (b, t, heads)
        log_f = F.logsigmoid(self.fgate(gates_in))
        o = torch.sigmoid(self.ogate(x))
        # the recurrence in its parallel form: log D[t, s] = sum_(s < r <= t) log f_r + log i_s (s <= t), m_t its row max
        q, k, v = q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)  # (b, heads, t, dh)
        cum = torch.cumsum(log_f.transpose(1, 2), -1)  # (b, heads, t)
        log_d = cum[..., :, None] - cum[..., None, :] + log_i.transpose(1, 2)[..., None, :]
        causal = torch.ones(t, t, dtype=torch.bool, device=x.device).tril()
        log_d = log_d.masked_fill(~causal, float("-inf"))
        m = log_d.amax(-1, keepdim=True)
        scores = (q @ k.transpose(-1, -2)) * torch.exp(log_d - m)
        den = torch.maximum(scores.sum(-1, keepdim=True).abs(), torch.exp(-m))
        h = (scores @ v / den).transpose(1, 2).reshape(b, t, d)
        h = self.hnorm(h.reshape(b * t, d)).view(b, t, d)
        out: Tensor = self.proj(o * h)
        return out

    def forward(self, x: Tensor) -> Tensor:
        x = x + self.cell(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class MLSTMNet(nn.Module):
    """A tiny xLSTM-like classifier: token embeddings (18 -> 16), an mLSTM block (``blocks``), a LayerNorm, the last
    token's state through a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 5 classes. ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        d = 16
        self.embed = nn.Embedding(MLSTM_VOCAB, d)
        self.blocks = nn.ModuleList(MLSTMBlock(d) for _ in range(1))
        self.norm = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 32)
        self.head = nn.Linear(32, MLSTM_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, tokens: Tensor) -> Tensor:
        x = self.embed(tokens)
        for block in self.blocks:
            x = block(x)
        out: Tensor = self.head(F.relu(self.fc(self.norm(x)[:, -1])))
        return out


def mlstm_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


GT_NODES, GT_CLASSES, GT_PE = 12, 4, 4
"""Graphs of 12 nodes of 4 kinds; 4 Laplacian eigenvectors as positional encodings."""


@lru_cache(maxsize=None)
def graphtransformer_graphs(n: int = 3000, seed: int = 553, *, n_val: int = 600, batch_size: int = 32,
                            nan_rows: float = 0.0, train_rows: int | None = None) -> Data:  # fmt: skip
    """Graph classification of 12-node graphs of 4 kinds: a ring with 2 random chords, a star-like tree (a hub and
    random attachments), two 6-node clusters (edges with probability 0.7 inside) joined by one edge, a 3 x 4 grid;
    then 2 random edges flipped and the nodes shuffled. Each node carries 2 features (N(0, 1) noise and its degree / 4
    plus N(0, 0.3^2) noise) and the 4 eigenvectors of the normalised Laplacian after the trivial one (a random sign
    each); 5% random labels (a floor). x: (graphs, 12, 12 + 2 + 4), the adjacency then the features and encodings; y:
    (graphs,). ``nan_rows``: that share of the training graphs has a missing (NaN) node feature; ``train_rows``: keep
    only that many training graphs."""
    g = torch.Generator().manual_seed(seed)
    total, nn_ = n + n_val, GT_NODES
    y = torch.randint(GT_CLASSES, (total,), generator=g)
    adjs = torch.zeros(total, nn_, nn_)
    for i in range(total):
        a = torch.zeros(nn_, nn_)
        kind = int(y[i])
        if kind == 0:
            for j in range(nn_):
                a[j, (j + 1) % nn_] = 1
            for _ in range(2):
                u, w = torch.randint(nn_, (2,), generator=g).tolist()
                a[u, w] = 1
        elif kind == 1:
            for j in range(1, nn_):
                parent = 0 if torch.rand(1, generator=g).item() < 0.6 else int(torch.randint(j, (1,), generator=g))
                a[j, parent] = 1
        elif kind == 2:
            same = (torch.arange(nn_)[:, None] // 6) == (torch.arange(nn_)[None, :] // 6)
            a = ((torch.rand(nn_, nn_, generator=g) < 0.7) & same).float().triu(1)
            a[int(torch.randint(6, (1,), generator=g)), 6 + int(torch.randint(6, (1,), generator=g))] = 1
        else:
            for r in range(3):
                for c in range(4):
                    if c < 3:
                        a[4 * r + c, 4 * r + c + 1] = 1
                    if r < 2:
                        a[4 * r + c, 4 * r + c + 4] = 1
        a = ((a + a.T) > 0).float()
        for _ in range(2):
            u, w = torch.randint(nn_, (2,), generator=g).tolist()
            if u != w:
                a[u, w] = a[w, u] = 1 - a[u, w]
        a.fill_diagonal_(0)
        perm = torch.randperm(nn_, generator=g)
        adjs[i] = a[perm][:, perm]
    deg = adjs.sum(2)
    inv = torch.where(deg > 0, deg.rsqrt(), torch.zeros_like(deg))
    lap = torch.eye(nn_) - inv[:, :, None] * adjs * inv[:, None, :]
    _, vecs = torch.linalg.eigh(lap)
    pe = vecs[:, :, 1 : 1 + GT_PE] * torch.where(torch.rand(total, 1, GT_PE, generator=g) < 0.5, -1.0, 1.0)
    feats = torch.stack([torch.randn(total, nn_, generator=g), deg / 4 + 0.3 * torch.randn(total, nn_, generator=g)], 2)
    x = torch.cat([adjs, feats, pe], 2)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 3, nn_] = float("nan")
    y = flip_labels(y, GT_CLASSES, 0.05, g)
    data = split(x, y, n, "graph classification (a graph transformer with Laplacian positional encodings)", GT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, GT_CLASSES, batch_size)
    return data


class GraphTransformerLayer(nn.Module):
    """A graph transformer layer (Dwivedi & Bresson 2021, with a Graphormer-like adjacency bias): full self-attention
    over a graph's nodes, 2 heads, each head's scores plus a learned bias times the adjacency (``edge_bias``, an edge
    attends more), pre-LN, a residual; then a ReLU MLP (16-32-16), pre-LN, a residual."""

    def __init__(self, d: int = 16, heads: int = 2) -> None:
        super().__init__()
        self.heads, self.dh = heads, d // heads
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.edge_bias = nn.Parameter(torch.ones(heads))
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.ReLU(), nn.Linear(2 * d, d))

    def forward(self, h: Tensor, adj: Tensor) -> Tensor:
        b, n, d = h.shape
        q, k, v = self.qkv(self.ln1(h)).view(b, n, 3, self.heads, self.dh).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.dh) + self.edge_bias[None, :, None, None] * adj[:, None]
        att = torch.softmax(scores, -1) @ v  # (b, heads, n, dh)
        h = h + self.out(att.transpose(1, 2).reshape(b, n, d))
        out: Tensor = h + self.mlp(self.ln2(h))
        return out


class GraphTransformerNet(nn.Module):
    """A tiny graph transformer: the node features and Laplacian eigenvector encodings embedded (``embed`` 2 + 4 ->
    16), 2 graph transformer layers (``layers``), a LayerNorm, a mean over the nodes, a ReLU layer ``fc`` (16 -> 32) and
    a ``head`` to the 4 kinds. Output (graphs, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.embed = nn.Linear(2 + GT_PE, 16)
        self.layers = nn.ModuleList(GraphTransformerLayer() for _ in range(2))
        self.norm = nn.LayerNorm(16)
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, GT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        adj, feats = x[..., :GT_NODES], x[..., GT_NODES:]
        h = self.embed(feats)
        for layer in self.layers:
            h = layer(h, adj)
        out: Tensor = self.head(F.relu(self.fc(self.norm(h).mean(1))))
        return out


def graphtransformer_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the kinds summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


RESNEST_SIZE, RESNEST_CLASSES = 12, 4
"""12x12 one-channel images of one of 4 glyphs, 4 classes."""


@lru_cache(maxsize=None)
def resnest_images(n: int = 4000, seed: int = 555, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                   train_rows: int | None = None) -> Data:  # fmt: skip
    """Glyph classification: a 12x12 image holding one 5x5 glyph (a hollow square, a plus, an X, a filled 3x3 block)
    at a random place and a brightness of 0.9-1.5, plus a random distractor bar of 3 pixels and N(0, 0.3^2) noise; 5%
    random labels (a floor). x: (images, 1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has
    a missing (NaN) pixel; ``train_rows``: keep only that many."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, RESNEST_SIZE
    glyphs = torch.zeros(4, 5, 5)
    glyphs[0, 0, :] = glyphs[0, 4, :] = glyphs[0, :, 0] = glyphs[0, :, 4] = 1
    glyphs[1, 2, :] = glyphs[1, :, 2] = 1
    glyphs[2] = torch.eye(5) + torch.eye(5).flip(1)
    glyphs[2, 2, 2] = 1
    glyphs[3, 1:4, 1:4] = 1
    y = torch.randint(RESNEST_CLASSES, (total,), generator=g)
    x = 0.3 * torch.randn(total, 1, s, s, generator=g)
    at = torch.randint(0, s - 4, (total, 2), generator=g)
    bright = 0.9 + 0.6 * torch.rand(total, generator=g)
    bar = torch.randint(0, s - 3, (total, 2), generator=g)
    vertical = torch.rand(total, generator=g) < 0.5
    for i in range(total):
        r, c = int(at[i, 0]), int(at[i, 1])
        x[i, 0, r : r + 5, c : c + 5] += bright[i] * glyphs[int(y[i])]
        br, bc = int(bar[i, 0]), int(bar[i, 1])
        if vertical[i]:
            x[i, 0, br : br + 3, bc] += 0.8
        else:
            x[i, 0, br, bc : bc + 3] += 0.8
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 6, 6] = float("nan")
    y = flip_labels(y, RESNEST_CLASSES, 0.05, g)
    data = split(x, y, n, "image classification (a ResNeSt-like split-attention network)", RESNEST_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, RESNEST_CLASSES, batch_size)
    return data


class SplitAttention(nn.Module):
    """A split-attention convolution (Zhang et al. 2022, ResNeSt): a grouped 3x3 convolution makes ``radix`` splits of
    each of ``cardinality`` cardinal groups (c x radix channels), the splits summed, globally average-pooled, through a
    bottleneck (``fc1``, BatchNorm-free, ReLU) and ``fc2`` to radix weights per channel, a softmax over the splits,
    and the splits summed with those weights (c channels)."""

    def __init__(self, c: int, radix: int = 2, cardinality: int = 2) -> None:
        super().__init__()
        self.c, self.radix, self.cardinality = c, radix, cardinality
        self.conv = nn.Conv2d(c, c * radix, 3, padding=1, groups=cardinality * radix)
        self.fc1 = nn.Conv2d(c, 8, 1, groups=cardinality)
        self.fc2 = nn.Conv2d(8, c * radix, 1, groups=cardinality)

    def forward(self, x: Tensor) -> Tensor:
        b = x.shape[0]
        splits = F.relu(self.conv(x)).view(b, self.radix, self.c, *x.shape[2:])
        gap = splits.sum(1).mean((2, 3), keepdim=True)
        att = self.fc2(F.relu(self.fc1(gap))).view(b, self.cardinality, self.radix, self.c // self.cardinality)
        att = torch.softmax(att, 2).transpose(1, 2).reshape(b, self.radix, self.c, 1, 1)
        return (att * splits).sum(1)


class ResNeStBlock(nn.Module):
    """A ResNeSt bottleneck-like block: a 1x1 conv (ReLU), a split-attention conv (radix 2, cardinality 2), a 1x1 conv,
    a residual and a ReLU."""

    def __init__(self, c: int) -> None:
        super().__init__()
        self.reduce = nn.Conv2d(c, c, 1)
        self.split = SplitAttention(c)
        self.expand = nn.Conv2d(c, c, 1)

    def forward(self, x: Tensor) -> Tensor:
        return F.relu(x + self.expand(self.split(F.relu(self.reduce(x)))))


class ResNeStNet(nn.Module):
    """A tiny ResNeSt-like CNN: a 3x3 convolution stem ``stem`` (1 -> 8, ReLU), a 2x2 max pool, 2 ResNeSt blocks (8
    channels), a global average pool, a ReLU layer ``fc`` (8 -> 32) and a ``head`` to the 4 glyphs. ``dead_bias`` <
    0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 8, 3, padding=1)
        self.block1, self.block2 = ResNeStBlock(8), ResNeStBlock(8)
        self.fc = nn.Linear(8, 32)
        self.head = nn.Linear(32, RESNEST_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.max_pool2d(F.relu(self.stem(x)), 2)
        h = self.block2(self.block1(h))
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


def resnest_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the glyphs summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


EVIDENTIAL_FEATURES, EVIDENTIAL_REG = 8, 0.01
"""Rows of 8 features; the evidence regulariser's weight."""


@lru_cache(maxsize=None)
def evidential_rows(n: int = 4000, seed: int = 557, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0,
                    train_rows: int | None = None) -> Data:  # fmt: skip
    """Regression with heteroscedastic noise: 8 features N(0, 1); a target 1.2 sin(1.5 x0) + 0.6 x1 - 0.4 x2 x3 + 0.3
    x4^2 - 0.3 plus Gaussian noise of scale 0.1 + 0.4 sigmoid(2 x5). x: (rows, 8); y: (rows,). ``nan_rows``: that share
    of the training rows has a missing (NaN) feature; ``train_rows``: keep only that many training rows."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, EVIDENTIAL_FEATURES, generator=g)
    mean = 1.2 * torch.sin(1.5 * x[:, 0]) + 0.6 * x[:, 1] - 0.4 * x[:, 2] * x[:, 3] + 0.3 * x[:, 4] ** 2 - 0.3
    y = mean + (0.1 + 0.4 * torch.sigmoid(2 * x[:, 5])) * torch.randn(total, generator=g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 7] = float("nan")
    data = split(x, y, n, "evidential regression (an MLP, the Normal-Inverse-Gamma negative log-likelihood)", None, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, None, batch_size)
    return data


class EvidentialMLP(nn.Module):
    """A deep evidential regressor (Amini et al. 2020): a ReLU MLP ``body`` 8 -> 64 -> 64, a ReLU layer ``fc`` (64 -> 32)
    and a ``head`` (32 -> 4) to the raw Normal-Inverse-Gamma parameters (gamma, and nu, alpha, beta before their
    softplus). Output (rows, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(EVIDENTIAL_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 4)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def evidential_terms(out: Tensor, y: Tensor) -> Tensor:
    """Each row's Normal-Inverse-Gamma negative log-likelihood plus 0.01 x the evidence regulariser |y - gamma| (2 nu +
    alpha): gamma = out[:, 0], nu = softplus(out[:, 1]) + 1e-4, alpha = softplus(out[:, 2]) + 1, beta =
    softplus(out[:, 3]) + 1e-4; NLL = 0.5 log(pi / nu) - alpha log(Omega) + (alpha + 0.5) log(nu (y - gamma)^2 + Omega)
    + lgamma(alpha) - lgamma(alpha + 0.5), Omega = 2 beta (1 + nu)."""
    gamma = out[:, 0]
    nu, alpha, beta = F.softplus(out[:, 1]) + 1e-4, F.softplus(out[:, 2]) + 1.0, F.softplus(out[:, 3]) + 1e-4
    omega = 2 * beta * (1 + nu)
    err = y - gamma
    nll = (0.5 * torch.log(math.pi / nu) - alpha * torch.log(omega) + (alpha + 0.5) * torch.log(nu * err * err + omega)
           + torch.lgamma(alpha) - torch.lgamma(alpha + 0.5))  # fmt: skip
    return nll + EVIDENTIAL_REG * err.abs() * (2 * nu + alpha)


def evidential_loss(out: Tensor, y: Tensor) -> Tensor:
    """The NIG negative log-likelihood plus the evidence regulariser, mean over the rows."""
    return evidential_terms(out, y).mean()


def evidential_summed(out: Tensor, y: Tensor) -> Tensor:
    """The NIG negative log-likelihood plus the evidence regulariser summed over the batch's rows (reduction='sum')."""
    return evidential_terms(out, y).sum()


def evidential_at_zero() -> float:
    """The loss of raw outputs of 0 (gamma 0, nu and beta softplus(0) = 0.69, alpha 1.69): its level at init."""
    return float(evidential_loss(torch.zeros(len(evidential_rows().y), 4), evidential_rows().y))


@lru_cache(maxsize=None)
def pretrained_evidential_weights() -> dict[str, Tensor]:
    """An evidential MLP trained (unrecorded) for 600 Adam steps on the first 3000 rows of the table (a checkpoint that
    a fine-tune on all of it starts from)."""
    from harness import Setup, train

    pretraining = Setup(name="evidential-pretraining", data=evidential_rows(train_rows=3000), model=EvidentialMLP,
                        optimizer=torch.optim.Adam, lr=3e-3, steps=600, seed=5, shuffle_offset=3000,
                        loss_fn=evidential_loss)  # fmt: skip
    return {k: v.clone() for k, v in train(pretraining).model.state_dict().items()}


def pretrained_evidential() -> EvidentialMLP:
    """An evidential MLP with the pretrained weights (a fine-tune starts from them)."""
    model = EvidentialMLP()
    model.load_state_dict(pretrained_evidential_weights())
    return model


# --------------------------------------------------------------------------- fifty-second fresh half (fresh50, held out from all tuning)


MOBILEVIT_SIZE, MOBILEVIT_CLASSES = 12, 4
"""12 x 12 grey images of a bar and a square, 4 classes (ln 4 = 1.39 at chance)."""


@lru_cache(maxsize=None)
def mobilevit_images(n: int = 4000, seed: int = 501, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0,
                     train_rows: int | None = None) -> Data:  # fmt: skip
    """Where a square lies from a bar: a bar of 6 x 2 pixels, horizontal or vertical, at a random place, and a square of
    2 x 2 pixels 3-5 pixels to one side of it (above or below a horizontal bar, left or right of a vertical one), the
    class the pair (4), each drawn at a random brightness of 0.8-1.4, plus N(0, 0.4^2) noise per pixel, 5% random labels
    (a floor). x: (images,
    1, 12, 12); y: (images,). ``nan_rows``: that share of the training images has a missing (NaN) pixel;
    ``train_rows``: keep only that many training images."""
    g = torch.Generator().manual_seed(seed)
    total, s = n + n_val, MOBILEVIT_SIZE
    y = torch.randint(MOBILEVIT_CLASSES, (total,), generator=g)
    img = torch.zeros(total, s, s)
    centre = torch.randint(3, s - 4, (total, 2), generator=g)
    gap = torch.randint(3, 6, (total,), generator=g)
    along = torch.randint(-2, 3, (total,), generator=g)
    bright = 0.8 + 0.6 * torch.rand(total, 2, generator=g)
    for i in range(total):
        r, c, k = int(centre[i, 0]), int(centre[i, 1]), int(y[i])
        side = -1 if k % 2 == 0 else 1
        if k < 2:  # a horizontal bar, the dot above or below
            img[i, r : r + 2, c - 3 : c + 3] = bright[i, 0]
            dr, dc = r + side * int(gap[i]), c + int(along[i])
        else:  # a vertical bar, the square left or right
            img[i, r - 3 : r + 3, c : c + 2] = bright[i, 0]
            dr, dc = r + int(along[i]), c + side * int(gap[i])
        for a in (dr, dr + 1):
            for b in (dc, dc + 1):
                img[i, a % s, b % s] = bright[i, 1]
    x = (img + 0.4 * torch.randn(total, s, s, generator=g))[:, None]
    y = flip_labels(y, MOBILEVIT_CLASSES, 0.05, g)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 0, 4, 9] = float("nan")
    data = split(x, y, n, "where a square lies from a bar (a MobileViT-like classifier)", MOBILEVIT_CLASSES, batch_size)
    if train_rows:
        data = Data(data.x[:train_rows], data.y[:train_rows], data.val_x, data.val_y, data.task, MOBILEVIT_CLASSES, batch_size)
    return data


class MobileViTUnit(nn.Module):
    """A MobileViT block (Mehta & Rastegari 2022) on a (rows, 16, 6, 6) map: a local 3 x 3 convolution and a 1 x 1 one to
    d = 24, the map unfolded into 2 x 2 patches (4 sequences, one per pixel position of a patch, of the 9 patches), a
    pre-LN transformer layer over each sequence (2 heads, a GELU MLP 24-48-24, residuals), folded back, a 1 x 1
    convolution to 16, concatenated with the input and fused by a 3 x 3 convolution to 16 (SiLU)."""

    def __init__(self, c: int = 16, d: int = 24) -> None:
        super().__init__()
        self.local = nn.Sequential(nn.Conv2d(c, c, 3, padding=1), nn.SiLU(), nn.Conv2d(c, d, 1))
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, 2, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))
        self.back = nn.Conv2d(d, c, 1)
        self.fuse = nn.Conv2d(2 * c, c, 3, padding=1)

    def forward(self, x: Tensor) -> Tensor:
        b, _, hh, ww = x.shape
        z = self.local(x)
        d = z.shape[1]
        # unfold: (b, d, H/2, 2, W/2, 2) -> (b * 4, patches, d)
        t = z.reshape(b, d, hh // 2, 2, ww // 2, 2).permute(0, 3, 5, 2, 4, 1).reshape(b * 4, (hh // 2) * (ww // 2), d)
        a = self.ln1(t)
        t = t + self.attn(a, a, a, need_weights=False)[0]
        t = t + self.mlp(self.ln2(t))
        z = t.reshape(b, 2, 2, hh // 2, ww // 2, d).permute(0, 5, 3, 1, 4, 2).reshape(b, d, hh, ww)  # fold
        out: Tensor = F.silu(self.fuse(torch.cat([x, self.back(z)], 1)))
        return out


class MobileViTNet(nn.Module):
    """A tiny MobileViT-like classifier: a stem (3 x 3 convolution 1 -> 16, stride 2: a 6 x 6 map, SiLU), an inverted
    residual MV2 block (1 x 1 16 -> 32, depthwise 3 x 3, 1 x 1 32 -> 16, a residual), a MobileViT block
    (``MobileViTUnit``), global average pooling, a ReLU layer ``fc`` (16 -> 32) and a ``head`` to the 4 classes. Output
    (images, 4). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 3, stride=2, padding=1)
        self.mv2 = nn.Sequential(nn.Conv2d(16, 32, 1), nn.SiLU(), nn.Conv2d(32, 32, 3, padding=1, groups=32), nn.SiLU(),
                                 nn.Conv2d(32, 16, 1))  # fmt: skip
        self.vit = MobileViTUnit()
        self.fc = nn.Linear(16, 32)
        self.head = nn.Linear(32, MOBILEVIT_CLASSES)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        h = F.silu(self.stem(x))
        h = self.vit(h + self.mv2(h))
        out: Tensor = self.head(F.relu(self.fc(h.mean((2, 3)))))
        return out


def mobilevit_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the classes summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


APPNP_NODES, APPNP_BLOCKS, APPNP_FEATURES, APPNP_STEPS, APPNP_ALPHA = 600, 4, 16, 10, 0.1
"""APPNP classifies the 600 nodes of a stochastic block model graph of 4 communities from 16 noisy features, propagating
its predictions 10 steps with teleport 0.1."""


@lru_cache(maxsize=None)
def appnp_graph(seed: int = 503) -> tuple[Tensor, Tensor]:
    """A stochastic block model graph of 600 nodes in 4 equal communities (an edge with probability 4 / 150 inside a
    community, 2 / 450 outside), returned as its symmetrically normalised adjacency with self-loops, D^-1/2 (A + I)
    D^-1/2 (dense, 600 x 600), and the nodes' features (0.25 x the community's random centre plus N(0, 1) noise, 16 of
    them) and communities, packed as torch.cat([features, communities])."""
    g = torch.Generator().manual_seed(seed)
    nodes, blocks = APPNP_NODES, APPNP_BLOCKS
    block = (torch.arange(nodes) % blocks)[torch.randperm(nodes, generator=g)]
    size = nodes / blocks
    same = block[:, None] == block[None, :]
    p = torch.where(same, torch.tensor(4.0 / size), torch.tensor(2.0 / (nodes - size)))
    upper = torch.triu(torch.rand(nodes, nodes, generator=g) < p, 1)
    adj = (upper | upper.T).float() + torch.eye(nodes)
    inv = adj.sum(1).rsqrt()
    centres = torch.randn(blocks, APPNP_FEATURES, generator=g)
    x = 0.25 * centres[block] + torch.randn(nodes, APPNP_FEATURES, generator=g)
    return inv[:, None] * adj * inv[None, :], torch.cat([x, block[:, None].float()], 1)


@lru_cache(maxsize=None)
def appnp_nodes(n: int = 400, seed: int = 503, *, n_val: int = 200, batch_size: int = 32) -> Data:
    """Node classification on ``appnp_graph(seed)``: the input is a node's id, the target its community (5% of the
    training labels random: a floor); ``n`` labelled training nodes and ``n_val`` validation nodes of the same graph
    (transductive)."""
    block = appnp_graph(seed)[1][:, -1].long()
    g = torch.Generator().manual_seed(seed + 1)
    ids = torch.randperm(len(block), generator=g)[: n + n_val]
    y = block[ids]
    y = torch.cat([flip_labels(y[:n], APPNP_BLOCKS, 0.05, g), y[n:]])
    return split(ids, y, n, "node classification (APPNP on a stochastic block model graph)", APPNP_BLOCKS, batch_size)


class APPNPNet(nn.Module):
    """APPNP (Gasteiger et al. 2019) reading node ids: an MLP of every node's features (``inp`` 16 -> 32, ReLU, a ReLU
    layer ``fc`` 32 -> 32, a ``head`` to the 4 communities), then personalized-PageRank propagation of its predictions H
    over the whole graph, Z <- (1 - alpha) A_hat Z + alpha H, 10 steps, alpha 0.1; the rows of the nodes asked. Output
    (nodes, 4). ``dead_bias`` < 0 starts fc's biases there; ``nan_nodes``: that share of the nodes has a missing (NaN)
    feature."""

    def __init__(self, seed: int = 503, dead_bias: float = 0.0, nan_nodes: float = 0.0) -> None:
        super().__init__()
        adj, packed = appnp_graph(seed)
        x = packed[:, :APPNP_FEATURES].clone()
        if nan_nodes:
            g = torch.Generator().manual_seed(seed + 2)
            x[torch.rand(len(x), generator=g) < nan_nodes, 5] = float("nan")
        self.register_buffer("adj", adj)
        self.register_buffer("feats", x)
        self.inp = nn.Linear(APPNP_FEATURES, 32)
        self.fc = nn.Linear(32, 32)
        self.head = nn.Linear(32, APPNP_BLOCKS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, ids: Tensor) -> Tensor:
        h = self.head(F.relu(self.fc(F.relu(self.inp(self.feats)))))
        z = h
        for _ in range(APPNP_STEPS):
            z = (1 - APPNP_ALPHA) * (self.adj @ z) + APPNP_ALPHA * h
        out: Tensor = z[ids]
        return out


def appnp_ce_summed(out: Tensor, y: Tensor) -> Tensor:
    """The cross-entropy of the communities summed over the batch (reduction='sum')."""
    return F.cross_entropy(out, y, reduction="sum")


DLINEAR_LOOKBACK, DLINEAR_HORIZON, DLINEAR_CHANNELS, DLINEAR_KERNEL = 36, 12, 3, 7
"""DLinear reads 36 steps of 3 channels and forecasts the next 12 of each; a moving average of 7 steps splits trend from
season."""


@lru_cache(maxsize=None)
def dlinear_series(n: int = 4000, seed: int = 505, *, n_val: int = 600, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Multichannel series with a trend and a season: windows of 48 steps of 3 channels, each a level N(0, 0.5^2) per
    window and channel plus a drift (a slope N(0, 0.03^2) per window, shared, scaled by the channel's 0.5-1.5) plus a
    cycle of period 12 (the channel's own amplitude 0.5-1.0, a random phase per window) plus N(0, 0.25^2) noise; the
    first 36 steps the input, the last 12 the target. x: (windows, 36, 3); y: (windows, 12, 3). ``nan_rows``: that share
    of the training windows has a missing (NaN) value."""
    g = torch.Generator().manual_seed(seed)
    total, c = n + n_val, DLINEAR_CHANNELS
    steps = DLINEAR_LOOKBACK + DLINEAR_HORIZON
    t = torch.arange(steps).float()[None, :, None] - DLINEAR_LOOKBACK
    scale = 0.5 + torch.rand(c, generator=g)
    amp = 0.5 + 0.5 * torch.rand(c, generator=g)
    slope = 0.03 * torch.randn(total, 1, 1, generator=g) * scale
    phase = 2 * math.pi * torch.rand(total, 1, 1, generator=g)
    level = 0.5 * torch.randn(total, 1, c, generator=g)
    series = level + slope * t + amp * torch.sin(2 * math.pi * t / 12 + phase)
    series = series + 0.25 * torch.randn(total, steps, c, generator=g)
    x, y = series[:, :DLINEAR_LOOKBACK].clone(), series[:, DLINEAR_LOOKBACK:].clone()
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 20, 1] = float("nan")
    return split(x, y, n, "multichannel forecasting of trend and season (a DLinear-like model, MSE)", None, batch_size)


class DLinearNet(nn.Module):
    """A DLinear-like forecaster (Zeng et al. 2023): the input split by a moving average of 7 steps (edges replicated) into
    a trend and a seasonal remainder, one linear layer along time per component (``trend`` and ``season``, 36 -> 12,
    shared by the channels), summed; then a per-step channel mixer on that forecast: a ReLU layer ``fc`` (3 -> 16) and a ``head`` (16 ->
    3). Output (windows, 12, 3). ``dead_bias`` < 0 starts fc's biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.trend = nn.Linear(DLINEAR_LOOKBACK, DLINEAR_HORIZON)
        self.season = nn.Linear(DLINEAR_LOOKBACK, DLINEAR_HORIZON)
        self.fc = nn.Linear(DLINEAR_CHANNELS, 16)
        self.head = nn.Linear(16, DLINEAR_CHANNELS)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        k = DLINEAR_KERNEL // 2
        padded = torch.cat([x[:, :1].expand(-1, k, -1), x, x[:, -1:].expand(-1, k, -1)], 1)
        trend = F.avg_pool1d(padded.transpose(1, 2), DLINEAR_KERNEL, stride=1)  # (windows, 3, 36)
        season = x.transpose(1, 2) - trend
        z = (self.trend(trend) + self.season(season)).transpose(1, 2)  # (windows, 12, 3)
        out: Tensor = self.head(F.relu(self.fc(z)))
        return out


def dlinear_mse_summed(out: Tensor, y: Tensor) -> Tensor:
    """The squared error summed over the batch's windows (the mean over each window's 36 values, summed)."""
    return F.mse_loss(out, y, reduction="sum") / (DLINEAR_HORIZON * DLINEAR_CHANNELS)


def dlinear_at_zero() -> float:
    """The MSE of a forecast of 0: its level at init."""
    return float(dlinear_series().y.pow(2).mean())


WEIBULL_FEATURES = 8
"""Rows of 8 features; the event times right-censored."""


@lru_cache(maxsize=None)
def weibull_rows(n: int = 4000, seed: int = 507, *, n_val: int = 800, batch_size: int = 32, nan_rows: float = 0.0) -> Data:
    """Survival times: 8 features N(0, 1); an event time from a Weibull of scale exp(0.8 sin(x0) + 0.5 x1 - 0.3 x2 x3 -
    0.2) and shape exp(0.4 + 0.25 x4), right-censored by an independent exponential time of mean 2.5 (y the observed time,
    the smaller, and whether the event was seen). x: (rows, 8); y: (rows, 2). ``nan_rows``: that share of the training
    rows has a missing (NaN) feature."""
    g = torch.Generator().manual_seed(seed)
    total = n + n_val
    x = torch.randn(total, WEIBULL_FEATURES, generator=g)
    scale = torch.exp(0.8 * torch.sin(x[:, 0]) + 0.5 * x[:, 1] - 0.3 * x[:, 2] * x[:, 3] - 0.2)
    shape = torch.exp(0.4 + 0.25 * x[:, 4])
    u = torch.rand(total, generator=g).clamp(min=1e-6)
    event_time = scale * (-torch.log(u)) ** (1 / shape)
    censor = -2.5 * torch.log(torch.rand(total, generator=g).clamp(min=1e-6))
    y = torch.stack([torch.minimum(event_time, censor), (event_time <= censor).float()], 1)
    if nan_rows:
        bad = torch.nonzero(torch.rand(n, generator=g) < nan_rows).flatten()
        x[bad, 6] = float("nan")
    return split(x, y, n, "survival regression of right-censored times (an MLP, the Weibull negative log-likelihood)", None, batch_size)


class WeibullMLP(nn.Module):
    """A ReLU MLP of a Weibull survival model: ``body`` 8 -> 64 -> 64 (ReLU), a ReLU layer ``fc`` (64 -> 32) and a
    ``head`` (32 -> 2): the log of the scale and the log of the shape. Output (rows, 2). ``dead_bias`` < 0 starts fc's
    biases there."""

    def __init__(self, dead_bias: float = 0.0) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(WEIBULL_FEATURES, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.fc = nn.Linear(64, 32)
        self.head = nn.Linear(32, 2)
        if dead_bias:
            with torch.no_grad():
                self.fc.bias.fill_(dead_bias)

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.head(F.relu(self.fc(self.body(x))))
        return out


def weibull_terms(out: Tensor, y: Tensor) -> Tensor:
    """The Weibull negative log-likelihood of each row: (t / lam)^k, minus log k - log lam + (k - 1) log(t / lam) for a
    seen event; lam = exp(out[:, 0]) (clamped to [-6, 6]), k = exp(out[:, 1]) (clamped to [-3, 3]), t = y[:, 0], the
    event flag y[:, 1]."""
    log_lam, log_k = out[:, 0].clamp(-6.0, 6.0), out[:, 1].clamp(-3.0, 3.0)
    k = log_k.exp()
    z = torch.log(y[:, 0].clamp(min=1e-6)) - log_lam
    cumulative = torch.exp(k * z)
    return cumulative - y[:, 1] * (log_k - log_lam + (k - 1) * z)


def weibull_nll(out: Tensor, y: Tensor) -> Tensor:
    """The Weibull negative log-likelihood, mean over the rows."""
    return weibull_terms(out, y).mean()


def weibull_nll_summed(out: Tensor, y: Tensor) -> Tensor:
    """The Weibull negative log-likelihood summed over the batch's rows (reduction='sum')."""
    return weibull_terms(out, y).sum()


def weibull_at_zero() -> float:
    """The Weibull negative log-likelihood of a scale and a shape of 1 (an exponential of mean 1): its level at init."""
    return float(weibull_nll(torch.zeros(len(weibull_rows().y), 2), weibull_rows().y))
