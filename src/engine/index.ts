export { EventQueue } from './event-queue.js';
export { Simulation, type EventHandler } from './simulation.js';
export { RandomStreams, type Rng } from './random.js';
export { makeSampler, lognormalFromMedianP99, type Distribution, type Sampler } from './distributions.js';
