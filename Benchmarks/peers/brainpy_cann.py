"""BrainPy's CANN1D slow-point search, the peer of `./Benchmarks/run.sh cann`.

Runs the model and protocol of BrainPy's examples/dynamics_analysis/highdim_CANN.py (512 units,
k = 0.1, a = 0.5, A = 20, J0 = 4, tau = 1; 629 bump candidates arange(-pi, pi, 0.01) plus N(0, 0.01)
noise; Adam with exponential decay (0.2, 1, 0.999), tolerance 1e-7, then filter_loss(1e-7) and
keep_unique(5e-3)), times the gradient search, and checks the kept points in float64: the largest
||f|| among them, how many exceed 1e-3, and how many meet swift-dynamics' certificate.

Install the peer in a throwaway environment (never a dependency of the project):
    python3 -m venv .venv-peer
    .venv-peer/bin/pip install brainpy==2.4.3 brainpy_datasets==0.0.0.6 jax==0.4.13 jaxlib==0.4.13 \
        numpy==1.25.2 scipy==1.11.4 ml_dtypes==0.2.0 numba==0.58.1 six scikit-learn
Run: .venv-peer/bin/python Benchmarks/peers/brainpy_cann.py
"""
import time

import numpy as np
import brainpy as bp
import brainpy.math as bm

bm.set_platform('cpu')


class CANN1D(bp.NeuGroup):
    def __init__(self, num, tau=1., k=8.1, a=0.5, A=10., J0=4., z_min=-bm.pi, z_max=bm.pi, **kwargs):
        super().__init__(size=num, **kwargs)
        self.tau, self.k, self.a, self.A, self.J0 = tau, k, a, A, J0
        self.z_min, self.z_max = z_min, z_max
        self.z_range = z_max - z_min
        self.x = bm.linspace(z_min, z_max, num)
        self.u = bm.Variable(bm.zeros(num))
        self.input = bm.Variable(bm.zeros(num))
        self.conn_mat = self.make_conn(self.x)
        self.integral = bp.odeint(self.derivative)

    def derivative(self, u, t, Iext):
        r1 = bm.square(u)
        r = r1 / (1.0 + self.k * bm.sum(r1))
        return (-u + bm.dot(self.conn_mat, r) + Iext) / self.tau

    def dist(self, d):
        d = bm.remainder(d, self.z_range)
        return bm.where(d > 0.5 * self.z_range, d - self.z_range, d)

    def make_conn(self, x):
        d = self.dist(bm.reshape(x, (-1, 1)) - bm.repeat(x.reshape((1, -1)), len(x), axis=0))
        return self.J0 * bm.exp(-0.5 * bm.square(d / self.a)) / (bm.sqrt(2 * bm.pi) * self.a)

    def get_stimulus_by_pos(self, pos):
        return self.A * bm.exp(-0.25 * bm.square(self.dist(self.x - pos) / self.a))

    def update(self, tdi):
        self.u.value = self.integral(self.u, tdi.get('t'), self.input, tdi.get('dt'))
        self.input[:] = 0.


def main():
    cann = CANN1D(num=512, k=0.1, a=0.5, A=20)
    candidates = cann.get_stimulus_by_pos(bm.arange(-bm.pi, bm.pi, 0.01).reshape((-1, 1)))
    candidates += bm.random.normal(0., 0.01, candidates.shape)
    finder = bp.analysis.SlowPointFinder(f_cell=cann, target_vars={'u': cann.u}, dt=1.)
    start = time.perf_counter()
    finder.find_fps_with_gd_method(candidates={'u': candidates}, tolerance=1e-7, num_batch=200,
                                   optimizer=bp.optim.Adam(lr=bp.optim.ExponentialDecay(0.2, 1, 0.999)))
    search = time.perf_counter() - start
    finder.filter_loss(1e-7)
    start = time.perf_counter()
    finder.keep_unique(5e-3)
    unique = time.perf_counter() - start
    kept = np.asarray(finder.fixed_points['u'], dtype=np.float64)
    conn = np.asarray(cann.conn_mat, dtype=np.float64)
    speeds = []
    for u in kept:
        r1 = u * u
        f = -u + conn @ (r1 / (1 + 0.1 * r1.sum()))
        speeds.append(np.linalg.norm(f))
    speeds = np.array(speeds)
    print(f"gradient search {search:.1f} s, keep_unique {unique:.2f} s, kept {len(kept)} of {len(candidates)}")
    print(f"float64 ||f|| over kept points: max {speeds.max():.2e}, {int((speeds > 1e-3).sum())} above 1e-3, "
          f"{int((speeds <= 1e-10 * np.maximum(1, np.linalg.norm(kept, axis=1))).sum())} meet the certificate 1e-10 max(1, ||u||)")


if __name__ == '__main__':
    main()
