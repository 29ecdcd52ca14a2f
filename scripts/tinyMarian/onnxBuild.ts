/**
 * Just enough of an ONNX graph builder to write the tiny Marian model: nodes, constant tensors and typed
 * graph inputs/outputs, serialised with the ONNX protobuf schema that `onnx-proto` carries.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type NodeProto = onnxProto.onnx.INodeProto;
type GraphProto = onnxProto.onnx.IGraphProto;
type TensorProto = onnxProto.onnx.ITensorProto;
type ValueInfoProto = onnxProto.onnx.IValueInfoProto;
type AttributeProto = onnxProto.onnx.IAttributeProto;

export const DType = { float: onnx.TensorProto.DataType.FLOAT, int64: onnx.TensorProto.DataType.INT64, bool: onnx.TensorProto.DataType.BOOL };
export type DTypeName = keyof typeof DType;

/** Dimensions are numbers or symbolic names such as "batch". */
export type Dim = number | string;

export function valueInfo(name: string, type: DTypeName, dims?: Dim[]): ValueInfoProto {
  const shape = dims && { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) };
  return { name, type: { tensorType: { elemType: DType[type], ...(shape ? { shape } : {}) } } };
}

export function floatTensor(name: string, dims: number[], values: Float32Array): TensorProto {
  return { name, dims, dataType: DType.float, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

export function int64Tensor(name: string, dims: number[], values: number[]): TensorProto {
  const data = BigInt64Array.from(values.map((v) => BigInt(v)));
  return { name, dims, dataType: DType.int64, rawData: new Uint8Array(data.buffer) };
}

type AttrValue = number | number[] | GraphProto;

function attribute(name: string, value: AttrValue): AttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') return { name, type: T.INT, i: value };
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  return { name, type: T.GRAPH, g: value };
}

export function node(op: string, inputs: string[], outputs: string[], attrs: Record<string, AttrValue> = {}): NodeProto {
  return {
    opType: op,
    name: `${op}_${outputs[0]}`,
    input: inputs,
    output: outputs,
    attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
  };
}

export function graph(
  name: string,
  parts: { nodes: NodeProto[]; inputs?: ValueInfoProto[]; outputs: ValueInfoProto[]; initializers?: TensorProto[] },
): GraphProto {
  return { name, node: parts.nodes, input: parts.inputs ?? [], output: parts.outputs, initializer: parts.initializers ?? [] };
}

/** IR 7 / opset 14: what the onnxruntime bundled with transformers.js 2.17 loads. */
export function encodeModel(g: GraphProto): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'raqib make-tiny-marian',
    opsetImport: [{ domain: '', version: 14 }],
    graph: g,
  });
  return onnx.ModelProto.encode(model).finish();
}
