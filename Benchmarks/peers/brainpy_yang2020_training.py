# Peer for the Yang 2020 training benchmark: the BrainPy tutorial's training loop (ReLU RNN, 64 hidden
# units, Adam lr 1e-3, 20 epochs of 64 batches of 16 trials from brainpy_datasets'
# RatePerceptualDecisionMaking), timed end to end including JIT and data generation, as the tutorial
# runs it (with the tutorial's frozen Adam bias correction, which costs the same as standard Adam).
# Run in the throwaway peer environment of shared/reference/peer-python.md:
#   /tmp/peer/bin/python Benchmarks/peers/brainpy_yang2020_training.py [repeats]
import sys
import time

import brainpy as bp
import brainpy.math as bm
import brainpy_datasets as bd
import numpy as np

bm.set_platform('cpu')


class RNN(bp.DynamicalSystemNS):
  def __init__(self, num_input, num_hidden, num_output, num_batch, seed):
    super().__init__()
    self.rng = bm.random.RandomState(seed)
    self.alpha = 1.0
    init = bp.init.KaimingNormal(scale=1.)
    self.w_ir = bm.TrainVar(bp.init.parameter(init, (num_input, num_hidden)))
    self.w_rr = bm.TrainVar(bp.init.parameter(init, (num_hidden, num_hidden)))
    self.b_rr = bm.TrainVar(self.rng.uniform(-1 / num_hidden ** 0.5, 1 / num_hidden ** 0.5, num_hidden))
    self.w_ro = bm.TrainVar(bp.init.parameter(init, (num_hidden, num_output)))
    self.b_ro = bm.TrainVar(self.rng.uniform(-1 / num_hidden ** 0.5, 1 / num_hidden ** 0.5, num_output))
    self.h = bm.Variable(bm.zeros((num_batch, num_hidden)))
    self.o = bm.Variable(bm.zeros((num_batch, num_output)))

  def cell(self, x, h):
    ha = x @ self.w_ir + h @ self.w_rr + self.b_rr
    return (1 - self.alpha) * h + self.alpha * bm.relu(ha)

  def update(self, x):
    self.h.value = self.cell(x, self.h.value)
    self.o.value = self.h.value @ self.w_ro + self.b_ro
    return self.h.value, self.o.value

  def predict(self, xs):
    self.h[:] = 0.
    return bm.for_loop(self.update, xs)

  def loss(self, xs, ys):
    hs, os = self.predict(xs)
    os = os.reshape((-1, os.shape[-1]))
    return bp.losses.cross_entropy_loss(os, ys.flatten()), os


def train_once(seed):
  """Trains a fresh network for 20 epochs: (seconds, epoch-20 accuracy, network, task)."""
  start = time.perf_counter()
  task = bd.cognitive.RatePerceptualDecisionMaking(dt=100., t_fixation=100., t_stimulus=2000.,
                                                   t_decision=100., num_trial=64 * 16, seed=seed)
  loader = bd.cognitive.TaskLoader(task, batch_size=16, data_first_axis='T')
  net = RNN(task.num_inputs, 64, task.num_outputs, 16, seed)
  opt = bp.optim.Adam(lr=1e-3, train_vars=net.train_vars().unique())
  grad_f = bm.grad(net.loss, grad_vars=net.train_vars().unique(), return_value=True, has_aux=True)

  @bm.jit
  def train(xs, ys):
    grads, loss, os = grad_f(xs, ys)
    opt.update(grads)
    return loss, os

  accuracy = 0.0
  for epoch in range(20):
    accuracies = []
    for x, y in loader:
      x = bm.asarray(x, dtype=bm.float32)
      y = bm.asarray(y)
      loss, os = train(x, y)
      labels = np.asarray(y).flatten()
      decided = labels > 0
      choices = np.argmax(np.asarray(os), axis=-1)
      accuracies.append(np.mean(choices[decided] == labels[decided]))
    accuracy = float(np.mean(accuracies))
  return time.perf_counter() - start, accuracy, net, task


if __name__ == '__main__':
  repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
  times = []
  for seed in range(1, repeats + 1):
    seconds, accuracy, _, _ = train_once(seed)
    times.append(seconds)
    print(f'BrainPy training, seed {seed}: {seconds:.3f} s, epoch-20 accuracy {accuracy:.3f}', flush=True)
  print(f'BrainPy training: median {np.median(times):.3f} s over {repeats} runs')
