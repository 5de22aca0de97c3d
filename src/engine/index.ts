export { EventQueue } from './event-queue.js';
export { Simulation, NO_TIMER, type EventHandler, type EventObserver, type TimerHandle } from './simulation.js';
export { RandomStreams, type Rng } from './random.js';
export { makeSampler, lognormalFromMedianP99, type Distribution, type Sampler } from './distributions.js';
export { Stations, STARTED, QUEUED, REJECTED, IDLE, WAITING, IN_SERVICE, type Admission, type ItemState, type ResetHandler } from './stations.js';
