# Peer for the whole Yang 2020 run: the BrainPy tutorial "(Yang, 2020): Dynamical system analysis for
# RNN" end to end as one script (training as in brainpy_yang2020_training.py, 100 fresh trials of
# activity, PCA with 2 components, SlowPointFinder with Adam lr 1e-3 for 10,000 steps in chunks of 200
# at tolerance 1e-4, filter_loss(1e-4), keep_unique(0.03), exclude_outliers(0.1), Jacobians of the kept
# points and their eigenvalues), timed from the first import, figures left out. Run in the throwaway
# peer environment of shared/reference/peer-python.md:
#   /tmp/peer/bin/python Benchmarks/peers/brainpy_yang2020_tutorial.py [seed]
import time

start = time.perf_counter()
import sys

import brainpy as bp
import brainpy.math as bm
import brainpy_datasets as bd
import numpy as np
from sklearn.decomposition import PCA

sys.path.insert(0, __file__.rsplit('/', 1)[0])
from brainpy_yang2020_training import RNN, train_once  # noqa: E402

bm.set_platform('cpu')


def main(seed):
  _, _, net, task = train_once(seed)
  trained = time.perf_counter()

  # Activity of 100 fresh trials, (22, 100, 64) -> (2200, 64), row = t·100 + trial.
  trials = bd.cognitive.TaskLoader(task, batch_size=100, data_first_axis='T')
  inputs, _ = next(iter(trials))
  analysis_net = RNN(task.num_inputs, 64, task.num_outputs, 100, seed)
  trained_vars = list(net.train_vars().unique().values())
  analysis_vars = list(analysis_net.train_vars().unique().values())
  assert len(trained_vars) == len(analysis_vars) == 5
  for source, target in zip(trained_vars, analysis_vars):
    target.value = source.value
  hs, _ = bm.jit(analysis_net.predict)(bm.asarray(inputs, dtype=bm.float32))
  activity = np.asarray(hs).reshape(-1, 64)
  PCA(n_components=2).fit(activity)

  fixed_input = bm.asarray([1, 0.5, 0.5], dtype=bm.float32)
  finder = bp.analysis.SlowPointFinder(f_cell=lambda h: analysis_net.cell(fixed_input, h), f_type='discrete')
  finder.find_fps_with_gd_method(candidates=bm.asarray(activity), tolerance=1e-4, num_batch=200, num_opt=10000,
                                 optimizer=bp.optim.Adam(lr=1e-3))
  searched = time.perf_counter()
  finder.filter_loss(1e-4)
  finder.keep_unique(tolerance=0.03)
  finder.exclude_outliers(0.1)
  kept = finder.fixed_points
  if len(kept):
    jacobians = finder.compute_jacobians(kept)
    np.linalg.eigvals(np.asarray(jacobians))
  end = time.perf_counter()
  print(f'BrainPy tutorial, seed {seed}: {len(kept)} kept points; training {trained - start:.2f} s '
        f'(imports included), search {searched - trained:.2f} s, filters and Jacobians {end - searched:.2f} s, '
        f'whole script {end - start:.2f} s', flush=True)


if __name__ == '__main__':
  main(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
