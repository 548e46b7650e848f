/** The built-in protocols: importing this module registers each of them. */
import './audit.js';

export { ConfigError, loadProtocol, protocolNamed, registerProtocol, UnknownProtocolError } from './registry.js';
export type { Protocol, ProtocolInstance, ProtocolRef } from './registry.js';
