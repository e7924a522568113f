#!/usr/bin/env python3
"""Writes the ONNX test fixtures of Tests/DynamicsONNXTests/Fixtures and their expected values.

Run it in a throwaway virtual environment; onnx and numpy are never dependencies of the package:

    python3 -m venv /tmp/onnx-env && /tmp/onnx-env/bin/pip install onnx numpy
    /tmp/onnx-env/bin/python scripts/onnx/make-fixtures.py Tests/DynamicsONNXTests/Fixtures

Three kinds of fixture:
- operators/: one small float64 graph per supported operator (several for the recurrent ones), with
  the ONNX reference evaluator's outputs at seeded random states and inputs (operators.json);
- families/: recurrent models of the kinds people analyse, with float32 weights, and their fixed
  points and spectra found by Newton's method in float64 NumPy from many seeded starts (families.json);
  the NumPy step of each family is checked against the reference evaluator first;
- malformed/: files the reader must refuse, each with the words its error must contain (malformed.json).
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnx.reference import ReferenceEvaluator

OPSET = 17
DOUBLE = TensorProto.DOUBLE
FLOAT = TensorProto.FLOAT


def model(nodes, inputs, outputs, initializers=(), opset=OPSET, elem=DOUBLE):
    """A model from nodes; inputs and outputs are (name, shape) pairs."""
    graph = helper.make_graph(
        nodes, "step",
        [helper.make_tensor_value_info(name, elem, shape) for name, shape in inputs],
        [helper.make_tensor_value_info(name, elem, shape) for name, shape in outputs],
        initializer=list(initializers))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="swift-dynamics fixtures")
    m.ir_version = 8
    return m


def const(name, array, dtype=np.float64):
    return numpy_helper.from_array(np.asarray(array, dtype=dtype), name)


def ints(name, values):
    return numpy_helper.from_array(np.asarray(values, dtype=np.int64), name)


# ----------------------------------------------------------------------------------------------------
# Operators: x (state, n values) and optionally u (input) in, y (n values) out.

def operator_models(rng):
    n = 6
    w = rng.normal(size=(n, n))
    models = {}

    def unary(op, **attrs):
        return model([helper.make_node(op, ["x"], ["y"], **attrs)], [("x", [n])], [("y", [n])])

    for op in ["Identity", "Neg", "Tanh", "Sigmoid", "Relu", "Exp", "Abs", "Softsign", "Softplus"]:
        models[op.lower()] = unary(op)
    models["leakyrelu"] = unary("LeakyRelu", alpha=0.3)
    models["elu"] = unary("Elu", alpha=0.7)
    models["hardsigmoid"] = unary("HardSigmoid", alpha=0.3, beta=0.4)
    # Log, Sqrt and Reciprocal on positive values: through Softplus first.
    for op in ["Log", "Sqrt", "Reciprocal"]:
        models[op.lower()] = model(
            [helper.make_node("Softplus", ["x"], ["p"]), helper.make_node(op, ["p"], ["y"])], [("x", [n])], [("y", [n])])
    models["pow"] = model(
        [helper.make_node("Pow", ["x", "three"], ["c"]), helper.make_node("Softplus", ["x"], ["p"]),
         helper.make_node("Pow", ["p", "half"], ["s"]), helper.make_node("Add", ["c", "s"], ["y"])],
        [("x", [n])], [("y", [n])], [const("three", 3.0), const("half", [0.5])])
    models["clip"] = model([helper.make_node("Clip", ["x", "lo", "hi"], ["y"])], [("x", [n])], [("y", [n])],
                           [const("lo", -0.5), const("hi", 0.8)])
    models["clip-max-only"] = model([helper.make_node("Clip", ["x", "", "hi"], ["y"])], [("x", [n])], [("y", [n])], [const("hi", 0.3)])
    models["cast"] = model([helper.make_node("Cast", ["x"], ["y"], to=DOUBLE)], [("x", [n])], [("y", [n])])
    for op in ["Add", "Sub", "Mul", "Div"]:
        models[op.lower()] = model(
            [helper.make_node("Reshape", ["x", "rows"], ["x2"]), helper.make_node(op, ["x2", "c"], ["t"]),
             helper.make_node(op, ["t", "s"], ["t2"]), helper.make_node("Reshape", ["t2", "flat"], ["y"])],
            [("x", [n])], [("y", [n])],
            [ints("rows", [2, n // 2]), ints("flat", [n]), const("c", rng.uniform(0.5, 1.5, size=(1, n // 2))), const("s", 1.7)])
    models["mul-state"] = model([helper.make_node("Mul", ["x", "x"], ["y"])], [("x", [n])], [("y", [n])])
    models["div-state"] = model(
        [helper.make_node("Softplus", ["x"], ["p"]), helper.make_node("Div", ["x", "p"], ["y"])], [("x", [n])], [("y", [n])])
    models["constant"] = model(
        [helper.make_node("Constant", [], ["c"], value=helper.make_tensor("v", DOUBLE, [n], rng.normal(size=n))),
         helper.make_node("Constant", [], ["f32"], value_float=0.25), helper.make_node("Cast", ["f32"], ["f"], to=DOUBLE),
         helper.make_node("Mul", ["x", "f"], ["xf"]), helper.make_node("Add", ["xf", "c"], ["y"])], [("x", [n])], [("y", [n])])
    models["matmul"] = model([helper.make_node("MatMul", ["x", "w"], ["y"])], [("x", [1, n])], [("y", [1, n])], [const("w", w)])
    models["matmul-left"] = model([helper.make_node("MatMul", ["w", "x"], ["y"])], [("x", [n])], [("y", [n])], [const("w", w)])
    models["matmul-batched"] = model(
        [helper.make_node("Reshape", ["x", "shape"], ["x3"]), helper.make_node("MatMul", ["x3", "w"], ["p"]),
         helper.make_node("Reshape", ["p", "flat"], ["y"])],
        [("x", [n])], [("y", [n])], [ints("shape", [2, 1, 3]), const("w", rng.normal(size=(2, 3, 3))), ints("flat", [n])])
    models["gemm"] = model(
        [helper.make_node("Gemm", ["x", "w", "c"], ["y"], transB=1, alpha=0.7, beta=1.3)],
        [("x", [1, n])], [("y", [1, n])], [const("w", w), const("c", rng.normal(size=n))])
    models["gemm-transA"] = model(
        [helper.make_node("Gemm", ["x", "w"], ["y"], transA=1)], [("x", [n, 1])], [("y", [1, n])], [const("w", w)])
    models["reducesum"] = model(
        [helper.make_node("Reshape", ["x", "rows"], ["x2"]), helper.make_node("ReduceSum", ["x2", "axes"], ["s"], keepdims=1),
         helper.make_node("Mul", ["x2", "s"], ["p"]), helper.make_node("Reshape", ["p", "flat"], ["y"])],
        [("x", [n])], [("y", [n])], [ints("rows", [2, n // 2]), ints("axes", [0]), ints("flat", [n])])
    models["reducemean"] = model(
        [helper.make_node("ReduceMean", ["x"], ["m"], keepdims=0), helper.make_node("Sub", ["x", "m"], ["y"])],
        [("x", [n])], [("y", [n])], opset=17)
    models["concat-split"] = model(
        [helper.make_node("Split", ["x", "sizes"], ["a", "b"], axis=0), helper.make_node("Tanh", ["a"], ["ta"]),
         helper.make_node("Concat", ["b", "ta"], ["y"], axis=0)],
        [("x", [n])], [("y", [n])], [ints("sizes", [2, n - 2])])
    models["split-equal"] = model(
        [helper.make_node("Split", ["x"], ["a", "b", "c"], axis=0, num_outputs=3), helper.make_node("Concat", ["c", "a", "b"], ["y"], axis=0)],
        [("x", [n])], [("y", [n])], opset=18)
    models["slice"] = model(
        [helper.make_node("Slice", ["x", "starts", "ends", "axes", "steps"], ["y"])], [("x", [n])], [("y", [n])],
        [ints("starts", [-1]), ints("ends", [-(2 ** 63)]), ints("axes", [0]), ints("steps", [-1])])
    models["slice-2d"] = model(
        [helper.make_node("Reshape", ["x", "rows"], ["x2"]), helper.make_node("Slice", ["x2", "s", "e", "a"], ["t"]),
         helper.make_node("Concat", ["t", "x2"], ["c"], axis=1), helper.make_node("Slice", ["c", "s2", "e2", "a"], ["u"]),
         helper.make_node("Reshape", ["u", "flat"], ["y"])],
        [("x", [n])], [("y", [n])],
        [ints("rows", [2, 3]), ints("s", [1]), ints("e", [2 ** 63 - 1]), ints("a", [1]), ints("s2", [0]), ints("e2", [3]), ints("flat", [n])])
    models["gather"] = model(
        [helper.make_node("Gather", ["x", "idx"], ["y"], axis=0)], [("x", [n])], [("y", [n])], [ints("idx", [5, 0, -2, 1, 1, 3])])
    models["gather-2d"] = model(
        [helper.make_node("Reshape", ["x", "rows"], ["x2"]), helper.make_node("Gather", ["x2", "idx"], ["g"], axis=1),
         helper.make_node("Reshape", ["g", "flat"], ["y"])],
        [("x", [n])], [("y", [n])], [ints("rows", [3, 2]), ints("idx", [[1], [0]]), ints("flat", [n])])
    models["transpose"] = model(
        [helper.make_node("Reshape", ["x", "shape"], ["x3"]), helper.make_node("Transpose", ["x3"], ["t"], perm=[2, 0, 1]),
         helper.make_node("Flatten", ["t"], ["f"], axis=0), helper.make_node("Squeeze", ["f", "zero"], ["y"])],
        [("x", [n])], [("y", [n])], [ints("shape", [1, 2, 3]), ints("zero", [0])])
    models["unsqueeze-squeeze"] = model(
        [helper.make_node("Unsqueeze", ["x", "axes"], ["u"]), helper.make_node("Sigmoid", ["u"], ["s"]),
         helper.make_node("Squeeze", ["s"], ["y"])],
        [("x", [n])], [("y", [n])], [ints("axes", [0, 2])])
    models["shape-reshape"] = model(
        [helper.make_node("Reshape", ["x", "rows"], ["x2"]), helper.make_node("Shape", ["x2"], ["s"]),
         helper.make_node("Cast", ["s"], ["sf"], to=TensorProto.INT64), helper.make_node("Gather", ["sf", "zs"], ["d0"], axis=0),
         helper.make_node("Mul", ["d0", "three"], ["count"]), helper.make_node("Unsqueeze", ["count", "zero"], ["shape"]),
         helper.make_node("Reshape", ["x2", "shape"], ["y"])],
        [("x", [n])], [("y", [n])], [ints("rows", [2, 3]), ints("zero", [0]), ints("zs", 0), ints("three", 3)])
    models["expand"] = model(
        [helper.make_node("ReduceSum", ["x"], ["s"], keepdims=1), helper.make_node("Expand", ["s", "shape"], ["e"]),
         helper.make_node("Sub", ["x", "e"], ["y"])],
        [("x", [n])], [("y", [n])], [ints("shape", [n])])
    # Recurrent operators: state h (H), input u (I); torch.onnx.export's shapes [1, 1, ·].
    H, I = 5, 3
    models["rnn"] = recurrent_model("RNN", H, I, 1, rng)
    models["gru"] = recurrent_model("GRU", H, I, 3, rng, linear_before_reset=0)
    models["gru-linear-before-reset"] = recurrent_model("GRU", H, I, 3, rng, linear_before_reset=1)
    models["gru-bidirectional"] = recurrent_model("GRU", H, I, 3, rng, linear_before_reset=1, directions=2)
    models["lstm"] = recurrent_model("LSTM", H, I, 4, rng)
    models["lstm-peepholes"] = recurrent_model("LSTM", H, I, 4, rng, peepholes=True)
    return models


def recurrent_model(op, H, I, gates, rng, linear_before_reset=None, directions=1, peepholes=False):
    """One step of an ONNX recurrent operator; the state is h (or [h; c] for LSTM) flattened."""
    lstm = op == "LSTM"
    n = directions * H * (2 if lstm else 1)
    scale = 1 / np.sqrt(H)
    inits = [const("W", rng.uniform(-scale, scale, (directions, gates * H, I))),
             const("R", rng.uniform(-2 * scale, 2 * scale, (directions, gates * H, H))),
             const("B", rng.uniform(-scale, scale, (directions, 2 * gates * H))),
             ints("xshape", [1, 1, I]), ints("hshape", [directions, 1, H]), ints("flat", [-1])]
    nodes = [helper.make_node("Reshape", ["u", "xshape"], ["X"])]
    rec_inputs = ["X", "W", "R", "B", "", "h0"]
    if lstm:
        inits += [ints("hsize", [directions * H, directions * H])]
        nodes += [helper.make_node("Split", ["x", "hsize"], ["hflat", "cflat"], axis=0),
                  helper.make_node("Reshape", ["hflat", "hshape"], ["h0"]), helper.make_node("Reshape", ["cflat", "hshape"], ["c0"])]
        rec_inputs += ["c0"]
        if peepholes:
            inits.append(const("P", rng.uniform(-scale, scale, (directions, 3 * H))))
            rec_inputs += ["P"]
    else:
        nodes.append(helper.make_node("Reshape", ["x", "hshape"], ["h0"]))
    attrs = {"hidden_size": H}
    if linear_before_reset is not None:
        attrs["linear_before_reset"] = linear_before_reset
    if directions == 2:
        attrs["direction"] = "bidirectional"
    outs = ["Y", "Yh"] + (["Yc"] if lstm else [])
    nodes.append(helper.make_node(op, rec_inputs, outs, **attrs))
    if lstm:
        nodes += [helper.make_node("Reshape", ["Yh", "flat"], ["hf"]), helper.make_node("Reshape", ["Yc", "flat"], ["cf"]),
                  helper.make_node("Concat", ["hf", "cf"], ["y"], axis=0)]
    else:
        nodes.append(helper.make_node("Reshape", ["Yh", "flat"], ["y"]))
    return model(nodes, [("x", [n]), ("u", [I])], [("y", [n])], inits)


def write_operators(folder, rng):
    os.makedirs(os.path.join(folder, "operators"), exist_ok=True)
    expected = {}
    for name, m in operator_models(rng).items():
        try:
            onnx.checker.check_model(m, full_check=True)
        except Exception as error:
            raise SystemExit(f"{name}: {error}")
        path = f"operators/{name}.onnx"
        onnx.save(m, os.path.join(folder, path))
        evaluator = ReferenceEvaluator(m)
        inputs = m.graph.input
        cases = []
        for _ in range(4):
            feed = {}
            for value in inputs:
                shape = [d.dim_value for d in value.type.tensor_type.shape.dim]
                feed[value.name] = rng.normal(scale=1.2, size=shape)
            (y,) = evaluator.run(["y"], feed)[:1]
            cases.append({"state": feed["x"].ravel().tolist(), "input": feed["u"].ravel().tolist() if "u" in feed else [],
                          "output": np.asarray(y, dtype=np.float64).ravel().tolist()})
        expected[path] = cases
    with open(os.path.join(folder, "operators.json"), "w") as f:
        json.dump(expected, f, indent=1)


# ----------------------------------------------------------------------------------------------------
# Model families with float32 weights; truth by float64 NumPy.

def softplus(x):
    return np.logaddexp(0, x)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def family_models(rng):
    """(name, model, numpy step F(x, u) in float64 from the float32 weights, input, is_flow)."""
    families = []
    f32 = lambda a: np.asarray(a, dtype=np.float32)

    # Leaky rate RNN with softplus (Yang et al. 2019): h' = (1 − α)h + α·softplus(W_rec h + W_in u + b).
    H, I, alpha = 32, 3, 0.2
    w_rec = f32(rng.normal(scale=0.9 / np.sqrt(H), size=(H, H))); w_in = f32(rng.normal(size=(H, I))); b = f32(rng.normal(scale=0.3, size=H))
    m = model(
        [helper.make_node("MatMul", ["W_rec", "h"], ["r"]), helper.make_node("MatMul", ["W_in", "u"], ["i"]),
         helper.make_node("Add", ["r", "i"], ["s"]), helper.make_node("Add", ["s", "b"], ["pre"]),
         helper.make_node("Softplus", ["pre"], ["act"]), helper.make_node("Mul", ["act", "alpha"], ["a"]),
         helper.make_node("Mul", ["h", "keep"], ["k"]), helper.make_node("Add", ["k", "a"], ["next"])],
        [("h", [H]), ("u", [I])], [("next", [H])],
        [const("W_rec", w_rec, np.float32), const("W_in", w_in, np.float32), const("b", b, np.float32),
         const("alpha", alpha, np.float32), const("keep", 1 - alpha, np.float32)], elem=FLOAT)
    wr, wi, bb = (np.float64(a) for a in (w_rec, w_in, b))
    a32 = float(np.float32(alpha)); k32 = float(np.float32(1 - alpha))
    families.append(("rate-softplus", m, lambda h, u: k32 * h + a32 * softplus(wr @ h + wi @ u + bb), [0.5, -0.2, 0.1], False))

    # Low-rank RNN as a flow (Mastrogiuseppe & Ostojic): dx/dt = −x + (m nᵀ/N) tanh(x) + I u, rank 2.
    N = 64
    mvec = f32(rng.normal(size=(N, 2))); nvec = f32(rng.normal(size=(2, N)) * 0.5 + 2.2 * mvec.T); iv = f32(rng.normal(size=(N, 1)))
    m = model(
        [helper.make_node("Tanh", ["x"], ["t"]), helper.make_node("MatMul", ["x", "dummy"], ["unused"]),
         helper.make_node("Transpose", ["n"], ["nt"], perm=[1, 0]), helper.make_node("MatMul", ["t", "nt"], ["kappa"]),
         helper.make_node("Div", ["kappa", "N"], ["k"]), helper.make_node("MatMul", ["k", "mT"], ["rec"]),
         helper.make_node("MatMul", ["u", "Iv"], ["drive"]), helper.make_node("Add", ["rec", "drive"], ["s"]),
         helper.make_node("Sub", ["s", "x"], ["dx"])],
        [("x", [1, N]), ("u", [1, 1])], [("dx", [1, N]), ("unused", [1, 1])],
        [const("n", nvec, np.float32), const("N", float(N), np.float32), const("mT", mvec.T, np.float32),
         const("Iv", iv.T, np.float32), const("dummy", np.zeros((N, 1)), np.float32)], elem=FLOAT)
    mm, nn, ii = np.float64(mvec), np.float64(nvec), np.float64(iv)
    families.append(("low-rank-flow", m, lambda x, u: -x + mm @ (nn @ np.tanh(x)) / N + ii[:, 0] * u[0], [0.3], True))

    # Stacked GRU (2 layers, as torch.onnx.export writes nn.GRU(num_layers=2)): state [h1; h2].
    H, I = 24, 2
    layers = []
    for layer in range(2):
        inputs = I if layer == 0 else H
        s = 1 / np.sqrt(H)
        layers.append(tuple(f32(rng.uniform(-3 * s, 3 * s, shape)) for shape in [(1, 3 * H, inputs), (1, 3 * H, H), (1, 6 * H)]))
    nodes = [helper.make_node("Reshape", ["u", "xshape"], ["X0"]), helper.make_node("Split", ["h", "halves"], ["h1", "h2"], axis=0),
             helper.make_node("Reshape", ["h1", "hshape"], ["h1r"]), helper.make_node("Reshape", ["h2", "hshape"], ["h2r"]),
             helper.make_node("GRU", ["X0", "W0", "R0", "B0", "", "h1r"], ["Y0", "Yh0"], hidden_size=H, linear_before_reset=1),
             helper.make_node("Squeeze", ["Y0", "one"], ["X1"]),
             helper.make_node("GRU", ["X1", "W1", "R1", "B1", "", "h2r"], ["Y1", "Yh1"], hidden_size=H, linear_before_reset=1),
             helper.make_node("Concat", ["Yh0", "Yh1"], ["both"], axis=0), helper.make_node("Reshape", ["both", "flat"], ["next"])]
    inits = [ints("xshape", [1, 1, I]), ints("halves", [H, H]), ints("hshape", [1, 1, H]), ints("one", [1]), ints("flat", [2 * H])]
    for layer, (w, r, bias) in enumerate(layers):
        inits += [const(f"W{layer}", w, np.float32), const(f"R{layer}", r, np.float32), const(f"B{layer}", bias, np.float32)]
    m = model(nodes, [("h", [2 * H]), ("u", [I])], [("next", [2 * H])], inits, elem=FLOAT)
    L = [tuple(np.float64(a) for a in layer) for layer in layers]

    def gru(x, h, w, r, bias):
        Hh = h.size
        wz, wr_, wh = w[0][:Hh], w[0][Hh:2 * Hh], w[0][2 * Hh:]
        rz, rr, rh = r[0][:Hh], r[0][Hh:2 * Hh], r[0][2 * Hh:]
        b = bias[0]
        z = sigmoid(wz @ x + b[:Hh] + rz @ h + b[3 * Hh:4 * Hh])
        rt = sigmoid(wr_ @ x + b[Hh:2 * Hh] + rr @ h + b[4 * Hh:5 * Hh])
        c = np.tanh(wh @ x + b[2 * Hh:3 * Hh] + rt * (rh @ h + b[5 * Hh:]))
        return (1 - z) * c + z * h

    def stacked(h, u, H=H):
        h1 = gru(u, h[:H], *L[0])
        return np.concatenate([h1, gru(h1, h[H:], *L[1])])
    families.append(("stacked-gru", m, stacked, [1.0, -0.5], False))

    # Input layer, LSTM, output layer (a second output, ignored): state [h; c].
    H, I, E = 20, 2, 4
    s = 1 / np.sqrt(H)
    win, bin_ = f32(rng.normal(size=(E, I))), f32(rng.normal(size=E))
    w, r, bias = (f32(rng.uniform(-4 * s, 4 * s, shape)) for shape in [(1, 4 * H, E), (1, 4 * H, H), (1, 8 * H)])
    wout = f32(rng.normal(size=(1, H)))
    m = model(
        [helper.make_node("Gemm", ["u2", "Win", "bin"], ["e"], transB=1), helper.make_node("Relu", ["e"], ["er"]),
         helper.make_node("Unsqueeze", ["er", "zero"], ["X"]),
         helper.make_node("Split", ["state", "halves"], ["hflat", "cflat"], axis=1),
         helper.make_node("Unsqueeze", ["hflat", "zero"], ["h0"]), helper.make_node("Unsqueeze", ["cflat", "zero"], ["c0"]),
         helper.make_node("LSTM", ["X", "W", "R", "B", "", "h0", "c0"], ["Y", "Yh", "Yc"], hidden_size=H),
         helper.make_node("Squeeze", ["Yh", "zero"], ["h1"]), helper.make_node("Squeeze", ["Yc", "zero"], ["c1"]),
         helper.make_node("Concat", ["h1", "c1"], ["next"], axis=1), helper.make_node("Gemm", ["h1", "Wout"], ["readout"], transB=1)],
        [("state", ["batch", 2 * H]), ("u2", ["batch", I])], [("next", ["batch", 2 * H]), ("readout", ["batch", 1])],
        [const("Win", win, np.float32), const("bin", bin_, np.float32), const("W", w, np.float32), const("R", r, np.float32),
         const("B", bias, np.float32), const("Wout", wout, np.float32), ints("zero", [0]), ints("halves", [H, H])], elem=FLOAT)
    Win, Bin, W, R, B = (np.float64(a) for a in (win, bin_, w, r, bias))

    def lstm(state, u, H=H):
        h, c = state[:H], state[H:]
        x = np.maximum(Win @ u + Bin, 0)
        g = W[0] @ x + R[0] @ h + B[0][:4 * H] + B[0][4 * H:]
        i, o, f, cc = sigmoid(g[:H]), sigmoid(g[H:2 * H]), sigmoid(g[2 * H:3 * H]), np.tanh(g[3 * H:])
        c1 = f * c + i * cc
        return np.concatenate([o * np.tanh(c1), c1])
    families.append(("input-lstm-output", m, lstm, [0.7, -0.3], False))

    # A JAX/Keras-style GRU written in elementary operators (jax2onnx and tf2onnx unroll cells this
    # way): Keras's gate order z, r, h, reset after the product, no recurrent operator.
    H, I = 16, 1
    kernel = f32(rng.normal(scale=0.8, size=(I, 3 * H))); rec = f32(rng.normal(scale=3.5 / np.sqrt(H), size=(H, 3 * H)))
    bias = f32(rng.normal(scale=0.3, size=(2, 3 * H)))
    m = model(
        [helper.make_node("MatMul", ["u", "kernel"], ["xi"]), helper.make_node("Gather", ["bias", "zero"], ["b0"], axis=0),
         helper.make_node("Add", ["xi", "b0"], ["xb"]), helper.make_node("MatMul", ["h", "rec"], ["hi"]),
         helper.make_node("Gather", ["bias", "one"], ["b1"], axis=0), helper.make_node("Add", ["hi", "b1"], ["hb"]),
         helper.make_node("Split", ["xb", "thirds"], ["xz", "xr", "xh"], axis=1),
         helper.make_node("Split", ["hb", "thirds"], ["hz", "hr", "hh"], axis=1),
         helper.make_node("Add", ["xz", "hz"], ["zp"]), helper.make_node("Sigmoid", ["zp"], ["z"]),
         helper.make_node("Add", ["xr", "hr"], ["rp"]), helper.make_node("Sigmoid", ["rp"], ["r"]),
         helper.make_node("Mul", ["r", "hh"], ["rh"]), helper.make_node("Add", ["xh", "rh"], ["cp"]), helper.make_node("Tanh", ["cp"], ["c"]),
         helper.make_node("Sub", ["h", "c"], ["d"]), helper.make_node("Mul", ["z", "d"], ["zd"]), helper.make_node("Add", ["c", "zd"], ["next"])],
        [("h", [1, H]), ("u", [1, I])], [("next", [1, H])],
        [const("kernel", kernel, np.float32), const("rec", rec, np.float32), const("bias", bias, np.float32),
         numpy_helper.from_array(np.asarray(0, dtype=np.int64), "zero"), numpy_helper.from_array(np.asarray(1, dtype=np.int64), "one"),
         ints("thirds", [H, H, H])], elem=FLOAT)
    K, Rk, Bk = np.float64(kernel), np.float64(rec), np.float64(bias)

    def keras_gru(h, u, H=H):
        xb = u @ K + Bk[0]; hb = h @ Rk + Bk[1]
        z = sigmoid(xb[:H] + hb[:H]); rr = sigmoid(xb[H:2 * H] + hb[H:2 * H])
        c = np.tanh(xb[2 * H:] + rr * hb[2 * H:])
        return c + z * (h - c)
    families.append(("keras-style-gru", m, keras_gru, [0.4], False))
    return families


def jacobian(f, x, eps=1e-6):
    return np.stack([(f(x + eps * e) - f(x - eps * e)) / (2 * eps) for e in np.eye(x.size)], axis=1)


def fixed_points(residual, n, rng, starts=120):
    """Distinct roots of the residual by damped Newton from seeded starts (half of them after 40 steps
    of x + residual(x), which falls toward attractors), polished to 1e-13."""
    found = []
    for start in range(starts):
        x = rng.uniform(-1, 1, n)
        for _ in range(40 if start % 2 else 0):
            x = x + residual(x)
        for _ in range(200):
            g = residual(x)
            if not np.all(np.isfinite(g)):
                break
            if np.linalg.norm(g, np.inf) < 1e-13:
                break
            try:
                step = np.linalg.solve(jacobian(residual, x), -g)
            except np.linalg.LinAlgError:
                break
            t = 1.0
            while t > 1e-4 and np.linalg.norm(residual(x + t * step)) > (1 - 1e-4 * t) * np.linalg.norm(g):
                t /= 2
            x = x + t * step
        if np.all(np.isfinite(residual(x))) and np.linalg.norm(residual(x), np.inf) < 1e-11:
            if not any(np.linalg.norm(x - y, np.inf) < 1e-6 for y in found):
                found.append(x)
    return found


def write_families(folder, rng):
    os.makedirs(os.path.join(folder, "families"), exist_ok=True)
    expected = {}
    for name, m, step, u, flow in family_models(rng):
        onnx.checker.check_model(m, full_check=True)
        path = f"families/{name}.onnx"
        onnx.save(m, os.path.join(folder, path))
        evaluator = ReferenceEvaluator(m)
        state_info, input_info = m.graph.input[0], m.graph.input[1]
        shape = [d.dim_value or 1 for d in state_info.type.tensor_type.shape.dim]
        in_shape = [d.dim_value or 1 for d in input_info.type.tensor_type.shape.dim]
        n = int(np.prod(shape))
        uu = np.asarray(u, dtype=np.float64)
        for _ in range(3):  # the NumPy truth is the graph's semantics
            x = rng.normal(size=n)
            ref = evaluator.run(None, {state_info.name: x.astype(np.float32).reshape(shape),
                                       input_info.name: uu.astype(np.float32).reshape(in_shape)})[0].ravel()
            mine = step(np.float64(x.astype(np.float32)), np.float64(uu.astype(np.float32)))
            assert np.allclose(ref, mine, atol=2e-5, rtol=1e-4), (name, np.max(np.abs(ref - mine)))
        residual = (lambda x: step(x, uu)) if flow else (lambda x: step(x, uu) - x)
        points = fixed_points(residual, n, rng)
        entries = []
        for x in points:
            eig = np.linalg.eigvals(jacobian(lambda y: step(y, uu), x))
            stable = bool(np.all(eig.real < 0)) if flow else bool(np.all(np.abs(eig) < 1))
            entries.append({"state": x.tolist(), "stable": stable, "eigenvalues": sorted([[float(e.real), float(e.imag)] for e in eig],
                                                                                      key=lambda p: (-np.hypot(*p), -p[1]))})
        expected[path] = {"input": list(u), "flow": flow, "dimension": n, "fixedPoints": entries}
        print(f"{name}: n = {n}, {len(entries)} fixed point(s), stable {[e['stable'] for e in entries]}")
    with open(os.path.join(folder, "families.json"), "w") as f:
        json.dump(expected, f, indent=1)


# ----------------------------------------------------------------------------------------------------
# Malformed files.

def write_malformed(folder, rng):
    os.makedirs(os.path.join(folder, "malformed"), exist_ok=True)
    ok = model([helper.make_node("MatMul", ["x", "w"], ["y"])], [("x", [4])], [("y", [4])], [const("w", rng.normal(size=(4, 4)))])
    cases = {}

    def save(name, m, words):
        path = f"malformed/{name}.onnx"
        with open(os.path.join(folder, path), "wb") as f:
            f.write(m if isinstance(m, bytes) else m.SerializeToString())
        cases[path] = words

    full = ok.SerializeToString()
    save("truncated", full[: len(full) // 2], ["not an ONNX model", "truncated"])
    save("empty", b"", ["empty"])
    save("text", b"this is not a protobuf \x00\xff\xfe at all" * 5, ["not an ONNX model"])
    save("wrong-shapes", model([helper.make_node("MatMul", ["x", "w"], ["y"])], [("x", [4])], [("y", [4])], [const("w", np.ones((3, 4)))]),
         ["MatMul", "cannot be multiplied"])
    save("cycle", model([helper.make_node("Add", ["x", "b"], ["a"]), helper.make_node("Tanh", ["a"], ["b"]), helper.make_node("Identity", ["b"], ["y"])],
                        [("x", [4])], [("y", [4])]), ["cycle"])
    save("missing-initializer", model([helper.make_node("MatMul", ["x", "w"], ["y"])], [("x", [4])], [("y", [4])]), ["'w'", "no node, input or initializer"])
    bad_type = const("w", np.ones((4, 4)))
    bad_type.data_type = TensorProto.BFLOAT16
    save("unknown-data-type", model([helper.make_node("MatMul", ["x", "w"], ["y"])], [("x", [4])], [("y", [4])], [bad_type]), ["'w'", "bfloat16", "not supported"])
    string_tensor = helper.make_tensor("w", TensorProto.STRING, [1], [b"a"])
    save("string-tensor", model([helper.make_node("Add", ["x", "w"], ["y"])], [("x", [4])], [("y", [4])], [string_tensor]), ["string"])
    outside = const("w", np.ones((4, 4)))
    outside.ClearField("raw_data")
    outside.data_location = TensorProto.EXTERNAL
    for key, value in [("location", "../outside.bin"), ("offset", "0"), ("length", "128")]:
        entry = outside.external_data.add(); entry.key, entry.value = key, value
    save("external-outside", model([helper.make_node("MatMul", ["x", "w"], ["y"])], [("x", [4])], [("y", [4])], [outside]), ["outside the model's folder"])
    missing = const("w", np.ones((4, 4)))
    missing.ClearField("raw_data")
    missing.data_location = TensorProto.EXTERNAL
    for key, value in [("location", "no-such-weights.bin"), ("length", "128")]:
        entry = missing.external_data.add(); entry.key, entry.value = key, value
    save("external-missing", model([helper.make_node("MatMul", ["x", "w"], ["y"])], [("x", [4])], [("y", [4])], [missing]), ["cannot open external data"])
    save("old-opset", model([helper.make_node("Tanh", ["x"], ["y"])], [("x", [4])], [("y", [4])], opset=11), ["opset 11", "13 or later"])
    save("unsupported-operator", model([helper.make_node("Erf", ["x"], ["y"], name="the_erf")], [("x", [4])], [("y", [4])]),
         ["operator Erf", "the_erf", "not supported"])
    save("three-inputs", model([helper.make_node("Sum", ["x", "a", "b"], ["y"])], [("x", [4]), ("a", [4]), ("b", [4])], [("y", [4])]),
         ["3 inputs"])
    save("output-size", model([helper.make_node("Concat", ["x", "x"], ["y"], axis=0)], [("x", [4])], [("y", [8])]), ["'y'", "has 4"])
    nan = const("w", np.full((4, 4), np.nan))
    save("nan-weights", model([helper.make_node("MatMul", ["x", "w"], ["y"])], [("x", [4])], [("y", [4])], [nan]), ["'w'", "NaN"])
    save("sequence-of-two", recurrent_two_steps(rng), ["2 steps", "one"])
    save("non-constant-shape", model([helper.make_node("Reshape", ["x", "x"], ["y"])], [("x", [4])], [("y", [4])]),
         ["Reshape", "shape", "depends on the state"])
    with open(os.path.join(folder, "malformed.json"), "w") as f:
        json.dump(cases, f, indent=1)
    # A well-formed model whose weights live in an external file next to it.
    external = model([helper.make_node("MatMul", ["w", "x"], ["y"])], [("x", [4])], [("y", [4])], [const("w", rng.normal(size=(4, 4)))])
    onnx.save(external, os.path.join(folder, "external", "model.onnx") if os.path.isdir(os.path.join(folder, "external")) else _mkdir(folder, "external", "model.onnx"),
              save_as_external_data=True, all_tensors_to_one_file=True, location="weights.bin", size_threshold=0)
    w = numpy_helper.to_array(onnx.load(os.path.join(folder, "external", "model.onnx")).graph.initializer[0]) if False else None
    loaded = onnx.load(os.path.join(folder, "external", "model.onnx"))
    x = rng.normal(size=4)
    (y,) = ReferenceEvaluator(loaded).run(["y"], {"x": x})
    with open(os.path.join(folder, "external", "expected.json"), "w") as f:
        json.dump({"state": x.tolist(), "output": y.tolist()}, f)


def _mkdir(folder, sub, name):
    os.makedirs(os.path.join(folder, sub), exist_ok=True)
    return os.path.join(folder, sub, name)


def recurrent_two_steps(rng):
    H, I = 3, 2
    return model(
        [helper.make_node("Reshape", ["x", "hshape"], ["h0"]), helper.make_node("Reshape", ["u", "xshape"], ["X"]),
         helper.make_node("RNN", ["X", "W", "R", "", "", "h0"], ["Y", "Yh"], hidden_size=H),
         helper.make_node("Reshape", ["Yh", "flat"], ["y"])],
        [("x", [H]), ("u", [2 * I])], [("y", [H])],
        [const("W", rng.normal(size=(1, H, I))), const("R", rng.normal(size=(1, H, H))), ints("hshape", [1, 1, H]),
         ints("xshape", [2, 1, I]), ints("flat", [H])])


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "Tests/DynamicsONNXTests/Fixtures"
    rng = np.random.default_rng(20261205)
    write_operators(folder, rng)
    write_families(folder, rng)
    write_malformed(folder, rng)
    print(f"fixtures written to {folder}")


if __name__ == "__main__":
    main()
