/**
 * Saving and loading: weights as <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * ({@link dev.brisk.engine.io.SafeTensors}) and configurations as JSON ({@link dev.brisk.engine.io.Json}).
 * This package depends only on {@code dev.brisk.engine.tensor} and the JDK; nothing in it uses Java
 * serialization, so loading a file can never run code.
 *
 * <h2>Reading Brisk weights from Python</h2>
 * A safetensors file is an 8-byte little-endian header length, a JSON header, then raw little-endian
 * float32. NumPy alone reads it, no {@code safetensors} package needed:
 * <pre>{@code
 * import json, struct
 * import numpy as np
 *
 * def load_brisk(path):
 *     with open(path, "rb") as f:
 *         data = f.read()
 *     (n,) = struct.unpack("<Q", data[:8])               # header length
 *     header = json.loads(data[8:8 + n])                 # trailing spaces are valid JSON
 *     metadata = header.pop("__metadata__", {})
 *     tensors = {}
 *     for name, info in header.items():
 *         begin, end = info["data_offsets"]              # relative to the end of the header
 *         tensors[name] = np.frombuffer(data, dtype="<f4", count=(end - begin) // 4,
 *                                       offset=8 + n + begin).reshape(info["shape"])
 *     return tensors, metadata
 *
 * weights, metadata = load_brisk("model.safetensors")
 * }</pre>
 *
 * <h2>Moving them to PyTorch</h2>
 * {@code np.frombuffer} returns read-only views of the file's bytes, so copy them into tensors:
 * <pre>{@code
 * import torch
 * state = {name: torch.from_numpy(w.copy()) for name, w in weights.items()}
 *
 * # or, if the safetensors package is installed:
 * from safetensors.torch import load_file
 * state = load_file("model.safetensors")
 * }</pre>
 * Then {@code module.load_state_dict(state)} once the names match the module's. One layout
 * difference to watch: a weight used as {@code x.matmul(w)} has shape {@code [in, out]}, whereas
 * {@code torch.nn.Linear} stores {@code [out, in]}, so such a weight goes in as {@code w.T.contiguous()}.
 * Files written by PyTorch with float32 tensors ({@code safetensors.torch.save_file}) load here
 * with {@link dev.brisk.engine.io.SafeTensors#read}; other dtypes are refused with a message naming them.
 */
package dev.brisk.engine.io;
