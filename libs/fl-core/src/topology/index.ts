/**
 * @module topology
 * Sizing TF.js Layers topologies without TF.js (see topology-size).
 */
export { TopologyError, type TopologyErrorCode } from './topology-error';
export { topologySize, checkTopologySize, MAX_TOPOLOGY_LAYERS, type TopologySize } from './topology-size';
export { SUPPORTED_LAYERS } from './layer-rules';
