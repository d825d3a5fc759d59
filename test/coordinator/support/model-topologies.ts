/**
 * @module test/coordinator/support/model-topologies
 * Topologies the coordinator must refuse before building them, with the code
 * and a part of the message each gets.
 */
export function modelRefusalCases(): Array<[string, string, string, object]> {
  const seq = (layers: object[]) => ({ class_name: 'Sequential', config: { name: 's', layers } });
  return [
    ['an unknown layer class', 'UNSUPPORTED_LAYER', 'class "MyCustomLayer" is not one the coordinator can size', seq([{ class_name: 'MyCustomLayer', config: { name: 'm', batch_input_shape: [null, 4] } }])],
    ['a first layer without an input shape', 'BAD_TOPOLOGY', 'batch_input_shape', seq([{ class_name: 'Dense', config: { name: 'd', units: 3 } }])],
    ['a conv stack over the limit', 'MODEL_TOO_LARGE', 'above the 256 MiB limit', seq([{ class_name: 'Conv2D', config: { name: 'c', filters: 4096, kernel_size: [5, 5], batch_input_shape: [null, 64, 64, 1024] } }])],
    ['an absurd layer width', 'MODEL_TOO_LARGE', 'parameters', seq([{ class_name: 'Dense', config: { name: 'd', units: 1e15, batch_input_shape: [null, 1e15] } }])],
  ];
}
