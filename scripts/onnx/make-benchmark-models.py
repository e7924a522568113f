#!/usr/bin/env python3
"""Writes GRUs of 64, 128 and 256 units twice, as torch.onnx.export writes nn.GRU (ONNX GRU node,
gates z|r|h, linear_before_reset = 1) and as PyTorch's weights (.npz of weight_ih_l0, ...), for
Benchmarks/onnx.sh: the same network analysed through ONNX and through `--cell gru`.

    python3 -m venv /tmp/onnx-env && /tmp/onnx-env/bin/pip install onnx numpy
    /tmp/onnx-env/bin/python scripts/onnx/make-benchmark-models.py /tmp/onnx-benchmark
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper, save


def gru_models(folder, hidden, inputs=3, seed=0):
    rng = np.random.default_rng(seed + hidden)
    s = 1 / np.sqrt(hidden)
    w_ih = rng.uniform(-s, s, (3 * hidden, inputs)).astype(np.float32)
    w_hh = rng.uniform(-3 * s, 3 * s, (3 * hidden, hidden)).astype(np.float32)
    b_ih = rng.uniform(-s, s, 3 * hidden).astype(np.float32)
    b_hh = rng.uniform(-s, s, 3 * hidden).astype(np.float32)
    np.savez(os.path.join(folder, f"gru-{hidden}.npz"), weight_ih_l0=w_ih, weight_hh_l0=w_hh, bias_ih_l0=b_ih, bias_hh_l0=b_hh)
    # PyTorch stacks r|z|n; ONNX stacks z|r|h.
    order = lambda m: np.concatenate([m[hidden:2 * hidden], m[:hidden], m[2 * hidden:]])
    W, R = order(w_ih)[None], order(w_hh)[None]
    B = np.concatenate([order(b_ih), order(b_hh)])[None]
    nodes = [helper.make_node("Reshape", ["u", "xshape"], ["X"]), helper.make_node("Reshape", ["h", "hshape"], ["h0"]),
             helper.make_node("GRU", ["X", "W", "R", "B", "", "h0"], ["Y", "Yh"], hidden_size=hidden, linear_before_reset=1),
             helper.make_node("Reshape", ["Yh", "flat"], ["next"])]
    inits = [numpy_helper.from_array(a, n) for a, n in [(W, "W"), (R, "R"), (B, "B")]]
    inits += [numpy_helper.from_array(np.asarray(v, dtype=np.int64), n) for v, n in [([1, 1, inputs], "xshape"), ([1, 1, hidden], "hshape"), ([hidden], "flat")]]
    graph = helper.make_graph(nodes, "gru", [helper.make_tensor_value_info("h", TensorProto.FLOAT, [hidden]),
                                             helper.make_tensor_value_info("u", TensorProto.FLOAT, [inputs])],
                              [helper.make_tensor_value_info("next", TensorProto.FLOAT, [hidden])], initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    save(model, os.path.join(folder, f"gru-{hidden}.onnx"))


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp/onnx-benchmark"
    os.makedirs(folder, exist_ok=True)
    for hidden in (64, 128, 256):
        gru_models(folder, hidden)
    print(f"wrote {folder}")
