"""BrainPy's SlowPointFinder on a PyTorch-layout GRU or LSTM: the peer of `dynamics analyze --cell gru|lstm`.

Runs brainpy.analysis.SlowPointFinder (JAX, float32, jitted and vectorised over candidates) with the
tutorial's protocol (Adam lr 1e-3, chunks of 200 steps, at most 10,000, early stop below tolerance
1e-4, then filter_loss(1e-4)) on the cell whose weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0 are
.npy files in WEIGHTS, from the candidates in CANDIDATES (the candidates.npy that `dynamics analyze`
wrote), at the input 1, 0.5, 0.5, and prints the time of the gradient search and how many points it
keeps. The LSTM state is [h; c], as in `dynamics`.

Install the peer in a throwaway environment (shared/reference/peer-python.md); never a dependency.
Run: .venv-peer/bin/python Benchmarks/peers/brainpy_cell.py gru|lstm WEIGHTS CANDIDATES
"""
import sys
import time

import numpy as np
import brainpy as bp
import brainpy.math as bm
import jax.numpy as jnp

bm.set_platform('cpu')


def sigmoid(x):
    return 1 / (1 + jnp.exp(-x))


def main(kind, weights, candidates_path):
    w_ih = jnp.asarray(np.load(f"{weights}/weight_ih_l0.npy"), dtype=jnp.float32)
    w_hh = jnp.asarray(np.load(f"{weights}/weight_hh_l0.npy"), dtype=jnp.float32)
    b_ih = jnp.asarray(np.load(f"{weights}/bias_ih_l0.npy"), dtype=jnp.float32)
    b_hh = jnp.asarray(np.load(f"{weights}/bias_hh_l0.npy"), dtype=jnp.float32)
    u = jnp.asarray([1.0, 0.5, 0.5], dtype=jnp.float32)
    hidden = w_hh.shape[1]

    def gru(h):
        gi = w_ih @ u + b_ih
        gh = w_hh @ h + b_hh
        r = sigmoid(gi[:hidden] + gh[:hidden])
        z = sigmoid(gi[hidden:2 * hidden] + gh[hidden:2 * hidden])
        n = jnp.tanh(gi[2 * hidden:] + r * gh[2 * hidden:])
        return (1 - z) * n + z * h

    def lstm(state):
        h, c = state[:hidden], state[hidden:]
        g = w_ih @ u + b_ih + w_hh @ h + b_hh
        i, f = sigmoid(g[:hidden]), sigmoid(g[hidden:2 * hidden])
        cell, o = jnp.tanh(g[2 * hidden:3 * hidden]), sigmoid(g[3 * hidden:])
        c_next = f * c + i * cell
        return jnp.concatenate([o * jnp.tanh(c_next), c_next])

    candidates = np.load(candidates_path).astype(np.float32)
    finder = bp.analysis.SlowPointFinder(f_cell=gru if kind == 'gru' else lstm, f_type='discrete')
    start = time.perf_counter()
    finder.find_fps_with_gd_method(candidates=candidates, tolerance=1e-4, num_batch=200, num_opt=10000,
                                   optimizer=bp.optim.Adam(lr=1e-3))
    search = time.perf_counter() - start
    finder.filter_loss(1e-4)
    print(f"{kind} H = {hidden}: gradient search {search:.2f} s on {len(candidates)} candidates, {len(finder.fixed_points)} kept")


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3])
